#!/bin/sh
# Benchmark: a real hangviet-district absorbing the tallies of 10,000
# stores, each publishing once a second (tests/bench/fanin.c plays them, as
# one upstream forwarding them all). Issue 8's target: absorbed on one
# core with the region total lagging less than 1 s. The node's CPU time
# over the run, from /proc, is its share of one core; the region total must
# come out exact (fanin.c checks).
#
# Then issue 17's: the same, while the hour ends -- every store sends its
# closed hour of 300 products (3,000,000 rows in 10 s, where a real hour's
# end sends them within seconds) -- and the region total must still lag
# under 1 s; the node keeps the product hours after (its region hour must
# come out exact within 120 s; the line says when it did). A lag over the
# bound, or a run that failed (a total not exact in time), is measured once
# more before it fails: one run of a loaded 2-core machine now and then is
# slow on its own (a CI run once saw every lag here three times this
# machine's), while a tally lost or counted twice fails both.
set -eu
. "${HV_SRCDIR:-.}/tests/bench/benchlib.sh"
: "${HANGVIET_DISTRICT:=$(pwd)/src/hangviet-district}"
DIR=${HV_BENCH_DIR:-$(pwd)/tests/bench}
STORES=${HV_BENCH_STORES:-$(bench_size 10000 200)}
ROUNDS=${HV_BENCH_ROUNDS:-$(bench_size 10 1)}
PRODUCTS=300
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT
ticks=$(getconf CLK_TCK)

# fanin [PRODUCTS]: one run against a node of its own; sets LINE (with the
# node's share of a core appended), or says why not and returns 1.
fanin() {
	products=${1:-}
	rm -rf "$TMP/state" && mkdir "$TMP/state"
	set -- $(bench_ports 4)
	feed=$1 sync=$2 nfeed=$3 nsync=$4
	"$HANGVIET_DISTRICT" --state "$TMP/state" --node office --province thai-nguyen \
		--district bench-dist --store-products \
		--feed "tcp://127.0.0.1:$nfeed" --sync "tcp://127.0.0.1:$nsync" \
		--upstream "tcp://127.0.0.1:$feed|tcp://127.0.0.1:$sync" 2>"$TMP/d.log" &
	pid=$!
	bench_settle
	c0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	t0=$(date +%s.%N)
	LINE=$("$DIR/fanin" "tcp://127.0.0.1:$feed" "tcp://127.0.0.1:$sync" \
		"tcp://127.0.0.1:$nfeed" thai-nguyen bench-dist "$STORES" "$ROUNDS" \
		$products) || {
		tail -n 20 "$TMP/d.log" >&2
		kill $pid
		wait $pid || true
		pid=""
		return 1
	}
	c1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	t1=$(date +%s.%N)
	kill -0 $pid || { echo "district_fanin: the node died" >&2; exit 1; }
	kill $pid
	wait $pid || true
	pid=""
	core=$(awk -v c="$((c1 - c0))" -v k="$ticks" -v a="$t0" -v b="$t1" \
		'BEGIN { printf "%.2f", c / k / (b - a) }')
	LINE="$LINE; the node used $core of a core"
	echo "$LINE"
}

# lag_met: whether LINE's largest lag is under 1 s (smoke runs: always).
lag_met() {
	[ "$SMOKE" = 1 ] || [ "$(bench_field "$LINE" max)" -lt 1000 ]
}

# measure [PRODUCTS]: fanin, run once more when it failed or its lag was
# over the bound; fails when the second run fails.
measure() {
	if fanin "$@" && lag_met; then
		return 0
	fi
	echo "district_fanin: ${LINE:-the run failed}: measuring once more" >&2
	fanin "$@" || exit 1
}

status=0
LINE=""
measure
lag=$(bench_field "$LINE" max)
rate=$(echo "$LINE" | sed 's|.*(\([0-9]*\)/s).*|\1|')
core=$(echo "$LINE" | sed 's|.*used \([0-9.]*\) of a core|\1|')
bench_row "district fan-in: $STORES stores once a second, share of one core" "$core of a core, $rate tallies/s" "" "$core" "< 1" || status=1
bench_row "district fan-in: region total lag after each second (max)" "$lag ms" "" "$(bench_ratio "$lag" 1000)" "< 1" || status=1

LINE=""
measure "$PRODUCTS"
lag=$(bench_field "$LINE" max)
absorbed=$(echo "$LINE" | sed 's|.*region hour exact \([0-9.]*\) s.*|\1|')
bench_row "district fan-in with every store's closed hour of $PRODUCTS products: region total lag (max)" "$lag ms" "" "$(bench_ratio "$lag" 1000)" "< 1" || status=1
bench_row "district fan-in: $STORES closed hours of $PRODUCTS products kept, the region hour exact" "$absorbed s after the last sent" "" "" ""
exit $status
