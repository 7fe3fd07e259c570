# lib.sh -- TAP helpers for the integration tests. Source it; it sets
# $HANGVIET (the built CLI), $SRCDIR, $TMP (removed on exit), and defines:
#   check NAME CMD...        ok when CMD exits 0
#   is NAME GOT WANT         ok when the strings are equal
#   contains NAME TEXT PART  ok when TEXT contains PART
#   exits NAME CODE CMD...   ok when CMD exits with CODE (its output in $OUT)
#   free_ports N             prints N free loopback TCP ports, one per line
#   done_testing             prints the plan; exit status 1 if anything failed

: "${HANGVIET:=$(pwd)/src/hangviet}"
: "${HV_SRCDIR:=$(pwd)}"
SRCDIR=$HV_SRCDIR
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hvit.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# Under `make memcheck` every run of the tool goes through valgrind, and a
# memory error makes it exit 99, which fails the test that ran it.
if [ -n "${HV_VALGRIND:-}" ]; then
	printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "%s" "$@"\n' \
		"$HANGVIET" >"$TMP/hangviet"
	chmod +x "$TMP/hangviet"
	HANGVIET=$TMP/hangviet
fi
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LANGUAGE HANGVIET_STATE
export TZ=Asia/Ho_Chi_Minh

_n=0
_failed=0

_result() { # STATUS NAME [DETAIL]
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/# /'
		_failed=$((_failed + 1))
	fi
	return 0
}

check() {
	_name=$1
	shift
	OUT=$("$@" 2>&1)
	_result $? "$_name" "$OUT"
}

is() {
	if [ "$2" = "$3" ]; then _result 0 "$1"; else
		_result 1 "$1" "got:
$2
want:
$3"
	fi
}

contains() {
	case "$2" in
	*"$3"*) _result 0 "$1" ;;
	*) _result 1 "$1" "missing: $3
in:
$2" ;;
	esac
}

exits() {
	_name=$1
	_want=$2
	shift 2
	OUT=$("$@" 2>&1)
	_rc=$?
	if [ "$_rc" -eq "$_want" ]; then _result 0 "$_name"; else
		_result 1 "$_name" "exit status $_rc, want $_want; output:
$OUT"
	fi
}

free_ports() {
	"${HV_PYTHON:-python3}" "$SRCDIR/tests/free_ports.py" "$1"
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
