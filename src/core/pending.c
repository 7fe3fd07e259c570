/*
 * pending.c -- rows held back until commit, in two row maps.
 */
#include "pending.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rowmap.h"

struct hv_pending {
	hv_rowmap_t txns, products;
};

static uint32_t
s_str(uint32_t h, const char *s)
{
	return hv_fnv(h, s, strlen(s) + 1);
}

static uint32_t
s_txn_hash(const void *row)
{
	const hv_pending_txn_t *t = row;
	uint32_t h = s_str(HV_FNV_SEED, t->store);
	h = hv_fnv(h, &t->lane, sizeof t->lane);
	return s_str(h, t->txn);
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
	uint32_t h = hv_fnv(HV_FNV_SEED, &p->hour, sizeof p->hour);
	h = s_str(h, p->store);
	h = s_str(h, p->cls);
	h = s_str(h, p->basis);
	h = s_str(h, p->item);
	return s_str(h, p->category);
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
	self->txns = HV_ROWMAP_INIT(hv_pending_txn_t, s_txn_hash, s_txn_same);
	self->products = HV_ROWMAP_INIT(hv_pending_product_t, s_product_hash, s_product_same);
	return self;
}

void
hv_pending_destroy(hv_pending_t **self_p)
{
	hv_pending_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	hv_rowmap_free(&self->txns);
	hv_rowmap_free(&self->products);
	free(self);
	*self_p = NULL;
}

void
hv_pending_clear(hv_pending_t *self)
{
	hv_rowmap_clear(&self->txns);
	hv_rowmap_clear(&self->products);
}

int
hv_pending_txn_set(hv_pending_t *self, const hv_pending_txn_t *t)
{
	hv_pending_txn_t *held = hv_rowmap_find(&self->txns, t);
	if (held != NULL) {
		*held = *t;
		return 0;
	}
	return hv_rowmap_add(&self->txns, t) != NULL ? 0 : -1;
}

const hv_pending_txn_t *
hv_pending_txn_get(const hv_pending_t *self, const char *store, int lane, const char *txn)
{
	hv_pending_txn_t key = {.lane = lane};
	snprintf(key.store, sizeof key.store, "%s", store);
	snprintf(key.txn, sizeof key.txn, "%s", txn);
	return hv_rowmap_find(&self->txns, &key);
}

int
hv_pending_product_add(hv_pending_t *self, const hv_pending_product_t *p)
{
	hv_pending_product_t *held = hv_rowmap_find(&self->products, p);
	if (held == NULL)
		return hv_rowmap_add(&self->products, p) != NULL ? 0 : -1;
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
	for (size_t i = 0; i < hv_rowmap_count(&self->txns); i++)
		if ((rc = txn_fn(hv_rowmap_at(&self->txns, i), arg)) != 0)
			return rc;
	for (size_t i = 0; i < hv_rowmap_count(&self->products); i++)
		if ((rc = product_fn(hv_rowmap_at(&self->products, i), arg)) != 0)
			return rc;
	return 0;
}
