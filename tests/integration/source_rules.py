#!/usr/bin/env python3
"""The rules the tree keeps, checked on its files so they cannot drift:
no function in src/ or plugin/ is longer than 60 lines; no module includes
a header from the folder of a program above it (src/core sees only core;
src/node sees core; store, office and cli see core, and store and office
node, never each other); no source sends readers outside the repository
(../shared); and the README's layout names every module of src/ and
plugin/."""
import os
import re

from hvtest import SRCDIR, done, eq, ok

MAX_LINES = 60
FOLDERS = ["src/core", "src/node", "src/store", "src/office", "src/cli", "plugin"]
# Which folders' headers each folder may include.
MAY_SEE = {
    "src/core": {"src/core"},
    "src/node": {"src/core", "src/node"},
    "src/store": {"src/core", "src/node", "src/store"},
    "src/office": {"src/core", "src/node", "src/office"},
    "src/cli": {"src/core", "src/cli"},
    "plugin": {"src/core", "plugin"},
}


BUILDDIR = os.environ.get("HV_BUILDDIR", SRCDIR)
GENERATED = {"prefix_table.c", "province_table.c"}  # made from data/*.tsv by the build


def sources(folder, ends=(".c", ".h")):
    d = os.path.join(SRCDIR, folder)
    return sorted(f for f in os.listdir(d) if f.endswith(ends) and f not in GENERATED)


def functions(text):
    """(name, first line, length in lines) of each function defined at top
    level: the tree's style puts the type on one line, NAME( at the start
    of the next, and the body's braces in column 0."""
    lines = text.split("\n")
    found = []
    for i, line in enumerate(lines):
        m = re.match(r"^([a-z_][a-z0-9_]*)\(", line)
        if not m or i == 0 or not re.match(r"^[a-z]", lines[i - 1]):
            continue
        j = i
        while j < len(lines) and lines[j] != "{":
            if lines[j].endswith(";"):
                break
            j += 1
        if j == len(lines) or lines[j] != "{":
            continue
        k = j
        while k < len(lines) and lines[k] != "}":
            k += 1
        found.append((m.group(1), i + 1, k - (i - 1) + 1))
    return found


# Function length.
too_long, counted = [], 0
for folder in FOLDERS:
    for f in sources(folder, (".c",)):
        with open(os.path.join(SRCDIR, folder, f), encoding="utf-8") as fh:
            for name, line, n in functions(fh.read()):
                counted += 1
                if n > MAX_LINES:
                    too_long.append(f"{folder}/{f}:{line} {name} ({n} lines)")
ok(counted > 500, "the function finder finds the tree's functions", str(counted))
eq(too_long, [], f"no function in src/ or plugin/ is longer than {MAX_LINES} lines")

# Which folder a header is in.
where = {}
for folder in FOLDERS:
    for f in sources(folder, (".h",)):
        where.setdefault(f, folder)
where["hangviet.h"] = "plugin"
wrong = []
for folder in FOLDERS:
    for f in sources(folder):
        with open(os.path.join(SRCDIR, folder, f), encoding="utf-8") as fh:
            for inc in re.findall(r'^#include "([^"]+)"', fh.read(), flags=re.M):
                home = where.get(inc)
                if home is not None and home not in MAY_SEE[folder]:
                    wrong.append(f"{folder}/{f} includes {home}/{inc}")
eq(wrong, [], "no module includes a header from a folder it may not see")

# The contract is in the repository.
outside = []
for folder in FOLDERS:
    for f in sources(folder):
        with open(os.path.join(SRCDIR, folder, f), encoding="utf-8") as fh:
            text = fh.read()
            if "../shared" in text or "DESIGN.md" in text:
                outside.append(f"{folder}/{f}")
with open(os.path.join(SRCDIR, "README.md"), encoding="utf-8") as fh:
    readme = fh.read()
if "../shared" in readme:
    outside.append("README.md")
eq(outside, [], "no source and not the README sends readers to ../shared")

# Every section of doc/protocol.md a comment cites is there.
with open(os.path.join(SRCDIR, "doc/protocol.md"), encoding="utf-8") as fh:
    headings = {re.sub(r" — .*", "", h).strip() for h in re.findall(r"^#+ (.*)$", fh.read(), flags=re.M)}
cited, unknown = 0, []
for folder in FOLDERS:
    for f in sources(folder):
        with open(os.path.join(SRCDIR, folder, f), encoding="utf-8") as fh:
            text = re.sub(r"\n\s*\*\s*", " ", fh.read())  # comments folded onto one line
        for group in re.findall(r'protocol\.md((?: "[^"]+",?)+)', text):
            for name in re.findall(r'"([^"]+)"', group):
                cited += 1
                if name not in headings:
                    unknown.append(f"{folder}/{f}: {name}")
ok(cited >= 10, "sources cite doc/protocol.md", str(cited))
eq(unknown, [], "every section of doc/protocol.md the sources cite exists")

# Every path of the tree the README and doc/ name is there.
stale = []
for doc in ["README.md"] + ["doc/" + f for f in os.listdir(os.path.join(SRCDIR, "doc"))
                            if f.endswith((".md", ".1", ".3", ".5", ".8"))]:
    with open(os.path.join(SRCDIR, doc), encoding="utf-8") as fh:
        text = fh.read().replace("\\-", "-")
    for path in set(re.findall(r"(?<![/\w.])((?:src|plugin|tests|packaging|data|doc)/[A-Za-z0-9_./-]*[A-Za-z0-9_])",
                               text)):
        built = os.path.exists(os.path.join(BUILDDIR, path))  # programs, tests/logs
        if "*" not in path and not os.path.exists(os.path.join(SRCDIR, path)) and not built \
                and path != "tests/fuzz/findings":  # made by make fuzz-run
            stale.append(f"{doc}: {path}")
eq(sorted(stale), [], "every path the README and doc/ name exists")

# The README's layout names every module.
layout = readme[readme.find("## Layout"):]
layout = layout[:layout.find("\n## ", 4)]
unnamed = []
for folder in FOLDERS:
    if re.search(r"^ *" + re.escape(os.path.basename(folder)) + "/ ", layout, flags=re.M) is None:
        unnamed.append(folder + "/")
    for f in sources(folder, (".c",)):
        if os.path.splitext(f)[0] not in layout:
            unnamed.append(f"{folder}/{f}")
eq(unnamed, [], "the README's layout names every folder and module")
done()
