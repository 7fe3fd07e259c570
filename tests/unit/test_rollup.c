/*
 * test_rollup.c -- the product rollup's hours as they go on the feed: a
 * store's changed hour is taken once with the next revision and its rows,
 * an unchanged one keeps its revision, and history's read of a changed one
 * leaves it changed for the feed; an office keeps an hour only when
 * its revision is above the one held, whole (rows replaced, not added), and
 * its own region hour (store "*") is the sum of the stores' and areas'
 * hours it holds, with how many stores sold each product.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "journal.h"
#include "rollup.h"
#include "testutil.h"

#define HOUR 1790002800000LL /* an hour's start */

static char s_dir[600];
static hv_journal_t *s_j;

static int
s_open(void **state)
{
	char path[700], err[256];
	(void)state;
	snprintf(s_dir, sizeof s_dir, "%s", hv_test_mkdtemp());
	snprintf(path, sizeof path, "%s/journal.db", s_dir);
	s_j = hv_journal_open(path, false, err, sizeof err);
	return s_j != NULL ? 0 : -1;
}

static int
s_close(void **state)
{
	(void)state;
	hv_journal_destroy(&s_j);
	hv_test_rmdir(s_dir);
	return 0;
}

/* A scan of QTY of CODE (domestic, from the catalog) at T, in or out. */
static void
s_line(const char *code, int64_t t, int64_t qty, int sign)
{
	hv_event_t e = {.t = t, .qty = qty, .amount = qty * 1000};
	snprintf(e.store, sizeof e.store, "s1");
	snprintf(e.code, sizeof e.code, "%s", code);
	snprintf(e.tag.gtin, sizeof e.tag.gtin, "%s", code);
	e.tag.cls = HV_CLASS_DOMESTIC;
	e.tag.basis = HV_BASIS_CATALOG;
	assert_int_equal(hv_journal_begin(s_j), 0);
	assert_int_equal(hv_journal_product_add(s_j, &e, sign), 0);
	assert_int_equal(hv_journal_commit(s_j), 0);
}

static int
s_count(const char *store, int64_t hour, void *arg)
{
	(void)store;
	(void)hour;
	++*(int *)arg;
	return 0;
}

static int
s_changed(void)
{
	int n = 0;
	assert_int_equal(hv_rollup_changed_each(s_j, s_count, &n), 0);
	return n;
}

static void
changed_hours_taken_once_with_the_next_revision(void **state)
{
	(void)state;
	hv_rollup_t r = {0};

	s_line("8930000000019", HOUR + 60000, 3, +1);
	s_line("8930000000026", HOUR + 120000, 1, +1);
	assert_int_equal(s_changed(), 1); /* one hour changed */
	assert_int_equal(hv_rollup_take(s_j, "s1", HOUR, &r), 0);
	assert_int_equal(r.rev, 1);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.rows[0].item, "8930000000019");
	assert_int_equal(r.rows[0].qty, 3);
	assert_string_equal(r.rows[0].cls, "domestic");
	assert_int_equal(s_changed(), 0);
	assert_int_equal(hv_rollup_take(s_j, "s1", HOUR, &r), 0); /* again: no change */
	assert_int_equal(r.rev, 1);
	s_line("8930000000019", HOUR + 60000, 3, -1); /* voided: out again */
	assert_int_equal(s_changed(), 1);
	assert_int_equal(hv_rollup_take(s_j, "s1", HOUR, &r), 0);
	assert_int_equal(r.rev, 2);
	assert_int_equal(r.rows[0].qty, 0);
	hv_rollup_clear(&r);
}

static int
s_keep_rev(const hv_rollup_t *r, void *arg)
{
	*(int64_t *)arg = r->rev;
	return 0;
}

/* History's read of a changed hour must not take it from the feed: an
 * office catching up asked for it, but every other subscriber still waits
 * for it live. */
static void
history_leaves_a_changed_hour_for_the_feed(void **state)
{
	(void)state;
	hv_rollup_t r = {0};
	int64_t rev = -1;

	s_line("8930000000019", HOUR + 60000, 3, +1);
	assert_int_equal(hv_rollup_take(s_j, "s1", HOUR, &r), 0);
	assert_int_equal(r.rev, 1);
	s_line("8930000000019", HOUR + 90000, 2, +1); /* changed again */
	assert_int_equal(hv_rollup_each(s_j, HOUR, HOUR + 3600000, NULL, s_keep_rev, &rev), 0);
	assert_int_equal(rev, 2); /* above what the feed sent: whoever holds 1 takes it */
	assert_int_equal(s_changed(), 1); /* and the feed still has it to send */
	assert_int_equal(hv_rollup_take(s_j, "s1", HOUR, &r), 0);
	assert_int_equal(r.rev, 3); /* above what history sent */
	assert_int_equal(r.rows[0].qty, 5);
	assert_int_equal(s_changed(), 0);
	assert_int_equal(hv_rollup_each(s_j, HOUR, HOUR + 3600000, NULL, s_keep_rev, &rev), 0);
	assert_int_equal(rev, 3); /* unchanged since: the same revision */
	hv_rollup_clear(&r);
}

static void
an_office_keeps_the_highest_revision_whole(void **state)
{
	(void)state;
	hv_rollup_t in = {.hour = HOUR, .rev = 5}, out = {0};
	hv_rollup_row_t a = {.item = "8930000000019", .cls = "domestic", .basis = "catalog",
	    .qty = 2, .amount = 2000};
	hv_rollup_row_t b = {.item = "8850000000014", .cls = "imported", .basis = "catalog",
	    .qty = 1, .amount = 9000};

	snprintf(in.store, sizeof in.store, "s2");
	assert_int_equal(hv_rollup_add(&in, &a), 0);
	assert_int_equal(hv_rollup_add(&in, &b), 0);
	assert_int_equal(hv_rollup_keep(s_j, &in), 1);
	assert_int_equal(hv_rollup_keep(s_j, &in), 0); /* the same revision again */
	in.rev = 4;
	in.n = 1;
	assert_int_equal(hv_rollup_keep(s_j, &in), 0); /* older */
	in.rev = 6; /* newer, and only one row: the hour is that row now */
	assert_int_equal(hv_rollup_keep(s_j, &in), 1);
	assert_int_equal(hv_rollup_take(s_j, "s2", HOUR, &out), 0);
	assert_int_equal(out.rev, 6);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.rows[0].qty, 2);
	assert_int_equal(s_changed(), 1); /* only the office's own region hour changed */
	hv_rollup_clear(&in);
	hv_rollup_clear(&out);
}

static int
s_find(const hv_rollup_t *r, const char *item)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->rows[i].item, item) == 0)
			return (int)i;
	return -1;
}

static void
an_office_region_hour_sums_its_stores_and_areas(void **state)
{
	(void)state;
	hv_rollup_t s2 = {.hour = HOUR, .rev = 1}, s3 = {.hour = HOUR, .rev = 1};
	hv_rollup_t area = {.hour = HOUR, .rev = 3}, out = {0};
	hv_rollup_row_t a = {.item = "8930000000019", .cls = "domestic", .basis = "catalog",
	    .qty = 2, .amount = 2000};
	hv_rollup_row_t b = {.item = "8850000000014", .cls = "imported", .basis = "catalog",
	    .qty = 1, .amount = 9000};
	hv_rollup_row_t gone = {.item = "8930000000026", .cls = "domestic", .basis = "catalog",
	    .qty = 0, .amount = 0}; /* sold and voided: no store sold it */

	snprintf(s2.store, sizeof s2.store, "s2");
	snprintf(s3.store, sizeof s3.store, "s3");
	snprintf(area.store, sizeof area.store, "*");
	assert_int_equal(hv_rollup_add(&s2, &a), 0);
	assert_int_equal(hv_rollup_add(&s2, &gone), 0);
	assert_int_equal(hv_rollup_add(&s3, &a), 0);
	assert_int_equal(hv_rollup_add(&s3, &b), 0);
	a.qty = 7;
	a.stores = 4; /* an area's row: 4 of its stores sold it */
	assert_int_equal(hv_rollup_add(&area, &a), 0);
	assert_int_equal(hv_rollup_keep(s_j, &s2), 1);
	assert_int_equal(hv_rollup_keep(s_j, &s3), 1);
	assert_int_equal(hv_rollup_keep_region(s_j, "thai-nguyen", "phan-dinh-phung", &area), 1);
	assert_int_equal(hv_rollup_keep_region(s_j, "thai-nguyen", "phan-dinh-phung", &area), 0);
	assert_int_equal(hv_rollup_take(s_j, "*", HOUR, &out), 0);
	assert_int_equal(out.rev, 1); /* changed: taken with its next revision */
	assert_int_equal(out.n, 2); /* what no store sold in the end is not in it */
	int ia = s_find(&out, a.item), ib = s_find(&out, b.item);
	assert_true(ia >= 0 && ib >= 0);
	assert_int_equal(s_find(&out, gone.item), -1);
	assert_int_equal(out.rows[ia].qty, 2 + 2 + 7);
	assert_int_equal(out.rows[ia].amount, 2000 + 2000 + 2000);
	assert_int_equal(out.rows[ia].stores, 1 + 1 + 4);
	assert_int_equal(out.rows[ib].stores, 1);
	assert_int_equal(s_changed(), 0);
	/* s3's hour again, newer, without b: the region hour loses b, keeps a's sums. */
	s3.rev = 2;
	s3.n = 1;
	assert_int_equal(hv_rollup_keep(s_j, &s3), 1);
	assert_int_equal(hv_rollup_take(s_j, "*", HOUR, &out), 0);
	assert_int_equal(out.rev, 2);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.rows[0].qty, 2 + 2 + 7);
	assert_int_equal(out.rows[0].stores, 1 + 1 + 4);
	/* inside a transaction of the caller's: kept in it, gone with its rollback */
	s2.rev = 2;
	s2.rows[0].qty = 100;
	assert_int_equal(hv_journal_begin(s_j), 0);
	assert_int_equal(hv_rollup_keep(s_j, &s2), 1);
	hv_journal_rollback(s_j);
	assert_int_equal(hv_rollup_take(s_j, "*", HOUR, &out), 0);
	assert_int_equal(out.rows[0].qty, 2 + 2 + 7);
	hv_rollup_clear(&s2);
	hv_rollup_clear(&s3);
	hv_rollup_clear(&area);
	hv_rollup_clear(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        changed_hours_taken_once_with_the_next_revision, s_open, s_close),
	    cmocka_unit_test_setup_teardown(
	        history_leaves_a_changed_hour_for_the_feed, s_open, s_close),
	    cmocka_unit_test_setup_teardown(an_office_keeps_the_highest_revision_whole, s_open, s_close),
	    cmocka_unit_test_setup_teardown(
	        an_office_region_hour_sums_its_stores_and_areas, s_open, s_close),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
