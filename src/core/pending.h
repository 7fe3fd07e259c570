/*
 * pending.h -- what a journal write transaction holds back until it
 * commits: the last state of each checkout transaction it touched, and
 * the sums it adds to each hourly product row. A batch of N scans then
 * writes each such row once instead of N times; the events themselves are
 * still inserted one by one. The journal flushes it just before COMMIT
 * and empties it at rollback, so what it holds is never seen half-done.
 */
#ifndef HV_PENDING_H
#define HV_PENDING_H

#include <stdbool.h>
#include <stdint.h>

#include "checkout.h"
#include "gtin.h"
#include "tag.h"

typedef enum { HV_TXN_OPEN, HV_TXN_ENDED, HV_TXN_CANCELLED, HV_TXN_IDLE } hv_txn_state_t;

/* A checkout transaction's row of the txn table. */
typedef struct {
	char store[HV_STORE_MAX + 1];
	int lane;
	char txn[HV_TXN_MAX + 1];
	hv_txn_state_t state;
	int64_t last; /* the last event's arrival, ms */
} hv_pending_txn_t;

/* A change to a row of the product table: its key, the name to keep
 * ("" keeps the row's), and the sums to add. */
typedef struct {
	int64_t hour;
	char store[HV_STORE_MAX + 1];
	const char *cls, *basis; /* static strings (hv_class_name, hv_basis_name) */
	char item[HV_CODE_MAX + 1];
	char category[HV_CATEGORY_MAX + 1];
	char name[HV_NAME_MAX + 1];
	int64_t qty, amount;
} hv_pending_product_t;

typedef struct hv_pending hv_pending_t;

/* Empty pending writes, or NULL when out of memory. */
hv_pending_t *hv_pending_new(void);
void hv_pending_destroy(hv_pending_t **self_p);

/* Forget everything held. */
void hv_pending_clear(hv_pending_t *self);

/* Hold T as its transaction's row (replacing one held). 0, or -1 when out
 * of memory. */
int hv_pending_txn_set(hv_pending_t *self, const hv_pending_txn_t *t);

/* The row held for (STORE, LANE, TXN), or NULL. */
const hv_pending_txn_t *hv_pending_txn_get(
    const hv_pending_t *self, const char *store, int lane, const char *txn);

/* Add P's sums to the change held for its row (a name that is not ""
 * replaces the held one). 0, or -1 when out of memory. */
int hv_pending_product_add(hv_pending_t *self, const hv_pending_product_t *p);

/* Call FN for every held row until it returns non-zero; returns that, or
 * 0. Transactions first, then products, each in the order first held. */
int hv_pending_each(const hv_pending_t *self, int (*txn_fn)(const hv_pending_txn_t *t, void *arg),
    int (*product_fn)(const hv_pending_product_t *p, void *arg), void *arg);

#endif
