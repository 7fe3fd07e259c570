/*
 * places.c -- stores' places, in a row map keyed by store id.
 */
#include "places.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rowmap.h"

struct hv_places {
	hv_rowmap_t map; /* of hv_places_row_t */
};

static uint32_t
s_hash(const void *row)
{
	const char *store = ((const hv_places_row_t *)row)->at.store;
	return hv_fnv(HV_FNV_SEED, store, strlen(store));
}

static bool
s_same(const void *a, const void *b)
{
	return strcmp(((const hv_places_row_t *)a)->at.store, ((const hv_places_row_t *)b)->at.store) ==
	       0;
}

hv_places_t *
hv_places_new(void)
{
	hv_places_t *self = calloc(1, sizeof *self);
	if (self != NULL)
		self->map = HV_ROWMAP_INIT(hv_places_row_t, s_hash, s_same);
	return self;
}

void
hv_places_destroy(hv_places_t **self_p)
{
	if (self_p == NULL || *self_p == NULL)
		return;
	hv_rowmap_free(&(*self_p)->map);
	free(*self_p);
	*self_p = NULL;
}

/* The row of STORE, or NULL. */
static hv_places_row_t *
s_row(const hv_places_t *self, const char *store)
{
	hv_places_row_t key;
	snprintf(key.at.store, sizeof key.at.store, "%s", store);
	return hv_rowmap_find(&self->map, &key);
}

const hv_place_t *
hv_places_find(const hv_places_t *self, const char *store)
{
	const hv_places_row_t *r = s_row(self, store);
	return r != NULL ? &r->at : NULL;
}

/* The row of STORE, added (all else "") when missing; NULL when out of memory. */
static hv_places_row_t *
s_row_add(hv_places_t *self, const char *store)
{
	hv_places_row_t *r = s_row(self, store), row = {0};

	if (r != NULL)
		return r;
	snprintf(row.at.store, sizeof row.at.store, "%s", store);
	return hv_rowmap_add(&self->map, &row);
}

int
hv_places_locate(
    hv_places_t *self, const char *store, const char *province, const char *district)
{
	hv_places_row_t *r = s_row(self, store);

	if (r != NULL && strcmp(r->at.province, province) == 0 &&
	    strcmp(r->at.district, district) == 0)
		return 0;
	if (r == NULL && (r = s_row_add(self, store)) == NULL)
		return -1;
	snprintf(r->at.province, sizeof r->at.province, "%s", province);
	snprintf(r->at.district, sizeof r->at.district, "%s", district);
	r->dirty = true;
	return 1;
}

int
hv_places_set(hv_places_t *self, const hv_place_t *p)
{
	hv_places_row_t *r = s_row(self, p->store);

	if (r != NULL && hv_place_equal(&r->at, p))
		return 0;
	if (r == NULL && (r = s_row_add(self, p->store)) == NULL)
		return -1;
	r->at = *p;
	r->dirty = true;
	return 1;
}

size_t
hv_places_count(const hv_places_t *self)
{
	return hv_rowmap_count(&self->map);
}

int
hv_places_each(
    const hv_places_t *self, bool all, int (*fn)(const hv_place_t *p, void *arg), void *arg)
{
	int rc;
	for (size_t i = 0; i < hv_rowmap_count(&self->map); i++) {
		const hv_places_row_t *r = hv_rowmap_at(&self->map, i);
		if ((all || r->dirty) && (rc = fn(&r->at, arg)) != 0)
			return rc;
	}
	return 0;
}

void
hv_places_saved(hv_places_t *self)
{
	for (size_t i = 0; i < hv_rowmap_count(&self->map); i++)
		((hv_places_row_t *)hv_rowmap_at(&self->map, i))->dirty = false;
}
