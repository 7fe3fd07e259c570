#!/bin/sh
# The benchmark suite (`make bench`; `make bench-smoke` with
# HV_BENCH_SMOKE=1): every benchmark under tests/bench/, then one table,
# each row a measurement, our figure, the baseline's figure measured in the
# same run, the figure judged (their ratio; for an absolute bound, our
# figure itself), the target and whether it is met. The table is
# Markdown, as the README's Performance section shows it. Fails when a
# benchmark fails or an enforced target is missed; targets the README says
# are not met are reported as such without failing.
set -u
. "${HV_SRCDIR:-.}/tests/bench/benchlib.sh"
HV_BENCH_WORK=$(mktemp -d "${TMPDIR:-/tmp}/hvsuite.XXXXXX")
HV_BENCH_TABLE=$HV_BENCH_WORK/table
export HV_BENCH_WORK HV_BENCH_TABLE
trap 'rm -rf "$HV_BENCH_WORK"' EXIT
: >"$HV_BENCH_TABLE"

# First the import: it leaves the million-product catalog the next ones use.
BENCHES="catalog_import off_import tagging scan_throughput daemon_latency district_fanin report_speed office_report
	lookup_throughput curve_throughput stall_latency catalog_follow hostile_load poslog_bridge connect_kiotviet"
failed=""
start=$(date +%s)
for b in $BENCHES; do
	echo "== $b"
	t=$(date +%s)
	sh "${HV_SRCDIR:-.}/tests/bench/$b.sh" || failed="$failed $b"
	echo "== $b: $(($(date +%s) - t)) s"
done

# Memory: the highest peak RSS of every hangvietd run on the big catalog.
if [ -s "$HV_BENCH_WORK/rss" ]; then
	peak=$(sort -n "$HV_BENCH_WORK/rss" | tail -1)
	products=$(sqlite3 "$HV_BENCH_WORK/catalog.db" "SELECT count(*) FROM product" 2>/dev/null || echo 0)
	bench_row "hangvietd peak RSS over the throughput and latency runs, $products-product catalog" \
		"$((peak / 1024)) MB" "" "$((peak / 1024))" "< 64" || failed="$failed memory"
fi

echo
echo "| measurement | ours | baseline in the same run | judged | target | verdict |"
echo "|---|---|---|---|---|---|"
awk -F '\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$HV_BENCH_TABLE"
echo
echo "$(nproc) cores, $(uname -sr), $(date -u +%Y-%m-%d); suite took $(($(date +%s) - start)) s"
if [ -n "$failed" ]; then
	echo "bench: FAILED:$failed" >&2
	exit 1
fi
