#!/usr/bin/env python3
"""A POS that crashes mid-spool loses nothing already spooled: a client
process spools events while the daemon is down and is killed with SIGKILL at
a random moment (several times, each round adding more); a new client of the
same lane then sends the spool, and the journal holds every event whose call
had returned SPOOLED, exactly once."""
import os
import random
import signal
import subprocess
import sys
import time

from hvtest import Daemon, Journal, VALGRIND, done, eq, ok, tmpdir

HERE = os.path.dirname(os.path.abspath(__file__))
spool = os.path.join(tmpdir(), "spool")
d = Daemon(memcheck=False)

CHILD = r"""
import sys
sys.path.insert(0, sys.argv[1])
import libhv
c = libhv.Client(sys.argv[2], sys.argv[3], lane=2)
first, mode = int(sys.argv[4]), sys.argv[5]
if mode == "flush":
    print(c.flush(20000), flush=True)
    sys.exit(0)
i = first
while True:
    st, _ = c.scan(f"C{i // 10}", i % 10 + 1, "8850006330012", 1, 1000)
    if st != libhv.SPOOLED:
        print(f"status {st}", flush=True)
        sys.exit(1)
    print(i, flush=True)
    i += 1
"""

rng = random.Random(5)
spooled = []
rounds = 3 if VALGRIND else 8
for r in range(rounds):
    p = subprocess.Popen([sys.executable, "-c", CHILD, HERE, d.endpoint, spool,
                          str(len(spooled) and spooled[-1] + 1), "spool"],
                         stdout=subprocess.PIPE, text=True)
    deadline = time.time() + rng.uniform(0.2, 0.8)
    while time.time() < deadline:
        line = p.stdout.readline()
        if not line or not line.strip().isdigit():
            break
        spooled.append(int(line))
    p.send_signal(signal.SIGKILL)
    p.wait()
    # What it printed before dying had returned; read what is left in the pipe.
    for line in p.stdout.read().split():
        if line.isdigit():
            spooled.append(int(line))
ok(len(spooled) > 20, f"{len(spooled)} events spooled by {rounds} client processes, each killed")

d.start()
out = subprocess.run([sys.executable, "-c", CHILD, HERE, d.endpoint, spool, "0", "flush"],
                     capture_output=True, text=True, timeout=60)
eq(out.stdout.strip(), "0", "a new client of the lane sends the whole spool")
eq(d.stop(), 0, "the daemon stops cleanly")
j = Journal(d.journal())
got = sorted(int(txn[1:]) * 10 + line - 1 for (_s, _l, txn, line, op, *_r) in j.events()
             if op == "scan")
ok(set(spooled) <= set(got), "every event that had been spooled is recorded",
   sorted(set(spooled) - set(got))[:10])
eq(len(got), len(set(got)), "none twice")
done()
