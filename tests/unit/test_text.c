/*
 * test_text.c -- UTF-8 checks on names from CSV files and the wire.
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(clean_utf8),
	    cmocka_unit_test(broken_utf8_and_controls),
	    cmocka_unit_test(bounded_copy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
