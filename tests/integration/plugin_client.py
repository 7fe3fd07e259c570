#!/usr/bin/env python3
"""libhangviet, called as a POS calls it (through ctypes), against a real
hangvietd: tags come through; every call keeps the 50 ms budget with the
daemon stopped and with it paused (SIGSTOP); events spooled meanwhile are
all recorded exactly once when it is back; late replies are never taken for
the next request's; a full spool says so."""
import os
import signal
import time

from hvtest import Daemon, Journal, done, eq, ok, tmpdir, SRCDIR
import libhv

BUDGET_MS = 50
state = tmpdir()
spool = os.path.join(tmpdir(), "spool")
d = Daemon(state=state, catalog=f"{SRCDIR}/data/sample-catalog.csv",
           extra=["--province", "thai-nguyen"], memcheck=False)
d.start()
c = libhv.Client(d.endpoint, spool, lane=4)
ok(c.c is not None, "hangviet_open", c.error)
eq(libhv.lib.hangviet_version().decode(), "0.1.0", "hangviet_version")

# Tags through the library.
st, r = c.scan("P1", 1, "8936000100018", 2, 370000)
eq((st, r.text("cls"), r.text("country"), r.text("basis"), r.ocop, r.local, r.text("name")),
   (libhv.OK, "domestic", "VN", "catalog", 5, 1, "Trà Tân Cương Hoàng Bình"), "scan: the tag")
st, r = c.scan("P1", 2, "8850006330012", 1, 64000)
eq((st, r.text("cls"), r.text("country")), (libhv.OK, "imported", "TH"), "scan: an import")
st, r = c.scan("P1", 1, "8936000100018", 2, 370000)
eq((st, r.dup), (libhv.OK, 1), "the same scan again: dup")
st, r = c.scan("P1", 4, "8935049500015", 1, 1000)
eq((st, r.text("cls"), r.text("basis"), r.text("gtin")), (libhv.OK, "unknown", "none", ""),
   "a code that is no GTIN: HANGVIET_OK, unknown, no GTIN")
ok("check digit" in c.note(), "hangviet_note says why", c.note())
st, r = c.scan("P1", 3, "8937777700012", 1, 900000)
eq(c.note(), "", "a GTIN's scan clears the note")
eq(c.void("P1", 3)[0], libhv.OK, "void")
# Lines 1 (2 domestic, 370,000), 2 (1 imported, 64,000) and 4 (1 unknown,
# 1,000): 2 of 4 items, 370,000 / 435,000 = 85.1% of the value.
st, r = c.end("P1", 435000)
eq((st, list(r.items), list(r.value), r.text("receipt")),
   (libhv.OK, [2, 1, 1], [370000, 64000, 1000], "Hàng Việt: 2/4 món, 85% giá trị"),
   "end: the basket and the receipt line")
c.scan("P2", 1, "8850006330012", 1, 64000)
eq(c.cancel("P2")[0], libhv.OK, "cancel")
st, r = c.lookup("04252614", "upce")
eq((st, r.text("gtin")), (libhv.OK, "0042100005264"), "lookup with a symbology")
eq(c.scan("x" * 65, 1, "8850006330012")[0], libhv.EINVAL, "a txn too long: EINVAL")
eq(c.scan("P3", 1, "8850006330012", 0)[0], libhv.EINVAL, "qty 0: EINVAL")
eq(c.scan("P3", 1, "8850006330012", 1, sym="qr")[0], libhv.EINVAL, "an unknown symbology: EINVAL")


def timed_scans(txn, n):
    """N scans; their statuses and durations in ms."""
    out = []
    for i in range(n):
        code = "8936000100018" if i % 2 == 0 else "8850006330012"
        t0 = time.perf_counter()
        st, r = c.scan(txn, i + 1, code, 1, 1000)
        out.append((st, (time.perf_counter() - t0) * 1000, r.text("cls")))
    return out


def budget_check(results, what):
    worst = max(ms for _, ms, _ in results)
    ok(worst <= BUDGET_MS, f"{what}: every call within {BUDGET_MS} ms (worst {worst:.1f} ms "
       f"over {len(results)} calls)")


# The daemon stopped: calls return within the budget, all spooled, class unknown.
d.stop()
res = timed_scans("DOWN", 200)
budget_check(res, "daemon stopped")
eq({(st, cls) for st, _, cls in res}, {(libhv.SPOOLED, "unknown")},
   "daemon stopped: every scan spooled, class unknown")
eq(c.spooled(), 200, "200 events wait in the spool")
ok(any("does not answer" in line for line in c.logged), "the library says it is spooling",
   c.logged)

# Back: the spool drains, every event recorded once.
d.start()
eq(c.flush(10_000), 0, "the daemon is back: the spool drains")
st, r = c.scan("AFTER", 1, "8936000100018", 1, 1000)
eq((st, r.text("cls")), (libhv.OK, "domestic"), "and calls are answered again")

# The daemon paused: the same budget; nothing lost or doubled when it resumes.
os.kill(d.proc.pid, signal.SIGSTOP)
res = timed_scans("PAUSED", 100)
os.kill(d.proc.pid, signal.SIGCONT)
budget_check(res, "daemon paused (SIGSTOP)")
ok(all(st == libhv.SPOOLED for st, _, _ in res), "daemon paused: every scan spooled")
left = c.flush(10_000)
eq(left, 0, "after SIGCONT the spool drains")

# Late replies: after the pause, each answer belongs to its own request.
res = timed_scans("LATE", 40)
eq([cls for _, _, cls in res], ["domestic", "imported"] * 20,
   "each reply is for its own scan (late ones were not taken for the next)")
eq(d.stop(), 0, "daemon stops cleanly")

j = Journal(d.journal())
scans = {}
for (_s, lane, txn, line, op, *_r) in j.events():
    if op == "scan":
        scans[(txn, line)] = scans.get((txn, line), 0) + 1
for txn, n in (("DOWN", 200), ("PAUSED", 100), ("LATE", 40)):
    got = sorted(line for (t, line) in scans if t == txn)
    eq(got, list(range(1, n + 1)), f"{txn}: every scan in the journal")
eq(max(scans.values()), 1, "none recorded twice")

# A full spool: the event is lost and the library says so, once.
c.close()
small = libhv.Client("tcp://127.0.0.1:1", os.path.join(tmpdir(), "small"), lane=5,
                     spool_max=2000)
sts = [small.scan("FULL", i + 1, "8850006330012", 1, 1000)[0] for i in range(60)]
ok(sts[0] == libhv.SPOOLED and sts[-1] == libhv.NO_ANSWER,
   "a full spool: NO_ANSWER once it is full", sts)
eq(sum("is full" in line for line in small.logged), 1, "the full spool is logged once")
small.close()
done()
