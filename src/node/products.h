/*
 * products.h -- a node's products feed (doc/protocol.md "Feed", `products`):
 * each hour of its product rollup -- a store's own, an office's region's
 * (store "*") -- goes out whole, with its revision, when it changed -- an
 * hour still open at most once every HV_PRODUCTS_OPEN_MS, a closed one at
 * the next look -- and once more marked final when the hour it was last
 * sent open ends.
 */
#ifndef HV_PRODUCTS_H
#define HV_PRODUCTS_H

#include <stdint.h>

#include "feed.h"
#include "journal.h"
#include "node.h"

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

/* Look every HV_PRODUCTS_LOOK_MS on NODE's loop: SELF's hours from JOURNAL,
 * of STORE (an office: "*") in PROVINCE and DISTRICT (all borrowed), go out
 * on the node's feed; a failed look is logged and the next tries again.
 * 0, or -1 when no timer is left. */
#define HV_PRODUCTS_LOOK_MS 2000
int hv_products_serve(hv_products_t *self, hv_node_t *node, hv_journal_t *journal,
    const char *store, const char *province, const char *district);

#endif
