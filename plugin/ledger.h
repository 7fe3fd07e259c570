/*
 * ledger.h -- hangviet-connect's state file for one account (SQLite,
 * STATE/connect/NAME.db): where each of the vendor's lists was read up to
 * (its cursor), what was sent for each sale (its revision and
 * fingerprint, sale.h), and the barcodes of the vendor's products. Only
 * ids, codes and times are kept: no customer, no name, no amount.
 *
 * A sale's row is written (pending) before its events go out and marked
 * settled, with the cursor, once every event was recorded or spooled; a
 * restart sends a pending sale again, which the daemon records once.
 */
#ifndef HV_LEDGER_H
#define HV_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hv_ledger hv_ledger_t;

typedef enum { HV_LEDGER_COUNTED = 1, HV_LEDGER_CANCELLED = 2 } hv_ledger_state_t;

/* What was sent for a sale. */
typedef struct {
	int rev;                 /* its revision counted (or cancelled); 0: none sent */
	uint64_t fp;             /* the fingerprint of that revision */
	hv_ledger_state_t state; /* counted, or cancelled */
	bool pending;            /* its events may not all have been recorded yet */
	char store[33];          /* the store it went to */
} hv_ledger_sale_t;

/* Open (creating) the ledger at PATH; NULL with ERR. */
hv_ledger_t *hv_ledger_open(const char *path, char *err, size_t errlen);
void hv_ledger_close(hv_ledger_t **self_p);

/* Group the writes that follow into one durable transaction. 0 or -1. */
int hv_ledger_begin(hv_ledger_t *self);
int hv_ledger_commit(hv_ledger_t *self);
void hv_ledger_rollback(hv_ledger_t *self);

/* The row of sale KEY: 1 found, 0 none, -1 on an error. */
int hv_ledger_sale(hv_ledger_t *self, const char *key, hv_ledger_sale_t *out);
/* Write it (pending as given), seen at NOW_MS. 0 or -1. */
int hv_ledger_put_sale(hv_ledger_t *self, const char *key, const hv_ledger_sale_t *s, int64_t now_ms);
/* Sale KEY settled: every event sent for it was recorded or spooled. */
int hv_ledger_settle(hv_ledger_t *self, const char *key);
/* Forget sales last seen before BEFORE_MS. How many, or -1. */
long hv_ledger_prune(hv_ledger_t *self, int64_t before_ms);

/* A value kept under NAME (a cursor, the time of the last poll):
 * 1 found, 0 none (BUF ""), -1 on an error. */
int hv_ledger_get(hv_ledger_t *self, const char *name, char *buf, size_t size);
int hv_ledger_set(hv_ledger_t *self, const char *name, const char *value);
/* The same for a number (0 when none). */
int64_t hv_ledger_get_int(hv_ledger_t *self, const char *name);
int hv_ledger_set_int(hv_ledger_t *self, const char *name, int64_t value);

/* The barcode of product (or variant) ID: 1 known (BUF, possibly "": it
 * has none), 0 not known, -1 on an error. */
int hv_ledger_code(hv_ledger_t *self, const char *id, char *buf, size_t size);
int hv_ledger_put_code(hv_ledger_t *self, const char *id, const char *code);

#endif
