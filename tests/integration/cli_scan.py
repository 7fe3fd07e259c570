#!/usr/bin/env python3
"""`hangviet scan` against a real hangvietd: one transaction of one line per
code, each tagged as `hangviet lookup` prints it, then the receipt; the
events recorded in journal.db on lane 9999 under the daemon's own store id;
sending the same transaction again is recognised; a bad code and a daemon
that is not there are said clearly."""
import json
import subprocess

from hvtest import HANGVIET, Daemon, SRCDIR, Journal, done, eq, free_port, ok


def scan(endpoint, *args):
    p = subprocess.run([HANGVIET, "scan", "--connect", endpoint] + list(args),
                       capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


d = Daemon(store="st-scan", catalog=f"{SRCDIR}/data/sample-catalog.csv").start()

rc, out, err = scan(d.endpoint, "--txn", "T-1", "8936000100018", "8850006330012")
lines = out.splitlines()
eq(rc, 0, "two good codes: exit 0")
eq([line.split()[:4] for line in lines[:2]],
   [["8936000100018", "domestic", "VN", "catalog"], ["8850006330012", "imported", "TH", "prefix"]],
   "each line tagged as lookup prints it")
ok(lines[0].endswith("Trà Tân Cương Hoàng Bình"), "with the catalog's name", out)
eq(lines[2], "T-1: Hàng Việt: 1/2 món", "then the transaction's receipt line")

j = Journal(d.journal())
rows = sorted(j.db.execute("SELECT store, lane, txn, line, op FROM event WHERE txn = 'T-1'"))
eq(rows, [("st-scan", 9999, "T-1", 0, "end"), ("st-scan", 9999, "T-1", 1, "scan"),
          ("st-scan", 9999, "T-1", 2, "scan")],
   "recorded under the daemon's store id, on lane 9999")

rc, out, err = scan(d.endpoint, "--txn", "T-1", "--format", "json", "8936000100018")
obj = json.loads(out.splitlines()[0])
eq((rc, obj["class"], obj["dup"]), (0, "domestic", True),
   "the same line sent again: json says it was recorded before")
eq(j.db.execute("SELECT count(*) FROM event WHERE txn = 'T-1'").fetchone()[0], 3,
   "and nothing more is recorded")

rc, out, err = scan(d.endpoint, "--lane", "4", "--txn", "T-2", "12345", "8935049500018")
first = out.splitlines()[0] if out else ""
ok(rc == 1 and first.startswith("12345") and "unknown" in first and "wrong length" in first,
   "a code that is no GTIN: exit 1, unknown and its note on its line", out + err)
eq(sorted(j.db.execute("SELECT lane, line, op, code FROM event WHERE txn = 'T-2'")),
   [(4, 0, "end", ""), (4, 1, "scan", "12345"), (4, 2, "scan", "8935049500018")],
   "every sold line is recorded (the code that is no GTIN too), and the end, on --lane")
j.close()

nobody = f"tcp://127.0.0.1:{free_port()}"
rc, out, err = scan(nobody, "8936000100018")
ok(rc == 1 and nobody in err and "hangvietd" in err, "no daemon: exit 1, naming the endpoint",
   err)
for args, what in ((["--lane", "0", "1"], "--lane 0"), ([], "no code"),
                   (["--txn", "é", "1"], "a txn that is not ASCII")):
    rc, out, err = scan(d.endpoint, *args)
    ok(rc == 2 and "Usage" in err, f"{what}: a usage error", err)
eq(d.stop(), 0, "the daemon stops cleanly")
done()
