/*
 * places.c -- stores' places, in a row map keyed by store id.
 */
#include "places.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rowmap.h"

struct hv_places {
	hv_rowmap_t map; /* of hv_place_t */
};

static uint32_t
s_hash(const void *row)
{
	const char *store = ((const hv_place_t *)row)->store;
	return hv_fnv(HV_FNV_SEED, store, strlen(store));
}

static bool
s_same(const void *a, const void *b)
{
	return strcmp(((const hv_place_t *)a)->store, ((const hv_place_t *)b)->store) == 0;
}

hv_places_t *
hv_places_new(void)
{
	hv_places_t *self = calloc(1, sizeof *self);
	if (self != NULL)
		self->map = HV_ROWMAP_INIT(hv_place_t, s_hash, s_same);
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

const hv_place_t *
hv_places_find(const hv_places_t *self, const char *store)
{
	hv_place_t key;
	snprintf(key.store, sizeof key.store, "%s", store);
	return hv_rowmap_find(&self->map, &key);
}

int
hv_places_set(hv_places_t *self, const char *store, const char *province, const char *district)
{
	hv_place_t *p = (hv_place_t *)hv_places_find(self, store);

	if (p != NULL && strcmp(p->province, province) == 0 && strcmp(p->district, district) == 0)
		return 0;
	if (p == NULL) {
		hv_place_t row = {0};
		snprintf(row.store, sizeof row.store, "%s", store);
		if ((p = hv_rowmap_add(&self->map, &row)) == NULL)
			return -1;
	}
	snprintf(p->province, sizeof p->province, "%s", province);
	snprintf(p->district, sizeof p->district, "%s", district);
	p->dirty = true;
	return 0;
}

size_t
hv_places_count(const hv_places_t *self)
{
	return hv_rowmap_count(&self->map);
}

int
hv_places_each_dirty(const hv_places_t *self, int (*fn)(const hv_place_t *p, void *arg), void *arg)
{
	int rc;
	for (size_t i = 0; i < hv_rowmap_count(&self->map); i++) {
		const hv_place_t *p = hv_rowmap_at(&self->map, i);
		if (p->dirty && (rc = fn(p, arg)) != 0)
			return rc;
	}
	return 0;
}

void
hv_places_saved(hv_places_t *self)
{
	for (size_t i = 0; i < hv_rowmap_count(&self->map); i++)
		((hv_place_t *)hv_rowmap_at(&self->map, i))->dirty = false;
}
