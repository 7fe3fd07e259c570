#!/bin/sh
# Benchmark: scan round trips through a real hangvietd on loopback, one REQ
# client sending one scan every 2 ms (a busy lane is far slower), with
# durability normal and full, against tests/bench/echo driven the same way
# in the same run (the floor of any round trip). Issue 8's targets: p50 at
# most 1.5x and p99 at most 3x the echo's (reported, see the README's
# Performance section). The daemon runs on the suite's million-product
# catalog when there is one; its peak RSS is noted.
set -eu
. "${HV_SRCDIR:-.}/tests/bench/benchlib.sh"
: "${HANGVIETD:=$(pwd)/src/hangvietd}"
DIR=${HV_BENCH_DIR:-$(pwd)/tests/bench}
N=${HV_BENCH_SCANS:-$(bench_size 3000 100)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT

set -- $(bench_ports 4)
"$DIR/echo" "tcp://127.0.0.1:$4" &
pid=$!
bench_settle
echo_line=$("$DIR/scan_latency" "tcp://127.0.0.1:$4" x "$N" 2 echo)
echo "$echo_line"
kill $pid
wait $pid 2>/dev/null || true
pid=""

status=0
for durability in normal full; do
	bench_catalog "$TMP/$durability"
	"$HANGVIETD" --state "$TMP/$durability" --store bench --ingest "tcp://127.0.0.1:$1" \
		--feed "tcp://127.0.0.1:$2" --sync "tcp://127.0.0.1:$3" \
		--durability "$durability" 2>"$TMP/$durability.log" &
	pid=$!
	bench_settle
	line=$("$DIR/scan_latency" "tcp://127.0.0.1:$1" bench "$N" 2 "scan_latency ($durability)")
	echo "$line"
	for p in p50 p99 p999; do
		ours=$(bench_field "$line" $p)
		base=$(bench_field "$echo_line" $p)
		case $p in p50) target="<= 1.5" ;; p99) target="<= 3" ;; *) target="" ;; esac
		bench_row "scan latency $p, one scan every 2 ms, durability $durability" "$ours us" \
			"echo: $base us" "$(bench_ratio "$ours" "$base")" "$target" reported || status=1
	done
	bench_stop $pid
	pid=""
done
exit $status
