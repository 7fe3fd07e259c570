/*
 * pending.c -- rows held back until commit: two growable arrays, each with
 * an open-addressing index (linear probing, at most half full).
 */
#include "pending.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An array of ELEM_SIZE-byte rows and its index by key. */
typedef struct {
	char *rows;
	size_t n, cap, elem_size;
	uint32_t *slots; /* row + 1; 0: empty */
	size_t nslots;   /* a power of two, 2 * cap */
	uint32_t (*hash)(const void *row);
	bool (*same)(const void *a, const void *b);
} table_t;

struct hv_pending {
	table_t txns, products;
};

static uint32_t
s_fnv(uint32_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static uint32_t
s_fnv_str(uint32_t h, const char *s)
{
	return s_fnv(h, s, strlen(s) + 1);
}

static uint32_t
s_txn_hash(const void *row)
{
	const hv_pending_txn_t *t = row;
	uint32_t h = s_fnv_str(2166136261u, t->store);
	h = s_fnv(h, &t->lane, sizeof t->lane);
	return s_fnv_str(h, t->txn);
}

static bool
s_txn_same(const void *a, const void *b)
{
	const hv_pending_txn_t *x = a, *y = b;
	return x->lane == y->lane && strcmp(x->txn, y->txn) == 0 && strcmp(x->store, y->store) == 0;
}

static uint32_t
s_product_hash(const void *row)
{
	const hv_pending_product_t *p = row;
	uint32_t h = s_fnv(2166136261u, &p->hour, sizeof p->hour);
	h = s_fnv_str(h, p->store);
	h = s_fnv_str(h, p->cls);
	h = s_fnv_str(h, p->basis);
	h = s_fnv_str(h, p->item);
	return s_fnv_str(h, p->category);
}

static bool
s_product_same(const void *a, const void *b)
{
	const hv_pending_product_t *x = a, *y = b;
	return x->hour == y->hour && strcmp(x->item, y->item) == 0 && strcmp(x->cls, y->cls) == 0 &&
	       strcmp(x->basis, y->basis) == 0 && strcmp(x->category, y->category) == 0 &&
	       strcmp(x->store, y->store) == 0;
}

hv_pending_t *
hv_pending_new(void)
{
	hv_pending_t *self = calloc(1, sizeof *self);
	if (self == NULL)
		return NULL;
	self->txns = (table_t){
	    .elem_size = sizeof(hv_pending_txn_t), .hash = s_txn_hash, .same = s_txn_same};
	self->products = (table_t){.elem_size = sizeof(hv_pending_product_t),
	    .hash = s_product_hash,
	    .same = s_product_same};
	return self;
}

void
hv_pending_destroy(hv_pending_t **self_p)
{
	hv_pending_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	free(self->txns.rows);
	free(self->txns.slots);
	free(self->products.rows);
	free(self->products.slots);
	free(self);
	*self_p = NULL;
}

static void *
s_row(const table_t *t, size_t i)
{
	return t->rows + i * t->elem_size;
}

/* The slot of the row with ROW's key, or the empty slot where it goes. */
static uint32_t *
s_slot(const table_t *t, const void *row)
{
	size_t mask = t->nslots - 1;
	for (size_t i = t->hash(row) & mask;; i = (i + 1) & mask) {
		uint32_t *slot = &t->slots[i];
		if (*slot == 0 || t->same(s_row(t, *slot - 1), row))
			return slot;
	}
}

/* The held row with ROW's key, or NULL. */
static void *
s_find(const table_t *t, const void *row)
{
	if (t->n == 0)
		return NULL;
	uint32_t *slot = s_slot(t, row);
	return *slot != 0 ? s_row(t, *slot - 1) : NULL;
}

/* A copy of ROW added (its key not held yet). NULL when out of memory. */
static void *
s_add(table_t *t, const void *row)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		char *rows = realloc(t->rows, cap * t->elem_size);
		if (rows == NULL)
			return NULL;
		t->rows = rows;
		uint32_t *slots = calloc(cap * 2, sizeof *slots);
		if (slots == NULL)
			return NULL;
		t->cap = cap;
		free(t->slots);
		t->slots = slots;
		t->nslots = cap * 2;
		for (size_t i = 0; i < t->n; i++)
			*s_slot(t, s_row(t, i)) = (uint32_t)(i + 1);
	}
	void *added = s_row(t, t->n++);
	memcpy(added, row, t->elem_size);
	*s_slot(t, added) = (uint32_t)t->n;
	return added;
}

static void
s_clear(table_t *t)
{
	t->n = 0;
	if (t->slots != NULL)
		memset(t->slots, 0, t->nslots * sizeof *t->slots);
}

void
hv_pending_clear(hv_pending_t *self)
{
	s_clear(&self->txns);
	s_clear(&self->products);
}

int
hv_pending_txn_set(hv_pending_t *self, const hv_pending_txn_t *t)
{
	hv_pending_txn_t *held = s_find(&self->txns, t);
	if (held != NULL) {
		*held = *t;
		return 0;
	}
	return s_add(&self->txns, t) != NULL ? 0 : -1;
}

const hv_pending_txn_t *
hv_pending_txn_get(const hv_pending_t *self, const char *store, int lane, const char *txn)
{
	hv_pending_txn_t key = {.lane = lane};
	snprintf(key.store, sizeof key.store, "%s", store);
	snprintf(key.txn, sizeof key.txn, "%s", txn);
	return s_find(&self->txns, &key);
}

int
hv_pending_product_add(hv_pending_t *self, const hv_pending_product_t *p)
{
	hv_pending_product_t *held = s_find(&self->products, p);
	if (held == NULL)
		return s_add(&self->products, p) != NULL ? 0 : -1;
	held->qty += p->qty;
	held->amount += p->amount;
	if (p->name[0] != '\0')
		memcpy(held->name, p->name, sizeof held->name);
	return 0;
}

int
hv_pending_each(const hv_pending_t *self, int (*txn_fn)(const hv_pending_txn_t *t, void *arg),
    int (*product_fn)(const hv_pending_product_t *p, void *arg), void *arg)
{
	int rc;
	for (size_t i = 0; i < self->txns.n; i++)
		if ((rc = txn_fn(s_row(&self->txns, i), arg)) != 0)
			return rc;
	for (size_t i = 0; i < self->products.n; i++)
		if ((rc = product_fn(s_row(&self->products, i), arg)) != 0)
			return rc;
	return 0;
}
