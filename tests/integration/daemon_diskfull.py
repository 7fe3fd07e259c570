#!/usr/bin/env python3
"""When journal.db cannot be written (the disk is full), hangvietd keeps
answering tags, refuses recording requests with `unavailable` (so the
client spools them), logs it at most once a minute, and recovers by itself
once the disk has room again. The state directory is a small tmpfs that the
test fills; where mounting is not allowed, a file size limit of 0 bytes
(RLIMIT_FSIZE) stands in for the full disk: the daemon can write to no file
(a limit at the WAL's size would not do: SQLite starts the WAL over from its
first frame after a checkpoint). Its log goes elsewhere, as a store's log
goes to the journal or syslog, not to the disk that is full.
HV_TEST_NO_MOUNT=1 tries the stand-in where mounting works."""
import atexit
import errno
import os
import resource
import subprocess
import time

from hvtest import Client, Daemon, Journal, done, eq, ok, tmpdir

base = tmpdir()
state = os.path.join(base, "state")
os.mkdir(state)
mounted = not os.environ.get("HV_TEST_NO_MOUNT") and subprocess.run(
    ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", state], stderr=subprocess.DEVNULL).returncode == 0
if mounted:
    atexit.register(subprocess.run, ["umount", "-l", state])
filler = os.path.join(state, "filler")

d = Daemon(state=state, extra=["--durability", "full"], log=os.path.join(base, "daemon.log"),
           log_pipe=not mounted).start()
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
    """Leave the daemon no byte to write. The filler is written unbuffered, so
    that no partly written block is left to fail again at close."""
    if mounted:
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            while True:
                os.write(fd, b"\0" * 65536)
        except OSError as e:
            if e.errno != errno.ENOSPC:
                raise
        finally:
            os.close(fd)
    else:
        resource.prlimit(d.proc.pid, resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))


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
