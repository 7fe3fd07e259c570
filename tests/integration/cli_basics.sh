#!/bin/sh
# The hangviet tool's contract with scripts: --help, --version, exit codes
# 0/1/2, messages that say what was wrong, and Vietnamese under vi_VN.
. "$(dirname "$0")/lib.sh"

exits "--help exits 0" 0 "$HANGVIET" --help
contains "--help lists lookup" "$OUT" "lookup"
contains "--help lists catalog" "$OUT" "catalog"
exits "--version exits 0" 0 "$HANGVIET" --version
is "--version names the program and version" "$OUT" "hangviet 0.1.0"
exits "no command is a usage error" 2 "$HANGVIET"
exits "unknown command is a usage error" 2 "$HANGVIET" frobnicate
contains "unknown command is named" "$OUT" "frobnicate"
exits "lookup --help exits 0" 0 "$HANGVIET" lookup --help
contains "lookup --help shows the synopsis" "$OUT" "Usage: hangviet lookup"
exits "catalog --help exits 0" 0 "$HANGVIET" catalog --help
exits "lookup without codes is a usage error" 2 "$HANGVIET" lookup --state "$TMP"
contains "lookup without codes says what to give" "$OUT" "give one or more codes"
exits "unknown option is a usage error" 2 "$HANGVIET" lookup --colour 8935049500018
contains "unknown option is named" "$OUT" "--colour"
exits "option without its value is a usage error" 2 "$HANGVIET" lookup --state
exits "bad --format is a usage error" 2 "$HANGVIET" lookup --format xml 8935049500018
exits "bad --sym is a usage error" 2 "$HANGVIET" lookup --sym qr 8935049500018
exits "catalog without a verb is a usage error" 2 "$HANGVIET" catalog
exits "catalog import without a file is a usage error" 2 "$HANGVIET" catalog import
exits "no state directory at all is a failure" 1 env -u HOME -u XDG_STATE_HOME "$HANGVIET" lookup 8935049500018
contains "no state directory says what to do" "$OUT" "--state"

# Every command's --help is its settings table: each option with its
# default, and the prose above it filled to 79 columns (English and
# Vietnamese alike: characters, not bytes).
for cmd in catalog lookup scan watch report status demo keygen; do
	for lang in C vi; do
		text=$(LANGUAGE=$lang LC_ALL=C.UTF-8 "$HANGVIET" "$cmd" --help | sed '/^Options:\|^Tùy chọn:/,$d')
		long=$(printf '%s\n' "$text" | perl -CS -ne 'chomp; print "$_\n" if length > 79')
		if [ -n "$text" ] && [ -z "$long" ]; then
			_result 0 "$cmd --help ($lang): its prose fits 79 columns"
		else
			_result 1 "$cmd --help ($lang): its prose fits 79 columns" "$long"
		fi
	done
done
exits "watch --help exits 0" 0 "$HANGVIET" watch --help
contains "watch --help gives the default of --silence" "$OUT" "--silence SECONDS"
contains "and its default" "$OUT" "(default: 3)"
exits "watch --silence 0 is refused before anything runs" 2 "$HANGVIET" watch --silence 0
contains "naming the range" "$OUT" "from 1 to 3600"
exits "status --server-key (the old name) is still taken" 2 "$HANGVIET" status --server-key
contains "as the option it stands for: it needs a value" "$OUT" "needs a value"

# Vietnamese: the same messages, translated, when the locale is Vietnamese.
if locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$'; then
	OUT=$(LC_ALL=vi_VN.UTF-8 "$HANGVIET" --help 2>&1)
	contains "--help in Vietnamese" "$OUT" "Cách dùng: hangviet"
	OUT=$(LC_ALL=vi_VN.UTF-8 "$HANGVIET" lookup --state "$TMP" 8935049500015 2>&1)
	contains "lookup reason in Vietnamese" "$OUT" "số kiểm tra sai"
	OUT=$(LC_ALL=vi_VN.UTF-8 "$HANGVIET" lookup --state "$TMP" 2>&1)
	contains "usage error in Vietnamese" "$OUT" "mã vạch"
else
	echo "# vi_VN.UTF-8 locale missing (run packaging/deps.sh): Vietnamese not checked"
	_result 1 "vi_VN.UTF-8 locale is installed"
fi
done_testing
