#!/bin/sh
# Benchmark: codes tagged per second through the tagger on a warm
# million-product catalog, against a raw prepared SELECT by primary key on
# the same table (tests/bench/tagging.c). Issue 8's target: at least 5x on
# what a store scans. A result under it is measured once more and fails
# only when that one is under it too (one run on this shared machine is
# sometimes slowed by a neighbour; a real regression shows in both).
set -eu
. "${HV_SRCDIR:-.}/tests/bench/benchlib.sh"
: "${HANGVIET:=$(pwd)/src/hangviet}"
BENCH=${HV_BENCH_DIR:-$(pwd)/tests/bench}/tagging
COUNT=${HV_BENCH_CODES:-$(bench_size 300000 2000)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

bench_catalog "$TMP"
if [ ! -f "$TMP/catalog.db" ]; then # run alone: make the catalog here
	bench_catalog_csv "$(bench_size 1000000 40000)" "$TMP/catalog.csv"
	"$HANGVIET" catalog import --state "$TMP" "$TMP/catalog.csv" >/dev/null
fi
products=$(sqlite3 "$TMP/catalog.db" "SELECT count(*) FROM product")

measure() {
	"$BENCH" "$TMP/catalog.db" "$COUNT" >"$TMP/lines"
	cat "$TMP/lines"
	store=$(grep "tagging: store" "$TMP/lines")
	ratio=$(bench_field "$store" ratio)
}
measure
target_met() { awk -v r="$ratio" -v s="$SMOKE" 'BEGIN { exit !(s == 1 || r >= 5) }'; }
if ! target_met; then
	echo "tagging: ratio $ratio under 5: measuring once more" >&2
	measure
fi
uniform=$(grep "tagging: uniform" "$TMP/lines")
rate() { echo "$1" | sed 's|.*tagger \([0-9]*\)/s, prepared SELECT \([0-9]*\)/s.*|\1 \2|'; }
status=0
set -- $(rate "$store")
bench_row "tagging, a store's mix, $products-product catalog" "$1/s" "prepared SELECT: $2/s" \
	"$ratio" ">= 5" || status=1
set -- $(rate "$uniform")
bench_row "tagging, uniform over the whole catalog (worst case)" "$1/s" "prepared SELECT: $2/s" \
	"$(bench_field "$uniform" ratio)" ""
exit $status
