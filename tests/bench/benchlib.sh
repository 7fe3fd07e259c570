# benchlib.sh -- what the benchmark scripts share (sourced).

# check_p99_ratio NAME LINE: fail when LINE's "ratio R" (an effect: p99 of
# B over the mean of A and A') exceeds P99_BOUND (1.10 unless the script
# sets it) by more than |noise - 1|, its "noise N" being A'/A, how much two
# identical measurements of this run differ. On a shared 2-core machine a
# bare 10% bound fails on noise alone.
check_p99_ratio() {
	echo "$2" | awk -v name="$1" -v smoke="${HV_BENCH_SMOKE:-0}" -v bound="${P99_BOUND:-1.10}" '{
		for (i = 1; i < NF; i++) {
			if ($i == "ratio") effect = $(i + 1) + 0
			if ($i == "noise") noise = $(i + 1) + 0
		}
		margin = noise > 1 ? noise - 1 : 1 - noise
		if (effect > bound + margin) {
			printf "%s: p99 ratio %.3f is above %.2f + noise %.3f\n", name, effect, bound, margin
			exit smoke != 1
		}
	}' >&2
}

# bench_p99_row MEASUREMENT LINE [reported]: the table's row for a p99
# effect LINE measured (see check_p99_ratio), its bound widened by the
# run's noise.
bench_p99_row() {
	effect=$(bench_field "$2" ratio)
	bound=$(echo "$2" | awk -v b="${P99_BOUND:-1.10}" '{
		for (i = 1; i < NF; i++) if ($i == "noise") n = $(i + 1) + 0
		printf "%.2f", b + (n > 1 ? n - 1 : 1 - n)
	}')
	bench_row "$1" "${effect}x" "the same scans without it" "$effect" "<= $bound" ${3:-}
}

# measure_p99_ratio NAME COMMAND...: run COMMAND (a bench that prints one
# result line with "ratio" and "noise"), print the line and check it with
# check_p99_ratio. A result over the bound is measured again, up to three
# times in all, and fails only if every one is over it: the noise term is
# itself one sample, so a run over the bound happens on these machines now
# and then (seen here: 1.28 at noise 0.04 where nine runs before gave
# 0.81-1.05; in CI: 1.32 twice in a run whose every other latency was three
# times this machine's), while a real effect shows in all three. Sets LINE
# to the last result line.
measure_p99_ratio() {
	name=$1
	shift
	for attempt in 1 2 3; do
		if [ "$attempt" -gt 1 ]; then
			echo "$name: measuring once more" >&2
		fi
		LINE=$("$@") || {
			echo "$name: the measurement failed" >&2
			return 1
		}
		echo "$LINE"
		check_p99_ratio "$name" "$LINE" && return 0
	done
	return 1
}

# ------------------------------------------------------- the suite's table
# HV_BENCH_SMOKE=1 (make bench-smoke): every tool runs on tiny sizes, its
# figures are printed and its rows written, but no target is enforced:
# it proves the harness still works, not how fast anything is.
SMOKE=${HV_BENCH_SMOKE:-0}

# bench_size FULL SMOKE: the size to run at.
bench_size() {
	if [ "$SMOKE" = 1 ]; then echo "$2"; else echo "$1"; fi
}

# bench_row MEASUREMENT OURS BASELINE RATIO TARGET [reported]: judge
# RATIO against TARGET (">= 0.5", "<= 1.5", "< 2", or "" for none) and
# append the row, with its verdict ("met", "NOT MET", "-" or "smoke"), to
# the file HV_BENCH_TABLE when set (tab-separated, for suite.sh). Returns 1
# when the target is not met, except in smoke mode and for a target
# marked "reported": one the README says is not met, and why (its verdict
# then reads "NOT MET (README)").
bench_row() {
	verdict=$(awk -v r="$4" -v t="$5" -v smoke="$SMOKE" -v rep="${6:-}" 'BEGIN {
		if (t == "") { print "-"; exit }
		if (smoke == 1) { print "smoke"; exit }
		split(t, a, " ")
		ok = a[1] == ">=" ? r + 0 >= a[2] + 0 : a[1] == "<=" ? r + 0 <= a[2] + 0 : a[1] == "<" ? r + 0 < a[2] + 0 : 0
		print ok ? "met" : rep == "reported" ? "NOT MET (README)" : "NOT MET"
	}')
	if [ -n "${HV_BENCH_TABLE:-}" ]; then
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$verdict" >>"$HV_BENCH_TABLE"
	fi
	[ "$verdict" != "NOT MET" ]
}

# bench_settle: give a daemon just started time to bind before measuring
# (in smoke mode the clients' reconnecting covers it).
bench_settle() {
	sleep "$(bench_size 0.5 0.1)"
}

# bench_ratio A B: A / B to two places.
bench_ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# bench_field LINE WORD: the number after WORD in LINE ("p50 123 us" -> 123).
bench_field() {
	echo "$1" | awk -v w="$2" '{ for (i = 1; i < NF; i++) if ($i == w) { print $(i + 1) + 0; exit } }'
}

# bench_ports N: N free loopback ports.
bench_ports() {
	"${HV_PYTHON:-python3}" "${HV_SRCDIR:-.}/tests/free_ports.py" "$1"
}

# bench_peak_rss PID: note PID's peak resident memory (VmHWM, kB) in
# $HV_BENCH_WORK/rss, for the suite's memory row.
bench_peak_rss() {
	[ -n "${HV_BENCH_WORK:-}" ] || return 0
	awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" >>"$HV_BENCH_WORK/rss" 2>/dev/null || true
}

# bench_stop PID: note the daemon PID's peak RSS, stop it and wait for it.
bench_stop() {
	bench_peak_rss "$1"
	kill "$1"
	wait "$1" || true
}

# bench_catalog_csv N FILE: a catalog CSV of N products (893 GTINs with
# their check digits, quoted names with commas, OCOP rows with dates).
bench_catalog_csv() {
	awk -v n="$1" 'BEGIN {
		print "gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category"
		split("VN TH CN KR JP", cs, " ")
		for (i = 0; i < n; i++) {
			body = "893" sprintf("%09d", i)
			sum = 0
			for (k = 12; k >= 1; k--)
				sum += substr(body, k, 1) * ((12 - k) % 2 == 0 ? 3 : 1)
			printf "%s,\"Sản phẩm, số %d\",Brand %d,%s,VN,%d,%s,thai-nguyen,cat%d\n",
				body ((10 - sum % 10) % 10), i, i % 1000, cs[1 + i % 5],
				(i % 7 == 0 ? 4 : 0), (i % 7 == 0 ? "2027-12-31" : ""), i % 30
		}
	}' >"$2"
}

# bench_catalog DIR: put the suite's 1,000,000-product catalog.db (made by
# catalog_import.sh) into the state directory DIR, when there is one.
bench_catalog() {
	mkdir -p "$1"
	if [ -n "${HV_BENCH_WORK:-}" ] && [ -f "$HV_BENCH_WORK/catalog.db" ]; then
		cp "$HV_BENCH_WORK/catalog.db" "$1/catalog.db"
	fi
}

# bench_start_daemon DIR: a fresh hangvietd, store "bench", in the state
# directory DIR on the suite's catalog, on free ports, its log DIR.log;
# sets EP (its ingest) and pid. bench_stop_daemon stops it.
bench_start_daemon() {
	set -- "$1" $(bench_ports 3)
	bench_catalog "$1"
	EP="tcp://127.0.0.1:$2"
	"${HANGVIETD:-hangvietd}" --state "$1" --store bench --ingest "$EP" \
		--feed "tcp://127.0.0.1:$3" --sync "tcp://127.0.0.1:$4" 2>"$1.log" &
	pid=$!
	bench_settle
}

bench_stop_daemon() {
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	pid=""
}
