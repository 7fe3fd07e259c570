/*
 * test_sync.c -- the sync socket (sync.c) as an office sees it, over a
 * real ROUTER/DEALER pair: a history request answered with one tally per
 * window whose start is in [since, until), each carrying the seq the feed
 * had when the walk began and final for windows already closed, then done
 * with that seq and the count; status with the node's names and numbers;
 * bad requests answered with an error, and messages that cannot be
 * answered counted as dropped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <zmq.h>

#include "sync.h"
#include "tally.h"
#include "testmsg.h"

#define SPAN 60000
#define T0   1790000040000LL
#define NOW  (T0 + 2 * SPAN + 30000) /* windows 0 and 1 closed, 2 open */

/* The node's windows: store s1 at T0, T0+SPAN, T0+2*SPAN. */
static int
s_windows(void *arg, int64_t since, int64_t until,
    int (*fn)(const hv_window_t *w, const char *province, const char *district, void *fnarg),
    void *fnarg)
{
	(void)arg;
	for (int i = 0; i < 3; i++) {
		hv_window_t w = {.start = T0 + i * SPAN, .span = SPAN, .rev = 10 + i};
		snprintf(w.store, sizeof w.store, "s1");
		w.total.v[HV_C_ITEMS_DOM] = i + 1;
		if (w.start >= since && w.start < until && fn(&w, "thai-nguyen", "song-cong", fnarg))
			return 1;
	}
	return 0;
}

static void
s_counts(void *arg, hv_sync_counts_t *c)
{
	(void)arg;
	c->seq = 500;
	c->stores = 1;
	c->started = NOW - 7000;
	c->events_today = 42;
	c->dropped = 3;
}

static const hv_sync_source_t s_source = {
    "node-1", "thai-nguyen", "", s_windows, s_counts, NULL};

typedef struct {
	void *ctx, *router, *dealer;
	int64_t dropped;
} rig_t;

static void
s_rig(rig_t *r)
{
	int timeout = 2000;
	r->ctx = zmq_ctx_new();
	r->router = zmq_socket(r->ctx, ZMQ_ROUTER);
	r->dealer = zmq_socket(r->ctx, ZMQ_DEALER);
	assert_int_equal(zmq_bind(r->router, "inproc://sync"), 0);
	assert_int_equal(zmq_connect(r->dealer, "inproc://sync"), 0);
	zmq_setsockopt(r->dealer, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	r->dropped = 0;
}

static void
s_unrig(rig_t *r)
{
	zmq_close(r->dealer);
	zmq_close(r->router);
	zmq_ctx_term(r->ctx);
}

/* Send the packed request REQ (LEN bytes) as [ "", body ] and serve it. */
static void
s_ask(rig_t *r, const char *req, size_t len)
{
	zmq_pollitem_t item = {r->router, 0, ZMQ_POLLIN, 0};
	zmq_send(r->dealer, "", 0, ZMQ_SNDMORE);
	zmq_send(r->dealer, req, len, 0);
	assert_int_equal(zmq_poll(&item, 1, 2000), 1);
	assert_int_equal(hv_sync_serve(r->router, &s_source, NOW, &r->dropped), 1);
}

/* The next answer, unpacked into MSG. */
static void
s_answer(rig_t *r, msgpack_unpacked *msg)
{
	char empty[8], body[65536];
	assert_int_equal(zmq_recv(r->dealer, empty, sizeof empty, 0), 0);
	int n = zmq_recv(r->dealer, body, sizeof body, 0);
	assert_true(n > 0);
	msgpack_unpacked_init(msg);
	assert_int_equal(msgpack_unpack_next(msg, body, (size_t)n, NULL), MSGPACK_UNPACK_SUCCESS);
}

/* A request {op: OP[, since: SINCE][, until: UNTIL]} packed into SB. */
static void
s_request(msgpack_sbuffer *sb, const char *op, int64_t since, int64_t until)
{
	msgpack_packer pk;
	msgpack_sbuffer_clear(sb);
	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 1 + (since >= 0) + (until >= 0));
	msgpack_pack_str_with_body(&pk, "op", 2);
	msgpack_pack_str_with_body(&pk, op, strlen(op));
	if (since >= 0) {
		msgpack_pack_str_with_body(&pk, "since", 5);
		msgpack_pack_int64(&pk, since);
	}
	if (until >= 0) {
		msgpack_pack_str_with_body(&pk, "until", 5);
		msgpack_pack_int64(&pk, until);
	}
}

static void
history_windows_then_done(void **state)
{
	(void)state;
	rig_t r;
	msgpack_sbuffer sb;
	msgpack_unpacked m;

	s_rig(&r);
	msgpack_sbuffer_init(&sb);
	s_request(&sb, "history", T0 + 1, -1); /* the first window starts before since */
	s_ask(&r, sb.data, sb.size);
	for (int i = 1; i < 3; i++) {
		s_answer(&r, &m);
		assert_true(hv_test_str_is(&m.data, "kind", "tally"));
		assert_int_equal(hv_test_int(&m.data, "window"), T0 + i * SPAN);
		assert_int_equal(hv_test_int(&m.data, "rev"), 10 + i);
		assert_int_equal(hv_test_int(&m.data, "seq"), 500);
		assert_int_equal(hv_test_bool(&m.data, "final"), i < 2); /* only the open one is not */
		assert_true(hv_test_str_is(&m.data, "district", "song-cong"));
		assert_int_equal(hv_test_int(hv_test_get(&m.data, "t"), "items_dom"), i + 1);
		msgpack_unpacked_destroy(&m);
	}
	s_answer(&r, &m);
	assert_true(hv_test_str_is(&m.data, "op", "done"));
	assert_int_equal(hv_test_int(&m.data, "seq"), 500);
	assert_int_equal(hv_test_int(&m.data, "windows"), 2);
	msgpack_unpacked_destroy(&m);

	s_request(&sb, "history", 0, T0 + SPAN); /* until leaves the later ones out */
	s_ask(&r, sb.data, sb.size);
	s_answer(&r, &m);
	assert_int_equal(hv_test_int(&m.data, "window"), T0);
	msgpack_unpacked_destroy(&m);
	s_answer(&r, &m);
	assert_int_equal(hv_test_int(&m.data, "windows"), 1);
	msgpack_unpacked_destroy(&m);
	msgpack_sbuffer_destroy(&sb);
	s_unrig(&r);
}

static void
status_says_what_the_node_counts(void **state)
{
	(void)state;
	rig_t r;
	msgpack_sbuffer sb;
	msgpack_unpacked m;

	s_rig(&r);
	msgpack_sbuffer_init(&sb);
	s_request(&sb, "status", -1, -1);
	s_ask(&r, sb.data, sb.size);
	s_answer(&r, &m);
	assert_true(hv_test_str_is(&m.data, "op", "status"));
	assert_true(hv_test_str_is(&m.data, "node", "node-1"));
	assert_true(hv_test_str_is(&m.data, "province", "thai-nguyen"));
	assert_int_equal(hv_test_int(&m.data, "seq"), 500);
	assert_int_equal(hv_test_int(&m.data, "uptime"), 7);
	assert_int_equal(hv_test_int(&m.data, "events_today"), 42);
	assert_int_equal(hv_test_int(&m.data, "dropped"), 3);
	assert_int_equal(hv_test_int(&m.data, "stores"), 1);
	msgpack_unpacked_destroy(&m);
	msgpack_sbuffer_destroy(&sb);
	s_unrig(&r);
}

static void
bad_requests_answered_or_dropped(void **state)
{
	(void)state;
	rig_t r;
	msgpack_sbuffer sb;
	msgpack_unpacked m;

	s_rig(&r);
	msgpack_sbuffer_init(&sb);
	s_request(&sb, "history", -1, -1); /* no since */
	s_ask(&r, sb.data, sb.size);
	s_answer(&r, &m);
	assert_true(hv_test_str_is(&m.data, "op", "error"));
	msgpack_unpacked_destroy(&m);
	s_request(&sb, "catalog", -1, -1); /* an op this node does not serve */
	s_ask(&r, sb.data, sb.size);
	s_answer(&r, &m);
	assert_true(hv_test_str_is(&m.data, "op", "error"));
	msgpack_unpacked_destroy(&m);
	s_ask(&r, "\xc1", 1); /* not MessagePack at all */
	s_answer(&r, &m);
	assert_true(hv_test_str_is(&m.data, "op", "error"));
	msgpack_unpacked_destroy(&m);
	/* A body without the empty delimiter cannot be answered: dropped. */
	zmq_pollitem_t item = {r.router, 0, ZMQ_POLLIN, 0};
	zmq_send(r.dealer, "x", 1, 0);
	assert_int_equal(zmq_poll(&item, 1, 2000), 1);
	assert_int_equal(hv_sync_serve(r.router, &s_source, NOW, &r.dropped), 1);
	assert_int_equal(r.dropped, 1);
	assert_int_equal(hv_sync_serve(r.router, &s_source, NOW, &r.dropped), 0); /* none waits */
	msgpack_sbuffer_destroy(&sb);
	s_unrig(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(history_windows_then_done),
	    cmocka_unit_test(status_says_what_the_node_counts),
	    cmocka_unit_test(bad_requests_answered_or_dropped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
