#!/usr/bin/env python3
"""The store daemon's feed and sync: tally messages per changed window on
topic hv1/tally/PROVINCE/DISTRICT/STORE (final once a window has closed,
republished with a higher rev when a late event reopens it), heartbeats
every second, seq increasing across restarts, history and status on sync,
and a late joiner (subscribe, history, buffered updates newer than
done.seq) that ends with exactly the store's tallies."""
import threading
import time

import msgpack
import zmq

from event_model import Model
from hvtest import Client, Daemon, done, eq, now_ms, ok, SRCDIR, sync_call, sync_history

ctx = zmq.Context.instance()
d = Daemon(catalog=f"{SRCDIR}/data/sample-catalog.csv",
           extra=["--province", "thai-nguyen", "--district", "tp-thai-nguyen", "--window", "60"])
d.start()


def subscribe(prefix=b"hv1/"):
    s = ctx.socket(zmq.SUB)
    s.setsockopt(zmq.LINGER, 0)
    s.setsockopt(zmq.SUBSCRIBE, prefix)
    s.connect(d.feed)
    return s


def recv_all(sock, seconds):
    """Messages (topic, body) received for SECONDS."""
    out, end = [], time.time() + seconds
    while time.time() < end:
        if sock.poll(50):
            topic, body = sock.recv_multipart()
            out.append((topic.decode(), msgpack.unpackb(body, raw=False)))
    return out


sub = subscribe()
time.sleep(0.3)
c = Client(d.endpoint)
now = now_ms()
past = now - 3600_000  # an hour ago: a closed window
r = c.call({"op": "scan", "store": "st-01", "lane": 1, "txn": "F1", "line": 1,
            "code": "8936000100018", "qty": 2, "amount": 370000, "ts": past})
c.call({"op": "scan", "store": "st-01", "lane": 1, "txn": "F1", "line": 2,
        "code": "8850006330012", "qty": 1, "amount": 64000})
msgs = recv_all(sub, 2.5)
tallies = [(t, m) for t, m in msgs if m.get("kind") == "tally"]
hbs = [(t, m) for t, m in msgs if m.get("kind") == "hb"]
eq({t for t, _ in tallies}, {"hv1/tally/thai-nguyen/tp-thai-nguyen/st-01"}, "tally topic")
ok(len(hbs) >= 2 and all(t == "hv1/hb/thai-nguyen/tp-thai-nguyen/st-01" for t, _ in hbs),
   f"{len(hbs)} heartbeats in 2.5 s", hbs[:1])
seqs = [m["seq"] for _, m in msgs]
eq(seqs, sorted(seqs), "seq increases")
eq(len(set(seqs)), len(seqs), "seq never repeats")
by_win = {}
for _, m in tallies:
    by_win.setdefault(m["window"], []).append(m)
old = by_win.get(past - past % 60000, [])
ok(len(old) >= 1 and old[-1]["final"] is True and old[-1]["t"]["items_dom"] == 2
   and old[-1]["t"]["value_ocop"] == 370000 and old[-1]["span"] == 60000,
   "a late event reopens a closed window: published final with its counts", old)
cur = by_win.get(now - now % 60000) or by_win.get(now_ms() - now_ms() % 60000) or []
ok(len(cur) >= 1 and cur[-1]["t"]["items_imp"] == 1 and cur[-1]["lanes"]["1"]["items_imp"] == 1,
   "the open window is published with its lanes", cur)
m = tallies[-1][1]
ok(set(m) >= {"seq", "node", "store", "province", "district", "window", "span", "rev", "final",
              "t", "cats", "lanes"}, "a tally body has the protocol's keys", sorted(m))
eq((m["node"], m["store"], m["province"], m["district"]),
   ("st-01", "st-01", "thai-nguyen", "tp-thai-nguyen"), "node, store, province, district")

# Once more in the old window: the same window again with a higher rev.
c.call({"op": "void", "store": "st-01", "lane": 1, "txn": "F1", "line": 1, "ts": now_ms()})
msgs2 = [m for t, m in recv_all(sub, 1.5) if m.get("kind") == "tally" and m["window"] == old[-1]["window"]]
ok(msgs2 and msgs2[-1]["rev"] > old[-1]["rev"] and msgs2[-1]["t"]["items_dom"] == 0,
   "a void reaching back republishes that window with a higher rev", msgs2)

# hangviet watch shows a line within a second of a scan.
import json
import subprocess
from hvtest import HANGVIET
watchers = [subprocess.Popen([HANGVIET, "watch", "--connect", d.feed, "--count", "1"] + fmt,
                             stdout=subprocess.PIPE, text=True)
            for fmt in ([], ["--format", "json", "--topic", "hv1/tally/thai-nguyen/"])]
time.sleep(0.5)
t0 = time.time()
c.call({"op": "scan", "store": "st-01", "lane": 5, "txn": "W1", "line": 1,
        "code": "8936000100018", "qty": 1, "amount": 185000})
outs = [w.communicate(timeout=10)[0] for w in watchers]
elapsed = time.time() - t0
ok(elapsed < 1.5 and "st-01 [thai-nguyen/tp-thai-nguyen]:" in outs[0] and "domestic items" in outs[0],
   f"watch prints a line {elapsed:.2f} s after the scan", outs[0])
j = json.loads(outs[1].splitlines()[0])
eq((j["topic"], j["msg"]["kind"], j["msg"]["store"]),
   ("hv1/tally/thai-nguyen/tp-thai-nguyen/st-01", "tally", "st-01"), "watch --format json")

# Status and history.
st = sync_call(d.sync, {"op": "status"})
eq((st["op"], st["node"], st["province"], st["district"], st["stores"]),
   ("status", "st-01", "thai-nguyen", "tp-thai-nguyen", 1), "status")
ok(st["seq"] >= max(seqs) and st["feed_stalls"] == 0 and st["dropped"] == 0 and st["missed"] == 0,
   "status: seq, no subscriber stalled, nothing dropped or missed", st)
wins, fin = sync_history(d.sync)
eq(fin["op"], "done", "history ends with done")
ok(fin["seq"] >= max(seqs), "done carries the feed's seq", fin)
hist = {w["window"]: (w["rev"], w["t"]) for w in wins}
ok(old[-1]["window"] in hist and hist[old[-1]["window"]][1]["items_dom"] == 0,
   "history holds the windows as they stand", hist)
eq(sync_call(d.sync, {"op": "dance"})["op"], "error", "an unknown sync op: error")

# A late joiner while events keep coming: subscribe, ask history, apply
# updates newer than done.seq; it ends with the store's own tallies.
model = Model(11)
events = model.lane_events(2, 600, now_ms() - 3 * 3600_000, dup_rate=0)
stop = threading.Event()


def load():
    c2 = Client(d.endpoint, dealer=True, timeout_ms=20_000)
    for i, ev in enumerate(events):
        c2.send(ev)
        c2.recv()
        if i == len(events) // 3:
            ready.set()
    stop.set()


ready = threading.Event()
t = threading.Thread(target=load)
t.start()
ready.wait(30)
late = subscribe(b"hv1/tally/")
time.sleep(0.2)
wins, fin = sync_history(d.sync)
state = {w["window"]: w for w in wins}
buffered = []
while not stop.is_set():
    if late.poll(50):
        buffered.append(msgpack.unpackb(late.recv_multipart()[1], raw=False))
t.join()
buffered += [m for _, m in recv_all(late, 2.0)]
for m in buffered:
    if m["seq"] > fin["seq"] and (m["window"] not in state or m["rev"] > state[m["window"]]["rev"]):
        state[m["window"]] = m
final_hist, _ = sync_history(d.sync)
want = {w["window"]: w["t"] for w in final_hist}
eq({k: v["t"] for k, v in state.items()}, want,
   "the late joiner ends with the store's tallies, nothing missing, nothing twice")

# seq survives a restart: after a clean stop it goes on where it stopped
# (no gap a subscriber would take for lost messages); after a crash it
# jumps past every number the daemon may have used.
last = sync_call(d.sync, {"op": "status"})["seq"]
eq(d.stop(), 0, "stops cleanly")
d.start()
again = sync_call(d.sync, {"op": "status"})["seq"]
ok(last <= again < last + 10, "after a clean restart seq goes on from where it stopped",
   (last, again))
d.kill()
d.start()
sub3 = subscribe(b"hv1/hb/")
hb = recv_all(sub3, 1.5)
ok(hb and hb[0][1]["seq"] > again, "after a crash seq still goes on increasing", (again, hb[:1]))
eq(d.stop(), 0, "stops cleanly again")
done()
