/*
 * test_sale.c -- a cloud POS sale becomes the events the rules say
 * (plugin/sale.h): the sale's discount split over the lines to the đồng,
 * weighed lines one item, returns negative, revisions' transaction ids,
 * cancels at the time of the change, and a fingerprint that changes with
 * the content only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sale.h"

static void
s_line(hv_sale_t *s, const char *code, double q, int64_t amount)
{
	hv_sale_line_t *l = hv_sale_add_line(s);
	assert_non_null(l);
	strcpy(l->code, code);
	l->quantity = q;
	l->amount = amount;
}

static void
split_rounds_down_then_gives_largest_lines_the_rest(void **state)
{
	hv_sale_t s = {0};
	int64_t a[3];

	(void)state;
	s_line(&s, "A", 1, 10000);
	s_line(&s, "B", 1, 20000);
	s_line(&s, "C", 1, 30000);
	s.discount = 1001; /* shares 166, 333, 500: 2 left, to C then B */
	hv_sale_amounts(&s, a);
	assert_int_equal(a[0], 9834);
	assert_int_equal(a[1], 19666);
	assert_int_equal(a[2], 29499);
	assert_int_equal(a[0] + a[1] + a[2], 60000 - 1001);
	hv_sale_free(&s);
}

static void
split_gives_equal_lines_the_rest_earlier_first(void **state)
{
	hv_sale_t s = {0};
	int64_t a[3];

	(void)state;
	s_line(&s, "A", 1, 5000);
	s_line(&s, "B", 1, 5000);
	s_line(&s, "C", 1, 5000);
	s.discount = 2; /* shares 0, 0, 0: one each to A and B */
	hv_sale_amounts(&s, a);
	assert_int_equal(a[0], 4999);
	assert_int_equal(a[1], 4999);
	assert_int_equal(a[2], 5000);
	s.discount = 99999; /* more than the sale: all of it */
	hv_sale_amounts(&s, a);
	assert_int_equal(a[0] + a[1] + a[2], 0);
	hv_sale_free(&s);
}

static void
weighed_lines_are_one_item(void **state)
{
	(void)state;
	assert_int_equal(hv_sale_items(0.42), 1);
	assert_int_equal(hv_sale_items(2.5), 1);
	assert_int_equal(hv_sale_items(3.0), 3);
	assert_int_equal(hv_sale_items(-2.0), 2);
	assert_int_equal(hv_sale_items(250000), HV_QTY_MAX);
}

typedef struct {
	hv_request_t r[8];
	int n;
} got_t;

static int
s_keep(void *arg, const hv_request_t *req)
{
	got_t *g = arg;
	g->r[g->n++] = *req;
	return 0;
}

static void
a_return_is_negative_lines_then_an_end(void **state)
{
	hv_sale_t s = {0};
	got_t g = {.n = 0};

	(void)state;
	hv_sale_set_txn(&s, "TH000045", "45");
	s.ts = 1796000000000;
	s.is_return = true;
	s.has_total = true;
	s.total = 62500;
	s_line(&s, "8936045900011", 2, 40000);
	s_line(&s, "RAU-MUONG", 0.5, 22500);
	assert_int_equal(hv_sale_events(&s, "st-01", 900, 2, s_keep, &g), 0);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.r[0].op, HV_OP_SCAN);
	assert_string_equal(g.r[0].txn, "TH000045~2");
	assert_int_equal(g.r[0].line, 1);
	assert_int_equal(g.r[0].qty, -2);
	assert_int_equal(g.r[0].amount, -40000);
	assert_int_equal(g.r[1].qty, -1);
	assert_int_equal(g.r[1].amount, -22500);
	assert_int_equal(g.r[1].ts, 1796000000000);
	assert_int_equal(g.r[2].op, HV_OP_END);
	assert_int_equal(g.r[2].total, -62500);
	assert_int_equal(g.r[2].lane, 900);
	hv_sale_free(&s);
}

static void
a_cancel_carries_the_time_of_the_change(void **state)
{
	hv_sale_t s = {0};
	hv_request_t r;

	(void)state;
	hv_sale_set_txn(&s, "HD\x01" "bad", "123456");
	s.ts = 1000;
	s.changed = 5000;
	hv_sale_cancel(&s, "st-01", 7, 1, &r);
	assert_int_equal(r.op, HV_OP_CANCEL);
	assert_string_equal(r.txn, "123456"); /* not printable ASCII: the id instead */
	assert_int_equal(r.ts, 5000);
}

static void
the_fingerprint_follows_the_content(void **state)
{
	hv_sale_t s = {0};

	(void)state;
	strcpy(s.branch, "11");
	s_line(&s, "A", 1, 1000);
	uint64_t f1 = hv_sale_fingerprint(&s);
	s.status = HV_SALE_CANCELLED;
	s.changed = 99;
	assert_true(hv_sale_fingerprint(&s) == f1); /* status and change time are not content */
	s.lines[0].quantity = 2;
	assert_true(hv_sale_fingerprint(&s) != f1);
	s.lines[0].quantity = 1;
	s.discount = 1;
	assert_true(hv_sale_fingerprint(&s) != f1);
	hv_sale_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(split_rounds_down_then_gives_largest_lines_the_rest),
	    cmocka_unit_test(split_gives_equal_lines_the_rest_earlier_first),
	    cmocka_unit_test(weighed_lines_are_one_item),
	    cmocka_unit_test(a_return_is_negative_lines_then_an_end),
	    cmocka_unit_test(a_cancel_carries_the_time_of_the_change),
	    cmocka_unit_test(the_fingerprint_follows_the_content),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
