/*
 * sender.c -- a batch pipelined to a store daemon, or spooled.
 */
#include "sender.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "i18n.h"
#include "log.h"
#include "pipeline.h"
#include "spool.h"

#define SPOOL_MAX     (1024LL * 1024 * 1024) /* 1 GiB: days of a busy shop's sales */
#define RETRY_MS      5000                   /* a silent daemon is asked again after */
#define REPLAY_CHUNK  4096                   /* spooled events acknowledged at once */

struct hv_sender {
	hv_sender_opts_t o;
	hv_pipeline_t *pipe;
	hv_spool_t *spool;
	hv_request_t *batch; /* the events not settled yet, in order: batch[i] is event BASE + i */
	size_t n, cap;
	int64_t base;
	int64_t sent;        /* the events before it went to the daemon */
	int64_t answered;    /* the events before it were recorded or refused */
	bool failed;         /* an answer said the daemon could not record */
	bool down;           /* the daemon did not answer; new events go to the spool */
	int64_t retry_at;    /* when it is asked again (monotonic ms) */
	bool sending;        /* the batch goes to the daemon (else to the spool) */
	long replayed;       /* replay: the first REPLAYED of the chunk were answered */
	struct replay_mark {
		int64_t next; /* the spool offset after this record */
		long passed;  /* records from the chunk's start through it */
	} chunk[REPLAY_CHUNK];
	msgpack_sbuffer sb;
};

/* What a reply means for its event: recorded or refused for good (true),
 * or not recorded and to be sent again (false: `unavailable`). */
static bool
s_settled(hv_sender_t *self, const hv_request_t *req, const hv_reply_t *r)
{
	if (r->ok)
		return true;
	if (r->err == HV_ERR_UNAVAILABLE)
		return false;
	if (self->o.refused != NULL)
		self->o.refused(self->o.arg, req, r);
	return true;
}

static void
s_on_reply(void *arg, const hv_request_t *req, int64_t tag, const hv_reply_t *r)
{
	hv_sender_t *self = arg;

	if (self->failed || !s_settled(self, req, r)) {
		self->failed = true;
		return;
	}
	if (tag >= 0)
		self->answered = tag + 1;
	else
		self->replayed = (long)-tag;
}

hv_sender_t *
hv_sender_open(const hv_sender_opts_t *o, char *err, size_t errlen)
{
	hv_sender_t *self = calloc(1, sizeof *self);

	if (self == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	self->o = *o;
	msgpack_sbuffer_init(&self->sb);
	hv_pipeline_opts_t po = {
	    .socket = {.endpoint = o->endpoint,
	        .server_public_key = o->server_public_key,
	        .client_key = o->client_key,
	        .insecure = o->insecure},
	    .window = o->window,
	    .patience_ms = o->patience_ms,
	    .on_reply = s_on_reply,
	    .arg = self};
	if ((self->pipe = hv_pipeline_open(&po, err, errlen)) == NULL ||
	    (self->spool = hv_spool_open(o->spool_path, SPOOL_MAX, err, errlen)) == NULL) {
		hv_sender_close(&self);
		return NULL;
	}
	return self;
}

void
hv_sender_close(hv_sender_t **self_p)
{
	hv_sender_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	hv_pipeline_close(&self->pipe);
	hv_spool_close(&self->spool);
	msgpack_sbuffer_destroy(&self->sb);
	free(self->batch);
	free(self);
	*self_p = NULL;
}

long
hv_sender_spooled(const hv_sender_t *self)
{
	return hv_spool_pending(self->spool);
}

int
hv_sender_up(const hv_sender_t *self)
{
	return !self->down;
}

static void
s_mark_down(hv_sender_t *self)
{
	if (!self->down)
		hv_log(HV_LOG_WARN, _("the daemon at %s does not answer: events for it go to the spool %s"),
		    self->o.endpoint, self->o.spool_path);
	self->down = true;
	self->retry_at = hv_clock_ms(CLOCK_MONOTONIC) + (self->o.retry_ms > 0 ? self->o.retry_ms : RETRY_MS);
	hv_pipeline_reset(self->pipe);
	self->failed = false;
}

/* Send up to REPLAY_CHUNK spooled records and acknowledge those answered.
 * 1 when records remain, 0 when the spool is empty, -1 when the daemon
 * stopped answering (or the spool cannot be read). */
static int
s_replay_chunk(hv_sender_t *self)
{
	hv_spool_rec_t rec;
	int64_t at = hv_spool_head(self->spool);
	long passed = 0; /* records read, those that cannot be decoded too */
	int rc = 1, sent = 0;

	self->replayed = 0;
	while (sent < REPLAY_CHUNK && (rc = hv_spool_read(self->spool, at, &rec)) == 1) {
		hv_request_t req;
		const char *why;
		at = rec.next;
		passed++;
		if (hv_checkout_decode(rec.body, rec.len, &req, &why) != HV_ERR_NONE) {
			hv_log(HV_LOG_WARN, _("a spooled event (offset %lld) cannot be read: %s; it is dropped"),
			    (long long)rec.offset, why);
			continue;
		}
		self->chunk[sent].next = at;
		self->chunk[sent].passed = passed;
		if (hv_pipeline_send(self->pipe, &req, -(int64_t)(sent + 1)) < 0)
			break;
		sent++;
	}
	bool all = rc >= 0 && hv_pipeline_drain(self->pipe) == 0 && !self->failed;
	if (all && passed > 0 && hv_spool_ack(self->spool, at, passed) < 0)
		return -1;
	if (!all && self->replayed > 0) {
		const struct replay_mark *m = &self->chunk[self->replayed - 1];
		if (hv_spool_ack(self->spool, m->next, m->passed) < 0)
			return -1;
	}
	if (!all)
		return -1;
	return hv_spool_pending(self->spool) > 0 ? 1 : 0;
}

/* Whether events can go to the daemon now: it is not known to be down
 * (or it is time to ask again), and the spool before them is empty. */
static bool
s_ready(hv_sender_t *self)
{
	int rc;

	if (self->down && hv_clock_ms(CLOCK_MONOTONIC) < self->retry_at)
		return false;
	if (hv_spool_pending(self->spool) == 0) {
		self->down = false;
		return true;
	}
	while ((rc = s_replay_chunk(self)) == 1)
		;
	if (rc < 0) {
		s_mark_down(self);
		return false;
	}
	if (self->down)
		hv_log(HV_LOG_INFO, _("the daemon at %s answers again; the spool %s is sent"),
		    self->o.endpoint, self->o.spool_path);
	self->down = false;
	return true;
}

int
hv_sender_add(hv_sender_t *self, const hv_request_t *req)
{
	if (self->n == self->cap) {
		size_t cap = self->cap ? self->cap * 2 : 256;
		hv_request_t *b = realloc(self->batch, cap * sizeof *b);
		if (b == NULL)
			return -1;
		self->batch = b;
		self->cap = cap;
	}
	if (self->n == 0) {
		self->sent = self->answered = self->base;
		self->sending = s_ready(self);
	}
	hv_request_t *r = &self->batch[self->n];
	*r = *req;
	if (self->sending && hv_pipeline_send(self->pipe, r, self->base + (int64_t)self->n) < 0)
		self->sending = false;
	else if (self->sending)
		self->sent = self->base + (int64_t)self->n + 1;
	self->n++;
	return 0;
}

int64_t
hv_sender_mark(const hv_sender_t *self)
{
	return self->base + (int64_t)self->n;
}

/* Forget the first K events: settled. */
static void
s_drop(hv_sender_t *self, size_t k)
{
	memmove(self->batch, self->batch + k, (self->n - k) * sizeof *self->batch);
	self->n -= k;
	self->base += (int64_t)k;
}

/* Write events FROM.. of the batch to the spool, durably. 0 or -1. */
static int
s_spool_rest(hv_sender_t *self, size_t from)
{
	msgpack_packer pk;

	for (size_t i = from; i < self->n; i++) {
		msgpack_sbuffer_clear(&self->sb);
		msgpack_packer_init(&pk, &self->sb, msgpack_sbuffer_write);
		self->batch[i].has_id = false;
		hv_checkout_pack_request(&pk, &self->batch[i]);
		int64_t rc = hv_spool_append_unsynced(self->spool, self->sb.data, self->sb.size);
		if (rc < 0) {
			if (rc == -2)
				hv_log(HV_LOG_ERROR, _("the spool %s is full: the events are sent again later"),
				    self->o.spool_path);
			else
				hv_log(HV_LOG_ERROR, _("cannot write the spool %s: %s"), self->o.spool_path,
				    strerror(errno));
			return -1;
		}
	}
	return from < self->n ? hv_spool_sync(self->spool) : 0;
}

int
hv_sender_settle_to(hv_sender_t *self, int64_t mark)
{
	int64_t end = self->base + (int64_t)self->n;
	int rc;

	if (mark > end)
		mark = end;
	if (mark <= self->base)
		return 0;
	if (self->sending && (hv_pipeline_wait(self->pipe, (int)(self->sent - mark)) < 0 ||
	                         self->failed || self->answered < mark))
		self->sending = false;
	if (self->sending) {
		s_drop(self, (size_t)(mark - self->base));
		return 0;
	}
	/* The daemon did not answer: all it has not answered goes to the spool. */
	if (!self->down)
		s_mark_down(self);
	rc = s_spool_rest(self, (size_t)(self->answered > self->base ? self->answered - self->base : 0));
	s_drop(self, self->n);
	return rc;
}

int
hv_sender_settle(hv_sender_t *self)
{
	return hv_sender_settle_to(self, hv_sender_mark(self));
}

long
hv_sender_flush(hv_sender_t *self)
{
	if (self->n == 0 && hv_spool_pending(self->spool) > 0)
		s_ready(self);
	return hv_spool_pending(self->spool);
}
