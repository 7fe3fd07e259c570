# Turn data/gs1-prefixes.tsv into src/prefix_table.c: the GS1 prefix ranges as
# a C array sorted by first prefix. Fails (exit 1) on a malformed, unsorted
# or overlapping row, naming its line.
BEGIN {
	FS = "\t"
	last = -1
	print "/* Generated from data/gs1-prefixes.tsv by src/prefix-table.awk. Do not edit. */"
	print "#include \"prefix.h\""
	print ""
	print "const hv_prefix_range_t hv_prefix_table[] = {"
}
/^#/ || /^[ \t]*$/ { next }
{
	if (NF != 4 || $1 !~ /^[0-9][0-9][0-9]$/ || $2 !~ /^[0-9][0-9][0-9]$/ ||
	    ($3 != "-" && $3 !~ /^[A-Z][A-Z]$/)) {
		printf "gs1-prefixes.tsv:%d: expected FIRST LAST COUNTRY USAGE\n", NR > "/dev/stderr"
		exit 1
	}
	first = $1 + 0; lst = $2 + 0
	if (first > lst || first <= last) {
		printf "gs1-prefixes.tsv:%d: range %s-%s is reversed or overlaps the one before\n", NR, $1, $2 > "/dev/stderr"
		exit 1
	}
	last = lst
	usage = $4
	gsub(/\\/, "\\\\", usage)
	gsub(/"/, "\\\"", usage)
	printf "\t{%d, %d, \"%s\", \"%s\"},\n", first, lst, ($3 == "-" ? "" : $3), usage
	n++
}
END {
	print "};"
	printf "const size_t hv_prefix_table_len = %d;\n", n
}
