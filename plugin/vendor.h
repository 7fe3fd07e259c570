/*
 * vendor.h -- what each cloud POS gives hangviet-connect: its lists of
 * sales (KiotViet: invoices and returns; Sapo and Haravan: orders, with
 * their refunds), each read a page at a time, oldest change first, from a
 * time on; and how a call to it is authenticated. kiotviet.c and
 * orders.c implement it; account.c drives it.
 */
#ifndef HV_VENDOR_H
#define HV_VENDOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "account_conf.h"
#include "api.h"
#include "ledger.h"
#include "sale.h"

/* One page of a list. */
typedef struct {
	hv_sale_t *sales; /* what it holds, in the vendor's order (oldest change first) */
	size_t n, cap;
	bool more;        /* another page follows */
	int64_t changed;  /* the latest change on the page (Unix ms): the cursor moves to it */
} hv_page_t;

/* The next sale of P (emptied), or NULL when out of memory. */
hv_sale_t *hv_page_add(hv_page_t *p);
void hv_page_clear(hv_page_t *p);
void hv_page_free(hv_page_t *p);

/* What a vendor's reader is given. */
typedef struct {
	const hv_account_conf_t *conf;
	hv_api_t *api;       /* calls to the vendor */
	hv_ledger_t *ledger; /* product codes are kept there */
	const char *secret;  /* what secret_file holds */
} hv_vendor_ctx_t;

typedef struct {
	int lists;                          /* how many lists of sales */
	const char *const *list_names;      /* each one's name ("invoices"), its cursor's key */
	void *(*open)(const hv_vendor_ctx_t *ctx, char *err, size_t errlen);
	void (*close)(void *self);
	hv_api_auth_fn auth;                /* called with the reader as its argument */
	/* Page PAGE (0, 1, ...) of list LIST, what changed from SINCE_MS on,
	 * into OUT (cleared first). 0; -1 with ERR; -2 asked to stop. */
	int (*page)(void *self, int list, int64_t since_ms, int page, hv_page_t *out, char *err,
	    size_t errlen);
} hv_vendor_ops_t;

extern const hv_vendor_ops_t hv_kiotviet_ops;
extern const hv_vendor_ops_t hv_sapo_ops;
extern const hv_vendor_ops_t hv_haravan_ops;

/* The reader of KIND (hv_vendor_kind_t). */
const hv_vendor_ops_t *hv_vendor_ops(int kind);

/* The barcode of product (or variant) ID in the ledger's codes, else
 * FALLBACK, into CODE; used by every reader for a line's code. */
void hv_vendor_line_code(hv_ledger_t *ledger, const char *id, const char *fallback,
    char code[HV_CODE_MAX + 1]);

#endif
