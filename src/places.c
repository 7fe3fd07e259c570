/*
 * places.c -- stores' places: an array of places and an open-addressing
 * index into it (linear probing, at most half full).
 */
#include "places.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hv_places {
	hv_place_t *all; /* in the order first heard */
	size_t n, cap;
	uint32_t *slots; /* index into ALL + 1; 0: empty */
	size_t nslots;   /* a power of two, >= 2 * cap */
};

hv_places_t *
hv_places_new(void)
{
	return calloc(1, sizeof(hv_places_t));
}

void
hv_places_destroy(hv_places_t **self_p)
{
	hv_places_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	free(self->all);
	free(self->slots);
	free(self);
	*self_p = NULL;
}

static size_t
s_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

/* The slot STORE is in, or the empty slot where it would go. */
static uint32_t *
s_slot(const hv_places_t *self, const char *store)
{
	size_t mask = self->nslots - 1;
	for (size_t i = s_hash(store) & mask;; i = (i + 1) & mask) {
		uint32_t *slot = &self->slots[i];
		if (*slot == 0 || strcmp(self->all[*slot - 1].store, store) == 0)
			return slot;
	}
}

const hv_place_t *
hv_places_find(const hv_places_t *self, const char *store)
{
	if (self->n == 0)
		return NULL;
	uint32_t *slot = s_slot(self, store);
	return *slot != 0 ? &self->all[*slot - 1] : NULL;
}

/* Room for one more place: the array and the index grown. 0 or -1. */
static int
s_grow(hv_places_t *self)
{
	if (self->n < self->cap)
		return 0;
	size_t cap = self->cap ? self->cap * 2 : 64;
	hv_place_t *all = realloc(self->all, cap * sizeof *all);
	if (all == NULL)
		return -1;
	self->all = all;
	uint32_t *slots = calloc(cap * 2, sizeof *slots);
	if (slots == NULL)
		return -1;
	self->cap = cap;
	free(self->slots);
	self->slots = slots;
	self->nslots = cap * 2;
	for (size_t i = 0; i < self->n; i++)
		*s_slot(self, self->all[i].store) = (uint32_t)(i + 1);
	return 0;
}

int
hv_places_set(hv_places_t *self, const char *store, const char *province, const char *district)
{
	hv_place_t *p = (hv_place_t *)hv_places_find(self, store);

	if (p != NULL && strcmp(p->province, province) == 0 && strcmp(p->district, district) == 0)
		return 0;
	if (p == NULL) {
		if (s_grow(self) < 0)
			return -1;
		p = &self->all[self->n++];
		snprintf(p->store, sizeof p->store, "%s", store);
		*s_slot(self, p->store) = (uint32_t)self->n;
	}
	snprintf(p->province, sizeof p->province, "%s", province);
	snprintf(p->district, sizeof p->district, "%s", district);
	p->dirty = true;
	return 0;
}

size_t
hv_places_count(const hv_places_t *self)
{
	return self->n;
}

int
hv_places_each_dirty(const hv_places_t *self, int (*fn)(const hv_place_t *p, void *arg), void *arg)
{
	int rc;
	for (size_t i = 0; i < self->n; i++)
		if (self->all[i].dirty && (rc = fn(&self->all[i], arg)) != 0)
			return rc;
	return 0;
}

void
hv_places_saved(hv_places_t *self)
{
	for (size_t i = 0; i < self->n; i++)
		self->all[i].dirty = false;
}
