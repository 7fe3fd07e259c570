/*
 * rollup.h -- the hourly product rollup as the feed carries it (doc/protocol.md
 * "Feed", `products`): one (store, hour) whole -- what each product sold in
 * that hour, net of voids and cancels -- with the revision it goes out
 * with. A store takes its changed hours from its journal and publishes them;
 * an office keeps each store's hours in its own (the highest revision wins),
 * so that its reports tell products as a store's do. An office has an hour
 * of its own too, its region's (store "*"): every product's rows summed over
 * the stores and areas it holds, with how many stores sold it; an office
 * above it may keep those instead of every store's hours.
 */
#ifndef HV_ROLLUP_H
#define HV_ROLLUP_H

#include <stddef.h>
#include <stdint.h>

#include "journal.h"

/* One product's row of an hour. */
typedef struct {
	char item[HV_CODE_MAX + 1];  /* its GTIN, or the store's code */
	char cls[12];                /* domestic, imported, unknown */
	char basis[12];              /* catalog, store, prefix, none */
	char category[HV_CATEGORY_MAX + 1];
	char name[HV_NAME_MAX + 1];
	int64_t qty, amount;
	int64_t stores; /* a region's row: how many of its stores sold it; 0 in a store's */
} hv_rollup_row_t;

/* One store's hour. */
typedef struct {
	char store[HV_STORE_MAX + 1];
	int64_t hour; /* its start, Unix ms */
	int64_t rev;  /* the revision: higher is newer */
	hv_rollup_row_t *rows;
	size_t n, cap;
} hv_rollup_t;

/* Free R's rows; R is empty again. */
void hv_rollup_clear(hv_rollup_t *r);

/* Add a row to R (copied). 0, or -1 when out of memory. */
int hv_rollup_add(hv_rollup_t *r, const hv_rollup_row_t *row);

/* Call FN for each (store, hour) of J's rollup changed since it was last
 * taken, oldest first, until it returns non-zero. Returns 0, FN's value, or
 * -1. */
int hv_rollup_changed_each(hv_journal_t *j,
    int (*fn)(const char *store, int64_t hour, void *arg), void *arg);

/* Call FN for each (store, hour) J holds whose hour starts in [SINCE,
 * UNTIL) -- ONLY's alone unless NULL -- in order of hour then store.
 * Returns as hv_rollup_changed_each. */
int hv_rollup_hours_each(hv_journal_t *j, int64_t since, int64_t until, const char *only,
    int (*fn)(const char *store, int64_t hour, void *arg), void *arg);

/* Read STORE's HOUR into *R (cleared first): its rows and revision; when it
 * changed since it was last taken, its revision goes up by one first and
 * it is no longer changed (outside any transaction of J's: its own write).
 * STORE "*" is an office's own region hour: its rows are summed from the
 * stores' and areas' hours it holds. 0, or -1 with hv_journal_error. */
int hv_rollup_take(hv_journal_t *j, const char *store, int64_t hour, hv_rollup_t *r);

/* History's read: call FN with each (store, hour) of J whose hour starts
 * in [SINCE, UNTIL) -- ONLY's alone unless NULL -- read into a rollup
 * borrowed for the call, until FN returns non-zero. An hour changed since
 * it was last taken goes up by one revision, as hv_rollup_take's would,
 * but stays changed: the next hv_rollup_changed_each still lists it, so
 * the feed sends it (with a revision higher again) to every subscriber,
 * not only to the one that asked. Returns 0, FN's value, or -1. */
int hv_rollup_each(hv_journal_t *j, int64_t since, int64_t until, const char *only,
    int (*fn)(const hv_rollup_t *r, void *arg), void *arg);

/* An office: keep R as its store's hour when its revision is above the one
 * held (the rows replace the hour's, whole). 1 kept, 0 older or the same,
 * -1 with hv_journal_error. */
int hv_rollup_keep(hv_journal_t *j, const hv_rollup_t *r);

/* An office above areas: keep R, the region hour (store "*") of the area
 * PROVINCE/DISTRICT, when its revision is above the one held. Returns as
 * hv_rollup_keep. Either marks the office's own region hour changed. */
int hv_rollup_keep_region(
    hv_journal_t *j, const char *province, const char *district, const hv_rollup_t *r);

/* The temporary view `sold` over J, what reports read: (hour, store,
 * district, class, basis, item, category, name, qty, amount, stores) -- a
 * store's hours (district '', stores 1 where it sold some) and the areas'
 * region hours an office keeps (store '*'). 0, or -1 with
 * hv_journal_error. */
int hv_rollup_view(hv_journal_t *j);

#endif
