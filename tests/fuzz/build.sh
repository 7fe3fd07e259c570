#!/bin/sh
# Build the libFuzzer targets (make fuzz runs this): every module the
# targets reach, compiled once with clang's fuzzer instrumentation, ASan and
# UBSan, then one program per tests/fuzz/fuzz_*.c. Run them with run.sh.
#
# Usage: build.sh SRCDIR BUILDDIR SOURCE.c...   (CC, CPPFLAGS, LIBS from make)
set -e
srcdir=$1
builddir=$2
shift 2
CC=${CC:-clang}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
FLAGS="-g -O1 -fno-omit-frame-pointer $SAN"
CPPFLAGS="-I$builddir -I$srcdir/src/core -I$builddir/src/core -I$srcdir/plugin -D_GNU_SOURCE
  -DLOCALEDIR=\"/usr/share/locale\" $CPPFLAGS"
out=$builddir/tests/fuzz
mkdir -p "$out/obj"

if ! $CC -fsanitize=fuzzer -x c -o /dev/null - 2>/dev/null <<'C'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }
C
then
	echo "build.sh: $CC cannot build libFuzzer programs: install clang and libclang-rt-14-dev" >&2
	exit 1
fi

objs=""
for src in "$@"; do
	case "$src" in *.c) ;; *) continue ;; esac
	[ -f "$src" ] || src=$srcdir/$src
	obj=$out/obj/$(echo "$src" | sed 's|^\./||; s|/|_|g; s|\.c$|.o|')
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ]; then
		echo "  FUZZCC   $src"
		$CC $FLAGS -fsanitize=fuzzer-no-link $CPPFLAGS -c -o "$obj" "$src"
	fi
	objs="$objs $obj"
done

for target in "$srcdir"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$target" .c)
	echo "  FUZZLD   tests/fuzz/$name"
	$CC $FLAGS -fsanitize=fuzzer $CPPFLAGS -o "$out/$name" "$target" $objs $LIBS -lpthread
done
