/*
 * test_sync.c -- the sync socket (sync.c) as an office sees it, over a
 * real ROUTER/DEALER pair: a history request answered with the places of
 * the node's stores, then one tally per
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

/* The node's one place: store s1's. */
static int
s_places(void *arg, int (*fn)(const hv_place_t *p, void *fnarg), void *fnarg)
{
	(void)arg;
	hv_place_t p = {"s1", "thai-nguyen", "song-cong", "bigc", "foreign", "modern", "Big C"};
	return fn(&p, fnarg);
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
    .node = "node-1", .province = "thai-nguyen", .district = "", .windows = s_windows,
    .places = s_places, .counts = s_counts};

/* The test's fixture: the socket pair, a buffer for requests, and the
 * answer last read. */
typedef struct {
	void *ctx, *router, *dealer;
	int64_t dropped;
	msgpack_sbuffer sb;
	msgpack_unpacked m;
	char body[65536]; /* the answer last read: m's strings point into it */
} rig_t;

static int
s_rig(void **state)
{
	static rig_t rig;
	rig_t *r = &rig;
	int timeout = 2000;
	*state = r;
	msgpack_sbuffer_init(&r->sb);
	msgpack_unpacked_init(&r->m);
	r->ctx = zmq_ctx_new();
	r->router = zmq_socket(r->ctx, ZMQ_ROUTER);
	r->dealer = zmq_socket(r->ctx, ZMQ_DEALER);
	assert_int_equal(zmq_bind(r->router, "inproc://sync"), 0);
	assert_int_equal(zmq_connect(r->dealer, "inproc://sync"), 0);
	zmq_setsockopt(r->dealer, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	r->dropped = 0;
	return 0;
}

static int
s_unrig(void **state)
{
	rig_t *r = *state;
	msgpack_unpacked_destroy(&r->m);
	msgpack_sbuffer_destroy(&r->sb);
	zmq_close(r->dealer);
	zmq_close(r->router);
	zmq_ctx_term(r->ctx);
	return 0;
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

/* The next answer, unpacked: the map it is. */
static const msgpack_object *
s_answer(rig_t *r)
{
	char empty[8];
	assert_int_equal(zmq_recv(r->dealer, empty, sizeof empty, 0), 0);
	int n = zmq_recv(r->dealer, r->body, sizeof r->body, 0);
	assert_true(n > 0 && n <= (int)sizeof r->body);
	assert_int_equal(
	    msgpack_unpack_next(&r->m, r->body, (size_t)n, NULL), MSGPACK_UNPACK_SUCCESS);
	return &r->m.data;
}

/* Send the request {op: OP[, since: SINCE][, until: UNTIL]} (a negative
 * value: left out) and serve it. */
static void
s_request(rig_t *r, const char *op, int64_t since, int64_t until)
{
	msgpack_packer pk;
	msgpack_sbuffer_clear(&r->sb);
	msgpack_packer_init(&pk, &r->sb, msgpack_sbuffer_write);
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
	s_ask(r, r->sb.data, r->sb.size);
}

static void
history_windows_then_done(void **state)
{
	rig_t *r = *state;
	const msgpack_object *m;

	s_request(r, "history", T0 + 1, -1); /* the first window starts before since */
	m = s_answer(r); /* the stores' places come first */
	assert_true(hv_test_str_is(m, "kind", "place"));
	assert_true(hv_test_str_is(m, "store", "s1"));
	assert_true(hv_test_str_is(m, "chain", "bigc"));
	assert_true(hv_test_str_is(m, "ownership", "foreign"));
	assert_true(hv_test_str_is(m, "channel", "modern"));
	assert_true(hv_test_str_is(m, "name", "Big C"));
	assert_int_equal(hv_test_int(m, "seq"), 500);
	for (int i = 1; i < 3; i++) {
		m = s_answer(r);
		assert_true(hv_test_str_is(m, "kind", "tally"));
		assert_int_equal(hv_test_int(m, "window"), T0 + i * SPAN);
		assert_int_equal(hv_test_int(m, "rev"), 10 + i);
		assert_int_equal(hv_test_int(m, "seq"), 500);
		assert_int_equal(hv_test_bool(m, "final"), i < 2); /* only the open one is not */
		assert_true(hv_test_str_is(m, "district", "song-cong"));
		assert_int_equal(hv_test_int(hv_test_get(m, "t"), "items_dom"), i + 1);
	}
	m = s_answer(r);
	assert_true(hv_test_str_is(m, "op", "done"));
	assert_int_equal(hv_test_int(m, "seq"), 500);
	assert_int_equal(hv_test_int(m, "windows"), 2);

	s_request(r, "history", 0, T0 + SPAN); /* until leaves the later ones out */
	assert_true(hv_test_str_is(s_answer(r), "kind", "place"));
	assert_int_equal(hv_test_int(s_answer(r), "window"), T0);
	assert_int_equal(hv_test_int(s_answer(r), "windows"), 1);
}

static void
status_says_what_the_node_counts(void **state)
{
	rig_t *r = *state;

	s_request(r, "status", -1, -1);
	const msgpack_object *m = s_answer(r);
	assert_true(hv_test_str_is(m, "op", "status"));
	assert_true(hv_test_str_is(m, "node", "node-1"));
	assert_true(hv_test_str_is(m, "province", "thai-nguyen"));
	assert_int_equal(hv_test_int(m, "seq"), 500);
	assert_int_equal(hv_test_int(m, "uptime"), 7);
	assert_int_equal(hv_test_int(m, "events_today"), 42);
	assert_int_equal(hv_test_int(m, "dropped"), 3);
	assert_int_equal(hv_test_int(m, "stores"), 1);
}

static void
bad_requests_answered_or_dropped(void **state)
{
	rig_t *r = *state;

	s_request(r, "history", -1, -1); /* no since */
	assert_true(hv_test_str_is(s_answer(r), "op", "error"));
	s_request(r, "catalog", -1, -1); /* an op this node does not serve */
	assert_true(hv_test_str_is(s_answer(r), "op", "error"));
	s_ask(r, "\xc1", 1); /* not MessagePack at all */
	assert_true(hv_test_str_is(s_answer(r), "op", "error"));
	/* A body without the empty delimiter cannot be answered: dropped. */
	zmq_pollitem_t item = {r->router, 0, ZMQ_POLLIN, 0};
	zmq_send(r->dealer, "x", 1, 0);
	assert_int_equal(zmq_poll(&item, 1, 2000), 1);
	assert_int_equal(hv_sync_serve(r->router, &s_source, NOW, &r->dropped), 1);
	assert_int_equal(r->dropped, 1);
	assert_int_equal(hv_sync_serve(r->router, &s_source, NOW, &r->dropped), 0); /* none waits */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(history_windows_then_done, s_rig, s_unrig),
	    cmocka_unit_test_setup_teardown(status_says_what_the_node_counts, s_rig, s_unrig),
	    cmocka_unit_test_setup_teardown(bad_requests_answered_or_dropped, s_rig, s_unrig),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
