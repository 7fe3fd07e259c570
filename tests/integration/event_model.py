"""event_model -- the test's own model of what hangviet must count: the
sample catalog and the classification rules (DESIGN.md) read independently,
random event streams of a lane, and the tallies those streams must leave
(DESIGN.md "Counting"). Nothing here asks hangviet."""
import csv
import datetime
import os
import random
import time

from hvtest import SRCDIR, add

PROVINCE = "thai-nguyen"


def check_digit(body):
    s = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return str((10 - s % 10) % 10)


def load(today=None):
    """{gtin: (class, ocop_counts, local, category)} for the sample catalog."""
    today = today or datetime.date.today().isoformat()
    out = {}
    with open(os.path.join(SRCDIR, "data/sample-catalog.csv"), encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        for r in rows:
            gtin = r["gtin"]
            if gtin.startswith("2"):
                continue  # in-store codes: kept out of the random pool
            cls = "dom" if r["made_in"] == "VN" else "imp"
            ocop = int(r["ocop"] or 0) > 0 and (not r["ocop_until"] or today <= r["ocop_until"])
            local = r["province"].lower() == PROVINCE
            out[gtin] = (cls, ocop, local, r["category"])
    return out


def prefix_codes(rng, n):
    """N made-up codes known only by prefix: {code: (class, False, False, "")}."""
    out = {}
    for prefix, cls in (("893", "dom"), ("885", "imp"), ("690", "imp"), ("978", "unk"),
                        ("450", "imp"), ("952", "unk")):
        for _ in range(n):
            body = prefix + "%09d" % rng.randrange(10 ** 9)
            out[body + check_digit(body)] = (cls, False, False, "")
    return out


def store_codes(rng, n):
    """N codes that are no GTIN -- a store's own SKUs, and GTIN-13s with a
    wrong check digit -- which still count, as unknown (doc/protocol.md, "Every sold
    line counts"): {code: ("unk", False, False, "")}."""
    out = {}
    for i in range(n):
        out["SKU-%05d" % rng.randrange(10 ** 5)] = ("unk", False, False, "")
        body = "893" + "%09d" % rng.randrange(10 ** 9)
        out[body + str((int(check_digit(body)) + 1) % 10)] = ("unk", False, False, "")
    return out


def pool(seed=1):
    """Codes to scan with what each must count as, and a unit price each."""
    rng = random.Random(seed)
    codes = load()
    codes.update(prefix_codes(rng, 20))
    codes.update(store_codes(rng, 5))
    prices = {c: rng.randrange(5, 500) * 1000 for c in codes}
    return codes, prices


SPAN = 60_000
STORE = "st-01"


class Model:
    """A code pool, a random source, and the tallies expected so far."""

    def __init__(self, seed, store=STORE):
        self.store = store
        self.rng = random.Random(seed)
        self.codes, self.prices = pool(seed)
        self.code_list = sorted(self.codes)
        self.total, self.lane, self.cat = {}, {}, {}

    def line_delta(self, ev, sign):
        cls, ocop, local, _ = self.codes[ev["code"]]
        q, a = sign * ev["qty"], sign * ev["amount"]
        d = {f"items_{cls}": q, f"value_{cls}": a, "lines": sign}
        if ocop:
            d.update(items_ocop=q, value_ocop=a)
        if local:
            d.update(items_local=q, value_local=a)
        return d

    def apply(self, ts, lane, cat, delta):
        win = ts - ts % SPAN
        add(self.total, (self.store, win, ""), **delta)
        add(self.lane, (self.store, win, str(lane)), **delta)
        if cat is not None:
            add(self.cat, (self.store, win, cat), **delta)

    def category(self, ev):
        return self.codes[ev["code"]][3]

    def lane_events(self, lane, quota, start, dup_rate=0.05):
        """Events of one lane from time START (ms), about QUOTA of them:
        transactions of scans and returns, voids reaching back into earlier
        windows, ends, cancels, sales cancelled after their end, some left
        open, exact duplicates. The
        expected tallies are updated as they go."""
        rng, events, t, n = self.rng, [], start, 0
        while len(events) < quota:
            n += 1
            txn = f"L{lane}-{n}"
            lines = {}
            for line in range(1, rng.randint(2, 12) + 1):
                t += rng.randint(1, 15_000)
                code = rng.choice(self.code_list)
                qty = rng.randint(1, 3) * (-1 if rng.random() < 0.08 else 1)
                ev = {"op": "scan", "store": self.store, "lane": lane, "txn": txn, "line": line,
                      "code": code, "qty": qty, "amount": qty * self.prices[code], "ts": t}
                lines[line] = ev
                events.append(ev)
                self.apply(t, lane, self.category(ev), self.line_delta(ev, +1))
                if rng.random() < dup_rate:
                    events.append(dict(rng.choice(events)))
            for line in rng.sample(sorted(lines), k=min(len(lines), rng.choice([0, 0, 0, 1, 2]))):
                t += rng.randint(1, 90_000)
                scan = lines.pop(line)
                events.append({"op": "void", "store": self.store, "lane": lane, "txn": txn,
                               "line": line, "ts": t})
                self.apply(scan["ts"], lane, self.category(scan), self.line_delta(scan, -1))
                self.apply(t, lane, self.category(scan), {"voids": 1})
            t += rng.randint(1, 30_000)
            fate = rng.random()
            if fate < 0.85:
                events.append({"op": "end", "store": self.store, "lane": lane, "txn": txn, "ts": t})
                self.apply(t, lane, None, {"txns": 1})
                if rng.random() < 0.04:  # annulled afterwards: out again, where counted
                    end_t, t = t, t + rng.randint(1, 600_000)
                    events.append({"op": "cancel", "store": self.store, "lane": lane,
                                   "txn": txn, "ts": t})
                    self.apply(end_t, lane, None, {"txns": -1})
                    for scan in lines.values():
                        self.apply(scan["ts"], lane, self.category(scan),
                                   self.line_delta(scan, -1))
            elif fate < 0.95:
                events.append({"op": "cancel", "store": self.store, "lane": lane, "txn": txn,
                               "ts": t})
                for scan in lines.values():
                    self.apply(scan["ts"], lane, self.category(scan), self.line_delta(scan, -1))
            if rng.random() < dup_rate:
                events.append(dict(events[-1]))
        # The daemon believes a ts up to 7 days old and not in the future:
        # a stream that runs past now would be counted elsewhere.
        assert t < time.time() * 1000 - 60_000, "the stream runs into the future: start earlier"
        return events


def event_key(ev):
    """The identity of an event as DESIGN.md defines it."""
    line = ev["line"] if ev["op"] in ("scan", "void") else 0
    return (ev["store"], ev["lane"], ev["txn"], line, ev["op"])
