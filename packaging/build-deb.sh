#!/bin/sh
# Build hangviet's Debian packages (hangviet, libhangviet1, libhangviet-dev)
# from what is committed in this repository, with packaging/debian as
# debian/:
#
#   sh packaging/build-deb.sh [OUTDIR]        (default OUTDIR: ./deb)
#
# Needs the build dependencies of packaging/debian/control and dpkg-dev,
# debhelper: `sh packaging/deps.sh --package` installs them. The package
# build runs `make check` unless DEB_BUILD_OPTIONS has nocheck.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/deb}
version=$(sed -n '1s/.*(\([^)]*\)).*/\1/p' "$top/packaging/debian/changelog")
work=$(mktemp -d "${TMPDIR:-/tmp}/hangviet-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT

mkdir -p "$out"
src="$work/hangviet-$version"
mkdir "$src"
git -C "$top" archive --format=tar HEAD | tar -x -C "$src"
cp -r "$src/packaging/debian" "$src/debian"
(cd "$src" && dpkg-buildpackage -us -uc -b)
mv "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out"/
echo "build-deb.sh: packages in $out:"
ls -1 "$out"/*.deb
