#!/bin/sh
# Local days are Vietnam's unless TZ says otherwise (doc/protocol.md
# "Counting"): without TZ the programs use Asia/Ho_Chi_Minh, never the
# machine's own zone (a cloud server's UTC would put every day seven hours
# off); TZ, when set, wins; --timezone names another zone, and a name the
# tz database does not hold is refused at start.
. "$(dirname "$0")/lib.sh"
: "${HANGVIETD:=$(dirname "$HANGVIET")/hangvietd}"

# A journal to report on: a daemon started and stopped.
"$HANGVIETD" --state "$TMP/s" --store z --ingest "ipc://$TMP/i" --feed "ipc://$TMP/f" \
	--sync "ipc://$TMP/y" --log-level error &
pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -f "$TMP/s/journal.db" ] && break; sleep 0.2; done
kill "$pid"
wait "$pid"

from() { # the report's first ms for 2026-12-01, under the environment given
	env "$@" "$HANGVIET" report --state "$TMP/s" --day 2026-12-01 --format json |
		sed -n 's/^{"from":\([0-9]*\),.*/\1/p'
}
vietnam=$(($(date -u -d '2026-11-30 17:00:00' +%s) * 1000)) # 00:00 at UTC+7
utc=$(($(date -u -d '2026-12-01 00:00:00' +%s) * 1000))
is "without TZ, a day starts at midnight in Hà Nội" "$(from -u TZ)" "$vietnam"
is "an empty TZ is no zone either" "$(from TZ=)" "$vietnam"
is "TZ=UTC: at midnight UTC" "$(from TZ=UTC)" "$utc"

# --timezone: the daemon's log is stamped in the zone named (Tokyo is UTC+9
# all year), unless the hour turned while it started.
if [ -f /usr/share/zoneinfo/Asia/Tokyo ]; then
	before=$(TZ=Asia/Tokyo date '+%Y-%m-%d %H')
	env -u TZ "$HANGVIETD" --state "$TMP/s" --store z --ingest "ipc://$TMP/i" \
		--feed "ipc://$TMP/f" --sync "ipc://$TMP/y" --timezone Asia/Tokyo 2>"$TMP/log" &
	pid=$!
	for _ in 1 2 3 4 5 6 7 8 9 10; do grep -q "serving\|store z" "$TMP/log" && break; sleep 0.2; done
	kill "$pid"
	wait "$pid"
	after=$(TZ=Asia/Tokyo date '+%Y-%m-%d %H')
	stamp=$(grep 'store z' "$TMP/log" | head -1 | cut -c1-13)
	if [ "$before" = "$after" ]; then
		is "--timezone Asia/Tokyo: the daemon's day and hour are Tokyo's" "$stamp" "$before"
	else
		_result 0 "# SKIP the hour turned during the check"
	fi
else
	_result 0 "# SKIP no tz database (tzdata) to name Asia/Tokyo from"
fi

exits "--timezone that the tz database does not hold: exit 2" 2 \
	env -u TZ "$HANGVIETD" --state "$TMP/s" --timezone Nowhere/Atlantis
contains "naming the setting" "$OUT" "--timezone"
exits "the bridge refuses it too" 2 env -u TZ "${HANGVIET_BRIDGE:-$(dirname "$(dirname "$HANGVIET")")/plugin/hangviet-bridge}" \
	--store z --timezone Nowhere/Atlantis
done_testing
