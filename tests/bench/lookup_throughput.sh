#!/bin/sh
# Benchmark: `hangviet lookup -` on 100,000 codes (a mix of catalog hits,
# GS1-prefix-only codes and in-store codes) against the sample catalog.
# Prints one result line; fails when it takes a second or more (issue 2's
# bound). The baseline, measured in the same run, is `sort` over the same
# file: a well-known tool reading and writing the same lines.
set -eu
: "${HV_SRCDIR:=$(pwd)}"
. "$HV_SRCDIR/tests/bench/benchlib.sh"
: "${HANGVIET:=$(pwd)/src/hangviet}"
N=${HV_BENCH_CODES:-$(bench_size 100000 2000)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvbench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

"$HANGVIET" catalog import --state "$TMP/state" "$HV_SRCDIR/data/sample-catalog.csv" >/dev/null

# Codes: catalog GTINs, then made-up GTIN-13s with their check digit
# computed here (weights 3,1 from the right).
grep -v '^#' "$HV_SRCDIR/data/sample-catalog.csv" | tail -n +2 | cut -d, -f1 >"$TMP/catalog"
awk -v n="$N" 'BEGIN { srand(7) }
	NR == FNR { cat[c++] = $0; next }
	END {
		split("893 885 690 880 450 400 300 955 978 200", prefixes, " ")
		for (i = 0; i < n; i++) {
			if (i % 3 == 0) { print cat[i % c]; continue }
			body = prefixes[1 + i % 10] sprintf("%09d", int(rand() * 1e9))
			sum = 0
			for (k = 12; k >= 1; k--)
				sum += substr(body, k, 1) * ((12 - k) % 2 == 0 ? 3 : 1)
			print body ((10 - sum % 10) % 10)
		}
	}' "$TMP/catalog" /dev/null >"$TMP/codes"

now() { date +%s.%N; }
t0=$(now)
"$HANGVIET" lookup --state "$TMP/state" --province thai-nguyen - <"$TMP/codes" >"$TMP/out"
t1=$(now)
sort "$TMP/codes" >"$TMP/sorted"
t2=$(now)

lines=$(wc -l <"$TMP/out" | tr -d ' ')
[ "$lines" -eq "$N" ] || { echo "lookup_throughput: $lines lines of output for $N codes" >&2; exit 1; }
ours=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
base=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.3f", b - a }')
echo "lookup_throughput: $N codes in $ours s, $(bench_ratio "$ours" "$base")x the time of sort on the same file"
bench_row "hangviet lookup - of $N codes, sample catalog" "$ours s" "sort of the same file: $base s" "$ours" "< 1"
