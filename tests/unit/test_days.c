/*
 * test_days.c -- an office's day rows: once kept, each store's windows of a
 * local day (Asia/Ho_Chi_Minh) are summed in one row, in step as windows
 * are revised and forgotten; a period reads the day rows for its whole
 * days and the windows for the rest, and gets the same sums.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "days.h"
#include "journal.h"
#include "tally.h"
#include "testutil.h"
#include "zone.h"

#define SPAN 60000
#define HOUR 3600000LL
#define DAY  86400000LL

static char s_dir[600];
static hv_journal_t *s_j;
static hv_tally_t *s_t;
static int64_t s_day1; /* a local midnight */

static int
s_open(void **state)
{
	char path[700], err[256];
	(void)state;
	hv_zone_init(NULL);
	s_day1 = hv_date_midnight_ms(1790000040000LL);
	snprintf(s_dir, sizeof s_dir, "%s", hv_test_mkdtemp());
	snprintf(path, sizeof path, "%s/district.db", s_dir);
	s_j = hv_journal_open(path, false, err, sizeof err);
	s_t = hv_tally_new(SPAN);
	return s_j != NULL && s_t != NULL ? 0 : -1;
}

static int
s_close(void **state)
{
	(void)state;
	hv_tally_destroy(&s_t);
	hv_journal_destroy(&s_j);
	hv_test_rmdir(s_dir);
	return 0;
}

/* Store S's window at START: ITEMS domestic items, a category "tea" of
 * TEA of them, revision REV; saved at once. */
static void
s_window(const char *s, int64_t start, int64_t items, int64_t tea, int64_t rev)
{
	hv_window_t *w = hv_tally_get(s_t, s, start, true);
	assert_non_null(w);
	w->span = SPAN;
	w->rev = rev;
	w->total.v[HV_C_ITEMS_DOM] = items;
	hv_counters_t *c = hv_window_part(w, true, "tea");
	assert_non_null(c);
	c->v[HV_C_ITEMS_DOM] = tea;
	w->dirty = true;
	assert_int_equal(hv_journal_begin(s_j), 0);
	assert_int_equal(hv_journal_save_changed(s_j, s_t), 0);
	assert_int_equal(hv_journal_commit(s_j), 0);
	hv_tally_mark_clean(s_t);
}

typedef struct {
	int n;
	char store[8][16];
	int64_t start[8], items[8];
} rows_t;

static int
s_row(const char *store, int64_t start, const char *key, const hv_counters_t *c, void *arg)
{
	rows_t *r = arg;
	(void)key;
	assert_true(r->n < 8);
	snprintf(r->store[r->n], sizeof r->store[0], "%s", store);
	r->start[r->n] = start;
	r->items[r->n++] = c->v[HV_C_ITEMS_DOM];
	return 0;
}

/* The items of STORE in R's rows starting in [FROM, TO). */
static int64_t
s_items(const rows_t *r, const char *store, int64_t from, int64_t to)
{
	int64_t n = 0;
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->store[i], store) == 0 && r->start[i] >= from && r->start[i] < to)
			n += r->items[i];
	return n;
}

static void
a_day_row_sums_the_windows_of_its_day(void **state)
{
	(void)state;
	rows_t r = {0};

	s_window("s1", s_day1 + 10 * HOUR, 5, 2, 1); /* before the rows are kept */
	assert_int_equal(hv_days_keep(s_j), 0);      /* filled from the windows held */
	s_window("s1", s_day1 + 11 * HOUR, 3, 1, 1);
	s_window("s2", s_day1 + 10 * HOUR, 7, 0, 1);
	s_window("s1", s_day1 + DAY + 9 * HOUR, 4, 4, 1);

	assert_int_equal(hv_days_rows_each(s_j, s_day1, s_day1 + 2 * DAY, "total", s_row, &r), 0);
	assert_int_equal(r.n, 3); /* a row per store and day, not per window */
	assert_int_equal(s_items(&r, "s1", s_day1, s_day1 + 1), 8);
	assert_int_equal(s_items(&r, "s2", s_day1, s_day1 + 1), 7);
	assert_int_equal(s_items(&r, "s1", s_day1 + DAY, s_day1 + DAY + 1), 4);

	memset(&r, 0, sizeof r);
	assert_int_equal(hv_days_rows_each(s_j, s_day1, s_day1 + 2 * DAY, "category", s_row, &r), 0);
	assert_int_equal(s_items(&r, "s1", s_day1, s_day1 + 1), 3); /* the tea of the day */

	s_window("s1", s_day1 + 10 * HOUR, 6, 2, 2); /* revised: 5 became 6 */
	memset(&r, 0, sizeof r);
	assert_int_equal(hv_days_rows_each(s_j, s_day1, s_day1 + DAY, "total", s_row, &r), 0);
	assert_int_equal(s_items(&r, "s1", s_day1, s_day1 + 1), 9);

	/* From 10:30 on the first day: its windows after 10:30, the second day's row. */
	memset(&r, 0, sizeof r);
	assert_int_equal(hv_days_rows_each(s_j, s_day1 + 10 * HOUR + HOUR / 2, s_day1 + 2 * DAY,
	                     "total", s_row, &r),
	    0);
	assert_int_equal(s_items(&r, "s1", 0, INT64_MAX), 3 + 4);
	assert_int_equal(s_items(&r, "s2", 0, INT64_MAX), 0);

	/* The first day forgotten: its row goes with its windows. */
	assert_true(hv_journal_forget(s_j, s_day1 + DAY, 0) > 0);
	memset(&r, 0, sizeof r);
	assert_int_equal(hv_days_rows_each(s_j, s_day1, s_day1 + 2 * DAY, "total", s_row, &r), 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(s_items(&r, "s1", s_day1 + DAY, s_day1 + DAY + 1), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(a_day_row_sums_the_windows_of_its_day, s_open, s_close),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
