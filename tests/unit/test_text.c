/*
 * test_text.c -- UTF-8 checks on names from CSV files and the wire, and the
 * display widths reports align text by.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text.h"

static void
clean_utf8(void **state)
{
	(void)state;
	const char *good[] = {"Trà Thái Nguyên", "Bánh, kẹo Hải Hà", "tab\there", "", "€ 😀"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!hv_text_is_clean_utf8(good[i], strlen(good[i])))
			fail_msg("\"%s\" refused", good[i]);
}

static void
broken_utf8_and_controls(void **state)
{
	(void)state;
	const char *bad[] = {
	    "\xc3\x28",         /* bad continuation */
	    "\xc0\xaf",         /* overlong */
	    "\xe0\x80\xaf",     /* overlong, 3 bytes */
	    "\xed\xa0\x80",     /* surrogate */
	    "\xf4\x90\x80\x80", /* past U+10FFFF */
	    "\xe1\xba",         /* cut short */
	    "line\nbreak",
	    "bell\x07",
	    "del\x7f",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (hv_text_is_clean_utf8(bad[i], strlen(bad[i])))
			fail_msg("case %zu accepted", i);
	assert_false(hv_text_is_clean_utf8("a\0b", 3));
}

static void
bounded_copy(void **state)
{
	(void)state;
	char buf[4];
	assert_int_equal(hv_text_copy(buf, sizeof buf, "abc"), 0);
	assert_string_equal(buf, "abc");
	assert_int_equal(hv_text_copy(buf, sizeof buf, "abcd"), -1);
	assert_string_equal(buf, "");
}

static void
display_width(void **state)
{
	(void)state;
	assert_int_equal(hv_text_width(""), 0);
	assert_int_equal(hv_text_width("items"), 5);
	assert_int_equal(hv_text_width("giá trị ₫"), 9);        /* NFC: one column a letter */
	assert_int_equal(hv_text_width("gia\xcc\x81 tri\xcc\xa3"), 7); /* NFD: marks take none */
	assert_int_equal(hv_text_width("價格"), 4);              /* wide */
	assert_int_equal(hv_text_width("a\xff" "b"), 3);           /* a stray byte: one column */
}

static void
fit_in_columns(void **state)
{
	(void)state;
	assert_int_equal(hv_text_fit("địa phương", 3), strlen("địa"));
	assert_int_equal(hv_text_fit("abc", 10), 3);
	/* a combining mark stays with its letter */
	assert_int_equal(hv_text_fit("ti\xcc\xa3x", 2), 4);
	assert_int_equal(hv_text_fit("價格", 3), 3); /* a wide character is not split */
	assert_int_equal(hv_text_fit("abc", 0), 0);
}

static void
slugs(void **state)
{
	(void)state;
	char out[64];
	struct {
		const char *in, *want;
	} cases[] = {
	    {"Việt Nam", "viet-nam"},
	    {"Côte d'Ivoire", "cote-d-ivoire"},
	    {"  Đắk Lắk ", "dak-lak"},
	    {"Thừa Thiên Huế", "thua-thien-hue"},
	    {"Viê\xcc\x82t Nam", "viet-nam"}, /* decomposed: the mark is dropped */
	    {"Türkiye", "turkiye"},
	    {"ÆØ-x", "x"},         /* letters that do not decompose separate */
	    {"United States of America", "united-states-of-america"},
	    {"---", ""},
	    {"a\xff\xfe" "b", "a-b"}, /* bytes that are not UTF-8 separate too */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(hv_text_slug(cases[i].in, out, sizeof out), 0);
		assert_string_equal(out, cases[i].want);
	}
	assert_int_equal(hv_text_slug("abcdef", out, 6), -1); /* 6 letters and a NUL */
	assert_string_equal(out, "");
	assert_int_equal(hv_text_slug("abcde", out, 6), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(clean_utf8),
	    cmocka_unit_test(broken_utf8_and_controls),
	    cmocka_unit_test(bounded_copy),
	    cmocka_unit_test(slugs),
	    cmocka_unit_test(display_width),
	    cmocka_unit_test(fit_in_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
