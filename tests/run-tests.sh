#!/bin/sh
# Run test programs and report: one line per program, then the summary line
# "N passed, N failed" that CI reads. Each program speaks TAP ("ok N - name",
# "not ok N - name"); every test case counts once. A program that dies, or
# exits non-zero without reporting a failure, counts as one failed case.
# Output of each program is kept in tests/logs/NAME.log; a failing program's
# last lines other than its passing cases are printed too.
#
# Usage: run-tests.sh PROGRAM...   (paths relative to the build or source dir)
# HV_VALGRIND=1 runs compiled tests under valgrind, failing on any error.
# HV_TEST_FILTER=WORD runs only the programs whose path contains WORD.

srcdir=${HV_SRCDIR:-.}
logdir=tests/logs
mkdir -p "$logdir"
export CMOCKA_MESSAGE_OUTPUT=TAP

passed=0
failed=0
skipped=0
failed_names=""

for t in "$@"; do
	case "$t" in *"${HV_TEST_FILTER:-}"*) ;; *) continue ;; esac
	prog=$t
	[ -e "$prog" ] || prog="$srcdir/$t"
	name=$(basename "$t")
	log="$logdir/$name.log"
	case "$prog" in
	*.sh) run="sh $prog" ;;
	*.py) run="${HV_PYTHON:-python3} $prog" ;;
	*)
		if [ -n "${HV_VALGRIND:-}" ]; then
			run="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite $prog"
		else
			run="$prog"
		fi
		;;
	esac
	case "$name" in
	plugin_*)
		# They load libhangviet into a program that is not instrumented:
		# preload the sanitizer runtime (its leak check would judge python).
		if [ -n "${HV_ASAN_PRELOAD:-}" ]; then
			run="env LD_PRELOAD=$HV_ASAN_PRELOAD ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 $run"
		fi
		;;
	esac
	$run >"$log" 2>&1
	rc=$?
	ok=$(grep -c '^ok ' "$log")
	notok=$(grep -c '^not ok ' "$log")
	skips=$(grep -c '^# SKIP ' "$log")
	skipped=$((skipped + skips))
	if [ "$rc" -ne 0 ] && [ "$notok" -eq 0 ]; then
		notok=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	passed=$((passed + ok))
	failed=$((failed + notok))
	if [ "$notok" -eq 0 ]; then
		if [ "$skips" -gt 0 ]; then
			echo "PASS: $name ($ok, $skips skipped)"
			grep '^# SKIP ' "$log" | sed 's/^/      /'
		else
			echo "PASS: $name ($ok)"
		fi
	else
		echo "FAIL: $name ($notok of $((ok + notok)) failed; see $log)"
		grep '^not ok ' "$log" | sed 's/^/      /'
		# What it said besides its passing cases (a traceback, the got and
		# want of a check), so that a log CI does not keep still tells why.
		grep -v '^ok ' "$log" | tail -n 25 | sed 's/^/    | /'
		failed_names="$failed_names $name"
	fi
done

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
