# Turn data/country-names.tsv into src/core/country_names_table.c: every
# slug of a country's name with its ISO code, as a C array sorted by slug
# (bsearch). Fails (exit 1) on a malformed, unsorted or repeated row,
# naming its line.
BEGIN {
	FS = "\t"
	n = 0
	last = ""
	print "/* Made by country-names.awk from data/country-names.tsv: do not edit. */"
	print "#include \"country.h\""
	print ""
	print "const hv_country_name_t hv_country_names[] = {"
}
/^#/ || /^[ \t]*$/ { next }
{
	if (NF != 2 || $1 !~ /^[a-z0-9]+(-[a-z0-9]+)*$/ || $2 !~ /^[A-Z][A-Z]$/) {
		printf "country-names.tsv:%d: expected SLUG CODE\n", NR > "/dev/stderr"
		exit 1
	}
	if ($1 <= last) {
		printf "country-names.tsv:%d: %s is out of order or repeated\n", NR, $1 > "/dev/stderr"
		exit 1
	}
	last = $1
	printf "    {\"%s\", \"%s\"},\n", $1, $2
	n++
}
END {
	print "};"
	printf "const unsigned hv_country_names_count = %d;\n", n
}
