#!/bin/sh
# `make install` puts libhangviet where a POS build finds it: pkg-config
# --cflags --libs hangviet works, and the example compiles against the
# installed header and library and talks to a real daemon. The man pages,
# the example configs and the default config are installed too.
. "$(dirname "$0")/lib.sh"

DEST=$TMP/dest
check "make install into a staging root" make -C "$HV_BUILDDIR" install DESTDIR="$DEST"
pcdir=$(find "$DEST" -name hangviet.pc -path '*pkgconfig*' | head -n 1)
check "hangviet.pc is installed" test -n "$pcdir"
export PKG_CONFIG_PATH=$(dirname "$pcdir") PKG_CONFIG_SYSROOT_DIR=$DEST
flags=$(pkg-config --cflags --libs hangviet 2>&1)
_result $? "pkg-config --cflags --libs hangviet" "$flags"
contains "the flags name the library" "$flags" "-lhangviet"
contains "and the staged include directory" "$flags" "-I$DEST"
hdr=$(find "$DEST" -name hangviet.h | head -n 1)
check "hangviet.h is installed" test -n "$hdr"
check "the example compiles against the installed library" \
	cc -Wall -Werror "$SRCDIR/plugin/examples/pos_example.c" $flags -o "$TMP/pos_example"
libdir=$(dirname "$(find "$DEST" -name 'libhangviet.so' | head -n 1)")
for m in hangviet.1 hangviet-bridge.1 libhangviet.3 hangviet.conf.5 hangvietd.8 hangviet-district.8; do
	check "man page $m is installed" sh -c "find '$DEST' -path '*/man/man?/$m' | grep -q ."
done
for f in store.conf district.conf; do
	check "example $f is installed with the docs" sh -c "find '$DEST' -path '*/doc/hangviet/examples/$f' | grep -q ."
done
check "the default hangviet.conf is installed" sh -c "find '$DEST' -path '*/etc/hangviet/hangviet.conf' | grep -q ."
check "only hangviet_* is exported" sh -c "nm -D --defined-only '$libdir/libhangviet.so' | awk '\$2 == \"T\" && \$3 !~ /^hangviet_/ { bad = 1; print } END { exit bad }'"

# The example against a real daemon, with its spool in the test's folder.
set -- $(free_ports 3)
port=$1
"$HANGVIET" catalog import --state "$TMP/state" "$SRCDIR/data/sample-catalog.csv" >/dev/null
"${HANGVIETD:-$(dirname "$HANGVIET")/hangvietd}" --state "$TMP/state" --store st-01 \
	--ingest "tcp://127.0.0.1:$port" --feed "tcp://127.0.0.1:$2" \
	--sync "tcp://127.0.0.1:$3" 2>"$TMP/d.log" &
dpid=$!
# Wait until the daemon listens (a cold start can take a moment).
"${HV_PYTHON:-python3}" -c '
import socket, sys, time
end = time.time() + 15
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)' "$port"
_result $? "the daemon listens" "$(cat "$TMP/d.log")"
out=$(LD_LIBRARY_PATH=$libdir HANGVIET_SPOOL_DIR=$TMP "$TMP/pos_example" "tcp://127.0.0.1:$port" 2>&1)
_result $? "the installed example runs" "$out"
contains "it tags the OCOP tea" "$out" "8936000100018: domestic OCOP Trà Tân Cương Hoàng Bình"
contains "and prints the receipt line" "$out" "Hàng Việt: 2/4 món, 75% giá trị"
kill "$dpid"
wait "$dpid"
done_testing
