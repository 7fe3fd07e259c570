/*
 * tally.c -- counters, windows and the set of windows (a chained hash table
 * keyed by store and window start).
 */
#include "tally.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const s_names[HV_NCOUNTERS] = {"items_dom", "items_imp", "items_unk",
    "value_dom", "value_imp", "value_unk", "items_ocop", "value_ocop", "items_local", "value_local",
    "lines", "voids", "txns"};

const char *
hv_counter_name(int i)
{
	return s_names[i];
}

void
hv_counters_merge(hv_counters_t *into, const hv_counters_t *add)
{
	for (int i = 0; i < HV_NCOUNTERS; i++)
		into->v[i] += add->v[i];
}

void
hv_counters_line(
    hv_counters_t *c, hv_class_t cls, int64_t qty, int64_t amount, bool ocop, bool local, int sign)
{
	memset(c, 0, sizeof *c);
	c->v[HV_C_ITEMS_DOM + cls] = sign * qty;
	c->v[HV_C_VALUE_DOM + cls] = sign * amount;
	if (ocop) {
		c->v[HV_C_ITEMS_OCOP] = sign * qty;
		c->v[HV_C_VALUE_OCOP] = sign * amount;
	}
	if (local) {
		c->v[HV_C_ITEMS_LOCAL] = sign * qty;
		c->v[HV_C_VALUE_LOCAL] = sign * amount;
	}
	c->v[HV_C_LINES] = sign;
}

/* Find KEY in the sorted parts; *AT is where it is or would go. */
static bool
s_find_part(const hv_part_t *parts, size_t n, const char *key, size_t *at)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, parts[mid].key);
		if (c == 0) {
			*at = mid;
			return true;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*at = lo;
	return false;
}

hv_counters_t *
hv_window_part(hv_window_t *w, bool cat, const char *key)
{
	hv_part_t **parts = cat ? &w->cats : &w->lanes;
	size_t *n = cat ? &w->ncats : &w->nlanes;
	size_t at;

	if (s_find_part(*parts, *n, key, &at))
		return &(*parts)[at].c;
	hv_part_t *grown = realloc(*parts, (*n + 1) * sizeof **parts);
	if (grown == NULL)
		return NULL;
	*parts = grown;
	memmove(&grown[at + 1], &grown[at], (*n - at) * sizeof *grown);
	memset(&grown[at], 0, sizeof *grown);
	snprintf(grown[at].key, sizeof grown[at].key, "%s", key);
	(*n)++;
	return &grown[at].c;
}

int
hv_window_merge(hv_window_t *into, const hv_window_t *add)
{
	hv_counters_merge(&into->total, &add->total);
	for (size_t i = 0; i < add->ncats; i++) {
		hv_counters_t *c = hv_window_part(into, true, add->cats[i].key);
		if (c == NULL)
			return -1;
		hv_counters_merge(c, &add->cats[i].c);
	}
	for (size_t i = 0; i < add->nlanes; i++) {
		hv_counters_t *c = hv_window_part(into, false, add->lanes[i].key);
		if (c == NULL)
			return -1;
		hv_counters_merge(c, &add->lanes[i].c);
	}
	into->rev += add->rev;
	return 0;
}

static void
s_negate(hv_counters_t *c)
{
	for (int i = 0; i < HV_NCOUNTERS; i++)
		c->v[i] = -c->v[i];
}

void
hv_window_negate(hv_window_t *w)
{
	s_negate(&w->total);
	for (size_t i = 0; i < w->ncats; i++)
		s_negate(&w->cats[i].c);
	for (size_t i = 0; i < w->nlanes; i++)
		s_negate(&w->lanes[i].c);
	w->rev = -w->rev;
}

int
hv_window_copy(hv_window_t *dst, const hv_window_t *src)
{
	memset(dst, 0, sizeof *dst);
	memcpy(dst->store, src->store, sizeof dst->store);
	dst->start = src->start;
	dst->span = src->span;
	return hv_window_merge(dst, src);
}

void
hv_window_clear(hv_window_t *w)
{
	free(w->cats);
	free(w->lanes);
	memset(w, 0, sizeof *w);
}

/* A window in its hash chain. */
typedef struct entry {
	hv_window_t w;
	struct entry *next;
} entry_t;

struct hv_tally {
	int64_t span;          /* window length, ms */
	hv_window_t **pending; /* windows to publish, in the order they changed */
	size_t npending, cappending;
	entry_t **buckets;
	size_t nbuckets; /* a power of two */
	size_t count;    /* windows held */
};

hv_tally_t *
hv_tally_new(int64_t span_ms)
{
	hv_tally_t *self = calloc(1, sizeof *self);
	if (self == NULL)
		return NULL;
	self->span = span_ms;
	self->nbuckets = 1024;
	self->buckets = calloc(self->nbuckets, sizeof *self->buckets);
	if (self->buckets == NULL) {
		free(self);
		return NULL;
	}
	return self;
}

void
hv_tally_destroy(hv_tally_t **self_p)
{
	hv_tally_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	for (size_t b = 0; b < self->nbuckets; b++) {
		entry_t *e = self->buckets[b], *next;
		for (; e != NULL; e = next) {
			next = e->next;
			hv_window_clear(&e->w);
			free(e);
		}
	}
	free(self->buckets);
	free(self->pending);
	free(self);
	*self_p = NULL;
}

int64_t
hv_tally_span(const hv_tally_t *self)
{
	return self->span;
}

int64_t
hv_tally_window_start(const hv_tally_t *self, int64_t t)
{
	int64_t r = t % self->span;
	return t - (r < 0 ? r + self->span : r);
}

static size_t
s_hash(const char *store, int64_t start)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *store; store++)
		h = (h ^ (unsigned char)*store) * 1099511628211ull;
	h ^= (uint64_t)start * 0x9e3779b97f4a7c15ull;
	return (size_t)(h ^ (h >> 29));
}

/* Double the table when it holds more windows than buckets. */
static void
s_grow(hv_tally_t *self)
{
	size_t n = self->nbuckets * 2;
	entry_t **b = calloc(n, sizeof *b);
	if (b == NULL)
		return; /* stay at this size: slower, still correct */
	for (size_t i = 0; i < self->nbuckets; i++) {
		entry_t *e = self->buckets[i], *next;
		for (; e != NULL; e = next) {
			next = e->next;
			size_t k = s_hash(e->w.store, e->w.start) & (n - 1);
			e->next = b[k];
			b[k] = e;
		}
	}
	free(self->buckets);
	self->buckets = b;
	self->nbuckets = n;
}

hv_window_t *
hv_tally_get(hv_tally_t *self, const char *store, int64_t start, bool create)
{
	size_t k = s_hash(store, start) & (self->nbuckets - 1);

	for (entry_t *e = self->buckets[k]; e != NULL; e = e->next)
		if (e->w.start == start && strcmp(e->w.store, store) == 0)
			return &e->w;
	if (!create)
		return NULL;
	entry_t *e = calloc(1, sizeof *e);
	if (e == NULL)
		return NULL;
	snprintf(e->w.store, sizeof e->w.store, "%s", store);
	e->w.start = start;
	e->w.span = self->span;
	e->next = self->buckets[k];
	self->buckets[k] = e;
	if (++self->count > self->nbuckets)
		s_grow(self);
	return &e->w;
}

int
hv_tally_apply(hv_tally_t *self, const hv_tally_op_t *op)
{
	char lane[16];
	hv_window_t *w = hv_tally_get(self, op->store, hv_tally_window_start(self, op->t), true);
	hv_counters_t *l, *c = NULL;

	snprintf(lane, sizeof lane, "%d", op->lane);
	if (w == NULL || (l = hv_window_part(w, false, lane)) == NULL ||
	    (op->has_category && (c = hv_window_part(w, true, op->category)) == NULL))
		return -1;
	hv_counters_merge(&w->total, &op->delta);
	hv_counters_merge(l, &op->delta);
	if (c != NULL)
		hv_counters_merge(c, &op->delta);
	w->rev++;
	w->dirty = true;
	hv_tally_touch(self, w);
	return 0;
}

void
hv_tally_touch(hv_tally_t *self, hv_window_t *w)
{
	if (w->pending)
		return;
	if (self->npending == self->cappending) {
		size_t cap = self->cappending ? self->cappending * 2 : 256;
		hv_window_t **p = realloc(self->pending, cap * sizeof *p);
		if (p == NULL)
			return; /* published at its next change instead */
		self->pending = p;
		self->cappending = cap;
	}
	self->pending[self->npending++] = w;
	w->pending = true;
}

void
hv_tally_pending_each(hv_tally_t *self, bool (*fn)(hv_window_t *w, void *arg), void *arg)
{
	size_t keep = 0;

	for (size_t i = 0; i < self->npending; i++) {
		hv_window_t *w = self->pending[i];
		if (fn(w, arg))
			self->pending[keep++] = w;
		else
			w->pending = false;
	}
	self->npending = keep;
}

size_t
hv_tally_pending_count(const hv_tally_t *self)
{
	return self->npending;
}

int
hv_tally_each(hv_tally_t *self, int (*fn)(hv_window_t *w, void *arg), void *arg)
{
	for (size_t b = 0; b < self->nbuckets; b++)
		for (entry_t *e = self->buckets[b]; e != NULL; e = e->next) {
			int rc = fn(&e->w, arg);
			if (rc != 0)
				return rc;
		}
	return 0;
}

void
hv_tally_mark_clean(hv_tally_t *self)
{
	for (size_t b = 0; b < self->nbuckets; b++)
		for (entry_t *e = self->buckets[b]; e != NULL; e = e->next)
			e->w.dirty = false;
}

size_t
hv_tally_evict(hv_tally_t *self, int64_t before)
{
	size_t dropped = 0;

	for (size_t b = 0; b < self->nbuckets; b++) {
		entry_t **pp = &self->buckets[b];
		while (*pp != NULL) {
			entry_t *e = *pp;
			if (!e->w.dirty && !e->w.pending && e->w.start < before &&
			    e->w.published_rev == e->w.rev) {
				*pp = e->next;
				hv_window_clear(&e->w);
				free(e);
				dropped++;
			} else {
				pp = &e->next;
			}
		}
	}
	self->count -= dropped;
	return dropped;
}

size_t
hv_tally_count(const hv_tally_t *self)
{
	return self->count;
}
