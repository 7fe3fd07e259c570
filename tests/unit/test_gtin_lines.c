/*
 * test_gtin_lines.c -- an import's GTINs and their lines: a GTIN taken
 * twice is named with its first line, lengths keep GTINs apart, and a
 * million of them are all found again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "gtin_lines.h"

static void
second_time_names_the_first_line(void **state)
{
	(void)state;
	hv_gtin_lines_t *m = hv_gtin_lines_new();
	long first = 0;

	assert_int_equal(hv_gtin_lines_add(m, "8935049500018", 2, &first), 0);
	assert_int_equal(hv_gtin_lines_add(m, "8850006330012", 3, &first), 0);
	assert_int_equal(hv_gtin_lines_add(m, "8935049500018", 9, &first), 1);
	assert_int_equal(first, 2);
	/* The same digits at another length are another GTIN. */
	assert_int_equal(hv_gtin_lines_add(m, "08935049500018", 10, &first), 0);
	assert_int_equal(hv_gtin_lines_add(m, "", 11, &first), -1);
	assert_int_equal(hv_gtin_lines_add(m, "89350495x0018", 12, &first), -1);
	assert_int_equal(hv_gtin_lines_add(m, "123456789012345", 13, &first), -1);
	hv_gtin_lines_destroy(&m);
	assert_null(m);
}

static void
a_million_found_again(void **state)
{
	(void)state;
	hv_gtin_lines_t *m = hv_gtin_lines_new();
	char gtin[16];
	long first = 0;

	for (long i = 0; i < 1000000; i++) {
		snprintf(gtin, sizeof gtin, "893%010ld", i * 7);
		assert_int_equal(hv_gtin_lines_add(m, gtin, i + 2, &first), 0);
	}
	for (long i = 0; i < 1000000; i += 997) {
		snprintf(gtin, sizeof gtin, "893%010ld", i * 7);
		assert_int_equal(hv_gtin_lines_add(m, gtin, 0, &first), 1);
		assert_int_equal(first, i + 2);
	}
	hv_gtin_lines_destroy(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(second_time_names_the_first_line),
	    cmocka_unit_test(a_million_found_again),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
