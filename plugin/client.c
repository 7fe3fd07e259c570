/*
 * client.c -- libhangviet: requests over a DEALER socket with a deadline,
 * the spool when the daemon does not answer, and its replay.
 */
#include "hangviet.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zmq.h>

#include "autoconfig.h"
#include "checkout.h"
#include "date.h"
#include "ingest_socket.h"
#include "spool.h"

#define SPOOL_ID          (INT64_C(1) << 62) /* ids of replayed records: this + offset */
#define REPLAY_WINDOW     64                 /* spooled records in flight at once */
#define DEFAULT_SPOOL_MAX (64LL * 1024 * 1024)
#define RETRY_MS          1000 /* after a replay that got nowhere */

struct hangviet_client {
	void *ctx;  /* the ZeroMQ context (one per client) */
	void *sock; /* DEALER to the daemon's ingest */
	char store[HV_STORE_MAX + 1];
	int lane;
	int timeout_ms;
	int64_t next_id; /* ids of live requests: 1, 2, ... */
	hv_spool_t *spool;
	char spool_path[4200];
	int64_t retry_after;  /* no replay before this (monotonic ms) */
	int64_t event_time;   /* ts of the next events, Unix ms; 0: now */
	bool spool_full_said; /* the "spool full" line was logged */
	bool spooling_said;   /* the "daemon not answering" line was logged */
	char note[HV_NOTE_MAX + 1]; /* the last scan's or lookup's note (hangviet_note) */
	void (*log)(void *arg, const char *line);
	void *log_arg;
};

static void
s_log_stderr(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "libhangviet: %s\n", line);
}

static void s_log(hangviet_client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
s_log(hangviet_client *c, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	c->log(c->log_arg, line);
}

const char *
hangviet_version(void)
{
	return PACKAGE_VERSION;
}

/* ---------------------------------------------------------------- open */

/* The default spool path: spool-STORE-LANE in the state directory. */
static int
s_default_spool(const char *store, int lane, char *buf, size_t len)
{
	const char *dir = getenv("HANGVIET_SPOOL_DIR"), *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char d[4096];

	if (dir != NULL && *dir != '\0')
		snprintf(d, sizeof d, "%s", dir);
	else if (xdg != NULL && *xdg == '/')
		snprintf(d, sizeof d, "%s/hangviet", xdg);
	else if (home != NULL && *home != '\0')
		snprintf(d, sizeof d, "%s/.local/state/hangviet", home);
	else
		return -1;
	for (char *p = d + 1; *p; p++) /* mkdir -p */
		if (*p == '/') {
			*p = '\0';
			mkdir(d, 0750);
			*p = '/';
		}
	mkdir(d, 0750);
	return snprintf(buf, len, "%s/spool-%s-%d", d, store, lane) < (int)len ? 0 : -1;
}

static int
s_socket(
    hangviet_client *c, const char *endpoint, const hangviet_options *opt, char *err, size_t errlen)
{
	hv_ingest_socket_opts_t o = {.endpoint = endpoint,
	    .server_public_key = opt->server_public_key,
	    .client_key = opt->client_key,
	    .insecure = opt->insecure};

	c->ctx = zmq_ctx_new();
	if (c->ctx == NULL) {
		snprintf(err, errlen, "cannot make a ZeroMQ context: %s", zmq_strerror(errno));
		return -1;
	}
	c->sock = hv_ingest_socket_open(c->ctx, &o, err, errlen);
	return c->sock != NULL ? 0 : -1;
}

hangviet_client *
hangviet_open(const hangviet_options *opt, char *err, size_t errlen)
{
	hangviet_client *c;

	if (opt == NULL || !hv_checkout_store_valid(opt->store)) {
		snprintf(err, errlen, "store must be 1-32 characters of A-Z, a-z, 0-9, _ . -");
		return NULL;
	}
	if (opt->lane < 1 || opt->lane > 9999) {
		snprintf(err, errlen, "lane must be 1-9999, not %d", opt->lane);
		return NULL;
	}
	if ((c = calloc(1, sizeof *c)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	snprintf(c->store, sizeof c->store, "%s", opt->store);
	c->lane = opt->lane;
	c->timeout_ms = opt->timeout_ms > 0 ? opt->timeout_ms : HANGVIET_DEFAULT_TIMEOUT_MS;
	c->log = opt->log != NULL ? opt->log : s_log_stderr;
	c->log_arg = opt->log_arg;
	if (opt->spool_path != NULL)
		snprintf(c->spool_path, sizeof c->spool_path, "%s", opt->spool_path);
	else if (s_default_spool(c->store, c->lane, c->spool_path, sizeof c->spool_path) < 0) {
		snprintf(
		    err, errlen, "no place for the spool: set spool_path or HANGVIET_SPOOL_DIR");
		free(c);
		return NULL;
	}
	c->spool = hv_spool_open(c->spool_path,
	    opt->spool_max_bytes > 0 ? opt->spool_max_bytes : DEFAULT_SPOOL_MAX, err, errlen);
	if (c->spool == NULL) {
		free(c);
		return NULL;
	}
	if (s_socket(c, opt->endpoint != NULL ? opt->endpoint : HANGVIET_DEFAULT_ENDPOINT, opt, err,
	        errlen) < 0) {
		hangviet_close(&c);
		return NULL;
	}
	if (hv_spool_pending(c->spool) > 0)
		s_log(c, "%ld events wait in the spool %s; they are sent as the daemon answers",
		    hv_spool_pending(c->spool), c->spool_path);
	return c;
}

void
hangviet_close(hangviet_client **cp)
{
	hangviet_client *c;

	if (cp == NULL || (c = *cp) == NULL)
		return;
	if (c->sock != NULL)
		zmq_close(c->sock);
	if (c->ctx != NULL)
		zmq_ctx_term(c->ctx);
	hv_spool_close(&c->spool);
	free(c);
	*cp = NULL;
}

void
hangviet_set_event_time(hangviet_client *c, long long unix_ms)
{
	if (c != NULL)
		c->event_time = unix_ms > 0 ? unix_ms : 0;
}

const char *
hangviet_note(const hangviet_client *c)
{
	return c != NULL ? c->note : "";
}

long
hangviet_spooled(const hangviet_client *c)
{
	return c != NULL ? hv_spool_pending(c->spool) : 0;
}

/* ---------------------------------------------------------- the socket */

/* Wait until DEADLINE (monotonic ms) for one reply. Returns 1 with *OUT
 * read, 0 at the deadline, -1 on a socket error. Malformed replies are
 * skipped. */
static int
s_recv(hangviet_client *c, int64_t deadline, hv_reply_t *out)
{
	for (;;) {
		zmq_pollitem_t item = {c->sock, 0, ZMQ_POLLIN, 0};
		int64_t left = deadline - hv_clock_ms(CLOCK_MONOTONIC);
		int rc = zmq_poll(&item, 1, left > 0 ? (long)left : 0);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			return rc;
		zmq_msg_t f[2];
		zmq_msg_init(&f[0]);
		zmq_msg_init(&f[1]);
		int n = hv_ingest_socket_recv(c->sock, f, 0);
		int ok = n == 2 && zmq_msg_size(&f[0]) == 0 &&
		         hv_checkout_read_reply(zmq_msg_data(&f[1]), zmq_msg_size(&f[1]), out) == 0;
		zmq_msg_close(&f[0]);
		zmq_msg_close(&f[1]);
		if (ok)
			return 1;
		if (n < 0)
			return -1;
	}
}

/* -------------------------------------------------------------- replay */

/* A spooled record sent and waiting for its reply. */
typedef struct {
	int64_t offset, next;
	bool done;
} inflight_t;

/* Whether a reply settles a spooled record for good: recorded (ok, dup),
 * or refused for a reason that sending again would not change. */
static bool
s_settled(hangviet_client *c, const hv_reply_t *r, int64_t offset)
{
	if (r->ok)
		return true;
	if (r->err == HV_ERR_UNAVAILABLE)
		return false;
	s_log(c, "a spooled event (spool offset %lld) was refused: %s: %s; it is dropped",
	    (long long)offset, hv_err_name(r->err), r->msg);
	return true;
}

/* Send spooled records until DEADLINE. Returns 0 when the spool is empty,
 * 1 when records remain, -1 on a spool error. */
static int
s_replay(hangviet_client *c, int64_t deadline)
{
	inflight_t fl[REPLAY_WINDOW];
	hv_spool_rec_t rec;
	hv_reply_t r;

	while (hv_spool_pending(c->spool) > 0) {
		int n = 0, done = 0, rc = 0;
		int64_t at = hv_spool_head(c->spool);
		/* Send a window of records, oldest first. */
		while (n < REPLAY_WINDOW && (rc = hv_spool_read(c->spool, at, &rec)) == 1) {
			if (hv_ingest_socket_send(c->sock, rec.body, rec.len, deadline) < 0)
				break;
			fl[n++] = (inflight_t){rec.offset, rec.next, false};
			at = rec.next;
		}
		if (n == 0) {
			c->retry_after = hv_clock_ms(CLOCK_MONOTONIC) + RETRY_MS;
			return rc < 0 ? -1 : 1; /* not connected, or a broken record */
		}
		/* Collect their replies (live replies that come late are dropped). */
		while (done < n && s_recv(c, deadline, &r) == 1) {
			if (!r.has_id || r.id < SPOOL_ID)
				continue;
			for (int i = 0; i < n; i++)
				if (!fl[i].done && SPOOL_ID + fl[i].offset == r.id &&
				    s_settled(c, &r, fl[i].offset)) {
					fl[i].done = true;
					done++;
				}
			if (!r.ok && r.err == HV_ERR_UNAVAILABLE)
				break;
		}
		/* Acknowledge the settled prefix; the rest is sent again later. */
		int k = 0;
		while (k < n && fl[k].done)
			k++;
		if (k > 0 && hv_spool_ack(c->spool, fl[k - 1].next, k) < 0)
			return -1;
		if (k < n) {
			if (k == 0) /* no answer at all: do not keep the cashier waiting */
				c->retry_after = hv_clock_ms(CLOCK_MONOTONIC) + RETRY_MS;
			return 1;
		}
	}
	if (c->spooling_said) {
		s_log(c, "the daemon answers again; every spooled event is sent");
		c->spooling_said = false;
		c->spool_full_said = false;
	}
	return 0;
}

long
hangviet_flush(hangviet_client *c, int timeout_ms)
{
	if (c == NULL)
		return -1;
	if (s_replay(c, hv_clock_ms(CLOCK_MONOTONIC) + timeout_ms) < 0)
		return -1;
	return hv_spool_pending(c->spool);
}

/* ------------------------------------------------------------- requests */

static void
s_fill_reply(const hv_reply_t *r, hangviet_reply *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->cls, sizeof out->cls, "%s", hv_class_name(r->tag.cls));
	snprintf(out->basis, sizeof out->basis, "%s", hv_basis_name(r->tag.basis));
	memcpy(out->country, r->tag.country, sizeof out->country);
	out->ocop = r->tag.ocop;
	out->local = r->tag.local;
	out->vn_brand = r->tag.vn_brand;
	out->dup = r->dup;
	snprintf(out->name, sizeof out->name, "%s", r->tag.name);
	snprintf(out->gtin, sizeof out->gtin, "%s", r->tag.gtin);
	for (int i = 0; i < 3; i++) {
		out->items[i] = r->basket.items[i];
		out->value[i] = r->basket.value[i];
	}
	snprintf(out->receipt, sizeof out->receipt, "%s", r->receipt);
	if (!r->ok) {
		snprintf(out->err, sizeof out->err, "%s", hv_err_name(r->err));
		snprintf(out->msg, sizeof out->msg, "%s", r->msg);
	}
}

/* The reply of a call that got no answer: class unknown. */
static void
s_unknown_reply(hangviet_reply *out)
{
	hv_reply_t r = {.ok = true};
	r.tag.cls = HV_CLASS_UNKNOWN;
	r.tag.basis = HV_BASIS_NONE;
	s_fill_reply(&r, out);
}

static size_t
s_pack(const hv_request_t *req, msgpack_sbuffer *sb)
{
	msgpack_packer pk;
	msgpack_sbuffer_clear(sb);
	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	hv_checkout_pack_request(&pk, req);
	return sb->size;
}

/* Put REQ in the spool (with its spool id). */
static hangviet_status
s_spool(hangviet_client *c, hv_request_t *req)
{
	msgpack_sbuffer sb;
	int64_t at = hv_spool_end(c->spool);

	msgpack_sbuffer_init(&sb);
	req->has_id = true;
	req->id = SPOOL_ID + at;
	s_pack(req, &sb);
	int64_t rc = hv_spool_append(c->spool, sb.data, sb.size);
	msgpack_sbuffer_destroy(&sb);
	if (rc >= 0) {
		if (!c->spooling_said)
			s_log(c, "the daemon does not answer; events go to the spool %s",
			    c->spool_path);
		c->spooling_said = true;
		return HANGVIET_SPOOLED;
	}
	if (!c->spool_full_said)
		s_log(c,
		    rc == -2 ? "the spool %s is full: events are lost until the daemon answers"
		             : "cannot write the spool %s: %s; events are lost",
		    c->spool_path, strerror(errno));
	c->spool_full_said = true;
	return HANGVIET_NO_ANSWER;
}

/* Send REQ (a fresh id) and wait for its reply until DEADLINE. 1 with *R,
 * 0 without an answer. */
static int
s_call(hangviet_client *c, hv_request_t *req, int64_t deadline, hv_reply_t *r)
{
	msgpack_sbuffer sb;
	int rc;

	msgpack_sbuffer_init(&sb);
	req->has_id = true;
	req->id = ++c->next_id;
	s_pack(req, &sb);
	rc = hv_ingest_socket_send(c->sock, sb.data, sb.size, deadline);
	msgpack_sbuffer_destroy(&sb);
	if (rc < 0)
		return 0;
	while ((rc = s_recv(c, deadline, r)) == 1)
		if (r->has_id && r->id == req->id)
			return 1;
	return 0; /* replies to earlier, timed-out requests were dropped above */
}

/* A scan, void, end or cancel: keep the spool's order, answer in time. */
static hangviet_status
s_event(hangviet_client *c, hv_request_t *req, hangviet_reply *reply)
{
	int64_t start = hv_clock_ms(CLOCK_MONOTONIC), deadline = start + c->timeout_ms;
	hangviet_reply scratch;
	hv_reply_t r;

	if (reply == NULL)
		reply = &scratch;
	c->note[0] = '\0';
	snprintf(req->store, sizeof req->store, "%s", c->store);
	req->lane = c->lane;
	req->has_ts = true;
	req->ts = c->event_time > 0 ? c->event_time : hv_clock_ms(CLOCK_REALTIME);
	s_unknown_reply(reply);
	/* Spooled events go first (half the budget to send them), so the daemon
	 * sees every lane's events in order; after a replay that got no answer,
	 * new events go straight to the spool for a while. */
	if (hv_spool_pending(c->spool) > 0 &&
	    (start < c->retry_after || s_replay(c, start + c->timeout_ms / 2) != 0))
		return s_spool(c, req);
	/* A quarter of the budget stays for writing the spool if no answer comes. */
	if (s_call(c, req, deadline - c->timeout_ms / 4, &r) == 0 ||
	    (!r.ok && r.err == HV_ERR_UNAVAILABLE))
		return s_spool(c, req);
	s_fill_reply(&r, reply);
	memcpy(c->note, r.tag.note, sizeof c->note);
	return r.ok ? HANGVIET_OK : HANGVIET_REFUSED;
}

hangviet_status
hangviet_scan(hangviet_client *c, const char *txn, int line, const char *code, int qty,
    long long amount, const char *sym, hangviet_reply *reply)
{
	hv_request_t req = {.op = HV_OP_SCAN, .line = line, .qty = qty};

	if (c == NULL || !hv_checkout_txn_valid(txn) || line < 1 || code == NULL ||
	    code[0] == '\0' || strlen(code) > HV_CODE_MAX || qty == 0 ||
	    hv_sym_from_name(sym, &req.sym) < 0)
		return HANGVIET_EINVAL;
	snprintf(req.txn, sizeof req.txn, "%s", txn);
	snprintf(req.code, sizeof req.code, "%s", code);
	req.has_amount = amount != HANGVIET_NO_AMOUNT;
	req.amount = req.has_amount ? amount : 0;
	return s_event(c, &req, reply);
}

hangviet_status
hangviet_void(hangviet_client *c, const char *txn, int line, hangviet_reply *reply)
{
	hv_request_t req = {.op = HV_OP_VOID, .line = line};

	if (c == NULL || !hv_checkout_txn_valid(txn) || line < 1)
		return HANGVIET_EINVAL;
	snprintf(req.txn, sizeof req.txn, "%s", txn);
	return s_event(c, &req, reply);
}

hangviet_status
hangviet_end(hangviet_client *c, const char *txn, long long total, hangviet_reply *reply)
{
	hv_request_t req = {.op = HV_OP_END};

	if (c == NULL || !hv_checkout_txn_valid(txn))
		return HANGVIET_EINVAL;
	snprintf(req.txn, sizeof req.txn, "%s", txn);
	req.has_total = total != HANGVIET_NO_AMOUNT;
	req.total = req.has_total ? total : 0;
	return s_event(c, &req, reply);
}

hangviet_status
hangviet_cancel(hangviet_client *c, const char *txn, hangviet_reply *reply)
{
	hv_request_t req = {.op = HV_OP_CANCEL};

	if (c == NULL || !hv_checkout_txn_valid(txn))
		return HANGVIET_EINVAL;
	snprintf(req.txn, sizeof req.txn, "%s", txn);
	return s_event(c, &req, reply);
}

hangviet_status
hangviet_lookup(hangviet_client *c, const char *code, const char *sym, hangviet_reply *reply)
{
	hv_request_t req = {.op = HV_OP_LOOKUP};
	hangviet_reply scratch;
	hv_reply_t r;

	if (c == NULL || code == NULL || code[0] == '\0' || strlen(code) > HV_CODE_MAX ||
	    hv_sym_from_name(sym, &req.sym) < 0)
		return HANGVIET_EINVAL;
	if (reply == NULL)
		reply = &scratch;
	snprintf(req.code, sizeof req.code, "%s", code);
	s_unknown_reply(reply);
	c->note[0] = '\0';
	if (s_call(c, &req, hv_clock_ms(CLOCK_MONOTONIC) + c->timeout_ms, &r) == 0)
		return HANGVIET_NO_ANSWER;
	s_fill_reply(&r, reply);
	memcpy(c->note, r.tag.note, sizeof c->note);
	return r.ok ? HANGVIET_OK : HANGVIET_REFUSED;
}
