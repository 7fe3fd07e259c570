/*
 * ingest.h -- the store daemon's handling of checkout requests: tag,
 * check idempotency and transaction state, journal, and turn events into
 * tally changes (doc/protocol.md "Counting", "Durability and idempotency").
 *
 * Events are journaled in batches: handle() adds to the open batch and
 * commit() makes it durable; only then are the batch's replies sent and its
 * tally changes applied, so the tallies always equal the committed journal.
 */
#ifndef HV_INGEST_H
#define HV_INGEST_H

#include <msgpack.h>
#include <stdbool.h>
#include <stdint.h>

#include "journal.h"
#include "tagger.h"
#include "tally.h"

typedef struct hv_ingest hv_ingest_t;

/* What handle() did with a request. */
typedef enum {
	HV_INGEST_REPLY,   /* the reply is ready and records nothing */
	HV_INGEST_PENDING, /* the reply waits for commit() */
	HV_INGEST_FAILED   /* the journal failed: this reply is `unavailable`, and the
	                        batch is gone, so every pending reply must become one */
} hv_ingest_result_t;

/* A new handler over the journal J (borrowed) with tallies of SPAN_MS
 * windows, tagging with TAGGER (copied; its catalog borrowed) for the store
 * STORE (answered by ping). Checks the journal's tallies: when they were
 * made with another window span they are rebuilt from the events. Then
 * replays events after the last checkpoint. NULL with ERR on failure. */
hv_ingest_t *hv_ingest_new(hv_journal_t *j, int64_t span_ms, const hv_tagger_t *tagger,
    const char *store, char *err, size_t errlen);
void hv_ingest_destroy(hv_ingest_t **self_p);

/* The id a request carried, echoed in its reply. */
typedef struct {
	bool has_id;
	int64_t id;
} hv_reply_id_t;

/* Handle one request body received at NOW (Unix ms): pack its reply into
 * REPLY and the request's id into *RID. */
hv_ingest_result_t hv_ingest_handle(hv_ingest_t *self, const void *body, size_t len, int64_t now,
    msgpack_sbuffer *reply, hv_reply_id_t *rid);

/* Events in the open batch (0: nothing to commit). */
int hv_ingest_batch_size(const hv_ingest_t *self);

/* Commit the open batch and apply its tally changes. Returns 0, or -1 when
 * the journal failed: the batch is dropped and its pending replies must
 * become `unavailable` (hv_ingest_reply_unavailable). */
int hv_ingest_commit(hv_ingest_t *self);

/* Pack (replacing what REPLY held) an `unavailable` reply for the request
 * whose id is RID. */
void hv_ingest_reply_unavailable(msgpack_sbuffer *reply, const hv_reply_id_t *rid);

/* Write changed windows and the checkpoint to the journal. 0 or -1. */
int hv_ingest_checkpoint(hv_ingest_t *self);

/* Close transactions idle since before NOW - IDLE_MS. Returns how many. */
int hv_ingest_close_idle(hv_ingest_t *self, int64_t now, int64_t idle_ms);

/* Change the tagger (after the catalog was reopened). */
void hv_ingest_set_tagger(hv_ingest_t *self, const hv_tagger_t *tagger);

/* The tallies (owned by the handler). */
hv_tally_t *hv_ingest_tally(hv_ingest_t *self);

/* Whether the journal could not be written at the last attempt. */
bool hv_ingest_unavailable(const hv_ingest_t *self);

#endif
