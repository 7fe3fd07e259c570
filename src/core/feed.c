/*
 * feed.c -- topics, tally, place and heartbeat bodies, and the publisher.
 *
 * The socket is an XPUB with XPUB_NODROP: a message that would overflow a
 * subscriber's queue is refused, counted as a stall, and sent again without
 * NODROP so every other subscriber still gets it (the stalled one then
 * misses messages until it reads again). A slow subscriber never slows the
 * daemon; it finds the gap by `seq` and catches up by sync.
 */
#include "feed.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "autoconfig.h"
#include "wire.h"

struct hv_feed {
	void *pub; /* XPUB, borrowed */
	char node[HV_FEED_ID_MAX + 1];
	char province[HV_FEED_ID_MAX + 1];
	char district[HV_FEED_ID_MAX + 1];
	int64_t seq;      /* last seq sent */
	int64_t sent;     /* messages sent */
	int64_t stalls;   /* times a subscriber's queue was found full */
	int republish_ms; /* an open window goes out at most once in this */
	msgpack_sbuffer sb;
};

void
hv_feed_topic(char *buf, size_t size, const char *kind, const char *province, const char *district,
    const char *store)
{
	snprintf(buf, size, "hv1/%s/%s/%s/%s", kind, province[0] ? province : "-",
	    district[0] ? district : "-", store[0] ? store : "-");
}

/* The start of a store's body: a map of N pairs, then kind, seq, node,
 * store, province and district, the same in every kind. */
static void
s_pack_head(msgpack_packer *pk, size_t n, const char *kind, int64_t seq, const char *node,
    const char *store, const char *province, const char *district)
{
	msgpack_pack_map(pk, n);
	hv_wire_kv_str(pk, "kind", kind);
	hv_wire_kv_int(pk, "seq", seq);
	hv_wire_kv_str(pk, "node", node);
	hv_wire_kv_str(pk, "store", store);
	hv_wire_kv_str(pk, "province", province);
	hv_wire_kv_str(pk, "district", district);
}

static void
s_pack_counters(msgpack_packer *pk, const hv_counters_t *c)
{
	msgpack_pack_map(pk, HV_NCOUNTERS);
	for (int i = 0; i < HV_NCOUNTERS; i++)
		hv_wire_kv_int(pk, hv_counter_name(i), c->v[i]);
}

static void
s_pack_parts(msgpack_packer *pk, const char *key, const hv_part_t *parts, size_t n)
{
	hv_wire_pack_str(pk, key);
	msgpack_pack_map(pk, n);
	for (size_t i = 0; i < n; i++) {
		hv_wire_pack_str(pk, parts[i].key);
		s_pack_counters(pk, &parts[i].c);
	}
}

void
hv_feed_pack_tally(msgpack_packer *pk, int64_t seq, const char *node, const char *province,
    const char *district, const hv_window_t *w, bool final)
{
	s_pack_head(pk, 13, "tally", seq, node, w->store, province, district);
	hv_wire_kv_int(pk, "window", w->start);
	hv_wire_kv_int(pk, "span", w->span);
	hv_wire_kv_int(pk, "rev", w->rev);
	hv_wire_kv_bool(pk, "final", final);
	hv_wire_pack_str(pk, "t");
	s_pack_counters(pk, &w->total);
	s_pack_parts(pk, "cats", w->cats, w->ncats);
	s_pack_parts(pk, "lanes", w->lanes, w->nlanes);
}

void
hv_feed_pack_hb(msgpack_packer *pk, int64_t seq, const char *node, int64_t ts, const char *version)
{
	msgpack_pack_map(pk, 5);
	hv_wire_kv_str(pk, "kind", "hb");
	hv_wire_kv_int(pk, "seq", seq);
	hv_wire_kv_str(pk, "node", node);
	hv_wire_kv_int(pk, "ts", ts);
	hv_wire_kv_str(pk, "version", version);
}

/* Unpack BUF into *MSG when it is a map whose `kind` is KIND: 0 (the
 * caller destroys *MSG), or -1 (nothing to destroy). */
static int
s_unpack_kind(const void *buf, size_t len, const char *kind, msgpack_unpacked *msg)
{
	const char *why;
	char got[12] = "";

	if (hv_wire_unpack_map(buf, len, msg, &why) < 0)
		return -1;
	if (hv_wire_get_str(&msg->data, "kind", got, sizeof got) == 1 && strcmp(got, kind) == 0)
		return 0;
	msgpack_unpacked_destroy(msg);
	return -1;
}

void
hv_feed_pack_products(msgpack_packer *pk, int64_t seq, const char *node, const char *province,
    const char *district, const hv_rollup_t *r, bool final)
{
	s_pack_head(pk, 10, "products", seq, node, r->store, province, district);
	hv_wire_kv_int(pk, "hour", r->hour);
	hv_wire_kv_int(pk, "rev", r->rev);
	hv_wire_kv_bool(pk, "final", final);
	hv_wire_pack_str(pk, "rows");
	msgpack_pack_array(pk, r->n);
	bool region = strcmp(r->store, "*") == 0; /* its rows say how many stores sold each */
	for (size_t i = 0; i < r->n; i++) {
		const hv_rollup_row_t *row = &r->rows[i];
		msgpack_pack_map(pk, region ? 8 : 7);
		hv_wire_kv_str(pk, "item", row->item);
		hv_wire_kv_str(pk, "class", row->cls);
		hv_wire_kv_str(pk, "basis", row->basis);
		hv_wire_kv_str(pk, "category", row->category);
		hv_wire_kv_str(pk, "name", row->name);
		hv_wire_kv_int(pk, "qty", row->qty);
		hv_wire_kv_int(pk, "amount", row->amount);
		if (region)
			hv_wire_kv_int(pk, "stores", row->stores);
	}
}

/* One row of a products body into ROW: every field there, of its size. */
static int
s_read_row(const msgpack_object *m, hv_rollup_row_t *row)
{
	if (m->type != MSGPACK_OBJECT_MAP)
		return -1;
	return hv_wire_get_str(m, "item", row->item, sizeof row->item) == 1 && row->item[0] &&
	               hv_wire_get_str(m, "class", row->cls, sizeof row->cls) == 1 &&
	               hv_wire_get_str(m, "basis", row->basis, sizeof row->basis) == 1 &&
	               hv_wire_get_str(m, "category", row->category, sizeof row->category) >= 0 &&
	               hv_wire_get_str(m, "name", row->name, sizeof row->name) >= 0 &&
	               hv_wire_get_int(m, "qty", &row->qty) == 1 &&
	               hv_wire_get_int(m, "amount", &row->amount) == 1 &&
	               hv_wire_get_int(m, "stores", &row->stores) >= 0 && row->stores >= 0
	           ? 0
	           : -1;
}

int
hv_feed_read_products(const void *buf, size_t len, hv_feed_products_t *out)
{
	msgpack_unpacked msg;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (s_unpack_kind(buf, len, "products", &msg) < 0)
		return -1;
	const msgpack_object *m = &msg.data, *rows = hv_wire_get(m, "rows");
	if (hv_wire_get_int(m, "seq", &out->seq) == 1 &&
	    hv_wire_get_str(m, "node", out->node, sizeof out->node) == 1 &&
	    hv_wire_get_str(m, "store", out->r.store, sizeof out->r.store) == 1 && out->r.store[0] &&
	    hv_wire_get_str(m, "province", out->province, sizeof out->province) == 1 &&
	    hv_wire_get_str(m, "district", out->district, sizeof out->district) == 1 &&
	    hv_wire_get_int(m, "hour", &out->r.hour) == 1 && out->r.hour % HV_PRODUCT_HOUR_MS == 0 &&
	    hv_wire_get_int(m, "rev", &out->r.rev) == 1 && out->r.rev >= 0 &&
	    hv_wire_get_bool(m, "final", &out->final) == 1 && rows != NULL &&
	    rows->type == MSGPACK_OBJECT_ARRAY) {
		rc = 0;
		for (uint32_t i = 0; i < rows->via.array.size && rc == 0; i++) {
			hv_rollup_row_t row = {0};
			rc = s_read_row(&rows->via.array.ptr[i], &row) < 0 || hv_rollup_add(&out->r, &row) < 0
			         ? -1
			         : 0;
		}
	}
	msgpack_unpacked_destroy(&msg);
	if (rc < 0)
		hv_rollup_clear(&out->r);
	return rc;
}

void
hv_feed_pack_place(msgpack_packer *pk, int64_t seq, const char *node, const hv_place_t *p)
{
	s_pack_head(pk, 10, "place", seq, node, p->store, p->province, p->district);
	hv_wire_kv_str(pk, "chain", p->chain);
	hv_wire_kv_str(pk, "ownership", p->ownership);
	hv_wire_kv_str(pk, "channel", p->channel);
	hv_wire_kv_str(pk, "name", p->name);
}

int
hv_feed_read_place(const void *buf, size_t len, hv_place_t *out)
{
	msgpack_unpacked msg;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (s_unpack_kind(buf, len, "place", &msg) < 0)
		return -1;
	const msgpack_object *m = &msg.data;
	/* the attributes are optional: a store that has none sends "" or nothing */
	if (hv_wire_get_str(m, "store", out->store, sizeof out->store) == 1 && out->store[0] &&
	    hv_wire_get_str(m, "province", out->province, sizeof out->province) >= 0 &&
	    hv_wire_get_str(m, "district", out->district, sizeof out->district) >= 0 &&
	    hv_wire_get_str(m, "chain", out->chain, sizeof out->chain) >= 0 &&
	    hv_wire_get_str(m, "ownership", out->ownership, sizeof out->ownership) >= 0 &&
	    hv_wire_get_str(m, "channel", out->channel, sizeof out->channel) >= 0 &&
	    hv_wire_get_str(m, "name", out->name, sizeof out->name) >= 0 &&
	    hv_place_problem(out) == NULL)
		rc = 0;
	msgpack_unpacked_destroy(&msg);
	return rc;
}

/* Read a counters map; unknown counters are ignored. */
static void
s_read_counters(const msgpack_object *m, hv_counters_t *c)
{
	memset(c, 0, sizeof *c);
	if (m == NULL || m->type != MSGPACK_OBJECT_MAP)
		return;
	for (int i = 0; i < HV_NCOUNTERS; i++)
		if (hv_wire_get_int(m, hv_counter_name(i), &c->v[i]) != 1)
			c->v[i] = 0;
}

static int
s_read_parts(const msgpack_object *m, hv_window_t *w, bool cat)
{
	char key[HV_PART_KEY_MAX + 1];

	if (m == NULL || m->type != MSGPACK_OBJECT_MAP)
		return 0;
	for (uint32_t i = 0; i < m->via.map.size; i++) {
		const msgpack_object_kv *kv = &m->via.map.ptr[i];
		if (kv->key.type != MSGPACK_OBJECT_STR || kv->key.via.str.size > HV_PART_KEY_MAX)
			return -1;
		memcpy(key, kv->key.via.str.ptr, kv->key.via.str.size);
		key[kv->key.via.str.size] = '\0';
		hv_counters_t *c = hv_window_part(w, cat, key);
		if (c == NULL)
			return -1;
		s_read_counters(&kv->val, c);
	}
	return 0;
}

int
hv_feed_read_tally(const void *buf, size_t len, hv_feed_tally_t *out)
{
	msgpack_unpacked msg;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (s_unpack_kind(buf, len, "tally", &msg) < 0)
		return -1;
	const msgpack_object *m = &msg.data;
	if (hv_wire_get_int(m, "seq", &out->seq) == 1 &&
	    hv_wire_get_str(m, "node", out->node, sizeof out->node) == 1 &&
	    hv_wire_get_str(m, "store", out->w.store, sizeof out->w.store) == 1 &&
	    hv_wire_get_str(m, "province", out->province, sizeof out->province) == 1 &&
	    hv_wire_get_str(m, "district", out->district, sizeof out->district) == 1 &&
	    hv_wire_get_int(m, "window", &out->w.start) == 1 &&
	    hv_wire_get_int(m, "span", &out->w.span) == 1 && out->w.span > 0 &&
	    hv_wire_get_int(m, "rev", &out->w.rev) == 1 && out->w.rev >= 0 &&
	    hv_wire_get_bool(m, "final", &out->final) == 1) {
		s_read_counters(hv_wire_get(m, "t"), &out->w.total);
		rc = s_read_parts(hv_wire_get(m, "cats"), &out->w, true) < 0 ||
		             s_read_parts(hv_wire_get(m, "lanes"), &out->w, false) < 0
		         ? -1
		         : 0;
	}
	msgpack_unpacked_destroy(&msg);
	if (rc < 0)
		hv_window_clear(&out->w);
	return rc;
}

hv_feed_t *
hv_feed_new(
    void *pub, const char *node, const char *province, const char *district, int64_t first_seq)
{
	hv_feed_t *self = calloc(1, sizeof *self);
	int one = 1;

	if (self == NULL)
		return NULL;
	self->pub = pub;
	snprintf(self->node, sizeof self->node, "%s", node);
	snprintf(self->province, sizeof self->province, "%s", province);
	snprintf(self->district, sizeof self->district, "%s", district);
	self->seq = first_seq;
	self->republish_ms = HV_FEED_REPUBLISH_MS;
	msgpack_sbuffer_init(&self->sb);
	zmq_setsockopt(pub, ZMQ_XPUB_NODROP, &one, sizeof one);
	return self;
}

void
hv_feed_destroy(hv_feed_t **self_p)
{
	hv_feed_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	msgpack_sbuffer_destroy(&self->sb);
	free(self);
	*self_p = NULL;
}

void
hv_feed_set_republish(hv_feed_t *self, int ms)
{
	self->republish_ms = ms;
}

int64_t
hv_feed_seq(const hv_feed_t *self)
{
	return self->seq;
}

int64_t
hv_feed_sent(const hv_feed_t *self)
{
	return self->sent;
}

int64_t
hv_feed_stalls(const hv_feed_t *self)
{
	return self->stalls;
}

/* Send TOPIC and the packed body: to every subscriber that has room; a
 * subscriber that has none misses it (counted). */
static void
s_send(hv_feed_t *self, const char *topic)
{
	int zero = 0, one = 1;

	for (int attempt = 0; attempt < 2; attempt++) {
		if (zmq_send(self->pub, topic, strlen(topic), ZMQ_SNDMORE | ZMQ_DONTWAIT) >= 0) {
			zmq_send(self->pub, self->sb.data, self->sb.size, ZMQ_DONTWAIT);
			self->sent++;
			break;
		}
		if (errno != EAGAIN)
			break;
		/* A subscriber's queue is full: it misses this one, the others not. */
		self->stalls++;
		zmq_setsockopt(self->pub, ZMQ_XPUB_NODROP, &zero, sizeof zero);
	}
	zmq_setsockopt(self->pub, ZMQ_XPUB_NODROP, &one, sizeof one);
}

void
hv_feed_send_tally(
    hv_feed_t *self, const char *province, const char *district, const hv_window_t *w, bool final)
{
	char topic[256];
	msgpack_packer pk;

	msgpack_sbuffer_clear(&self->sb);
	msgpack_packer_init(&pk, &self->sb, msgpack_sbuffer_write);
	hv_feed_pack_tally(&pk, ++self->seq, self->node, province, district, w, final);
	hv_feed_topic(topic, sizeof topic, "tally", province, district, w->store);
	s_send(self, topic);
}

void
hv_feed_send_products(hv_feed_t *self, const char *province, const char *district,
    const hv_rollup_t *r, bool final)
{
	char topic[256];
	msgpack_packer pk;

	msgpack_sbuffer_clear(&self->sb);
	msgpack_packer_init(&pk, &self->sb, msgpack_sbuffer_write);
	hv_feed_pack_products(&pk, ++self->seq, self->node, province, district, r, final);
	hv_feed_topic(topic, sizeof topic, "products", province, district, r->store);
	s_send(self, topic);
}

void
hv_feed_send_place(hv_feed_t *self, const hv_place_t *p)
{
	char topic[256];
	msgpack_packer pk;

	msgpack_sbuffer_clear(&self->sb);
	msgpack_packer_init(&pk, &self->sb, msgpack_sbuffer_write);
	hv_feed_pack_place(&pk, ++self->seq, self->node, p);
	hv_feed_topic(topic, sizeof topic, "place", p->province, p->district, p->store);
	s_send(self, topic);
}

void
hv_feed_heartbeat(hv_feed_t *self, int64_t now)
{
	char topic[256];
	msgpack_packer pk;

	msgpack_sbuffer_clear(&self->sb);
	msgpack_packer_init(&pk, &self->sb, msgpack_sbuffer_write);
	hv_feed_pack_hb(&pk, ++self->seq, self->node, now, PACKAGE_VERSION);
	hv_feed_topic(topic, sizeof topic, "hb", self->province, self->district, self->node);
	s_send(self, topic);
}

/* The publishing state of hv_feed_publish_due's walk. */
typedef struct {
	hv_feed_t *feed;
	int64_t now;
	int sent, max;
} due_t;

/* Publish W if due and the budget allows; true when it must stay on the
 * list (still open, held back by the once-a-second rule, or not reached). */
static bool
s_publish_if_due(hv_window_t *w, void *arg)
{
	due_t *d = arg;
	bool closed = d->now >= w->start + w->span;

	if (w->rev == w->published_rev && (w->published_final || !closed))
		return !closed; /* nothing new; an open window waits for its close */
	if (d->sent >= d->max)
		return true; /* the next call */
	if (w->rev != w->published_rev && !closed &&
	    d->now - w->published_at < d->feed->republish_ms)
		return true; /* open: at most once a republish_ms */
	hv_feed_send_tally(d->feed, d->feed->province, d->feed->district, w, closed);
	w->published_rev = w->rev;
	w->published_at = d->now;
	w->published_final = closed;
	d->sent++;
	return !closed;
}

int
hv_feed_publish_due(hv_feed_t *self, hv_tally_t *t, int64_t now, int max)
{
	due_t d = {self, now, 0, max};
	hv_tally_pending_each(t, s_publish_if_due, &d);
	return d.sent;
}
