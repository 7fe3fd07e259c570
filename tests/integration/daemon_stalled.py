#!/usr/bin/env python3
"""Feed subscribers that cannot keep up never hold the daemon up, and the
numbers say what happened. Three subscribers follow one store under load:
one that reads everything (it misses nothing: no seq gap), one that never
reads until the load is over (the store's status counts the stall; the gap
in its seqs shows how many it missed), and a hangviet-district paused with
SIGSTOP meanwhile (its status counts the messages it missed, and it still
ends with exactly the store's history). One-second windows and events
spread over past seconds make every event a feed message.

Scan latency with and without a stalled subscriber is measured by the
benchmark tests/bench/stall_latency (make bench): a timing bound belongs
in interleaved runs of a C client, not in a functional test."""
import os
import signal
import threading
import time

import msgpack
import zmq

from hvtest import (Daemon, District, done, eq, history_tallies, now_ms, ok, send_pipelined,
                    sync_call)

ctx = zmq.Context.instance()
N_LOAD = 25_000  # the daemon runs natively here, even under make memcheck


def subscriber(endpoint, hwm, prefix=b"hv1/"):
    s = ctx.socket(zmq.SUB)
    s.setsockopt(zmq.LINGER, 0)
    s.setsockopt(zmq.RCVHWM, hwm)
    if hwm:
        s.setsockopt(zmq.RCVBUF, 4096)
    s.setsockopt(zmq.SUBSCRIBE, prefix)  # tallies and heartbeats: seq has no holes
    s.connect(endpoint)
    return s


def read_for(sock, seconds):
    """The seqs of every message that comes within SECONDS."""
    seqs, end = [], time.time() + seconds
    while sock.poll(max(0, int((end - time.time()) * 1000))):
        seqs.append(msgpack.unpackb(sock.recv_multipart()[1], raw=False)["seq"])
    return seqs


def missed(seqs):
    return sum(b - a - 1 for a, b in zip(seqs, seqs[1:]) if b > a + 1)


d = Daemon(extra=["--window", "1", "--durability", "normal"], memcheck=False).start()
dist = District("office", "tp-tn", [d]).start()
reader = subscriber(d.feed, 0)
time.sleep(1)
eq(sync_call(d.sync, {"op": "status"})["feed_stalls"], 0, "no stall counted before any")
stuck = subscriber(d.feed, 100)
time.sleep(0.5)

seqs = []
stop = threading.Event()


def read():
    while not stop.is_set() or reader.poll(500):
        if reader.poll(100):
            seqs.append(msgpack.unpackb(reader.recv_multipart()[1], raw=False)["seq"])


rt = threading.Thread(target=read)
rt.start()
# Each scan counts in a past one-second window of its own: each makes a
# feed message at once (a closed window is published without delay).
t0 = now_ms() - 6 * 86400_000
os.kill(dist.proc.pid, signal.SIGSTOP)
send_pipelined(d.endpoint, ({"op": "scan", "store": "st-01", "lane": 1, "txn": f"P{i // 20}",
                             "line": i % 20 + 1, "code": "8936000100018", "qty": 1,
                             "ts": t0 + i * 1000} for i in range(N_LOAD)), window=50)
time.sleep(1)
os.kill(dist.proc.pid, signal.SIGCONT)
stop.set()
rt.join()

st = sync_call(d.sync, {"op": "status"})
stuck_seqs = read_for(stuck, 3)  # its queue, then past the gap the next heartbeats
ok(st["feed_stalls"] > 0, f"the store's status counts the stalled subscriber: feed_stalls "
   f"{st['feed_stalls']}", st)
eq(missed(seqs), 0, f"the subscriber that reads misses nothing ({len(seqs)} messages, no seq gap)")
ok(len(seqs) >= N_LOAD, f"and it got every scan's tally ({len(seqs)} of at least {N_LOAD})")
ok(missed(stuck_seqs) > 0, f"the stalled subscriber sees by seq what it missed: "
   f"{missed(stuck_seqs)} of {stuck_seqs[-1] - stuck_seqs[0] + 1 if stuck_seqs else 0}")

# The paused district: what it missed is counted, and it catches up.
want = history_tallies(d.sync)
deadline = time.time() + 60
while time.time() < deadline:
    got = history_tallies(dist.sync)
    if {k: v for k, v in got.items() if k[0] != "*"} == want:
        break
    time.sleep(0.5)
eq({k: v for k, v in got.items() if k[0] != "*"}, want,
   "the paused district ends with exactly the store's history")
ds = sync_call(dist.sync, {"op": "status"})
ok(ds["missed"] > 0, f"and its status counts the feed messages it missed: {ds['missed']}", ds)
eq(dist.stop(), 0, "the district stops cleanly")
eq(d.stop(), 0, "the store stops cleanly")
done()
