#!/usr/bin/env python3
"""A POS on the network talks to hangvietd over CurveZMQ: libhangviet and
hangviet-bridge with the lane's key pair and the daemon's public key are
answered and recorded; with a key the daemon does not allow, the library
spools (the checkout goes on) and nothing is recorded; plaintext to a
daemon on the network is refused when the client is opened, unless the
POS says insecure."""
import os
import subprocess

import libhv
from hvtest import HANGVIET, Curve, Daemon, Journal, done, eq, ok, read_key, tmpdir

BRIDGE = os.environ.get("HANGVIET_BRIDGE", os.path.join(os.getcwd(), "plugin/hangviet-bridge"))
keys, lanes = tmpdir(), tmpdir()
for name in ("store", "lane1", "stranger"):
    subprocess.run([HANGVIET, "keygen", os.path.join(keys, name)], check=True,
                   stdout=subprocess.DEVNULL)
os.link(os.path.join(keys, "lane1.pub"), os.path.join(lanes, "lane1.pub"))
d = Daemon(store="st-pos", memcheck=False, extra=[
    "--ingest-curve", "--ingest-server-key", os.path.join(keys, "store.key"),
    "--ingest-allow-dir", lanes])
d.curve = Curve(read_key(os.path.join(keys, "store.pub")),
                read_key(os.path.join(keys, "lane1.pub")), read_key(os.path.join(keys, "lane1.key")))
d.start()
store_pub = os.path.join(keys, "store.pub")


def client(key, lane, **kw):
    return libhv.Client(d.endpoint, os.path.join(tmpdir(), "spool"), store="st-pos", lane=lane,
                        timeout_ms=2000, server_public_key=store_pub,
                        client_key=os.path.join(keys, key), **kw)


pos = client("lane1.key", 1)
st, r = pos.scan("t-pos", 1, "8936000100018", 1, 1000)
eq((st, r.text("cls")), (libhv.OK, "domestic"), "libhangviet scans over CurveZMQ")
pos.close()

stranger = client("stranger.key", 2)
st, r = stranger.scan("t-stranger", 1, "8936000100018", 1, 1000)
eq((st, r.text("cls")), (libhv.SPOOLED, "unknown"),
   "a lane whose key is not allowed: spooled, the checkout goes on")
stranger.close()

missing = client("nonexistent.key", 3)
ok(missing.c is None and "nonexistent.key" in missing.error, "a missing key file is named",
   missing.error)

net = libhv.Client("tcp://10.9.8.7:5580", os.path.join(tmpdir(), "spool"), store="st-pos")
ok(net.c is None and "10.9.8.7" in net.error and "CurveZMQ" in net.error,
   "plaintext to a daemon on the network is refused at open", net.error)
ins = libhv.Client("tcp://10.9.8.7:5580", os.path.join(tmpdir(), "spool"), store="st-pos",
                   insecure=1)
ok(ins.c is not None, "unless insecure is set", ins.error)
ins.close()

p = subprocess.run([BRIDGE, "--store", "st-pos", "--lane", "7", "--connect", d.endpoint,
                    "--spool-dir", tmpdir(), "--timeout", "2000", "--server-public-key",
                    store_pub, "--client-key", os.path.join(keys, "lane1.key")],
                   input="8936000100018\nEND\n", capture_output=True, text=True, timeout=30)
eq(p.returncode, 0, "hangviet-bridge with the lane's keys: exit 0")

eq(d.stop(), 0, "the daemon stops cleanly")
j = Journal(d.journal())
events = j.events()
eq(sorted({e[1] for e in events}), [1, 7], "recorded: the allowed lane and the bridge's lane")
ok(not any(e[2] == "t-stranger" for e in events), "nothing from the stranger's key")
done()
