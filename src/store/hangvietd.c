/*
 * hangvietd.c -- the store daemon, on the node runtime (node.h: one
 * single-threaded loop over its sockets, the signalfd and its timers). It
 * answers every checkout request after the event is committed to the
 * journal, and keeps the tallies (ingest.c does the work; this file holds
 * the ingest socket, the replies in order, the catalog, the timers and the
 * settings).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "autoconfig.h"
#include "catalog.h"
#include "catalog_follow.h"
#include "checkpointer.h"
#include "checkout.h"
#include "config.h"
#include "date.h"
#include "endpoint.h"
#include "envelope.h"
#include "i18n.h"
#include "ingest.h"
#include "journal.h"
#include "log.h"
#include "node.h"
#include "products.h"
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
#define FOLLOW_WAIT_S     30 /* an office's catalog answer silent this long is asked again */

/* The settings, filled by config.c from the table below. */
typedef struct {
	hv_node_settings_t node;       /* what every node has (node.h) */
	char store[HV_STORE_MAX + 1];  /* this store's id */
	char ingest[256];              /* ROUTER endpoint for the lanes */
	hv_bind_security_t ingest_sec; /* how it is protected */
	int window;                  /* tally window, seconds */
	int durability;              /* 0 full, 1 normal */
	int batch;                   /* most events per commit */
	int txn_idle;                /* seconds before an open transaction closes */
	int keep_events;             /* days of raw events kept */
	hv_measure_table_t measures; /* variable-measure layouts */
	/* What offices group the store by (its place message). */
	char chain[HV_FEED_ID_MAX + 1];
	char ownership[12];
	char channel[12];
	char name[HV_PLACE_NAME_MAX + 1];
	/* The office catalog it follows (catalog_follow.h). */
	char catalog_from[256];
	int catalog_every;
	char catalog_server_key[1024];
	char client_key[1024];
	int catalog_insecure;
} settings_t;

/* An office's sync endpoint, or "" for none. */
static int
s_check_catalog_from(const char *v, const char **why)
{
	return v[0] == '\0' ? 0 : hv_endpoint_check(v, why);
}

/* The store attributes' checks, one rule for the config and the wire
 * (hv_place_problem). */
static int
s_check_ownership(const char *v, const char **why)
{
	hv_place_t p = {0};
	snprintf(p.ownership, sizeof p.ownership, "%.11s", v);
	return strlen(v) < sizeof p.ownership && (*why = hv_place_problem(&p)) == NULL ? 0 : -1;
}

static int
s_check_channel(const char *v, const char **why)
{
	hv_place_t p = {0};
	snprintf(p.channel, sizeof p.channel, "%.11s", v);
	return strlen(v) < sizeof p.channel && (*why = hv_place_problem(&p)) == NULL ? 0 : -1;
}

static int
s_check_label(const char *v, const char **why)
{
	hv_place_t p = {0};
	snprintf(p.name, sizeof p.name, "%s", v);
	return (*why = hv_place_problem(&p)) == NULL ? 0 : -1;
}

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
    HV_NODE_SETTINGS_START(settings_t, node),
    {"store", HV_SET_STR, S(store), NULL, 0, 0, NULL, "ID",
        N_("this store's id (default: the host name)"), s_check_store},
    HV_NODE_SETTINGS_PLACE(settings_t, node,
        N_("the store's province: products made there count as local"),
        N_("the store's area in its office's tree (a commune or ward, a former district, a "
           "chain's region; the wire calls it district); may be empty")),
    {"ingest", HV_SET_STR, S(ingest), HV_EP_STORE_INGEST, 0, 0, NULL, "EP",
        N_("where the POS lanes connect"), hv_endpoint_check},
    HV_BIND_SECURITY_SETTINGS(settings_t, ingest_sec, "ingest"),
    HV_NODE_SETTINGS_ENDPOINTS(settings_t, node, HV_EP_STORE_FEED, HV_EP_STORE_SYNC),
    {"window", HV_SET_INT, S(window), "60", 1, 86400, NULL, "SECONDS",
        N_("length of a tally window"), NULL},
    {"durability", HV_SET_ENUM, S(durability), "full", 0, 0, "full|normal", "full|normal",
        N_("full survives power loss, normal a crash of the process only"), NULL},
    {"batch", HV_SET_INT, S(batch), "256", 1, 100000, NULL, "N",
        N_("most events committed to the journal together"), NULL},
    {"txn-idle", HV_SET_INT, S(txn_idle), "43200", 1, 2592000, NULL, "SECONDS",
        N_("close a transaction idle for this long"), NULL},
    HV_NODE_SETTINGS_END(settings_t, node),
    {"keep-events", HV_SET_INT, S(keep_events), "35", 1, 36500, NULL, "DAYS",
        N_("days of raw events kept in the journal"), NULL},
    {"measure", HV_SET_MEASURE, S(measures), NULL, 0, 0, NULL, "PP=LAYOUT",
        N_("variable-measure layout, e.g. 21=price PPPPPPVVVVVV (repeatable)"), NULL},
    {"chain", HV_SET_STR, S(chain), "", 0, 0, NULL, "ID",
        N_("the chain the store belongs to, for offices' figures by chain"), s_check_label},
    {"ownership", HV_SET_STR, S(ownership), "", 0, 0, NULL, "domestic|foreign",
        N_("who owns the store's chain: domestic or foreign"), s_check_ownership},
    {"channel", HV_SET_STR, S(channel), "", 0, 0, NULL, "modern|traditional",
        N_("the store's trade channel: modern (supermarket, convenience store) or traditional"),
        s_check_channel},
    {"name", HV_SET_STR, S(name), "", 0, 0, NULL, "TEXT",
        N_("the store's name, as offices' reports show it"), s_check_label},
    {"catalog-from", HV_SET_STR, S(catalog_from), "", 0, 0, NULL, "EP",
        N_("the sync endpoint of the office whose catalog the store follows (empty: none)"),
        s_check_catalog_from},
    {"catalog-every", HV_SET_INT, S(catalog_every), "300", 1, 86400, NULL, "SECONDS",
        N_("how often to ask the office for a new version of its catalog"), NULL},
    {"catalog-server-key", HV_SET_STR, S(catalog_server_key), "", 0, 0, NULL, "FILE.pub",
        N_("the office's public key: its catalog over CurveZMQ"), NULL},
    {"client-key", HV_SET_STR, S(client_key), "", 0, 0, NULL, "FILE.key",
        N_("this store's secret key, for the office's catalog over CurveZMQ"), NULL},
    {"catalog-insecure", HV_SET_BOOL, S(catalog_insecure), "no", 0, 0, NULL, NULL,
        N_("follow an office's catalog in plaintext across the network (not recommended)"),
        NULL},
    {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL, NULL, NULL},
};

static const hv_config_spec_t s_spec = {"hangvietd",
    N_("The hangviet store daemon: tags every scanned item and counts them."), s_settings, NULL, NULL, NULL};

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
	hv_node_t *node; /* sockets, timers, feed (node.h) */
	char catalog_path[4200];
	void *ingest_sock;
	hv_sync_source_t sync; /* what the sync socket answers from */
	hv_place_t place;      /* where the store is and what it is */
	hv_products_t products; /* its rollup hours on the feed */
	hv_catalog_t *catalog;
	hv_follow_t *follow; /* the office's catalog, followed; NULL: none */
	hv_checkpointer_t *checkpointer; /* copies journal.db's log back, off the loop */
	hv_journal_t *journal;
	hv_ingest_t *ingest;
	pending_t *pending; /* replies in order of their requests */
	size_t npending, cappending;
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
		hv_node_count_dropped(d->node);
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
		hv_node_committed(d->node, hv_clock_ms(CLOCK_REALTIME));
	s_flush(d, failed);
}

/* ------------------------------------------------------------- catalog */

/* The tagger over the current catalog and settings. */
static hv_tagger_t
s_tagger(daemon_t *d)
{
	return (hv_tagger_t){d->catalog, d->set.node.province, &d->set.measures};
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
s_reopen_catalog(void *arg)
{
	daemon_t *d = arg;
	hv_info("%s", _("SIGHUP: reopening the catalog"));
	hv_catalog_t *cat = s_open_catalog(d);
	if (cat == NULL)
		return; /* keep the one we have */
	hv_catalog_destroy(&d->catalog);
	d->catalog = cat;
	hv_tagger_t t = s_tagger(d);
	hv_ingest_set_tagger(d->ingest, &t);
}

/* ---------------------------------------------------------- the loop */

/* Close idle transactions, forget what is past the retention, let old
 * windows leave memory. */
static void
s_housekeeping(void *arg, int64_t now)
{
	daemon_t *d = arg;
	const int64_t day = 86400LL * 1000;
	int closed = hv_ingest_close_idle(d->ingest, now, (int64_t)d->set.txn_idle * 1000);
	if (closed > 0)
		hv_info(
		    _("closed %d transactions idle for more than %d s"), closed, d->set.txn_idle);
	if (hv_ingest_batch_size(d->ingest) == 0 && hv_ingest_checkpoint(d->ingest) == 0) {
		long gone = hv_journal_forget(d->journal, now - d->set.node.keep_windows * day,
		    now - d->set.keep_events * day);
		if (gone > 0)
			hv_info(_("forgot %ld rows older than the retention (%d days of windows, "
			          "%d of events)"),
			    gone, d->set.node.keep_windows, d->set.keep_events);
	}
	hv_tally_evict(hv_ingest_tally(d->ingest), now - KEEP_WINDOWS_MS);
}

/* ---------------------------------------------------------- the sync */

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
	return h->fn(w, h->d->set.node.province, h->d->set.node.district, h->fnarg);
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

	hv_node_counts(d->node, c);
	c->stores = hv_journal_store_count(d->journal);
	/* From the windows checkpointed (a second old at most): a status
	 * request, which monitoring may send often, never forces a write. */
	c->events_today = hv_journal_events_since(
	    d->journal, d->set.store, hv_date_midnight_ms(hv_clock_ms(CLOCK_REALTIME)));
	if (d->follow != NULL)
		hv_follow_state(d->follow, &c->catalog_version, &c->catalog_synced);
	else if (d->catalog != NULL)
		c->catalog_version = hv_catalog_meta(d->catalog, HV_CATALOG_VERSION);
}

/* ---------------------------------------------------------- the loop */

/* The ingest socket is readable: drain what waits, up to a batch, then
 * commit once. */
static void
s_on_ingest(void *arg, int64_t now)
{
	daemon_t *d = arg;

	hv_catalog_snapshot_begin(d->catalog);
	for (int i = 0; i < d->set.batch; i++)
		if (s_take_request(d, now) <= 0)
			break;
	s_commit(d);
	hv_catalog_snapshot_end(d->catalog);
}

static void
s_checkpoint(void *arg, int64_t now)
{
	daemon_t *d = arg;
	(void)now;
	if (hv_ingest_checkpoint(d->ingest) < 0)
		hv_debug("checkpoint postponed: %s", hv_journal_error(d->journal));
}

/* After the loop: what is open committed. */
static void
s_drain(void *arg)
{
	s_commit(arg);
}

/* After the feed's last word: the last checkpoint. True when all is
 * committed. */
static bool
s_finish(void *arg)
{
	daemon_t *d = arg;
	if (hv_ingest_checkpoint(d->ingest) < 0)
		hv_warn(_("last checkpoint failed (%s); the next start counts from the journal"),
		    hv_journal_error(d->journal));
	return hv_ingest_batch_size(d->ingest) == 0;
}

/* Free what s_start made (after a failed start too). */
static void
s_stop(void *arg)
{
	daemon_t *d = arg;

	for (size_t i = 0; i < d->cappending; i++)
		msgpack_sbuffer_destroy(&d->pending[i].body);
	free(d->pending);
	hv_ingest_destroy(&d->ingest);
	hv_follow_stop(&d->follow);
	hv_checkpointer_stop(&d->checkpointer);
	hv_journal_destroy(&d->journal);
	hv_catalog_destroy(&d->catalog);
}

/* Follow the office's catalog when the settings name one: the thread
 * creates catalog.db first, so the tagger opens the file it writes. */
static int
s_follow(daemon_t *d)
{
	if (d->set.catalog_from[0] == '\0')
		return 0;
	hv_follow_conf_t conf = {d->set.catalog_from,
	    {d->set.catalog_server_key, d->set.client_key, d->set.catalog_insecure},
	    d->set.catalog_every, FOLLOW_WAIT_S, d->catalog_path};
	if ((d->follow = hv_follow_start(&conf)) == NULL)
		return -1;
	hv_info(_("following the catalog of %s, every %d s"), d->set.catalog_from,
	    d->set.catalog_every);
	return 0;
}

/* ------------------------------------------------------------ start-up */

/* History's product hours: the store's own, where it is. */
typedef struct {
	daemon_t *d;
	int (*fn)(const hv_rollup_t *r, const char *province, const char *district, void *fnarg);
	void *fnarg;
} own_hours_t;

static int
s_own_hour(const hv_rollup_t *r, void *arg)
{
	own_hours_t *o = arg;
	return o->fn(r, o->d->place.province, o->d->place.district, o->fnarg);
}

static int
s_sync_products(void *arg, int64_t since, int64_t until, bool stores,
    int (*fn)(const hv_rollup_t *r, const char *province, const char *district, void *fnarg),
    void *fnarg)
{
	own_hours_t o = {arg, fn, fnarg};
	(void)stores; /* a store's own hours are all it has */
	return hv_rollup_each(o.d->journal, since, until, NULL, s_own_hour, &o);
}

/* History's place: the store's own. */
static int
s_sync_place(void *arg, int (*fn)(const hv_place_t *p, void *fnarg), void *fnarg)
{
	daemon_t *d = arg;
	return fn(&d->place, fnarg);
}

/* A new subscriber whose prefix takes place messages gets the store's place
 * (PUB has no history; one said at start went to nobody yet). */
static void
s_on_subscribe(void *arg, const char *prefix, size_t len)
{
	daemon_t *d = arg;
	char topic[256];

	hv_feed_topic(
	    topic, sizeof topic, "place", d->place.province, d->place.district, d->place.store);
	if (len <= strlen(topic) && memcmp(prefix, topic, len) == 0) /* the topic matches it */
		hv_feed_send_place(hv_node_feed(d->node), &d->place);
}

/* The store's place from its settings, kept in journal.db too (its
 * reports say which store and where). */
static int
s_set_place(daemon_t *d)
{
	hv_place_t *p = &d->place;

	snprintf(p->store, sizeof p->store, "%s", d->set.store);
	snprintf(p->province, sizeof p->province, "%s", d->set.node.province);
	snprintf(p->district, sizeof p->district, "%s", d->set.node.district);
	snprintf(p->chain, sizeof p->chain, "%s", d->set.chain);
	snprintf(p->ownership, sizeof p->ownership, "%s", d->set.ownership);
	snprintf(p->channel, sizeof p->channel, "%s", d->set.channel);
	snprintf(p->name, sizeof p->name, "%s", d->set.name);
	if (hv_journal_place_set(d->journal, p) < 0) {
		hv_error("%s", hv_journal_error(d->journal));
		return -1;
	}
	return 0;
}

/* The ingest ROUTER and the timers; then the feed and sync (node.h). */
static int
s_serve(daemon_t *d)
{
	/* Idle transactions are looked for four times per idle period, at most
	 * once a minute. */
	int64_t housekeeping_ms = (int64_t)d->set.txn_idle * 250;
	if (housekeeping_ms > HOUSEKEEPING_MS)
		housekeeping_ms = HOUSEKEEPING_MS;
	d->ingest_sock = hv_node_socket(d->node, ZMQ_ROUTER);
	if (d->ingest_sock == NULL)
		return -1;
	zmq_setsockopt(d->ingest_sock, ZMQ_MAXMSGSIZE, &(int64_t){MAX_FRAME}, sizeof(int64_t));
	if (hv_node_bind(d->node, d->ingest_sock, "ingest", d->set.ingest, &d->set.ingest_sec) < 0)
		return -1;
	d->sync = (hv_sync_source_t){.node = d->set.store, .province = d->set.node.province,
	    .district = d->set.node.district, .windows = s_sync_windows, .places = s_sync_place,
	    .products = s_sync_products, .counts = s_sync_counts, .arg = d};
	if (hv_node_reader(d->node, d->ingest_sock, s_on_ingest, d) < 0 ||
	    hv_node_serve(d->node, d->journal, &d->sync, hv_ingest_tally(d->ingest), PUBLISH_MS) < 0)
		return -1;
	hv_feed_send_place(hv_node_feed(d->node), &d->place); /* then in every history */
	hv_node_on_subscribe(d->node, s_on_subscribe, d);
	hv_node_timer(d->node, CHECKPOINT_MS, s_checkpoint, d);
	hv_products_serve(&d->products, d->node, d->journal, d->place.store, d->place.province,
	    d->place.district); /* its rollup hours on the feed (products.h) */
	hv_node_timer(d->node, housekeeping_ms, s_housekeeping, d);
	s_housekeeping(d, hv_clock_ms(CLOCK_REALTIME));
	return 0;
}

/* The journal and its checkpointer, and the counting over them. */
static int
s_open_journal(daemon_t *d)
{
	char journal_path[4200], err[512];
	bool full = d->set.durability == 0;

	if (hv_node_state_path(d->node, "journal.db", journal_path, sizeof journal_path) < 0)
		return -1;
	if ((d->journal = hv_journal_open(journal_path, full, err, sizeof err)) == NULL) {
		hv_error("%s", err);
		return -1;
	}
	d->checkpointer =
	    hv_checkpointer_start(journal_path, full, WAL_CHECKPOINT_MS, err, sizeof err);
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
	return 0;
}

static int
s_start(void *arg, hv_node_t *node)
{
	daemon_t *d = arg;

	d->node = node;
	if (hv_node_state_path(d->node, "catalog.db", d->catalog_path, sizeof d->catalog_path) < 0)
		return -1;
	if (s_follow(d) < 0)
		return -1;
	d->catalog = s_open_catalog(d);
	if (s_open_journal(d) < 0 || s_set_place(d) < 0 || s_serve(d) < 0)
		return -1;
	hv_info(_("hangvietd %s: store %s, lanes on %s, feed on %s, sync on %s, state in %s, %d s "
	          "windows, durability %s"),
	    PACKAGE_VERSION, d->set.store, d->set.ingest, d->set.node.feed, d->set.node.sync,
	    hv_node_state_dir(node), d->set.window, d->set.durability == 0 ? "full" : "normal");
	return 0;
}

int
main(int argc, char **argv)
{
	static daemon_t d;
	static const hv_node_program_t program = {&s_spec, &d.set, &d.set.node, &d, s_start,
	    s_drain, s_finish, s_stop, s_reopen_catalog};

	s_default_store(&d.set);
	return hv_node_main(&program, argc, argv);
}
