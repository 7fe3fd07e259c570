/*
 * region.c -- an office's store windows and region totals (region.h).
 */
#include "region.h"

#include <stdlib.h>
#include <string.h>

struct hv_region {
	hv_journal_t *db;
	hv_tally_t *stores; /* the highest revision of every (store, window) in memory */
	hv_tally_t *totals; /* the region's totals by window (store "*") */
};

hv_region_t *
hv_region_new(hv_journal_t *db, int64_t span_ms)
{
	hv_region_t *self = calloc(1, sizeof *self);

	if (self == NULL)
		return NULL;
	self->db = db;
	self->stores = hv_tally_new(span_ms);
	self->totals = hv_tally_new(span_ms);
	if (self->stores == NULL || self->totals == NULL)
		hv_region_destroy(&self);
	return self;
}

void
hv_region_destroy(hv_region_t **self_p)
{
	hv_region_t *self = *self_p;

	if (self == NULL)
		return;
	hv_tally_destroy(&self->stores);
	hv_tally_destroy(&self->totals);
	free(self);
	*self_p = NULL;
}

static int
s_add_to_total(const hv_window_t *w, void *arg)
{
	hv_window_t *total = arg;
	total->span = w->span;
	return hv_window_merge(total, w);
}

/* The total of START, summed from the database the first time. The
 * database is up to date for START then: a total leaves memory only after
 * its store windows were saved (hv_region_evict), and store windows change
 * only after their total is held. */
static hv_window_t *
s_total(hv_region_t *self, int64_t start)
{
	hv_window_t *r = hv_tally_get(self->totals, "*", start, false);

	if (r != NULL)
		return r;
	r = hv_tally_get(self->totals, "*", start, true);
	if (r != NULL)
		hv_journal_windows_each(self->db, start, start + 1, s_add_to_total, r);
	return r;
}

const hv_window_t *
hv_region_total(hv_region_t *self, int64_t start)
{
	return s_total(self, start);
}

/* HELD's counters out of TOTAL, W's in. */
static void
s_replace_in_total(hv_window_t *total, const hv_window_t *held, const hv_window_t *w)
{
	hv_window_t old;

	if (hv_window_copy(&old, held) == 0) {
		hv_window_negate(&old);
		hv_window_merge(total, &old);
	}
	hv_window_clear(&old);
	hv_window_merge(total, w);
	total->span = w->span;
}

/* HELD takes W's parts and numbers; W is left empty. */
static void
s_hold(hv_window_t *held, hv_window_t *w)
{
	free(held->cats);
	free(held->lanes);
	held->cats = w->cats;
	held->ncats = w->ncats;
	held->lanes = w->lanes;
	held->nlanes = w->nlanes;
	w->cats = w->lanes = NULL;
	w->ncats = w->nlanes = 0;
	held->span = w->span;
	held->rev = w->rev;
	held->total = w->total;
	held->dirty = true;
}

hv_region_result_t
hv_region_apply(hv_region_t *self, hv_window_t *w, hv_window_t **held_out)
{
	hv_window_t *total = s_total(self, w->start);
	hv_window_t *held = hv_journal_window_hold(self->db, self->stores, w->store, w->start);

	if (total == NULL || held == NULL)
		return HV_REGION_FAILED;
	if (w->rev <= held->rev)
		return HV_REGION_OLD;
	s_replace_in_total(total, held, w);
	hv_tally_touch(self->totals, total);
	s_hold(held, w);
	*held_out = held;
	return HV_REGION_KEPT;
}

hv_tally_t *
hv_region_stores(hv_region_t *self)
{
	return self->stores;
}

hv_tally_t *
hv_region_totals(hv_region_t *self)
{
	return self->totals;
}

int
hv_region_save(hv_region_t *self)
{
	return hv_journal_save_changed(self->db, self->stores);
}

void
hv_region_saved(hv_region_t *self)
{
	hv_tally_mark_clean(self->stores);
}

void
hv_region_evict(hv_region_t *self, int64_t before)
{
	hv_tally_evict(self->stores, before);
	hv_tally_evict(self->totals, before);
}
