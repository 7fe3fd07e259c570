#!/usr/bin/env python3
"""One catalog for a region (issue 18): an office node holds a catalog and
three stores follow it while their lanes scan.

- Each version the office imports gives every product a name and a country
  of its own (P3 in version 4: "P3 v4", made in COUNTRIES[(3 + 4) % 5]).
  Every tag a lane receives must be exactly one version's row, and a lane
  never sees an older version after a newer one; `hangviet lookup` of every
  product at once (one snapshot) must see one whole version.
- A store is stopped through three versions (one of them drops a product)
  and, started again, catches up to the office's version.
- A store's own catalog import (its ERP) wins over the office for its
  product; the office's claim is kept beside it.
- Codes the stores sold that no catalog knows come out of the office's
  `hangviet unknown --format csv` as catalog rows with empty origins; the
  test fills them in, the office imports them, and every store tags them.
"""
import csv
import datetime
import io
import json
import os
import subprocess
import threading
import time

from event_model import check_digit
from hvtest import HANGVIET, Client, Daemon, District, done, eq, now_ms, ok, sync_call, tmpdir


def G(body):
    return body + check_digit(body)


COUNTRIES = ["VN", "TH", "CN", "JP", "KR"]
CLASS = {"VN": "domestic"}
PRODUCTS = [G(f"89360010{i:04d}") for i in range(1500)]  # three catalog_rows messages
DROPPED = PRODUCTS[0]  # leaves the office's catalog in version 4; no lane scans it
SCANNED = PRODUCTS[1:]
OWN = G("893600200001")  # the office says CN; store 1's ERP says VN
U_VN, U_TH, U_CODE = G("893699900001"), G("885099900001"), "BANHMI-01"
work = tmpdir()


def version_row(i, k):
    """Product I's row in version K: (name, made_in)."""
    return f"P{i} v{k}", COUNTRIES[(i + k) % len(COUNTRIES)]


def office_csv(k):
    path = os.path.join(work, f"v{k}.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["gtin", "name", "made_in", "category"])
        for i, g in enumerate(PRODUCTS):
            if g == DROPPED and k >= 4:
                continue
            name, made_in = version_row(i, k)
            w.writerow([g, name, made_in, f"c{k}"])
        w.writerow([OWN, "Nước mắm (office)", "CN", "sauce"])
    return path


def import_at(state, path, *flags):
    r = subprocess.run([HANGVIET, "catalog", "import", "--state", state, *flags, path],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r


# --- the office, with version 1, and three stores following it
stores = [Daemon(store=f"s{n}", memcheck=False) for n in (1, 2, 3)]
office = District("office", "", stores, extra=["--store-products"])
import_at(office.state, office_csv(1))
own_csv = os.path.join(work, "own.csv")
with open(own_csv, "w") as f:
    f.write(f"gtin,name,made_in\n{OWN},Nước mắm Phú Quốc,VN\n")
import_at(stores[0].state, own_csv)
for d in stores:
    d.extra += ["--province", "thai-nguyen", "--catalog-from", office.sync,
                "--catalog-every", "1"]
office.start()
for d in stores:
    d.start()


def status(node):
    return sync_call(node.sync, {"op": "status"})


def wait_version(nodes, version, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if all(status(d).get("catalog_version") == version for d in nodes):
            return True
        time.sleep(0.2)
    return False


ok(wait_version(stores, 1), "every store applies the office's version 1",
   [status(d) for d in stores])
eq(status(office)["catalog_version"], 1, "the office's status says its catalog's version")
st = status(stores[0])
ok(0 < now_ms() - st["catalog_synced"] < 10_000, "status says when the office was heard", st)

# --- codes no catalog knows, sold in the hour before this one (a closed
# hour goes to the office at once)
hour = now_ms() // 3600_000 * 3600_000
for n, d in enumerate(stores):
    c = Client(d.endpoint)
    for line, code in enumerate([U_VN, U_TH, U_CODE, SCANNED[0]], 1):
        r = c.call({"op": "scan", "store": d.store, "lane": 9, "txn": f"U{n}", "line": line,
                    "code": code, "qty": 1, "amount": 10000, "ts": hour - 1800_000 + line})
        ok(r.get("ok"), f"{d.store}: sold {code}", r)
    c.call({"op": "end", "store": d.store, "lane": 9, "txn": f"U{n}", "ts": hour - 1700_000})
    c.close()

# --- lanes scanning while versions go out
stop = threading.Event()
tags = {d.store: [] for d in stores[:2]}
snapshots = []


def lane(d):
    c = Client(d.endpoint, timeout_ms=10_000)
    n = 0
    while not stop.is_set():
        n += 1
        txn = f"L{n}"
        for line in range(1, 4):
            code = SCANNED[(n * 3 + line) % len(SCANNED)]
            r = c.call({"op": "scan", "store": d.store, "lane": 1, "txn": txn, "line": line,
                        "code": code, "qty": 1, "amount": 5000, "ts": now_ms()})
            tags[d.store].append((code, r.get("name"), r.get("country"), r.get("class"),
                                  r.get("basis")))
        c.call({"op": "end", "store": d.store, "lane": 1, "txn": txn, "ts": now_ms()})
    c.close()


def lookups(d):
    codes = "\n".join(SCANNED) + "\n"
    while not stop.is_set():
        r = subprocess.run([HANGVIET, "lookup", "--state", d.state, "-"], input=codes,
                           capture_output=True, text=True, timeout=60)
        snapshots.append(r.stdout)


threads = [threading.Thread(target=lane, args=(d,)) for d in stores[:2]]
threads.append(threading.Thread(target=lookups, args=(stores[1],)))
for t in threads:
    t.start()

for k in (2, 3):
    time.sleep(1.5)
    import_at(office.state, office_csv(k))
ok(wait_version(stores, 3), "every store follows to version 3", [status(d) for d in stores])
eq(stores[2].stop(), 0, "store 3 stops (offline through three versions)")
for k in (4, 5, 6):
    time.sleep(1.5)
    import_at(office.state, office_csv(k))
ok(wait_version(stores[:2], 6), "the stores online follow to version 6")
time.sleep(1.0)  # lanes go on at version 6 for a while
stores[2].start()
ok(wait_version(stores, 6), "store 3, back, catches up to version 6",
   status(stores[2]))
stop.set()
for t in threads:
    t.join(60)

# --- what the lanes saw
INDEX = {g: i for i, g in enumerate(PRODUCTS)}
for store, seen in tags.items():
    bad, backwards, versions, last = [], [], set(), 0
    for code, name, country, cls, basis in seen:
        i = INDEX[code]
        try:
            k = int(name.rsplit(" v", 1)[1])
        except (AttributeError, IndexError, ValueError):
            bad.append((code, name, country))
            continue
        want_name, want_country = version_row(i, k)
        if (name, country, cls, basis) != (want_name, want_country,
                                           CLASS.get(want_country, "imported"), "catalog"):
            bad.append((code, name, country, cls, basis))
        if k < last:
            backwards.append((last, k))
        last = max(last, k)
        versions.add(k)
    ok(len(seen) > 50 and not bad, f"{store}: each of {len(seen)} tags is one version's row",
       bad[:5])
    ok(not backwards, f"{store}: a lane never sees an older version after a newer",
       backwards[:5])
    ok(len(versions) >= 3, f"{store}: the lanes were tagged through the updates "
       f"(versions {sorted(versions)})")

mixed = []
for out in snapshots:
    lines = [ln.split() for ln in out.splitlines() if ln.strip()]
    ks = {ln[-1] for ln in lines if ln[-1].startswith("v")}
    if len(lines) != len(SCANNED) or len(ks) != 1:
        mixed.append(out[:300])
ok(len(snapshots) >= 3 and not mixed,
   f"each of {len(snapshots)} lookups of every product at once sees one whole version",
   mixed[:2])


def lookup(d, *codes):
    r = subprocess.run([HANGVIET, "lookup", "--state", d.state, *codes], capture_output=True,
                       text=True, timeout=30)
    return [ln.split()[:4] for ln in r.stdout.splitlines()]


for d in stores:
    want = [[g, CLASS.get(version_row(INDEX[g], 6)[1], "imported"), version_row(INDEX[g], 6)[1],
             "catalog"] for g in SCANNED]
    eq(lookup(d, *SCANNED), want, f"{d.store}: holds version 6 whole")
    eq(lookup(d, DROPPED)[0][3], "prefix",
       f"{d.store}: the product the office dropped is no longer in its catalog")

eq(lookup(stores[0], OWN)[0][:3], [OWN, "domestic", "VN"],
   "store 1's own ERP row wins over the office's for its product")
eq(lookup(stores[1], OWN)[0][:3], [OWN, "imported", "CN"],
   "store 2 takes the office's row for it")
show = subprocess.run([HANGVIET, "catalog", "show", "--state", stores[0].state, OWN],
                      capture_output=True, text=True).stdout
# The claims' lines: "  * erp  VN ..." for the winner, "    office  CN ..." after.
claims = [ln.replace("*", "").split()[:2] for ln in show.splitlines()[3:]]
eq(claims, [["erp", "VN"], ["office", "CN"]],
   "store 1 keeps the office's claim beside its own, its own first")

# --- the codes nobody knows, resolved once at the office
today = datetime.date.today()
period = ["--from", (today - datetime.timedelta(days=1)).isoformat(), "--to", today.isoformat()]
rows, deadline = [], time.time() + 30
while time.time() < deadline:
    r = subprocess.run([HANGVIET, "unknown", "--state", office.state, *period, "--format", "csv"],
                       capture_output=True, text=True, timeout=30)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    if len(rows) >= 3:
        break
    time.sleep(0.5)
eq(sorted((x["gtin"], x["code"]) for x in rows),
   sorted([(U_VN, ""), (U_TH, ""), ("", U_CODE)]),
   "the office's unknown --format csv lists the codes no catalog knows, GTINs and a store code")
ok(rows and all(x["made_in"] == "" and x["origin_kind"] == "" and x["source"] == "" and
                x["confidence"] == "" for x in rows),
   "each with its origin empty, to be filled in", rows)
filled = os.path.join(work, "filled.csv")
with open(filled, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["gtin"])
    w.writeheader()
    for x in rows:
        key = x["gtin"] or x["code"]
        x.update(made_in={U_VN: "VN", U_TH: "TH", U_CODE: "VN"}[key], name=f"found {key}")
        if key == U_CODE:  # only packed in Vietnam: its origin stays unknown
            x.update(origin_kind="packed")
        w.writerow(x)
import_at(office.state, filled, "--merge")
ok(wait_version(stores, 7), "every store applies version 7, the codes filled in")
for n, d in enumerate(stores):
    c = Client(d.endpoint)
    got = []
    for line, code in enumerate([U_VN, U_TH, U_CODE], 1):
        r = c.call({"op": "scan", "store": d.store, "lane": 8, "txn": f"F{n}", "line": line,
                    "code": code, "qty": 1, "amount": 1000, "ts": now_ms()})
        got.append((r.get("class"), r.get("country"), r.get("name")))
    c.close()
    eq(got, [("domestic", "VN", f"found {U_VN}"), ("imported", "TH", f"found {U_TH}"),
             ("unknown", "", f"found {U_CODE}")],
       f"{d.store}: tags the codes the office resolved (one only packed in Vietnam: unknown)")

# Store 3 sold, from the catalog: SCANNED[0] (version 1), then U_VN, U_TH
# (made in) and U_CODE (packed) once each; its lanes sold nothing.
time.sleep(1.5)  # its checkpoint (once a second) holds the last hour
r = subprocess.run([HANGVIET, "report", "--state", stores[2].state, *period, "--format", "json"],
                   capture_output=True, text=True, timeout=60)
eq(json.loads(r.stdout).get("origin_kinds") if r.returncode == 0 else r.stderr,
   {"made_in": 3, "assembled": 0, "bottled": 0, "mixed": 0, "finished": 0, "packed": 1,
    "labelled": 0},
   "a store's report counts the items of each origin kind")

for d in stores:
    eq(d.stop(), 0, f"{d.store} stops cleanly")
office.stop()
done()
