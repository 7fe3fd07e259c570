/*
 * test_intake.c -- the product hours an office queues before keeping them:
 * first in, first out, each with its upstream, and no more bytes than the
 * bound (a body past it is refused, so the office keeps it at once).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "intake.h"

static void
bodies_come_out_in_order_with_their_upstream(void **state)
{
	(void)state;
	hv_intake_t *q = hv_intake_new(1 << 20);
	size_t len;
	int from;

	assert_non_null(q);
	assert_null(hv_intake_peek(q, &len, &from));
	assert_int_equal(hv_intake_push(q, 3, "first", 5), 0);
	assert_int_equal(hv_intake_push(q, 7, "second!", 7), 0);
	assert_int_equal(hv_intake_count(q), 2);
	assert_int_equal(hv_intake_bytes(q), 12);
	const char *b = hv_intake_peek(q, &len, &from);
	assert_int_equal(len, 5);
	assert_int_equal(from, 3);
	assert_memory_equal(b, "first", 5);
	hv_intake_pop(q);
	b = hv_intake_peek(q, &len, &from);
	assert_int_equal(from, 7);
	assert_memory_equal(b, "second!", 7);
	hv_intake_pop(q);
	assert_null(hv_intake_peek(q, &len, &from));
	assert_int_equal(hv_intake_bytes(q), 0);
	hv_intake_pop(q); /* nothing: harmless */
	assert_int_equal(hv_intake_push(q, 1, "again", 5), 0); /* empty, then used again */
	assert_int_equal(hv_intake_count(q), 1);
	hv_intake_destroy(&q); /* frees what waits */
	assert_null(q);
}

static void
a_body_past_the_bound_is_refused(void **state)
{
	(void)state;
	hv_intake_t *q = hv_intake_new(10);
	char big[11] = {0};

	assert_int_equal(hv_intake_push(q, 0, big, 6), 0);
	assert_int_equal(hv_intake_push(q, 0, big, 5), -1); /* 11 > 10 */
	assert_int_equal(hv_intake_push(q, 0, big, 4), 0);  /* exactly 10 */
	assert_int_equal(hv_intake_count(q), 2);
	hv_intake_pop(q);
	assert_int_equal(hv_intake_push(q, 0, big, 6), 0); /* room again */
	hv_intake_destroy(&q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bodies_come_out_in_order_with_their_upstream),
	    cmocka_unit_test(a_body_past_the_bound_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
