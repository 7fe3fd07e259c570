#!/bin/sh
# Benchmark: requests per second through hangvietd's ingest with CurveZMQ
# against plaintext, both on loopback (tests/bench/throughput.c).
#
# Issue 7's bound: CurveZMQ throughput is at least half of plaintext. Two
# daemons, one with `[ingest] curve = yes`, are measured in turns (plain,
# CURVE, plain, CURVE, plain, CURVE) and the medians compared, so drift of
# a noisy machine falls on both. Measured on lookups (tagging only: no
# commit hides the cost of the crypto) and on scans (durability normal),
# each with 4 pipelining clients.
set -eu
. "${HV_SRCDIR:-.}/tests/bench/benchlib.sh"
: "${HANGVIETD:=$(pwd)/src/hangvietd}"
: "${HANGVIET:=$(pwd)/src/hangviet}"
BENCH=${HV_BENCH_DIR:-$(pwd)/tests/bench}/throughput
LOOKUPS=${HV_BENCH_LOOKUPS:-$(bench_size 50000 200)} # per client: about a second a run
SCANS=${HV_BENCH_SCANS:-$(bench_size 10000 100)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$TMP"' EXIT

mkdir -p "$TMP/keys" "$TMP/lanes"
"$HANGVIET" keygen "$TMP/keys/store" >/dev/null
"$HANGVIET" keygen "$TMP/keys/lane" >/dev/null
cp "$TMP/keys/lane.pub" "$TMP/lanes/"

set -- $("${HV_PYTHON:-python3}" "${HV_SRCDIR:-.}/tests/free_ports.py" 6)
plain=tcp://127.0.0.1:$1
curve=tcp://127.0.0.1:$4
"$HANGVIETD" --state "$TMP/plain" --store bench --durability normal \
	--ingest "$plain" --feed "tcp://127.0.0.1:$2" --sync "tcp://127.0.0.1:$3" 2>"$TMP/p.log" &
pids="$pids $!"
"$HANGVIETD" --state "$TMP/curve" --store bench --durability normal \
	--ingest "$curve" --feed "tcp://127.0.0.1:$5" --sync "tcp://127.0.0.1:$6" \
	--ingest-curve --ingest-server-key "$TMP/keys/store.key" --ingest-allow-dir "$TMP/lanes" \
	2>"$TMP/c.log" &
pids="$pids $!"
sleep 0.5

rate() { # ENDPOINT STORE CLIENTS COUNT OP [keys...]: requests per second
	"$BENCH" "$@" >"$TMP/line" || { echo "curve_throughput: $BENCH failed" >&2; kill $$; }
	sed 's|.*: \([0-9]*\)/s$|\1|' "$TMP/line"
}
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

status=0
for op in lookup scan; do
	[ $op = lookup ] && COUNT=$LOOKUPS || COUNT=$SCANS
	p1=$(rate "$plain" bench 4 "$COUNT" $op)
	c1=$(rate "$curve" bench 4 "$COUNT" $op "$TMP/keys/store.pub" "$TMP/keys/lane.key")
	p2=$(rate "$plain" bench 4 "$COUNT" $op)
	c2=$(rate "$curve" bench 4 "$COUNT" $op "$TMP/keys/store.pub" "$TMP/keys/lane.key")
	p3=$(rate "$plain" bench 4 "$COUNT" $op)
	c3=$(rate "$curve" bench 4 "$COUNT" $op "$TMP/keys/store.pub" "$TMP/keys/lane.key")
	p=$(median3 "$p1" "$p2" "$p3")
	c=$(median3 "$c1" "$c2" "$c3")
	ratio=$(awk -v c="$c" -v p="$p" 'BEGIN { printf "%.3f", c / p }')
	echo "curve_throughput: $op, 4 clients: plaintext $p/s, CurveZMQ $c/s (medians of 3); ratio $ratio; bound: >= 0.5"
	bench_row "CurveZMQ ${op}s, 4 pipelining clients, durability normal" "$c/s" \
		"plaintext: $p/s" "$ratio" ">= 0.5" || status=1
done
exit $status
