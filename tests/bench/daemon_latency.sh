#!/bin/sh
# Benchmark: scan round trips through a real hangvietd on loopback, with
# durability full and normal, against a bare ZeroMQ REQ/REP echo of the
# same messages measured in the same run (the floor of any round trip).
set -eu
: "${HANGVIETD:=$(pwd)/src/hangvietd}"
BENCH=${HV_BENCH_DIR:-$(pwd)/tests/bench}/scan_latency
N=${HV_BENCH_SCANS:-5000}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT

"$BENCH" --echo "$N"
for durability in full normal; do
	set -- $("${HV_PYTHON:-python3}" "${HV_SRCDIR:-.}/tests/free_ports.py" 3)
	port=$1
	"$HANGVIETD" --state "$TMP/$durability" --store bench --ingest "tcp://127.0.0.1:$port" \
		--feed "tcp://127.0.0.1:$2" --sync "tcp://127.0.0.1:$3" \
		--durability "$durability" 2>"$TMP/$durability.log" &
	pid=$!
	sleep 0.5
	"$BENCH" "tcp://127.0.0.1:$port" bench "$N" | sed "s/^scan_latency:/scan_latency ($durability):/"
	kill $pid
	wait $pid || true
	pid=""
done
