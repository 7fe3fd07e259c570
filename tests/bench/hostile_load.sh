#!/bin/sh
# Benchmark and test: 1,000,000 hostile frames at a real hangvietd's ingest
# and sync sockets while a lane scans beside them (tests/bench/hostile_load.c).
#
# Issue 7's bounds, enforced: every frame is answered or dropped (exactly:
# replies and the daemon's `dropped` add up), the daemon stays up, and its
# RSS grows by less than 10 MB. Reported: scan p99 against its target, the
# flooded p99 over the mean of the unflooded rounds before and after within
# 1.10 plus this run's own noise (|A'/A - 1|), as in stall_latency.sh. durability = normal, as there: the
# fsync's jitter would only add noise to a comparison of the input path.
#
# The flood comes from a process at nice 19, at RATE frames a second (10,000:
# some 30 MB/s of hostile bytes). On this 2-core machine the flooder, the
# daemon's two threads and the measuring lane share the cores, so at full
# speed (~80,000 frames/s here) the lane's p99 rises 4-6x from CPU
# contention alone: p50 stays put, and every frame is still answered or
# dropped. A real attacker's CPU is on another machine.
set -eu
. "${HV_SRCDIR:-.}/tests/bench/benchlib.sh"
: "${HANGVIETD:=$(pwd)/src/hangvietd}"
BENCH=${HV_BENCH_DIR:-$(pwd)/tests/bench}/hostile_load
FRAMES=${HV_BENCH_HOSTILE:-$(bench_size 1000000 2000)}
RATE=${HV_BENCH_HOSTILE_RATE:-10000} # frames per second: 100 s for the million
ROUNDS=${HV_BENCH_ROUNDS:-$(bench_size 10 1)}
COUNT=${HV_BENCH_SCANS:-$(bench_size 2000 100)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT

set -- $("${HV_PYTHON:-python3}" "${HV_SRCDIR:-.}/tests/free_ports.py" 3)
"$HANGVIETD" --state "$TMP/state" --store bench --durability normal \
	--ingest "tcp://127.0.0.1:$1" --feed "tcp://127.0.0.1:$2" --sync "tcp://127.0.0.1:$3" \
	2>"$TMP/d.log" &
pid=$!
sleep 0.5
LINE=$("$BENCH" "tcp://127.0.0.1:$1" "tcp://127.0.0.1:$3" bench "$pid" "$FRAMES" "$RATE" \
	"$ROUNDS" "$COUNT")
echo "$LINE"
kill -0 "$pid" || { echo "hostile_load: the daemon died" >&2; exit 1; }
# The p99 target is reported, not enforced: met in calm runs here
# (0.95-1.29), missed when this shared host is busy (1.46 and 1.83 in one
# CI run, whose unflooded p99 was 3x the usual). Issue 7 stays open on it.
check_p99_ratio hostile_load "$LINE" ||
	echo "hostile_load: the p99 target is NOT MET in this run (reported, not enforced)" >&2
bench_p99_row "scan p99 under $FRAMES hostile frames at $RATE/s" "$LINE" reported || true
bench_row "hostile frames: daemon RSS growth" "$(bench_field "$LINE" growth) kB" "" \
	"$(bench_field "$LINE" growth)" "< 10240" || true
echo "$LINE" | awk '{
	for (i = 1; i < NF; i++)
		if ($i == "growth") growth = $(i + 1) + 0
	if (growth >= 10240) {
		printf "hostile_load: RSS grew by %d kB (bound: 10 MB)\n", growth
		exit 1
	}
}' >&2
