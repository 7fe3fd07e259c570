#!/usr/bin/env python3
"""hangviet-bridge against a real hangvietd: line mode (stdin, CR LF ends,
VOID, CANCEL, quantities and amounts) and POSLog mode (a sale with a return
and a voided line, a cancelled transaction, malformed files, an external
entity that must not be read). Counts equal the test's own recomputation;
files land in done/ or failed/ with a .err naming the line; sending the same
files again records nothing twice; the watcher picks up a dropped file."""
import glob
import os
import shutil
import signal
import subprocess
import time

from hvtest import Daemon, Journal, done, eq, ok, tmpdir, SRCDIR

BRIDGE = os.environ.get("HANGVIET_BRIDGE", os.path.join(os.getcwd(), "plugin/hangviet-bridge"))
spool_dir = tmpdir()
d = Daemon(catalog=f"{SRCDIR}/data/sample-catalog.csv", extra=["--province", "thai-nguyen"],
           memcheck=False)
d.start()


def bridge(*args, stdin=None, timeout=60):
    return subprocess.run([BRIDGE, "--store", "st-01", "--connect", d.endpoint,
                           "--spool-dir", spool_dir, *args],
                          input=stdin, capture_output=True, text=True, timeout=timeout)


def lane_totals(lane):
    """Counters summed over all windows of LANE, from the checkpointed tallies."""
    d.stop()
    j = Journal(d.journal())
    total = {}
    for (store, win, key), c in j.tallies("lane").items():
        if key == str(lane):
            for k, v in c.items():
                total[k] = total.get(k, 0) + v
    n = len(j.events())
    j.close()
    d.start()
    return {k: v for k, v in total.items() if v}, n


# ---------------------------------------------------------------- line mode
script = ("8936000100018,1,185000\r\n8850006330012,2,128000\r\n8937777700012,1,900000\r\n"
          "VOID 3\r\n\r\n"
          "8935049500018\nCANCEL\n"
          "8935049500015\n"
          "8850006330012,1,64000\nEND\n")
p = bridge("--lane", "3", stdin=script)
eq(p.returncode, 0, "line mode exits 0")
lines = p.stdout.splitlines()
eq(lines[0], "8936000100018\tdomestic\tVN\tTrà Tân Cương Hoàng Bình", "a tag per scan")
eq(lines[3], "Hàng Việt: 1/3 món, 59% giá trị", "the receipt line at the end of a basket")
ok("8935049500015\tunknown\t-\t\t(the check digit is wrong)" in lines,
   "a code that is no GTIN is counted as unknown, its note shown", p.stdout)
eq(lines[-1], "Hàng Việt: 0/2 món, 0% giá trị", "the last basket's receipt")
got, _ = lane_totals(3)
eq(got, {"items_dom": 1, "value_dom": 185000, "items_imp": 3, "value_imp": 192000,
         "items_unk": 1, "items_ocop": 1, "value_ocop": 185000, "items_local": 1,
         "value_local": 185000, "lines": 4, "voids": 1, "txns": 2},
   "line mode: lane 3 counts equal the recomputation (a void, a cancel, two ends)")

# A serial scanner: a pseudo-terminal stands in for /dev/ttyACM0; the
# scanner ends each code with CR only. What is checked is the framing, so
# the daemon gets 5 s to answer (a CI run once saw the first scan of a new
# connection wait past the lane's 50 ms on an fsync, and spool).
master, slave = os.openpty()
w = subprocess.Popen([BRIDGE, "--store", "st-01", "--connect", d.endpoint, "--spool-dir",
                      spool_dir, "--lane", "8", "--device", os.ttyname(slave), "--baud", "9600",
                      "--timeout", "5000"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
time.sleep(0.3)
os.write(master, b"8936000100018\r8850006330012\r\r")
time.sleep(1.0)
os.close(master)
os.close(slave)
try:
    out, err = w.communicate(timeout=10)
except subprocess.TimeoutExpired:
    w.kill()
    out, err = w.communicate()
eq(out.splitlines(), ["8936000100018\tdomestic\tVN\tTrà Tân Cương Hoàng Bình",
                      "8850006330012\timported\tTH\t", "Hàng Việt: 1/2 món"],
   "a serial scanner (CR-terminated codes on a tty at 9600 baud)")

# Signals reach a bridge waiting for input (stdin left open, a basket
# started): HUP changes nothing, TERM ends the basket and exits 0. The
# daemon gets 5 s to answer here (not the 50 ms a lane allows): what is
# checked is that the basket is ended, and a receipt needs an answer.
w = subprocess.Popen([BRIDGE, "--store", "st-01", "--connect", d.endpoint, "--spool-dir",
                      spool_dir, "--lane", "9", "--timeout", "5000"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True)
w.stdin.write("8936000100018\n")
w.stdin.flush()
time.sleep(0.5)
w.send_signal(signal.SIGHUP)
time.sleep(0.3)
eq(w.poll(), None, "SIGHUP does not stop a bridge that waits for scans")
w.send_signal(signal.SIGTERM)
try:
    out, err = w.communicate(timeout=5)
except subprocess.TimeoutExpired:
    w.kill()
    out, err = w.communicate()
eq(w.returncode, 0, "SIGTERM stops a bridge blocked on its input, exit 0")
eq(out.splitlines(), ["8936000100018\tdomestic\tVN\tTrà Tân Cương Hoàng Bình",
                      "Hàng Việt: 1/1 món"], "and the open basket is finished first")
ok("SIGHUP" in err, "the HUP is said in the log", err)

# ------------------------------------------------------------- POSLog mode
drop = tmpdir()
for f in glob.glob(f"{SRCDIR}/tests/data/poslog/*.xml"):
    shutil.copy(f, drop)
p = bridge("--poslog", drop, "--once")
eq(p.returncode, 0, "POSLog --once exits 0", )
eq(sorted(os.listdir(os.path.join(drop, "done"))),
   ["sample-bad-lane.xml", "sample-cancelled.xml", "sample-sale.xml", "sample-xxe.xml"],
   "POSLog files move to done/, their refused transactions apart")
eq(sorted(os.listdir(os.path.join(drop, "failed"))),
   ["sample-bad-lane.t1.xml", "sample-bad-lane.t1.xml.err", "sample-malformed.xml",
    "sample-malformed.xml.err", "sample-xxe.t1.xml", "sample-xxe.t1.xml.err"],
   "a malformed file moves to failed/ whole, a refused transaction as a file of its own")
errs = {f: open(os.path.join(drop, "failed", f)).read()
        for f in os.listdir(os.path.join(drop, "failed")) if f.endswith(".err")}
ok("line 10" in errs["sample-malformed.xml.err"] and "tag mismatch" in errs["sample-malformed.xml.err"],
   "the .err names the line and the reason", errs["sample-malformed.xml.err"])
ok("SequenceNumber 1004" in errs["sample-bad-lane.t1.xml.err"] and
   "WorkstationID \"till-six\"" in errs["sample-bad-lane.t1.xml.err"],
   "a bad WorkstationID is named, with its transaction", errs["sample-bad-lane.t1.xml.err"])
ok([f for f in os.listdir(drop) if f.endswith(".xml")] == [], "nothing is left in the drop folder")
# The sale: 2 OCOP teas 370,000 (local), an import 64,000, a voided line,
# a returned Korean item -25,000; the cancelled transaction counts nothing.
want6 = {"items_dom": 2, "value_dom": 370000, "value_imp": 39000, "items_ocop": 2,
         "value_ocop": 370000, "items_local": 2, "value_local": 370000, "lines": 3, "voids": 1,
         "txns": 1}
got, events = lane_totals(6)
eq(got, want6, "POSLog: lane 6 counts equal the recomputation")
with open("/etc/hostname") as f:
    secret = f.read().strip()
j = Journal(d.journal())
ok(not any(secret and secret in (code or "") for (*_k, code, _q, _a) in j.events()),
   "the external entity was not read")
j.close()

# Again: the same files record nothing twice.
for f in os.listdir(os.path.join(drop, "done")):
    shutil.move(os.path.join(drop, "done", f), os.path.join(drop, f))
p = bridge("--poslog", drop, "--once")
eq(p.returncode, 0, "the same files again: exit 0")
got2, events2 = lane_totals(6)
eq((got2, events2), (want6, events), "the same files again: nothing counted twice")

# The watcher: a file dropped while it runs (written, then renamed in).
w = subprocess.Popen([BRIDGE, "--store", "st-01", "--connect", d.endpoint, "--spool-dir",
                      spool_dir, "--poslog", drop], stderr=subprocess.DEVNULL)
time.sleep(0.5)
xml = open(f"{SRCDIR}/tests/data/poslog/sample-sale.xml").read().replace(
    "<SequenceNumber>1001</SequenceNumber>", "<SequenceNumber>2001</SequenceNumber>")
with open(os.path.join(drop, ".incoming.tmp"), "w") as f:
    f.write(xml)
os.rename(os.path.join(drop, ".incoming.tmp"), os.path.join(drop, "later.xml"))
deadline = time.time() + 10
while time.time() < deadline and not os.path.exists(os.path.join(drop, "done", "later.xml")):
    time.sleep(0.1)
ok(os.path.exists(os.path.join(drop, "done", "later.xml")), "the watcher sends a dropped file")
w.send_signal(signal.SIGTERM)
eq(w.wait(10), 0, "the watcher stops on SIGTERM")
got3, _ = lane_totals(6)
eq(got3, {k: 2 * v for k, v in want6.items()}, "and its transaction counts once")
eq(d.stop(), 0, "the daemon stops cleanly")

p = subprocess.run([BRIDGE, "--lane", "2"], capture_output=True, text=True)
ok(p.returncode == 2 and "--store" in p.stderr, "no --store: exit 2, said", p.stderr)
done()
