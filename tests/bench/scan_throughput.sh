#!/bin/sh
# Benchmark: scans per second through hangvietd from 1, 4 and 16
# pipelining DEALER clients (tests/bench/throughput.c), over tcp loopback
# and ipc, with durability normal and full; the baseline, in the same run,
# is tests/bench/echo, a bare ROUTER sending every message back, driven by
# the same clients with the same messages. Issue 8's targets: normal at
# least 0.5x the echo, full at least 0.25x (reported: not met, see the
# README's Performance section). The daemon runs on the suite's
# million-product catalog when there is one; its peak RSS is noted.
set -eu
. "${HV_SRCDIR:-.}/tests/bench/benchlib.sh"
: "${HANGVIETD:=$(pwd)/src/hangvietd}"
DIR=${HV_BENCH_DIR:-$(pwd)/tests/bench}
ECHO_N=${HV_BENCH_ECHO:-$(bench_size 200000 2000)} # requests a measurement
SCAN_N=${HV_BENCH_SCANS:-$(bench_size 32000 320)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT

# rate ENDPOINT STORE CLIENTS TOTAL: requests per second
rate() {
	"$DIR/throughput" "$1" "$2" "$3" $(($4 / $3)) scan >"$TMP/line" ||
		{ echo "scan_throughput: $DIR/throughput failed" >&2; exit 1; }
	sed 's|.*: \([0-9]*\)/s$|\1|' "$TMP/line"
}

# endpoint TRANSPORT PORT NAME
endpoint() {
	if [ "$1" = tcp ]; then echo "tcp://127.0.0.1:$2"; else echo "ipc://$TMP/$3.ipc"; fi
}

status=0
for transport in tcp ipc; do
	set -- $(bench_ports 4)
	ep=$(endpoint $transport "$1" echo)
	"$DIR/echo" "$ep" &
	pid=$!
	bench_settle
	for clients in 1 4 16; do
		eval "echo_${transport}_$clients=$(rate "$ep" x $clients "$ECHO_N")"
	done
	kill $pid
	wait $pid 2>/dev/null || true
	pid=""
	for durability in normal full; do
		state="$TMP/$transport-$durability"
		bench_catalog "$state"
		ingest=$(endpoint $transport "$2" "ingest-$durability")
		"$HANGVIETD" --state "$state" --store bench --durability $durability \
			--ingest "$ingest" --feed "tcp://127.0.0.1:$3" --sync "tcp://127.0.0.1:$4" \
			2>"$TMP/d.log" &
		pid=$!
		bench_settle
		[ $durability = normal ] && target=">= 0.5" || target=">= 0.25"
		for clients in 1 4 16; do
			ours=$(rate "$ingest" bench $clients "$SCAN_N")
			base=$(eval echo "\$echo_${transport}_$clients")
			ratio=$(bench_ratio "$ours" "$base")
			echo "scan_throughput: $transport, $clients clients, durability $durability: $ours/s; echo $base/s; ratio $ratio"
			bench_row "scan throughput, $transport, $clients DEALER clients, durability $durability" \
				"$ours/s" "echo: $base/s" "$ratio" "$target" reported || status=1
		done
		bench_stop $pid
		pid=""
	done
done
exit $status
