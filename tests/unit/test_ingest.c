/*
 * test_ingest.c -- the daemon's counting (doc/protocol.md, "Counting",
 * "Durability and idempotency") against a model kept here: random lanes
 * of scans, returns, codes that are no GTIN, voids reaching back into
 * earlier windows, cancels and ends, sales cancelled after their end, every
 * event sent twice; the tallies must equal the model's, and a handler made
 * again from the journal must come to the same numbers and record nothing
 * more when all is resent. A sale cancelled after its end is also checked
 * window by window.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "checkout.h"
#include "ingest.h"
#include "testutil.h"

#define NOW   1790000000000LL /* the handler's clock, Unix ms */
#define LANES 3
#define TXNS  40 /* per lane */

/* The codes and what each must count as, by the rules alone: 893 is
 * Vietnam, 885 Thailand, 978 a book, and a store's SKU is no GTIN. */
static const struct {
	const char *code;
	int cls; /* HV_C_ITEMS_DOM, _IMP or _UNK */
} s_codes[] = {
    {"8935049500018", HV_C_ITEMS_DOM},
    {"8850006330012", HV_C_ITEMS_IMP},
    {"9780140449136", HV_C_ITEMS_UNK},
    {"SKU-0042", HV_C_ITEMS_UNK},
};

typedef struct {
	hv_journal_t *j;
	hv_ingest_t *in;
	char path[600];
	const char *dir;
	hv_request_t *sent; /* every event sent, to send again */
	size_t nsent, cap;
	int64_t want[HV_NCOUNTERS];
} fixture_t;

/* One request through the handler (committed); its reply in *R. */
static void
s_call(fixture_t *fx, hv_request_t *req, hv_reply_t *r)
{
	msgpack_sbuffer body, reply;
	msgpack_packer pk;
	hv_reply_id_t rid;

	msgpack_sbuffer_init(&body);
	msgpack_sbuffer_init(&reply);
	msgpack_packer_init(&pk, &body, msgpack_sbuffer_write);
	hv_checkout_pack_request(&pk, req);
	hv_ingest_result_t res = hv_ingest_handle(fx->in, body.data, body.size, NOW, &reply, &rid);
	assert_int_not_equal(res, HV_INGEST_FAILED);
	if (res == HV_INGEST_PENDING)
		assert_int_equal(hv_ingest_commit(fx->in), 0);
	assert_int_equal(hv_checkout_read_reply(reply.data, reply.size, r), 0);
	msgpack_sbuffer_destroy(&body);
	msgpack_sbuffer_destroy(&reply);
}

/* Send an event the model has counted; it must be recorded, new. */
static void
s_event(fixture_t *fx, hv_request_t req)
{
	hv_reply_t r;

	snprintf(req.store, sizeof req.store, "st-01");
	req.has_ts = true;
	s_call(fx, &req, &r);
	assert_true(r.ok);
	assert_false(r.dup);
	if (fx->nsent == fx->cap) {
		fx->cap = fx->cap ? fx->cap * 2 : 256;
		fx->sent = realloc(fx->sent, fx->cap * sizeof *fx->sent);
		assert_non_null(fx->sent);
	}
	fx->sent[fx->nsent++] = req;
}

static void
s_count_line(fixture_t *fx, int code, int64_t qty, int64_t amount, int sign)
{
	fx->want[s_codes[code].cls] += sign * qty;
	fx->want[s_codes[code].cls + 3] += sign * amount; /* the value counter of that class */
	fx->want[HV_C_LINES] += sign;
}

/* One transaction of LANE: its scans, some voids, then end or cancel (or
 * left open), each counted in the model as the rules say. */
static void
s_transaction(fixture_t *fx, int lane, int n, unsigned *seed)
{
	hv_request_t req = {.lane = lane};
	int codes[12], nlines = 2 + rand_r(seed) % 10;
	int64_t qty[12], amount[12], ts = NOW - 3600000 + n * 60000LL + lane * 1000;
	bool voided[12] = {false};

	snprintf(req.txn, sizeof req.txn, "L%d-T%d", lane, n);
	for (int l = 0; l < nlines; l++) {
		codes[l] = rand_r(seed) % 4;
		qty[l] = (1 + rand_r(seed) % 3) * (rand_r(seed) % 10 == 0 ? -1 : 1);
		amount[l] = qty[l] * 1000 * (1 + rand_r(seed) % 50);
		req.op = HV_OP_SCAN;
		req.line = l + 1;
		req.ts = ts + l * 7000; /* a long basket spans windows */
		snprintf(req.code, sizeof req.code, "%s", s_codes[codes[l]].code);
		req.qty = qty[l];
		req.has_amount = true;
		req.amount = amount[l];
		s_event(fx, req);
		s_count_line(fx, codes[l], qty[l], amount[l], +1);
	}
	for (int v = rand_r(seed) % 3; v > 0; v--) {
		int l = rand_r(seed) % nlines;
		if (voided[l])
			continue;
		req = (hv_request_t){.op = HV_OP_VOID, .lane = lane, .line = l + 1, .ts = ts + 300000};
		snprintf(req.txn, sizeof req.txn, "L%d-T%d", lane, n);
		s_event(fx, req);
		voided[l] = true;
		s_count_line(fx, codes[l], qty[l], amount[l], -1);
		fx->want[HV_C_VOIDS]++;
	}
	int fate = rand_r(seed) % 10;
	if (fate == 9)
		return; /* left open */
	req = (hv_request_t){.op = fate == 8 ? HV_OP_CANCEL : HV_OP_END, .lane = lane,
	    .ts = ts + 400000};
	snprintf(req.txn, sizeof req.txn, "L%d-T%d", lane, n);
	s_event(fx, req);
	if (req.op == HV_OP_END && fate != 7) {
		fx->want[HV_C_TXNS]++;
		return;
	}
	if (fate == 7) { /* ended, then annulled: the end's txns come back out */
		req.op = HV_OP_CANCEL;
		req.ts = ts + 900000;
		s_event(fx, req);
	}
	for (int l = 0; l < nlines; l++)
		if (!voided[l])
			s_count_line(fx, codes[l], qty[l], amount[l], -1);
}

/* What the window store holds (what reports and history read), after a
 * checkpoint: each counter summed over every window of the store. */
static void
s_expect_model(fixture_t *fx)
{
	sqlite3 *db = hv_journal_handle(fx->j);
	sqlite3_stmt *st;
	char sql[128];

	assert_int_equal(hv_ingest_checkpoint(fx->in), 0);
	for (int i = 0; i < HV_NCOUNTERS; i++) {
		if (i == HV_C_ITEMS_OCOP || i == HV_C_VALUE_OCOP || i == HV_C_ITEMS_LOCAL ||
		    i == HV_C_VALUE_LOCAL)
			continue; /* no catalog: none is OCOP or local */
		snprintf(sql, sizeof sql, "SELECT total(%s) FROM tally WHERE dim = 'total'",
		    hv_counter_name(i));
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		int64_t got = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (got != fx->want[i])
			fail_msg("%s: got %lld, want %lld", hv_counter_name(i), (long long)got,
			    (long long)fx->want[i]);
	}
}

static void
s_open(fixture_t *fx)
{
	char err[256];
	hv_tagger_t tagger = {NULL, NULL, NULL};

	fx->j = hv_journal_open(fx->path, false, err, sizeof err);
	assert_non_null(fx->j);
	fx->in = hv_ingest_new(fx->j, 60000, &tagger, "st-01", err, sizeof err);
	assert_non_null(fx->in);
}

static void
s_close(fixture_t *fx)
{
	hv_ingest_destroy(&fx->in);
	hv_journal_destroy(&fx->j);
}

/* The model's counts, every event sent twice, and the journal replayed. */
static void
counts_equal_the_model_and_survive_a_restart(void **state)
{
	(void)state;
	fixture_t fx = {0};
	unsigned seed = 14;
	hv_reply_t r;

	fx.dir = hv_test_mkdtemp();
	snprintf(fx.path, sizeof fx.path, "%s/journal.db", fx.dir);
	s_open(&fx);
	for (int n = 1; n <= TXNS; n++)
		for (int lane = 1; lane <= LANES; lane++)
			s_transaction(&fx, lane, n, &seed);
	s_expect_model(&fx);
	assert_true(fx.want[HV_C_VOIDS] > 10 && fx.want[HV_C_ITEMS_UNK] != 0);

	/* Every event again: each a duplicate, nothing changes. */
	for (size_t i = 0; i < fx.nsent; i++) {
		s_call(&fx, &fx.sent[i], &r);
		assert_true(r.ok);
		assert_true(r.dup);
	}
	s_expect_model(&fx);

	/* Checkpointed, one event more, then made again from the journal:
	 * the event the checkpoint lacked is counted once. */
	hv_request_t more = {.op = HV_OP_SCAN, .lane = 1, .line = 1, .qty = 2, .has_amount = true,
	    .amount = 5000, .ts = NOW - 1000};
	snprintf(more.txn, sizeof more.txn, "after-checkpoint");
	snprintf(more.code, sizeof more.code, "SKU-0042");
	s_event(&fx, more);
	s_count_line(&fx, 3, 2, 5000, +1);
	hv_request_t ended = {.op = HV_OP_END, .lane = 1, .ts = NOW - 500};
	snprintf(ended.txn, sizeof ended.txn, "after-checkpoint");
	s_event(&fx, ended);
	ended.op = HV_OP_CANCEL; /* annulled: replayed from the journal below */
	s_event(&fx, ended);
	s_count_line(&fx, 3, 2, 5000, -1);
	s_close(&fx);
	s_open(&fx);
	s_expect_model(&fx);
	for (size_t i = 0; i < fx.nsent; i++) {
		s_call(&fx, &fx.sent[i], &r);
		assert_true(r.ok && r.dup);
	}
	s_expect_model(&fx);
	s_close(&fx);
	free(fx.sent);
	hv_test_rmdir(fx.dir);
}

/* The total row of every window of st-01, in order: lines, txns and
 * domestic items per window start, into W (at most MAX), their number. */
typedef struct {
	int64_t win, lines, txns, items;
} win_row_t;

static int
s_windows(fixture_t *fx, win_row_t *w, int max)
{
	sqlite3_stmt *st;
	int n = 0;
	assert_int_equal(hv_ingest_checkpoint(fx->in), 0);
	assert_int_equal(sqlite3_prepare_v2(hv_journal_handle(fx->j),
	                     "SELECT win, lines, txns, items_dom FROM tally WHERE dim = 'total'"
	                     " AND store = 'st-01' ORDER BY win",
	                     -1, &st, NULL),
	    SQLITE_OK);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		w[n] = (win_row_t){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		    sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3)};
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

/* The window rows: LINES in the window of time SCANS, TXNS in the window
 * of time END, nothing in any other. */
static void
s_expect_windows(fixture_t *fx, int64_t scans, int64_t end, int64_t lines, int64_t txns)
{
	win_row_t w[8];
	int n = s_windows(fx, w, 8), seen = 0;
	scans -= scans % 60000; /* window starts: the handler's windows are 60 s */
	end -= end % 60000;
	for (int i = 0; i < n; i++) {
		if (w[i].win == scans) {
			assert_int_equal(w[i].lines, lines);
			assert_int_equal(w[i].items, 3 * lines);
			seen++;
		} else if (w[i].win == end) {
			assert_int_equal(w[i].txns, txns);
			assert_int_equal(w[i].lines, 0);
			seen++;
		} else {
			assert_int_equal(w[i].lines + w[i].txns + w[i].items, 0); /* nothing elsewhere */
		}
	}
	assert_int_equal(seen, 2);
}

/* A sale annulled after its end (doc/protocol.md "Counting"): its lines
 * leave the window they were counted in, its txns the end's window, and
 * nothing lands where the cancel falls; then the transaction takes nothing
 * more, and the same holds when the cancel is replayed from the journal. */
static void
cancel_after_end_takes_the_sale_out(void **state)
{
	(void)state;
	fixture_t fx = {0};
	hv_reply_t r;
	const int64_t scans = NOW - 3 * 3600000, end = scans + 180000, cancel = NOW - 60000;
	hv_request_t req = {.op = HV_OP_SCAN, .lane = 4, .qty = 3, .has_amount = true,
	    .amount = 60000, .ts = scans + 1000};

	fx.dir = hv_test_mkdtemp();
	snprintf(fx.path, sizeof fx.path, "%s/journal.db", fx.dir);
	s_open(&fx);
	snprintf(req.txn, sizeof req.txn, "HD000123");
	snprintf(req.code, sizeof req.code, "%s", s_codes[0].code);
	for (req.line = 1; req.line <= 2; req.line++)
		s_event(&fx, req);
	req = (hv_request_t){.op = HV_OP_END, .lane = 4, .total = 120000, .ts = end + 1000};
	snprintf(req.txn, sizeof req.txn, "HD000123");
	s_event(&fx, req);
	s_expect_windows(&fx, scans, end, 2, 1);

	req.op = HV_OP_CANCEL;
	req.ts = cancel;
	s_event(&fx, req); /* the next day, say: recorded, not refused */
	s_close(&fx); /* before a checkpoint: the cancel is replayed */
	s_open(&fx);
	s_expect_windows(&fx, scans, end, 0, 0);
	snprintf(req.store, sizeof req.store, "st-01"); /* as s_event sent it */
	req.has_ts = true;
	s_call(&fx, &req, &r);
	assert_true(r.ok && r.dup);
	req.op = HV_OP_END;
	req.ts = end + 1000;
	s_call(&fx, &req, &r);
	assert_true(r.ok && r.dup); /* the end was recorded: a repeat of it is a duplicate */
	req = (hv_request_t){.op = HV_OP_SCAN, .lane = 4, .line = 3, .qty = 1, .has_amount = true,
	    .amount = 1000, .has_ts = true, .ts = cancel};
	snprintf(req.store, sizeof req.store, "st-01");
	snprintf(req.txn, sizeof req.txn, "HD000123");
	snprintf(req.code, sizeof req.code, "%s", s_codes[0].code);
	s_call(&fx, &req, &r);
	assert_int_equal(r.err, HV_ERR_CLOSED_TXN);
	s_expect_windows(&fx, scans, end, 0, 0);
	s_close(&fx);
	free(fx.sent);
	hv_test_rmdir(fx.dir);
}

/* Refusals change nothing: a conflict, a void of nothing, a cancelled
 * transaction's later events, a string that cannot be a code. */
static void
refusals_change_nothing(void **state)
{
	(void)state;
	fixture_t fx = {0};
	hv_reply_t r;
	hv_request_t req = {.op = HV_OP_SCAN, .lane = 2, .line = 1, .qty = 1, .has_amount = true,
	    .amount = 10000, .has_ts = true, .ts = NOW - 5000};

	fx.dir = hv_test_mkdtemp();
	snprintf(fx.path, sizeof fx.path, "%s/journal.db", fx.dir);
	s_open(&fx);
	snprintf(req.store, sizeof req.store, "st-01");
	snprintf(req.txn, sizeof req.txn, "R1");
	snprintf(req.code, sizeof req.code, "8935049500018");
	s_event(&fx, req);
	s_count_line(&fx, 0, 1, 10000, +1);
	snprintf(req.code, sizeof req.code, "8850006330012");
	s_call(&fx, &req, &r);
	assert_false(r.ok);
	assert_int_equal(r.err, HV_ERR_CONFLICT);
	hv_request_t v = {.op = HV_OP_VOID, .lane = 2, .line = 9, .has_ts = true, .ts = NOW};
	snprintf(v.store, sizeof v.store, "st-01");
	snprintf(v.txn, sizeof v.txn, "R1");
	s_call(&fx, &v, &r);
	assert_int_equal(r.err, HV_ERR_UNKNOWN_LINE);
	hv_request_t c = {.op = HV_OP_CANCEL, .lane = 2, .has_ts = true, .ts = NOW};
	snprintf(c.txn, sizeof c.txn, "R1");
	s_event(&fx, c);
	s_count_line(&fx, 0, 1, 10000, -1);
	req.line = 2;
	s_call(&fx, &req, &r);
	assert_int_equal(r.err, HV_ERR_CLOSED_TXN);
	s_expect_model(&fx);
	s_close(&fx);
	free(fx.sent);
	hv_test_rmdir(fx.dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(counts_equal_the_model_and_survive_a_restart),
	    cmocka_unit_test(cancel_after_end_takes_the_sale_out),
	    cmocka_unit_test(refusals_change_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
