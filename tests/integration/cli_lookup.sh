#!/bin/sh
# hangviet lookup: one line per code as DESIGN.md describes, from arguments
# and from standard input, by GS1 prefix and from the catalog; json lines
# with the lookup reply's keys.
. "$(dirname "$0")/lib.sh"
S="$TMP/state"

# No catalog at all: GS1 prefix only.
check "lookup by prefix" "$HANGVIET" lookup --state "$S" 8935049500018 8850006330012 9780140449136
is "prefix lines" "$OUT" "8935049500018    domestic VN prefix
8850006330012    imported TH prefix
9780140449136    unknown  -  none"
exits "a code that is no GTIN makes exit status 1" 1 "$HANGVIET" lookup --state "$S" 8935049500018 8935049500015
is "it is unknown, and the note says why" "$(printf '%s\n' "$OUT" | tail -n 1)" \
	"$(printf '8935049500015    unknown  -  none\t(the check digit is wrong)')"
exits "a string that cannot be a code: exit 1" 1 "$HANGVIET" lookup --state "$S" "$(printf 'ab\001c')"
contains "said as a bad request" "$OUT" "bad_request not a code"
test ! -e "$S/catalog.db"
_result $? "lookup creates no catalog"

# UPC-E needs --sym upce; the same digits as a GTIN-8 fail their check.
check "UPC-E with --sym" "$HANGVIET" lookup --state "$S" --sym upce --format json 04252614
contains "UPC-E expanded and normalised" "$OUT" '"gtin":"0042100005264"'
exits "the same code without --sym is a bad GTIN-8" 1 "$HANGVIET" lookup --state "$S" 04252614

# With the sample catalog.
check "import the sample catalog" "$HANGVIET" catalog import --state "$S" "$SRCDIR/data/sample-catalog.csv"
check "lookup from the catalog" "$HANGVIET" lookup --state "$S" --province thai-nguyen \
	8859900000007 8937777700012 8936000100018 0364200000018
is "catalog lines" "$OUT" "8859900000007    domestic VN catalog Nước tăng lực Red Bull (sản xuất tại Bình Dương)
8937777700012    imported CN catalog Nồi cơm điện Sunhouse
8936000100018    domestic VN catalog Trà Tân Cương Hoàng Bình
0364200000018    imported US catalog Khăn giấy Kleenex"

OUT=$(printf '8936000100018\n\n8936000100056\r\n' | "$HANGVIET" lookup --state "$S" --province thai-nguyen --format json - 2>&1)
_result $? "json from standard input"
is "json lines: OCOP stars, lapsed certificate, local" "$OUT" \
'{"code":"8936000100018","ok":true,"class":"domestic","country":"VN","basis":"catalog","ocop":5,"local":true,"vn_brand":true,"name":"Trà Tân Cương Hoàng Bình","gtin":"8936000100018","dup":false}
{"code":"8936000100056","ok":true,"class":"domestic","country":"VN","basis":"catalog","ocop":0,"local":true,"vn_brand":true,"name":"Trà xanh Khe Cốc","gtin":"8936000100056","dup":false}'

OUT=$("$HANGVIET" lookup --state "$S" --format json '(01)08932000000013(10)L1' 2>&1)
contains "GS1 element string looks up its GTIN" "$OUT" '"name":"Mì Hảo Hảo tôm chua cay"'
contains "made in Vietnam by a Japanese brand" "$OUT" '"class":"domestic","country":"VN","basis":"catalog","ocop":0,"local":false,"vn_brand":false'

OUT=$("$HANGVIET" lookup --state "$S" --format json 12345 2>&1)
is "json: a code that is no GTIN" "$OUT" '{"code":"12345","ok":true,"class":"unknown","country":"","basis":"none","ocop":0,"local":false,"vn_brand":false,"name":"","gtin":"","dup":false,"note":"wrong length: a GTIN has 8, 12, 13 or 14 digits"}'

OUT=$("$HANGVIET" lookup --state "$S" 20010010 2>&1)
is "in-store code from the catalog" "$OUT" "20010010         domestic VN store   Bánh mì que"
# A store code from the catalog: tagged by its row, still noted as no GTIN.
printf 'gtin,code,name,made_in,category\n,BANHMI-01,Bánh mì Hội An,VN,bakery\n' >"$TMP/codes.csv"
check "import a catalog of store codes" "$HANGVIET" catalog import --state "$S" "$TMP/codes.csv"
exits "lookup of a store code: exit 1 (not a GTIN)" 1 "$HANGVIET" lookup --state "$S" BANHMI-01
is "tagged from its catalog row" "$OUT" \
	"$(printf 'BANHMI-01        domestic VN catalog Bánh mì Hội An\t(the code has characters other than digits)')"

# Provinces through the 2025 merger. A store configured with a former id
# (Bắc Kạn, now part of Thái Nguyên) is told so, and Thái Nguyên's tea is
# local there; a catalog row written before with a former id is local too.
check "the sample catalog again" "$HANGVIET" catalog import --state "$S" "$SRCDIR/data/sample-catalog.csv"
OUT=$("$HANGVIET" lookup --state "$S" --province bac-kan --format json 8936000100018 2>&1)
_result $? "lookup with a former province id"
contains "a warning says what the former id is read as" "$OUT" \
	'"bac-kan" (Bắc Kạn) is a former province: read as thai-nguyen (Thái Nguyên)'
contains "Thái Nguyên's tea is local in a Bắc Kạn store" "$OUT" '"ocop":5,"local":true'
python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("UPDATE product SET province = ? WHERE gtin = ?", ("bac-kan", "8936000100018")); db.commit()' "$S/catalog.db"
_result $? "an older catalog row names bac-kan"
OUT=$("$HANGVIET" lookup --state "$S" --province thai-nguyen --format json 8936000100018 2>&1)
contains "that product is local in Thái Nguyên" "$OUT" '"local":true'
OUT=$("$HANGVIET" lookup --state "$S" --province bac-ninh --format json 8936000100018 2>&1)
contains "and not in Bắc Ninh" "$OUT" '"local":false'
exits "an unknown province id is a usage error" 2 "$HANGVIET" lookup --state "$S" --province bac-can 8936000100018
contains "it names the nearest ids" "$OUT" 'no province has the id "bac-can" (the nearest are bac-kan, '

done_testing
