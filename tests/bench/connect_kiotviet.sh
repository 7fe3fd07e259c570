#!/bin/sh
# Benchmark: a cloud shop's backlog, 100,000 KiotViet invoices (about
# 600,000 lines, 2,000 products) served by the fake KiotViet of the tests
# (tests/integration/fake_pos.py, over TLS) and read by hangviet-connect
# --once into a real hangvietd. The baseline, in the same run, is the
# daemon's own pipelined scan throughput: tests/bench/throughput sending
# as many scans as the invoices make events (their lines and ends), from
# one DEALER keeping 100 in flight, into a daemon started the same way
# (fresh state, the suite's catalog, durability full). Issue 16's bounds:
# the connector at least 0.8x that rate, its peak RSS under 64 MB. A ratio
# under the bound is measured once more, both sides, and fails only when
# that one is under it too (the machine is shared and noisy).
set -eu
: "${HV_SRCDIR:=$(pwd)}"
. "$HV_SRCDIR/tests/bench/benchlib.sh"
: "${HANGVIETD:=$(pwd)/src/hangvietd}"
: "${HANGVIET_CONNECT:=$(pwd)/plugin/hangviet-connect}"
DIR=${HV_BENCH_DIR:-$(pwd)/tests/bench}
INVOICES=$(bench_size 100000 500)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT

# The connector against the fake, once: prints "RC EVENTS SECONDS RSS_KB
# SENT" (SENT: the events its log says it sent).
run_connector() {
	PYTHONPATH="$HV_SRCDIR/tests/integration" "${HV_PYTHON:-python3}" \
		"$HV_SRCDIR/tests/bench/connect_backlog.py" "$HANGVIET_CONNECT" "$EP" "$TMP/conn$1" \
		"$INVOICES"
}

# measure ROUND: sets BASE (scans/s), OURS (events/s), RSS (MB).
measure() {
	bench_start_daemon "$TMP/ours$1"
	run_connector "$1" >"$TMP/run" || { echo "connect_kiotviet: the driver failed" >&2; exit 1; }
	bench_peak_rss "$pid"
	bench_stop_daemon
	read -r rc events secs rss_kb sent <"$TMP/run"
	if [ "$rc" != 0 ] || [ "$sent" != "$events" ]; then
		echo "connect_kiotviet: the connector exited $rc and sent $sent events of $events:" >&2
		tail -n 5 "$TMP/conn$1/connect.log" >&2
		exit 1
	fi
	bench_start_daemon "$TMP/base$1"
	"$DIR/throughput" "$EP" bench 1 "$events" scan >"$TMP/line" ||
		{ echo "connect_kiotviet: $DIR/throughput failed" >&2; exit 1; }
	BASE=$(sed 's|.*: \([0-9]*\)/s$|\1|' "$TMP/line")
	bench_stop_daemon
	OURS=$(awk -v n="$events" -v s="$secs" 'BEGIN { printf "%d", n / s }')
	RSS=$((rss_kb / 1024))
	echo "connect_kiotviet: $INVOICES invoices, $events events in $secs s: $OURS/s," \
		"peak RSS $RSS MB; pipelined scans $BASE/s; ratio $(bench_ratio "$OURS" "$BASE")"
}

measure 1
ratio=$(bench_ratio "$OURS" "$BASE")
if [ "$SMOKE" != 1 ] && awk -v r="$ratio" 'BEGIN { exit !(r < 0.8) }'; then
	echo "connect_kiotviet: ratio $ratio under 0.8: measuring again" >&2
	measure 2
	ratio=$(bench_ratio "$OURS" "$BASE")
fi
status=0
bench_row "KiotViet invoices through hangviet-connect ($INVOICES invoices, $events events)" \
	"$OURS events/s" "hangvietd's pipelined scans: $BASE/s" "$ratio" ">= 0.8" || status=1
bench_row "hangviet-connect peak RSS on that backlog" "$RSS MB" "" "$RSS" "< 64" || status=1
exit $status
