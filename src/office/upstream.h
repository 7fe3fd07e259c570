/*
 * upstream.h -- what a district node knows of the nodes it follows, from
 * the config file's [upstream NAME] sections (and --upstream): where each
 * is, its CurveZMQ public key, and whom it may speak for. doc/protocol.md
 * "Security": an office trusts a store's identity from the store's key,
 * which this binds to store ids; a tally for any other store is dropped.
 */
#ifndef HV_UPSTREAM_H
#define HV_UPSTREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "feed.h"

#define HV_UPSTREAM_MAX 64 /* upstreams one node follows */

typedef struct {
	char name[64];                     /* the section's NAME */
	char feed[256], sync[256];         /* its endpoints; sync "": the feed's port + 1 */
	char server_public_key[1024];      /* its NAME.pub: CurveZMQ; "" for plaintext */
	int insecure;                      /* plaintext off this machine, knowingly */
	char stores[1024];                 /* the store ids it speaks for, "a,b"; "" any */
	char district[HV_FEED_ID_MAX + 1]; /* the district it speaks for; "" any */
	char province[HV_FEED_ID_MAX + 1]; /* the province it speaks for; "" any */
} hv_upstream_conf_t;

/* The [upstream NAME] sections read so far. */
typedef struct {
	hv_upstream_conf_t up[HV_UPSTREAM_MAX];
	int n;
} hv_upstream_list_t;

/* Take KEY = VALUE of the config file's SECTION into LIST when SECTION is
 * "upstream NAME" (a config.h section callback): 1 taken, 0 not such a
 * section, -1 with *WHY (translatable) when the key or value is wrong. */
int hv_upstream_set(hv_upstream_list_t *list, const char *section, const char *key,
    const char *value, const char **why);

/* Whether a section read is complete: 0, or -1 with *WHY (translatable,
 * with one %s for the section's name). */
int hv_upstream_check(const hv_upstream_conf_t *c, const char **why);

/* Write into SYNC (LEN bytes) the sync endpoint of FEED: SYNC_GIVEN when
 * it is not NULL or "", else the feed's port + 1. Returns 0, or -1 with
 * *WHY when the feed has no port to add to. */
int hv_upstream_sync_of(
    const char *feed, const char *sync_given, char *sync, size_t len, const char **why);

/* Whether the upstream C (NULL: one without a section) may speak for
 * STORE of DISTRICT and PROVINCE (STORE NULL: for the area as a whole). An
 * upstream that names no stores, district or province speaks for any. */
bool hv_upstream_speaks_for(
    const hv_upstream_conf_t *c, const char *store, const char *district, const char *province);

#endif
