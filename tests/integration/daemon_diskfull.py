#!/usr/bin/env python3
"""When journal.db cannot be written (the disk is full), hangvietd keeps
answering tags, refuses recording requests with `unavailable` (so the
client spools them), logs it at most once a minute, and recovers by itself
once the disk has room again. The state directory is a small tmpfs that the
test fills; where mounting is not allowed, a file size limit (RLIMIT_FSIZE)
stands in for the full disk."""
import atexit
import os
import resource
import subprocess
import time

from hvtest import Client, Daemon, Journal, done, eq, ok, tmpdir

base = tmpdir()
state = os.path.join(base, "state")
os.mkdir(state)
mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", state],
                         stderr=subprocess.DEVNULL).returncode == 0
if mounted:
    atexit.register(subprocess.run, ["umount", "-l", state])
filler = os.path.join(state, "filler")

d = Daemon(state=state, extra=["--durability", "full"]).start()
c = Client(d.endpoint, timeout_ms=10_000)
acked = []


def scan(i):
    return {"op": "scan", "store": "st-01", "lane": 1, "txn": f"T{i // 10}", "line": i % 10 + 1,
            "code": "8935049500018", "qty": 1, "amount": 1000, "id": i}


for i in range(50):
    r = c.call(scan(i))
    if r["ok"]:
        acked.append(i)
eq(len(acked), 50, "scans recorded while there is room")


def fill():
    if mounted:
        with open(filler, "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
    else:
        size = os.path.getsize(d.journal() + "-wal") if os.path.exists(d.journal() + "-wal") else 0
        resource.prlimit(d.proc.pid, resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))


def make_room():
    if mounted:
        os.unlink(filler)
    else:
        resource.prlimit(d.proc.pid, resource.RLIMIT_FSIZE,
                         (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


fill()
# Write until the journal says it cannot: WAL pages already there may hold a few.
i = 50
first_unavailable = None
while i < 5000:
    r = c.call(scan(i))
    if r["ok"]:
        acked.append(i)
    elif r.get("err") == "unavailable":
        first_unavailable = i
        break
    else:
        break
    i += 1
ok(first_unavailable is not None, f"disk full ({'tmpfs' if mounted else 'RLIMIT_FSIZE'}): "
   f"a scan is refused as unavailable after {i - 50} more", r)
ok(isinstance(r.get("msg"), str) and r.get("id") == i, "unavailable says why and echoes the id", r)
unavailable = 0
for k in range(20):
    r = c.call(scan(i + 1 + k))
    unavailable += r.get("err") == "unavailable"
eq(unavailable, 20, "every recording request is refused while the disk is full")
r = c.call({"op": "lookup", "code": "8850006330012"})
eq((r["ok"], r["class"], r["country"]), (True, "imported", "TH"), "tags are still answered")
ok(d.proc.poll() is None, "the daemon is alive")
log = d.log_text()
eq(log.count("events are refused as unavailable"), 1, "the failure is logged once, not per event")

make_room()
time.sleep(0.1)
retried = [c.call(scan(k)) for k in range(first_unavailable, i + 21)]
eq([r.get("ok") for r in retried], [True] * len(retried),
   "with room again, the refused events are recorded when re-sent")
ok(all(r.get("dup") is False for r in retried), "and none of them was recorded before")
acked += list(range(first_unavailable, i + 21))
ok("can be written again" in d.log_text(), "recovery is logged")
eq(d.stop(), 0, "stops cleanly")

j = Journal(d.journal())
lines = sorted((int(t[1:]) * 10 + line - 1) for (_s, _l, t, line, op, *_r) in j.events())
eq(lines, sorted(acked), "the journal holds exactly the acknowledged events")
total = sum(v["lines"] for v in j.tallies("total").values())
eq(total, len(acked), "the tallies count each of them once")
done()
