/*
 * sync.c -- answering history and status on a ROUTER.
 */
#include "sync.h"

#include <string.h>
#include <zmq.h>

#include "autoconfig.h"
#include "envelope.h"
#include "feed.h"
#include "i18n.h"
#include "log.h"
#include "wire.h"

/* The state of one history answer. */
typedef struct {
	void *sock;
	zmq_msg_t *identity;
	int64_t seq, now;
	const char *node;
	msgpack_sbuffer sb;
	long sent;
} answer_t;

static void
s_reply(void *sock, zmq_msg_t *identity, const msgpack_sbuffer *sb)
{
	zmq_send(sock, zmq_msg_data(identity), zmq_msg_size(identity), ZMQ_SNDMORE);
	zmq_send(sock, "", 0, ZMQ_SNDMORE);
	zmq_send(sock, sb->data, sb->size, 0);
}

/* A's buffer emptied, and PK packing into it: the next answer's body. */
static msgpack_packer *
s_body(answer_t *a, msgpack_packer *pk)
{
	msgpack_sbuffer_clear(&a->sb);
	msgpack_packer_init(pk, &a->sb, msgpack_sbuffer_write);
	return pk;
}

static int
s_send_window(const hv_window_t *w, const char *province, const char *district, void *arg)
{
	answer_t *a = arg;
	msgpack_packer pk;

	hv_feed_pack_tally(s_body(a, &pk), a->seq, a->node, province, district, w,
	    a->now >= w->start + w->span);
	s_reply(a->sock, a->identity, &a->sb);
	a->sent++;
	return 0;
}

static int
s_send_place(const hv_place_t *p, void *arg)
{
	answer_t *a = arg;
	msgpack_packer pk;

	hv_feed_pack_place(s_body(a, &pk), a->seq, a->node, p);
	s_reply(a->sock, a->identity, &a->sb);
	return 0;
}

static int
s_send_products(const hv_rollup_t *r, const char *province, const char *district, void *arg)
{
	answer_t *a = arg;
	msgpack_packer pk;

	hv_feed_pack_products(s_body(a, &pk), a->seq, a->node, province, district, r,
	    a->now >= r->hour + HV_PRODUCT_HOUR_MS);
	s_reply(a->sock, a->identity, &a->sb);
	return 0;
}

static void
s_pack_error(msgpack_sbuffer *sb, const char *msg)
{
	msgpack_packer pk;
	msgpack_sbuffer_clear(sb);
	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 2);
	hv_wire_kv_str(&pk, "op", "error");
	hv_wire_kv_str(&pk, "msg", msg);
}

/* A history request from BODY's sender: with CurveZMQ, the ZAP handler's
 * User-Id (the name of the sender's key file) says who it is. */
static void
s_log_history(zmq_msg_t *body, int64_t since, long windows)
{
	const char *user = zmq_msg_gets(body, "User-Id");
	if (user != NULL && user[0] != '\0')
		hv_info(_("history since %lld: %ld windows sent to %s"), (long long)since, windows,
		    user);
}

static void
s_history(void *sock, zmq_msg_t *identity, zmq_msg_t *body, const hv_sync_source_t *src,
    const msgpack_object *m, int64_t now)
{
	hv_sync_counts_t c = {0};
	src->counts(src->arg, &c); /* the seq first: history covers what came before */
	answer_t a = {sock, identity, c.seq, now, src->node, {0}, 0};
	int64_t since = 0, until = INT64_MAX;
	bool products = false, stores = true;
	msgpack_packer pk;

	msgpack_sbuffer_init(&a.sb);
	if (hv_wire_get_int(m, "since", &since) != 1 || hv_wire_get_int(m, "until", &until) < 0 ||
	    hv_wire_get_bool(m, "products", &products) < 0 ||
	    hv_wire_get_bool(m, "store_products", &stores) < 0) {
		s_pack_error(&a.sb, "history takes since (ms), and optional until (ms), products "
		                    "(bool) and store_products (bool)");
	} else {
		if (src->places != NULL) /* what the tallies' stores are, first */
			src->places(src->arg, s_send_place, &a);
		src->windows(src->arg, since, until, s_send_window, &a);
		if (products && src->products != NULL) /* hours that started since SINCE's hour */
			src->products(src->arg, since - since % HV_PRODUCT_HOUR_MS, until, stores,
			    s_send_products, &a);
		msgpack_sbuffer_clear(&a.sb);
		msgpack_packer_init(&pk, &a.sb, msgpack_sbuffer_write);
		msgpack_pack_map(&pk, 3);
		hv_wire_kv_str(&pk, "op", "done");
		hv_wire_kv_int(&pk, "seq", a.seq);
		hv_wire_kv_int(&pk, "windows", a.sent);
		s_log_history(body, since, a.sent);
	}
	s_reply(sock, identity, &a.sb);
	msgpack_sbuffer_destroy(&a.sb);
}

/* Reply {op: "error", msg: MSG} to IDENTITY. */
static void
s_error(void *sock, zmq_msg_t *identity, const char *msg)
{
	msgpack_sbuffer sb;
	msgpack_sbuffer_init(&sb);
	s_pack_error(&sb, msg);
	s_reply(sock, identity, &sb);
	msgpack_sbuffer_destroy(&sb);
}

/* `catalog`: handed to the node's catalog server, which answers it a
 * slice at a time (catalog_server.h); a node without one says so. */
static void
s_catalog(void *sock, zmq_msg_t *identity, const hv_sync_source_t *src, const msgpack_object *req)
{
	int64_t since = 0;

	if (hv_wire_get_int(req, "since", &since) < 0 || since < 0)
		s_error(sock, identity, "since must be a catalog version (0 or more)");
	else if (src->catalog == NULL)
		s_error(sock, identity, "this node holds no catalog");
	else if (src->catalog(src->arg, zmq_msg_data(identity), zmq_msg_size(identity), since) < 0)
		s_error(sock, identity, "the catalog cannot be read now; ask again later");
}

static void
s_status(void *sock, zmq_msg_t *identity, const hv_sync_source_t *src, int64_t now)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;

	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	hv_sync_counts_t c = {0};

	src->counts(src->arg, &c);
	msgpack_pack_map(&pk, 19);
	hv_wire_kv_str(&pk, "op", "status");
	hv_wire_kv_str(&pk, "node", src->node);
	hv_wire_kv_str(&pk, "version", PACKAGE_VERSION);
	hv_wire_kv_int(&pk, "seq", c.seq);
	hv_wire_kv_str(&pk, "province", src->province);
	hv_wire_kv_str(&pk, "district", src->district);
	hv_wire_kv_int(&pk, "stores", c.stores);
	hv_wire_kv_int(&pk, "feed_stalls", c.feed_stalls);
	hv_wire_kv_int(&pk, "dropped", c.dropped);
	hv_wire_kv_int(&pk, "missed", c.missed);
	hv_wire_kv_int(&pk, "refused", c.refused);
	hv_wire_kv_int(&pk, "foreign", c.foreign);
	hv_wire_kv_int(&pk, "uptime", c.started > 0 ? (now - c.started) / 1000 : 0);
	hv_wire_kv_int(&pk, "events_today", c.events_today);
	hv_wire_kv_int(&pk, "last_commit", c.last_commit);
	hv_wire_kv_int(&pk, "subscribers", c.subscribers);
	hv_wire_kv_int(&pk, "journal_size", c.journal_size);
	hv_wire_kv_int(&pk, "catalog_version", c.catalog_version);
	hv_wire_kv_int(&pk, "catalog_synced", c.catalog_synced);
	s_reply(sock, identity, &sb);
	msgpack_sbuffer_destroy(&sb);
}

int
hv_sync_serve(void *sock, const hv_sync_source_t *src, int64_t now, int64_t *dropped)
{
	hv_envelope_t e;
	int rc = hv_envelope_recv(sock, &e);

	if (rc <= 0)
		return rc;
	if (e.frames != 3 || !hv_envelope_routable(&e))
		(*dropped)++; /* no way to answer it as a request */
	else {
		msgpack_unpacked msg;
		const char *why;
		char op[16] = "";
		zmq_msg_t *body = &e.frame[2];
		if (hv_wire_unpack_map(zmq_msg_data(body), zmq_msg_size(body), &msg, &why) == 0) {
			hv_wire_get_str(&msg.data, "op", op, sizeof op);
			if (strcmp(op, "history") == 0)
				s_history(sock, &e.frame[0], body, src, &msg.data, now);
			else if (strcmp(op, "status") == 0)
				s_status(sock, &e.frame[0], src, now);
			else if (strcmp(op, "catalog") == 0)
				s_catalog(sock, &e.frame[0], src, &msg.data);
			msgpack_unpacked_destroy(&msg);
		}
		if (strcmp(op, "history") != 0 && strcmp(op, "status") != 0 &&
		    strcmp(op, "catalog") != 0)
			s_error(sock, &e.frame[0], "op must be history, status or catalog");
	}
	hv_envelope_close(&e);
	return 1;
}
