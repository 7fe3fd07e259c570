/*
 * pipeline.h -- events sent to a store daemon without waiting for each
 * reply: up to a window of requests in flight over one DEALER, each reply
 * matched to its request (the daemon answers a connection in order) and
 * handed back with the caller's tag. For senders whose input is itself
 * durable (a POSLog file stays until all of it is answered), so nothing is
 * spooled: when the daemon stops answering, the caller sends it all again
 * later, and the daemon records nothing twice.
 */
#ifndef HV_PIPELINE_H
#define HV_PIPELINE_H

#include <stdint.h>

#include "checkout.h"
#include "ingest_socket.h"

typedef struct hv_pipeline hv_pipeline_t;

/* Called with each reply: the request it answers, the tag given with it. */
typedef void (*hv_pipeline_reply_fn)(
    void *arg, const hv_request_t *req, int64_t tag, const hv_reply_t *reply);

typedef struct {
	hv_ingest_socket_opts_t socket;
	int window;          /* requests in flight at most (>= 1) */
	int patience_ms;     /* longest wait for the next reply */
	hv_pipeline_reply_fn on_reply;
	void *arg;
} hv_pipeline_opts_t;

/* A pipeline, or NULL with ERR. */
hv_pipeline_t *hv_pipeline_open(const hv_pipeline_opts_t *o, char *err, size_t errlen);
void hv_pipeline_close(hv_pipeline_t **self_p);

/* Send REQ (its id is the pipeline's), once there is room in the window.
 * 0, or -1 when the daemon did not answer within the patience: nothing
 * more goes out until hv_pipeline_reset. */
int hv_pipeline_send(hv_pipeline_t *self, hv_request_t *req, int64_t tag);

/* Wait for every reply. 0, or -1 as above. */
int hv_pipeline_drain(hv_pipeline_t *self);

/* Wait until at most LEFT requests are in flight (the oldest answered
 * first). 0, or -1 as above. */
int hv_pipeline_wait(hv_pipeline_t *self, int left);

/* Requests sent and not answered yet. */
int hv_pipeline_in_flight(const hv_pipeline_t *self);

/* Forget what is in flight (after -1): late replies are then dropped. */
void hv_pipeline_reset(hv_pipeline_t *self);

#endif
