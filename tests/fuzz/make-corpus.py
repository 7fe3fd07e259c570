#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets into tests/fuzz/corpus/: one
small valid (or instructively broken) input per file, so each fuzzer starts
from the shapes the programs really see. Run again after changing it; the
files are checked in."""
import os
import shutil
import sys

import msgpack

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))


def write(target, name, data):
    d = os.path.join(here, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


base = {"store": "bigc-tn-01", "lane": 3, "txn": "T-0001", "ts": 1790000000000}
requests = {
    "scan": dict(base, op="scan", id=1, line=1, code="8936000100018", qty=2, amount=37000),
    "scan-sym": dict(base, op="scan", line=2, code="01234565", qty=1, sym="upce"),
    "scan-return": dict(base, op="scan", line=3, code="4902430000000", qty=-1, amount=-9000),
    "scan-gs1": dict(base, op="scan", line=4, code="]C10108936000100018", qty=1,
                     sym="gs1-128"),
    "void": dict(base, op="void", line=1),
    "end": dict(base, op="end", total=46000),
    "cancel": dict(base, op="cancel"),
    "lookup": {"op": "lookup", "code": "2100010000002", "sym": "ean13"},
    "ping": {"op": "ping", "id": 7},
    "reply-end": {"ok": True, "id": 3, "items": {"domestic": 2, "imported": 1, "unknown": 0},
                  "value": {"domestic": 37000, "imported": 9000, "unknown": 0},
                  "receipt": "Hàng Việt: 2/3 món, 80% giá trị"},
    "reply-error": {"ok": False, "err": "bad_code", "msg": "not a GTIN"},
}
for name, req in requests.items():
    write("fuzz_checkout", name, msgpack.packb(req))
write("fuzz_checkout", "size-bomb", bytes.fromhex("ddffffffff"))
write("fuzz_checkout", "deep", b"\x91" * 40 + b"\xc0")

counters = {"items_dom": 5, "items_imp": 2, "items_unk": 1, "value_dom": 90000,
            "value_imp": 40000, "value_unk": 5000, "items_ocop": 1, "value_ocop": 30000,
            "items_local": 1, "value_local": 30000, "lines": 8, "voids": 1, "txns": 2}
tally = {"seq": 41, "node": "bigc-tn-01", "store": "bigc-tn-01", "province": "thai-nguyen",
         "district": "tp-thai-nguyen", "window": 1790000040000, "span": 60000, "rev": 3,
         "final": False, "t": counters, "cats": {"sua": counters, "banh-keo": counters},
         "lanes": {"1": counters, "3": counters}}
write("fuzz_feed", "tally", msgpack.packb(tally))
write("fuzz_feed", "region", msgpack.packb(dict(tally, store="*", final=True)))
write("fuzz_feed", "hb", msgpack.packb({"seq": 42, "node": "n", "ts": 1790000041000,
                                        "version": "0.1.0"}))
write("fuzz_feed", "history", msgpack.packb({"op": "history", "since": 0,
                                             "until": 1790000100000}))
write("fuzz_feed", "done", msgpack.packb({"op": "done", "seq": 41}))

for i, code in enumerate(["8936000100018", "4902430000000", "012345678905", "04252614",
                          "01234565", "]C10108936000100018", "(01)08936000100018(10)AB",
                          "0108936000100018172612311012345", "2100010000002",
                          "2300150007508", "0200010000009", "9780306406157", "9771234567003",
                          "893600010001", "\x1d0108936000100018"]):
    write("fuzz_gtin", f"code-{i:02d}", code)

with open(os.path.join(top, "data", "sample-catalog.csv"), encoding="utf-8") as f:
    lines = f.readlines()
write("fuzz_catalog_csv", "sample", "".join(lines[:12]))
write("fuzz_catalog_csv", "quoted",
      'gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category\n'
      '8936000100018,"Sữa, tươi ""A""",Vinamilk,VN,VN,yes,2027-01-31,thai-nguyen,sua\n'
      '# a comment\n4902430000000,Mì,Nissin,JP,JP,no,,,mi\n')
write("fuzz_catalog_csv", "bad-rows",
      "gtin,made_in\n12345,VN\n8936000100018,XX\n8936000100018,VN\n8936000100018,VN\n")

poslog = os.path.join(top, "tests", "data", "poslog")
for name in sorted(os.listdir(poslog)):
    with open(os.path.join(poslog, name), "rb") as f:
        write("fuzz_poslog", name, f.read())
# The shapes back offices write (NCR's acs: namespace, both void
# conventions, weights, returns, cancels, control and foreign currency).
sys.path.insert(0, os.path.join(top, "tests", "integration"))
import poslog_gen as pg  # noqa: E402
T, I = pg.Txn, pg.Item
shapes = [T("st-01", 2, 1, "2026-11-26", [I(1, "8936000100018", 2, 370000, decimals=True),
                                          I(2, "8850006330012", 1, 64000),
                                          I(3, "8850006330012", 1, 64000, kind="ncr_void")]),
          T("st-01", 2, 2, "2026-11-26", [I(1, "SKU-1", 1, 5000, kind="voided"),
                                          I(2, "8850006330012", 1, 26880, weight=0.42),
                                          I(3, "8936000100018", 1, 185000, kind="return")]),
          T("st-01", 2, 3, "2026-11-26", [I(1, "8936000100018", 1, 185000)], cancelled=True),
          T("st-01", 2, 4, "2026-11-26", kind="control"),
          T("st-01", 2, 5, "2026-11-26", [I(1, "8936000100018", 1, 8)], currency="USD")]
write("fuzz_poslog", "ncr-shapes.xml", pg.document(shapes, namespaced=True, vendor=True))
write("fuzz_poslog", "plain-shapes.xml", pg.document(shapes[:3], namespaced=False, vendor=False))

write("fuzz_config", "full", """# a store's config
[fuzzd]
store = bigc-tn-01
ingest = tcp://127.0.0.1:5580
window = 60
durability = normal
flag = yes

[feed]
curve = yes
server_key = /etc/hangviet/keys/store.key
allow_dir = /etc/hangviet/offices.d
insecure = no

[measure]
21 = price PPPPPPVVVVVV
23 = weight PPPPPPVVVVVV 3

[upstream a]
feed = tcp://10.0.0.1:5581
""")
write("fuzz_config", "bad", "window = 0\n[feed]\ncurv = yes\nno equals sign\n")
