#!/usr/bin/env python3
"""Every op and every error code of the checkout channel, from a REQ client
and from a pipelining DEALER client, against a real hangvietd."""
import msgpack

import hvtest

from hvtest import Client, Daemon, done, eq, ok, SRCDIR

d = Daemon(catalog=f"{SRCDIR}/data/sample-catalog.csv",
           extra=["--province", "thai-nguyen", "--measure", "21=price PPPPPPVVVVVV"]).start()
req = Client(d.endpoint)
base = {"store": "st-01", "lane": 3}


def scan(txn, line, code, qty=1, amount=None, **kw):
    r = dict(base, op="scan", txn=txn, line=line, code=code, qty=qty, **kw)
    if amount is not None:
        r["amount"] = amount
    return r


def op(name, txn, **kw):
    return dict(base, op=name, txn=txn, **kw)


def is_error(reply, err, name):
    ok(reply.get("ok") is False and reply.get("err") == err and
       isinstance(reply.get("msg"), str) and len(reply["msg"]) > 5,
       name, repr(reply))


# ping and lookup
r = req.call({"op": "ping", "id": 7})
ok(r["ok"] and r["store"] == "st-01" and r["version"] and r["id"] == 7, "ping", r)
r = req.call({"op": "lookup", "code": "8936000100018"})
eq({k: r[k] for k in ("ok", "class", "country", "basis", "ocop", "local", "vn_brand", "gtin", "dup")},
   {"ok": True, "class": "domestic", "country": "VN", "basis": "catalog", "ocop": 5,
    "local": True, "vn_brand": True, "gtin": "8936000100018", "dup": False},
   "lookup from the catalog")
eq(r["name"], "Trà Tân Cương Hoàng Bình", "lookup names the product")
r = req.call({"op": "lookup", "code": "04252614", "sym": "upce"})
eq((r["class"], r["country"], r["basis"], r["gtin"]), ("imported", "US", "prefix", "0042100005264"),
   "lookup honours sym")
r = req.call({"op": "lookup", "code": "8935049500015"})
eq((r["ok"], r["class"], r["basis"], r["gtin"], r["country"]), (True, "unknown", "none", "", ""),
   "lookup of a code that is no GTIN: unknown, no GTIN")
ok("check digit" in r.get("note", ""), "and its note says why", r)
ok("note" not in req.call({"op": "lookup", "code": "8936000100018"}), "a GTIN has no note")
r = req.call({"op": "lookup", "code": "]d210LOT7\x1d0108935049500018"})
eq((r["ok"], r["gtin"], "note" in r), (True, "8935049500018", False),
   "a GS1 element string with its FNC1 (GS) is a GTIN, not a control character")
for bad, what in (("ab\x01c", "a control character"), ("x" * 49, "49 characters"),
                  ("", "an empty code"), ("a\tb", "a tab")):
    is_error(req.call({"op": "lookup", "code": bad}), "bad_request", f"lookup of {what}: bad_request")

def suite(c, p):
    """The whole checkout channel through client C; transactions named P..."""
    # scan, duplicate, conflict
    r = c.call(scan(p + "T1", 1, "8936000100018", 2, 200000, id=11))
    ok(r["ok"] and r["class"] == "domestic" and r["dup"] is False and r["id"] == 11, "scan", r)
    r2 = c.call(scan(p + "T1", 1, "8936000100018", 2, 200000, id=12))
    ok(r2["ok"] and r2["dup"] is True and r2["class"] == "domestic" and r2["name"] == r["name"]
       and r2["id"] == 12, "the same scan again is a duplicate with the original tag", r2)
    is_error(c.call(scan(p + "T1", 1, "8850006330012", 2, 200000)), "conflict",
             "same line with another code is a conflict")
    is_error(c.call(scan(p + "T1", 1, "8936000100018", 3, 300000)), "conflict",
             "same line with another quantity is a conflict")
    r = c.call(scan(p + "T1", 5, "8935049500015", 1, 50000))
    ok(r["ok"] and r["class"] == "unknown" and r["basis"] == "none" and r["gtin"] == ""
       and "check digit" in r.get("note", ""), "a code that is no GTIN is recorded, unknown, "
       "with a note", r)
    r = c.call(scan(p + "T1", 5, "8935049500015", 1, 50000))
    ok(r["ok"] and r["dup"] is True and "check digit" in r.get("note", ""),
       "sent again: a duplicate, with its note", r)
    r = c.call(scan(p + "T1", 2, "8850006330012", 1, 300000))
    ok(r["ok"] and r["class"] == "imported" and r["country"] == "TH", "imported scan", r)
    r = c.call(scan(p + "T1", 3, "8937777700012", 1, 900000))
    ok(r["ok"] and r["class"] == "imported" and r["vn_brand"] is True, "Vietnamese brand made abroad", r)

    # void
    is_error(c.call(op("void", p + "T1", line=9)), "unknown_line", "void of a line never scanned")
    r = c.call(op("void", p + "T1", line=3, id=5))
    ok(r["ok"] and r["dup"] is False and r["id"] == 5, "void", r)
    r = c.call(op("void", p + "T1", line=3))
    ok(r["ok"] and r["dup"] is True, "the same void again is a duplicate", r)
    is_error(c.call(op("void", p + "NOPE", line=1)), "unknown_txn", "void in an unknown transaction")
    is_error(c.call(op("end", p + "NOPE")), "unknown_txn", "end of an unknown transaction")
    is_error(c.call(op("cancel", p + "NOPE")), "unknown_txn", "cancel of an unknown transaction")

    # end: basket of lines 1, 2 and 5 (line 3 voided): 2 domestic items of
    # 200,000, 1 imported of 300,000 and 1 unknown of 50,000: 2/4 items,
    # 200,000 / 550,000 = 36.4% of the value.
    r = c.call(op("end", p + "T1", total=550000))
    eq((r["ok"], r["items"], r["value"], r["receipt"], r["dup"]),
       (True, {"domestic": 2, "imported": 1, "unknown": 1},
        {"domestic": 200000, "imported": 300000, "unknown": 50000},
        "Hàng Việt: 2/4 món, 36% giá trị", False), "end answers the basket and receipt")
    r = c.call(op("end", p + "T1", total=550000))
    ok(r["ok"] and r["dup"] is True and r["receipt"] == "Hàng Việt: 2/4 món, 36% giá trị",
       "the same end again is a duplicate with the same basket", r)
    is_error(c.call(scan(p + "T1", 4, "8850006330012")), "closed_txn", "scan after end")
    is_error(c.call(op("void", p + "T1", line=2)), "closed_txn", "void after end")
    r = c.call(scan(p + "T1", 2, "8850006330012", 1, 300000))
    ok(r["ok"] and r["dup"] is True, "a scan resent after end is still a duplicate", r)

    # cancel
    c.call(scan(p + "T2", 1, "8850006330012", 1, 300000))
    r = c.call(op("cancel", p + "T2"))
    ok(r["ok"] and r["dup"] is False, "cancel", r)
    ok(c.call(op("cancel", p + "T2"))["dup"] is True, "the same cancel again is a duplicate")
    is_error(c.call(scan(p + "T2", 2, "8850006330012")), "closed_txn", "scan after cancel")
    is_error(c.call(op("end", p + "T2")), "closed_txn", "end after cancel")

    # A sale annulled after its end: the cancel is taken, once, and then the
    # transaction takes nothing more (its counts: event_model.py's streams).
    c.call(scan(p + "T3", 1, "8850006330012", 1, 300000))
    c.call(op("end", p + "T3", total=300000))
    r = c.call(op("cancel", p + "T3"))
    ok(r["ok"] and r["dup"] is False, "cancel after end is taken (a sale annulled afterwards)", r)
    ok(c.call(op("cancel", p + "T3"))["dup"] is True, "that cancel again is a duplicate")
    is_error(c.call(scan(p + "T3", 2, "8850006330012")), "closed_txn", "scan after that cancel")

    # A price-embedded in-store code without an amount: the encoded price is
    # the line amount (layout 21 = price PPPPPPVVVVVV, set on the command line).
    def check(body):
        s = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
        return body + str((10 - s % 10) % 10)


    r = c.call(scan(p + "T4", 1, check("210001045000")))
    eq((r["ok"], r["gtin"], r["name"], r["class"], r["basis"]),
       (True, "2100010000002", "Thịt heo ba chỉ", "domestic", "store"),
       "a price code is tagged by its item reference")
    r = c.call(op("end", p + "T4"))
    eq(r["value"]["domestic"], 45000, "the encoded price becomes the amount")

    # bad_request: each way a request can be wrong
    bad = [
        ({"lane": 1}, "no op"),
        ({"op": "dance"}, "unknown op"),
        ({"op": 5}, "op not a string"),
        (dict(scan(p + "T3", 1, "8850006330012"), lane="3"), "lane as a string"),
        (dict(scan(p + "T3", 1, "8850006330012"), lane=0), "lane 0"),
        (dict(scan(p + "T3", 1, "8850006330012"), lane=10000), "lane 10000"),
        (dict(scan(p + "T3", 1, "8850006330012"), qty=0), "qty 0"),
        (dict(scan(p + "T3", 1, "8850006330012"), qty=100001), "qty 100001"),
        (dict(scan(p + "T3", 1, "8850006330012"), qty=1.5), "qty a float"),
        (dict(scan(p + "T3", 1, "8850006330012"), amount=-5), "amount of the wrong sign"),
        (dict(scan(p + "T3", 1, "8850006330012"), line=0), "line 0"),
        (dict(scan(p + "T3", 1, "8850006330012"), store="bad store!"), "store with bad characters"),
        (dict(scan(p + "T3", 1, "8850006330012"), store="x" * 33), "store too long"),
        (dict(scan(p + "T3", 1, "8850006330012"), store="other"), "another store"),
        (dict(scan(p + "T3", 1, "8850006330012"), txn="x" * 65), "txn too long"),
        (dict(scan(p + "T3", 1, "8850006330012"), txn="a\nb"), "txn not printable"),
        (dict(scan(p + "T3", 1, "8850006330012"), code="1" * 49), "code too long"),
        (dict(scan(p + "T3", 1, "8850006330012"), code=""), "code empty"),
        (dict(scan(p + "T3", 1, "8850006330012"), sym="qr"), "unknown sym"),
        (dict(scan(p + "T3", 1, "8850006330012"), ts="now"), "ts a string"),
        (dict(scan(p + "T3", 1, "8850006330012"), ts=-1), "ts negative"),
        (op("void", p + "T3"), "void without a line"),
        (dict(base, op="end"), "end without txn"),
        ({"op": "lookup"}, "lookup without code"),
        ({"op": "ping", "id": "seven"}, "id not an integer"),
    ]
    for body, name in bad:
        is_error(c.call(body), "bad_request", f"{p}: bad_request: {name}")
    r = c.call(dict(scan(p + "T3", 1, "8850006330012"), lane=0, id=99))
    eq(r.get("id"), 99, "an error reply echoes the id")
    is_error(c.call_raw(msgpack.packb([1, 2, 3])), "bad_request", "bad_request: an array, not a map")
    is_error(c.call_raw(b"\xc1\xc1"), "bad_request", "bad_request: not msgpack")
    is_error(c.call_raw(b""), "bad_request", "bad_request: an empty body")
    is_error(c.call_raw(msgpack.packb({1: "x"})), "bad_request", "bad_request: a key not a string")
    deep = "x"
    for _ in range(20):
        deep = [deep]
    is_error(c.call_raw(msgpack.packb({"op": "ping", "junk": deep})), "bad_request",
             "bad_request: deeply nested")
    r = c.call({"op": "ping", "extra": {"nested": [1, 2]}, "id": 3})
    ok(r["ok"] and r["id"] == 3, "unknown keys are ignored", r)
    is_error(c.call_raw(msgpack.packb({"op": "ping", "pad": "x" * 5000})), "too_large",
             "too_large: a 5 kB request")
    is_error(c.call_raw(b"\xdd\xff\x00\x00\x00"), "bad_request",
             "bad_request: a header claiming a 4-billion-element array")



for client, name in ((req, "REQ"), (Client(d.endpoint, dealer=True), "DEALER")):
    hvtest.prefix = f"{name}: "
    suite(client, f"{name}-")
hvtest.prefix = ""

# DEALER: pipelined requests, replies in order with their ids
dealer = Client(d.endpoint, dealer=True)
n = 200
for i in range(n):
    if i % 3 == 0:
        dealer.send({"op": "lookup", "code": "8850006330012", "id": i})
    else:
        dealer.send(dict(scan("D1", i, "8936000100018", 1, 1000), id=i))
ids = [dealer.recv().get("id") for _ in range(n)]
eq(ids, list(range(n)), "DEALER: 200 pipelined replies in order, ids echoed")
r = dealer.call(op("end", "D1", id=1000))
eq((r["id"], r["items"]["domestic"]), (1000, n - (n + 2) // 3), "DEALER: end of the pipelined basket")
is_error(dealer.call(op("void", "D1", line=1)), "closed_txn", "DEALER: closed_txn")
is_error(dealer.call({"op": "dance", "id": 1}), "bad_request", "DEALER: bad_request")

eq(d.stop(), 0, "SIGTERM stops the daemon with exit status 0")
done()
