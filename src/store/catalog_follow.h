/*
 * catalog_follow.h -- a store following its office's catalog (doc/protocol.md
 * "The office's catalog"): a thread that asks the office's sync socket for
 * the changes after the version it holds, at start and every few minutes,
 * and applies each answer to catalog.db in one transaction, as claims of
 * source `office` (so the store's own imports win for their products by
 * precedence). A tagger sees the version before or the version after,
 * never part of one; the thread runs at a lower priority so that lanes
 * are tagged as fast during an update. An answer cut short (the office
 * gone, a bad row) is dropped whole and asked for again.
 */
#ifndef HV_CATALOG_FOLLOW_H
#define HV_CATALOG_FOLLOW_H

#include <stddef.h>
#include <stdint.h>

#include "security.h"

typedef struct {
	const char *endpoint;          /* the office's sync endpoint */
	hv_connect_security_t sec;     /* its key and ours, or plaintext */
	int every_s;                   /* how often to ask */
	int wait_s;                    /* how long an answer may be silent */
	const char *path;              /* this store's catalog.db */
} hv_follow_conf_t;

typedef struct hv_follow hv_follow_t;

/* Start following (CONF's strings are borrowed and must outlive it). NULL
 * after logging why. */
hv_follow_t *hv_follow_start(const hv_follow_conf_t *conf);

/* Stop the thread (an answer being applied is dropped whole) and free it. */
void hv_follow_stop(hv_follow_t **self_p);

/* The office version applied, and when the office was last heard (Unix
 * ms, 0: not yet). */
void hv_follow_state(hv_follow_t *self, int64_t *version, int64_t *synced);

#endif
