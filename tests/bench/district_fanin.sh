#!/bin/sh
# Benchmark: a real hangviet-district absorbing the tallies of 10,000
# stores, each publishing once a second (tests/bench/fanin.c plays them, as
# one upstream forwarding them all). Issue 8's target: absorbed on one
# core with the region total lagging less than 1 s. The node's CPU time
# over the run, from /proc, is its share of one core; the region total must
# come out exact (fanin.c checks).
set -eu
. "${HV_SRCDIR:-.}/tests/bench/benchlib.sh"
: "${HANGVIET_DISTRICT:=$(pwd)/src/hangviet-district}"
DIR=${HV_BENCH_DIR:-$(pwd)/tests/bench}
STORES=${HV_BENCH_STORES:-$(bench_size 10000 200)}
ROUNDS=${HV_BENCH_ROUNDS:-$(bench_size 10 1)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT

set -- $(bench_ports 4)
"$HANGVIET_DISTRICT" --state "$TMP" --node office --province thai-nguyen --district bench-dist \
	--feed "tcp://127.0.0.1:$3" --sync "tcp://127.0.0.1:$4" \
	--upstream "tcp://127.0.0.1:$1|tcp://127.0.0.1:$2" 2>"$TMP/d.log" &
pid=$!
bench_settle
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
ticks=$(getconf CLK_TCK)
c0=$(cpu)
t0=$(date +%s.%N)
line=$("$DIR/fanin" "tcp://127.0.0.1:$1" "tcp://127.0.0.1:$2" "tcp://127.0.0.1:$3" \
	thai-nguyen bench-dist "$STORES" "$ROUNDS") || { cat "$TMP/d.log" >&2; exit 1; }
c1=$(cpu)
t1=$(date +%s.%N)
core=$(awk -v c="$((c1 - c0))" -v k="$ticks" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", c / k / (b - a) }')
echo "$line; the node used $core of a core"
kill -0 $pid || { echo "district_fanin: the node died" >&2; exit 1; }
lag=$(bench_field "$line" max)
rate=$(echo "$line" | sed 's|.*(\([0-9]*\)/s).*|\1|')
status=0
bench_row "district fan-in: $STORES stores once a second, share of one core" "$core of a core, $rate tallies/s" "" "$core" "< 1" || status=1
bench_row "district fan-in: region total lag after each second (max)" "$lag ms" "" "$(bench_ratio "$lag" 1000)" "< 1" || status=1
exit $status
