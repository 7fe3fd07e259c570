#!/usr/bin/env python3
"""`hangviet status` against a real hangvietd and a real hangviet-district:
what an operator checks first (version, uptime, events today, the last
commit, the feed's subscribers, the journal's size), in text and JSON, and a
clear failure when nothing answers. Every expected figure comes from what
the test sent or from the files on disk."""
import json
import os
import subprocess
import time

import zmq

from hvtest import (HANGVIET, Client, Daemon, District, connect, done, eq, free_port, now_ms,
                    ok, sync_call)


def status(endpoint, *args):
    p = subprocess.run([HANGVIET, "status", "--connect", endpoint] + list(args),
                       capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def status_json(endpoint):
    rc, out, err = status(endpoint, "--format", "json")
    assert rc == 0, err
    return json.loads(out)


def file_size(path):
    return os.path.getsize(path) if os.path.exists(path) else 0


d = Daemon(store="st-status", extra=["--province", "thai-nguyen", "--district", "tp-tn"]).start()
before = now_ms()
s = status_json(d.sync)
eq((s["node"], s["version"], s["events_today"], s["last_commit"], s["subscribers"]),
   ("st-status", subprocess.run([HANGVIET, "--version"], capture_output=True, text=True)
    .stdout.split()[-1], 0, 0, 0),
   "a fresh daemon: its node and version, nothing counted, no commit, no subscriber")
ok(0 <= s["uptime"] <= 30, "uptime in seconds since it started", str(s["uptime"]))

# 7 scans, 2 of them sent twice (duplicates count once), 1 voided: the day
# holds 6 lines and 1 void, as `hangviet report` would show them.
c = Client(d.endpoint)
base = {"store": "st-status", "lane": 2, "txn": "T1"}
scans = [dict(base, op="scan", line=i, code="8935049500018", qty=1, amount=10000, ts=now_ms())
         for i in range(1, 8)]
replies = [c.call(ev) for ev in scans + scans[:2]]
replies.append(c.call(dict(base, op="void", line=3, ts=now_ms())))
ok(all(r.get("ok") for r in replies), "the scans, repeats and void are taken", repr(replies))
c.close()
after = now_ms()

sub = connect(zmq.SUB, d.feed)
sub.setsockopt(zmq.SUBSCRIBE, b"hv1/")
sub2 = connect(zmq.SUB, d.feed)
sub2.setsockopt(zmq.SUBSCRIBE, b"hv1/tally/thai-nguyen/")
silent = connect(zmq.SUB, d.feed)  # connected, subscribed to nothing: not counted
time.sleep(0.5)
# Events today come from the checkpointed windows: a second old at most.
deadline = time.time() + 10
while (s := status_json(d.sync))["events_today"] != 7 and time.time() < deadline:
    time.sleep(0.2)
eq(s["events_today"], 6 + 1, "events today: the lines and voids counted (duplicates once)")
ok(before <= s["last_commit"] <= after + 1000, "last commit: when the scans were committed",
   f"{before} <= {s['last_commit']} <= {after}")
eq(s["subscribers"], 2, "subscribers: the two that subscribed to the feed")
journal = d.journal()
on_disk = file_size(journal) + file_size(journal + "-wal")
ok(s["journal_size"] > 0 and abs(s["journal_size"] - on_disk) <= 64 * 1024,
   "journal size: journal.db and its log, as on disk", f"{s['journal_size']} vs {on_disk}")
eq({k: s[k] for k in ("dropped", "refused", "feed_stalls")},
   {"dropped": 0, "refused": 0, "feed_stalls": 0}, "nothing dropped, refused or stalled")
raw = sync_call(d.sync, {"op": "status"})
eq(sorted(raw), sorted(s), "the JSON output holds the answer's keys as they are")

sub2.close()
time.sleep(1.5)
eq(status_json(d.sync)["subscribers"], 1, "a subscriber that leaves is no longer counted")

rc, out, err = status(d.sync)
lines = {line[:17].strip(): line[17:].strip() for line in out.splitlines()}
eq((rc, lines.get("events today"), lines.get("subscribers")), (0, "7", "1"),
   "text: one line per figure")
ok(lines.get("node", "").startswith("st-status (thai-nguyen/tp-tn)"),
   "text: the node with its province and district", out)
ok(lines.get("journal size", "").endswith(("kB", "MB")), "text: the size in kB or MB", out)
ok("ago" in lines.get("last commit", ""), "text: how long ago the last commit was", out)

# Vietnamese.
env = dict(os.environ, LANG="vi_VN.UTF-8", LANGUAGE="vi")
p = subprocess.run([HANGVIET, "status", "--connect", d.sync], capture_output=True, text=True,
                   env=env)
ok(p.returncode == 0 and "sự kiện hôm nay" in p.stdout, "the labels in Vietnamese", p.stdout)

# A district node following the store: the same questions, its own answers.
n = District("status-node", "tp-tn", [d]).start()
deadline = time.time() + 15
while time.time() < deadline:
    try:
        ns = status_json(n.sync)
        if ns["events_today"] == 7:
            break
    except (AssertionError, KeyError):
        pass
    time.sleep(0.3)
eq((ns["node"], ns["stores"], ns["events_today"]), ("status-node", 1, 7),
   "a district node: its store, and the region's events today")
ok(ns["last_commit"] > 0 and ns["journal_size"] == file_size(
    os.path.join(n.state, "district.db")) + file_size(os.path.join(n.state, "district.db-wal")),
   "a district node: its last checkpoint and district.db's size", json.dumps(ns))
n.stop()

# Nothing there: exit 1 and say what to check.
nobody = f"tcp://127.0.0.1:{free_port()}"
t0 = time.time()
rc, out, err = status(nobody, "--timeout", "1")
ok(rc == 1 and nobody in err and "running" in err and time.time() - t0 < 5,
   "nothing answering: exit 1 within the timeout, naming the endpoint", err)
rc, out, err = status(d.sync, "--format", "yaml")
ok(rc == 2 and "yaml" in err, "a wrong --format is a usage error", err)
rc, out, err = status(d.sync, "--timeout", "0")
ok(rc == 2 and "--timeout" in err, "a wrong --timeout is a usage error", err)

eq(d.stop(), 0, "the daemon stops cleanly")
done()
