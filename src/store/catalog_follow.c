/*
 * catalog_follow.c -- the thread that keeps catalog.db on the office's
 * version (see catalog_follow.h).
 */
#include "catalog_follow.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "catalog.h"
#include "catalog_wire.h"
#include "date.h"
#include "i18n.h"
#include "log.h"
#include "thread.h"
#include "wire.h"

#define POLL_MS   200 /* how often a waiting round looks at the stop flag */
#define RETRY_S   30  /* a failed round is tried again this soon */
#define THREAD_NICE 10
/* Messages of an answer held here before the office is made to wait (TCP
 * holds the rest back, and the office's queue for us): the store's memory
 * stays small however large the catalog. */
#define RECEIVE_QUEUE 64

struct hv_follow {
	hv_follow_conf_t conf;
	void *ctx;             /* the thread's own ZeroMQ context */
	hv_catalog_t *catalog; /* the thread's own handle */
	pthread_t thread;
	hv_stopper_t stopper;  /* its lock guards version and synced too */
	int64_t version;       /* the office version applied */
	int64_t synced;        /* when the office last answered, Unix ms */
	bool staging;          /* an answer is being applied */
	int64_t rows;          /* rows of the answer applied so far */
	int64_t answering;     /* the version the answer's messages are of; -1: none yet */
};

/* One round's socket: a DEALER to the office. NULL after logging. */
static void *
s_connect(hv_follow_t *self)
{
	void *sock = zmq_socket(self->ctx, ZMQ_DEALER);
	int zero = 0, hwm = RECEIVE_QUEUE;
	if (sock == NULL)
		return NULL;
	zmq_setsockopt(sock, ZMQ_LINGER, &zero, sizeof zero);
	zmq_setsockopt(sock, ZMQ_RCVHWM, &hwm, sizeof hwm);
	if (hv_security_connect(sock, self->conf.endpoint, &self->conf.sec) < 0) {
		zmq_close(sock);
		return NULL;
	}
	return sock;
}

/* Ask for the changes after SINCE. */
static int
s_ask(void *sock, int64_t since)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 2);
	hv_wire_kv_str(&pk, "op", "catalog");
	hv_wire_kv_int(&pk, "since", since);
	int rc = zmq_send(sock, "", 0, ZMQ_SNDMORE) < 0 || zmq_send(sock, sb.data, sb.size, 0) < 0;
	msgpack_sbuffer_destroy(&sb);
	return rc ? -1 : 0;
}

/* Begin applying an answer: a whole catalog replaces every office claim. */
static int
s_stage(hv_follow_t *self, bool full)
{
	if (self->staging)
		return 0;
	if (hv_catalog_stage_begin(self->catalog, full) < 0)
		return -1;
	hv_catalog_stage_source(self->catalog, HV_SOURCE_OFFICE);
	self->staging = true;
	self->rows = 0;
	return 0;
}

/* Apply one row of the answer: the office's claim, or its taking back. */
static int
s_apply_row(hv_follow_t *self, const msgpack_object *o, int64_t version)
{
	hv_product_t p;
	bool deleted;
	const char *why;
	char evidence[64];
	long first;

	self->rows++;
	if (hv_catalog_read_row(o, &p, &deleted, &why) < 0) {
		hv_warn(_("catalog from %s: version %lld, row %lld: %s; the version is not applied"),
		    self->conf.endpoint, (long long)version, (long long)self->rows, _(why));
		return -1;
	}
	if (deleted)
		return hv_catalog_stage_drop(self->catalog, hv_product_key(&p), HV_SOURCE_OFFICE);
	/* The office's row, as the office's claim; whom the office had it from
	 * is kept as its evidence. */
	snprintf(evidence, sizeof evidence, "office %lld: %s", (long long)version,
	    hv_source_name(p.source));
	p.source = HV_SOURCE_OFFICE;
	int rc = hv_catalog_stage_put(self->catalog, &p, evidence, (long)self->rows, &first);
	if (rc == 1)
		hv_warn(_("catalog from %s: version %lld gives %s twice; the version is not applied"),
		    self->conf.endpoint, (long long)version, hv_product_key(&p));
	return rc == 0 ? 0 : -1;
}

/* The answer's end: the version applied whole, and said in status. */
static int
s_commit(hv_follow_t *self, int64_t version, bool full)
{
	int64_t held;
	pthread_mutex_lock(&self->stopper.lock);
	held = self->version;
	pthread_mutex_unlock(&self->stopper.lock);
	if (self->staging || full || version != held) {
		if (s_stage(self, full) < 0 ||
		    hv_catalog_stage_meta(self->catalog, HV_CATALOG_OFFICE_VERSION, version) < 0 ||
		    hv_catalog_stage_commit(self->catalog) < 0) {
			self->staging = false;
			return -1;
		}
		self->staging = false;
		hv_info(_("catalog from %s: version %lld applied (%lld rows%s)"), self->conf.endpoint,
		    (long long)version, (long long)self->rows, full ? _(", the whole catalog") : "");
	}
	pthread_mutex_lock(&self->stopper.lock);
	self->version = version;
	self->synced = hv_clock_ms(CLOCK_REALTIME);
	pthread_mutex_unlock(&self->stopper.lock);
	return 0;
}

/* One message of the answer. 1: more to come; 0: the version is applied
 * (or nothing changed); -1: the answer is dropped. */
static int
s_on_message(hv_follow_t *self, const void *body, size_t len)
{
	msgpack_unpacked msg;
	const char *why;
	char op[16] = "", text[200] = "";
	int64_t version = 0;
	bool full = false;
	int rc = -1;

	if (hv_wire_unpack_map(body, len, &msg, &why) < 0) {
		hv_warn(_("catalog from %s: an unreadable message (%s)"), self->conf.endpoint, why);
		return -1;
	}
	hv_wire_get_str(&msg.data, "op", op, sizeof op);
	if (hv_wire_get_int(&msg.data, "version", &version) < 0 ||
	    hv_wire_get_bool(&msg.data, "full", &full) < 0 ||
	    (self->answering >= 0 && version != self->answering))
		strcpy(op, "?"); /* every message of an answer is of one version */
	self->answering = version;
	const msgpack_object *rows = hv_wire_get(&msg.data, "rows");
	if (strcmp(op, "catalog_rows") == 0 && rows != NULL && rows->type == MSGPACK_OBJECT_ARRAY) {
		rc = s_stage(self, full) < 0 ? -1 : 1;
		for (uint32_t i = 0; rc == 1 && i < rows->via.array.size; i++)
			if (s_apply_row(self, &rows->via.array.ptr[i], version) < 0)
				rc = -1;
	} else if (strcmp(op, "done") == 0) {
		rc = s_commit(self, version, full);
	} else if (strcmp(op, "error") == 0) {
		hv_wire_get_str(&msg.data, "msg", text, sizeof text);
		hv_warn(_("catalog from %s: the office says: %s"), self->conf.endpoint, text);
	} else {
		hv_warn(_("catalog from %s: an answer that is not catalog_rows, done or error of one "
		          "version"),
		    self->conf.endpoint);
	}
	msgpack_unpacked_destroy(&msg);
	if (rc < 0 && self->staging && hv_catalog_error(self->catalog)[0] != '\0')
		hv_warn(_("catalog from %s: %s"), self->conf.endpoint, hv_catalog_error(self->catalog));
	return rc;
}

/* Read the answer on SOCK to its end. 0: applied; -1: dropped. */
static int
s_read_answer(hv_follow_t *self, void *sock)
{
	int64_t quiet_ms = 0, wait_ms = (int64_t)self->conf.wait_s * 1000;

	for (;;) {
		zmq_pollitem_t item = {sock, 0, ZMQ_POLLIN, 0};
		if (hv_stopper_stopping(&self->stopper))
			return -1;
		int ready = zmq_poll(&item, 1, POLL_MS);
		if (ready < 0 && errno != EINTR)
			return -1; /* the context is ending: the daemon stops */
		if (ready <= 0) {
			if ((quiet_ms += POLL_MS) < wait_ms)
				continue;
			hv_warn(_("catalog from %s: no answer for %d s; asking again in %d s"),
			    self->conf.endpoint, self->conf.wait_s, RETRY_S);
			return -1;
		}
		quiet_ms = 0;
		zmq_msg_t part;
		int more = 1, n = 0, rc = 1;
		size_t ml = sizeof more;
		while (more) { /* "", body */
			zmq_msg_init(&part);
			if (zmq_msg_recv(&part, sock, 0) < 0) {
				zmq_msg_close(&part);
				return -1;
			}
			zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &ml);
			if (n++ == 1)
				rc = s_on_message(self, zmq_msg_data(&part), zmq_msg_size(&part));
			zmq_msg_close(&part);
		}
		if (rc <= 0)
			return rc;
	}
}

/* One round: ask for what changed after the version held, apply it. */
static int
s_round(hv_follow_t *self)
{
	int64_t since = hv_catalog_meta(self->catalog, HV_CATALOG_OFFICE_VERSION);
	void *sock = s_connect(self);
	int rc = -1;

	self->answering = -1;
	if (since >= 0 && sock != NULL && s_ask(sock, since) == 0)
		rc = s_read_answer(self, sock);
	if (self->staging) { /* cut short: none of it */
		hv_catalog_stage_abort(self->catalog);
		self->staging = false;
	}
	if (sock != NULL)
		zmq_close(sock);
	return rc;
}

static void *
s_thread(void *arg)
{
	hv_follow_t *self = arg;

	/* Applying a version must not slow a checkout: this thread yields,
	 * and so does the I/O thread of its own ZeroMQ context, made here
	 * (it inherits the priority), which decodes what the office sends
	 * apart from the lanes' I/O thread. */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), THREAD_NICE);
	if ((self->ctx = zmq_ctx_new()) == NULL) {
		hv_error("%s", _("cannot start the thread that follows the office's catalog"));
		return NULL;
	}
	int rc;
	do
		rc = s_round(self);
	while (!hv_stopper_sleep(&self->stopper,
	    (rc == 0 || self->conf.every_s < RETRY_S ? self->conf.every_s : RETRY_S) * 1000LL));
	zmq_ctx_term(self->ctx);
	return NULL;
}

static void
s_free(hv_follow_t *self)
{
	hv_catalog_destroy(&self->catalog);
	hv_stopper_destroy(&self->stopper);
	free(self);
}

/* Whether CONF's keys read and its endpoint may be reached as it says (the
 * plaintext rule): checked at start, so a wrong config stops the daemon
 * instead of failing every round. */
static bool
s_conf_ok(const hv_follow_conf_t *conf)
{
	void *ctx = zmq_ctx_new(), *sock = ctx != NULL ? zmq_socket(ctx, ZMQ_DEALER) : NULL;
	int zero = 0;
	bool ok = sock != NULL;
	if (ok) {
		zmq_setsockopt(sock, ZMQ_LINGER, &zero, sizeof zero);
		ok = hv_security_connect(sock, conf->endpoint, &conf->sec) == 0;
		zmq_close(sock);
	}
	if (ctx != NULL)
		zmq_ctx_term(ctx);
	return ok;
}

hv_follow_t *
hv_follow_start(const hv_follow_conf_t *conf)
{
	hv_follow_t *self = calloc(1, sizeof *self);
	char err[600];

	if (self == NULL || !s_conf_ok(conf)) {
		free(self);
		return NULL;
	}
	self->conf = *conf;
	hv_stopper_init(&self->stopper);
	if ((self->catalog = hv_catalog_open(conf->path, true, err, sizeof err)) == NULL) {
		hv_error("%s", err);
		s_free(self);
		return NULL;
	}
	self->version = hv_catalog_meta(self->catalog, HV_CATALOG_OFFICE_VERSION);
	if (hv_thread_start(&self->thread, s_thread, self) != 0) {
		hv_error("%s", _("cannot start the thread that follows the office's catalog"));
		s_free(self);
		return NULL;
	}
	return self;
}

void
hv_follow_stop(hv_follow_t **self_p)
{
	hv_follow_t *self = *self_p;
	if (self == NULL)
		return;
	hv_stopper_stop(&self->stopper, self->thread);
	s_free(self);
	*self_p = NULL;
}

void
hv_follow_state(hv_follow_t *self, int64_t *version, int64_t *synced)
{
	pthread_mutex_lock(&self->stopper.lock);
	*version = self->version;
	*synced = self->synced;
	pthread_mutex_unlock(&self->stopper.lock);
}
