#!/usr/bin/env python3
"""CurveZMQ on hangvietd, as a store's IT person sets it up: keys from
`hangviet keygen`, a config file with [ingest], [feed] and [sync] sections,
allow directories of client keys. A client whose key is not allowed, a
plaintext client, and a client expecting another server get nothing and
record nothing; an allowed one works; a key added to the directory is
admitted without a restart. Plaintext on a network address is refused
unless `insecure = yes`, which warns at every start. No secret is logged."""
import os
import stat
import subprocess
import time

import zmq

from hvtest import (HANGVIET, HANGVIETD, Client, Curve, Daemon, Journal, connect, done, eq,
                    free_port, now_ms, ok, read_key, sync_call, tmpdir)


def keygen(path):
    p = subprocess.run([HANGVIET, "keygen", path], capture_output=True, text=True, timeout=10)
    return p.returncode, p.stdout + p.stderr


def run(*args, timeout=10):
    p = subprocess.run([HANGVIETD, *args], capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout + p.stderr


# ----------------------------------------------------------------- keygen
keys = tmpdir()
rc, out = keygen(os.path.join(keys, "store"))
ok(rc == 0 and "store.key" in out and "store.pub" in out, "keygen writes a pair", out)
mode_key = stat.S_IMODE(os.stat(os.path.join(keys, "store.key")).st_mode)
mode_pub = stat.S_IMODE(os.stat(os.path.join(keys, "store.pub")).st_mode)
eq((oct(mode_key), oct(mode_pub)), ("0o600", "0o644"), "the secret is 0600, the public 0644")
store_pub, store_sec = read_key(os.path.join(keys, "store.pub")), read_key(
    os.path.join(keys, "store.key"))
eq(zmq.curve_public(store_sec), store_pub, "the .pub is the public key of the .key (libzmq)")
with open(os.path.join(keys, "store.key"), "rb") as f:
    before = f.read()
rc, out = keygen(os.path.join(keys, "store"))
ok(rc == 1 and "already exists" in out, "keygen refuses to overwrite (exit 1)", out)
with open(os.path.join(keys, "store.key"), "rb") as f:
    ok(f.read() == before, "and the old secret key is unchanged")
rc, out = keygen(os.path.join(keys, "other"))
rc2, out2 = keygen(os.path.join(keys, "nodir", "x"))
ok(rc2 == 1 and not os.path.exists(os.path.join(keys, "nodir")),
   "keygen into a missing directory: exit 1, nothing written", out2)
rc, out = subprocess.run([HANGVIET, "keygen"], capture_output=True, text=True).returncode, ""
eq(rc, 2, "keygen without a NAME: usage error")

# Clients: two lanes (one allowed), an office (allowed on feed and sync).
for name in ("lane1", "lane2", "office", "intruder"):
    keygen(os.path.join(keys, name))
pair = {n: (read_key(os.path.join(keys, n + ".pub")), read_key(os.path.join(keys, n + ".key")))
        for n in ("lane1", "lane2", "office", "intruder", "other")}
lanes_dir, offices_dir = tmpdir(), tmpdir()
os.link(os.path.join(keys, "lane1.pub"), os.path.join(lanes_dir, "lane1.pub"))
os.link(os.path.join(keys, "office.pub"), os.path.join(offices_dir, "office.pub"))
with open(os.path.join(lanes_dir, "README"), "w") as f:
    f.write("not a key: files not named *.pub are ignored\n")


def curve(name, server=store_pub):
    return Curve(server, *pair[name])


# ------------------------------------------------------------- the daemon
cfg = os.path.join(tmpdir(), "hangvietd.conf")
with open(cfg, "w") as f:
    f.write(f"""[hangvietd]
store = st-curve

[ingest]
curve = yes
server_key = {keys}/store.key
allow_dir = {lanes_dir}

[feed]
curve = yes
server_key = {keys}/store.key
allow_dir = {offices_dir}

[sync]
curve = yes
server-key = {keys}/store.key
allow_dir = {offices_dir}
""")
d = Daemon(store="st-curve", extra=["--config", cfg])
d.curve = curve("lane1")
d.start()
r = Client(d.endpoint, curve=curve("lane1"), timeout_ms=5000).call({"op": "ping"})
eq((r["ok"], r["store"]), (True, "st-curve"),
   "hangvietd starts with CurveZMQ on every endpoint and answers an allowed lane")
ts = now_ms()


def scan(c, txn, code="8936000100018"):
    return c.call({"op": "scan", "store": "st-curve", "lane": 1, "txn": txn, "line": 1,
                   "code": code, "qty": 1, "amount": 1000, "ts": ts})


# Subscribers first, so they see the tallies of the scans below.
good_sub = connect(zmq.SUB, d.feed, curve("office"))
good_sub.setsockopt(zmq.SUBSCRIBE, b"hv1/")
bad_sub = connect(zmq.SUB, d.feed, curve("intruder"))
bad_sub.setsockopt(zmq.SUBSCRIBE, b"hv1/")
plain_sub = connect(zmq.SUB, d.feed)
plain_sub.setsockopt(zmq.SUBSCRIBE, b"hv1/")
time.sleep(0.5)

r = scan(Client(d.endpoint, curve=curve("lane1")), "t-good")
eq((r["ok"], r["class"]), (True, "domestic"), "an allowed lane scans")


def silent(c, name):
    """C (a Client) sends a scan and hears nothing within 1.5 s."""
    c.timeout_ms = 1500
    try:
        answer = c.call({"op": "scan", "store": "st-curve", "lane": 9, "txn": "t-" + name,
                         "line": 1, "code": "8936000100018", "qty": 1, "ts": ts})
    except TimeoutError:
        answer = None
    eq(answer, None, f"{name}: no answer")
    c.close()


silent(Client(d.endpoint, curve=curve("intruder")), "a key not allowed")
silent(Client(d.endpoint), "a plaintext client")
silent(Client(d.endpoint, curve=curve("lane1", server=pair["other"][0])),
       "an allowed key expecting another server's key")
silent(Client(d.endpoint, curve=curve("office")), "a key allowed on feed, not on ingest")

# A key added to the allow directory is admitted, no restart.
time.sleep(0.05)
os.link(os.path.join(keys, "lane2.pub"), os.path.join(lanes_dir, "lane2.pub"))
r = scan(Client(d.endpoint, curve=curve("lane2"), timeout_ms=5000), "t-lane2")
ok(r["ok"], "a key added to allow_dir is admitted without a restart", r)

# Sync: the office gets status; others nothing.
st = sync_call(d.sync, {"op": "status"}, curve=curve("office"))
eq(st["node"], "st-curve", "the office reads status over CurveZMQ")
# Refused by the ZAP handler: the intruder on feed and ingest, the office on
# ingest. (A plaintext client or one expecting another server's key fails
# inside libzmq's handshake, before any key is looked at.)
ok(st["refused"] >= 3, "status counts the keys refused", st)
for name, c in (("intruder", curve("intruder")), ("plaintext", None)):
    try:
        answer = sync_call(d.sync, {"op": "status"}, timeout_ms=1500, curve=c)
    except TimeoutError:
        answer = None
    eq(answer, None, f"sync: {name} gets no status")

# Feed: only the office hears the tallies.
deadline, heard = time.time() + 5, []
while time.time() < deadline and not any(b"/tally/" in t for t in heard):
    if good_sub.poll(200):
        heard.append(good_sub.recv_multipart()[0])
ok(any(b"/tally/" in t for t in heard), "the allowed office hears the tallies", heard[:3])
eq((bad_sub.poll(500), plain_sub.poll(10)), (0, 0), "the intruder and plaintext hear nothing")
for s in (good_sub, bad_sub, plain_sub):
    s.close()

# hangviet watch over CurveZMQ: with the office's key it prints the update.
w = subprocess.Popen([HANGVIET, "watch", "--connect", d.feed, "--count", "1", "--server-key",
                      os.path.join(keys, "store.pub"), "--key", os.path.join(keys, "office.key")],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
time.sleep(0.7)
scan(Client(d.endpoint, curve=curve("lane1")), "t-watch")
try:
    out, err = w.communicate(timeout=10)
except subprocess.TimeoutExpired:
    w.kill()
    out, err = w.communicate()
ok(w.returncode == 0 and "st-curve" in out, "hangviet watch with the office's key shows it",
   out + err)
p = subprocess.run([HANGVIET, "watch", "--connect", "tcp://10.9.8.7:5581", "--count", "1"],
                   capture_output=True, text=True, timeout=10)
ok(p.returncode != 0 and "CurveZMQ" in p.stderr and "10.9.8.7" in p.stderr,
   "hangviet watch refuses a plaintext feed on the network", p.stderr)

eq(d.stop(), 0, "stops cleanly")
j = Journal(d.journal())
eq(sorted(e[2] for e in j.events()), ["t-good", "t-lane2", "t-watch"],
   "the journal holds the allowed lanes' scans only")
log = d.log_text()
ok("refused a CurveZMQ client on feed from 127.0.0.1" in log,
   "a refused handshake is logged with the peer address", log)
ok(log.count("refused a CurveZMQ client") <= 2,
   "refusals are logged at a rate limit, not once each", log)
for name, (pub, sec) in pair.items():
    ok(sec.decode() not in log, f"the log holds no secret key ({name})")
ok(store_sec.decode() not in log, "nor the server's")

# ------------------------------------------------------ refusing to start
state = tmpdir()
rc, out = run("--state", state, "--feed", f"tcp://0.0.0.0:{free_port()}")
ok(rc == 1 and "[feed]" in out and "curve = yes" in out,
   "a plaintext feed on a network address is refused, saying how to fix it", out)
rc, out = run("--state", state, "--sync", f"tcp://0.0.0.0:{free_port()}", "--sync-curve")
ok(rc == 1 and "server_key" in out and "allow_dir" in out,
   "curve = yes without keys: refused, naming what is missing", out)
os.chmod(os.path.join(keys, "other.key"), 0o644)
rc, out = run("--state", state, "--ingest-curve", "--ingest-server-key",
              os.path.join(keys, "other.key"), "--ingest-allow-dir", lanes_dir,
              "--ingest", f"tcp://127.0.0.1:{free_port()}")
ok(rc == 1 and "chmod 600" in out, "a secret key anyone may read is refused", out)
ok(pair["other"][1].decode() not in out, "and not printed")
bad = os.path.join(tmpdir(), "bad.key")
with open(bad, "w") as f:
    f.write("not a key\n")
os.chmod(bad, 0o600)
rc, out = run("--state", state, "--ingest-curve", "--ingest-server-key", bad,
              "--ingest-allow-dir", lanes_dir, "--ingest", f"tcp://127.0.0.1:{free_port()}")
ok(rc == 1 and "not a key file" in out and "bad.key" in out, "a broken key file is named", out)
rc, out = run("--state", state, "--ingest-curve", "--ingest-server-key",
              os.path.join(keys, "store.key"), "--ingest-allow-dir",
              os.path.join(keys, "missing"), "--ingest", f"tcp://127.0.0.1:{free_port()}")
ok(rc == 1 and "missing" in out, "a missing allow directory is named", out)
with open(cfg, "a") as f:
    f.write("[ingest]\nalow_dir = x\n")
rc, out = run("--config", cfg, "--state", state)
ok(rc == 2 and "alow_dir" in out, "a misspelt key in [ingest] is an error, not ignored", out)

# insecure = yes: starts, warns at every start.
ins = Daemon(extra=["--feed-insecure"])
ins.feed = f"tcp://0.0.0.0:{free_port()}"
for start in (1, 2):
    ins.start()
    eq(ins.stop(), 0, f"insecure = yes on a network address starts ({start})")
eq(ins.log_text().count("insecure = yes"), 2, "and warns at every start")

done()
