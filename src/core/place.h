/*
 * place.h -- where a store is and what it is: its province and area, and the
 * attributes offices group by (DESIGN "Counting": chain, ownership, channel),
 * as its config says, the feed's `place` message carries and an office keeps.
 */
#ifndef HV_PLACE_H
#define HV_PLACE_H

#include <stdbool.h>

#define HV_FEED_ID_MAX 63 /* longest node, province, district or chain id */

/* Where a store is and what it is (doc/protocol.md "Feed", `place`): the
 * attributes offices group by. Each is "" when not given. */
#define HV_PLACE_NAME_MAX 127
typedef struct {
	char store[33];
	char province[HV_FEED_ID_MAX + 1];
	char district[HV_FEED_ID_MAX + 1]; /* the store's area */
	char chain[HV_FEED_ID_MAX + 1];    /* the chain it belongs to */
	char ownership[12];                /* who owns the chain: "domestic" or "foreign" */
	char channel[12];                  /* "modern" or "traditional" trade */
	char name[HV_PLACE_NAME_MAX + 1];  /* the store's name, for people */
} hv_place_t;

/* What is wrong with P's attributes (an ownership or channel not one of
 * its words, a chain or name that is not clean UTF-8), as a static English
 * sentence to translate, or NULL when nothing is. */
const char *hv_place_problem(const hv_place_t *p);

/* What an ownership or channel WORD says to a person ("domestic" ->
 * "domestic-owned"), to translate with _(); WORD itself when it is none. */
const char *hv_place_label(const char *word);

/* Whether A and B say the same of their store. */
bool hv_place_equal(const hv_place_t *a, const hv_place_t *b);

#endif
