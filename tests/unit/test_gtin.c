/*
 * test_gtin.c -- reading scanned strings as GTINs: every length, check
 * digits, UPC-E expansion, GS1 element strings, restricted circulation.
 * Expected values are real or hand-computed barcodes, written out here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "gtin.h"

/* Parse CODE and check the normalised GTIN, prefix and restricted flag. */
static void
s_expect(const char *code, hv_sym_t sym, const char *gtin, int prefix, bool restricted)
{
	hv_gtin_t g;
	const char *why = NULL;
	int rc = hv_gtin_parse(code, sym, &g, &why);
	if (rc != 0)
		fail_msg("%s: %s", code, why);
	assert_string_equal(g.gtin, gtin);
	assert_int_equal(g.prefix, prefix);
	assert_int_equal(g.restricted, restricted);
}

static void
s_expect_bad(const char *code, hv_sym_t sym, const char *reason_part)
{
	hv_gtin_t g;
	const char *why = NULL;
	assert_int_equal(hv_gtin_parse(code, sym, &g, &why), -1);
	assert_non_null(why);
	if (strstr(why, reason_part) == NULL)
		fail_msg("%s: reason \"%s\" lacks \"%s\"", code, why, reason_part);
}

static void
ean13_valid_vietnamese_and_foreign(void **state)
{
	(void)state;
	s_expect("8935049500018", HV_SYM_ANY, "8935049500018", 893, false);
	s_expect("8850006330012", HV_SYM_EAN13, "8850006330012", 885, false);
	s_expect("4006381333931", HV_SYM_ANY, "4006381333931", 400, false);
	s_expect("6901234567892", HV_SYM_ANY, "6901234567892", 690, false);
}

static void
ean13_bad_check_digit_rejected(void **state)
{
	(void)state;
	s_expect_bad("8935049500015", HV_SYM_ANY, "check digit");
	s_expect_bad("4006381333932", HV_SYM_ANY, "check digit");
}

static void
gtin8_own_prefix(void **state)
{
	(void)state;
	/* An EAN-8 starting 893 is Vietnamese: its own first three digits. */
	s_expect("89350003", HV_SYM_ANY, "0000089350003", 893, false);
	s_expect("89350003", HV_SYM_EAN8, "0000089350003", 893, false);
	s_expect_bad("89350004", HV_SYM_ANY, "check digit");
}

static void
gtin8_starting_0_or_2_is_in_store(void **state)
{
	(void)state;
	s_expect("20123451", HV_SYM_ANY, "0000020123451", 201, true);
	s_expect("00123457", HV_SYM_ANY, "0000000123457", 1, true);
}

static void
upca_valid_and_invalid(void **state)
{
	(void)state;
	/* UPC-A: the GS1 prefix is 0 followed by its first two digits. */
	s_expect("036000291452", HV_SYM_ANY, "0036000291452", 3, false);
	s_expect("036000291452", HV_SYM_UPCA, "0036000291452", 3, false);
	s_expect_bad("036000291453", HV_SYM_ANY, "check digit");
}

static void
upce_expanded_to_upca(void **state)
{
	(void)state;
	/* 0425261 4 expands to 042100005264 (data digit 1: manufacturer
	 * X1 X2 X6 0 0, item 0 0 X3 X4 X5). */
	s_expect("04252614", HV_SYM_UPCE, "0042100005264", 4, false);
	s_expect_bad("04252615", HV_SYM_UPCE, "check digit");
	s_expect_bad("24252614", HV_SYM_UPCE, "UPC-E");
	/* Without the symbology it is a GTIN-8, whose check digit differs. */
	s_expect_bad("04252614", HV_SYM_ANY, "check digit");
}

static void
upce_each_expansion_rule(void **state)
{
	(void)state;
	/* Last data digit 3: manufacturer X1 X2 X3 0 0, item 0 0 0 X4 X5:
	 * 0 123453 -> 0 12300 00045, check 1 (the UPC-A's, by hand). */
	s_expect("01234531", HV_SYM_UPCE, "0012300000451", 1, false);
	/* 4: X1..X4 0 / 0000 X5: 0 123454 -> 0 12340 00005, check 3. */
	s_expect("01234543", HV_SYM_UPCE, "0012340000053", 1, false);
	/* 5-9: X1..X5 / 0000 X6: 0 123457 -> 0 12345 00007, check 2. */
	s_expect("01234572", HV_SYM_UPCE, "0012345000072", 1, false);
}

static void
gtin14_keeps_indicator(void **state)
{
	(void)state;
	s_expect("18935049500015", HV_SYM_ANY, "18935049500015", 893, false);
	/* Indicator 0: a GTIN-13 in a 14-digit field. */
	s_expect("08935049500018", HV_SYM_ANY, "8935049500018", 893, false);
	s_expect_bad("18935049500016", HV_SYM_ANY, "check digit");
}

static void
gs1_element_strings(void **state)
{
	(void)state;
	s_expect("(01)08935049500018(17)271231(10)LOT7", HV_SYM_ANY, "8935049500018", 893, false);
	s_expect("]C10108935049500018", HV_SYM_ANY, "8935049500018", 893, false);
	/* Batch first (variable length, ended by FNC1), then the GTIN. */
	s_expect("]d210LOT7\x1d"
	         "0108935049500018",
	    HV_SYM_ANY, "8935049500018", 893, false);
	s_expect(
	    "0108935049500018172712311012", HV_SYM_GS1_DATAMATRIX, "8935049500018", 893, false);
	/* Expiry date before the GTIN: fixed-length AI 17, no separator. */
	s_expect("17271231"
	         "0118935049500015",
	    HV_SYM_GS1_128, "18935049500015", 893, false);
	s_expect_bad("(01)08935049500015", HV_SYM_ANY, "check digit");
	s_expect_bad("(10)LOT7", HV_SYM_ANY, "AI (01)");
	s_expect_bad("(01)0893504950001", HV_SYM_ANY, "AI (01)");
	s_expect_bad("(01)08935049500018(10", HV_SYM_ANY, "parentheses");
}

static void
wrong_lengths_and_characters(void **state)
{
	(void)state;
	const char *lengths[] = {"1", "1234567", "123456789", "12345678901", "123456789012345"};
	for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++)
		s_expect_bad(lengths[i], HV_SYM_ANY, "wrong length");
	s_expect_bad("89350495000A8", HV_SYM_ANY, "other than digits");
	s_expect_bad("", HV_SYM_ANY, "empty");
	s_expect_bad("   ", HV_SYM_ANY, "empty");
	s_expect_bad("1234567890123456789012345678901234567890123456789", HV_SYM_ANY, "48");
}

static void
scanner_whitespace_trimmed(void **state)
{
	(void)state;
	s_expect("8935049500018\r\n", HV_SYM_ANY, "8935049500018", 893, false);
	s_expect(" ]E08935049500018", HV_SYM_ANY, "8935049500018", 893, false);
}

static void
restricted_ranges(void **state)
{
	(void)state;
	/* 020-029 and 040-049 (UPC-A starting 2 or 4), 200-299. */
	s_expect("212345678909", HV_SYM_ANY, "0212345678909", 21, true);
	s_expect("412345678903", HV_SYM_ANY, "0412345678903", 41, true);
	s_expect("2112340450006", HV_SYM_ANY, "2112340450006", 211, true);
	s_expect("2812340012500", HV_SYM_ANY, "2812340012500", 281, true);
	/* Neighbours that are not restricted: 019, 030, 050, 199 (unassigned),
	 * 300, 400 (GS1 Germany). */
	s_expect("4006381333931", HV_SYM_ANY, "4006381333931", 400, false);
	s_expect("3012345678902", HV_SYM_ANY, "3012345678902", 301, false);
	s_expect("1990000000010", HV_SYM_ANY, "1990000000010", 199, false);
	s_expect("512345678900", HV_SYM_ANY, "0512345678900", 51, false);
}

static void
symbology_names(void **state)
{
	(void)state;
	hv_sym_t s;
	assert_int_equal(hv_sym_from_name("upce", &s), 0);
	assert_int_equal(s, HV_SYM_UPCE);
	assert_int_equal(hv_sym_from_name("gs1-datamatrix", &s), 0);
	assert_int_equal(s, HV_SYM_GS1_DATAMATRIX);
	assert_int_equal(hv_sym_from_name(NULL, &s), 0);
	assert_int_equal(s, HV_SYM_ANY);
	assert_int_equal(hv_sym_from_name("qr", &s), -1);
}

/* What can be a scanned code at all: text, FNC1 inside a GS1 string, up
 * to 48 bytes; not control characters, not broken UTF-8, not empty. */
static void
what_can_be_a_code(void **state)
{
	(void)state;
	char longest[HV_CODE_MAX + 2];
	assert_true(hv_code_is_valid("SKU-0042"));
	assert_true(hv_code_is_valid("Bánh mì 01"));
	assert_true(hv_code_is_valid("]d210LOT7\x1d" "0108935049500018"));
	memset(longest, 'x', HV_CODE_MAX);
	longest[HV_CODE_MAX] = '\0';
	assert_true(hv_code_is_valid(longest));
	longest[HV_CODE_MAX] = 'x';
	longest[HV_CODE_MAX + 1] = '\0';
	assert_false(hv_code_is_valid(longest));
	assert_false(hv_code_is_valid(""));
	assert_false(hv_code_is_valid(NULL));
	assert_false(hv_code_is_valid("a\tb"));
	assert_false(hv_code_is_valid("a\x01" "b"));
	assert_false(hv_code_is_valid("a\x7f"));
	assert_false(hv_code_is_valid("caf\xc3"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ean13_valid_vietnamese_and_foreign),
	    cmocka_unit_test(ean13_bad_check_digit_rejected),
	    cmocka_unit_test(gtin8_own_prefix),
	    cmocka_unit_test(gtin8_starting_0_or_2_is_in_store),
	    cmocka_unit_test(upca_valid_and_invalid),
	    cmocka_unit_test(upce_expanded_to_upca),
	    cmocka_unit_test(upce_each_expansion_rule),
	    cmocka_unit_test(gtin14_keeps_indicator),
	    cmocka_unit_test(gs1_element_strings),
	    cmocka_unit_test(wrong_lengths_and_characters),
	    cmocka_unit_test(scanner_whitespace_trimmed),
	    cmocka_unit_test(restricted_ranges),
	    cmocka_unit_test(symbology_names),
	    cmocka_unit_test(what_can_be_a_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
