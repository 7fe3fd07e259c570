#!/bin/sh
# Benchmark: `hangviet lookup -` on 100,000 codes (a mix of catalog hits,
# GS1-prefix-only codes and in-store codes) against the sample catalog.
# Prints one result line; fails when it takes a second or more (issue 2's
# bound). The baseline, measured in the same run, is `sort` over the same
# file: a well-known tool reading and writing the same lines.
set -eu
: "${HANGVIET:=$(pwd)/src/hangviet}"
: "${HV_SRCDIR:=$(pwd)}"
N=${HV_BENCH_CODES:-100000}
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
awk -v t0="$t0" -v t1="$t1" -v t2="$t2" -v n="$N" 'BEGIN {
	l = t1 - t0; s = t2 - t1
	printf "lookup_throughput: %d codes in %.3f s (%.0f codes/s), %.1fx the time of sort on the same file\n",
		n, l, n / l, l / s
	exit (l < 1.0 ? 0 : 1)
}' || { echo "lookup_throughput: FAILED: a lookup of $N codes must take under a second" >&2; exit 1; }
