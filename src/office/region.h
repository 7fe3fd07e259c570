/*
 * region.h -- an office's counting (doc/protocol.md "Offices"): for every
 * (store, window) the highest revision heard, and for every window start
 * the region's total (store "*"), the sum of those revisions. A revision
 * replaces the one held: its counters go into the total and the old ones
 * come out, so repeats, reordering and history answers that overlap live
 * updates change nothing. The store windows live in the node's database
 * (district.db, through journal.h); a region total left out of memory is
 * summed again from there when next touched.
 */
#ifndef HV_REGION_H
#define HV_REGION_H

#include <stdint.h>

#include "journal.h"
#include "tally.h"

typedef struct hv_region hv_region_t;

/* The region over DB (borrowed), with windows of SPAN_MS. NULL when out of
 * memory. */
hv_region_t *hv_region_new(hv_journal_t *db, int64_t span_ms);
void hv_region_destroy(hv_region_t **self_p);

/* What hv_region_apply did. */
typedef enum {
	HV_REGION_FAILED = -1, /* out of memory or a database error: nothing changed */
	HV_REGION_OLD = 0,     /* not newer than the revision held: nothing changed */
	HV_REGION_KEPT = 1     /* held, and the region total changed */
} hv_region_result_t;

/* Take the store window W (a store's id, not "*"). When its rev is newer
 * than the one held, its parts move into the held window (W is left
 * empty), the total changes, and *HELD is the window now held. */
hv_region_result_t hv_region_apply(hv_region_t *self, hv_window_t *w, hv_window_t **held);

/* The region total of the window starting at START (empty when nothing
 * is known of it); NULL when out of memory. */
const hv_window_t *hv_region_total(hv_region_t *self, int64_t start);

/* The store windows (the changed ones are saved by hv_region_save) and
 * the region totals (which the feed publishes). */
hv_tally_t *hv_region_stores(hv_region_t *self);
hv_tally_t *hv_region_totals(hv_region_t *self);

/* Write the changed store windows to the database, inside the caller's
 * transaction; after it commits, hv_region_saved. 0 or -1. */
int hv_region_save(hv_region_t *self);
void hv_region_saved(hv_region_t *self);

/* Let windows starting before BEFORE leave memory (all saved: call after
 * hv_region_saved). */
void hv_region_evict(hv_region_t *self, int64_t before);

#endif
