#!/usr/bin/env python3
"""The man pages in doc/ against what the programs really take, so they
cannot drift: every option each program's --help lists (the settings table
prints it) is documented in its page with its default and choices, and is a
key in hangviet.conf(5) under its program; no page documents an option the
program does not have; every hangviet command and its options are in
hangviet(1); every function of hangviet.h is in libhangviet(3); and each
page renders without a groff warning."""
import os
import re
import shutil
import subprocess

from hvtest import DISTRICT, HANGVIET, HANGVIETD, SRCDIR, done, ok, skip

BRIDGE = os.environ.get("HANGVIET_BRIDGE",
                        os.path.join(os.path.dirname(os.path.dirname(HANGVIET)),
                                     "plugin/hangviet-bridge"))
CONNECT = os.environ.get("HANGVIET_CONNECT",
                         os.path.join(os.path.dirname(BRIDGE), "hangviet-connect"))
DOC = os.path.join(SRCDIR, "doc")
ENV = dict(os.environ, LANG="C", LANGUAGE="", LC_ALL="C")


def page(name):
    with open(os.path.join(DOC, name), encoding="utf-8") as f:
        return f.read()


def plain(roff):
    """Roff text as a reader sees it, near enough to search: no font
    escapes, no macro names, no quotes around macro arguments."""
    t = re.sub(r"\\f[BIRP]", "", roff).replace("\\-", "-").replace("\\e", "\\")
    t = re.sub(r"^\.(?:B|I|BR|BI|IR|RB|IB|RI|TP|TQ|PP|SS|SH)\b ?", "", t, flags=re.M)
    return t.replace('"', "")


def help_options(program):
    """[(name, ARG or None, default or None)] of PROGRAM's --help, the
    settings table as the program prints it."""
    return help_options_of([program])


def help_options_of(argv):
    """help_options for the command ARGV (a program, or hangviet COMMAND)."""
    out = subprocess.run(argv + ["--help"], capture_output=True, text=True, env=ENV).stdout
    opts = []
    for line in out.splitlines():
        m = re.match(r"  --([a-z-]+)(?: (\S+))?\s+(.*)", line)
        if m:
            d = re.search(r"\(default: ([^)]*)\)", m.group(3))
            opts.append((m.group(1), m.group(2), d.group(1) if d else None))
    return opts


def tp_blocks(roff):
    """The .TP entries of ROFF: (tag line, whole entry)."""
    parts = re.split(r"^\.TP\n", roff, flags=re.M)[1:]
    return [(p.split("\n", 1)[0], p) for p in parts]


def section(roff, title):
    """ROFF from the .SH/.SS headed TITLE to the next header of that kind."""
    m = re.search(r'^\.(S[HS]) "?' + re.escape(title) + r'"?\s*$', roff, flags=re.M)
    if not m:
        return ""
    rest = roff[m.end():]
    end = re.search(r"^\." + m.group(1) + r" ", rest, flags=re.M)
    return rest[:end.start()] if end else rest


def check_program(program, manpage, conf_section, at_least=10):
    name = os.path.basename(program)
    opts = help_options(program)
    ok(len(opts) > at_least, f"{name}: --help lists its options", str(opts))
    man = page(manpage)
    blocks = tp_blocks(section(man, "OPTIONS"))
    conf = section(page("hangviet.conf.5"), conf_section)
    conf_blocks = {}
    for t, b in tp_blocks(conf):  # the program's keys come before [upstream NAME]'s
        conf_blocks.setdefault(re.sub(r"\\f[BIR]|\\", "", t).split(" = ")[0], b)
    missing, wrong_default, not_in_conf = [], [], []
    for opt, arg, default in opts:
        entry = [b for t, b in blocks if re.search(r"\\-\\-" + re.escape(opt.replace("-", "\\-"))
                                                     + r"(?![a-z\\])", t)]
        if not entry:
            missing.append(opt)
            continue
        text = plain(entry[0])
        wanted = [] if default is None or " " in default or default == "no" else [default]
        if arg and "|" in arg:
            wanted += arg.split("|")
        if any(w not in text for w in wanted):
            wrong_default.append(f"{opt}: {wanted}")
        if opt not in ("help", "version", "config"):
            c = conf_blocks.get(opt)
            if c is None or any(w not in plain(c) for w in wanted):
                not_in_conf.append(opt)
    ok(not missing, f"{manpage}: every option of {name} --help is documented", str(missing))
    ok(not wrong_default, f"{manpage}: with its default and choices", str(wrong_default))
    ok(not not_in_conf, f"hangviet.conf.5: every key of {name} in [{conf_section}]",
       str(not_in_conf))
    known = {o for o, _, _ in opts}
    documented = set()
    for tag, _ in blocks:
        documented |= set(re.findall(r"\\-\\-([a-z\\-]+[a-z])", tag))
    stale = sorted(o.replace("\\-", "-") for o in documented
                   if o.replace("\\-", "-") not in known)
    ok(not stale, f"{manpage}: documents no option {name} does not have", str(stale))


check_program(HANGVIETD, "hangvietd.8", "STORE DAEMON: [hangvietd]")
check_program(DISTRICT, "hangviet-district.8", "DISTRICT NODE: [hangviet\\-district]")
check_program(BRIDGE, "hangviet-bridge.1", "BRIDGE: [hangviet\\-bridge]")
check_program(CONNECT, "hangviet-connect.1", "CONNECTOR: [hangviet\\-connect]", at_least=5)

# hangviet-connect(1): every key a [connect NAME] section takes (the key
# table of plugin/account_conf.c, and branch.ID) in ACCOUNTS, none more.
with open(os.path.join(SRCDIR, "plugin/account_conf.c")) as f:
    keys = set(re.findall(r'^    \{"([a-z_]+)", K_', f.read(), flags=re.M)) | {"branch"}
accounts = section(page("hangviet-connect.1"), "ACCOUNTS")
documented = {re.sub(r"\\f[BIR]|\\", "", t).split(" = ")[0].split(".")[0]
              for t, _ in tp_blocks(accounts)}
documented |= set(re.findall(r"^\.TQ\n\\fB([a-z_]+)\\fR", accounts, flags=re.M))
ok(len(keys) > 20 and keys <= documented,
   "hangviet-connect.1: every key of [connect NAME] is in ACCOUNTS", str(sorted(keys - documented)))
ok(documented <= keys, "hangviet-connect.1: ACCOUNTS documents no key the connector does not take",
   str(sorted(documented - keys)))

# hangviet(1): every command, and every option of its settings table (its
# --help), in the command's section or, for the options every command that
# connects shares, in DESCRIPTION; with the default where there is one.
out = subprocess.run([HANGVIET, "--help"], capture_output=True, text=True, env=ENV).stdout
commands = re.findall(r"^  ([a-z]+)  ", out, flags=re.M)
ok(len(commands) >= 7 and "status" in commands, "hangviet --help lists its commands",
   str(commands))
man1_roff = page("hangviet.1")
shared = plain(section(man1_roff, "DESCRIPTION"))
TRIVIAL = {"", "no", "text", "none", "0"}
for cmd in commands:
    opts = help_options_of([HANGVIET, cmd])
    parts = [plain(m.group(0)) for m in
             re.finditer(r"^\.SS \"?" + cmd + r"\b.*?(?=^\.S[SH] )", man1_roff, flags=re.M | re.S)]
    text = "\n".join(parts)
    missing = [o for o, _, _ in opts if o not in ("help", "version") and
               "--" + o not in text and "--" + o not in shared]
    no_default = [f"{o}={d}" for o, _, d in opts if d is not None and d not in TRIVIAL and
                  " " not in d and d not in text and d not in shared]
    ok(parts and not missing and not no_default,
       f"hangviet.1: the {cmd} command, its options and their defaults",
       f"section found: {bool(parts)}, missing: {missing}, defaults not said: {no_default}")
aliases = re.findall(r"also --([a-z-]+), its old name",
                     subprocess.run([HANGVIET, "watch", "--help"], capture_output=True, text=True,
                                    env=ENV).stdout)
ok(sorted(aliases) == ["key", "server-key"] and all("--" + a in shared for a in aliases),
   "hangviet.1: the old option names still taken are said", str(aliases))

# libhangviet(3): every function the header declares.
with open(os.path.join(SRCDIR, "plugin/hangviet.h")) as f:
    header = f.read()
functions = sorted(set(re.findall(r"\b(hangviet_[a-z_]+)\(", header)))
man3 = page("libhangviet.3")
name_section = section(man3, "NAME").replace("\\", "")
missing = [f for f in functions if f not in name_section or f + "(" not in man3.replace("\\", "")]
ok(len(functions) >= 10 and not missing,
   "libhangviet.3: every function of hangviet.h, in NAME and SYNOPSIS", str(missing))

# hangviet.conf(5) lists every province id of data/provinces.tsv: each
# current unit with its name and the former ids read as it.
with open(os.path.join(SRCDIR, "data/provinces.tsv"), encoding="utf-8") as f:
    units = [ln.rstrip("\n").split("\t") for ln in f if not ln.startswith("#")]
listing = section(page("hangviet.conf.5"), "\"PROVINCE IDS\"").replace("\\-", "-")
rows = {ln.split("\t")[0]: ln.split("\t") for ln in listing.splitlines() if "\t" in ln}
wrong = [u[0] for u in units if u[0] == u[3] and (
    u[0] not in rows or rows[u[0]][1] != u[1] or
    sorted(x for x in rows[u[0]][2].split(", ") if x) !=
    sorted(v[0] for v in units if v[3] == u[0] and v[0] != u[0]))]
ok(len(rows) == 34 and not wrong,
   "hangviet.conf.5: PROVINCE IDS lists the 34 units, their names and former ids", str(wrong))

# Each page renders cleanly.
pages = sorted(p for p in os.listdir(DOC) if re.search(r"\.[1-8]$", p))
ok(len(pages) == 7, "seven pages in doc/", str(pages))
if shutil.which("groff"):
    for p in pages:
        r = subprocess.run(["groff", "-k", "-t", "-man", "-ww", "-z", "-Tutf8", os.path.join(DOC, p)],
                           capture_output=True, text=True)
        ok(r.returncode == 0 and r.stderr == "", f"{p} renders without warnings", r.stderr)
else:
    skip("the pages render without warnings", "groff is not installed (packaging/deps.sh)")
done()
