/*
 * test_measure.c -- variable-measure layouts: a price code, a weight code
 * with a price check digit, GS1's published check digit examples, and
 * layouts that must be refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "measure.h"

static void
gs1_price_check_digit_examples(void **state)
{
	(void)state;
	/* GS1 General Specifications 7.9.3 worked examples. */
	assert_int_equal(hv_measure_check_digit("2875", 4), 9);
	assert_int_equal(hv_measure_check_digit("14685", 5), 6);
	assert_int_equal(hv_measure_check_digit("0000", 4), 0);
	assert_int_equal(hv_measure_check_digit("00000", 5), 0);
}

static void
price_code_gives_item_reference_and_price(void **state)
{
	(void)state;
	hv_measure_table_t t = {0};
	hv_measure_t m;
	const char *why;

	assert_int_equal(hv_measure_table_set(&t, "21", "price PPPPPPVVVVVV", &why), 0);
	/* 21 1234 045000 6: item 1234, 45,000 VND. */
	assert_int_equal(hv_measure_decode(&t, "2112340450006", &m, &why), 0);
	assert_int_equal(m.kind, HV_MEASURE_PRICE);
	assert_int_equal(m.value, 45000);
	assert_string_equal(m.itemref, "2112340000003");
}

static void
weight_code_with_price_check_digit(void **state)
{
	(void)state;
	hv_measure_table_t t = {0};
	hv_measure_t m;
	const char *why;

	assert_int_equal(hv_measure_table_set(&t, "28", "weight PPPPPPCVVVVV 3", &why), 0);
	/* 28 1234 7 01250 3: 1.250 kg; 7 is the 5-digit check of 01250. */
	assert_int_equal(hv_measure_decode(&t, "2812347012503", &m, &why), 0);
	assert_int_equal(m.kind, HV_MEASURE_WEIGHT);
	assert_int_equal(m.value, 1250);
	assert_int_equal(m.decimals, 3);
	assert_string_equal(m.itemref, "2812340000002");
	/* Same code with a wrong price check digit (6), GTIN check redone. */
	assert_int_equal(hv_measure_decode(&t, "2812346012504", &m, &why), -1);
	assert_non_null(strstr(why, "price check digit"));
}

static void
prefix_without_layout_is_not_variable(void **state)
{
	(void)state;
	hv_measure_table_t t = {0};
	hv_measure_t m;
	const char *why;

	assert_int_equal(hv_measure_decode(&t, "2112340450006", &m, &why), 0);
	assert_int_equal(m.kind, HV_MEASURE_NONE);
	assert_int_equal(hv_measure_decode(NULL, "2112340450006", &m, &why), 0);
	assert_int_equal(m.kind, HV_MEASURE_NONE);
}

static void
bad_layouts_refused(void **state)
{
	(void)state;
	hv_measure_table_t t = {0};
	const char *why = NULL;
	const char *bad[] = {
	    "price PPPPPPVVVVV",     /* 11 characters */
	    "price PPPPPPVVVVVVV",   /* 13 */
	    "price VPPPPPVVVVVV",    /* prefix not P */
	    "price PPPPVVPPVVVV",    /* two runs of V */
	    "price PPPPPPPPPPPP",    /* no value */
	    "price PPPPPCVVVVVV",    /* C with a 6-digit value */
	    "price PPPPPPXVVVVV",    /* X */
	    "weight PPPPPPCVVVVV",   /* no decimals */
	    "weight PPPPPPCVVVVV 9", /* too many decimals */
	    "volume PPPPPPCVVVVV 3",
	    "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		if (hv_measure_table_set(&t, "21", bad[i], &why) != -1)
			fail_msg("layout \"%s\" was accepted", bad[i]);
		assert_non_null(why);
	}
	assert_int_equal(hv_measure_table_set(&t, "89", "price PPPPPPVVVVVV", &why), -1);
	assert_int_equal(hv_measure_table_set(&t, "2", "price PPPPPPVVVVVV", &why), -1);
	/* Nothing was set by the failures. */
	for (int p = 0; p < 100; p++)
		assert_int_equal(t.by_prefix[p].kind, HV_MEASURE_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(gs1_price_check_digit_examples),
	    cmocka_unit_test(price_code_gives_item_reference_and_price),
	    cmocka_unit_test(weight_code_with_price_check_digit),
	    cmocka_unit_test(prefix_without_layout_is_not_variable),
	    cmocka_unit_test(bad_layouts_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
