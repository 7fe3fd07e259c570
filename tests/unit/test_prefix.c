/*
 * test_prefix.c -- the compiled GS1 prefix table: it holds exactly the rows
 * of data/gs1-prefixes.tsv, and answers for known prefixes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prefix.h"

static void
table_matches_data_file(void **state)
{
	(void)state;
	char path[4096], line[512];
	const char *srcdir = getenv("HV_SRCDIR");
	size_t row = 0;

	snprintf(path, sizeof path, "%s/data/gs1-prefixes.tsv", srcdir ? srcdir : ".");
	FILE *f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof line, f) != NULL) {
		int first, last;
		char country[8], usage[256];
		if (line[0] == '#' || line[0] == '\n')
			continue;
		assert_int_equal(
		    sscanf(line, "%d\t%d\t%7s\t%255[^\n]", &first, &last, country, usage), 4);
		assert_true(row < hv_prefix_table_len);
		const hv_prefix_range_t *r = &hv_prefix_table[row++];
		assert_int_equal(r->first, first);
		assert_int_equal(r->last, last);
		assert_string_equal(r->country, strcmp(country, "-") == 0 ? "" : country);
		assert_string_equal(r->usage, usage);
	}
	fclose(f);
	assert_int_equal(row, hv_prefix_table_len);
}

static void
known_prefixes(void **state)
{
	(void)state;
	struct {
		int prefix;
		const char *country;
	} cases[] = {
	    {893, "VN"},
	    {885, "TH"},
	    {690, "CN"},
	    {699, "CN"},
	    {880, "KR"},
	    {450, "JP"},
	    {499, "JP"},
	    {400, "DE"},
	    {440, "DE"},
	    {0, "US"},
	    {19, "US"},
	    {30, "US"},
	    {139, "US"},
	    {300, "FR"},
	    {955, "MY"},
	    {888, "SG"},
	    {899, "ID"},
	    {884, "KH"},
	    {883, "MM"},
	    {865, "MN"},
	    {20, ""},
	    {29, ""},
	    {40, ""},
	    {49, ""},
	    {50, ""},
	    {200, ""},
	    {299, ""},
	    {952, ""},
	    {977, ""},
	    {978, ""},
	    {979, ""},
	    {980, ""},
	    {981, ""},
	    {990, ""},
	    {999, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const hv_prefix_range_t *r = hv_prefix_find(cases[i].prefix);
		if (r == NULL)
			fail_msg("prefix %03d not found", cases[i].prefix);
		if (strcmp(r->country, cases[i].country) != 0)
			fail_msg("prefix %03d: %s, expected %s", cases[i].prefix, r->country,
			    cases[i].country);
	}
}

static void
unassigned_prefixes_not_found(void **state)
{
	(void)state;
	int unassigned[] = {140, 199, 381, 382, 384, 441, 449, 472, 473, 510, 894, 984, 989};
	for (size_t i = 0; i < sizeof unassigned / sizeof unassigned[0]; i++)
		if (hv_prefix_find(unassigned[i]) != NULL)
			fail_msg("prefix %03d should be unassigned", unassigned[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(table_matches_data_file),
	    cmocka_unit_test(known_prefixes),
	    cmocka_unit_test(unassigned_prefixes_not_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
