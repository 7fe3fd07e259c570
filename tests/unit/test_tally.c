/*
 * test_tally.c -- counters of a line, windows aligned to the epoch, and the
 * one merge function: associative and commutative, parts matched by key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "tally.h"

static void
line_counters(void **state)
{
	(void)state;
	hv_counters_t c;
	hv_counters_line(&c, HV_CLASS_IMPORTED, 3, 45000, true, false, -1);
	assert_int_equal(c.v[HV_C_ITEMS_IMP], -3);
	assert_int_equal(c.v[HV_C_VALUE_IMP], -45000);
	assert_int_equal(c.v[HV_C_ITEMS_DOM], 0);
	assert_int_equal(c.v[HV_C_ITEMS_OCOP], -3);
	assert_int_equal(c.v[HV_C_VALUE_OCOP], -45000);
	assert_int_equal(c.v[HV_C_ITEMS_LOCAL], 0);
	assert_int_equal(c.v[HV_C_LINES], -1);
	assert_string_equal(hv_counter_name(HV_C_VALUE_LOCAL), "value_local");
}

static void
windows_aligned_to_the_epoch(void **state)
{
	(void)state;
	hv_tally_t *t = hv_tally_new(60000);
	assert_int_equal(hv_tally_window_start(t, 1795631400123), 1795631400000);
	assert_int_equal(hv_tally_window_start(t, 1795631459999), 1795631400000);
	assert_int_equal(hv_tally_window_start(t, 59999), 0);
	assert_int_equal(hv_tally_window_start(t, -1), -60000);
	hv_tally_destroy(&t);
	assert_null(t);
}

static void
s_window(hv_window_t *w, const char *cat, const char *lane, int64_t items, int64_t rev)
{
	memset(w, 0, sizeof *w);
	w->total.v[HV_C_ITEMS_DOM] = items;
	hv_window_part(w, true, cat)->v[HV_C_ITEMS_DOM] = items;
	hv_window_part(w, false, lane)->v[HV_C_ITEMS_DOM] = items;
	w->rev = rev;
}

static void
merge_is_associative_and_commutative(void **state)
{
	(void)state;
	hv_window_t a, b, c, ab_c = {0}, a_bc = {0}, bc = {0}, cba = {0};
	s_window(&a, "tea", "1", 2, 1);
	s_window(&b, "rice", "1", 3, 4);
	s_window(&c, "tea", "2", 5, 2);

	hv_window_merge(&ab_c, &a);
	hv_window_merge(&ab_c, &b);
	hv_window_merge(&ab_c, &c);
	hv_window_merge(&bc, &b);
	hv_window_merge(&bc, &c);
	hv_window_merge(&a_bc, &a);
	hv_window_merge(&a_bc, &bc);
	hv_window_merge(&cba, &c);
	hv_window_merge(&cba, &b);
	hv_window_merge(&cba, &a);
	hv_window_t *all[] = {&ab_c, &a_bc, &cba};
	for (int i = 0; i < 3; i++) {
		hv_window_t *w = all[i];
		assert_int_equal(w->total.v[HV_C_ITEMS_DOM], 10);
		assert_int_equal(w->rev, 7);
		assert_int_equal(w->ncats, 2);
		assert_string_equal(w->cats[0].key, "rice");
		assert_int_equal(w->cats[0].c.v[HV_C_ITEMS_DOM], 3);
		assert_string_equal(w->cats[1].key, "tea");
		assert_int_equal(w->cats[1].c.v[HV_C_ITEMS_DOM], 7);
		assert_int_equal(w->nlanes, 2);
		assert_int_equal(w->lanes[0].c.v[HV_C_ITEMS_DOM], 5);
		assert_int_equal(w->lanes[1].c.v[HV_C_ITEMS_DOM], 5);
	}
	hv_window_t *ws[] = {&a, &b, &c, &ab_c, &a_bc, &bc, &cba};
	for (int i = 0; i < 7; i++)
		hv_window_clear(ws[i]);
}

static bool
s_drop(hv_window_t *w, void *arg)
{
	(void)w;
	(void)arg;
	return false;
}

static void
apply_ops_and_evict(void **state)
{
	(void)state;
	hv_tally_t *t = hv_tally_new(60000);
	hv_tally_op_t op = {
	    .store = "s1", .t = 120500, .lane = 4, .has_category = true, .category = "tea"};
	hv_counters_line(&op.delta, HV_CLASS_DOMESTIC, 2, 100, false, true, 1);
	assert_int_equal(hv_tally_apply(t, &op), 0);
	op.t = 179999;
	op.has_category = false;
	assert_int_equal(hv_tally_apply(t, &op), 0);
	hv_window_t *w = hv_tally_get(t, "s1", 120000, false);
	assert_non_null(w);
	assert_int_equal(w->total.v[HV_C_ITEMS_DOM], 4);
	assert_int_equal(w->total.v[HV_C_VALUE_LOCAL], 200);
	assert_int_equal(w->rev, 2);
	assert_true(w->dirty);
	assert_int_equal(w->ncats, 1);
	assert_int_equal(w->cats[0].c.v[HV_C_ITEMS_DOM], 2);
	assert_string_equal(w->lanes[0].key, "4");
	assert_null(hv_tally_get(t, "s2", 120000, false));
	assert_int_equal(hv_tally_evict(t, 1 << 30), 0); /* dirty: kept */
	w->dirty = false;
	assert_int_equal(hv_tally_evict(t, 1 << 30), 0); /* not yet published: kept */
	w->published_rev = w->rev;
	assert_int_equal(hv_tally_pending_count(t), 1);
	assert_int_equal(hv_tally_evict(t, 1 << 30), 0); /* still on the to-publish list */
	hv_tally_pending_each(t, s_drop, NULL);
	assert_int_equal(hv_tally_pending_count(t), 0);
	assert_int_equal(hv_tally_evict(t, 1 << 30), 1);
	assert_int_equal(hv_tally_count(t), 0);
	/* Many windows: the table grows and finds them all again. */
	for (int i = 0; i < 5000; i++) {
		op.t = (int64_t)i * 60000;
		assert_int_equal(hv_tally_apply(t, &op), 0);
	}
	assert_int_equal(hv_tally_count(t), 5000);
	for (int i = 0; i < 5000; i++)
		assert_non_null(hv_tally_get(t, "s1", (int64_t)i * 60000, false));
	hv_tally_destroy(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(line_counters),
	    cmocka_unit_test(windows_aligned_to_the_epoch),
	    cmocka_unit_test(merge_is_associative_and_commutative),
	    cmocka_unit_test(apply_ops_and_evict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
