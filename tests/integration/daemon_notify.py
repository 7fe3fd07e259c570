#!/usr/bin/env python3
"""Type=notify, without systemd: hangvietd and hangviet-district, given a
NOTIFY_SOCKET as systemd would, say READY=1 once they serve (hangvietd
answers a ping by then), RELOADING=1 then READY=1 around a SIGHUP, and
STOPPING=1 on SIGTERM. Skipped when configure found no libsystemd (the
units are Type=exec then)."""
import os
import signal
import socket
import subprocess
import time

from hvtest import Client, DISTRICT, HANGVIETD, done, eq, free_port, ok, skip, tmpdir

BUILDDIR = os.environ.get("HV_BUILDDIR", os.getcwd())


def built_with_systemd():
    with open(os.path.join(BUILDDIR, "autoconfig.h")) as f:
        return "#define HAVE_SYSTEMD 1" in f.read()


def listen():
    path = os.path.join(tmpdir(), "notify")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    s.settimeout(10)
    return s, path


def messages(sock, want, seconds=10):
    """The notify messages received until one holds WANT, each a dict."""
    got, end = [], time.time() + seconds
    while time.time() < end:
        try:
            data = sock.recv(4096).decode()
        except socket.timeout:
            break
        m = dict(line.split("=", 1) for line in data.splitlines() if "=" in line)
        got.append(m)
        if want in m:
            break
    return got


if not built_with_systemd():
    skip("sd_notify", "built without libsystemd (configure --without-systemd)")
    done()
    raise SystemExit(0)

sock, path = listen()
state = tmpdir()
ports = [free_port() for _ in range(3)]
ingest = f"tcp://127.0.0.1:{ports[0]}"
env = dict(os.environ, NOTIFY_SOCKET=path)
d = subprocess.Popen([HANGVIETD, "--state", state, "--store", "st-01", "--ingest", ingest,
                      "--feed", f"tcp://127.0.0.1:{ports[1]}",
                      "--sync", f"tcp://127.0.0.1:{ports[2]}"],
                     env=env, stderr=subprocess.DEVNULL)
got = messages(sock, "READY")
ok(got and got[-1].get("READY") == "1" and got[-1].get("STATUS") == "serving",
   "hangvietd: READY=1 with a STATUS once it serves", repr(got))
c = Client(ingest, timeout_ms=2000)
ok(c.call({"op": "ping"}).get("ok") is True, "it answers a ping when it has said ready")
c.close()
d.send_signal(signal.SIGHUP)
got = messages(sock, "READY")
eq([sorted(m) for m in got], [["RELOADING"], ["READY", "STATUS"]],
   "SIGHUP: RELOADING=1, then READY=1 once the catalog is reopened")
d.send_signal(signal.SIGTERM)
got = messages(sock, "STOPPING")
ok(got and got[-1].get("STOPPING") == "1", "SIGTERM: STOPPING=1", repr(got))
eq(d.wait(30), 0, "and it exits 0")

n = subprocess.Popen([DISTRICT, "--state", tmpdir(), "--node", "n1", "--province", "thai-nguyen",
                      "--district", "d", "--feed", f"tcp://127.0.0.1:{free_port()}",
                      "--sync", f"tcp://127.0.0.1:{free_port()}",
                      "--upstream", f"tcp://127.0.0.1:{free_port()}"],
                     env=env, stderr=subprocess.DEVNULL)
got = messages(sock, "READY")
ok(got and got[-1].get("READY") == "1", "hangviet-district: READY=1", repr(got))
n.send_signal(signal.SIGHUP)
time.sleep(0.3)
ok(n.poll() is None, "hangviet-district: SIGHUP does not stop it")
n.send_signal(signal.SIGTERM)
got = messages(sock, "STOPPING")
ok(got and got[-1].get("STOPPING") == "1", "hangviet-district: SIGTERM: STOPPING=1", repr(got))
eq(n.wait(30), 0, "and it exits 0")
done()
