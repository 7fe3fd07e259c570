#!/bin/sh
# hangviet catalog import/export: all or nothing, problems by line number,
# export round trip.
. "$(dirname "$0")/lib.sh"
S="$TMP/state"
HDR="gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category"
EXPORT_HDR="$HDR,code,listed" # export adds the store code and listed columns

check "import the sample catalog" "$HANGVIET" catalog import --state "$S" "$SRCDIR/data/sample-catalog.csv"
contains "import says how many" "$OUT" "imported 300 products"
check "export" "$HANGVIET" catalog export --state "$S"
printf '%s\n' "$OUT" >"$TMP/exported.csv"
is "export has the header and 300 rows" "$(wc -l <"$TMP/exported.csv" | tr -d ' ')" 301
is "export's first line is the header" "$(head -n 1 "$TMP/exported.csv")" "$EXPORT_HDR"
# The sample without its comments, GTIN-8 and UPC-A padded to 13 digits as
# GS1 normalises them, no code and not listed, sorted by GTIN as export
# writes it.
grep -v '^#' "$SRCDIR/data/sample-catalog.csv" | tail -n +2 |
	awk -F, -v OFS=, '{ while (length($1) < 13) $1 = "0" $1; print $0 ",,0" }' |
	LC_ALL=C sort >"$TMP/want"
tail -n +2 "$TMP/exported.csv" | LC_ALL=C sort >"$TMP/got"
check "export holds the imported rows" cmp "$TMP/want" "$TMP/got"

check "import the export into a new state" "$HANGVIET" catalog import --state "$TMP/s2" "$TMP/exported.csv"
check "export again" "$HANGVIET" catalog export --state "$TMP/s2"
is "round trip is exact" "$OUT" "$(cat "$TMP/exported.csv")"

# A bad row in the middle: named by line, and nothing changes.
cat >"$TMP/bad.csv" <<CSV
$HDR
8934567000017,Nước mắm,Nam Ngư,VN,VN,0,,,sauce
8934567000024,"Bánh, kẹo",Hải Hà,VN,VN,7,,,snacks
8934567000031,Gạo,ST25,VN,VN,0,,,rice
CSV
exits "a bad row fails the import" 1 "$HANGVIET" catalog import --state "$S" "$TMP/bad.csv"
contains "the problem names file and line" "$OUT" "$TMP/bad.csv:3: ocop \"7\" is not 0, 3, 4 or 5"
contains "says nothing was imported" "$OUT" "nothing was imported"
check "export after the failed import" "$HANGVIET" catalog export --state "$S"
is "catalog unchanged" "$OUT" "$(cat "$TMP/exported.csv")"

# Provinces through the 2025 merger: a former id is kept as the province it
# is part of now, and the import says so; an unknown one is a problem that
# names the nearest ids.
cat >"$TMP/provinces.csv" <<CSV
$HDR
8934567100014,Miến dong Na Rì,HTX Na Rì,VN,VN,3,,bac-kan,noodles
8934567100021,Trà Tân Cương,HTX Tân Cương,VN,VN,4,,thai-nguyen,tea
8934567100038,Mè xửng,Song Hương,VN,VN,0,,thua-thien-hue,snacks
CSV
check "former province ids are imported" "$HANGVIET" catalog import --state "$TMP/s3" "$TMP/provinces.csv"
contains "the import says how many rows name a former province" "$OUT" \
	"2 rows name a former province"
contains "and what the first is read as" "$OUT" "line 2: \"bac-kan\" (Bắc Kạn) is a former province: read as thai-nguyen (Thái Nguyên)"
check "export them" "$HANGVIET" catalog export --state "$TMP/s3"
contains "Bắc Kạn's product is kept as Thái Nguyên's" "$OUT" "8934567100014,Miến dong Na Rì,HTX Na Rì,VN,VN,3,,thai-nguyen,"
contains "Thừa Thiên Huế's is kept as Huế's" "$OUT" "8934567100038,Mè xửng,Song Hương,VN,VN,0,,hue,"
cat >"$TMP/badprov.csv" <<CSV
$HDR
8934567100014,Miến dong,,VN,VN,0,,bac-can,noodles
CSV
exits "an unknown province fails the import" 1 "$HANGVIET" catalog import --state "$TMP/s4" "$TMP/badprov.csv"
contains "the problem names the line and the nearest ids" "$OUT" \
	"$TMP/badprov.csv:2: province: no province has the id \"bac-can\" (the nearest are bac-kan, "

# Many problems: the first 50 shown, then a count.
{
	echo "$HDR"
	i=0
	while [ $i -lt 60 ]; do echo "8934567000017,x,,ZZ,,0,,,"; i=$((i + 1)); done
} >"$TMP/many.csv"
exits "many bad rows fail" 1 "$HANGVIET" catalog import --state "$S" "$TMP/many.csv"
contains "the rest are counted" "$OUT" "and 10 more problems"

# Standard input, --merge.
OUT=$(printf 'gtin,made_in,name\n8934567000017,VN,Mới\n' | "$HANGVIET" catalog import --state "$S" --merge - 2>&1)
_result $? "merge from standard input"
contains "merge adds to the catalog" "$OUT" "(301 in the catalog now)"
exits "a missing file is a failure" 1 "$HANGVIET" catalog import --state "$S" "$TMP/nope.csv"
contains "the missing file is named" "$OUT" "nope.csv"

# A state directory that cannot be created.
touch "$TMP/file"
exits "an unusable state directory is a failure" 1 "$HANGVIET" catalog import --state "$TMP/file/sub" "$TMP/bad.csv"
contains "the directory is named" "$OUT" "$TMP/file/sub"
done_testing
