/*
 * pipeline.c -- a window of requests in flight, replies matched in order.
 */
#include "pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "date.h"

typedef struct {
	hv_request_t req;
	int64_t tag;
} flight_t;

struct hv_pipeline {
	hv_pipeline_opts_t o;
	void *ctx, *sock;
	flight_t *ring; /* requests in flight, oldest at head */
	int head, n;
	int64_t next_id;
	bool stuck; /* the daemon did not answer in time */
	msgpack_sbuffer sb;
};

hv_pipeline_t *
hv_pipeline_open(const hv_pipeline_opts_t *o, char *err, size_t errlen)
{
	hv_pipeline_t *self = calloc(1, sizeof *self);

	if (self == NULL || o->window < 1 ||
	    (self->ring = calloc((size_t)o->window, sizeof *self->ring)) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(self);
		return NULL;
	}
	self->o = *o;
	msgpack_sbuffer_init(&self->sb);
	hv_ingest_socket_opts_t so = o->socket;
	so.hwm = o->window * 2;
	if ((self->ctx = zmq_ctx_new()) == NULL ||
	    (self->sock = hv_ingest_socket_open(self->ctx, &so, err, errlen)) == NULL) {
		if (self->ctx == NULL)
			snprintf(err, errlen, "cannot make a ZeroMQ context: %s", zmq_strerror(errno));
		hv_pipeline_close(&self);
		return NULL;
	}
	return self;
}

void
hv_pipeline_close(hv_pipeline_t **self_p)
{
	hv_pipeline_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	if (self->sock != NULL)
		zmq_close(self->sock);
	if (self->ctx != NULL)
		zmq_ctx_term(self->ctx);
	msgpack_sbuffer_destroy(&self->sb);
	free(self->ring);
	free(self);
	*self_p = NULL;
}

void
hv_pipeline_reset(hv_pipeline_t *self)
{
	self->head = self->n = 0;
	self->stuck = false;
}

/* Read one reply (FLAGS: 0 or ZMQ_DONTWAIT) and hand it to its request,
 * the oldest in flight (older replies, of requests forgotten by a reset,
 * are dropped). 1 when one was matched, 0 when what came was not for a
 * request in flight, -1 when nothing came. */
static int
s_take_reply(hv_pipeline_t *self, int flags)
{
	zmq_msg_t f[2];
	int matched = 0, frames;
	hv_reply_t r;

	zmq_msg_init(&f[0]);
	zmq_msg_init(&f[1]);
	frames = hv_ingest_socket_recv(self->sock, f, flags);
	if (frames == 2 && zmq_msg_size(&f[0]) == 0 && self->n > 0 &&
	    hv_checkout_read_reply(zmq_msg_data(&f[1]), zmq_msg_size(&f[1]), &r) == 0 && r.has_id &&
	    r.id == self->ring[self->head].req.id) {
		const flight_t *fl = &self->ring[self->head];
		self->o.on_reply(self->o.arg, &fl->req, fl->tag, &r);
		self->head = (self->head + 1) % self->o.window;
		self->n--;
		matched = 1;
	}
	zmq_msg_close(&f[0]);
	zmq_msg_close(&f[1]);
	return frames < 0 ? -1 : matched;
}

/* Take replies until at most LEFT requests are in flight: those that
 * have come, without a system call each, then a poll for more. 0, or -1
 * when no reply came within the patience. */
static int
s_wait_until(hv_pipeline_t *self, int left)
{
	int64_t deadline = hv_clock_ms(CLOCK_MONOTONIC) + self->o.patience_ms;
	int rc;

	while (self->n > left) {
		bool progress = false;
		while (self->n > left && (rc = s_take_reply(self, ZMQ_DONTWAIT)) >= 0)
			progress = progress || rc == 1;
		if (self->n <= left)
			break;
		if (progress)
			deadline = hv_clock_ms(CLOCK_MONOTONIC) + self->o.patience_ms;
		zmq_pollitem_t item = {self->sock, 0, ZMQ_POLLIN, 0};
		int64_t wait = deadline - hv_clock_ms(CLOCK_MONOTONIC);
		rc = wait > 0 ? zmq_poll(&item, 1, (long)wait) : 0;
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0) {
			self->stuck = true;
			return -1;
		}
	}
	return 0;
}

int
hv_pipeline_send(hv_pipeline_t *self, hv_request_t *req, int64_t tag)
{
	msgpack_packer pk;

	/* A full window is let down to half before more go out: replies are
	 * then taken, and requests sent, in runs rather than one by one. */
	if (self->stuck || (self->n == self->o.window && s_wait_until(self, self->o.window / 2) < 0))
		return -1;
	req->has_id = true;
	req->id = ++self->next_id;
	msgpack_sbuffer_clear(&self->sb);
	msgpack_packer_init(&pk, &self->sb, msgpack_sbuffer_write);
	hv_checkout_pack_request(&pk, req);
	if (hv_ingest_socket_send(self->sock, self->sb.data, self->sb.size,
	        hv_clock_ms(CLOCK_MONOTONIC) + self->o.patience_ms) < 0) {
		self->stuck = true;
		return -1;
	}
	flight_t *fl = &self->ring[(self->head + self->n) % self->o.window];
	fl->req = *req;
	fl->tag = tag;
	self->n++;
	return 0;
}

int
hv_pipeline_drain(hv_pipeline_t *self)
{
	return hv_pipeline_wait(self, 0);
}

int
hv_pipeline_wait(hv_pipeline_t *self, int left)
{
	return self->stuck ? -1 : s_wait_until(self, left < 0 ? 0 : left);
}

int
hv_pipeline_in_flight(const hv_pipeline_t *self)
{
	return self->n;
}
