#!/bin/sh
# Install what hangviet needs to build and test, on Debian 12 or Ubuntu;
# with --package, also what building and checking the Debian packages
# takes (packaging/build-deb.sh, make package-check). Idempotent: packages
# already present are left alone. Run as root (or with sudo available).
set -e

PACKAGES="
  gcc make autoconf automake libtool pkg-config gettext
  libzmq3-dev libmsgpack-dev libsqlite3-dev libcsv-dev libinih-dev libxml2-dev
  libcurl4-openssl-dev libmicrohttpd-dev libjson-c-dev libssl-dev openssl libxlsxwriter-dev zlib1g-dev
  libsystemd-dev libcmocka-dev sqlite3 locales tzdata valgrind groff-base
  python3 python3-zmq python3-msgpack python3-openpyxl procps chromium
  clang libclang-rt-14-dev
"
if [ "${1:-}" = --package ]; then
	PACKAGES="$PACKAGES debhelper dpkg-dev fakeroot lintian systemd man-db git strace"
fi

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

if [ -n "$missing" ]; then
	echo "deps.sh: installing:$missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The Vietnamese locale, so messages and reports can be read in Vietnamese.
if ! locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$'; then
	if [ -f /etc/locale.gen ]; then
		$SUDO sed -i 's/^# *\(vi_VN.UTF-8 UTF-8\)/\1/' /etc/locale.gen
		grep -q '^vi_VN.UTF-8 UTF-8' /etc/locale.gen ||
			echo 'vi_VN.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
		$SUDO locale-gen >/dev/null
	fi
fi
echo "deps.sh: all build and test dependencies are installed"
