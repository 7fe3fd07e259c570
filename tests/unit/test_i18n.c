/*
 * test_i18n.c -- messages in Vietnamese under a Vietnamese locale, from the
 * catalog the build compiled (HANGVIET_LOCALEDIR), English otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static void
vietnamese_under_vi_locale(void **state)
{
	(void)state;
	if (getenv("HANGVIET_LOCALEDIR") == NULL)
		fail_msg("HANGVIET_LOCALEDIR is not set: run through make check");
	setenv("LC_ALL", "vi_VN.UTF-8", 1);
	hv_i18n_init();
	if (setlocale(LC_MESSAGES, NULL) == NULL ||
	    strcmp(setlocale(LC_MESSAGES, NULL), "vi_VN.UTF-8") != 0)
		fail_msg("the vi_VN.UTF-8 locale is missing: run packaging/deps.sh");
	assert_string_equal(_("the check digit is wrong"), "số kiểm tra sai");
	assert_string_equal(_("Commands:"), "Các lệnh:");
}

static void
english_otherwise(void **state)
{
	(void)state;
	setenv("LC_ALL", "C.UTF-8", 1);
	hv_i18n_init();
	assert_string_equal(_("the check digit is wrong"), "the check digit is wrong");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(vietnamese_under_vi_locale),
	    cmocka_unit_test(english_otherwise),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
