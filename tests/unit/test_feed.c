/*
 * test_feed.c -- the live feed (feed.c) as a subscriber sees it, over a
 * real XPUB/SUB pair: topics, the tally and heartbeat bodies read with
 * msgpack-c alone, seq going on from the number it was given, and the
 * publishing rules: a changed open window at most once a republish
 * interval, once more with final when it closes, again when a late event
 * reopens it, and no more than asked for in one call.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <zmq.h>

#include "feed.h"
#include "tally.h"
#include "testmsg.h"

#define SPAN 60000
#define T0   1790000040000LL

/* The test's fixture: a feed on an XPUB with one subscriber, and a tally. */
typedef struct {
	void *ctx, *pub, *sub;
	hv_feed_t *feed;
	hv_tally_t *t;
	char body[65536]; /* the message last read: an unpacked one's strings point into it */
} rig_t;

static int
s_rig(void **state)
{
	static rig_t rig;
	rig_t *r = &rig;
	char sub_msg[64];
	*state = r;
	r->t = hv_tally_new(SPAN);
	r->ctx = zmq_ctx_new();
	r->pub = zmq_socket(r->ctx, ZMQ_XPUB);
	r->sub = zmq_socket(r->ctx, ZMQ_SUB);
	assert_int_equal(zmq_bind(r->pub, "inproc://feed"), 0);
	assert_int_equal(zmq_connect(r->sub, "inproc://feed"), 0);
	zmq_setsockopt(r->sub, ZMQ_SUBSCRIBE, "hv1/", 4);
	/* The subscription reaches the XPUB before anything is sent. */
	assert_true(zmq_recv(r->pub, sub_msg, sizeof sub_msg, 0) > 0);
	r->feed = hv_feed_new(r->pub, "node-1", "thai-nguyen", "", 0);
	assert_non_null(r->feed);
	return 0;
}

static int
s_unrig(void **state)
{
	rig_t *r = *state;
	hv_tally_destroy(&r->t);
	hv_feed_destroy(&r->feed);
	zmq_close(r->sub);
	zmq_close(r->pub);
	zmq_ctx_term(r->ctx);
	return 0;
}

/* The next message: its topic into TOPIC and its body unpacked into MSG;
 * 0, or -1 when none waits. */
static int
s_next(rig_t *r, char *topic, size_t size, msgpack_unpacked *msg)
{
	int n = zmq_recv(r->sub, topic, size - 1, ZMQ_DONTWAIT);
	if (n < 0)
		return -1;
	topic[n] = '\0';
	n = zmq_recv(r->sub, r->body, sizeof r->body, 0);
	assert_true(n > 0 && n <= (int)sizeof r->body);
	msgpack_unpacked_init(msg);
	assert_int_equal(
	    msgpack_unpack_next(msg, r->body, (size_t)n, NULL), MSGPACK_UNPACK_SUCCESS);
	return 0;
}

static int
s_count_waiting(rig_t *r)
{
	char topic[256];
	msgpack_unpacked msg;
	int n = 0;
	while (s_next(r, topic, sizeof topic, &msg) == 0) {
		msgpack_unpacked_destroy(&msg);
		n++;
	}
	return n;
}

/* Two domestic items worth 50,000 in category "rice" at time T, on lane 3. */
static void
s_sell(hv_tally_t *t, const char *store, int64_t at)
{
	hv_tally_op_t op = {.t = at, .lane = 3, .has_category = true};
	snprintf(op.store, sizeof op.store, "%s", store);
	snprintf(op.category, sizeof op.category, "rice");
	op.delta.v[HV_C_ITEMS_DOM] = 2;
	op.delta.v[HV_C_VALUE_DOM] = 50000;
	op.delta.v[HV_C_LINES] = 1;
	assert_int_equal(hv_tally_apply(t, &op), 0);
}

static void
heartbeat_and_seq(void **state)
{
	rig_t *r = *state;
	char topic[256];
	msgpack_unpacked msg;

	hv_feed_destroy(&r->feed); /* a feed that goes on from seq 41 */
	r->feed = hv_feed_new(r->pub, "node-1", "thai-nguyen", "", 41);
	hv_feed_heartbeat(r->feed, T0 + 5);
	assert_int_equal(s_next(r, topic, sizeof topic, &msg), 0);
	assert_string_equal(topic, "hv1/hb/thai-nguyen/-/node-1");
	assert_true(hv_test_str_is(&msg.data, "kind", "hb"));
	assert_int_equal(hv_test_int(&msg.data, "seq"), 42);
	assert_int_equal(hv_test_int(&msg.data, "ts"), T0 + 5);
	assert_true(hv_test_str_is(&msg.data, "node", "node-1"));
	msgpack_unpacked_destroy(&msg);
	hv_feed_heartbeat(r->feed, T0 + 6);
	assert_int_equal(hv_feed_seq(r->feed), 43);
	assert_int_equal(s_count_waiting(r), 1);
}

/* The one tally waiting: rev, final and items_dom checked, counted too. */
static void
s_expect_tally(rig_t *r, int64_t rev, int final, int64_t items)
{
	char topic[256];
	msgpack_unpacked msg;
	assert_int_equal(s_next(r, topic, sizeof topic, &msg), 0);
	assert_string_equal(topic, "hv1/tally/thai-nguyen/-/st-1");
	assert_true(hv_test_str_is(&msg.data, "kind", "tally"));
	assert_true(hv_test_str_is(&msg.data, "store", "st-1"));
	assert_int_equal(hv_test_int(&msg.data, "window"), T0);
	assert_int_equal(hv_test_int(&msg.data, "span"), SPAN);
	assert_int_equal(hv_test_int(&msg.data, "rev"), rev);
	assert_int_equal(hv_test_bool(&msg.data, "final"), final);
	const msgpack_object *t = hv_test_get(&msg.data, "t");
	assert_int_equal(hv_test_int(t, "items_dom"), items);
	const msgpack_object *rice = hv_test_get(hv_test_get(&msg.data, "cats"), "rice");
	assert_int_equal(hv_test_int(rice, "items_dom"), items);
	assert_int_equal(hv_test_int(hv_test_get(hv_test_get(&msg.data, "lanes"), "3"), "lines"),
	    items / 2);
	msgpack_unpacked_destroy(&msg);
	assert_int_equal(s_count_waiting(r), 0);
}

static void
windows_go_out_by_the_rules(void **state)
{
	rig_t *r = *state;

	s_sell(r->t, "st-1", T0 + 100);
	assert_int_equal(hv_feed_publish_due(r->feed, r->t, T0 + 1000, 64), 1);
	s_expect_tally(r, 1, 0, 2);
	s_sell(r->t, "st-1", T0 + 1100);
	assert_int_equal(hv_feed_publish_due(r->feed, r->t, T0 + 1500, 64), 0); /* within a second */
	assert_int_equal(hv_feed_publish_due(r->feed, r->t, T0 + 2000, 64), 1);
	s_expect_tally(r, 2, 0, 4);
	assert_int_equal(hv_feed_publish_due(r->feed, r->t, T0 + 9000, 64), 0); /* nothing new */
	assert_int_equal(hv_feed_publish_due(r->feed, r->t, T0 + SPAN, 64), 1); /* it closed */
	s_expect_tally(r, 2, 1, 4);
	assert_int_equal(hv_feed_publish_due(r->feed, r->t, T0 + SPAN + 5000, 64), 0);
	s_sell(r->t, "st-1", T0 + 30000); /* a late event reopens it */
	assert_int_equal(hv_feed_publish_due(r->feed, r->t, T0 + SPAN + 6000, 64), 1);
	s_expect_tally(r, 3, 1, 6);
	assert_int_equal(hv_feed_seq(r->feed), 4);
}

static void
at_most_max_at_a_time(void **state)
{
	rig_t *r = *state;

	for (int i = 0; i < 5; i++)
		s_sell(r->t, "st-1", T0 + i * SPAN + 1);
	const int sent[] = {2, 2, 1, 0}; /* two at a time, until none is left */
	for (int i = 0; i < 4; i++)
		assert_int_equal(hv_feed_publish_due(r->feed, r->t, T0 + 10 * SPAN, 2), sent[i]);
	assert_int_equal(s_count_waiting(r), 5);
}

static void
tally_bodies_read_back(void **state)
{
	(void)state;
	hv_window_t w = {.start = T0, .span = SPAN, .rev = 9};
	msgpack_sbuffer sb;
	msgpack_packer pk;
	hv_feed_tally_t got;

	snprintf(w.store, sizeof w.store, "st-7");
	w.total.v[HV_C_VALUE_IMP] = 123456789;
	hv_window_part(&w, true, "rice")->v[HV_C_ITEMS_UNK] = 4;
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	hv_feed_pack_tally(&pk, 77, "n", "p", "d", &w, true);
	assert_int_equal(hv_feed_read_tally(sb.data, sb.size, &got), 0);
	assert_int_equal(got.seq, 77);
	assert_string_equal(got.w.store, "st-7");
	assert_string_equal(got.district, "d");
	assert_int_equal(got.w.rev, 9);
	assert_true(got.final);
	assert_int_equal(got.w.total.v[HV_C_VALUE_IMP], 123456789);
	assert_int_equal(got.w.ncats, 1);
	assert_int_equal(got.w.cats[0].c.v[HV_C_ITEMS_UNK], 4);
	hv_window_clear(&got.w);
	/* A heartbeat, a truncated body and a non-map are no tallies. */
	msgpack_sbuffer_clear(&sb);
	hv_feed_pack_hb(&pk, 1, "n", T0, "0");
	assert_int_equal(hv_feed_read_tally(sb.data, sb.size, &got), -1);
	msgpack_sbuffer_clear(&sb);
	hv_feed_pack_tally(&pk, 77, "n", "p", "d", &w, true);
	assert_int_equal(hv_feed_read_tally(sb.data, sb.size / 2, &got), -1);
	assert_int_equal(hv_feed_read_tally("\x93\x01\x02\x03", 4, &got), -1);
	msgpack_sbuffer_destroy(&sb);
	hv_window_clear(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(heartbeat_and_seq, s_rig, s_unrig),
	    cmocka_unit_test_setup_teardown(windows_go_out_by_the_rules, s_rig, s_unrig),
	    cmocka_unit_test_setup_teardown(at_most_max_at_a_time, s_rig, s_unrig),
	    cmocka_unit_test(tally_bodies_read_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
