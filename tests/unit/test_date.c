/*
 * test_date.c -- YYYY-MM-DD dates: real calendar days only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <time.h>

#include "date.h"

static void
valid_dates(void **state)
{
	(void)state;
	int d;
	char buf[11];
	assert_int_equal(hv_date_parse("2026-11-26", &d), 0);
	assert_int_equal(d, 20261126);
	assert_string_equal(hv_date_format(d, buf), "2026-11-26");
	assert_int_equal(hv_date_parse("2024-02-29", &d), 0); /* leap year */
	assert_int_equal(hv_date_parse("2000-02-29", &d), 0); /* 400-year leap */
	assert_int_equal(hv_date_parse("2026-12-31", &d), 0);
}

static void
invalid_dates(void **state)
{
	(void)state;
	int d;
	const char *bad[] = {"2026-02-29", "1900-02-29", "2026-02-30", "2026-04-31", "2026-13-01",
	    "2026-00-10", "2026-01-00", "2026-1-5", "26-11-2026", "2026/11/26", "2026-11-26x", "",
	    "1969-12-31", "abcd-ef-gh"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (hv_date_parse(bad[i], &d) != -1)
			fail_msg("\"%s\" accepted", bad[i]);
	assert_int_equal(hv_date_parse(NULL, &d), -1);
}

static void
local_date_follows_tz(void **state)
{
	(void)state;
	/* 2026-11-25 18:30 UTC is already the 26th in Hà Nội (UTC+7). */
	time_t t = 1795631400;
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	assert_int_equal(hv_date_local(t), 20261126);
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(hv_date_local(t), 20261125);
}

static void
midnight_is_the_local_day_start(void **state)
{
	(void)state;
	/* 2026-11-25 18:30 UTC: in Hà Nội the day began at 17:00 UTC on the
	 * 25th; in UTC at 00:00 on the 25th. */
	int64_t t = 1795631400LL * 1000 + 123;
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	assert_int_equal(hv_date_midnight_ms(t), 1795626000LL * 1000);
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(hv_date_midnight_ms(t), 1795564800LL * 1000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_dates),
	    cmocka_unit_test(invalid_dates),
	    cmocka_unit_test(local_date_follows_tz),
	    cmocka_unit_test(midnight_is_the_local_day_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
