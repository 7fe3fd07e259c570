#!/bin/sh
# Benchmark: `hangviet report` of an office's month (issue 17's bound:
# under 5 s): a district.db of 10,000 stores in 20 areas, two chains and
# both ownerships and channels, each with a window in each of 14 hours of
# each of 30 days (4,200,000 windows), reported --by store and --by chain.
# The database is made by hangviet-district (its schema), filled by the
# sqlite3 shell, then opened once more by the node, which makes its day
# rows from those windows as after an upgrade (timed too). The baseline, in
# the same run, is the sqlite3 shell summing the windows by store.
#
# Fails when the bound is not met.
set -eu
. "${HV_SRCDIR:-.}/tests/bench/benchlib.sh"
: "${HANGVIET_DISTRICT:=$(pwd)/src/hangviet-district}"
: "${HANGVIET:=$(pwd)/src/hangviet}"
STORES=$(bench_size 10000 50)
DAYS=$(bench_size 30 2)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; [ -n "${HV_KEEP:-}" ] || rm -rf "$TMP"' EXIT
export TZ=Asia/Ho_Chi_Minh

# office: run the node on $TMP until it has opened district.db, then stop it.
office() {
	: >"$TMP/d.log"
	set -- $(bench_ports 3)
	"$HANGVIET_DISTRICT" --state "$TMP" --node office --province thai-nguyen \
		--feed "tcp://127.0.0.1:$1" --sync "tcp://127.0.0.1:$2" \
		--upstream "tcp://127.0.0.1:$3" --day-rows 2>"$TMP/d.log" &
	pid=$!
	i=0
	until grep -q "hangviet-district .*: node office" "$TMP/d.log" 2>/dev/null || [ $i -ge 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill $pid
	wait $pid || true
	pid=""
}
office

first_day=$(date -d "today - $DAYS days" +%Y-%m-%d)
last_day=$(date -d "yesterday" +%Y-%m-%d)
t0=$(date -d "$first_day 08:00" +%s)000
sqlite3 "$TMP/district.db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
BEGIN;
CREATE TEMP TABLE s(n INTEGER PRIMARY KEY);
WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n + 1 < $STORES)
INSERT INTO s SELECT n FROM c;
CREATE TEMP TABLE h(n INTEGER PRIMARY KEY);
WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n + 1 < $DAYS * 14)
INSERT INTO h SELECT n FROM c;
-- Each store in an area, a chain, an ownership and a channel.
INSERT INTO place SELECT printf('s%05d', n), 'thai-nguyen', 'area-' || (n % 20),
       CASE n % 3 WHEN 0 THEN 'bigc' WHEN 1 THEN 'coop' ELSE '' END,
       CASE n % 3 WHEN 0 THEN 'foreign' ELSE 'domestic' END,
       CASE n % 3 WHEN 2 THEN 'traditional' ELSE 'modern' END, 'Store ' || n FROM s;
-- A window in each of 14 hours (08:00-21:00) of each day; the store's
-- number and the hour set its counters.
INSERT INTO tally SELECT printf('s%05d', s.n), $t0 + (h.n / 14) * 86400000 + (h.n % 14) * 3600000,
       60000, 1, 'total', '', 10 + s.n % 7, 5 + h.n % 3, 1, 100000, 60000, 9000, 1, 20000,
       2, 30000, 16 + s.n % 7 + h.n % 3, 0, 4 FROM s, h;
COMMIT;
DELETE FROM meta WHERE key = 'day_rows';
SQL
windows=$(sqlite3 "$TMP/district.db" "SELECT count(*) FROM tally")

d0=$(date +%s%N)
office # makes the day rows of every window held
d1=$(date +%s%N)
sqlite3 "$TMP/district.db" "SELECT store, sum(items_dom), sum(value_dom) FROM tally WHERE dim = 'total' GROUP BY store" >/dev/null
s1=$(date +%s%N)
"$HANGVIET" report --state "$TMP" --from "$first_day" --to "$last_day" --by store --format json >"$TMP/store.json"
s2=$(date +%s%N)
"$HANGVIET" report --state "$TMP" --from "$first_day" --to "$last_day" --by chain >"$TMP/chain.txt"
s3=$(date +%s%N)
secs() { awk -v t=$((($2 - $1) / 1000000)) 'BEGIN { printf "%.2f", t / 1000 }'; }
fill=$(secs "$d0" "$d1")
base=$(secs "$d1" "$s1")
store=$(secs "$s1" "$s2")
chain=$(secs "$s2" "$s3")

# The report must hold every store, and the sums the windows hold.
want=$(sqlite3 "$TMP/district.db" "SELECT sum(items_dom) FROM tally WHERE dim = 'total'")
got=$(grep -o '"total":{"items_dom":[0-9]*' "$TMP/store.json" | head -n 1 | sed 's/.*://')
groups=$(grep -o '"key":"s[0-9]*"' "$TMP/store.json" | wc -l)
if [ "$got" != "$want" ] || [ "$groups" -ne "$STORES" ]; then
	echo "office_report: the report says $got domestic items in $groups stores; the windows hold $want in $STORES" >&2
	exit 1
fi
echo "office_report: $STORES stores x $DAYS days ($windows windows): --by store $store s, --by chain $chain s (bound 5 s); the node made its day rows in $fill s; sqlite3 summing the windows by store $base s"
status=0
bench_row "office report, $STORES stores x $DAYS days ($windows windows), --by store" "$store s" "sqlite3 summing the windows: $base s" "$store" "< 5" || status=1
bench_row "office report, $STORES stores x $DAYS days, --by chain" "$chain s" "sqlite3 summing the windows: $base s" "$chain" "< 5" || status=1
bench_row "office: day rows made from $windows windows at start (once, after an upgrade)" "$fill s" "" "" ""
exit $status
