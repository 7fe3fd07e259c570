#!/bin/sh
# hangviet catalog import/export/show: all or nothing, problems by line
# number, export round trip, every source's claim kept and the one of the
# highest precedence winning.
. "$(dirname "$0")/lib.sh"
S="$TMP/state"
HDR="gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category"
EXPORT_HDR="$HDR,code,listed,origin_kind,source,confidence" # and the winning claim's provenance

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
	awk -F, -v OFS=, '{ while (length($1) < 13) $1 = "0" $1; print $0 ",,0,made_in,erp,100" }' |
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

# Provenance: Open Food Facts says China, a supplier's sheet says Vietnam
# with a label that only says "packed in", the OCOP list gives stars. The
# supplier's claim wins over OFF's; as only packed in Vietnam the product
# is of unknown origin to the tagger; the stars come from the OCOP list.
P="$TMP/prov"
cat >"$TMP/off.csv" <<CSV
gtin,name,made_in,source,confidence,evidence
8936000000011,Green tea,CN,off,40,manufacturing_places_tags: en:china
CSV
cat >"$TMP/supplier.csv" <<CSV
gtin,name,made_in,origin_kind,confidence,evidence
8936000000011,Trà xanh,VN,packed,80,"Đóng gói tại Việt Nam"
CSV
cat >"$TMP/ocop.csv" <<CSV
gtin,made_in,ocop,ocop_until,province,source,evidence
8936000000011,VN,4,2027-12-31,bac-kan,ocop,QĐ 1234/QĐ-UBND
CSV
for f in off supplier ocop; do # the supplier's sheet says no source: --source does
	check "import the $f claims" "$HANGVIET" catalog import --merge --source $f --state "$P" "$TMP/$f.csv"
done
exits "an unknown --source is a usage error" 2 "$HANGVIET" catalog import --source wiki --state "$P" "$TMP/off.csv"
check "show the product's claims" "$HANGVIET" catalog show --state "$P" 8936000000011
contains "the supplier's claim won" "$OUT" "made in VN (packed), as supplier says, confidence 80"
is "claims, the winner first" "$(printf '%s\n' "$OUT" | grep '^  [* ] ' | sed 's/^  \* /*/; s/^ *//' | awk '{print $1, $2}' | tr '\n' ';')" \
	"*supplier VN;ocop VN;off CN;"
contains "each with its evidence" "$OUT" "manufacturing_places_tags: en:china"
check "export the winners" "$HANGVIET" catalog export --state "$P"
is "one row: the supplier's origin, the OCOP list's stars and province" "$(printf '%s\n' "$OUT" | tail -n 1)" \
	"8936000000011,Trà xanh,,VN,,4,2027-12-31,thai-nguyen,,,0,packed,supplier,80"
check "lookup tags it" "$HANGVIET" lookup --state "$P" --format json 8936000000011
contains "only packed in Vietnam: unknown" "$OUT" '"class":"unknown"'
printf 'gtin,made_in\n' >"$TMP/no-supplier.csv"
check "a replacing import of an empty supplier sheet" "$HANGVIET" catalog import --source supplier --state "$P" "$TMP/no-supplier.csv"
check "show again" "$HANGVIET" catalog show --state "$P" 8936000000011
contains "the OCOP list's claim wins now" "$OUT" "made in VN (made_in), as ocop says"
exits "a code not in the catalog" 1 "$HANGVIET" catalog show --state "$P" 8936000000028
contains "is named" "$OUT" "8936000000028 is not in the catalog"

# An OCOP list, as a province publishes it: stars, the certifying province
# (Bắc Kạn's former id: now Thái Nguyên), the decision and the last day.
# Its stars go to the ERP's product; a product with no barcode is keyed by
# its code; a lapsed certificate counts no stars.
O="$TMP/ocop-state"
printf 'gtin,name,made_in,category\n8936000000035,Miến dong,VN,noodles\n' >"$TMP/erp.csv"
check "the ERP's list" "$HANGVIET" catalog import --state "$O" "$TMP/erp.csv"
cat >"$TMP/ocop-list.csv" <<CSV
product,gtin,code,producer,stars,province,decision,valid_until
Miến dong Na Rì,8936000000035,,HTX Na Rì,4,bac-kan,QĐ 1234/QĐ-UBND,2027-12-31
Mật ong bạc hà,,OCOP-MO-01,HTX Đồng Văn,3,thai-nguyen,QĐ 88/QĐ-UBND,2027-06-30
Chè cũ,8936000000042,,HTX Cũ,5,thai-nguyen,QĐ 1/QĐ-UBND,2020-01-01
CSV
check "import the OCOP list" "$HANGVIET" catalog import-ocop --state "$O" "$TMP/ocop-list.csv"
contains "says a former province was read as the one it is part of" "$OUT" "former province"
# (lookup exits 1: one of the codes is not a GTIN)
exits "lookup in a Thái Nguyên store" 1 "$HANGVIET" lookup --state "$O" --province thai-nguyen --format json \
	8936000000035 OCOP-MO-01 8936000000042
is "the ERP's product: 4 stars, local through the merger" \
	"$(printf '%s\n' "$OUT" | sed -n 1p | grep -o '"class":"[a-z]*"\|"ocop":[0-9]\|"local":[a-z]*' | tr '\n' ' ')" \
	'"class":"domestic" "ocop":4 "local":true '
is "the product without a barcode, by its code" \
	"$(printf '%s\n' "$OUT" | sed -n 2p | grep -o '"class":"[a-z]*"\|"ocop":[0-9]' | tr '\n' ' ')" \
	'"class":"domestic" "ocop":3 '
is "a lapsed certificate counts no stars" \
	"$(printf '%s\n' "$OUT" | sed -n 3p | grep -o '"ocop":[0-9]')" '"ocop":0'
check "show the ERP's product" "$HANGVIET" catalog show --state "$O" 8936000000035
contains "the OCOP claim with its decision" "$OUT" "ocop      VN  made_in    100"
contains "and its decision as evidence" "$OUT" "QĐ 1234/QĐ-UBND"
cat >"$TMP/bad-ocop.csv" <<CSV
product,gtin,stars,province,valid_until
Bánh,8936000000059,2,thai-nguyen,2027-01-01
Kẹo,8936000000066,4,thai-nguyen,
Mứt,8936000000073,4,,2027-01-01
Trà,8936000000080,4,nowhere,2027-01-01
CSV
exits "a bad OCOP list fails whole" 1 "$HANGVIET" catalog import-ocop --state "$O" "$TMP/bad-ocop.csv"
contains "stars named by line" "$OUT" "bad-ocop.csv:2: stars \"2\" is not 0, 3, 4 or 5"
contains "a missing last day named by line" "$OUT" "bad-ocop.csv:3: valid_until: the certificate's last day"
contains "a missing province named by line" "$OUT" "bad-ocop.csv:4: province: the province that certified it is missing"
contains "an unknown province named by line" "$OUT" "bad-ocop.csv:5: province:"
printf 'product,gtin,stars\nX,8936000000059,4\n' >"$TMP/no-cols.csv"
exits "an OCOP list without its columns" 1 "$HANGVIET" catalog import-ocop --state "$O" "$TMP/no-cols.csv"
contains "names what it needs" "$OUT" "must name the columns stars, province, valid_until"

# A state directory that cannot be created.
touch "$TMP/file"
exits "an unusable state directory is a failure" 1 "$HANGVIET" catalog import --state "$TMP/file/sub" "$TMP/bad.csv"
contains "the directory is named" "$OUT" "$TMP/file/sub"
done_testing
