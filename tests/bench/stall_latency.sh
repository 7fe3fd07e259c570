#!/bin/sh
# Benchmark: scan latency with and without a stalled feed subscriber (see
# tests/bench/stall_latency.c), against a real hangvietd on loopback.
#
# Issue 5's bound: a stalled subscriber does not raise p99 by more than 10%.
# On a shared 2-core machine two identical measurements (A and A') already
# differ by up to ~20% at p99, so each round measures A, B, A' and the run
# fails when B over the mean of A and A' exceeds 1.10 by more than
# |A'/A - 1| (the noise of this very run), or when the stall never happened. durability = normal: the fsync's own jitter (full) would only
# add noise to a comparison of the feed path, which is the same either way.
set -eu
. "${HV_SRCDIR:-.}/tests/bench/benchlib.sh"
if [ "$SMOKE" = 1 ]; then
	# Filling a feed queue takes 10,000 scans a round, 30,000 in all: not a
	# few seconds. `make bench` runs it whole.
	echo "stall_latency: not run in smoke mode"
	exit 0
fi
: "${HANGVIETD:=$(pwd)/src/hangvietd}"
BENCH=${HV_BENCH_DIR:-$(pwd)/tests/bench}/stall_latency
ROUNDS=${HV_BENCH_ROUNDS:-4}
WARMUP=${HV_BENCH_WARMUP:-12000} # fills the stalled queues: the feed's HWM is 10,000
# 6,000 timed scans per round: p99 is then the 60th slowest, not the 20th of
# 2,000, which one hiccup of a shared machine could move by half (runs of
# the same binary gave 0.8-1.6 at 2,000, 0.81-0.91 at 6,000).
COUNT=${HV_BENCH_SCANS:-$(bench_size 6000 100)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT

set -- $("${HV_PYTHON:-python3}" "${HV_SRCDIR:-.}/tests/free_ports.py" 3)
"$HANGVIETD" --state "$TMP/state" --store bench --window 1 --durability normal \
	--ingest "tcp://127.0.0.1:$1" --feed "tcp://127.0.0.1:$2" --sync "tcp://127.0.0.1:$3" \
	2>"$TMP/d.log" &
pid=$!
sleep 0.5
status=0
measure_p99_ratio stall_latency "$BENCH" "tcp://127.0.0.1:$1" "tcp://127.0.0.1:$2" \
	"tcp://127.0.0.1:$3" bench "$ROUNDS" "$WARMUP" "$COUNT" || status=1
bench_p99_row "scan p99 with a feed subscriber that never reads" "$LINE" || true
exit $status
