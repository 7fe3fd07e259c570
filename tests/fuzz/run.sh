#!/bin/sh
# Run every libFuzzer target for SECONDS each (default 60) on a copy of its
# checked-in seed corpus, in the build tree's tests/fuzz/. Fails when any
# target finds a crash, a leak, undefined behaviour or a timeout; the input
# that did it is kept in tests/fuzz/findings/ (turn it into a regression
# seed: copy it into tests/fuzz/corpus/TARGET/ once fixed).
#
# Usage: run.sh [SECONDS] [TARGET...]      e.g. run.sh 3600 fuzz_poslog
# Long runs: HV_FUZZ_RUNS=10000000 run.sh 0 fuzz_gtin  (a number of runs
# instead of a time; the closing line of each run says how many were made).
# HV_FUZZ_MAX_LEN=N overrides the longest input tried (see the table below).
set -e
seconds=${1:-60}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
bin=${HV_FUZZ_BIN:-tests/fuzz}
targets=${*:-$(cd "$here" && ls fuzz_*.c | sed 's/\.c$//')}
mkdir -p "$bin/findings" "$bin/work"
failed=0
for t in $targets; do
	corpus=$bin/work/$t
	rm -rf "$corpus"
	mkdir -p "$corpus"
	cp "$here"/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
	# The longest input worth trying: what the program's own limit lets in.
	case $t in
	fuzz_gtin) max_len=256 ;;         # a scan is at most 48 characters
	fuzz_checkout) max_len=8192 ;;    # the ingest socket's frame limit
	fuzz_feed) max_len=16384 ;;       # a tally with many lanes and categories
	*) max_len=16384 ;;               # a config, a CSV chunk, a POSLog file
	esac
	max_len=${HV_FUZZ_MAX_LEN:-$max_len}
	dict=""
	[ -f "$here/$t.dict" ] && dict="-dict=$here/$t.dict"
	if [ -n "${HV_FUZZ_RUNS:-}" ]; then limit="-runs=$HV_FUZZ_RUNS"; else limit="-max_total_time=$seconds"; fi
	log=$bin/work/$t.log
	echo "fuzz: $t ($limit)"
	if "$bin/$t" $limit $dict -timeout=10 -rss_limit_mb=2048 -max_len=$max_len \
		-close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$bin/findings/$t-" \
		"$corpus" >"$log" 2>&1; then
		grep -E "stat::number_of_executed_units" "$log" | sed "s/^/  $t: /"
	else
		echo "fuzz: $t FOUND A PROBLEM; see $log and $bin/findings/" >&2
		tail -40 "$log" >&2
		failed=1
	fi
done
exit $failed
