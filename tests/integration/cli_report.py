#!/usr/bin/env python3
"""`hangviet report` against a journal built by a real hangvietd from a
known event stream (three lanes over two days: scans, returns, voids,
cancels, duplicates). Every number is checked against the test's own
recomputation from the events sent: totals and groups by hour, day,
category and lane for several periods (JSON and CSV), the catalog/prefix
split, the top imported products and unknown codes, prices per category;
the text report in English and Vietnamese (labels and separators); usage
errors; the report read while the daemon runs."""
import csv
import datetime
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import time
import unicodedata

os.environ["TZ"] = "Asia/Ho_Chi_Minh"
time.tzset()

from event_model import Model, load  # noqa: E402
from hvtest import (HANGVIET, Client, Daemon, SRCDIR, add, done, eq, now_ms, ok,  # noqa: E402
                    skip, xlsx_groups, xlsx_tables, zero)

COUNTERS = list(zero())
LOCALEDIR = os.environ.get("HANGVIET_LOCALEDIR", "po/locale")


def report(*args, lang="C.UTF-8", columns=120):
    env = dict(os.environ, LC_ALL=lang, LANG=lang, HANGVIET_LOCALEDIR=LOCALEDIR, NO_COLOR="1",
               COLUMNS=str(columns))
    env.pop("LANGUAGE", None)
    return subprocess.run([HANGVIET, "report", "--state", d.state] + list(args), env=env,
                          capture_output=True, text=True, timeout=60)


def local(ms, fmt):
    return datetime.datetime.fromtimestamp(ms / 1000).strftime(fmt)


def midnight(day):
    return int(datetime.datetime.strptime(day, "%Y-%m-%d").timestamp() * 1000)


# The stream: three lanes, starting 40 hours ago.
d = Daemon(catalog=f"{SRCDIR}/data/sample-catalog.csv", extra=["--province", "thai-nguyen"]).start()
m = Model(7)
start = now_ms() - 40 * 3600_000
events = []
for lane in (1, 2, 3):
    events += m.lane_events(lane, 500, start + lane * 1000, dup_rate=0.03)
c = Client(d.endpoint)
for ev in events:
    c.call(ev)
d.stop()
d.start()  # the report reads beside a running daemon


def expected(frm, to, by):
    """(total, {group key: counters}) of windows starting in [frm, to)."""
    total, groups = zero(), {}
    source = {"category": m.cat, "lane": m.lane}.get(by, m.total)
    for (_, win, key), cnt in m.total.items():
        if frm <= win < to:
            add({"t": total}, "t", **cnt)
    for (_, win, key), cnt in source.items():
        if not frm <= win < to:
            continue
        k = {"hour": lambda: local(win, "%Y-%m-%d %H:00"), "day": lambda: local(win, "%Y-%m-%d"),
             "category": lambda: key, "lane": lambda: key}[by]()
        add(groups, k, **cnt)
    return total, {k: v for k, v in groups.items() if any(v.values())}


def json_groups(rep):
    return {g["key"]: {k: g[k] for k in COUNTERS} for g in rep["groups"] if any(g[k] for k in COUNTERS)}


days = sorted({local(ev["ts"], "%Y-%m-%d") for ev in events})
periods = [("--day", days[0]), ("--day", days[-1]), ("--from", days[0], "--to", days[-1])]
for p in periods:
    frm = midnight(p[1])
    to = midnight(p[-1]) + 86400_000
    for by in ("hour", "day", "category", "lane"):
        r = report(*p, "--by", by, "--format", "json")
        if not ok(r.returncode == 0, f"report {' '.join(p)} --by {by} --format json", r.stderr):
            continue
        rep = json.loads(r.stdout)
        want_total, want_groups = expected(frm, to, by)
        eq({k: rep["total"][k] for k in COUNTERS}, want_total, f"{' '.join(p)}: period total (by {by})")
        eq(json_groups(rep), want_groups, f"{' '.join(p)}: groups by {by}")

# --month: from the month's first local midnight to the next month's.
for month in sorted({d[:7] for d in days}):
    y, mo = int(month[:4]), int(month[5:])
    frm = midnight(f"{month}-01")
    to = midnight(f"{y + 1}-01-01" if mo == 12 else f"{y}-{mo + 1:02d}-01")
    r = report("--month", month, "--by", "day", "--format", "json")
    rep = json.loads(r.stdout) if r.returncode == 0 else {"total": zero(), "groups": []}
    want_total, want_groups = expected(frm, to, "day")
    eq((rep.get("from"), rep.get("to")), (frm, to), f"--month {month}: the month's local days")
    eq({k: rep["total"][k] for k in COUNTERS}, want_total, f"--month {month}: its total")
    eq(json_groups(rep), want_groups, f"--month {month}: its days")

# CSV: the same numbers, one row per group after the total.
frm, to = midnight(days[0]), midnight(days[-1]) + 86400_000
r = report("--from", days[0], "--to", days[-1], "--by", "lane", "--format", "csv")
rows = list(csv.DictReader(io.StringIO(r.stdout)))
want_total, want_groups = expected(frm, to, "lane")
eq({k: int(rows[0][k]) for k in COUNTERS}, want_total, "csv: the total row")
eq({row["group"]: {k: int(row[k]) for k in COUNTERS} for row in rows[1:]}, want_groups,
   "csv: one row per lane")
share = want_total["items_dom"] / sum(want_total[f"items_{c}"] for c in ("dom", "imp", "unk"))
eq(rows[0]["share_items"], f"{share:.4f}", "csv: the Vietnamese share of items")

# What only the events tell, recomputed from the events sent: the lines
# that still count (first of duplicates, not voided, not cancelled).
seen, scans, voided, cancelled = set(), {}, set(), set()
for ev in events:
    key = (ev["lane"], ev["txn"], ev.get("line", 0), ev["op"])
    if key in seen:
        continue
    seen.add(key)
    if ev["op"] == "scan":
        scans[(ev["lane"], ev["txn"], ev["line"])] = ev
    elif ev["op"] == "void":
        voided.add((ev["lane"], ev["txn"], ev["line"]))
    elif ev["op"] == "cancel":
        cancelled.add((ev["lane"], ev["txn"]))
net = [ev for k, ev in scans.items()
       if k not in voided and k[:2] not in cancelled and frm <= ev["ts"] < to]
catalog_codes = set(load())  # the rest of the pool is known by prefix only
by_code, basis, prices = {}, {}, {}
names = {"dom": "domestic", "imp": "imported", "unk": "unknown"}
for ev in net:
    cls = names[m.codes[ev["code"]][0]]
    add(by_code, (cls, ev["code"]), items_dom=ev["qty"], value_dom=ev["amount"])
    # A code nothing is known of (class unknown) is neither confirmed nor guessed.
    b = "catalog" if ev["code"] in catalog_codes else "prefix" if cls != "unknown" else None
    if b:
        add(basis, (b, "items", cls), items_dom=ev["qty"])
        add(basis, (b, "value", cls), items_dom=ev["amount"])
    if cls != "unknown":
        add(prices, (m.category(ev), cls), items_dom=ev["qty"], value_dom=ev["amount"])
top_imp = sorted(((c, v["items_dom"], v["value_dom"]) for (cls, c), v in by_code.items()
                  if cls == "imported" and v["value_dom"] > 0), key=lambda x: (-x[2], x[0]))[:10]
top_unk = sorted(((c, v["items_dom"], v["value_dom"]) for (cls, c), v in by_code.items()
                  if cls == "unknown" and v["items_dom"] > 0), key=lambda x: (-x[1], x[0]))[:10]
rep = json.loads(report("--from", days[0], "--to", days[-1], "--format", "json").stdout)
eq(rep["events"], True, "json: the event sections are there")
want_products = {c: sum(1 for (k, _), v in by_code.items() if k == c and v["items_dom"] > 0)
                 for c in ("domestic", "imported", "unknown")}
eq({c: rep["total"]["products"][c] for c in want_products}, want_products,
   "json: distinct products sold, by class (each product once)")
eq([(t["gtin"], t["items"], t["value"]) for t in rep["top_imported"]], top_imp,
   "json: top 10 imported products by value")
eq([(t["gtin"], t["items"], t["value"]) for t in rep["top_unknown"]], top_unk,
   "json: top 10 unknown codes by items")
eq({(b, kind, cls): rep["basis"][b][kind][cls] for b in ("catalog", "prefix")
    for kind in ("items", "value") for cls in ("domestic", "imported", "unknown")},
   {k: basis.get(k, {"items_dom": 0})["items_dom"] for k in
    [(b, kind, cls) for b in ("catalog", "prefix") for kind in ("items", "value")
     for cls in ("domestic", "imported", "unknown")]},
   "json: catalog-confirmed and prefix-guessed counts apart")
eq(rep["origin_kinds"], {"made_in": sum(ev["qty"] for ev in net if ev["code"] in catalog_codes),
                         "assembled": 0, "bottled": 0, "mixed": 0, "finished": 0, "packed": 0,
                         "labelled": 0},
   "json: the catalog products' items by origin kind (the sample's labels all say made in)")
eq({(p["category"], cls): (p[cls]["items"], p[cls]["value"]) for p in rep["prices"]
    for cls in ("domestic", "imported") if p[cls]["items"] or p[cls]["value"]},
   {k: (v["items_dom"], v["value_dom"]) for k, v in prices.items()
    if v["items_dom"] or v["value_dom"]},
   "json: items and value per category, domestic and imported")


# The text report, in English and in Vietnamese.
def grouped(n, sep):
    return f"{n:,}".replace(",", sep)


tot = expected(frm, to, "lane")[0]
en = report("--from", days[0], "--to", days[-1], "--by", "lane")
ok(en.returncode == 0 and "Vietnamese share" in en.stdout and "Top imported products by value" in en.stdout,
   "text report in English", en.stdout + en.stderr)
ok(grouped(tot["value_dom"], ",") in en.stdout,
   f"English: domestic value {grouped(tot['value_dom'], ',')} with , between thousands", en.stdout)
vi = report("--from", days[0], "--to", days[-1], "--by", "lane", lang="vi_VN.UTF-8")
ok(vi.returncode == 0 and "Tỉ lệ hàng Việt" in vi.stdout and "Hàng nhập khẩu bán nhiều nhất" in vi.stdout
   and "Vietnamese share" not in vi.stdout,
   "text report in Vietnamese", vi.stdout + vi.stderr)
ok(grouped(tot["value_dom"], ".") in vi.stdout,
   f"Vietnamese: domestic value {grouped(tot['value_dom'], '.')} with . between thousands", vi.stdout)


def cols(text):
    """Display columns of TEXT as a terminal shows it."""
    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def right_edges(line, skip):
    """The display column where each run of non-blanks ends, past the first SKIP columns."""
    edges, col = set(), 0
    for i, ch in enumerate(line):
        col += cols(ch)
        if col > skip and ch != " " and (i + 1 == len(line) or line[i + 1] == " "):
            edges.add(col)
    return edges


def aligned(out, head_word, first):
    """Whether, in the table of OUT whose header line starts with HEAD_WORD,
    every figure of every row ends in the column where a header ends (past
    the FIRST columns of labels)."""
    lines = out.splitlines()
    at = next((i for i, ln in enumerate(lines) if ln.startswith(head_word)), None)
    if at is None:
        return False
    head = right_edges(lines[at], first)
    rows = [ln for ln in lines[at + 1:at + 4] if ln.strip()]
    return bool(rows) and all(right_edges(r, first) <= head for r in rows) and \
        all(len(right_edges(r, first)) == len(right_edges(rows[0], first)) for r in rows)


# Laid out as a store manager reads it: each header sits over its figures,
# in English and in Vietnamese (whose letters take more bytes than columns).
for lang, word in (("C.UTF-8", "lane"), ("vi_VN.UTF-8", "quầy")):
    t = report("--from", days[0], "--to", days[-1], "--by", "lane", lang=lang, columns=90)
    ok(aligned(t.stdout, word, 18), f"{lang}: the --by lane table's headers sit over their figures",
       t.stdout)
    summary = t.stdout.splitlines()
    head = next((i for i, ln in enumerate(summary) if ln.startswith(" " * 14)), None)
    ok(head is not None and all(set(sorted(right_edges(summary[head + k], 14))[:3]) <=
                                right_edges(summary[head], 14) for k in (1, 2)),
       f"{lang}: the summary's domestic, imported and unknown headers sit over their figures",
       t.stdout)

pct = f"{100 * share:.1f}"
ok(pct in en.stdout and pct.replace(".", ",") in vi.stdout,
   f"the share of items {pct}% in both", en.stdout)
narrow = subprocess.run([HANGVIET, "report", "--state", d.state, "--by", "hour"],
                        env=dict(os.environ, COLUMNS="60", NO_COLOR="1", LC_ALL="C.UTF-8"),
                        capture_output=True, text=True)
ok(narrow.returncode == 0 and "\033[" not in narrow.stdout, "NO_COLOR: no colour codes")

# XLSX: the same numbers as the JSON, read back with openpyxl: the totals,
# a sheet for the grouping asked and for the others that tell groups apart,
# the products, a sheet of definitions; Vietnamese headers in Vietnamese.
book = os.path.join(d.state, "r.xlsx")
r = report("--from", days[0], "--to", days[-1], "--by", "lane", "--format", "xlsx", "--output",
           book)
js = json.loads(report("--from", days[0], "--to", days[-1], "--by", "lane", "--format",
                       "json").stdout)
sheets = xlsx_tables(book) if r.returncode == 0 else {}
eq(list(sheets)[:3] + list(sheets)[-4:],
   ["Totals", "lane", "category", "Top imported", "Top unknown codes", "Prices", "Definitions"],
   "xlsx: its sheets")
total_row = sheets.get("Totals", [()] * 6)[5]
eq({k: int(total_row[1 + i]) for i, k in enumerate(COUNTERS)}, {k: js["total"][k] for k in COUNTERS},
   "xlsx: the totals equal the JSON's")
ok(abs(total_row[1 + len(COUNTERS)] - js["total"]["share_items"]) < 0.00005,
   "xlsx: the Vietnamese share of items is a number (a percentage cell)")
eq(xlsx_groups(sheets.get("lane", [()])), json_groups(js), "xlsx: the lane sheet equals the JSON groups")
totals = sheets.get("Totals", [])
kinds = dict(zip(totals[10][1:8], totals[11][1:8])) if len(totals) > 11 else {}
eq({k: int(v) for k, v in kinds.items()},
   {"made in": js["origin_kinds"]["made_in"], "assembled in": 0, "bottled in": 0, "mixed in": 0,
    "finished in": 0, "packed in": 0, "labelled in": 0},
   "xlsx: the items by origin kind equal the JSON's")
cats = json.loads(report("--from", days[0], "--to", days[-1], "--by", "category", "--format",
                         "json").stdout)
eq({k if k != "(none)" else "": v for k, v in xlsx_groups(sheets.get("category", [()])).items()
    if any(v.values())}, json_groups(cats), "xlsx: the category sheet equals the JSON by category")
eq([(row[0], row[2], row[3]) for row in sheets.get("Top imported", [()])[1:]],
   [(t["gtin"], t["items"], t["value"]) for t in js["top_imported"]],
   "xlsx: the top imported products equal the JSON's")
ok(len(sheets.get("Definitions", [])) > 5, "xlsx: a sheet defines every figure")
r = report("--from", days[0], "--to", days[-1], "--format", "xlsx", "--output", book,
           lang="vi_VN.UTF-8")
vi_sheets = xlsx_tables(book) if r.returncode == 0 else {}
ok("Tổng" in vi_sheets and any("hàng Việt" in str(c) for c in vi_sheets["Tổng"][4]),
   "xlsx in Vietnamese: sheet names and headers", str(list(vi_sheets)))
raw = subprocess.run([HANGVIET, "report", "--state", d.state, "--format", "xlsx"],
                     capture_output=True, timeout=60)
ok(raw.returncode == 0 and raw.stdout[:2] == b"PK", "xlsx without --output: the workbook on stdout")

# Output to a file, and usage errors.
out = os.path.join(d.state, "r.json")
r = report("--day", days[-1], "--format", "json", "--output", out)
ok(r.returncode == 0 and json.load(open(out))["by"] == "none", "--output writes the file whole")
for args, says in ((["--day", "2026-02-30"], "--day 2026-02-30"), (["--by", "week"], "week"),
                   (["--format", "pdf"], "pdf"), (["--day", days[0], "--from", days[0]], "not two"),
                   (["--month", "2026-13"], "--month 2026-13"), (["--month", "2026-1"], "2026-1"),
                   (["--month", "2026-11", "--day", days[0]], "not two"),
                   (["--from", days[-1], "--to", "yesterday"], "--to needs a time"),
                   (["--from", "2026-11-20", "--to", "2026-11-19"], "--to must be after --from")):
    r = report(*args)
    ok(r.returncode == 2 and says in r.stderr, f"usage error: {' '.join(args)} (exit 2, says {says!r})",
       r.stderr)
r = subprocess.run([HANGVIET, "report", "--state", "/nonexistent/dir"], capture_output=True,
                   text=True)
ok(r.returncode == 1 and "/nonexistent/dir" in r.stderr, "a state without a journal: exit 1",
   r.stderr)

# HTML: one self-contained page with three SVG charts.
page = os.path.join(d.state, "report.html")
r = report("--from", days[0], "--to", days[-1], "--format", "html", "--output", page,
           lang="vi_VN.UTF-8")
html = open(page, encoding="utf-8").read() if r.returncode == 0 else ""
ok(r.returncode == 0 and html.startswith("<!DOCTYPE html>") and '<html lang="vi">' in html,
   "html: a page, in Vietnamese", r.stderr)
ok(all(f'id="{c}"' in html for c in ("chart-hours", "chart-categories", "chart-imported")),
   "html: the share-by-hour, category and top-imported charts are there")
ok(not any(x in html for x in ("http:", "https:", "src=", "url(", "@import", "//cdn")),
   "html: nothing that would be fetched from elsewhere")
items = sum(want_total[f"items_{c}"] for c in ("dom", "imp", "unk"))
ok(f"Số món: {grouped(items, '.')}" in html, f"html: the total items {grouped(items, '.')}")
ok(f"{100 * share:.1f}".replace(".", ",") + "%" in html, "html: the Vietnamese share of items")
made_in = js["origin_kinds"]["made_in"]
ok(f'<tr data-kind="made_in"><td>sản xuất tại</td><td>{grouped(made_in, ".")}</td></tr>' in html
   and '<tr data-kind="packed"><td>đóng gói tại</td><td>0</td></tr>' in html,
   f"html: the items by origin kind ({made_in} made in)")

# Headless Chromium renders it from a local web server that logs every
# request: the charts are drawn, and the page asks for nothing else.
browser = shutil.which("chromium") or shutil.which("chromium-browser")
if browser is None:
    skip("html rendered by headless Chromium", "chromium is not installed")
else:
    import http.server
    import threading
    requests = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=d.state, **kw)

        def log_message(self, fmt, *args):
            requests.append(self.path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/report.html"
    shot = os.path.join(d.state, "report.png")
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                          "--no-first-run", f"--user-data-dir={d.state}/chromium",
                          "--dump-dom", url], capture_output=True, text=True, timeout=120)
    ok(dom.returncode == 0 and dom.stdout.count("<svg") == 3 and "<polyline" in dom.stdout
       and "<rect" in dom.stdout, "chromium renders the page with its three charts",
       dom.stderr[-2000:])
    eq(requests, ["/report.html"], "and the page requested nothing but itself")

    # A period of one hour: the hourly chart still shows that hour's point,
    # at the share the test computes.
    # The first hour that sold items (an hour of only voids and cancels has
    # no share to draw: a run once picked one and divided by zero).
    for hour in sorted({w - w % 3600_000 for (_, w, _), cnt in m.total.items()
                        if any(cnt.values())}):
        want = expected(hour, hour + 3600_000, "hour")[0]
        if sum(want[f"items_{c}"] for c in ("dom", "imp", "unk")) > 0:
            break
    want_share = want["items_dom"] / sum(want[f"items_{c}"] for c in ("dom", "imp", "unk"))
    r = report("--from", local(hour, "%Y-%m-%d %H:%M"), "--to",
               local(hour + 3600_000, "%Y-%m-%d %H:%M"), "--format", "html", "--output",
               os.path.join(d.state, "hour.html"))  # a new name: not the cached page
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                          "--no-first-run", f"--user-data-dir={d.state}/chromium",
                          "--dump-dom", url.replace("report.html", "hour.html")],
                         capture_output=True, text=True, timeout=120)
    chart = dom.stdout[dom.stdout.find('id="chart-hours"'):]
    chart = chart[:chart.find("</svg>")]
    points = re.findall(r'<circle cx="([0-9.]+)" cy="([0-9.]+)" r="3"[^>]*data-share-items="([0-9.]+)"',
                        chart)
    ok(r.returncode == 0 and len(points) == 1 and 36 < float(points[0][0]) < 632
       and abs(float(points[0][2]) - want_share) < 0.00005
       and abs(float(points[0][1]) - (10 + 180 * (1 - want_share))) < 0.1,
       f"one hour of data: chromium shows the hourly chart's point at {100 * want_share:.1f}%",
       f"{points} {r.stderr}")
    server.shutdown()

eq(d.stop(), 0, "the daemon ran beside the reports and stops cleanly")

# A journal from before the product rollup (schema 2) gets it filled from
# its events when the daemon first opens it: the report stays the same.
before = report("--from", days[0], "--to", days[-1], "--by", "category", "--format", "json").stdout
db = sqlite3.connect(d.journal())
counters = ", ".join(f"{k} INTEGER NOT NULL" for k in COUNTERS)
db.executescript(  # schema 2: tally in (store, win, dim, key) order, no product table
    "CREATE TABLE tally2 (store TEXT NOT NULL, win INTEGER NOT NULL, span INTEGER NOT NULL,"
    f" rev INTEGER NOT NULL, dim TEXT NOT NULL, key TEXT NOT NULL, {counters},"
    " PRIMARY KEY (store, win, dim, key)) WITHOUT ROWID;"
    "INSERT INTO tally2 SELECT * FROM tally; DROP TABLE tally;"
    "ALTER TABLE tally2 RENAME TO tally; DROP TABLE product; DROP TABLE product_rev;"
    "DROP TABLE region_product; DROP TABLE region_rev; DROP TABLE own_product;"
    "DROP TABLE tally_day;"
    "CREATE TABLE place2 (store TEXT PRIMARY KEY NOT NULL, province TEXT NOT NULL,"
    " district TEXT NOT NULL) WITHOUT ROWID;"  # schema 2's places: no store attributes
    "INSERT INTO place2 SELECT store, province, district FROM place; DROP TABLE place;"
    "ALTER TABLE place2 RENAME TO place; PRAGMA user_version = 2;")
db.close()
d.start()
eq(json.loads(report("--from", days[0], "--to", days[-1], "--by", "category", "--format",
                     "json").stdout), json.loads(before),
   "an older journal is brought up to date: the same report")
eq(d.stop(), 0, "and the daemon stops cleanly")
done()
