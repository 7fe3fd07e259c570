/*
 * places.h -- where each store is, as a district node has heard it: the
 * province and district its tallies came with. Any number of stores, found
 * by id in constant time (a province node follows thousands). Each place
 * remembers whether it changed since it was last saved.
 */
#ifndef HV_PLACES_H
#define HV_PLACES_H

#include <stdbool.h>
#include <stddef.h>

#include "feed.h"
#include "tally.h"

typedef struct {
	char store[sizeof((hv_window_t *)0)->store];
	char province[HV_FEED_ID_MAX + 1];
	char district[HV_FEED_ID_MAX + 1];
	bool dirty; /* changed since hv_places_saved */
} hv_place_t;

typedef struct hv_places hv_places_t;

/* An empty set of places, or NULL when out of memory. */
hv_places_t *hv_places_new(void);

/* Free the places and set *SELF_P to NULL. Accepts NULL and *SELF_P NULL. */
void hv_places_destroy(hv_places_t **self_p);

/* The place of STORE, or NULL when unheard of. Valid until the next set. */
const hv_place_t *hv_places_find(const hv_places_t *self, const char *store);

/* Say STORE is in PROVINCE and DISTRICT (ids longer than a place holds are
 * cut). A change marks the place dirty. Returns 0, or -1 when out of memory. */
int hv_places_set(hv_places_t *self, const char *store, const char *province, const char *district);

/* How many stores are known. */
size_t hv_places_count(const hv_places_t *self);

/* Call FN for every dirty place until it returns non-zero; returns that, or 0. */
int hv_places_each_dirty(
    const hv_places_t *self, int (*fn)(const hv_place_t *p, void *arg), void *arg);

/* Every place is saved: none is dirty now. */
void hv_places_saved(hv_places_t *self);

#endif
