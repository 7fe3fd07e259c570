#!/bin/sh
# `hangviet demo`: a daemon, simulated lanes, the live feed and the report,
# in one command; the report it prints agrees with the journal it leaves
# (counted here from the raw events with the sqlite3 shell).
. "$(dirname "$0")/lib.sh"

export TZ=Asia/Ho_Chi_Minh
DEMO=$TMP/demo
out=$("$HANGVIET" demo --seconds 4 --lanes 3 --state "$DEMO" 2>&1)
_result $? "hangviet demo --seconds 4 --lanes 3 exits 0" "$out"
contains "it shows the live feed" "$out" "demo-store [thai-nguyen/tp-thai-nguyen]: domestic items"
contains "it prints the report" "$out" "Vietnamese share"
contains "and says where the HTML report is" "$out" "The HTML report: $DEMO/report.html"
check "the HTML report is written" grep -q '<svg' "$DEMO/report.html"

# The lines, transactions and items that still count, from the events:
# scans not voided and not in a cancelled transaction.
net="FROM event s WHERE s.op = 'scan'
	AND NOT EXISTS (SELECT 1 FROM event v WHERE v.store = s.store AND v.lane = s.lane
		AND v.txn = s.txn AND v.line = s.line AND v.op = 'void')
	AND NOT EXISTS (SELECT 1 FROM event c WHERE c.store = s.store AND c.lane = s.lane
		AND c.txn = s.txn AND c.op = 'cancel')"
lines=$(sqlite3 "$DEMO/journal.db" "SELECT count(*) $net")
txns=$(sqlite3 "$DEMO/journal.db" "SELECT count(*) FROM event WHERE op = 'end'")
voids=$(sqlite3 "$DEMO/journal.db" "SELECT count(*) FROM event WHERE op = 'void'")
dom=$(sqlite3 "$DEMO/journal.db" "SELECT coalesce(sum(qty), 0) $net AND s.class = 'domestic'")
check "the demo recorded events" test "$lines" -gt 10
got=$(printf '%s\n' "$out" | sed -n 's/^Lines: \([0-9,]*\), voids: \([0-9,]*\), transactions: \([0-9,]*\)$/\1 \2 \3/p' | tr -d ,)
is "the report's lines, voids and transactions are the journal's" "$got" "$lines $voids $txns"
got=$(printf '%s\n' "$out" | awk '$1 == "Items" { gsub(",", "", $2); print $2 }')
is "the report's domestic items are the journal's" "$got" "$dom"
exits "a bad --lanes is a usage error" 2 "$HANGVIET" demo --lanes 0
done_testing
