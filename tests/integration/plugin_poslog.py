#!/usr/bin/env python3
"""hangviet-bridge's POSLog mode on files in the shapes back offices write
(tests/integration/poslog_gen.py): NCR-style void lines, flagged voided
lines, weighed items, returns, cancels, tenders, taxes, loyalty and vendor
lines, control, training and suspended transactions, a foreign currency,
broken transactions among good ones, codes that are no GTIN, a file that
is not XML and one that breaks part way, with and without namespaces.
The real bridge sends them to a real hangvietd; each lane's counters must
equal what the test computes from the specs the files were written from;
refused transactions land in failed/ one by one, named; sending it all
again records nothing; a refused transaction mended and dropped in again
counts once."""
import datetime
import json
import os
import random
import re
import shutil
import subprocess

from event_model import load, pool
from hvtest import HANGVIET, Daemon, Journal, done, eq, ok, tmpdir, SRCDIR
import poslog_gen as pg

BRIDGE = os.environ.get("HANGVIET_BRIDGE", os.path.join(os.getcwd(), "plugin/hangviet-bridge"))
STORE = "st-01"
d = Daemon(catalog=f"{SRCDIR}/data/sample-catalog.csv", extra=["--province", "thai-nguyen"],
           memcheck=False)
# A product without a barcode, keyed by the store's code.
codes_csv = os.path.join(d.state, "codes.csv")
with open(codes_csv, "w", encoding="utf-8") as f:
    f.write("code,name,made_in,category\nBANHMI-01,Bánh mì Hội An,VN,bakery\n")
subprocess.run([HANGVIET, "catalog", "import", "--merge", "--state", d.state, codes_csv],
               check=True, stdout=subprocess.DEVNULL)
d.start()
drop = tmpdir()
day = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()

classes, prices = pool(3)
# Codes that are no GTIN are unknown; 885 is GS1 Thailand (not in the catalog).
# a store code the catalog has is what its row says.
classes.update({"SKU-0042": ("unk", False, False, ""), "8935049500015": ("unk", False, False, ""),
                "8850006330012": ("imp", False, False, ""),
                "BANHMI-01": ("dom", False, False, "bakery")})
prices.update({"SKU-0042": 12000, "8935049500015": 7000, "8850006330012": 64000,
               "BANHMI-01": 15000})
rng = random.Random(14)
codes = sorted(c for c in classes if classes[c][0] != "unk" or c.startswith("978"))
T, I = pg.Txn, pg.Item
tea, imp = "8936000100018", "8850006330012"  # the sample catalog: OCOP local tea, Thai snack

# Lane 2, namespaced with NCR's vendor elements: one sale of each shape.
shapes = [
    T(STORE, 2, 1, day, [I(1, tea, 2, 370000, decimals=True), I(2, imp, 1, 64000),
                         I(3, imp, 1, 64000, kind="ncr_void")]),                  # NCR void
    T(STORE, 2, 2, day, [I(1, tea, 1, 185000), I(2, imp, 1, 64000, kind="voided")]),  # flagged
    T(STORE, 2, 3, day, [I(1, imp, 1, 26880, weight=0.42), I(2, tea, 1, 185000, weight_attr=True)]),
    T(STORE, 2, 4, day, [I(1, imp, 1, 64000, kind="return"), I(2, tea, 1, 185000, kind="negative")]),
    T(STORE, 2, 5, day, [I(1, tea, 1, 185000), I(2, imp, 1, 64000)], cancelled=True),
    T(STORE, 2, 6, day, kind="control"),
    T(STORE, 2, 7, day, [I(1, tea, 1, 185000)], training=True),
    T(STORE, 2, 8, day, [I(1, tea, 1, 185000)], status="Suspended"),
    T(STORE, 2, 9, day, [I(1, "SKU-0042", 1, 12000), I(2, "8935049500015", 2, 14000),
                         I(3, "BANHMI-01", 2, 30000)]),
    # The same item twice, then NCR's void of it: the later sale is taken back.
    T(STORE, 2, 10, day, [I(1, imp, 1, 64000), I(2, tea, 1, 185000), I(3, imp, 1, 64000),
                          I(4, imp, 1, 64000, kind="ncr_void")]),
]
# Lane 3, no namespace at all, no vendor lines: random sales, among them a
# foreign currency, a bad quantity and a line without an item id.
plain = [pg.random_sale(rng, codes, prices, STORE, 3, 100 + i, day) for i in range(40)]
plain[7] = T(STORE, 3, 107, day, [I(1, tea, 1, 8)], currency="USD")
plain[12].bad = ("<Quantity Units=\"1\">", "<Quantity Units=\"1\">abc")
plain[20].bad = (f"<ItemID>{plain[20].items[0].code}</ItemID>", "<ItemID></ItemID>")
if plain[20].items[0].ident != "ItemID":
    plain[20].items[0].ident = "ItemID"
plain[30].store = "st-99"  # another store's transaction
files = {"shapes.xml": pg.document(shapes, namespaced=True, vendor=True),
         "plain.xml": pg.document(plain, namespaced=False, vendor=False),
         "notxml.xml": "PK\x03\x04 this is a zip, not XML",
         "other-root.xml": "<?xml version='1.0'?><Invoices><Invoice/></Invoices>"}
# Lane 4: two good sales, then the file breaks off in the third.
lane4 = [T(STORE, 4, 1, day, [I(1, tea, 1, 185000)]), T(STORE, 4, 2, day, [I(1, imp, 3, 192000)])]
broken = pg.document(lane4 + [T(STORE, 4, 3, day, [I(1, imp, 1, 64000)])], vendor=False)
files["truncated.xml"] = broken[:broken.rindex("<Transaction>") + 200]
for name, text in files.items():
    with open(os.path.join(drop, name), "w", encoding="utf-8") as f:
        f.write(text)


def bridge(*args):
    return subprocess.run([BRIDGE, "--store", STORE, "--connect", d.endpoint, "--poslog", drop,
                           "--once", *args], capture_output=True, text=True, timeout=120)


def lanes():
    """{lane: counters summed over windows}, and the number of events."""
    d.stop()
    j = Journal(d.journal())
    out = {}
    for (_store, _win, key), c in j.tallies("lane").items():
        for k, v in c.items():
            if v:
                out.setdefault(int(key), {})[k] = out.get(int(key), {}).get(k, 0) + v
    n = len(j.events())
    j.close()
    d.start()
    return {lane: {k: v for k, v in c.items() if v} for lane, c in out.items()}, n


def expected(txns):
    total = {}
    for t in txns:
        if t.store == STORE:
            pg.add_counts(total, t.expected(classes))
    return {k: v for k, v in total.items() if v}


p = bridge()
eq(p.returncode, 0, "the bridge exits 0 once every file is handled")
listing = sorted(os.listdir(os.path.join(drop, "done")))
eq(listing, ["plain.xml", "shapes.xml"], "files of good and refused transactions go to done/")
failed = sorted(os.listdir(os.path.join(drop, "failed")))
eq(failed, sorted(["notxml.xml", "notxml.xml.err", "other-root.xml", "other-root.xml.err",
                   "truncated.xml", "truncated.xml.err"]
                  + [f"plain.t{i}.xml{e}" for i in (8, 13, 21, 31) for e in ("", ".err")]),
   "each refused transaction is a file of its own in failed/; only files that are not "
   "(wholly) POSLog go there whole")
ok([f for f in os.listdir(drop) if f.endswith(".xml")] == [], "nothing is left in the drop folder")


def err(name):
    with open(os.path.join(drop, "failed", name + ".err"), encoding="utf-8") as f:
        return f.read()


e = err("plain.t8.xml")
ok("SequenceNumber 107" in e and "WorkstationID 3" in e and f"BusinessDayDate {day}" in e
   and "RetailStoreID st-01" in e and "USD" in e, "a foreign currency is named, with the "
   "transaction's ids", e)
e = err("plain.t13.xml")
ok("SequenceNumber 112" in e and re.search(r"LineItem \d+: Quantity \"abc", e), "a bad "
   "quantity names the transaction and its LineItem", e)
ok("ItemID" in err("plain.t21.xml") and "LineItem 1" in err("plain.t21.xml"),
   "a line without an item id is named", err("plain.t21.xml"))
ok("st-99" in err("plain.t31.xml") and "--store" in err("plain.t31.xml"),
   "another store's transaction is refused, saying so", err("plain.t31.xml"))
ok("not well-formed" in err("notxml.xml"), "a file that is not XML says so", err("notxml.xml"))
ok("<Invoices>" in err("other-root.xml"), "another kind of XML says so", err("other-root.xml"))
# The reader is streaming: what libxml2 had parsed ahead of the break when
# it found it is not delivered, so the bridge says how many were sent.
e = err("truncated.xml")
m = re.search(r"the (\d+) transactions before it were sent", e)
ok(m and 1 <= int(m.group(1)) <= 2 and "cut short" in e,
   "a file that breaks off says it was cut short, and how many transactions were sent", e)
sent4 = lane4[:int(m.group(1))] if m else lane4
with open(os.path.join(drop, "failed", "plain.t13.xml"), encoding="utf-8") as f:
    piece = f.read()
ok(piece.startswith("<?xml") and piece.count("<Transaction") == 1 and "<SequenceNumber>112<" in
   piece, "a refused transaction's file holds that transaction alone", piece[:300])
ok(re.search(r"shapes.xml: 6 sales and 1 cancelled sent", p.stderr),
   "the summary line counts the sales", p.stderr)
ok(re.search(r"3 skipped \((1 ControlTransaction, 1 training, 1 suspended|"
             r"[^)]*ControlTransaction[^)]*)\)", p.stderr), "and what was skipped", p.stderr)

want = {2: expected(shapes), 3: expected(plain), 4: expected(sent4)}
got, events = lanes()
eq(got.get(2), want[2], "lane 2 (every shape, ARTS and acs: namespaces): the counters equal "
   "the test's own")
eq(got.get(3), want[3], "lane 3 (no namespace, 40 random sales, 4 refused): the same")
eq(got.get(4), want[4], "lane 4 (the transactions sent before the file broke off): the same")
ok(want[2]["voids"] == 3 and want[2]["items_unk"] == 3, "the shapes hold the voids and the "
   "codes that are no GTIN the test meant", want[2])

# The codes that are no GTIN are among the report's top unknown codes.
r = subprocess.run([HANGVIET, "report", "--state", d.state, "--day", day, "--format", "json"],
                   capture_output=True, text=True)
top = {u["gtin"]: (u["items"], u["value"]) for u in json.loads(r.stdout or "{}").get(
    "top_unknown", [])} if r.returncode == 0 else {}
eq((top.get("SKU-0042"), top.get("8935049500015"), "BANHMI-01" in top),
   ((1, 12000), (2, 14000), False),
   "the report lists the codes that are no GTIN among the top unknown codes (not the store "
   "code the catalog knows)")

# Everything again: nothing more is recorded.
for f in os.listdir(os.path.join(drop, "done")):
    shutil.move(os.path.join(drop, "done", f), os.path.join(drop, f))
shutil.move(os.path.join(drop, "failed", "truncated.xml"), os.path.join(drop, "truncated.xml"))
p = bridge()
eq(p.returncode, 0, "sent again: exit 0")
got2, events2 = lanes()
eq((got2, events2), (got, events), "sent again: nothing is counted twice")

# The bad quantity mended, the piece dropped in again: it counts once.
with open(os.path.join(drop, "plain.t13.xml"), "w", encoding="utf-8") as f:
    f.write(piece.replace(">abc", ">"))
plain[12].bad = None
p = bridge()
got3, _ = lanes()
eq(got3.get(3), expected(plain), "the mended transaction counts, once")
eq(d.stop(), 0, "the daemon stops cleanly")
done()
