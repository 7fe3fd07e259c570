# Turn data/provinces.tsv into src/core/province_table.c: every provincial-level
# unit, current and former, as a C array sorted by id, each with the index of
# the unit it is part of now. Fails (exit 1) on a malformed or unsorted row,
# or a `current` that names no current unit, naming its line.
BEGIN {
	FS = "\t"
	n = 0
	last = ""
}
/^#/ || /^[ \t]*$/ { next }
{
	if (NF != 5 || $1 !~ /^[a-z]+(-[a-z]+)*$/ || ($3 != "province" && $3 != "city") ||
	    $4 !~ /^[a-z]+(-[a-z]+)*$/ || ($5 != "-" && $5 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/)) {
		printf "provinces.tsv:%d: expected ID NAME KIND CURRENT SINCE\n", NR > "/dev/stderr"
		exit 1
	}
	if ($1 <= last) {
		printf "provinces.tsv:%d: %s is out of order or repeated\n", NR, $1 > "/dev/stderr"
		exit 1
	}
	if (($1 == $4) != ($5 == "-")) {
		printf "provinces.tsv:%d: a current unit has no since; a former one has one\n", NR > "/dev/stderr"
		exit 1
	}
	last = $1
	id[n] = $1; name[n] = $2; kind[n] = $3; cur[n] = $4; since[n] = $5; line[n] = NR
	at[$1] = n
	n++
}
END {
	if (n == 0) {
		print "provinces.tsv: no rows" > "/dev/stderr"
		exit 1
	}
	for (i = 0; i < n; i++) {
		if (!(cur[i] in at) || cur[at[cur[i]]] != cur[i]) {
			printf "provinces.tsv:%d: %s is not a current unit\n", line[i], cur[i] > "/dev/stderr"
			exit 1
		}
	}
	print "/* Generated from data/provinces.tsv by src/core/province-table.awk. Do not edit. */"
	print "#include \"province.h\""
	print ""
	print "const hv_province_t hv_province_table[] = {"
	for (i = 0; i < n; i++) {
		gsub(/"/, "\\\"", name[i])
		printf "\t{\"%s\", \"%s\", %s, %d, \"%s\"},\n", id[i], name[i],
		    kind[i] == "city" ? "true" : "false", at[cur[i]], since[i] == "-" ? "" : since[i]
	}
	print "};"
	print ""
	print "const size_t hv_province_table_len = sizeof hv_province_table / sizeof hv_province_table[0];"
}
