#!/usr/bin/env python3
"""Offices on Vietnam's 2025 map, and the figures they publish by store,
area, chain, ownership and channel. Four real store daemons in Thái Nguyên
(two of them configured with Bắc Kạn's former id, merged into Thái Nguyên on
1 July 2025), of two chains and a traditional shop, with OCOP products of
Bắc Kạn in the catalog; an area office for each of two areas, a province
office above them that keeps every store's product hours (store-products),
another that keeps only the areas' region hours (the default), and a
province office that follows the stores directly (no area level). Every
node's places and every figure of its JSON report, by each grouping, are
checked against the test's own recomputation from the events it sent and
the catalog it wrote; the office that keeps region hours has no product
figures by store, chain, ownership or channel, and says so."""
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import time

from event_model import check_digit
from hvtest import (HANGVIET, Daemon, District, add, done, eq, history_places, history_tallies,
                    now_ms, ok, send_pipelined, skip, sync_history, tmpdir, xlsx_groups,
                    xlsx_tables, zero)

os.environ["TZ"] = "Asia/Ho_Chi_Minh"
time.tzset()

# Resolution 202/2025/QH15, as far as this test needs it: Bắc Kạn is now
# part of Thái Nguyên; Hà Nội and Bắc Ninh are provinces of their own.
NOW_PART_OF = {"bac-kan": "thai-nguyen"}
STORE_PROVINCE = "thai-nguyen"

def G(body):
    """The GTIN-13 of a 12-digit BODY, with its check digit."""
    return body + check_digit(body)


# The catalog: gtin -> (name, made_in, ocop, province, category).
CATALOG = {
    G("893600010001"): ("Trà Tân Cương", "VN", 5, "thai-nguyen", "tea"),
    G("893600020001"): ("Miến dong Na Rì", "VN", 4, "bac-kan", "noodles"),
    G("893600020002"): ("Hồng không hạt Bắc Kạn", "VN", 3, "bac-kan", "fruit"),
    G("893600030001"): ("Bánh cốm Hà Nội", "VN", 0, "ha-noi", "snacks"),
    G("893600030002"): ("Nước mắm", "VN", 0, "bac-ninh", "sauce"),
    G("880123450001"): ("Kim chi", "KR", 0, "", "food"),
    G("490123450001"): ("Mì Nhật", "JP", 0, "", "noodles"),
    G("690123450001"): ("Pin AA", "CN", 0, "", "household"),
}
LISTED = set(sorted(CATALOG)[1:6])  # what the stores keep on their shelves
UNKNOWN = [G("978014044913"), G("978123456789")]  # books: no catalog, no country prefix

STORES = [  # id, configured province, area, chain, ownership, channel, name
    ("tn-bigc-1", "thai-nguyen", "tp-thai-nguyen", "bigc", "foreign", "modern", "Big C Thái Nguyên"),
    ("tn-bigc-2", "bac-kan", "bac-kan-cu", "bigc", "foreign", "modern", "Big C Bắc Kạn"),
    ("tn-coop-1", "thai-nguyen", "tp-thai-nguyen", "coop", "domestic", "modern", "Co.opmart TN"),
    ("tn-cho-1", "bac-kan", "bac-kan-cu", "", "domestic", "traditional", "Tạp hoá Chợ Mới"),
]


def write_catalog():
    path = os.path.join(tmpdir(), "catalog.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("gtin,name,made_in,ocop,province,category,listed\n")
        for g, (name, made_in, ocop, prov, cat) in CATALOG.items():
            f.write(f"{g},{name},{made_in},{ocop},{prov},{cat},{int(g in LISTED)}\n")
    return path


def delta(code, qty, amount, sign):
    """What one counted line adds to a tally, by DESIGN's rules."""
    if code in CATALOG:
        name, made_in, ocop, prov, cat = CATALOG[code]
        cls = "dom" if made_in == "VN" else "imp"
    else:
        cls, ocop, prov = "unk", 0, ""
    d = {f"items_{cls}": sign * qty, f"value_{cls}": sign * amount, "lines": sign}
    if ocop:
        d.update(items_ocop=sign * qty, value_ocop=sign * amount)
    if NOW_PART_OF.get(prov, prov) == STORE_PROVINCE:
        d.update(items_local=sign * qty, value_local=sign * amount)
    return d


SOLD = {}  # store -> {code: [qty, amount]} of the lines that still count
SOLD_HOURS = {}  # store -> {(hour, code): qty}: the same, by the hour each line was scanned


def sold(store, code, qty, amount, t, sign):
    got = SOLD.setdefault(store, {}).setdefault(code, [0, 0])
    got[0] += sign * qty
    got[1] += sign * amount
    key = (t - t % 3600_000, code)  # Vietnam's hours start on UTC's
    hours = SOLD_HOURS.setdefault(store, {})
    hours[key] = hours.get(key, 0) + sign * qty


def stream(store, seed, t0, prefix="T"):
    """A store's events from T0 (transactions PREFIX1, PREFIX2, ...) and the
    totals they must leave."""
    rng, events, total, t = random.Random(seed), [], zero(), t0
    codes = sorted(CATALOG) + UNKNOWN
    for n in range(1, 41):
        txn, lines = f"{prefix}{n}", {}
        for line in range(1, rng.randint(1, 6) + 1):
            t += rng.randint(1000, 20_000)
            code, qty = rng.choice(codes), rng.randint(1, 4)
            amount = qty * rng.randrange(5, 200) * 1000
            events.append({"op": "scan", "store": store, "lane": 1 + n % 2, "txn": txn,
                           "line": line, "code": code, "qty": qty, "amount": amount, "ts": t})
            lines[line] = (code, qty, amount, t)
            add({"t": total}, "t", **delta(code, qty, amount, +1))
            sold(store, code, qty, amount, t, +1)
        if len(lines) > 1 and rng.random() < 0.3:  # a line voided
            line = rng.choice(sorted(lines))
            t += 1000
            events.append({"op": "void", "store": store, "lane": 1 + n % 2, "txn": txn,
                           "line": line, "ts": t})
            sold(store, *lines[line], -1)
            add({"t": total}, "t", **delta(*lines.pop(line)[:3], -1), voids=1)
        t += 1000
        if rng.random() < 0.1:  # the sale cancelled: its lines go back out
            events.append({"op": "cancel", "store": store, "lane": 1 + n % 2, "txn": txn, "ts": t})
            for line in lines.values():
                add({"t": total}, "t", **delta(*line[:3], -1))
                sold(store, *line, -1)
        else:
            events.append({"op": "end", "store": store, "lane": 1 + n % 2, "txn": txn, "ts": t})
            add({"t": total}, "t", txns=1)
    assert t < now_ms() - 60_000
    return events, total


catalog = write_catalog()
t0 = now_ms() - 3 * 3600_000
daemons, totals = {}, {}
for i, (sid, prov, area, chain, owner, channel, name) in enumerate(STORES):
    extra = ["--province", prov, "--district", area, "--ownership", owner, "--channel", channel,
             "--name", name] + (["--chain", chain] if chain else [])
    daemons[sid] = Daemon(store=sid, catalog=catalog, extra=extra).start()
    events, totals[sid] = stream(sid, 17 + i, t0)
    send_pipelined(daemons[sid].endpoint, events)

ok("former province" in daemons["tn-bigc-2"].log_text(),
   "a store configured with bac-kan is told it is a former province",
   daemons["tn-bigc-2"].log_text())

by_area = {}
for s in STORES:
    by_area.setdefault(s[2], []).append(daemons[s[0]])
area_a = District("office-tp-tn", "tp-thai-nguyen", by_area["tp-thai-nguyen"]).start()
area_b = District("office-bac-kan-cu", "bac-kan-cu", by_area["bac-kan-cu"]).start()
province = District("so-cong-thuong-tn", "", [area_a, area_b], extra=["--store-products"]).start()
regional = District("mttq-tn", "", [area_a, area_b]).start()
direct = District("ban-chi-dao-tn", "", list(daemons.values()), extra=["--day-rows"]).start()
REGIONAL = "province office above the areas, their region hours only"
nodes = {"area tp-thai-nguyen": (area_a, [s for s in STORES if s[2] == "tp-thai-nguyen"]),
         "area bac-kan-cu": (area_b, [s for s in STORES if s[2] == "bac-kan-cu"]),
         "province office above the areas": (province, STORES),
         REGIONAL: (regional, STORES),
         "province office following the stores": (direct, STORES)}


def wait_for(node, stores, seconds=30):
    """Until NODE holds each of STORES' totals and places."""
    want = {s[0]: totals[s[0]] for s in stores}
    deadline, got = time.time() + seconds, {}
    while time.time() < deadline:
        got = {}
        for (store, _), c in history_tallies(node.sync).items():
            if store != "*":
                add(got, store, **c)
        if got == want and len(history_places(node.sync)) == len(stores):
            return True
        time.sleep(0.5)
    return False


for what, (node, stores) in nodes.items():
    ok(wait_for(node, stores), f"{what}: holds every store's windows and place")
    places = history_places(node.sync)
    eq({k: (p["province"], p["district"], p["chain"], p["ownership"], p["channel"], p["name"])
        for k, p in places.items()},
       {s[0]: (NOW_PART_OF.get(s[1], s[1]), s[2], s[3], s[4], s[5], s[6]) for s in stores},
       f"{what}: each store's place, Bắc Kạn read as Thái Nguyên")

time.sleep(1.5)  # every node's checkpoint (once a second) holds the last windows
today = datetime.date.today()
period = ["--from", (today - datetime.timedelta(days=1)).isoformat(), "--to", today.isoformat()]


def report(state, by, fmt="json", lang="C.UTF-8"):
    env = dict(os.environ, LC_ALL=lang, LANG=lang, NO_COLOR="1", COLUMNS="120",
               HANGVIET_LOCALEDIR=os.environ.get("HANGVIET_LOCALEDIR", "po/locale"))
    env.pop("LANGUAGE", None)
    return subprocess.run([HANGVIET, "report", "--state", state, *period, "--by", by,
                           "--format", fmt], capture_output=True, text=True, env=env, timeout=60)


COLUMN = {"store": 0, "area": 2, "chain": 3, "ownership": 4, "channel": 5}
for what, (node, stores) in nodes.items():
    for by, col in COLUMN.items():
        want = {}
        for s in stores:
            add(want, s[col] if by != "store" else s[0], **totals[s[0]])
        r = report(node.state, by)
        rep = json.loads(r.stdout) if r.returncode == 0 else {"groups": []}
        eq({g["key"]: {k: g[k] for k in zero()} for g in rep["groups"]}, want,
           f"{what}: report --by {by}, every counter of every group")

# Products upward: each store's hours of its product rollup reach every
# office; an office's report tells the region's top imported products, its
# top unknown codes and prices by category, as the test sums them.
def region_products(stores):
    net = {}
    for st in stores:
        for code, (q, a) in SOLD.get(st[0], {}).items():
            got = net.setdefault(code, [0, 0])
            got[0] += q
            got[1] += a
    return net


def want_top(net, cls):
    rows = [(c, q, a) for c, (q, a) in net.items()
            if (CATALOG[c][1] != "VN" if cls == "imported" and c in CATALOG else
                cls == "unknown" and c not in CATALOG)]
    rows = [r for r in rows if (r[2] > 0 if cls == "imported" else r[1] > 0)]
    rows.sort(key=lambda r: (-r[2], r[0]) if cls == "imported" else (-r[1], r[0]))
    return [(c, q, a) for c, q, a in rows[:10]]


def want_prices(net):
    by = {}
    for c, (q, a) in net.items():
        if c in CATALOG:
            cat, cls = CATALOG[c][4], "domestic" if CATALOG[c][1] == "VN" else "imported"
            got = by.setdefault(cat, {"domestic": [0, 0], "imported": [0, 0]})
            got[cls][0] += q
            got[cls][1] += a
    return by


# More sales while the offices run, in an hour already closed: the stores'
# products messages carry them up live (no history asked).
for i, st in enumerate(STORES):
    more, extra_total = stream(st[0], 101 + i, now_ms() - 2 * 3600_000 - 30 * 60_000, prefix="L")
    add({"t": totals[st[0]]}, "t", **extra_total)
    send_pipelined(daemons[st[0]].endpoint, more)
# Meanwhile another office catches up with the areas and the stores (history
# with every product hour, as after a restart): what history answers it must
# still reach the offices that follow the feed live.
until = time.time() + 6
while time.time() < until:
    for node in [area_a, area_b] + list(daemons.values()):
        sync_history(node.sync, kind="products", products=True, store_products=True)
    time.sleep(0.2)
for what, (node, stores) in nodes.items():
    ok(wait_for(node, stores), f"{what}: the later sales reach it")
time.sleep(4)  # the stores look for changed hours every 2 s; the offices checkpoint each second


def rollup_converged(node, stores, seconds=20):
    """Until NODE's report tells the region's products as the test sums them."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        rep = json.loads(report(node.state, "none").stdout or "{}")
        if [(t["gtin"], t["items"], t["value"]) for t in rep.get("top_imported", [])] == \
                want_top(region_products(stores), "imported"):
            return
        time.sleep(0.5)


for what, (node, stores) in nodes.items():
    rollup_converged(node, stores)
    net = region_products(stores)
    rep = json.loads(report(node.state, "none").stdout or "{}")
    eq(rep.get("events"), True, f"{what}: holds its stores' product rollups")
    eq([(t["gtin"], t["items"], t["value"]) for t in rep.get("top_imported", [])],
       want_top(net, "imported"), f"{what}: the region's top imported products by value")
    eq([(t["gtin"], t["items"], t["value"]) for t in rep.get("top_unknown", [])],
       want_top(net, "unknown"), f"{what}: the region's top unknown codes")
    eq({p["category"]: {k: [p[k]["items"], p[k]["value"]] for k in ("domestic", "imported")}
        for p in rep.get("prices", []) if p["category"] in {v[4] for v in CATALOG.values()}},
       want_prices(net), f"{what}: items and value by category, domestic and imported")

# Shares of products ("mã hàng"): the distinct products sold, by class, in
# the region and in each group -- a product sold in two stores is one.
def cls_of(code):
    return ("domestic" if CATALOG[code][1] == "VN" else "imported") if code in CATALOG else "unknown"


def distinct(stores):
    net = region_products(stores)
    out = {"domestic": 0, "imported": 0, "unknown": 0}
    for code, (q, _) in net.items():
        if q > 0:
            out[cls_of(code)] += 1
    return out


for what, (node, stores) in nodes.items():
    rep = json.loads(report(node.state, "none").stdout or "{}")
    want = distinct(stores)
    eq({k: rep.get("total", {}).get("products", {}).get(k) for k in want}, want,
       f"{what}: distinct products sold in the region, by class")
    for by, col in COLUMN.items():
        rep = json.loads(report(node.state, by).stdout or "{}")
        groups = {}
        for st in stores:
            groups.setdefault(st[col] if by != "store" else st[0], []).append(st)
        if node is regional and by != "area":  # region hours tell no store within an area
            ok(rep.get("regions") is True and rep.get("groups") and
               not any("products" in g for g in rep["groups"]),
               f"{what}: no product figures by {by}, and the report says why", rep)
            continue
        eq({g["key"]: {k: g.get("products", {}).get(k) for k in ("domestic", "imported", "unknown")}
            for g in rep.get("groups", [])},
           {k: distinct(v) for k, v in groups.items()},
           f"{what}: distinct products by class in each group by {by}")
r = report(regional.state, "chain", fmt="text")
ok("store-products = no" in r.stdout, "its text report says products are not counted by chain",
   r.stdout)


# An area office's own region hours (store "*") in history: every product's
# rows summed over its stores, with how many of them sold it in that hour.
def hours_of(stores):
    """{(hour, code): [qty, stores with qty > 0]} over STORES; a product whose
    lines all went back out (voided, cancelled) in that hour is not among
    the hour's rows."""
    out = {}
    for st in stores:
        for key, q in SOLD_HOURS.get(st[0], {}).items():
            got = out.setdefault(key, [0, 0])
            got[0] += q
            got[1] += q > 0
    return {k: v for k, v in out.items() if v != [0, 0]}


for what, node, stores in (("area tp-thai-nguyen", area_a, nodes["area tp-thai-nguyen"][1]),
                           ("area bac-kan-cu", area_b, nodes["area bac-kan-cu"][1])):
    got = {}
    for m in sync_history(node.sync, kind="products", products=True, store_products=False)[0]:
        ok(m["store"] == "*" and m["district"] == stores[0][2],
           f"{what}: history without store_products sends the region's hours alone", m)
        for row in m["rows"]:
            got[(m["hour"], row["item"])] = [row["qty"], row["stores"]]
    eq(got, hours_of(stores), f"{what}: its region hours, each product's items and stores")

# hangviet unknown at an office: the codes no catalog knows, most sold first,
# with how many stores sold them.
for what, (node, stores) in nodes.items():
    r = subprocess.run([HANGVIET, "unknown", "--state", node.state, *period, "--format", "json"],
                       capture_output=True, text=True, timeout=60)
    got = [json.loads(ln) for ln in r.stdout.splitlines()] if r.returncode == 0 else []
    want = []
    for code in UNKNOWN:
        per = [SOLD.get(st[0], {}).get(code, [0, 0]) for st in stores]
        items = sum(p[0] for p in per)
        if items > 0:
            want.append((code, items, sum(p[1] for p in per), sum(1 for p in per if p[0] > 0)))
    if node is regional:  # per area, the most stores that sold it in any one hour
        least = {}
        for area in {st[2] for st in stores}:
            per_hour = hours_of([st for st in stores if st[2] == area])
            for code in UNKNOWN:
                least[code] = least.get(code, 0) + max(
                    [n for (_h, c), (_q, n) in per_hour.items() if c == code] or [0])
        want = [(c, i, v, least[c]) for c, i, v, _n in want]
    want.sort(key=lambda w: (-w[1], -w[3], w[0]))
    eq([(g["code"], g["items"], g["value"], g["stores"]) for g in got], want,
       f"{what}: hangviet unknown lists the codes no catalog knows, with their stores")
    eq({g.get("stores_at_least") for g in got}, {node is regional},
       f"{what}: the store counts are {'at least' if node is regional else 'exact'}")

# A store's catalog: of the products it lists, how many are Vietnamese.
rep = json.loads(report(daemons["tn-coop-1"].state, "none").stdout or "{}")
vn = sum(1 for g in LISTED if CATALOG[g][1] == "VN")
eq(rep.get("listed"), {"domestic": vn, "other": len(LISTED) - vn,
                       "share": round(vn / len(LISTED), 4)},
   "a store's report: the products it lists, Vietnamese and not")

# The province office's workbook: a sheet for each grouping that tells its
# stores apart, each equal to the JSON report by that grouping.
book = os.path.join(direct.state, "tn.xlsx")
r = subprocess.run([HANGVIET, "report", "--state", direct.state, *period, "--format", "xlsx",
                    "--output", book], capture_output=True, text=True, timeout=60,
                   env=dict(os.environ, LC_ALL="C.UTF-8"))
sheets = xlsx_tables(book) if r.returncode == 0 else {}
LABEL = {"domestic": "domestic-owned", "foreign": "foreign-owned", "modern": "modern trade",
         "traditional": "traditional trade", "": "(none)"}
for by in COLUMN:
    rep = json.loads(report(direct.state, by).stdout)
    want = {LABEL.get(g["key"], g["key"]) if by in ("ownership", "channel", "chain") else g["key"]:
            {k: g[k] for k in zero()} for g in rep["groups"]}
    eq(xlsx_groups(sheets.get(by, [()])), want, f"xlsx at the province office: the {by} sheet")

# The province office's HTML page, rendered by headless Chromium: a row per
# area with the numbers the test computes, and the charts.
browser = shutil.which("chromium") or shutil.which("chromium-browser")
if browser is None:
    skip("the office's HTML in Chromium", "chromium is not installed")
else:
    page = os.path.join(direct.state, "tn.html")
    r = subprocess.run([HANGVIET, "report", "--state", direct.state, *period, "--by", "area",
                        "--format", "html", "--output", page], capture_output=True, text=True,
                       timeout=60, env=dict(os.environ, LC_ALL="C.UTF-8"))
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          f"--user-data-dir={tmpdir()}", "--dump-dom", f"file://{page}"],
                         capture_output=True, text=True, timeout=120).stdout
    rows = re.findall(r'<tr data-key="([^"]*)" data-items="(-?\d+)" data-value="(-?\d+)"'
                      r'[^>]*><td>[^<]*</td><td>[^<]*</td><td>([0-9.]+)%', dom)
    want = {}
    for st in STORES:
        add(want, st[2], **totals[st[0]])
    eq({k: (int(i), int(v), p) for k, i, v, p in rows},
       {k: (c["items_dom"] + c["items_imp"] + c["items_unk"],
            c["value_dom"] + c["value_imp"] + c["value_unk"],
            f"{100 * c['items_dom'] / (c['items_dom'] + c['items_imp'] + c['items_unk']):.1f}")
        for k, c in want.items()},
       "the office's HTML in Chromium: each area's items, value and Vietnamese share")
    ok('id="chart-hours"' in dom and 'id="chart-categories"' in dom and "<circle" in dom,
       "and its charts: the share by hour with its points, the value by category", dom[-3000:])

# A store's own report by chain: its one chain.
r = report(daemons["tn-coop-1"].state, "chain")
rep = json.loads(r.stdout) if r.returncode == 0 else {"groups": []}
eq([g["key"] for g in rep["groups"]], ["coop"], "a store's report --by chain: its own chain")

# What a Vietnamese office analyst reads: ownership as words, not codes.
r = report(direct.state, "ownership", fmt="text", lang="vi_VN.UTF-8")
ok(r.returncode == 0 and "chủ sở hữu nước ngoài" in r.stdout and "chủ sở hữu trong nước" in r.stdout,
   "text report --by ownership in Vietnamese names foreign- and domestic-owned chains", r.stdout)

# The live feed says where each store is: `hangviet watch` prints its place.
w = subprocess.Popen([HANGVIET, "watch", "--connect", daemons["tn-bigc-2"].feed, "--topic",
                      "hv1/place/"], stdout=subprocess.PIPE, text=True,
                     env=dict(os.environ, LC_ALL="C.UTF-8"))
time.sleep(1)
eq(daemons["tn-bigc-2"].stop(), 0, "a store stops")
daemons["tn-bigc-2"].start()  # and says its place again at start
time.sleep(1.5)
w.terminate()
out = w.communicate(timeout=10)[0]
ok("store tn-bigc-2: Big C Bắc Kạn, province Thái Nguyên, area bac-kan-cu, chain bigc" in out,
   "hangviet watch shows the store's place when it starts", out)

for name, node in (("area a", area_a), ("area b", area_b), ("province", province),
                   ("regional", regional), ("direct", direct)):
    eq(node.stop(), 0, f"{name} office stops cleanly")
for d in daemons.values():
    eq(d.stop(), 0, f"{d.store} stops cleanly")
done()
