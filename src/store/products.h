/*
 * products.h -- a store's products feed (doc/protocol.md "Feed", `products`):
 * each hour of its product rollup goes out whole, with its revision, when it
 * changed -- an hour still open at most once every HV_PRODUCTS_OPEN_MS, a
 * closed one at the next look -- and once more marked final when the hour
 * it was last sent open ends.
 */
#ifndef HV_PRODUCTS_H
#define HV_PRODUCTS_H

#include <stdint.h>

#include "feed.h"
#include "journal.h"

#define HV_PRODUCTS_OPEN_MS (10 * 60 * 1000)

typedef struct {
	hv_journal_t *journal; /* borrowed */
	hv_feed_t *feed;       /* borrowed */
	const char *store, *province, *district;
	int64_t open_hour;   /* the open hour last sent, -1 for none */
	int64_t open_sent;   /* when, Unix ms */
	bool open_final;     /* it has gone out final since it ended */
	int64_t sent;        /* hours sent */
} hv_products_t;

/* Send the hours due at NOW. 0, or -1 with hv_journal_error (the next look
 * tries again). */
int hv_products_publish(hv_products_t *self, int64_t now);

#endif
