/*
 * places.h -- where each store is and what it is, as an office node has
 * heard it: the province and area its tallies came with, and the attributes
 * of its `place` messages (chain, ownership, channel, name). Any number of
 * stores, found by id in constant time (a province node follows thousands).
 * Each place remembers whether it changed since it was last saved.
 */
#ifndef HV_PLACES_H
#define HV_PLACES_H

#include <stdbool.h>
#include <stddef.h>

#include "feed.h"

typedef struct {
	hv_place_t at; /* the store and what is known of it */
	bool dirty;    /* changed since hv_places_saved */
} hv_places_row_t;

typedef struct hv_places hv_places_t;

/* An empty set of places, or NULL when out of memory. */
hv_places_t *hv_places_new(void);

/* Free the places and set *SELF_P to NULL. Accepts NULL and *SELF_P NULL. */
void hv_places_destroy(hv_places_t **self_p);

/* The place of STORE, or NULL when unheard of. Valid until the next set. */
const hv_place_t *hv_places_find(const hv_places_t *self, const char *store);

/* Say STORE is in PROVINCE and DISTRICT (what a tally says; its other
 * attributes stay). A change marks the place dirty. Returns 1 when it
 * changed, 0 when not, -1 when out of memory. */
int hv_places_locate(
    hv_places_t *self, const char *store, const char *province, const char *district);

/* Take all of P (what a place message says). Returns 1 when it changed, 0
 * when not, -1 when out of memory. */
int hv_places_set(hv_places_t *self, const hv_place_t *p);

/* How many stores are known. */
size_t hv_places_count(const hv_places_t *self);

/* Call FN for every place (ALL) or every dirty one until it returns
 * non-zero; returns that, or 0. */
int hv_places_each(const hv_places_t *self, bool all,
    int (*fn)(const hv_place_t *p, void *arg), void *arg);

/* Every place is saved: none is dirty now. */
void hv_places_saved(hv_places_t *self);

#endif
