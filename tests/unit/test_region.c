/*
 * test_region.c -- the office's merge (region.c) against a model kept in
 * the test: stores send revisions of their windows, each revision arriving
 * once, twice or not before a later one, in random order (live updates and
 * history answers overlapping). The region total of a window must always
 * be the sum, over its stores, of the highest revision heard, category by
 * category; and the same after the store windows are saved, memory is
 * emptied and the totals are summed again from the database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "journal.h"
#include "region.h"
#include "tally.h"
#include "testutil.h"

#define SPAN    60000
#define T0      1790000040000LL
#define STORES  5
#define WINDOWS 3
#define REVS    6
#define CATS    3

static const char *const s_cats[CATS] = {"drinks", "rice", "snacks"};

/* Revision R of store S's window W: what it counts, made from (s, w, r). */
typedef struct {
	int64_t items[CATS]; /* domestic items per category */
	int64_t unk;         /* unknown items, no category */
} revision_t;

static revision_t s_rev[STORES][WINDOWS][REVS + 1];

static void
s_make_revisions(unsigned seed)
{
	srand(seed);
	for (int s = 0; s < STORES; s++)
		for (int w = 0; w < WINDOWS; w++)
			for (int r = 1; r <= REVS; r++) {
				revision_t *v = &s_rev[s][w][r];
				for (int c = 0; c < CATS; c++)
					v->items[c] = rand() % 50;
				v->unk = rand() % 7;
			}
}

/* The window a store sends for revision R. */
static void
s_window(hv_window_t *w, int s, int win, int r)
{
	const revision_t *v = &s_rev[s][win][r];
	memset(w, 0, sizeof *w);
	snprintf(w->store, sizeof w->store, "st-%d", s);
	w->start = T0 + win * SPAN;
	w->span = SPAN;
	w->rev = r;
	for (int c = 0; c < CATS; c++) {
		hv_counters_t *part = hv_window_part(w, true, s_cats[c]);
		assert_non_null(part);
		part->v[HV_C_ITEMS_DOM] = v->items[c];
		w->total.v[HV_C_ITEMS_DOM] += v->items[c];
	}
	w->total.v[HV_C_ITEMS_UNK] = v->unk;
}

/* What the model says window WIN's total is, given the highest revision
 * of each store heard so far (0: none). */
static void
s_check_total(hv_region_t *region, const int heard[STORES][WINDOWS], int win)
{
	int64_t want_cat[CATS] = {0}, want_dom = 0, want_unk = 0;
	for (int s = 0; s < STORES; s++) {
		if (heard[s][win] == 0)
			continue;
		const revision_t *v = &s_rev[s][win][heard[s][win]];
		for (int c = 0; c < CATS; c++) {
			want_cat[c] += v->items[c];
			want_dom += v->items[c];
		}
		want_unk += v->unk;
	}
	const hv_window_t *t = hv_region_total(region, T0 + win * SPAN);
	assert_non_null(t);
	assert_int_equal(t->total.v[HV_C_ITEMS_DOM], want_dom);
	assert_int_equal(t->total.v[HV_C_ITEMS_UNK], want_unk);
	for (int c = 0; c < CATS; c++) {
		int64_t got = 0;
		for (size_t i = 0; i < t->ncats; i++)
			if (strcmp(t->cats[i].key, s_cats[c]) == 0)
				got = t->cats[i].c.v[HV_C_ITEMS_DOM];
		assert_int_equal(got, want_cat[c]);
	}
}

typedef struct {
	int s, w, r;
} delivery_t;

/* Every revision once or twice, some twice, shuffled. */
static int
s_deliveries(delivery_t *d, int max)
{
	int n = 0;
	for (int s = 0; s < STORES; s++)
		for (int w = 0; w < WINDOWS; w++)
			for (int r = 1; r <= REVS; r++)
				for (int k = 0; k < 1 + (rand() % 3 == 0) && n < max; k++)
					d[n++] = (delivery_t){s, w, r};
	for (int i = n - 1; i > 0; i--) {
		int j = rand() % (i + 1);
		delivery_t x = d[i];
		d[i] = d[j];
		d[j] = x;
	}
	return n;
}

/* Apply D[FROM, TO) to REGION, the model in HEARD, checking as it goes. */
static void
s_apply_all(hv_region_t *region, int heard[STORES][WINDOWS], const delivery_t *d, int from, int to)
{
	for (int i = from; i < to; i++) {
		hv_window_t w, *held = NULL;
		s_window(&w, d[i].s, d[i].w, d[i].r);
		hv_region_result_t r = hv_region_apply(region, &w, &held);
		bool newer = d[i].r > heard[d[i].s][d[i].w];
		assert_int_equal(r, newer ? HV_REGION_KEPT : HV_REGION_OLD);
		if (newer) {
			heard[d[i].s][d[i].w] = d[i].r;
			assert_int_equal(held->rev, d[i].r);
			assert_true(held->dirty);
		}
		hv_window_clear(&w);
		s_check_total(region, (const int(*)[WINDOWS])heard, d[i].w);
	}
}

static void
s_save(hv_journal_t *db, hv_region_t *region)
{
	assert_int_equal(hv_journal_begin(db), 0);
	assert_int_equal(hv_region_save(region), 0);
	assert_int_equal(hv_journal_commit(db), 0);
	hv_region_saved(region);
}

static void
totals_follow_the_highest_revisions(void **state)
{
	(void)state;
	const char *dir = hv_test_mkdtemp();
	char path[600], err[512];
	static delivery_t d[STORES * WINDOWS * REVS * 2];
	int heard[STORES][WINDOWS] = {{0}};

	snprintf(path, sizeof path, "%s/district.db", dir);
	for (unsigned seed = 1; seed <= 20; seed++) {
		unlink(path);
		memset(heard, 0, sizeof heard);
		s_make_revisions(seed);
		int n = s_deliveries(d, (int)(sizeof d / sizeof d[0]));
		hv_journal_t *db = hv_journal_open(path, false, err, sizeof err);
		hv_region_t *region = hv_region_new(db, SPAN);
		assert_non_null(region);
		s_apply_all(region, heard, d, 0, n / 2);
		/* Saved, memory emptied, and the office restarted: the totals
		 * come back from district.db, and the rest applies on top. */
		s_save(db, region);
		hv_region_evict(region, T0 + WINDOWS * SPAN);
		hv_region_destroy(&region);
		region = hv_region_new(db, SPAN);
		for (int w = 0; w < WINDOWS; w++)
			s_check_total(region, (const int(*)[WINDOWS])heard, w);
		s_apply_all(region, heard, d, n / 2, n);
		for (int s = 0; s < STORES; s++)
			for (int w = 0; w < WINDOWS; w++)
				assert_int_equal(heard[s][w], REVS); /* every store ends at its last */
		hv_region_destroy(&region);
		hv_journal_destroy(&db);
	}
	hv_test_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(totals_follow_the_highest_revisions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
