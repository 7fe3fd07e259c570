/*
 * test_sender.c -- events to one daemon (plugin/sender.h), against a fake
 * daemon on loopback: a batch pipelined and settled in order; settled by
 * mark while later events stay in flight; a daemon that is not there gets
 * its events spooled, durably, and sent first, in order, once it answers;
 * a refusal is reported and not sent again; `unavailable` is spooled.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "checkout.h"
#include "sender.h"
#include "testutil.h"

/* The fake daemon: answers each event ok, `conflict` for txn BAD, and
 * `unavailable` for txn BUSY; keeps "txn/line/op" of every event it got. */
typedef struct {
	char endpoint[600];
	void *ctx, *sock; /* bound before the thread starts, so the sender finds it */
	pthread_t thread;
	volatile int stop;
	char got[256][96];
	volatile int n;
} fake_t;

static void *
s_fake_run(void *arg)
{
	fake_t *f = arg;
	void *s = f->sock;

	while (!f->stop) {
		zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
		if (zmq_poll(&it, 1, 20) <= 0)
			continue;
		zmq_msg_t m[3];
		for (int i = 0; i < 3; i++) {
			zmq_msg_init(&m[i]);
			zmq_msg_recv(&m[i], s, 0);
		}
		hv_request_t req;
		const char *why;
		msgpack_sbuffer sb;
		msgpack_packer pk;
		msgpack_sbuffer_init(&sb);
		msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
		if (hv_checkout_decode(zmq_msg_data(&m[2]), zmq_msg_size(&m[2]), &req, &why) == HV_ERR_NONE) {
			if (strcmp(req.txn, "BUSY") == 0) {
				hv_checkout_reply_error(&pk, &req, HV_ERR_UNAVAILABLE, "disk full");
			} else {
				snprintf(f->got[f->n % 256], sizeof f->got[0], "%s/%lld/%s", req.txn, (long long)req.line,
				    hv_op_name(req.op));
				f->n++;
				if (strcmp(req.txn, "BAD") == 0)
					hv_checkout_reply_error(&pk, &req, HV_ERR_CONFLICT, "another code");
				else
					hv_checkout_reply_ok(&pk, &req, false);
			}
		}
		zmq_send(s, zmq_msg_data(&m[0]), zmq_msg_size(&m[0]), ZMQ_SNDMORE);
		zmq_send(s, "", 0, ZMQ_SNDMORE);
		zmq_send(s, sb.data, sb.size, 0);
		msgpack_sbuffer_destroy(&sb);
		for (int i = 0; i < 3; i++)
			zmq_msg_close(&m[i]);
	}
	return NULL;
}

static void
s_fake_start(fake_t *f)
{
	int zero = 0;

	f->stop = 0;
	f->n = 0;
	f->sock = zmq_socket(f->ctx, ZMQ_ROUTER);
	zmq_setsockopt(f->sock, ZMQ_LINGER, &zero, sizeof zero);
	assert_int_equal(zmq_bind(f->sock, f->endpoint), 0);
	pthread_create(&f->thread, NULL, s_fake_run, f);
}

static void
s_fake_stop(fake_t *f)
{
	f->stop = 1;
	pthread_join(f->thread, NULL);
	zmq_close(f->sock);
}

static int s_refused;

static void
s_on_refused(void *arg, const hv_request_t *req, const hv_reply_t *r)
{
	(void)arg;
	assert_string_equal(req->txn, "BAD");
	assert_int_equal(r->err, HV_ERR_CONFLICT);
	s_refused++;
}

static void
s_add(hv_sender_t *s, const char *txn, int line)
{
	hv_request_t r = {.op = HV_OP_SCAN, .lane = 900, .line = line, .qty = 1};
	strcpy(r.store, "st-01");
	strcpy(r.txn, txn);
	strcpy(r.code, "8936045900011");
	assert_int_equal(hv_sender_add(s, &r), 0);
}

static void
events_are_sent_spooled_and_sent_again_in_order(void **state)
{
	const char *dir = hv_test_mkdtemp();
	char spool[600], err[256];
	static fake_t f;

	(void)state;
	f.ctx = zmq_ctx_new();
	snprintf(f.endpoint, sizeof f.endpoint, "ipc://%s/ingest", dir);
	snprintf(spool, sizeof spool, "%s/spool", dir);
	/* A daemon silent for 2 s is down (long enough under valgrind), asked
	 * again after 0.2 s. */
	hv_sender_opts_t o = {f.endpoint, NULL, NULL, 0, spool, 8, 2000, 200, s_on_refused, NULL};
	hv_sender_t *s = hv_sender_open(&o, err, sizeof err);
	assert_non_null(s);

	/* Up: 12 events through a window of 8, settled by mark. */
	s_fake_start(&f);
	for (int i = 1; i <= 6; i++)
		s_add(s, "T1", i);
	int64_t mark = hv_sender_mark(s);
	for (int i = 7; i <= 12; i++)
		s_add(s, "T1", i);
	assert_int_equal(hv_sender_settle_to(s, mark), 0);
	assert_true(f.n >= 6);
	assert_int_equal(hv_sender_settle(s), 0);
	assert_int_equal(f.n, 12);
	assert_string_equal(f.got[0], "T1/1/scan");
	assert_string_equal(f.got[11], "T1/12/scan");
	s_add(s, "BAD", 1);
	assert_int_equal(hv_sender_settle(s), 0);
	assert_int_equal(s_refused, 1);
	assert_int_equal(hv_sender_spooled(s), 0);

	/* Down: the batch goes to the spool; so does the next, behind it. */
	s_fake_stop(&f);
	for (int i = 1; i <= 3; i++)
		s_add(s, "T2", i);
	assert_int_equal(hv_sender_settle(s), 0);
	assert_false(hv_sender_up(s));
	s_add(s, "T3", 1);
	assert_int_equal(hv_sender_settle(s), 0);
	assert_int_equal(hv_sender_spooled(s), 4);

	/* Back: the spool goes first, in order, once it is time to ask again. */
	s_fake_start(&f);
	for (int i = 0; i < 100 && hv_sender_flush(s) > 0; i++)
		usleep(50 * 1000);
	assert_int_equal(hv_sender_spooled(s), 0);
	assert_true(hv_sender_up(s));
	assert_true(f.n >= 4);
	assert_string_equal(f.got[0], "T2/1/scan");
	assert_string_equal(f.got[2], "T2/3/scan");
	assert_string_equal(f.got[3], "T3/1/scan");

	/* `unavailable`: not recorded, so spooled. */
	s_add(s, "BUSY", 1);
	assert_int_equal(hv_sender_settle(s), 0);
	assert_int_equal(hv_sender_spooled(s), 1);
	s_fake_stop(&f);
	hv_sender_close(&s);

	/* The spool outlives the sender: a new one finds the event waiting. */
	s = hv_sender_open(&o, err, sizeof err);
	assert_int_equal(hv_sender_spooled(s), 1);
	hv_sender_close(&s);
	zmq_ctx_term(f.ctx);
	hv_test_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(events_are_sent_spooled_and_sent_again_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
