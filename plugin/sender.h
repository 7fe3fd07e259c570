/*
 * sender.h -- one store daemon's ingest as hangviet-connect feeds it:
 * events go out pipelined (pipeline.h), and a batch of them is settled
 * when each was answered or, when the daemon does not answer, written
 * durably to a spool file (spool.h, the format libhangviet keeps). The
 * spool goes first, in order, once the daemon answers again; meanwhile new
 * batches go to the spool behind it, and the daemon is asked again every
 * few seconds. The daemon records each event once however often it comes,
 * so a batch cut short is simply sent again.
 */
#ifndef HV_SENDER_H
#define HV_SENDER_H

#include <stddef.h>

#include "checkout.h"

typedef struct hv_sender hv_sender_t;

/* Called for an event the daemon refused for good (conflict, closed_txn,
 * bad_request, ...): it will never be recorded, and is not sent again. */
typedef void (*hv_sender_refused_fn)(void *arg, const hv_request_t *req, const hv_reply_t *r);

typedef struct {
	const char *endpoint;          /* the daemon's ingest */
	const char *server_public_key; /* CurveZMQ: its NAME.pub, or NULL/"" */
	const char *client_key;        /* and our NAME.key */
	int insecure;                  /* plaintext to a daemon off this machine */
	const char *spool_path;        /* the spool file */
	int window;                    /* events in flight at most */
	int patience_ms;               /* how long a silent daemon is waited for */
	int retry_ms;                  /* a silent daemon is asked again after (0: 5 s) */
	hv_sender_refused_fn refused;
	void *arg;
} hv_sender_opts_t;

/* A sender, or NULL with ERR. */
hv_sender_t *hv_sender_open(const hv_sender_opts_t *o, char *err, size_t errlen);
void hv_sender_close(hv_sender_t **self_p);

/* Send REQ (copied). 0, or -1 when out of memory (nothing not settled is
 * then promised). */
int hv_sender_add(hv_sender_t *self, const hv_request_t *req);

/* Where the events added so far end: a mark to settle to. */
int64_t hv_sender_mark(const hv_sender_t *self);

/* Settle every event before MARK: wait for the daemon's answers (later
 * events stay in flight), or, when it does not answer, spool every event
 * it has not answered. 0 when every event before MARK was recorded,
 * refused or spooled durably; -1 when the spool could not be written (the
 * events must be sent again). */
int hv_sender_settle_to(hv_sender_t *self, int64_t mark);

/* hv_sender_settle_to every event added so far. */
int hv_sender_settle(hv_sender_t *self);

/* Between batches: send what the spool holds when the daemon answers
 * (a daemon known to be down is asked again every few seconds). The
 * events still spooled. */
long hv_sender_flush(hv_sender_t *self);

/* Events waiting in the spool. */
long hv_sender_spooled(const hv_sender_t *self);

/* Whether the daemon answered the last time it was asked. */
int hv_sender_up(const hv_sender_t *self);

#endif
