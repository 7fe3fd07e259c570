#!/bin/sh
# The configuration files the package installs work as shipped: the
# default /etc/hangviet/hangviet.conf and the store example start the store
# daemon and the bridge; the district example, with its key files made by
# `hangviet keygen` where it names them, starts the district node. Each
# program reads its own section and leaves the others' alone. Endpoints
# are moved to free ports with flags (a flag beats the file).
. "$(dirname "$0")/lib.sh"
: "${HANGVIETD:=$(dirname "$HANGVIET")/hangvietd}"
: "${HANGVIET_DISTRICT:=$(dirname "$HANGVIET")/hangviet-district}"
: "${HANGVIET_BRIDGE:=$(dirname "$(dirname "$HANGVIET")")/plugin/hangviet-bridge}"
: "${HANGVIET_CONNECT:=$(dirname "$(dirname "$HANGVIET")")/plugin/hangviet-connect}"
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$TMP"' EXIT

# Wait until hangviet status answers on SYNC, and print its text.
status_of() {
	for _ in $(seq 100); do
		"$HANGVIET" status --connect "$1" --timeout 1 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# A store daemon on CONFIG: its status names the store the file sets.
store_daemon() { # CONFIG WANT_NODE_LINE
	set -- "$1" "$2" $(free_ports 3)
	"$HANGVIETD" --config "$1" --state "$TMP/state-$3" --ingest "tcp://127.0.0.1:$3" \
		--feed "tcp://127.0.0.1:$4" --sync "tcp://127.0.0.1:$5" 2>"$TMP/d.log" &
	pid=$!
	pids="$pids $pid"
	OUT=$(status_of "tcp://127.0.0.1:$5")
	_result $? "hangvietd starts on $(basename "$1")" "$(cat "$TMP/d.log")"
	contains "and is the store it says" "$OUT" "$2"
	kill $pid
	wait $pid
	_result $? "and stops cleanly" "$(cat "$TMP/d.log")"
}

# As installed, every key is commented out: the store is the host name.
store_daemon "$SRCDIR/packaging/hangviet.conf" "$(hostname | cut -d. -f1)"
store_daemon "$SRCDIR/packaging/examples/store.conf" "bigc-tn-01 (thai-nguyen/tp-thai-nguyen)"
exits "hangviet-bridge reads store.conf's [hangviet-bridge] (nothing to flush)" 0 \
	"$HANGVIET_BRIDGE" --config "$SRCDIR/packaging/examples/store.conf" \
	--spool-dir "$TMP" --flush 1
exits "the bridge reads the default config too (its store unset: a usage error)" 2 \
	"$HANGVIET_BRIDGE" --config "$SRCDIR/packaging/hangviet.conf" --spool-dir "$TMP" --flush 1
contains "naming --store" "$OUT" "--store"

# The district example, its keys where it says, under $TMP.
mkdir "$TMP/keys"
for k in district bigc-tn-01 coopmart-tn-02; do
	(cd "$TMP/keys" && "$HANGVIET" keygen "$k" >/dev/null)
done
sed "s|/etc/hangviet/keys|$TMP/keys|g" "$SRCDIR/packaging/examples/district.conf" >"$TMP/district.conf"
set -- $(free_ports 2)
"$HANGVIET_DISTRICT" --config "$TMP/district.conf" --state "$TMP/district" \
	--feed "tcp://127.0.0.1:$1" --sync "tcp://127.0.0.1:$2" 2>"$TMP/n.log" &
pid=$!
pids="$pids $pid"
OUT=$(status_of "tcp://127.0.0.1:$2")
_result $? "hangviet-district starts on district.conf" "$(cat "$TMP/n.log")"
contains "and is the node it says" "$OUT" "tp-thai-nguyen-office (thai-nguyen/tp-thai-nguyen)"
contains "following both upstream sections" "$(cat "$TMP/n.log")" "2 upstreams"
kill $pid
wait $pid
_result $? "and stops cleanly" "$(cat "$TMP/n.log")"

# The cloud shop's example: its store daemon starts; the connector reads
# its [connect shop-a] and stops at the secret file not made yet, naming
# it; with the file made (0600), its account starts (the vendor is not
# reachable here: the poll fails, which the log says, and TERM stops it).
store_daemon "$SRCDIR/packaging/examples/connect.conf" "kv-shop-01 (thai-nguyen/tp-thai-nguyen)"
sed "s|/etc/hangviet/connect|$TMP|g" "$SRCDIR/packaging/examples/connect.conf" >"$TMP/connect.conf"
exits "hangviet-connect refuses connect.conf's account without its secret file" 1 \
	"$HANGVIET_CONNECT" --config "$TMP/connect.conf" --state "$TMP/cs" --once
contains "naming the file" "$OUT" "$TMP/shop-a.secret"
exits "the default config has no account: a usage error" 2 \
	"$HANGVIET_CONNECT" --config "$SRCDIR/packaging/hangviet.conf" --state "$TMP/cs" --once
contains "saying what to add" "$OUT" "[connect NAME]"
install -m 600 /dev/null "$TMP/shop-a.secret"
echo "not-a-real-secret" >"$TMP/shop-a.secret"
"$HANGVIET_CONNECT" --config "$TMP/connect.conf" --state "$TMP/cs" 2>"$TMP/c.log" &
pid=$!
pids="$pids $pid"
sleep 1
check "with the secret file in place, the account starts" kill -0 $pid
kill $pid
wait $pid
_result $? "and TERM stops it cleanly" "$(cat "$TMP/c.log")"
contains "its log names the account" "$(cat "$TMP/c.log")" "[connect shop-a] kiotviet account"
done_testing
