/*
 * tally.h -- the counters of doc/protocol.md "Counting", per window of time, per
 * store, with a breakdown per category and per lane; and the one merge
 * function that adds tallies everywhere (store windows, district regions,
 * report days). Merging is associative and commutative. Shares are derived
 * from counters, never stored.
 */
#ifndef HV_TALLY_H
#define HV_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tag.h"

/* Counter indices; the names are the wire's (hv_counter_name). */
enum {
	HV_C_ITEMS_DOM,
	HV_C_ITEMS_IMP,
	HV_C_ITEMS_UNK,
	HV_C_VALUE_DOM,
	HV_C_VALUE_IMP,
	HV_C_VALUE_UNK,
	HV_C_ITEMS_OCOP,
	HV_C_VALUE_OCOP,
	HV_C_ITEMS_LOCAL,
	HV_C_VALUE_LOCAL,
	HV_C_LINES,
	HV_C_VOIDS,
	HV_C_TXNS,
	HV_NCOUNTERS
};

typedef struct {
	int64_t v[HV_NCOUNTERS]; /* indexed by HV_C_* */
} hv_counters_t;

#define HV_PART_KEY_MAX 63

/* One category's or one lane's counters within a window. */
typedef struct {
	char key[HV_PART_KEY_MAX + 1]; /* category name, or the lane number in decimal */
	hv_counters_t c;
} hv_part_t;

/* One window of one store. */
typedef struct {
	char store[33];        /* the store id */
	int64_t start;         /* first ms of the window, a multiple of span */
	int64_t span;          /* length in ms */
	int64_t rev;           /* +1 for every change */
	bool dirty;            /* changed since the last checkpoint */
	int64_t published_rev; /* rev last sent on the feed (0: never) */
	int64_t published_at;  /* when, Unix ms */
	bool published_final;  /* that message said final */
	bool pending;          /* in the to-publish list */
	hv_counters_t total;
	hv_part_t *cats; /* by category, sorted by key */
	size_t ncats;
	hv_part_t *lanes; /* by lane, sorted by key */
	size_t nlanes;
} hv_window_t;

/* A change to the tallies: DELTA added to the window holding time T, to
 * its total, its lane and (when CATEGORY is not NULL) its category. */
typedef struct {
	char store[33];
	int64_t t; /* event time, ms */
	int lane;
	bool has_category; /* whether the category part changes */
	char category[HV_PART_KEY_MAX + 1];
	hv_counters_t delta;
} hv_tally_op_t;

/* The wire name of counter I ("items_dom", ...). */
const char *hv_counter_name(int i);

/* INTO += ADD, counter by counter. */
void hv_counters_merge(hv_counters_t *into, const hv_counters_t *add);

/* The counters of one line of class CLS: items and value by class, OCOP
 * and local when they apply, lines = 1; all times SIGN (+1 or -1). */
void hv_counters_line(
    hv_counters_t *c, hv_class_t cls, int64_t qty, int64_t amount, bool ocop, bool local, int sign);

/* INTO += ADD: total, categories and lanes (matched by key); rev becomes
 * the sum of revs, so a merged total changes whenever a member does. The
 * one merge function. Returns 0, or -1 when out of memory (INTO is then
 * partly merged). */
int hv_window_merge(hv_window_t *into, const hv_window_t *add);

/* W := -W: every counter and the rev negated, so merging it takes W back
 * out of a sum (a region total replacing one member's old revision). */
void hv_window_negate(hv_window_t *w);

/* Copy SRC into DST (zeroed first): store, start, span, rev, counters and
 * parts. Returns 0, or -1 when out of memory. DST is the caller's to clear. */
int hv_window_copy(hv_window_t *dst, const hv_window_t *src);

/* The counters of part KEY (category when CAT, else lane), added when
 * missing. NULL when out of memory. */
hv_counters_t *hv_window_part(hv_window_t *w, bool cat, const char *key);

/* Free a window's parts and zero it (the window itself is the caller's). */
void hv_window_clear(hv_window_t *w);

typedef struct hv_tally hv_tally_t;

/* A set of windows of SPAN_MS each, keyed by (store, start). */
hv_tally_t *hv_tally_new(int64_t span_ms);
void hv_tally_destroy(hv_tally_t **self_p);
int64_t hv_tally_span(const hv_tally_t *self);

/* The start of the window holding time T. */
int64_t hv_tally_window_start(const hv_tally_t *self, int64_t t);

/* The window of STORE starting at START; created (empty) when CREATE and
 * missing, else NULL. NULL also when out of memory. */
hv_window_t *hv_tally_get(hv_tally_t *self, const char *store, int64_t start, bool create);

/* Apply OP: rev += 1 and dirty on the window it touches. Returns 0 or -1
 * when out of memory. */
int hv_tally_apply(hv_tally_t *self, const hv_tally_op_t *op);

/* Put W (a window of SELF) on the list of windows to publish, when it is
 * not there yet. hv_tally_apply does it for every window it changes. */
void hv_tally_touch(hv_tally_t *self, hv_window_t *w);

/* Call FN for every window on the to-publish list, in the order they were
 * put there; FN returns true to keep W on the list, false to take it off. */
void hv_tally_pending_each(hv_tally_t *self, bool (*fn)(hv_window_t *w, void *arg), void *arg);

/* Windows on the to-publish list. */
size_t hv_tally_pending_count(const hv_tally_t *self);

/* Call FN for every window (in no order) until it returns non-zero; returns
 * that value or 0. */
int hv_tally_each(hv_tally_t *self, int (*fn)(hv_window_t *w, void *arg), void *arg);

/* Mark every window clean (after its changes were saved). */
void hv_tally_mark_clean(hv_tally_t *self);

/* Drop windows that started before BEFORE (ms) and are checkpointed and
 * published in their last revision. Returns how many. */
size_t hv_tally_evict(hv_tally_t *self, int64_t before);

/* Number of windows held. */
size_t hv_tally_count(const hv_tally_t *self);

#endif
