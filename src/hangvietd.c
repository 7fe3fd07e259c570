/*
 * hangvietd.c -- the store daemon: one event loop (zmq_poll over the ingest
 * socket and a signalfd, plus timers), single-threaded. It answers every
 * checkout request after the event is committed to the journal, and keeps
 * the tallies (ingest.c does the work; this file holds the loop, the
 * sockets and the settings).
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "autoconfig.h"
#include "catalog.h"
#include "checkpointer.h"
#include "checkout.h"
#include "config.h"
#include "date.h"
#include "endpoint.h"
#include "envelope.h"
#include "feed.h"
#include "i18n.h"
#include "ingest.h"
#include "journal.h"
#include "log.h"
#include "security.h"
#include "service.h"
#include "state.h"
#include "subscribers.h"
#include "sync.h"

/* ZMQ_MAXMSGSIZE on ingest: a body up to twice the largest request is
 * answered too_large; libzmq cuts off a peer that sends a larger frame
 * before reading it (a flood of big frames costs the daemon little). */
#define MAX_FRAME         (2 * HV_CHECKOUT_MAX_BODY)
#define MAX_IDENTITY      256                      /* ROUTER identities are at most 255 bytes */
#define CHECKPOINT_MS     1000                     /* write tallies to the journal this often */
#define WAL_CHECKPOINT_MS 200                      /* journal.db's log copied back this often */
#define HOUSEKEEPING_MS   60000                    /* close idle transactions, drop old windows */
#define KEEP_WINDOWS_MS   (2LL * 24 * 3600 * 1000) /* windows kept in memory */
#define PUBLISH_MS        250                      /* look for windows to publish this often */
#define PUBLISH_BATCH     64     /* windows published in one go between requests */
#define HEARTBEAT_MS      1000   /* a heartbeat on the feed this often */
#define SEQ_MARGIN        100000 /* feed seq numbers promised ahead in journal.db */
#define FEED_HWM          10000  /* messages queued for one subscriber */

/* The settings, filled by config.c from the table below. */
typedef struct {
	char config[4096];             /* --config FILE */
	char state[4096];              /* --state DIR, "" for the default */
	char store[HV_STORE_MAX + 1];  /* this store's id */
	char province[64];             /* the store's province id */
	char district[64];             /* the store's district id */
	char ingest[256];              /* ROUTER endpoint for the lanes */
	char feed[256];                /* XPUB endpoint of the live feed */
	char sync[256];                /* ROUTER endpoint of history and status */
	hv_bind_security_t ingest_sec; /* how each endpoint is protected */
	hv_bind_security_t feed_sec;
	hv_bind_security_t sync_sec;
	int window;                  /* tally window, seconds */
	int durability;              /* 0 full, 1 normal */
	int batch;                   /* most events per commit */
	int txn_idle;                /* seconds before an open transaction closes */
	int keep_windows;            /* days of tally windows kept */
	int keep_events;             /* days of raw events kept */
	int log_level;               /* hv_log_level_t */
	hv_measure_table_t measures; /* variable-measure layouts */
} settings_t;

static int
s_check_store(const char *v, const char **why)
{
	if (hv_checkout_store_valid(v))
		return 0;
	*why = N_("a store id is 1-32 characters of A-Z, a-z, 0-9, _ . -");
	return -1;
}

#define S(field) offsetof(settings_t, field), sizeof(((settings_t *)0)->field)
static const hv_setting_t s_settings[] = {
    {"config", HV_SET_FILE, S(config), NULL, 0, 0, NULL, "FILE",
        N_("read settings from this INI file (keys as the long options)"), NULL},
    {"state", HV_SET_STR, S(state), "", 0, 0, NULL, "DIR",
        N_("state directory (default: $HANGVIET_STATE, else $XDG_STATE_HOME/hangviet)"), NULL},
    {"store", HV_SET_STR, S(store), NULL, 0, 0, NULL, "ID",
        N_("this store's id (default: the host name)"), s_check_store},
    {"province", HV_SET_STR, S(province), "", 0, 0, NULL, "ID",
        N_("the store's province: products made there count as local"), NULL},
    {"district", HV_SET_STR, S(district), "", 0, 0, NULL, "ID", N_("the store's district"), NULL},
    {"ingest", HV_SET_STR, S(ingest), "tcp://127.0.0.1:5580", 0, 0, NULL, "EP",
        N_("where the POS lanes connect"), hv_endpoint_check},
    {"feed", HV_SET_STR, S(feed), "tcp://127.0.0.1:5581", 0, 0, NULL, "EP",
        N_("where offices subscribe to the live tallies"), hv_endpoint_check},
    {"sync", HV_SET_STR, S(sync), "tcp://127.0.0.1:5582", 0, 0, NULL, "EP",
        N_("where offices ask for history and status"), hv_endpoint_check},
    HV_BIND_SECURITY_SETTINGS(settings_t, ingest_sec, "ingest"),
    HV_BIND_SECURITY_SETTINGS(settings_t, feed_sec, "feed"),
    HV_BIND_SECURITY_SETTINGS(settings_t, sync_sec, "sync"),
    {"window", HV_SET_INT, S(window), "60", 1, 86400, NULL, "SECONDS",
        N_("length of a tally window"), NULL},
    {"durability", HV_SET_ENUM, S(durability), "full", 0, 0, "full|normal", "full|normal",
        N_("full survives power loss, normal a crash of the process only"), NULL},
    {"batch", HV_SET_INT, S(batch), "256", 1, 100000, NULL, "N",
        N_("most events committed to the journal together"), NULL},
    {"txn-idle", HV_SET_INT, S(txn_idle), "43200", 1, 2592000, NULL, "SECONDS",
        N_("close a transaction idle for this long"), NULL},
    {"keep-windows", HV_SET_INT, S(keep_windows), "400", 1, 36500, NULL, "DAYS",
        N_("days of tally windows kept for reports and history"), NULL},
    {"keep-events", HV_SET_INT, S(keep_events), "35", 1, 36500, NULL, "DAYS",
        N_("days of raw events kept in the journal"), NULL},
    {"log-level", HV_SET_ENUM, S(log_level), "info", 0, 0, "error|warning|info|debug", "LEVEL",
        N_("least important messages logged"), NULL},
    {"measure", HV_SET_MEASURE, S(measures), NULL, 0, 0, NULL, "PP=LAYOUT",
        N_("variable-measure layout, e.g. 21=price PPPPPPVVVVVV (repeatable)"), NULL},
    {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL, NULL, NULL},
};

static const hv_config_spec_t s_spec = {"hangvietd",
    N_("The hangviet store daemon: tags every scanned item and counts them."), s_settings, NULL};

/* A reply waiting for the batch it belongs to. */
typedef struct {
	unsigned char identity[MAX_IDENTITY]; /* the lane's ROUTER identity */
	size_t identity_len;
	msgpack_sbuffer body; /* the packed reply */
	bool recording;       /* becomes `unavailable` if the batch fails */
	hv_reply_id_t rid;    /* the request's id, for that */
} pending_t;
/* The daemon's state. */
typedef struct {
	settings_t set;
	char state_dir[4096];
	char catalog_path[4200];
	void *zmq;
	void *ingest_sock;
	void *feed_sock;      /* XPUB */
	void *sync_sock;      /* ROUTER */
	hv_feed_t *feed;      /* the publisher on feed_sock */
	hv_zap_t *zap;        /* admits CurveZMQ clients, when an endpoint is CURVE */
	int64_t seq_reserved; /* seq numbers up to this are promised to journal.db */
	int sigfd;
	hv_catalog_t *catalog;
	hv_checkpointer_t *checkpointer; /* copies journal.db's log back, off the loop */
	hv_journal_t *journal;
	hv_ingest_t *ingest;
	pending_t *pending; /* replies in order of their requests */
	size_t npending, cappending;
	int64_t dropped;               /* messages without a routable envelope, on ingest or sync */
	hv_subscribers_t *subscribers; /* the feed's subscriptions */
	int64_t started;               /* Unix ms */
	int64_t last_commit;           /* Unix ms of the last batch committed; 0: none yet */
	bool running;
} daemon_t;

/* Default store id: the host name, when it is a valid id. */
static void
s_default_store(settings_t *set)
{
	char host[256] = "";
	const char *why;
	gethostname(host, sizeof host - 1);
	host[strcspn(host, ".")] = '\0';
	if (s_check_store(host, &why) < 0)
		strcpy(host, "store");
	host[HV_STORE_MAX] = '\0'; /* a valid id is at most that long already */
	memcpy(set->store, host, strlen(host) + 1);
}

/* ------------------------------------------------------------- replies */

static void
s_send_reply(daemon_t *d, const unsigned char *identity, size_t len, const msgpack_sbuffer *b)
{
	if (zmq_send(d->ingest_sock, identity, len, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0 ||
	    zmq_send(d->ingest_sock, "", 0, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0 ||
	    zmq_send(d->ingest_sock, b->data, b->size, ZMQ_DONTWAIT) < 0)
		hv_debug("reply not sent: %s", zmq_strerror(errno));
}

static pending_t *
s_queue(daemon_t *d)
{
	if (d->npending == d->cappending) {
		size_t cap = d->cappending ? d->cappending * 2 : 64;
		pending_t *p = realloc(d->pending, cap * sizeof *p);
		if (p == NULL)
			return NULL;
		for (size_t i = d->cappending; i < cap; i++)
			msgpack_sbuffer_init(&p[i].body);
		d->pending = p;
		d->cappending = cap;
	}
	pending_t *p = &d->pending[d->npending++];
	msgpack_sbuffer_clear(&p->body);
	return p;
}

/* Send every queued reply; those of a failed batch as `unavailable`. */
static void
s_flush(daemon_t *d, bool batch_failed)
{
	for (size_t i = 0; i < d->npending; i++) {
		pending_t *p = &d->pending[i];
		if (batch_failed && p->recording)
			hv_ingest_reply_unavailable(&p->body, &p->rid);
		s_send_reply(d, p->identity, p->identity_len, &p->body);
	}
	d->npending = 0;
}

/* ------------------------------------------------------------ requests */

/* Handle a request that came with a routable envelope: queue its reply in
 * order, and send what may go now. */
static void
s_handle(daemon_t *d, zmq_msg_t *identity, const void *body, size_t len, bool extra, int64_t now)
{
	pending_t *p = s_queue(d);
	hv_ingest_result_t r = HV_INGEST_REPLY;

	if (p == NULL) {
		hv_error("%s", _("out of memory queueing a reply; the request is dropped"));
		return;
	}
	p->identity_len = zmq_msg_size(identity);
	memcpy(p->identity, zmq_msg_data(identity), p->identity_len);
	p->rid = (hv_reply_id_t){false, 0};
	if (extra) {
		msgpack_packer pk;
		msgpack_packer_init(&pk, &p->body, msgpack_sbuffer_write);
		hv_checkout_reply_error(&pk, NULL, HV_ERR_BAD_REQUEST,
		    _("a request is one MessagePack frame after the empty delimiter"));
	} else {
		r = hv_ingest_handle(d->ingest, body, len, now, &p->body, &p->rid);
	}
	p->recording = r == HV_INGEST_PENDING;
	if (r == HV_INGEST_FAILED)
		s_flush(d, true); /* the batch is gone: its replies say so */
	else if (r == HV_INGEST_REPLY && d->npending == 1)
		s_flush(d, false); /* nothing before it waits: answer at once */
}

/* Read one message from the ingest socket, expecting [identity, "", body].
 * Returns 1 when a message was read, 0 when none waits, -1 on error. */
static int
s_take_request(daemon_t *d, int64_t now)
{
	hv_envelope_t e;
	int rc = hv_envelope_recv(d->ingest_sock, &e);

	if (rc <= 0)
		return rc;
	if (!hv_envelope_routable(&e)) {
		d->dropped++;
		hv_debug("dropped a message of %d frames without a routable envelope", e.frames);
	} else {
		s_handle(d, &e.frame[0], zmq_msg_data(&e.frame[2]), zmq_msg_size(&e.frame[2]),
		    e.frames > 3, now);
	}
	hv_envelope_close(&e);
	return 1;
}

/* Commit the open batch and send the replies waiting for it. */
static void
s_commit(daemon_t *d)
{
	if (hv_ingest_batch_size(d->ingest) == 0) {
		s_flush(d, false);
		return;
	}
	bool failed = hv_ingest_commit(d->ingest) < 0;
	if (!failed)
		d->last_commit = hv_clock_ms(CLOCK_REALTIME);
	s_flush(d, failed);
}

/* ------------------------------------------------------------- catalog */

/* The tagger over the current catalog and settings. */
static hv_tagger_t
s_tagger(daemon_t *d)
{
	return (hv_tagger_t){d->catalog, d->set.province, &d->set.measures};
}

/* Open catalog.db read-only; on failure classify by GS1 prefix only. */
static hv_catalog_t *
s_open_catalog(daemon_t *d)
{
	char err[512];
	hv_catalog_t *cat = hv_catalog_open(d->catalog_path, false, err, sizeof err);

	if (cat == NULL)
		hv_error(_("%s; tagging by GS1 prefix only until the catalog is fixed and SIGHUP "
		           "is sent"),
		    err);
	else
		hv_info(_("catalog %s: %lld products"), d->catalog_path,
		    (long long)hv_catalog_count(cat));
	return cat;
}

/* SIGHUP: take up a newly imported catalog. */
static void
s_reopen_catalog(daemon_t *d)
{
	hv_catalog_t *cat = s_open_catalog(d);
	if (cat == NULL)
		return; /* keep the one we have */
	hv_catalog_destroy(&d->catalog);
	d->catalog = cat;
	hv_tagger_t t = s_tagger(d);
	hv_ingest_set_tagger(d->ingest, &t);
}

/* ------------------------------------------------------------- signals */

static int
s_signals_open(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN); /* a file size limit is a write error, not death */
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

static void
s_on_signal(daemon_t *d)
{
	struct signalfd_siginfo si;
	while (read(d->sigfd, &si, sizeof si) == sizeof si) {
		if (si.ssi_signo == SIGHUP) {
			hv_info("%s", _("SIGHUP: reopening the catalog"));
			hv_service_reloading();
			s_reopen_catalog(d);
			hv_service_ready("catalog reopened");
		} else {
			hv_info(_("signal %u: stopping"), si.ssi_signo);
			hv_service_stopping();
			d->running = false;
		}
	}
}

/* ---------------------------------------------------------- the loop */

static void
s_housekeeping(daemon_t *d, int64_t now)
{
	const int64_t day = 86400LL * 1000;
	int closed = hv_ingest_close_idle(d->ingest, now, (int64_t)d->set.txn_idle * 1000);
	if (closed > 0)
		hv_info(
		    _("closed %d transactions idle for more than %d s"), closed, d->set.txn_idle);
	if (hv_ingest_batch_size(d->ingest) == 0 && hv_ingest_checkpoint(d->ingest) == 0) {
		long gone = hv_journal_forget(
		    d->journal, now - d->set.keep_windows * day, now - d->set.keep_events * day);
		if (gone > 0)
			hv_info(_("forgot %ld rows older than the retention (%d days of windows, "
			          "%d of events)"),
			    gone, d->set.keep_windows, d->set.keep_events);
	}
	hv_tally_evict(hv_ingest_tally(d->ingest), now - KEEP_WINDOWS_MS);
}

/* ---------------------------------------------------------- the feed */

/* Keep the seq numbers the feed may use promised in journal.db, so they
 * keep increasing across restarts and crashes. */
static void
s_reserve_seq(daemon_t *d)
{
	int64_t seq = hv_feed_seq(d->feed);
	if (seq + SEQ_MARGIN / 2 < d->seq_reserved || hv_ingest_batch_size(d->ingest) > 0)
		return;
	if (hv_journal_meta_set(d->journal, "seq_reserved", seq + SEQ_MARGIN) == 0)
		d->seq_reserved = seq + SEQ_MARGIN;
}

/* Publish what is due, at most PUBLISH_BATCH windows. Returns true when
 * more are waiting (then the loop comes back at once, between requests). */
static bool
s_publish(daemon_t *d, int64_t now, bool heartbeat, int max)
{
	bool more = hv_feed_publish_due(d->feed, hv_ingest_tally(d->ingest), now, max) == max;
	if (heartbeat)
		hv_feed_heartbeat(d->feed, now);
	s_reserve_seq(d);
	return more;
}

/* A history walk: the caller's function and this store's ids. */
typedef struct {
	int (*fn)(const hv_window_t *w, const char *province, const char *district, void *fnarg);
	void *fnarg;
	daemon_t *d;
} history_t;

static int
s_history_window(const hv_window_t *w, void *arg)
{
	history_t *h = arg;
	return h->fn(w, h->d->set.province, h->d->set.district, h->fnarg);
}

/* The sync socket's view of this store: the journal's checkpointed
 * windows, checkpointed just before, so they hold every committed event. */
static int
s_sync_windows(void *arg, int64_t since, int64_t until,
    int (*fn)(const hv_window_t *w, const char *province, const char *district, void *fnarg),
    void *fnarg)
{
	daemon_t *d = arg;
	history_t h = {fn, fnarg, d};

	if (hv_ingest_checkpoint(d->ingest) < 0)
		hv_warn("history from the last checkpoint: %s", hv_journal_error(d->journal));
	return hv_journal_windows_each(d->journal, since, until, s_history_window, &h);
}

static void
s_sync_counts(void *arg, hv_sync_counts_t *c)
{
	daemon_t *d = arg;

	c->seq = hv_feed_seq(d->feed);
	c->stores = hv_journal_store_count(d->journal);
	c->feed_stalls = hv_feed_stalls(d->feed);
	c->dropped = d->dropped;
	c->refused = hv_zap_refused(d->zap);
	c->started = d->started;
	c->last_commit = d->last_commit;
	c->subscribers = hv_subscribers_count(d->subscribers);
	c->journal_size = hv_journal_size(d->journal);
	/* From the windows checkpointed (a second old at most): a status
	 * request, which monitoring may send often, never forces a write. */
	c->events_today = hv_journal_events_since(
	    d->journal, d->set.store, hv_date_midnight_ms(hv_clock_ms(CLOCK_REALTIME)));
}

/* ---------------------------------------------------------- the loop */

/* Milliseconds until the earliest of N deadlines (monotonic), at least 0. */
static long
s_until(const int64_t *deadlines, int n)
{
	int64_t mono = hv_clock_ms(CLOCK_MONOTONIC), next = deadlines[0];
	for (int i = 1; i < n; i++)
		if (deadlines[i] < next)
			next = deadlines[i];
	return next > mono ? (long)(next - mono) : 0;
}

static void
s_run(daemon_t *d)
{
	int64_t mono = hv_clock_ms(CLOCK_MONOTONIC);
	/* Idle transactions are looked for four times per idle period, at most
	 * once a minute. */
	int64_t housekeeping_ms = (int64_t)d->set.txn_idle * 250;
	if (housekeeping_ms > HOUSEKEEPING_MS)
		housekeeping_ms = HOUSEKEEPING_MS;
	enum { CHECKPOINT, HOUSEKEEPING, PUBLISH, HEARTBEAT, NTIMERS };
	int64_t at[NTIMERS] = {
	    mono + CHECKPOINT_MS, mono + housekeeping_ms, mono + PUBLISH_MS, mono};
	hv_sync_source_t sync = {
	    d->set.store, d->set.province, d->set.district, s_sync_windows, s_sync_counts, d};

	s_housekeeping(d, hv_clock_ms(CLOCK_REALTIME));
	d->running = true;
	while (d->running) {
		zmq_pollitem_t items[] = {
		    {d->ingest_sock, 0, ZMQ_POLLIN, 0},
		    {NULL, d->sigfd, ZMQ_POLLIN, 0},
		    {d->sync_sock, 0, ZMQ_POLLIN, 0},
		    {d->feed_sock, 0, ZMQ_POLLIN, 0},
		};
		if (zmq_poll(items, 4, s_until(at, NTIMERS)) < 0 && errno != EINTR) {
			hv_error("zmq_poll: %s", zmq_strerror(errno));
			break;
		}
		if (items[1].revents & ZMQ_POLLIN)
			s_on_signal(d);
		if (items[0].revents & ZMQ_POLLIN) {
			/* Drain what waits, up to a batch, then commit once. */
			int64_t now = hv_clock_ms(CLOCK_REALTIME);
			hv_catalog_snapshot_begin(d->catalog);
			for (int i = 0; i < d->set.batch && d->running; i++)
				if (s_take_request(d, now) <= 0)
					break;
			s_commit(d);
			hv_catalog_snapshot_end(d->catalog);
		}
		if (items[2].revents & ZMQ_POLLIN)
			while (hv_sync_serve(d->sync_sock, &sync, hv_clock_ms(CLOCK_REALTIME),
			           &d->dropped) > 0)
				;
		if (items[3].revents & ZMQ_POLLIN)
			hv_subscribers_drain(d->subscribers);
		mono = hv_clock_ms(CLOCK_MONOTONIC);
		if (mono >= at[CHECKPOINT]) {
			if (hv_ingest_checkpoint(d->ingest) < 0)
				hv_debug("checkpoint postponed: %s", hv_journal_error(d->journal));
			at[CHECKPOINT] = mono + CHECKPOINT_MS;
		}
		if (mono >= at[PUBLISH] || mono >= at[HEARTBEAT]) {
			bool hb = mono >= at[HEARTBEAT];
			bool more = s_publish(d, hv_clock_ms(CLOCK_REALTIME), hb, PUBLISH_BATCH);
			at[PUBLISH] = more ? mono : mono + PUBLISH_MS;
			if (hb)
				at[HEARTBEAT] = mono + HEARTBEAT_MS;
		}
		if (mono >= at[HOUSEKEEPING]) {
			s_housekeeping(d, hv_clock_ms(CLOCK_REALTIME));
			at[HOUSEKEEPING] = mono + housekeeping_ms;
		}
	}
	s_commit(d);
	/* The last word on every window, as it stands. */
	while (s_publish(d, hv_clock_ms(CLOCK_REALTIME), false, PUBLISH_BATCH))
		;
	if (hv_ingest_checkpoint(d->ingest) < 0)
		hv_warn(_("last checkpoint failed (%s); the next start counts from the journal"),
		    hv_journal_error(d->journal));
}

/* ------------------------------------------------------------ start-up */

static int
s_bind(daemon_t *d)
{
	int maxmsg = MAX_FRAME, linger = 1000;

	d->zmq = zmq_ctx_new();
	d->ingest_sock = zmq_socket(d->zmq, ZMQ_ROUTER);
	zmq_setsockopt(d->ingest_sock, ZMQ_MAXMSGSIZE, &(int64_t){maxmsg}, sizeof(int64_t));
	zmq_setsockopt(d->ingest_sock, ZMQ_LINGER, &linger, sizeof linger);
	if (hv_security_bind(
	        d->zmq, &d->zap, d->ingest_sock, "ingest", d->set.ingest, &d->set.ingest_sec) < 0)
		return -1;
	/* The feed: a subscriber that cannot keep up misses messages (counted),
	 * it never slows the daemon. History answers are never dropped. */
	int feed_hwm = FEED_HWM, unlimited = 0, sync_max = 4096;
	d->feed_sock = zmq_socket(d->zmq, ZMQ_XPUB);
	d->sync_sock = zmq_socket(d->zmq, ZMQ_ROUTER);
	zmq_setsockopt(d->feed_sock, ZMQ_SNDHWM, &feed_hwm, sizeof feed_hwm);
	zmq_setsockopt(d->feed_sock, ZMQ_LINGER, &linger, sizeof linger);
	zmq_setsockopt(d->feed_sock, ZMQ_MAXMSGSIZE, &(int64_t){sync_max}, sizeof(int64_t));
	zmq_setsockopt(d->sync_sock, ZMQ_SNDHWM, &unlimited, sizeof unlimited);
	zmq_setsockopt(d->sync_sock, ZMQ_LINGER, &linger, sizeof linger);
	zmq_setsockopt(d->sync_sock, ZMQ_MAXMSGSIZE, &(int64_t){sync_max}, sizeof(int64_t));
	if (hv_security_bind(d->zmq, &d->zap, d->feed_sock, "feed", d->set.feed, &d->set.feed_sec) <
	        0 ||
	    hv_security_bind(d->zmq, &d->zap, d->sync_sock, "sync", d->set.sync, &d->set.sync_sec) <
	        0)
		return -1;
	if (hv_journal_meta_get(d->journal, "seq_reserved", &d->seq_reserved) < 0)
		d->seq_reserved = 0;
	d->feed = hv_feed_new(
	    d->feed_sock, d->set.store, d->set.province, d->set.district, d->seq_reserved);
	d->subscribers = hv_subscribers_new(d->feed_sock);
	d->started = hv_clock_ms(CLOCK_REALTIME);
	if (d->feed == NULL || d->subscribers == NULL)
		return -1;
	d->seq_reserved = 0; /* promise the next numbers before the first message */
	s_reserve_seq(d);
	return 0;
}

static int
s_start(daemon_t *d)
{
	char journal_path[4200], err[512];

	if (hv_state_dir(d->set.state, d->state_dir, sizeof d->state_dir) < 0) {
		hv_error("%s", _("no state directory: give --state DIR or set HANGVIET_STATE"));
		return -1;
	}
	if (hv_state_mkdir(d->state_dir) < 0) {
		hv_log_errno(HV_LOG_ERROR, _("cannot create the state directory %s"), d->state_dir);
		return -1;
	}
	hv_state_path(d->state_dir, "catalog.db", d->catalog_path, sizeof d->catalog_path);
	hv_state_path(d->state_dir, "journal.db", journal_path, sizeof journal_path);
	d->catalog = s_open_catalog(d);
	d->journal = hv_journal_open(journal_path, d->set.durability == 0, err, sizeof err);
	if (d->journal == NULL) {
		hv_error("%s", err);
		return -1;
	}
	d->checkpointer = hv_checkpointer_start(
	    journal_path, d->set.durability == 0, WAL_CHECKPOINT_MS, err, sizeof err);
	if (d->checkpointer != NULL)
		hv_journal_checkpoint_elsewhere(d->journal);
	else
		hv_warn(_("%s; the journal's log is copied back inside its commits instead"), err);
	hv_tagger_t t = s_tagger(d);
	d->ingest = hv_ingest_new(
	    d->journal, (int64_t)d->set.window * 1000, &t, d->set.store, err, sizeof err);
	if (d->ingest == NULL) {
		hv_error("%s", err);
		return -1;
	}
	if ((d->sigfd = s_signals_open()) < 0) {
		hv_log_errno(HV_LOG_ERROR, "signalfd");
		return -1;
	}
	if (s_bind(d) < 0)
		return -1;
	hv_info(_("hangvietd %s: store %s, lanes on %s, feed on %s, sync on %s, state in %s, %d s "
	          "windows, durability %s"),
	    PACKAGE_VERSION, d->set.store, d->set.ingest, d->set.feed, d->set.sync, d->state_dir,
	    d->set.window, d->set.durability == 0 ? "full" : "normal");
	return 0;
}

static void
s_stop(daemon_t *d)
{
	for (size_t i = 0; i < d->cappending; i++)
		msgpack_sbuffer_destroy(&d->pending[i].body);
	free(d->pending);
	/* After a clean stop the next start goes on at the next seq, so a
	 * subscriber sees no gap (after a crash it jumps past the reserve). */
	if (d->feed != NULL && d->ingest != NULL && hv_ingest_batch_size(d->ingest) == 0)
		hv_journal_meta_set(d->journal, "seq_reserved", hv_feed_seq(d->feed));
	hv_feed_destroy(&d->feed);
	hv_subscribers_destroy(&d->subscribers);
	hv_zap_destroy(&d->zap);
	if (d->ingest_sock != NULL)
		zmq_close(d->ingest_sock);
	if (d->feed_sock != NULL)
		zmq_close(d->feed_sock);
	if (d->sync_sock != NULL)
		zmq_close(d->sync_sock);
	if (d->zmq != NULL)
		zmq_ctx_term(d->zmq);
	hv_ingest_destroy(&d->ingest);
	hv_checkpointer_stop(&d->checkpointer);
	hv_journal_destroy(&d->journal);
	hv_catalog_destroy(&d->catalog);
	if (d->sigfd > 0)
		close(d->sigfd);
}

int
main(int argc, char **argv)
{
	daemon_t d = {.sigfd = -1};
	int rc;

	hv_i18n_init();
	hv_log_init("hangvietd", HV_LOG_INFO);
	hv_log_set_stamped(1);
	s_default_store(&d.set);
	rc = hv_config_load(&s_spec, &d.set, argc, argv);
	if (rc != 0)
		return rc > 0 ? 0 : 2;
	hv_log_init(NULL, (hv_log_level_t)d.set.log_level);
	if (s_start(&d) < 0) {
		s_stop(&d);
		return 1;
	}
	hv_service_ready("serving");
	s_run(&d);
	s_stop(&d);
	hv_info("%s", _("stopped"));
	return 0;
}
