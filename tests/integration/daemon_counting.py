#!/usr/bin/env python3
"""A randomized stream of 100,000 events across 8 lanes -- scans, returns,
voids, cancels, ends and exact duplicates -- leaves tallies (total, per lane,
per category) equal to the test's own recomputation from the events it
sent. Voids reach back into earlier windows."""
import random

from catalog_model import pool
from hvtest import SCALE, Client, Daemon, Journal, add, done, eq, now_ms, nonzero, ok, SRCDIR

SPAN = 60_000
LANES = 8
TOTAL = int(100_000 * SCALE)
rng = random.Random(20261126)
codes, prices = pool()
code_list = sorted(codes)


def line_delta(ev, sign):
    cls, ocop, local, _ = codes[ev["code"]]
    q, a = sign * ev["qty"], sign * ev["amount"]
    d = {f"items_{cls}": q, f"value_{cls}": a, "lines": sign}
    if ocop:
        d.update(items_ocop=q, value_ocop=a)
    if local:
        d.update(items_local=q, value_local=a)
    return d


class Expect:
    """The tallies the test expects, by dimension."""

    def __init__(self):
        self.total, self.lane, self.cat = {}, {}, {}

    def apply(self, ts, lane, cat, delta):
        win = ts - ts % SPAN
        add(self.total, ("st-01", win, ""), **delta)
        add(self.lane, ("st-01", win, str(lane)), **delta)
        if cat is not None:
            add(self.cat, ("st-01", win, cat), **delta)


def lane_events(lane, quota, start, expect):
    """Events of one lane, with the expected tallies updated as they go."""
    events, t, n = [], start, 0
    while len(events) < quota:
        n += 1
        txn = f"L{lane}-{n}"
        lines = {}
        for line in range(1, rng.randint(2, 12) + 1):
            t += rng.randint(1, 15_000)
            code = rng.choice(code_list)
            qty = rng.randint(1, 3) * (-1 if rng.random() < 0.08 else 1)
            ev = {"op": "scan", "store": "st-01", "lane": lane, "txn": txn, "line": line,
                  "code": code, "qty": qty, "amount": qty * prices[code], "ts": t}
            lines[line] = ev
            events.append(ev)
            expect.apply(t, lane, codes[code][3], line_delta(ev, +1))
            if rng.random() < 0.05:
                events.append(dict(rng.choice(events)))  # an exact duplicate
        for line in rng.sample(sorted(lines), k=min(len(lines), rng.choice([0, 0, 0, 1, 2]))):
            t += rng.randint(1, 90_000)  # often in a later window
            scan = lines.pop(line)
            events.append({"op": "void", "store": "st-01", "lane": lane, "txn": txn,
                           "line": line, "ts": t})
            expect.apply(scan["ts"], lane, codes[scan["code"]][3], line_delta(scan, -1))
            expect.apply(t, lane, codes[scan["code"]][3], {"voids": 1})
        t += rng.randint(1, 30_000)
        fate = rng.random()
        if fate < 0.85:
            events.append({"op": "end", "store": "st-01", "lane": lane, "txn": txn, "ts": t})
            expect.apply(t, lane, None, {"txns": 1})
        elif fate < 0.95:
            events.append({"op": "cancel", "store": "st-01", "lane": lane, "txn": txn, "ts": t})
            for scan in lines.values():
                expect.apply(scan["ts"], lane, codes[scan["code"]][3], line_delta(scan, -1))
        if rng.random() < 0.05:
            events.append(dict(events[-1]))  # the end or cancel again
    return events


expect = Expect()
start = now_ms() - 2 * 24 * 3600 * 1000
streams = [lane_events(lane, TOTAL // LANES, start, expect) for lane in range(1, LANES + 1)]
sent = sum(len(s) for s in streams)

d = Daemon(catalog=f"{SRCDIR}/data/sample-catalog.csv",
           extra=["--province", "thai-nguyen", "--durability", "normal"]).start()
clients = [Client(d.endpoint, dealer=True, timeout_ms=20_000) for _ in range(LANES)]
outstanding = [0] * LANES
errors = []


def drain(i, keep):
    while outstanding[i] > keep:
        r = clients[i].recv()
        outstanding[i] -= 1
        if not r.get("ok"):
            errors.append(r)


pos = [0] * LANES
while any(pos[i] < len(streams[i]) for i in range(LANES)):
    for i in range(LANES):
        for _ in range(20):
            if pos[i] < len(streams[i]):
                clients[i].send(streams[i][pos[i]])
                pos[i] += 1
                outstanding[i] += 1
        drain(i, 200)
for i in range(LANES):
    drain(i, 0)

ok(sent >= TOTAL, f"sent {sent} events across {LANES} lanes")
eq(errors[:3], [], "every event accepted (or a duplicate)")
eq(d.stop(), 0, "SIGTERM: exit 0")
j = Journal(d.journal())
eq(nonzero(j.tallies("total")), nonzero(expect.total), "window totals equal the recomputation")
eq(nonzero(j.tallies("lane")), nonzero(expect.lane), "per-lane tallies equal the recomputation")
eq(nonzero(j.tallies("category")), nonzero(expect.cat), "per-category tallies equal the recomputation")
uniq = {(s, l, t, ln, o) for (s, l, t, ln, o, *_rest) in j.events()}
eq(len(j.events()), len(uniq), "no event journaled twice")

# Restart: the tallies rebuilt from the journal are the same.
d.start()
d.stop()
j2 = Journal(d.journal())
eq(nonzero(j2.tallies("total")), nonzero(expect.total), "the same tallies after a restart")
done()
