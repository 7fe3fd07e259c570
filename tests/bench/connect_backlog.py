"""A cloud shop's backlog for hangviet-connect (tests/bench/connect_kiotviet.sh):
N KiotViet invoices of 1-11 lines over 2,000 products (three in four with
a barcode, every one with its product code), served frozen by the fake
KiotViet of the tests over TLS, read once by the connector into the daemon
at EP. Prints "RC EVENTS SECONDS PEAK_RSS_KB SENT": the connector's exit
status, the events the invoices make (lines and ends), its wall time, its
peak RSS as the kernel counts it, and the events its log says it sent.

usage: connect_backlog.py CONNECT EP DIR N [WRAPPER...]"""
import json
import os
import random
import re
import subprocess
import sys
import time

import fake_pos

# The connector is started from a small process made before the invoices
# exist: a child forked from this one (hundreds of MB by then) would count
# this process's memory as its own peak until it execs.
LAUNCHER = """
import json, resource, subprocess, sys, time
cmd, log = json.loads(sys.stdin.readline())
t = time.monotonic()
with open(log, "w") as f:
    rc = subprocess.run(cmd, stderr=f).returncode
print(rc, round(time.monotonic() - t, 3), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def gtin(body):
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


def main():
    connect, ep, d, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    wrapper = sys.argv[5:]
    launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
    os.makedirs(d + "/state")
    ca, cert, key = fake_pos.make_ca(d)
    kv = fake_pos.KiotViet(cert, key, "bench", "bench-secret", "benchshop")
    rnd = random.Random(16)
    now = int(time.time() * 1000)
    for p in range(1, 2001):
        prefix = ("893", "690", "885", "")[p % 4]
        kv.put_product(p, f"SP{p:05d}", gtin(prefix + f"{p:09d}") if prefix else "",
                       now - 86_400_000)
    events = 0
    for i in range(n):
        k = rnd.randint(1, 11)
        lines = []
        for _ in range(k):
            p = rnd.randint(1, 2000)
            lines.append((p, f"SP{p:05d}", rnd.choice((1, 1, 2, 3, 0.5)),
                          rnd.randint(5, 200) * 1000, 0))
        t = now - 86_400_000 + i * 800
        kv.put_invoice(10_000_000 + i, f"HD{i:07d}", 1, t, lines,
                       discount=rnd.choice((0, 0, 0, 5000)), changed_ms=t)
        events += k + 1
    kv.freeze()
    with open(f"{d}/secret", "w") as f:
        f.write("bench-secret\n")
    os.chmod(f"{d}/secret", 0o600)
    with open(f"{d}/connect.conf", "w") as f:
        f.write(f"[connect bench]\nkind = kiotviet\nbase_url = {kv.url}\n"
                f"token_url = {kv.url}/connect/token\nretailer = benchshop\nclient_id = bench\n"
                f"secret_file = {d}/secret\nca_file = {ca}\nbranch.1 = bench@{ep}\n")
    cmd = wrapper + [connect, "--config", f"{d}/connect.conf", "--state", f"{d}/state", "--once"]
    rc, secs, rss = launcher.communicate(json.dumps([cmd, f"{d}/connect.log"]) + "\n")[0].split()
    with open(f"{d}/connect.log", errors="replace") as f:
        sent = sum(int(m) for m in re.findall(r"(\d+) events sent", f.read()))
    print(rc, events, secs, rss, sent)
    kv.close()


if __name__ == "__main__":
    main()
