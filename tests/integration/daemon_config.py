#!/usr/bin/env python3
"""hangvietd as an IT person runs it: with no config at all, from an INI
file (flags beat the file), refusing bad settings and network endpoints
with a clear message; SIGHUP takes up a new catalog; idle transactions
close; an implausible event time counts at arrival."""
import os
import signal
import subprocess
import time

from hvtest import (DISTRICT, HANGVIET, HANGVIETD, Client, Daemon, Journal, done, eq, free_port,
                    now_ms, ok, SRCDIR, sync_call, tmpdir)


def run(*args, env=None, timeout=10):
    p = subprocess.run([HANGVIETD, *args], capture_output=True, text=True, timeout=timeout,
                       env=env)
    return p.returncode, p.stdout + p.stderr


rc, out = run("--help")
ok(rc == 0 and "--ingest EP" in out and "default: tcp://127.0.0.1:5580" in out,
   "--help lists the settings with their defaults", out)
rc, out = run("--version")
ok(rc == 0 and out.startswith("hangvietd "), "--version", out)
rc, out = run("--window", "0")
ok(rc == 2 and "--window" in out and "1 to 86400" in out, "a bad flag value: exit 2, named", out)
rc, out = run("--durability", "maybe")
ok(rc == 2 and "full|normal" in out, "a bad choice: exit 2, with the choices", out)
rc, out = run("--frobnicate", "1")
ok(rc == 2 and "--frobnicate" in out, "an unknown flag: exit 2", out)
rc, out = run("--store", "bad id!")
ok(rc == 2 and "store" in out, "a bad store id: exit 2", out)
rc, out = run("--measure", "21=price PPPP")
ok(rc == 2 and "12 characters" in out, "a bad variable-measure layout: exit 2", out)

cfgdir = tmpdir()
cfg = os.path.join(cfgdir, "hangviet.ini")
with open(cfg, "w") as f:
    f.write("store = cfg-01\nmadeup = 1\n")
rc, out = run("--config", cfg, "--state", cfgdir)
ok(rc == 2 and 'unknown setting "madeup"' in out and cfg in out,
   "an unknown key in the config file: exit 2, file and key named", out)

# Province ids through the 2025 merger: an unknown one is refused naming
# the nearest ids (and the file); a former one starts the
# store in the province it is part of now, with a warning.
with open(cfg, "w") as f:
    f.write("store = cfg-01\nprovince = bac-can\n")
rc, out = run("--config", cfg, "--state", cfgdir)
ok(rc == 2 and f"{cfg}: province" in out and 'no province has the id "bac-can"' in out
   and "nearest are bac-kan" in out, "an unknown province id: exit 2, the file and nearest ids", out)
p = subprocess.run([DISTRICT, "--province", "thainguyen", "--upstream", "tcp://127.0.0.1:1"],
                   capture_output=True, text=True, timeout=10)
ok(p.returncode == 2 and "nearest are thai-nguyen" in p.stderr,
   "hangviet-district refuses it too", p.stderr)
with open(cfg, "w") as f:
    f.write("[upstream a]\nfeed = tcp://127.0.0.1:1\nprovince = hanoi\n")
p = subprocess.run([DISTRICT, "--config", cfg, "--province", "ha-noi"], capture_output=True,
                   text=True, timeout=10)
ok(p.returncode == 2 and "[upstream a]" not in p.stdout and '"hanoi"' in p.stderr
   and "ha-noi" in p.stderr, "and so does an upstream's province", p.stderr)
old = Daemon(store="bk-01", extra=["--province", "bac-kan", "--district", "cho-moi"]).start()
st = sync_call(old.sync, {"op": "status"})
ok(st.get("province") == "thai-nguyen" and st.get("district") == "cho-moi",
   "a store configured as bac-kan stands in thai-nguyen", repr(st))
old.stop()
ok('"bac-kan" (Bắc Kạn) is a former province: read as thai-nguyen' in old.log_text(),
   "and its log says so", old.log_text())

rc, out = run("--config", os.path.join(cfgdir, "missing.ini"))
ok(rc == 2 and "missing.ini" in out, "a missing config file: exit 2", out)
rc, out = run("--state", cfgdir, "--ingest", "tcp://0.0.0.0:5599")
ok(rc == 1 and "0.0.0.0" in out and "CurveZMQ" in out,
   "a network endpoint without keys is refused", out)

# A catalog.db that is not a database: the daemon still starts, says so,
# and tags by GS1 prefix.
broken = tmpdir()
with open(os.path.join(broken, "catalog.db"), "wb") as f:
    f.write(b"this is not an SQLite file" * 100)
d = Daemon(state=broken).start()
r = Client(d.endpoint).call({"op": "lookup", "code": "8936000100018"})
eq((r["ok"], r["basis"], r["class"]), (True, "prefix", "domestic"),
   "a broken catalog: tags by prefix")
ok("catalog" in d.log_text() and "GS1 prefix only" in d.log_text(), "and logs why",
   d.log_text())
eq(d.stop(), 0, "and stops cleanly")

# Retention: windows and events older than --keep-windows / --keep-events
# days are forgotten (at start, and every minute); recent ones stay.
import sqlite3
keep = Daemon().start()
kc = Client(keep.endpoint)
for txn in ("OLD", "NEW"):
    kc.call({"op": "scan", "store": "st-01", "lane": 1, "txn": txn, "line": 1,
             "code": "8935049500018", "qty": 1})
    kc.call({"op": "end", "store": "st-01", "lane": 1, "txn": txn})
keep.stop()
db = sqlite3.connect(keep.journal())
old = now_ms() - 3 * 86400_000
db.execute("UPDATE event SET arrival = ?, t = ? WHERE txn = 'OLD'", (old, old))
db.execute("UPDATE txn SET last = ? WHERE txn = 'OLD'", (old,))
db.execute("INSERT INTO tally SELECT store, ? AS win, span, rev, dim, key, items_dom, items_imp,"
           " items_unk, value_dom, value_imp, value_unk, items_ocop, value_ocop, items_local,"
           " value_local, lines, voids, txns FROM tally", (old - old % 60000,))
db.commit()
db.close()
keep.extra = ["--keep-windows", "2", "--keep-events", "1"]
keep.start()
keep.stop()
db = sqlite3.connect(keep.journal())
eq(sorted({r[0] for r in db.execute("SELECT txn FROM event")}), ["NEW"],
   "events older than --keep-events are forgotten, newer ones kept")
eq(sorted({r[0] for r in db.execute("SELECT txn FROM txn")}), ["NEW"],
   "and so are their closed transactions")
ok(db.execute("SELECT count(*) FROM tally WHERE win < ?", (now_ms() - 2 * 86400_000,)).fetchone()[0] == 0
   and db.execute("SELECT count(*) FROM tally").fetchone()[0] > 0,
   "windows older than --keep-windows are forgotten, newer ones kept")
db.close()

# No config at all: the embedded default (loopback 5580, XDG state).
xdg = tmpdir()
env = dict(os.environ, XDG_STATE_HOME=xdg, HOME=xdg)
env.pop("HANGVIET_STATE", None)
p = subprocess.Popen([HANGVIETD], env=env, stderr=subprocess.PIPE, text=True)
c = Client("tcp://127.0.0.1:5580", timeout_ms=5000)
try:
    r = c.call({"op": "lookup", "code": "8935049500018"})
    eq((r["class"], r["basis"]), ("domestic", "prefix"), "no config: answers on 5580 by prefix")
finally:
    p.send_signal(signal.SIGTERM)
    p.wait(10)
ok(os.path.exists(os.path.join(xdg, "hangviet", "journal.db")),
   "no config: state in $XDG_STATE_HOME/hangviet")
c.close()

# A config file, a flag that beats it, and a [measure] section.
state = tmpdir()
port = free_port()
with open(cfg, "w") as f:
    f.write(f"""# hangvietd settings
store = from-file
province = thai-nguyen
ingest = tcp://127.0.0.1:{port}
window = 300

[hangvietd]
txn-idle = 2

[measure]
21 = price PPPPPPVVVVVV
""")
d = Daemon(state=state, store="from-flag", extra=["--config", cfg])
d.endpoint = f"tcp://127.0.0.1:{port}"
d.start()
c = Client(d.endpoint)
eq(c.call({"op": "ping"})["store"], "from-flag", "a flag beats the config file")
r = c.call({"op": "scan", "store": "from-flag", "lane": 1, "txn": "A", "line": 1,
            "code": "2100010450005", "qty": 1})
eq((r["ok"], r["gtin"]), (True, "2100010000002"), "the [measure] section is used")

# Idle transactions close (txn-idle = 2 s from the file's [hangvietd] section).
time.sleep(3.5)
r = c.call({"op": "scan", "store": "from-flag", "lane": 1, "txn": "A", "line": 2,
            "code": "8935049500018", "qty": 1})
eq(r.get("err"), "closed_txn", "a transaction idle past txn-idle is closed")

# SIGHUP takes up a catalog imported while the daemon runs.
r = c.call({"op": "lookup", "code": "8936000100018"})
eq(r["basis"], "prefix", "before the import: by prefix")
subprocess.run([HANGVIET, "catalog", "import", "--state", state,
                f"{SRCDIR}/data/sample-catalog.csv"], check=True, stdout=subprocess.DEVNULL)
d.proc.send_signal(signal.SIGHUP)
time.sleep(0.5)
r = c.call({"op": "lookup", "code": "8936000100018"})
eq((r["basis"], r["local"]), ("catalog", True), "after SIGHUP: from the new catalog")

# Event time: a ts 10 days old (or an hour ahead) counts at arrival.
for txn, ts in (("OLD", now_ms() - 10 * 86400_000), ("NEW", now_ms() + 3600_000)):
    c.call({"op": "scan", "store": "from-flag", "lane": 2, "txn": txn, "line": 1,
            "code": "8935049500018", "qty": 1, "ts": ts})
arrival = now_ms()
eq(d.stop(), 0, "stops cleanly")
j = Journal(d.journal())
lane2 = {k: v for k, v in j.tallies("lane").items() if k[2] == "2"}
wins = sorted(k[1] for k in lane2)
ok(len(wins) >= 1 and all(arrival - 600_000 <= w <= arrival for w in wins)
   and sum(v["lines"] for v in lane2.values()) == 2,
   "implausible event times count in the arrival window (300 s windows)", lane2)
done()
