/*
 * test_origin.c -- origin kinds and sources: the names catalogs write,
 * DESIGN's precedence (label > erp > supplier > office > ocop > off), and
 * which kinds say where a product was made (made in, assembled) and which
 * only name a last step (bottled, mixed, finished, packed, labelled).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "origin.h"

static void
precedence_is_designs(void **state)
{
	(void)state;
	const char *order[] = {"label", "erp", "supplier", "office", "ocop", "off"};
	hv_source_t prev, s;
	assert_int_equal(hv_source_parse(order[0], &prev), 0);
	for (size_t i = 1; i < sizeof order / sizeof order[0]; i++) {
		assert_int_equal(hv_source_parse(order[i], &s), 0);
		if (!(hv_source_rank(prev) > hv_source_rank(s)))
			fail_msg("%s should win over %s", order[i - 1], order[i]);
		prev = s;
	}
}

static void
names_read_back_and_unknown_ones_refused(void **state)
{
	(void)state;
	hv_origin_kind_t k;
	hv_source_t s;
	char list[256] = "";

	for (int i = 0; i < HV_ORIGIN_KIND_COUNT; i++) {
		assert_int_equal(hv_origin_kind_parse(hv_origin_kind_name((hv_origin_kind_t)i), &k), 0);
		assert_int_equal(k, i);
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
		    hv_origin_kind_name((hv_origin_kind_t)i));
	}
	assert_string_equal(list, hv_origin_kinds_list());
	list[0] = '\0';
	for (int i = 0; i < HV_SOURCE_COUNT; i++) {
		assert_int_equal(hv_source_parse(hv_source_name((hv_source_t)i), &s), 0);
		assert_int_equal(s, i);
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
		    hv_source_name((hv_source_t)i));
	}
	assert_string_equal(list, hv_sources_list());
	assert_int_equal(hv_origin_kind_parse("", &k), 0); /* the column left empty */
	assert_int_equal(k, HV_ORIGIN_MADE_IN);
	assert_int_equal(hv_source_parse("", &s), 0);
	assert_int_equal(s, HV_SOURCE_ERP);
	assert_int_equal(hv_origin_kind_parse("made in", &k), -1);
	assert_int_equal(hv_origin_kind_parse("Packed", &k), -1);
	assert_int_equal(hv_source_parse("wikipedia", &s), -1);
}

static void
only_made_and_assembled_fix_the_origin(void **state)
{
	(void)state;
	assert_true(hv_origin_kind_fixes(HV_ORIGIN_MADE_IN));
	assert_true(hv_origin_kind_fixes(HV_ORIGIN_ASSEMBLED));
	for (int k = HV_ORIGIN_BOTTLED; k < HV_ORIGIN_KIND_COUNT; k++)
		assert_false(hv_origin_kind_fixes((hv_origin_kind_t)k));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(precedence_is_designs),
	    cmocka_unit_test(names_read_back_and_unknown_ones_refused),
	    cmocka_unit_test(only_made_and_assembled_fix_the_origin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
