/*
 * sale.h -- a finished sale (or return) as a cloud POS reports it, in the
 * connector's own terms, whichever vendor it came from, and the hangviet
 * events it becomes (doc/protocol.md "Shops on a cloud POS"):
 *
 *  - one `scan` per line, `line` = its place in the sale (1, 2, ...),
 *    `ts` = the sale's time, then an `end` with the sale's total;
 *  - a line's quantity with a fraction (0.42 kg) is one weighed item;
 *  - a line's amount is what the customer paid for it: its price times
 *    its quantity less its own discount, less its share of the sale's
 *    discount (split by line amount, the rounding remainder on the
 *    largest lines), so that the lines add up to what was paid;
 *  - a return is its own transaction of negative lines;
 *  - a sale counted and later changed is cancelled and counted again as
 *    it now stands, under its next revision's transaction id ("HD0001",
 *    then "HD0001~2", ...); a sale cancelled later is cancelled.
 */
#ifndef HV_SALE_H
#define HV_SALE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkout.h"

#define HV_SALE_KEY_MAX 63  /* the vendor's id of a sale, with its kind: "invoice:123" */
#define HV_SALE_TXN_BASE 56 /* a txn id leaves room for "~REV" */

typedef enum {
	HV_SALE_OPEN,     /* not finished (a draft, being delivered): nothing counts yet */
	HV_SALE_DONE,     /* completed: it counts */
	HV_SALE_CANCELLED /* cancelled or deleted: it does not count */
} hv_sale_status_t;

typedef struct {
	char code[HV_CODE_MAX + 1]; /* the barcode, else the vendor's product code or SKU */
	double quantity;            /* as the POS has it: 2, or 0.42 (kg) */
	int64_t amount;             /* VND: price x quantity less the line's discount */
} hv_sale_line_t;

typedef struct {
	char key[HV_SALE_KEY_MAX + 1];  /* unique among the account's sales */
	char txn[HV_SALE_TXN_BASE + 1]; /* the receipt number: the base of the txn id */
	char branch[32];                /* the vendor's branch or location id */
	int64_t ts;                     /* when it was sold (Unix ms) */
	int64_t changed;                /* when it last changed (Unix ms) */
	hv_sale_status_t status;
	bool is_return;                 /* its lines were returned: negative */
	int64_t discount;               /* the sale's own discount, VND, split over the lines */
	bool has_total;
	int64_t total;                  /* what the customer paid, VND */
	hv_sale_line_t *lines;
	size_t n, cap;
} hv_sale_t;

/* Empty *S for reuse (its lines' memory is kept). */
void hv_sale_reset(hv_sale_t *s);
void hv_sale_free(hv_sale_t *s);

/* Append a line; NULL when out of memory. */
hv_sale_line_t *hv_sale_add_line(hv_sale_t *s);

/* The receipt number as a txn id: TXN when it is 1-56 printable ASCII
 * characters, else FALLBACK (the vendor's numeric id). */
void hv_sale_set_txn(hv_sale_t *s, const char *txn, const char *fallback);

/* What identifies the sale's content: its lines, total, time and branch.
 * Equal for a sale seen again unchanged; different once it was edited. */
uint64_t hv_sale_fingerprint(const hv_sale_t *s);

/* Revision REV's transaction id ("HD0001", "HD0001~2") into BUF. */
void hv_sale_txn(const hv_sale_t *s, int rev, char buf[HV_TXN_MAX + 1]);

/* The events of revision REV of S for STORE and LANE: each line's scan
 * then the end, handed to EMIT in order. The first nonzero EMIT returns
 * stops it and is returned. */
typedef int (*hv_sale_emit_fn)(void *arg, const hv_request_t *req);
int hv_sale_events(const hv_sale_t *s, const char *store, int lane, int rev, hv_sale_emit_fn emit,
    void *arg);

/* The cancel of revision REV. */
void hv_sale_cancel(const hv_sale_t *s, const char *store, int lane, int rev, hv_request_t *req);

/* Each line's share of what was paid (the discount split), into AMOUNTS
 * (S->n of them), positive. */
void hv_sale_amounts(const hv_sale_t *s, int64_t *amounts);

/* A line's item count: its quantity when whole, 1 for a weighed line
 * (a fraction), never more than HV_QTY_MAX. Positive. */
int64_t hv_sale_items(double quantity);

#endif
