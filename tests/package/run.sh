#!/bin/sh
# make package-check (root, on Debian 12; `sh packaging/deps.sh --package`
# first): the Debian packages from a store IT person's side. They build with
# dpkg-buildpackage, lintian finds no error, apt installs them; the service
# runs (under systemd when systemd is PID 1, else the unit's own ExecStart
# as the hangviet user), reloads the catalog on the unit's ExecReload, takes
# scans from a POS program built against the installed libhangviet, and
# answers `hangviet status`; the man pages open; remove keeps the state, the
# config and the user; purge leaves nothing behind.
#
# The package build skips the test suite (DEB_BUILD_OPTIONS=nocheck unless
# set): CI has run it three times by then.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
HV_SRCDIR=$top
. "$top/tests/integration/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "package-check: run it as root (it installs and purges packages)" >&2
	exit 1
fi
PKGS="hangviet libhangviet1 libhangviet-dev"
export DEBIAN_FRONTEND=noninteractive
apt-get purge -y -qq $PKGS >/dev/null 2>&1 # a previous run's, if any
cleanup() {
	pkill -f '^/usr/bin/hangviet'

	rm -rf "$TMP"
}
trap cleanup EXIT

# ------------------------------------------------------------- build ---
out=$TMP/deb
check "the packages build (dpkg-buildpackage -us -uc -b)" \
	env DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS-nocheck}" sh "$top/packaging/build-deb.sh" "$out"
for p in $PKGS; do
	check "$p is built" sh -c "ls '$out'/${p}_*.deb"
done
OUT=$(lintian --fail-on error "$out"/*.changes 2>&1)
_result $? "lintian reports no errors" "$OUT"

# ----------------------------------------------------------- install ---
debs=""
for p in $PKGS; do debs="$debs $(ls "$out"/${p}_*.deb)"; done
check "apt installs the three packages" apt-get install -y -qq $debs
check "the system user hangviet exists, without a login" \
	sh -c 'getent passwd hangviet | grep -q ":/var/lib/hangviet:/usr/sbin/nologin$"'
is "its state directory /var/lib/hangviet" "$(stat -c '%U:%G %a' /var/lib/hangviet 2>&1)" \
	"hangviet:hangviet 750"
check "/etc/hangviet/hangviet.conf is a conffile" \
	sh -c "dpkg-query -W -f='\${Conffiles}' hangviet | grep -q /etc/hangviet/hangviet.conf"
for f in store.conf district.conf connect.conf; do
	check "example $f in /usr/share/doc/hangviet/examples" \
		test -s /usr/share/doc/hangviet/examples/$f
done
for m in "1 hangviet" "1 hangviet-bridge" "1 hangviet-connect" "5 hangviet.conf" "8 hangvietd" \
	"8 hangviet-district" "3 libhangviet"; do
	check "man $m opens" sh -c "MANWIDTH=80 man $m 2>&1 | grep -q '^NAME'"
done
contains "man hangviet shows the status command" "$(MANWIDTH=80 man hangviet 2>&1)" \
	"status [--connect EP]"
for u in hangvietd hangviet-district hangviet-bridge@ hangviet-connect; do
	unit=/lib/systemd/system/$u.service
	level=$(systemd-analyze security --offline=true --no-pager "$unit" 2>&1 |
		sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
	check "$u.service: systemd-analyze security exposure $level < 3.0" \
		awk -v l="${level:-99}" 'BEGIN { exit !(l < 3.0) }'
done

for u in hangvietd hangviet-district hangviet-connect; do
	check "systemd-analyze verify $u.service" sh -c \
		"systemd-analyze verify --man=no /lib/systemd/system/$u.service 2>&1 | (! grep .)"
done
cp /lib/systemd/system/hangviet-bridge@.service "$TMP/hangviet-bridge@srv-poslog.service"
check "systemd-analyze verify hangviet-bridge@srv-poslog.service" sh -c \
	"systemd-analyze verify --man=no '$TMP/hangviet-bridge@srv-poslog.service' 2>&1 | (! grep .)"

# The units' own command lines, as systemd would run them.
exec_line() { sed -n "s/^$1=//p" "/lib/systemd/system/$2.service"; }
exec_start=$(exec_line ExecStart hangvietd)
exec_reload=$(exec_line ExecReload hangvietd)
# Without systemd, each program runs as the unit says, as user hangviet,
# under strace: the system calls it makes are then checked against the
# unit's SystemCallFilter, which a real systemd would enforce.
chmod 0711 "$TMP"
as_service() { # TRACE COMMAND...: run COMMAND as the unit would, traced
	_trace=$1
	shift
	if command -v strace >/dev/null; then
		setpriv --reuid hangviet --regid hangviet --init-groups -- \
			strace -f -qq -o "$_trace" "$@"
	else
		setpriv --reuid hangviet --regid hangviet --init-groups -- "$@"
	fi
}
contains "hangvietd.service runs the installed daemon on the packaged paths" "$exec_start" \
	"/usr/bin/hangvietd --config /etc/hangviet/hangviet.conf --state /var/lib/hangviet"

# ------------------------------------------------------------- run it ---
# The IT person's steps: the store id in the config, the daemon running,
# the catalog imported as the service's user, then reloaded.
sed -i '0,/^# store = .*/s//store = st-01/' /etc/hangviet/hangviet.conf
if [ -d /run/systemd/system ]; then
	under=systemd
	check "systemctl restart hangvietd" systemctl restart hangvietd
	check "hangvietd.service is active" systemctl is-active hangvietd
	reload() { systemctl reload hangvietd; }
else
	under="the unit's ExecStart as user hangviet (systemd is not running here)"
	mkdir -m 0777 "$TMP/traces"
	as_service "$TMP/traces/hangvietd" $exec_start 2>"$TMP/daemon.log" &
	runner=$!
	reload() { sh -c "$(echo "$exec_reload" | sed "s/\$MAINPID/$(pgrep -f '^/usr/bin/hangvietd ')/")"; }
fi
answered=1
for _ in $(seq 50); do
	hangviet status >/dev/null 2>&1 && { answered=0; break; }
	sleep 0.2
done
_result $answered "hangvietd answers hangviet status, run by $under" "$(cat "$TMP/daemon.log" 2>/dev/null)"
check "hangviet catalog import, as the hangviet user" \
	runuser -u hangviet -- hangviet catalog import --state /var/lib/hangviet \
	/usr/share/hangviet/sample-catalog.csv
check "the unit's ExecReload (SIGHUP) has the daemon read the catalog" reload
sleep 0.5

# A POS program built against the installed header, library and .pc file.
check "the example compiles with pkg-config --cflags --libs hangviet" sh -c \
	"cc -Wall -Werror /usr/share/doc/libhangviet-dev/examples/pos_example.c \
	 \$(pkg-config --cflags --libs hangviet) -o '$TMP/pos'"
OUT=$(HANGVIET_SPOOL_DIR=$TMP "$TMP/pos" 2>&1)
_result $? "it runs against the installed daemon" "$OUT"
contains "the catalog's OCOP tea comes back tagged" "$OUT" \
	"8936000100018: domestic OCOP Trà Tân Cương Hoàng Bình"
contains "and the receipt line" "$OUT" "Hàng Việt: 2/4 món, 75% giá trị"
for _ in $(seq 50); do # counted from the windows checkpointed once a second
	status=$(hangviet status --format json 2>&1)
	case "$status" in *'"events_today":3,'*) break ;; esac
	sleep 0.2
done
contains "status: the three lines counted today" "$status" '"events_today":3,'
contains "status: the packaged version" "$status" '"version":"0.1.0"'
report=$(hangviet report --state /var/lib/hangviet --format csv 2>&1)
_result $? "hangviet report reads the service's journal" "$report"

# A bridge from a POSLog folder, and a district node following the store,
# each as its unit runs it.
sed -i '/^\[hangviet-bridge\]/,$s/^# store = .*/store = st-01/' /etc/hangviet/hangviet.conf
mkdir -m 0755 "$TMP/poslog"
cp "$top/tests/data/poslog/sample-sale.xml" "$TMP/poslog/"
chown -R hangviet:hangviet "$TMP/poslog"
inst=$(systemd-escape --path "$TMP/poslog")
install -d -o hangviet -g hangviet "/var/lib/hangviet/bridge/$inst"
bridge=$(exec_line ExecStart hangviet-bridge@ | sed -e "s|%f|$TMP/poslog|" -e "s|%i|$inst|" \
	-e 's|\$HANGVIET_BRIDGE_ARGS|--once|')
if [ "$under" = systemd ]; then
	check "the bridge unit sends the POSLog file" systemctl start "hangviet-bridge@$inst" --wait
else
	OUT=$(as_service "$TMP/traces/hangviet-bridge" $bridge 2>&1)
	_result $? "the bridge, as its unit runs it, sends the POSLog file" "$OUT"
fi
check "the file moved to done/" test -f "$TMP/poslog/done/sample-sale.xml"
district=$(exec_line ExecStart hangviet-district)
if [ "$under" != systemd ]; then
	as_service "$TMP/traces/hangviet-district" $district \
		--upstream 'tcp://127.0.0.1:5581|tcp://127.0.0.1:5582' 2>"$TMP/district.log" &
	district_runner=$!
	answered=1
	for _ in $(seq 50); do
		hangviet status --connect tcp://127.0.0.1:5592 2>/dev/null | grep -q "^stores  *1$" &&
			{ answered=0; break; }
		sleep 0.2
	done
	_result $answered "the district node, as its unit runs it, follows the store" \
		"$(cat "$TMP/district.log")"
	kill "$(pgrep -f '^/usr/bin/hangviet-district ')"
	wait "$district_runner"
	_result $? "the district node stops cleanly on SIGTERM" "$(cat "$TMP/district.log")"
fi

# The connector, as its unit runs it, reading a fake KiotViet (the tests'
# fake_pos.py, over TLS with a test CA) into the installed daemon: an
# account in the packaged config, its secret in a 0600 file of the
# service's user; one poll (--once), then the daemon has the sale's two
# lines (status counts lines and voids, not ends).
mkdir -m 0755 "$TMP/kv"
events_today() { hangviet status --format json 2>&1 | sed -n 's/.*"events_today":\([0-9]*\),.*/\1/p'; }
before=$(events_today)
for _ in $(seq 10); do # what was sent before is checkpointed (once a second)
	sleep 1.2
	now=$(events_today)
	[ "$now" = "$before" ] && break
	before=$now
done
PYTHONPATH="$top/tests/integration" "${HV_PYTHON:-python3}" - "$TMP/kv" <<'PY' &
import sys, time, fake_pos
d = sys.argv[1]
ca, cert, key = fake_pos.make_ca(d)
kv = fake_pos.KiotViet(cert, key, "pkg-client", "pkg-secret", "pkgshop")
now = int(time.time() * 1000)
kv.put_product(1, "SP1", "8936000100018", now - 60000)
kv.put_invoice(1, "HD000001", 7, now - 60000, [(1, "SP1", 2, 45000, 0), (1, "SP1", 0.5, 45000, 0)])
with open(d + "/url.tmp", "w") as f:
    f.write(kv.url)
import os
os.rename(d + "/url.tmp", d + "/url")
time.sleep(120)
PY
fake=$!
for _ in $(seq 100); do [ -s "$TMP/kv/url" ] && break; sleep 0.1; done
chmod 0644 "$TMP/kv/ca.pem"
install -o hangviet -g hangviet -m 0600 /dev/null "$TMP/kv/secret"
echo pkg-secret >"$TMP/kv/secret"
url=$(cat "$TMP/kv/url")
printf '%s\n' "[connect pkg]" "kind = kiotviet" "base_url = $url" \
	"token_url = $url/connect/token" "retailer = pkgshop" "client_id = pkg-client" \
	"secret_file = $TMP/kv/secret" "ca_file = $TMP/kv/ca.pem" \
	"branch.7 = st-01@tcp://127.0.0.1:5580" >>/etc/hangviet/hangviet.conf
connect=$(exec_line ExecStart hangviet-connect)
if [ "$under" = systemd ]; then
	OUT=$(systemd-run --wait --pipe -p User=hangviet $connect --once 2>&1)
else
	OUT=$(as_service "$TMP/traces/hangviet-connect" $connect --once 2>&1)
fi
_result $? "hangviet-connect, as its unit runs it, reads the fake KiotViet once" "$OUT"
contains "and sends the invoice's two lines and its end" "$OUT" "1 sales, 3 events sent"
kill "$fake" 2>/dev/null
for _ in $(seq 50); do
	after=$(events_today)
	[ "${after:-0}" -ge $((${before:-0} + 2)) ] && break
	sleep 0.2
done
is "the daemon counted its two lines" "${after:-0}" "$((${before:-0} + 2))"
check "the connector keeps its cursor under /var/lib/hangviet/connect" \
	test -s /var/lib/hangviet/connect/pkg.db

if [ "$under" = systemd ]; then
	check "systemctl stop hangvietd" systemctl stop hangvietd
else
	kill "$(pgrep -f '^/usr/bin/hangvietd ')"
	wait "$runner"
	_result $? "the daemon stops cleanly on SIGTERM" "$(cat "$TMP/daemon.log")"
	if command -v strace >/dev/null; then
		for p in hangvietd hangviet-bridge hangviet-district hangviet-connect; do
			unit=$p.service
			[ $p = hangviet-bridge ] && unit=hangviet-bridge@.service
			OUT=$("${HV_PYTHON:-python3}" "$top/tests/package/syscalls.py" \
				"$TMP/traces/$p" "/lib/systemd/system/$unit" 2>&1)
			_result $? "$p makes no system call $unit's filter refuses" "$OUT"
		done
	fi
fi

# ------------------------------------------------- remove, then purge ---
files=$(dpkg -L $PKGS | while read -r f; do [ -f "$f" ] && echo "$f"; done)
check "apt removes the packages" apt-get remove -y -qq $PKGS
check "remove keeps the journal" test -s /var/lib/hangviet/journal.db
check "remove keeps the config" test -s /etc/hangviet/hangviet.conf
check "remove keeps the user" getent passwd hangviet
check "remove takes the programs" test ! -e /usr/bin/hangvietd
# Only hangviet has conffiles: the libraries are gone after remove.
known=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $PKGS 2>/dev/null | awk '$1 == "rc" { print $2 }')
is "after remove dpkg keeps only hangviet's config" "$known" "hangviet"
check "apt purges it" apt-get purge -y -qq $known
left=$(for f in $files; do [ -e "$f" ] && echo "$f"; done)
is "purge leaves none of the packages' files" "$left" ""
check "purge takes /var/lib/hangviet" test ! -e /var/lib/hangviet
check "purge takes /etc/hangviet" test ! -e /etc/hangviet
check "purge takes the user" sh -c '! getent passwd hangviet'
check "purge takes the group" sh -c '! getent group hangviet'
is "dpkg knows none of them" \
	"$(dpkg-query -W -f='${db:Status-Abbrev}${Package}\n' $PKGS 2>/dev/null | grep -v '^un\|^pn')" ""

done_testing
echo "$((_n - _failed)) passed, $_failed failed"
[ "$_failed" -eq 0 ]
