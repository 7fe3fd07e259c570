#!/bin/sh
# Benchmark: `hangviet report` over 30 days of a 20-lane store, about
# 5,000,000 events (issue 6's bound: under 2 seconds). The journal is made
# by hangvietd (its schema) and filled by the sqlite3 shell: 60-second
# windows with a total, 20 lanes and 10 categories each, the events behind
# them (scans, some voids, ends) and the hourly product rollup the daemon
# keeps of them. The baseline, in the
# same run, is the sqlite3 shell summing the same tally table.
#
# Fails when the bound is not met.
set -eu
. "${HV_SRCDIR:-.}/tests/bench/benchlib.sh"
: "${HANGVIETD:=$(pwd)/src/hangvietd}"
: "${HANGVIET:=$(pwd)/src/hangviet}"
EVENTS=${HV_BENCH_REPORT_EVENTS:-$(bench_size 5000000 43200)}
DAYS=$(bench_size 30 2)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT
export TZ=Asia/Ho_Chi_Minh

set -- $("${HV_PYTHON:-python3}" "${HV_SRCDIR:-.}/tests/free_ports.py" 3)
"$HANGVIETD" --state "$TMP" --store bench --ingest "tcp://127.0.0.1:$1" \
	--feed "tcp://127.0.0.1:$2" --sync "tcp://127.0.0.1:$3" 2>"$TMP/d.log" &
pid=$!
i=0
while [ ! -s "$TMP/journal.db" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
kill $pid
wait $pid || true
pid=""

first_day=$(date -d "today - $DAYS days" +%Y-%m-%d)
last_day=$(date -d "yesterday" +%Y-%m-%d)
t0=$(date -d "$first_day 00:00" +%s)000
windows=$((DAYS * 1440))
per_window=$((EVENTS / windows))
sqlite3 "$TMP/journal.db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
BEGIN;
CREATE TEMP TABLE w(n INTEGER PRIMARY KEY);
WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n + 1 < $windows)
INSERT INTO w SELECT n FROM c;
CREATE TEMP TABLE k(n INTEGER PRIMARY KEY);
WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n + 1 < $per_window)
INSERT INTO k SELECT n FROM c;
-- Events: PER_WINDOW scans a window, over 20 lanes, 40 codes in 10
-- categories; every 50th line voided.
INSERT INTO event (store, lane, txn, line, op, t, arrival, code, qty, amount, class, basis,
                   country, ocop, local, vn_brand, name, gtin, category)
SELECT 'bench', 1 + k.n % 20, 'T' || w.n || '-' || (k.n % 20), 1 + k.n / 20, 'scan',
       $t0 + w.n * 60000 + k.n * 10, $t0 + w.n * 60000 + k.n * 10,
       printf('893%09d', k.n % 40), 1, 1000 * (1 + k.n % 40),
       CASE WHEN k.n % 40 < 24 THEN 'domestic' WHEN k.n % 40 < 38 THEN 'imported' ELSE 'unknown' END,
       CASE WHEN k.n % 3 = 0 THEN 'prefix' ELSE 'catalog' END, 'VN', (k.n % 40 = 1) * 4, 0, 1,
       'Product ' || (k.n % 40), printf('893%09d', k.n % 40), 'cat' || (k.n % 10)
FROM w, k;
INSERT INTO event (store, lane, txn, line, op, t, arrival)
SELECT store, lane, txn, line, 'void', t + 5, arrival + 5 FROM event WHERE op = 'scan' AND id % 50 = 0;
INSERT INTO event (store, lane, txn, line, op, t, arrival)
SELECT store, lane, txn, 0, 'end', max(t) + 5, max(t) + 5 FROM event WHERE op = 'scan'
GROUP BY store, lane, txn;
-- The daemon's hourly product rollup of those events.
INSERT INTO product SELECT s.t - s.t % 3600000, s.store, s.class, s.basis, s.gtin, s.category,
       max(s.name), sum(s.qty), sum(s.amount) FROM event s
WHERE s.op = 'scan' AND NOT EXISTS (SELECT 1 FROM event v WHERE v.store = s.store
  AND v.lane = s.lane AND v.txn = s.txn AND v.line = s.line AND v.op = 'void')
GROUP BY 1, 2, 3, 4, 5, 6;
-- Tallies: a total, 20 lanes and 10 categories a window.
INSERT INTO tally SELECT 'bench', $t0 + w.n * 60000, 60000, 1, 'total', '',
       $per_window * 6 / 10, $per_window * 35 / 100, $per_window / 20, 0, 0, 0, 1, 1000, 0, 0,
       $per_window, 1, 20 FROM w;
INSERT INTO tally SELECT 'bench', $t0 + w.n * 60000, 60000, 1, 'lane', k.n + 1,
       10, 8, 1, 0, 0, 0, 0, 0, 0, 0, 19, 0, 1 FROM w, k WHERE k.n < 20;
INSERT INTO tally SELECT 'bench', $t0 + w.n * 60000, 60000, 1, 'category', 'cat' || k.n,
       20, 16, 2, 0, 0, 0, 0, 0, 0, 0, 38, 0, 0 FROM w, k WHERE k.n < 10;
COMMIT;
SQL
n=$(sqlite3 "$TMP/journal.db" "SELECT count(*) FROM event")


s0=$(date +%s%N)
sqlite3 "$TMP/journal.db" "SELECT dim, key, sum(items_dom), sum(value_dom) FROM tally GROUP BY dim, key" >/dev/null
s1=$(date +%s%N)
"$HANGVIET" report --state "$TMP" --from "$first_day" --to "$last_day" --by day >"$TMP/day.txt"
s2=$(date +%s%N)
"$HANGVIET" report --state "$TMP" --from "$first_day" --to "$last_day" --by lane >"$TMP/lane.txt"
s3=$(date +%s%N)
base=$(awk -v t=$(((s1 - s0) / 1000000)) 'BEGIN { printf "%.2f", t / 1000 }')
day=$(awk -v t=$(((s2 - s1) / 1000000)) 'BEGIN { printf "%.2f", t / 1000 }')
lane=$(awk -v t=$(((s3 - s2) / 1000000)) 'BEGIN { printf "%.2f", t / 1000 }')
echo "report_speed: $n events over $DAYS days x 20 lanes: --by day $day s, --by lane $lane s (bound 2 s); sqlite3 summing the tallies $base s"
status=0
bench_row "report, $DAYS days x 20 lanes ($n events), --by day" "$day s" "sqlite3 summing the tallies: $base s" "$day" "< 2" || status=1
bench_row "report, $DAYS days x 20 lanes ($n events), --by lane" "$lane s" "sqlite3 summing the tallies: $base s" "$lane" "< 2" || status=1
exit $status
