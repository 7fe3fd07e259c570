/*
 * test_json.c -- JSON strings: escapes where JSON needs them, UTF-8 as is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "json.h"

static void
s_expect(const char *in, const char *want)
{
	char buf[256];
	FILE *f = fmemopen(buf, sizeof buf, "w");
	hv_json_string(f, in);
	fclose(f);
	assert_string_equal(buf, want);
}

static void
escapes(void **state)
{
	(void)state;
	s_expect("Trà \"Thái\" Nguyên", "\"Trà \\\"Thái\\\" Nguyên\"");
	s_expect("a\\b\n\t\x01", "\"a\\\\b\\n\\t\\u0001\"");
	s_expect("", "\"\"");
	s_expect(NULL, "null");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
