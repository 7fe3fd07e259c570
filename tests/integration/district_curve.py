#!/usr/bin/env python3
"""An office's trust in store identities (DESIGN.md "Security"). A district
follows three stores over CurveZMQ, each [upstream NAME] section binding the
store's server key to the store ids it speaks for:
  - store A presents the key the district expects: its tallies count;
  - store B presents another key than the one the district was given: the
    district hears nothing from it;
  - store C presents its own right key but claims A's store id: each of its
    tallies is dropped and counted, and A's numbers stay A's.
The district's own feed and sync are CurveZMQ too: an allowed office reads
them, an intruder does not. A province node above binds the district's key
to its district id: the same feed is taken under the right binding and
dropped under a wrong one."""
import os
import subprocess
import time

from hvtest import (HANGVIET, HANGVIETD, Client, Curve, Daemon, District, done, eq, free_port,
                    history_tallies, now_ms, ok, read_key, sync_call, sync_history, tmpdir)

keys = tmpdir()
for name in ("store-a", "store-b", "store-c", "imposter", "district", "province", "office",
             "intruder"):
    subprocess.run([HANGVIET, "keygen", os.path.join(keys, name)], check=True,
                   stdout=subprocess.DEVNULL)


def key(name, ext):
    return os.path.join(keys, f"{name}.{ext}")


def allow(*names):
    d = tmpdir()
    for n in names:
        os.link(key(n, "pub"), os.path.join(d, n + ".pub"))
    return d


def curve(name, server):
    return Curve(read_key(key(server, "pub")), read_key(key(name, "pub")),
                 read_key(key(name, "key")))


def store(store_id, keyname, district="tp-a"):
    """A store daemon whose feed and sync admit the district only."""
    allowed = allow("district")
    d = Daemon(store=store_id, extra=[
        "--province", "thai-nguyen", "--district", district,
        "--feed-curve", "--feed-server-key", key(keyname, "key"), "--feed-allow-dir", allowed,
        "--sync-curve", "--sync-server-key", key(keyname, "key"), "--sync-allow-dir", allowed])
    return d.start()


a = store("st-a", "store-a")
b = store("st-b", "store-b")
c = store("st-a", "store-c")  # claims A's id with its own key
ts = now_ms()


def sell(d, txn, items):
    cl = Client(d.endpoint)
    for line in range(1, items + 1):
        r = cl.call({"op": "scan", "store": d.store, "lane": 1, "txn": txn, "line": line,
                     "code": "8936000100018", "qty": 1, "amount": 10000, "ts": ts})
        assert r["ok"], r
    cl.call({"op": "end", "store": d.store, "lane": 1, "txn": txn})
    cl.close()


sell(a, "a-1", 3)
sell(b, "b-1", 2)
sell(c, "c-1", 5)

office_dir = allow("office", "province")
cfg = os.path.join(tmpdir(), "district.conf")
with open(cfg, "w") as f:
    f.write(f"""client_key = {key("district", "key")}

[feed]
curve = yes
server_key = {key("district", "key")}
allow_dir = {office_dir}

[sync]
curve = yes
server_key = {key("district", "key")}
allow_dir = {office_dir}

[upstream a]
feed = {a.feed}
sync = {a.sync}
server_public_key = {key("store-a", "pub")}
stores = st-a

[upstream b]
feed = {b.feed}
sync = {b.sync}
server_public_key = {key("imposter", "pub")}
stores = st-b

[upstream c]
feed = {c.feed}
sync = {c.sync}
server_public_key = {key("store-c", "pub")}
stores = st-c
""")
dist = District("tp-a-node", "tp-a", [], extra=["--config", cfg]).start()
office = curve("office", "district")


def wait_for(fn, what, seconds=20):
    deadline, got = time.time() + seconds, None
    while time.time() < deadline:
        got = fn()
        if got:
            return got
        time.sleep(0.3)
    return got


def tallies(node_sync, who):
    return {k: v for k, v in
            ((m["store"], m["t"]) for m in sync_history(node_sync, curve=who)[0])
            if any(v.values())}


got = wait_for(lambda: (lambda t: t if "st-a" in t else None)(tallies(dist.sync, office)),
               "A's tallies")
ok(got is not None and "st-a" in got, "the district holds store A's tallies", got)
st = wait_for(lambda: (lambda s: s if s["foreign"] > 0 else None)(
    sync_call(dist.sync, {"op": "status"}, curve=office)), "foreign")
ok(st is not None and st["foreign"] >= 1,
   "store C's tallies in A's name are dropped and counted (status foreign)", st)
time.sleep(1.5)  # whatever else C or B could send has arrived by now
got = tallies(dist.sync, office)
eq((got["st-a"]["items_dom"], got["st-a"]["lines"], got["st-a"]["txns"]), (3, 3, 1),
   "A's numbers are A's own: 3 items, not 8")
ok("st-b" not in got, "nothing from store B, which presents another server key", got)
eq(got.get("*", {}).get("items_dom"), 3, "the region total counts A only")
eq(sync_call(dist.sync, {"op": "status"}, curve=office)["stores"], 1, "one store known")
log = open(dist.log).read()
ok("does not speak for" in log and "st-a" in log, "the district logs the forged tally", log)
ok("windows sent to district" in a.log_text(),
   "store A's log names who asked for history: the district's key (ZAP User-Id)",
   a.log_text())
for name in ("district", "store-a", "store-c"):
    ok(read_key(key(name, "key")).decode() not in log, f"no secret key in its log ({name})")

try:
    answer = sync_call(dist.sync, {"op": "status"}, timeout_ms=1500,
                       curve=curve("intruder", "district"))
except TimeoutError:
    answer = None
eq(answer, None, "an intruder gets no status from the district")

# The district's catalog, followed over CurveZMQ by a store whose key the
# district admits, and not by one whose key it does not.
catalog = os.path.join(tmpdir(), "region.csv")
with open(catalog, "w") as f:
    f.write("gtin,name,made_in\n4006381333931,Bút bi,DE\n")
subprocess.run([HANGVIET, "catalog", "import", "--state", dist.state, catalog], check=True,
               stdout=subprocess.DEVNULL)


def follower(store_id, client):
    return Daemon(store=store_id, extra=[
        "--catalog-from", dist.sync, "--catalog-every", "1",
        "--catalog-server-key", key("district", "pub"), "--client-key", key(client, "key")]).start()


allowed_store, intruding_store = follower("st-f", "province"), follower("st-x", "intruder")
st = wait_for(lambda: (lambda s: s if s["catalog_version"] == 1 else None)(
    sync_call(allowed_store.sync, {"op": "status"})), "catalog")
ok(st is not None, "a store with an admitted key follows the district's catalog over CurveZMQ",
   allowed_store.log_text())
look = subprocess.run([HANGVIET, "lookup", "--state", allowed_store.state, "4006381333931"],
                      capture_output=True, text=True).stdout.split()
eq(look[1:4], ["imported", "DE", "catalog"], "and tags by it")
time.sleep(2)  # two more rounds of asking
eq(sync_call(intruding_store.sync, {"op": "status"})["catalog_version"], 0,
   "a store whose key the district does not admit gets no catalog")
p = subprocess.run([HANGVIETD, "--state", tmpdir(), "--store", "st-p",
                    "--ingest", f"tcp://127.0.0.1:{free_port()}",
                    "--feed", f"tcp://127.0.0.1:{free_port()}",
                    "--sync", f"tcp://127.0.0.1:{free_port()}",
                    "--catalog-from", "tcp://10.1.2.3:5592"],
                   capture_output=True, text=True, timeout=10)
ok(p.returncode == 1 and "10.1.2.3" in p.stderr,
   "a store told to follow a catalog in plaintext across the network refuses to start",
   p.stderr)

# A province node: the district's key bound to its district id, once
# rightly (tp-a) and once wrongly (tp-z), both over the same feed.
pcfg = os.path.join(tmpdir(), "province.conf")
with open(pcfg, "w") as f:
    f.write(f"""[hangviet-district]
client_key = {key("province", "key")}
""")
    for name, district in (("right", "tp-a"), ("wrong", "tp-z")):
        f.write(f"""
[upstream {name}]
feed = {dist.feed}
sync = {dist.sync}
server_public_key = {key("district", "pub")}
district = {district}
""")
prov = District("tn-province", "", [], extra=["--config", pcfg]).start()
got = wait_for(lambda: any(k[0] == "st-a" for k in history_tallies(prov.sync)), "province")
ok(got is not None, "the province node takes the district's feed under district = tp-a")
st = wait_for(lambda: (lambda s: s if s["foreign"] > 0 else None)(
    sync_call(prov.sync, {"op": "status"})), "province foreign")
ok(st is not None and st["foreign"] >= 1, "and drops the same tallies under district = tp-z",
   st)
time.sleep(1)
got = history_tallies(prov.sync)
eq(sorted({k[0] for k in got}), ["*", "st-a"], "the province holds st-a and its region")
eq(sum(v["items_dom"] for k, v in got.items() if k[0] == "st-a"), 3,
   "with A's 3 items, counted once")

# Configurations refused at start, each saying what is wrong.
def start_with(config):
    path = os.path.join(tmpdir(), "bad.conf")
    with open(path, "w") as f:
        f.write(config)
    return subprocess.run(District("x", "x", [], extra=["--config", path]).args,
                          capture_output=True, text=True, timeout=10)


p = start_with(f"client_key = {key('province', 'key')}\n[upstream x]\nfeed = {a.feed}\n"
               f"server_public_key = {key('store-a', 'pub')}\n")
ok(p.returncode == 1 and "[upstream x]" in p.stderr and "stores =" in p.stderr,
   "an upstream key without the stores it speaks for is refused", p.stderr)
p = start_with("[upstream x]\nfeed = tcp://10.1.2.3:5581\n")
ok(p.returncode == 1 and "10.1.2.3" in p.stderr and "server_public_key" in p.stderr,
   "a plaintext upstream on the network is refused", p.stderr)
p = start_with("[upstream x]\nfeed = tcp://127.0.0.1:5581\nstore = st-a\n")
ok(p.returncode == 2 and "[upstream x] store" in p.stderr,
   "a misspelt upstream key is named", p.stderr)

for n in (prov, dist):
    eq(n.stop(), 0, "the node stops cleanly")
for d in (a, b, c):
    eq(d.stop(), 0, f"store {d.store} stops cleanly")
done()
