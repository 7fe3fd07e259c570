/*
 * ingest.c -- checkout requests to journal events and tally changes.
 */
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "autoconfig.h"
#include "checkout.h"
#include "date.h"
#include "i18n.h"
#include "log.h"

#define MAX_PLAUSIBLE_AGE   (7LL * 24 * 3600 * 1000) /* an older ts is not believed */
#define MAX_PLAUSIBLE_AHEAD (5LL * 60 * 1000)        /* nor one further ahead */
#define UNAVAILABLE_LOG_MS  60000                    /* say so at most once a minute */

struct hv_ingest {
	hv_journal_t *journal;        /* borrowed */
	hv_tally_t *tally;            /* the tallies of committed events */
	hv_tagger_t tagger;           /* catalog borrowed */
	char store[HV_STORE_MAX + 1]; /* the store this daemon records */
	bool in_batch;                /* a journal transaction is open */
	bool live;                    /* counting a newly recorded event (not a replayed one) */
	int batch_events;             /* recording requests in it */
	hv_tally_op_t *ops;           /* the batch's tally changes, applied on commit */
	size_t nops, capops;
	int64_t last_id;            /* highest committed event id */
	int64_t batch_last_id;      /* highest event id in the open batch, 0: none */
	int64_t checkpoint_id;      /* event id the journal's tallies include */
	bool unavailable;           /* the journal could not be written last time */
	int64_t unavailable_logged; /* when that was last logged, ms */
};

/* ---------------------------------------------------------------- tallies */

static int
s_push_op(hv_ingest_t *self, const hv_event_t *at, int64_t t, const char *category,
    const hv_counters_t *delta)
{
	if (self->nops == self->capops) {
		size_t cap = self->capops ? self->capops * 2 : 256;
		hv_tally_op_t *ops = realloc(self->ops, cap * sizeof *ops);
		if (ops == NULL)
			return -1;
		self->ops = ops;
		self->capops = cap;
	}
	hv_tally_op_t *op = &self->ops[self->nops++];
	memset(op, 0, sizeof *op);
	snprintf(op->store, sizeof op->store, "%s", at->store);
	op->t = t;
	op->lane = at->lane;
	op->has_category = category != NULL;
	if (category != NULL)
		snprintf(op->category, sizeof op->category, "%s", category);
	op->delta = *delta;
	return 0;
}

/* The tally change of taking scan S back out (SIGN -1) or in (+1); for a
 * live event also the product rollup's (replayed events have theirs in
 * the journal already). */
static int
s_push_line(hv_ingest_t *self, const hv_event_t *s, int sign)
{
	hv_counters_t d;
	if (self->live && hv_journal_product_add(self->journal, s, sign) < 0)
		return -1;
	hv_counters_line(&d, s->tag.cls, s->qty, s->amount, s->tag.ocop > 0, s->tag.local, sign);
	return s_push_op(self, s, s->t, s->tag.category, &d);
}

static int
s_push_line_out(const hv_event_t *s, void *arg)
{
	return s_push_line(arg, s, -1);
}

/* A cancel E: every line of its transaction not voided before it taken
 * out where it was counted, and, when the transaction had ended (a sale
 * annulled afterwards), its txns taken back out of the end's window. */
static int
s_cancel_ops(hv_ingest_t *self, const hv_event_t *e)
{
	hv_event_t key = *e, end;
	hv_counters_t d = {{0}};
	int rc;

	if (hv_journal_txn_lines(
	        self->journal, e->store, e->lane, e->txn, e->id, s_push_line_out, self) < 0)
		return -1;
	key.op = HV_OP_END;
	key.line = 0;
	if ((rc = hv_journal_find(self->journal, &key, &end)) <= 0)
		return rc; /* cancelled before its end: no txns were counted */
	d.v[HV_C_TXNS] = -1;
	return s_push_op(self, &end, end.t, NULL, &d);
}

/* Queue the tally changes event E makes (doc/protocol.md "Counting"). The same
 * function serves live requests and the replay at start. */
static int
s_event_ops(hv_ingest_t *self, const hv_event_t *e)
{
	hv_counters_t d = {{0}};
	hv_event_t key = *e, scan;

	switch (e->op) {
	case HV_OP_SCAN: return s_push_line(self, e, +1);
	case HV_OP_VOID:
		key.op = HV_OP_SCAN;
		if (hv_journal_find(self->journal, &key, &scan) != 1)
			return -1;
		d.v[HV_C_VOIDS] = 1;
		return s_push_line(self, &scan, -1) < 0
		           ? -1
		           : s_push_op(self, e, e->t, scan.tag.category, &d);
	case HV_OP_CANCEL: return s_cancel_ops(self, e);
	case HV_OP_END: d.v[HV_C_TXNS] = 1; return s_push_op(self, e, e->t, NULL, &d);
	default: return 0;
	}
}

/* Apply OP to the tallies, reading its window from the journal's last
 * checkpoint first when it is not in memory. */
static int
s_apply_op(hv_ingest_t *self, const hv_tally_op_t *op)
{
	int64_t start = hv_tally_window_start(self->tally, op->t);
	if (hv_journal_window_hold(self->journal, self->tally, op->store, start) == NULL)
		return -1;
	return hv_tally_apply(self->tally, op);
}

static int
s_apply_ops(hv_ingest_t *self)
{
	int rc = 0;
	for (size_t i = 0; i < self->nops; i++)
		if (s_apply_op(self, &self->ops[i]) < 0)
			rc = -1;
	self->nops = 0;
	return rc;
}

/* -------------------------------------------------------------- the batch */

static void
s_log_unavailable(hv_ingest_t *self, int64_t now)
{
	if (!self->unavailable || now - self->unavailable_logged >= UNAVAILABLE_LOG_MS) {
		hv_error("%s; %s", hv_journal_error(self->journal),
		    _("tags are still answered, events are refused as unavailable until the "
		      "journal can be written"));
		self->unavailable_logged = now;
	}
	self->unavailable = true;
}

/* The journal failed: drop the batch. */
static void
s_drop_batch(hv_ingest_t *self)
{
	hv_journal_rollback(self->journal);
	self->in_batch = false;
	self->batch_events = 0;
	self->batch_last_id = 0;
	self->nops = 0;
	s_log_unavailable(self, hv_clock_ms(CLOCK_REALTIME));
}

void
hv_ingest_reply_unavailable(msgpack_sbuffer *reply, const hv_reply_id_t *rid)
{
	msgpack_packer pk;
	hv_request_t req = {.has_id = rid->has_id, .id = rid->id};

	msgpack_sbuffer_clear(reply);
	msgpack_packer_init(&pk, reply, msgpack_sbuffer_write);
	hv_checkout_reply_error(&pk, &req, HV_ERR_UNAVAILABLE,
	    _("the store's journal cannot be written now; keep the event and send it again later"));
}

int
hv_ingest_batch_size(const hv_ingest_t *self)
{
	return self->in_batch ? self->batch_events : 0;
}

int
hv_ingest_commit(hv_ingest_t *self)
{
	if (!self->in_batch)
		return 0;
	if (hv_journal_commit(self->journal) < 0) {
		s_drop_batch(self);
		return -1;
	}
	self->in_batch = false;
	self->batch_events = 0;
	if (self->unavailable)
		hv_info("%s", _("the journal can be written again"));
	self->unavailable = false;
	if (self->batch_last_id > 0)
		self->last_id = self->batch_last_id;
	self->batch_last_id = 0;
	if (s_apply_ops(self) < 0)
		hv_error("%s",
		    _("out of memory while counting; the tallies are rebuilt at the next start"));
	return 0;
}

/* --------------------------------------------------------------- requests */

/* The time an event counts at: its ts when plausible, else its arrival. */
static int64_t
s_event_time(const hv_request_t *req, int64_t now)
{
	if (req->has_ts && req->ts >= now - MAX_PLAUSIBLE_AGE &&
	    req->ts <= now + MAX_PLAUSIBLE_AHEAD)
		return req->ts;
	return now;
}

static int
s_add_to_basket(const hv_event_t *s, void *arg)
{
	hv_basket_t *b = arg;
	b->items[s->tag.cls] += s->qty;
	b->value[s->tag.cls] += s->amount;
	return 0;
}

/* The outcome of one recording request. */
typedef struct {
	hv_err_t err;     /* HV_ERR_NONE: accepted or a duplicate */
	const char *why;  /* for err */
	bool dup;         /* recorded before */
	hv_event_t event; /* scan: what the reply tags */
} outcome_t;

static int
s_refuse(outcome_t *o, hv_err_t err, const char *why)
{
	o->err = err;
	o->why = why;
	return 0;
}

/* Check the transaction of E takes E: open, or ended and E a cancel (a
 * sale annulled after its end). 1 it does, 0 refused (in *O), -1 error. */
static int
s_txn_open(hv_ingest_t *self, const hv_event_t *e, outcome_t *o)
{
	hv_txn_state_t state;
	int rc = hv_journal_txn_state(self->journal, e->store, e->lane, e->txn, &state);

	if (rc < 0)
		return -1;
	if (rc == 0 && e->op != HV_OP_SCAN)
		return s_refuse(o, HV_ERR_UNKNOWN_TXN, N_("no such transaction on this lane"));
	if (rc == 1 && state == HV_TXN_ENDED && e->op == HV_OP_CANCEL)
		return 1;
	if (rc == 1 && state != HV_TXN_OPEN)
		return s_refuse(o, HV_ERR_CLOSED_TXN,
		    N_("the transaction is already ended, cancelled or closed"));
	return 1;
}

/* Journal E, update its transaction to STATE, queue its tally changes.
 * 0, 1 when E was recorded before (nothing changes), or -1. */
static int
s_record_event(hv_ingest_t *self, hv_event_t *e, hv_txn_state_t state)
{
	int rc = hv_journal_insert(self->journal, e);
	if (rc != 0)
		return rc;
	if (hv_journal_txn_set(self->journal, e->store, e->lane, e->txn, state, e->arrival) < 0)
		return -1;
	self->batch_last_id = e->id;
	self->live = true;
	rc = s_event_ops(self, e);
	self->live = false;
	return rc;
}

/* A scan: tag, then duplicate, conflict and transaction checks. */
static int
s_scan(hv_ingest_t *self, const hv_request_t *req, int64_t now, outcome_t *o)
{
	hv_event_t *e = &o->event, old;
	int rc;

	hv_tagger_tag(&self->tagger, req->code, req->sym, hv_date_local(now / 1000), &e->tag);
	snprintf(e->code, sizeof e->code, "%s", req->code);
	e->line = req->line;
	e->qty = req->qty;
	e->amount = req->has_amount                           ? req->amount
	            : e->tag.measure.kind == HV_MEASURE_PRICE ? e->tag.measure.value * req->qty
	                                                      : 0;
	/* Recorded first, looked for only when that fails: most scans are new. */
	if ((rc = s_txn_open(self, e, o)) < 0)
		return -1;
	if (rc == 1 && (rc = s_record_event(self, e, HV_TXN_OPEN)) != 1)
		return rc;
	/* Refused, or recorded before: a repeat of a recorded line is a
	 * duplicate (or a conflict) whatever its transaction's state now. */
	if ((rc = hv_journal_find(self->journal, e, &old)) < 0)
		return -1;
	if (rc == 0)
		return o->err != HV_ERR_NONE ? 0 : -1; /* the refusal stands */
	o->err = HV_ERR_NONE;
	if (strcmp(old.code, e->code) != 0 || old.qty != e->qty || old.amount != e->amount)
		return s_refuse(o, HV_ERR_CONFLICT,
		    N_("this line of the transaction was recorded with another code, "
		       "quantity or amount"));
	o->dup = true;
	/* The original tag, with the note of this same code (not journaled). */
	memcpy(old.tag.note, e->tag.note, sizeof old.tag.note);
	e->tag = old.tag;
	return 0;
}

/* A void, cancel or end. */
static int
s_txn_op(hv_ingest_t *self, const hv_request_t *req, outcome_t *o)
{
	hv_event_t *e = &o->event, old;
	int rc;

	e->line = req->op == HV_OP_VOID ? req->line : 0;
	e->amount = req->op == HV_OP_END ? req->total : 0;
	if ((rc = hv_journal_find(self->journal, e, &old)) < 0)
		return -1;
	if (rc == 1) {
		o->dup = true;
		return 0;
	}
	if ((rc = s_txn_open(self, e, o)) <= 0)
		return rc;
	if (req->op == HV_OP_VOID) {
		hv_event_t key = *e;
		key.op = HV_OP_SCAN;
		if ((rc = hv_journal_find(self->journal, &key, &old)) < 0)
			return -1;
		if (rc == 0)
			return s_refuse(
			    o, HV_ERR_UNKNOWN_LINE, N_("no such line in the transaction"));
	}
	rc = s_record_event(self, e,
	    req->op == HV_OP_END      ? HV_TXN_ENDED
	    : req->op == HV_OP_CANCEL ? HV_TXN_CANCELLED
	                              : HV_TXN_OPEN);
	return rc == 1 ? -1 : rc; /* not found above, so not there: the journal is confused */
}

static void
s_reply_outcome(hv_ingest_t *self, const hv_request_t *req, const outcome_t *o, msgpack_packer *pk)
{
	hv_basket_t basket = {{0}, {0}};

	if (o->err != HV_ERR_NONE) {
		hv_checkout_reply_error(pk, req, o->err, _(o->why));
		return;
	}
	switch (req->op) {
	case HV_OP_SCAN: hv_checkout_reply_tag(pk, req, &o->event.tag, o->dup); break;
	case HV_OP_END:
		hv_journal_txn_lines(
		    self->journal, req->store, req->lane, req->txn, 0, s_add_to_basket, &basket);
		hv_checkout_reply_end(pk, req, &basket, o->dup);
		break;
	default: hv_checkout_reply_ok(pk, req, o->dup);
	}
}

/* A scan, void, end or cancel: recorded in the open batch. */
static hv_ingest_result_t
s_record(hv_ingest_t *self, const hv_request_t *req, int64_t now, msgpack_sbuffer *reply,
    msgpack_packer *pk)
{
	outcome_t o = {0};
	int rc;

	if (strcmp(req->store, self->store) != 0) {
		char msg[160];
		snprintf(msg, sizeof msg, _("this daemon records store %s, not %s"), self->store,
		    req->store);
		hv_checkout_reply_error(pk, req, HV_ERR_BAD_REQUEST, msg);
		return HV_INGEST_REPLY;
	}
	if (!self->in_batch) {
		if (hv_journal_begin(self->journal) < 0) {
			s_log_unavailable(self, now);
			hv_ingest_reply_unavailable(reply, &(hv_reply_id_t){req->has_id, req->id});
			return HV_INGEST_FAILED;
		}
		self->in_batch = true;
	}
	snprintf(o.event.store, sizeof o.event.store, "%s", req->store);
	o.event.lane = req->lane;
	snprintf(o.event.txn, sizeof o.event.txn, "%s", req->txn);
	o.event.op = req->op;
	o.event.t = s_event_time(req, now);
	o.event.arrival = now;
	rc = req->op == HV_OP_SCAN ? s_scan(self, req, now, &o) : s_txn_op(self, req, &o);
	if (rc < 0) {
		s_drop_batch(self);
		hv_ingest_reply_unavailable(reply, &(hv_reply_id_t){req->has_id, req->id});
		return HV_INGEST_FAILED;
	}
	self->batch_events++;
	s_reply_outcome(self, req, &o, pk);
	return HV_INGEST_PENDING;
}

hv_ingest_result_t
hv_ingest_handle(hv_ingest_t *self, const void *body, size_t len, int64_t now,
    msgpack_sbuffer *reply, hv_reply_id_t *rid)
{
	hv_request_t req;
	hv_tag_t tag;
	msgpack_packer pk;
	const char *why;
	hv_err_t err;

	msgpack_packer_init(&pk, reply, msgpack_sbuffer_write);
	err = hv_checkout_decode(body, len, &req, &why);
	rid->has_id = req.has_id;
	rid->id = req.id;
	if (err != HV_ERR_NONE) {
		hv_checkout_reply_error(&pk, &req, err, _(why));
		return HV_INGEST_REPLY;
	}
	switch (req.op) {
	case HV_OP_PING:
		hv_checkout_reply_ping(&pk, &req, PACKAGE_VERSION, self->store);
		return HV_INGEST_REPLY;
	case HV_OP_LOOKUP:
		hv_tagger_tag(&self->tagger, req.code, req.sym, hv_date_local(now / 1000), &tag);
		hv_checkout_reply_tag(&pk, &req, &tag, false);
		return HV_INGEST_REPLY;
	default: return s_record(self, &req, now, reply, &pk);
	}
}

/* ------------------------------------------------ checkpoints and replay */

int
hv_ingest_checkpoint(hv_ingest_t *self)
{
	if (self->in_batch || self->checkpoint_id == self->last_id)
		return 0;
	if (hv_journal_begin(self->journal) < 0)
		return -1;
	if (hv_journal_save_changed(self->journal, self->tally) < 0 ||
	    hv_journal_meta_set(self->journal, "checkpoint", self->last_id) < 0 ||
	    hv_journal_commit(self->journal) < 0) {
		hv_journal_rollback(self->journal);
		return -1;
	}
	hv_tally_mark_clean(self->tally);
	self->checkpoint_id = self->last_id;
	return 0;
}

static int
s_replay_one(const hv_event_t *e, void *arg)
{
	hv_ingest_t *self = arg;
	if (s_event_ops(self, e) < 0 || s_apply_ops(self) < 0)
		return -1;
	self->last_id = e->id;
	return 0;
}

/* Bring the tallies up to the journal: rebuild them all when they were
 * made with another span, then replay events after the checkpoint. */
static int
s_recover(hv_ingest_t *self, int64_t span_ms)
{
	int64_t span = 0, replayed;

	if (hv_journal_meta_get(self->journal, "span", &span) < 0 ||
	    hv_journal_meta_get(self->journal, "checkpoint", &self->checkpoint_id) < 0)
		return -1;
	if (span != span_ms) {
		if (span != 0)
			hv_warn(_("the window was %lld s and is now %lld s: rebuilding every tally "
			          "from the journal"),
			    (long long)span / 1000, (long long)span_ms / 1000);
		if (hv_journal_begin(self->journal) < 0 ||
		    hv_journal_tallies_drop(self->journal) < 0 ||
		    hv_journal_meta_set(self->journal, "span", span_ms) < 0 ||
		    hv_journal_meta_set(self->journal, "checkpoint", 0) < 0 ||
		    hv_journal_commit(self->journal) < 0) {
			hv_journal_rollback(self->journal);
			return -1;
		}
		self->checkpoint_id = 0;
	}
	self->last_id = self->checkpoint_id;
	if (hv_journal_events_after(self->journal, self->checkpoint_id, s_replay_one, self) != 0)
		return -1;
	replayed = self->last_id - self->checkpoint_id;
	if (replayed > 0)
		hv_info(_("counted %lld journal events that the last checkpoint lacked"),
		    (long long)replayed);
	return hv_ingest_checkpoint(self);
}

hv_ingest_t *
hv_ingest_new(hv_journal_t *j, int64_t span_ms, const hv_tagger_t *tagger, const char *store,
    char *err, size_t errlen)
{
	hv_ingest_t *self = calloc(1, sizeof *self);

	if (self == NULL || (self->tally = hv_tally_new(span_ms)) == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		free(self);
		return NULL;
	}
	self->journal = j;
	self->tagger = *tagger;
	snprintf(self->store, sizeof self->store, "%s", store);
	if (s_recover(self, span_ms) < 0) {
		snprintf(err, errlen, _("cannot recover the tallies from the journal: %s"),
		    hv_journal_error(j));
		hv_ingest_destroy(&self);
		return NULL;
	}
	return self;
}

void
hv_ingest_destroy(hv_ingest_t **self_p)
{
	hv_ingest_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	if (self->in_batch)
		hv_journal_rollback(self->journal);
	hv_tally_destroy(&self->tally);
	free(self->ops);
	free(self);
	*self_p = NULL;
}

int
hv_ingest_close_idle(hv_ingest_t *self, int64_t now, int64_t idle_ms)
{
	if (self->in_batch)
		return 0;
	return hv_journal_close_idle(self->journal, now - idle_ms);
}

void
hv_ingest_set_tagger(hv_ingest_t *self, const hv_tagger_t *tagger)
{
	self->tagger = *tagger;
}

hv_tally_t *
hv_ingest_tally(hv_ingest_t *self)
{
	return self->tally;
}

bool
hv_ingest_unavailable(const hv_ingest_t *self)
{
	return self->unavailable;
}
