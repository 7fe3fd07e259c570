#!/bin/sh
# Generate ./configure from a git checkout. Needs autoconf, automake,
# libtool and pkg-config (packaging/deps.sh installs them).
set -e
cd "$(dirname "$0")"
for tool in autoreconf automake libtoolize pkg-config; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "autogen.sh: $tool not found; run packaging/deps.sh first" >&2
		exit 1
	}
done
mkdir -p m4
autoreconf -fi
