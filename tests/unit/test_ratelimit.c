/*
 * test_ratelimit.c -- at most CALLS in any PERIOD (plugin/ratelimit.h):
 * the next call waits until the oldest of the window leaves it; a
 * vendor's pause and a full call-limit bucket make it wait longer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ratelimit.h"

static void
a_full_window_waits_for_its_oldest_call(void **state)
{
	hv_ratelimit_t *r = hv_ratelimit_new(3, 10);

	(void)state;
	assert_int_equal(hv_ratelimit_wait_ms(r, 0), 0);
	hv_ratelimit_note(r, 1000);
	hv_ratelimit_note(r, 2000);
	assert_int_equal(hv_ratelimit_wait_ms(r, 2500), 0);
	hv_ratelimit_note(r, 3000);
	assert_int_equal(hv_ratelimit_wait_ms(r, 3000), 8000); /* 1000 + 10 s */
	assert_int_equal(hv_ratelimit_wait_ms(r, 11000), 0);
	hv_ratelimit_note(r, 11000);
	assert_int_equal(hv_ratelimit_wait_ms(r, 11000), 1000); /* now 2000 is the oldest */
	hv_ratelimit_free(&r);
	assert_null(r);
}

static void
pauses_and_full_buckets_wait_longer(void **state)
{
	hv_ratelimit_t *r = hv_ratelimit_new(0, 0); /* no window */

	(void)state;
	hv_ratelimit_note(r, 0);
	assert_int_equal(hv_ratelimit_wait_ms(r, 0), 0);
	hv_ratelimit_pause(r, 100, 5000); /* Retry-After: 5 */
	assert_int_equal(hv_ratelimit_wait_ms(r, 1100), 4000);
	hv_ratelimit_pause(r, 1100, 10); /* a shorter pause does not shorten it */
	assert_int_equal(hv_ratelimit_wait_ms(r, 1100), 4000);
	hv_ratelimit_observe(r, 6000, "32/80");
	assert_int_equal(hv_ratelimit_wait_ms(r, 6000), 0);
	hv_ratelimit_observe(r, 6000, "79/80");
	assert_int_equal(hv_ratelimit_wait_ms(r, 6000), 1000);
	hv_ratelimit_observe(r, 9000, "garbage");
	assert_int_equal(hv_ratelimit_wait_ms(r, 9000), 0);
	hv_ratelimit_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_full_window_waits_for_its_oldest_call),
	    cmocka_unit_test(pauses_and_full_buckets_wait_longer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
