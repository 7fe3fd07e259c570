#!/usr/bin/env python3
"""hangviet-district over five real store daemons under a randomized load:
its region totals per window equal the test's own recomputation from every
event sent, and each store's tallies equal that store's own history. Then
the outages: the district paused (SIGSTOP) while events go on, the district
restarted, a store restarted; each time it converges to the exact totals.
Last, a province node above two districts gives the same sums one level up."""
import json
import os
import signal
import subprocess
import time

from event_model import Model
from hvtest import (HANGVIET, Client, Daemon, District, SCALE, add, done, eq, history_tallies,
                    nonzero, now_ms, send_pipelined, SRCDIR)

PER_STORE = max(200, int(2000 * SCALE))


def expected(models):
    """Region totals and per-store tallies the models say."""
    region, stores = {}, {}
    for m in models:
        for (store, win, _), c in m.total.items():
            add(stores, (store, win), **c)
            add(region, ("*", win), **c)
    return nonzero(region), nonzero(stores)


def converge(node, models, what, seconds=30):
    region, stores = expected(models)
    want = dict(region)
    want.update(stores)
    deadline = time.time() + seconds
    got = {}
    while time.time() < deadline:
        got = history_tallies(node.sync)
        if got == want:
            break
        time.sleep(0.5)
    eq({k: v for k, v in got.items() if k[0] == "*"}, region, f"{what}: region totals per window")
    eq({k: v for k, v in got.items() if k[0] != "*"}, stores, f"{what}: every store's windows")
    return got


start = now_ms() - 30 * 3600_000
stores = [Daemon(store=f"st-{i}", catalog=f"{SRCDIR}/data/sample-catalog.csv",
                 extra=["--province", "thai-nguyen", "--district", "tp-tn"]).start()
          for i in range(1, 6)]
sent = []  # a Model per store and phase, for what was sent so far


def phase(lane, count, t0, which=range(5), seed=0):
    """Send COUNT events on LANE from time T0 to each store in WHICH; the
    test's models of them join the expectation."""
    for i in which:
        m = Model(1000 * lane + 10 * i + seed, store=stores[i].store)
        send_pipelined(stores[i].endpoint, m.lane_events(lane, count, t0, dup_rate=0.02))
        sent.append(m)


dist = District("tp-tn-office", "tp-tn", stores).start()
time.sleep(0.5)

phase(1, PER_STORE // 2, start)
got = converge(dist, sent, "live")
for d in stores:
    own = history_tallies(d.sync)
    eq({k: v for k, v in got.items() if k[0] == d.store}, own,
       f"{d.store}: the district holds exactly the store's own history")

# Outage: the district paused while events go on; then it catches up.
os.kill(dist.proc.pid, signal.SIGSTOP)
phase(2, PER_STORE // 4, start + 3600_000)
time.sleep(1)
os.kill(dist.proc.pid, signal.SIGCONT)
converge(dist, sent, "after the district was paused")

# The district restarted while events go on.
eq(dist.stop(), 0, "the district stops cleanly")
phase(3, PER_STORE // 2, start + 2 * 3600_000)
dist.start()
converge(dist, sent, "after the district restarted")

# A store restarted, then more events on it.
eq(stores[2].stop(), 0, "a store stops")
stores[2].start()
phase(4, PER_STORE // 4, start + 7200_000, which=[2])
converge(dist, sent, "after a store restarted")

# A province node above two districts (stores 1-2 and 3-5).
d_a = District("office-a", "district-a", stores[:2]).start()
d_b = District("office-b", "district-b", stores[2:]).start()
prov = District("province-office", "", [d_a, d_b]).start()
time.sleep(1)
converge(d_a, [m for m in sent if m.store in ("st-1", "st-2")], "district a")
converge(d_b, [m for m in sent if m.store not in ("st-1", "st-2")], "district b")
converge(prov, sent, "the province node above two districts")

# The province office's report by store, from its own state (district.db):
# each store's totals over the whole stream, as the test counts them.
per_store = {}
for (store, win), c in expected(sent)[1].items():
    add(per_store, store, **c)
time.sleep(1.5)  # the node's checkpoint (every second) has the last windows
first = time.strftime("%Y-%m-%d", time.localtime(start / 1000 - 86400))
r = subprocess.run([HANGVIET, "report", "--state", prov.state, "--from", first, "--to",
                    time.strftime("%Y-%m-%d"), "--by", "store", "--format", "json"],
                   capture_output=True, text=True)
rep = json.loads(r.stdout) if r.returncode == 0 else {"groups": []}
eq({g["key"]: {k: g[k] for k in per_store["st-1"]} for g in rep["groups"]}, per_store,
   "hangviet report --by store on the province node's state: each store's totals")
eq(rep.get("events"), True, "and it holds the stores' product rollups (the feed's products)")

# Retention: a node keeps --keep-windows days, even of what it is sent.
recent = Daemon(store="st-9", extra=["--window", "3600"]).start()
c = Client(recent.endpoint)
for i, age in enumerate((3 * 86400_000, 0)):  # one scan 3 days ago, one now
    c.call({"op": "scan", "store": "st-9", "lane": 1, "txn": f"R{i}", "line": 1,
            "code": "8936000100018", "qty": 1, "amount": 25000, "ts": now_ms() - age})
brief = District("brief", "tp-tn", [recent], extra=["--keep-windows", "2"]).start()
hour = (now_ms() // 3600_000) * 3600_000
deadline = time.time() + 20
while time.time() < deadline and ("st-9", hour) not in history_tallies(brief.sync):
    time.sleep(0.3)
eq(sorted(k for k in history_tallies(brief.sync) if k[0] == "st-9"), [("st-9", hour)],
   "a node with --keep-windows 2 keeps the window of now, not the one 3 days old")
eq(brief.stop(), 0, "it stops cleanly")
recent.stop()

for n in (prov, d_a, d_b, dist):
    eq(n.stop(), 0, f"{n.args[4]} stops cleanly")
for d in stores:
    d.stop()
done()
