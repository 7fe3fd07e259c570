#!/usr/bin/env python3
"""hangviet catalog import-off: an Open Food Facts dump in the export's
shape, with the fields that mislead (countries_tags: where it is sold;
origins: where the ingredients come from), places naming several
countries or none, codes that are no trade GTIN, unreadable lines and a
code given twice, gzip-compressed and not. What it imports, and with what
origin, is checked row by row against what this test wrote and expects;
the store's own claims win over Open Food Facts; a later dump replaces
the off claims only."""
import csv
import io
import os
import subprocess

from hvtest import HANGVIET, done, eq, ok, tmpdir
from off_dump import gtin, product, write

ENV = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
ENV.pop("LANGUAGE", None)


def run(*args, stdin=None):
    return subprocess.run([HANGVIET, *args], capture_output=True, text=True, env=ENV,
                          input=stdin, timeout=60)


# code -> (made_in, confidence, evidence) each imported product must have;
# every other product of the dump must be left out.
WANT = {}
lines = []


def want(code, made_in, conf, evidence, **p):
    WANT[code] = (made_in, conf, evidence)
    lines.append(product(code, **p))


def leave_out(code, **p):
    lines.append(product(code, **p))


tea, kimchi, rice, coffee, wine = (gtin(b) for b in (
    "893600000101", "880100000102", "885100000103", "893600000104", "300000000105"))
want(tea, "VN", 70, "manufacturing_places_tags: en:vietnam", name="Trà xanh", brands="Cozy, Other",
     categories=["en:beverages", "en:teas"], sold_in=["en:vietnam"], places="Vietnam",
     place_tags=["en:vietnam"])
# Made in Korea, sold in Vietnam, its cabbage from China: Korea, never Vietnam or China.
want(kimchi, "KR", 60, "manufacturing_places_tags: seoul,en:south-korea", name="Kimchi",
     sold_in=["en:vietnam", "en:france"], origins="China", places="Seoul, South Korea",
     place_tags=["seoul", "en:south-korea"])
# No tags: the free text, in French.
want(rice, "TH", 50, "manufacturing_places: Thaïlande", name="Riz jasmin", places="Thaïlande")
want(coffee, "VN", 40, "manufacturing_places: Buôn Ma Thuột, Việt Nam", name="Cà phê",
     places="Buôn Ma Thuột, Việt Nam")
# The tags name France; origins says Vietnam: France.
want(wine, "FR", 70, "manufacturing_places_tags: en:france", name="Vin", origins="Vietnam",
     place_tags=["en:france"])

# Sold in Vietnam, made nobody knows where: left out.
leave_out(gtin("893600000201"), name="Sold here", sold_in=["en:vietnam"], places="",
          place_tags=[])
leave_out(gtin("893600000202"), name="Ingredients from Vietnam", origins="Vietnam")
# (a line that names no place of manufacture is not read further: it counts
# as without a place, whatever else is wrong with it.)
# Several countries, or places that are no country.
leave_out(gtin("893600000203"), places="China, Vietnam", place_tags=["en:china", "en:vietnam"])
leave_out(gtin("893600000204"), places="Hà Nội", place_tags=["hanoi"])
leave_out(gtin("893600000205"), places="EU")
# Codes that are no trade GTIN: a wrong check digit, too short, letters,
# a store's own number (prefix 20-29), none at all.
leave_out("8936000002063", place_tags=["en:vietnam"])
leave_out("12345", place_tags=["en:vietnam"])
leave_out("89360000A2075", place_tags=["en:vietnam"])
leave_out(gtin("201234500208"), place_tags=["en:vietnam"])
no_code = product("x", place_tags=["en:vietnam"])
del no_code["code"]
lines.append(no_code)
# The tea again, said otherwise: the first line kept.
lines.append(product(tea, name="Tea again", place_tags=["en:china"]))
BAD = ['{"code": "8936000003014", "manufacturing_places_tags": ["en:vietnam"',  # cut short
       '["not an object", {"manufacturing_places": "Vietnam"}]',
       '{"code": "8936000003021", "manufacturing_places": "Vietnam"} trailing']

d = tmpdir()
state = os.path.join(d, "state")
for name in ("dump.jsonl", "dump.jsonl.gz"):
    path = os.path.join(d, name)
    write(path, lines, BAD)
    st = os.path.join(d, "st-" + name)
    r = run("catalog", "import-off", "--state", st, path)
    eq(r.returncode, 0, f"{name}: imports, whatever the bad lines")
    ok(f"{len(lines) + len(BAD)} lines: {len(WANT)} products imported" in r.stdout,
       f"{name}: says how many lines and products", r.stdout)
    ok("3 unreadable" in r.stdout and "1 repeated" in r.stdout and "5 without a valid GTIN" and "2 without a place" in r.stdout in r.stdout
       and "3 whose places name no country or several" in r.stdout,
       f"{name}: says what it left out, and why", r.stdout)
    ok(f"{path}:{len(lines) + 1}: the first unreadable line" in r.stderr,
       f"{name}: names the first unreadable line", r.stderr)
    r = run("catalog", "export", "--state", st)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    eq({row["gtin"]: (row["made_in"], int(row["confidence"])) for row in rows},
       {c: (m, conf) for c, (m, conf, _e) in WANT.items()},
       f"{name}: exactly the products with one country of manufacture, and that country")
    eq({row["source"] for row in rows}, {"off"}, f"{name}: every claim's source is off")
tea_row = [row for row in rows if row["gtin"] == tea][0]
eq((tea_row["name"], tea_row["brand"], tea_row["category"]), ("Trà xanh", "Cozy", "beverages"),
   "name, the first brand and the first category")
for code, (_m, _c, evidence) in WANT.items():
    r = run("catalog", "show", "--state", st, code)
    ok(evidence in r.stdout, f"show {code}: the field it was read from", r.stdout)

# The store's ERP says the kimchi is made in Vietnam (a local licensee):
# its claim wins; a later dump without the wine drops only off's claim.
st = os.path.join(d, "st-dump.jsonl.gz")
r = run("catalog", "import", "--merge", "--state", st, "-",
        stdin=f"gtin,name,made_in\n{kimchi},Kim chi Việt,VN\n{wine},Vang,FR\n")
eq(r.returncode, 0, "the store's own claims import beside off's")
later = os.path.join(d, "later.jsonl")
write(later, [l for l in lines if isinstance(l, dict) and l.get("code") != wine])
r = run("catalog", "import-off", "--state", st, later)
eq(r.returncode, 0, "a later dump imports")
rows = {row["gtin"]: row for row in csv.DictReader(io.StringIO(
    run("catalog", "export", "--state", st).stdout))}
eq((rows[kimchi]["made_in"], rows[kimchi]["source"]), ("VN", "erp"), "the ERP's claim wins over off's")
eq((rows[wine]["made_in"], rows[wine]["source"]), ("FR", "erp"),
   "the wine, gone from the dump, keeps the ERP's claim")
r = run("catalog", "show", "--state", st, wine)
ok("off" not in r.stdout.split("claims", 1)[-1], "and off's claim on it is gone", r.stdout)
eq(rows[tea]["source"], "off", "the tea, in the later dump, still off's")

r = run("catalog", "import-off", "--state", st, os.path.join(d, "missing.jsonl.gz"))
ok(r.returncode == 1 and "missing.jsonl.gz" in r.stderr, "a missing dump is named, exit 1", r.stderr)
r = run("catalog", "import-off", "--state", st, os.path.join(d, "st-dump.jsonl"))
ok(r.returncode == 1 and "nothing was imported" in r.stderr, "a directory: nothing imported", r.stderr)
done()
