/*
 * checkpointer.h -- copies a WAL database's log back into the database
 * from a thread of its own. SQLite otherwise does it inside a commit once
 * the log passes 1,000 pages: with one scan a commit that is every hundred
 * or so scans, and the scan whose reply waits on that commit waits 10-30 ms
 * more (two fdatasyncs here). Once this runs, the writing connection
 * checkpoints itself ten times less often (hv_journal_checkpoint_elsewhere),
 * mostly finding the work done. A passive checkpoint never blocks the
 * writer or readers.
 */
#ifndef HV_CHECKPOINTER_H
#define HV_CHECKPOINTER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct hv_checkpointer hv_checkpointer_t;

/* Checkpoint the database at PATH (in WAL mode) every INTERVAL_MS, with
 * synchronous=FULL when FULL (else NORMAL), on a connection of its own in
 * a thread that takes no signals. NULL with a message in ERR. */
hv_checkpointer_t *hv_checkpointer_start(
    const char *path, bool full, int interval_ms, char *err, size_t errlen);

/* Checkpoints done so far (each one copying at least one page). */
long hv_checkpointer_count(hv_checkpointer_t *self);

/* Stop the thread (after one last checkpoint), close its connection, free,
 * and set *SELF_P to NULL. Accepts NULL and *SELF_P NULL. */
void hv_checkpointer_stop(hv_checkpointer_t **self_p);

#endif
