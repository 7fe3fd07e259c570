#!/usr/bin/env python3
"""A subscriber that never reads does not hold the daemon up: a subscriber
that does read still gets every message in order (no seq gap), and the
daemon's status counts the stall (the stalled one then misses messages,
which it would see as a seq gap). One-second windows and
events spread over past seconds make every event a feed message."""
import threading
import time

import msgpack
import zmq

from hvtest import Client, Daemon, done, eq, now_ms, ok

ctx = zmq.Context.instance()
N_PROBE = 25_000  # the daemon runs natively here, even under make memcheck


def status(d):
    s = ctx.socket(zmq.DEALER)
    s.setsockopt(zmq.LINGER, 0)
    s.connect(d.sync)
    s.send_multipart([b"", msgpack.packb({"op": "status"})])
    assert s.poll(5000)
    m = msgpack.unpackb(s.recv_multipart()[-1], raw=False)
    s.close()
    return m


def run(stalled):
    """One run: feed load plus latency probes. Returns (p99 ms, stalls,
    gaps seen by a reading subscriber, messages it read)."""
    d = Daemon(extra=["--window", "1", "--durability", "normal"], memcheck=False).start()
    reader = ctx.socket(zmq.SUB)
    reader.setsockopt(zmq.LINGER, 0)
    reader.setsockopt(zmq.RCVHWM, 0)
    reader.setsockopt(zmq.SUBSCRIBE, b"hv1/")  # tallies and heartbeats: seq has no holes
    reader.connect(d.feed)
    if stalled:
        stuck = ctx.socket(zmq.SUB)
        stuck.setsockopt(zmq.LINGER, 0)
        stuck.setsockopt(zmq.RCVHWM, 100)
        stuck.setsockopt(zmq.RCVBUF, 4096)
        stuck.setsockopt(zmq.SUBSCRIBE, b"")
        stuck.connect(d.feed)
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
    probe = Client(d.endpoint)
    t0 = now_ms() - 6 * 86400_000
    lat = []
    for i in range(N_PROBE):
        t = time.perf_counter()
        probe.call({"op": "scan", "store": "st-01", "lane": 1, "txn": f"P{i // 20}",
                    "line": i % 20 + 1, "code": "8936000100018", "qty": 1, "ts": t0 + i * 1000})
        lat.append((time.perf_counter() - t) * 1000)
    time.sleep(1.5)
    stop.set()
    rt.join()
    stalls = status(d)["stalls"]
    d.stop()
    lat.sort()
    gaps = sum(1 for a, b in zip(seqs, seqs[1:]) if b != a + 1)
    return lat[int(len(lat) * 0.99)], stalls, gaps, len(seqs)


base = run(False)
with_stall = run(True)
# The p99 comparison is reported, not asserted: on this 2-core machine two
# identical runs differ by more than 10% at p99 (0.85-2.1 ms seen), so a 10%
# bound cannot be told from noise here. The issue keeps it open.
print(f"# p99 {base[0]:.2f} ms alone, {with_stall[0]:.2f} ms with a stalled subscriber; "
      f"{with_stall[3]} feed messages read by the other subscriber", flush=True)
eq(base[1], 0, "no stall counted without a stalled subscriber")
ok(with_stall[1] > 0, f"status counts the stalled subscriber: stalls {with_stall[1]}")
eq(with_stall[2], 0, "a subscriber that reads misses nothing meanwhile (no seq gap)")
done()
