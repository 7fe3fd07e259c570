/*
 * district.c -- hangviet-district: an office's node. It subscribes to the
 * feeds of its upstreams (store daemons, or other district nodes: the same
 * protocol), keeps for every (store, window) the highest revision heard,
 * forwards each store tally, publishes its own region totals (store "*"),
 * and serves history and status, so a province office is one more node
 * above. State lives in district.db (SQLite), so restarts lose nothing.
 *
 * Catching up (the zguide's Clone pattern): on start, on a seq gap, after a
 * publisher restarts or falls silent, the node asks that upstream's sync
 * socket for history and applies what comes back. Tallies are window
 * totals kept by highest rev, so history and live updates may be applied
 * in any order: repeats and reordering change nothing.
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
#include "config.h"
#include "date.h"
#include "endpoint.h"
#include "feed.h"
#include "i18n.h"
#include "journal.h"
#include "log.h"
#include "places.h"
#include "security.h"
#include "service.h"
#include "state.h"
#include "subscribers.h"
#include "sync.h"
#include "upstream.h"
#include "wire.h"

#define MAX_UPSTREAMS   HV_UPSTREAM_MAX
#define PUBLISH_MS      100 /* region totals checked; due every 500 ms */
#define PUBLISH_BATCH   64
#define HEARTBEAT_MS    1000
#define CHECKPOINT_MS   1000
#define DRAIN_MAX       1000  /* messages read from one socket per turn */
#define FORGET_MS       60000 /* how often windows past the retention are deleted */
#define HISTORY_WAIT_MS 10000 /* ask again when no `done` by then */
#define RESYNC_BACK_MS  (8LL * 24 * 3600 * 1000) /* late events reach this far back */
#define SEQ_MARGIN      100000
#define KEEP_WINDOWS_MS (2LL * 24 * 3600 * 1000) /* windows kept in memory */

typedef struct {
	char config[4096];
	char state[4096];
	char node[HV_FEED_ID_MAX + 1];
	char province[HV_FEED_ID_MAX + 1];
	char district[HV_FEED_ID_MAX + 1];
	char feed[256];
	char sync[256];
	char upstream[4096];
	hv_bind_security_t feed_sec; /* how this node's own endpoints are protected */
	hv_bind_security_t sync_sec;
	char client_key[1024];  /* this node's secret key, for CurveZMQ upstreams */
	hv_upstream_list_t ups; /* the [upstream NAME] sections */
	int silence;
	int keep_windows; /* days of windows kept in district.db */
	int log_level;
} settings_t;

/* One upstream node and where its catching up stands. */
typedef struct {
	char feed[256], sync[256];      /* its endpoints */
	const hv_upstream_conf_t *conf; /* its keys and whom it speaks for; NULL: any, plaintext */
	hv_log_limit_t foreign_log;     /* of lines about its foreign tallies */
	void *sub;                      /* SUB to its feed */
	void *dealer;                   /* DEALER to its sync */
	int64_t last_seq;               /* the last feed seq seen, 0: none yet */
	int64_t heard;                  /* when anything came, monotonic ms */
	int64_t asked;                  /* when history was asked, 0: not waiting */
	int64_t newest;                 /* newest window start heard from it */
	bool silent;                    /* said to be silent */
	long resyncs;                   /* history requests made */
} upstream_t;

typedef struct {
	settings_t set;
	void *zmq, *feed_sock, *sync_sock;
	int sigfd;
	upstream_t up[MAX_UPSTREAMS];
	int nup;
	hv_journal_t *db;    /* district.db: store windows, places, seq */
	hv_tally_t *stores;  /* the highest revision of every (store, window) in memory */
	hv_tally_t *regions; /* this node's totals by window (store "*") */
	hv_feed_t *feed;
	int64_t seq_reserved;
	hv_places_t *places; /* every store heard of: its province and district */
	bool running;
	int64_t dropped;               /* upstream messages that could not be read */
	int64_t missed;                /* upstream feed messages never received (seq gaps) */
	int64_t foreign;               /* tallies for stores their upstream does not speak for */
	hv_zap_t *zap;                 /* admits CurveZMQ clients on feed and sync */
	hv_subscribers_t *subscribers; /* the feed's subscriptions */
	int64_t started;               /* Unix ms */
	int64_t last_commit;           /* Unix ms of the last checkpoint; 0: none yet */
} node_t;

/* The settings table's own [upstream NAME] sections (upstream.h). */
static int
s_upstream_section(
    void *settings, const char *section, const char *key, const char *value, const char **why)
{
	return hv_upstream_set(&((settings_t *)settings)->ups, section, key, value, why);
}

#define S(f) offsetof(settings_t, f), sizeof(((settings_t *)0)->f)
static const hv_setting_t s_settings[] = {
    {"config", HV_SET_FILE, S(config), NULL, 0, 0, NULL, "FILE",
        N_("read settings from this INI file"), NULL},
    {"state", HV_SET_STR, S(state), "", 0, 0, NULL, "DIR",
        N_("state directory (default: $HANGVIET_STATE, else $XDG_STATE_HOME/hangviet)"), NULL},
    {"node", HV_SET_STR, S(node), "district", 0, 0, NULL, "ID", N_("this node's id"), NULL},
    {"province", HV_SET_STR, S(province), "", 0, 0, NULL, "ID", N_("the province this node totals"),
        NULL},
    {"district", HV_SET_STR, S(district), "", 0, 0, NULL, "ID",
        N_("the district this node totals (empty for a province node)"), NULL},
    {"feed", HV_SET_STR, S(feed), "tcp://127.0.0.1:5591", 0, 0, NULL, "EP",
        N_("where offices above subscribe"), hv_endpoint_check},
    {"sync", HV_SET_STR, S(sync), "tcp://127.0.0.1:5592", 0, 0, NULL, "EP",
        N_("where offices above ask for history and status"), hv_endpoint_check},
    {"upstream", HV_SET_STR, S(upstream), "", 0, 0, NULL, "EP,EP...",
        N_("the feeds to follow, each FEED or FEED|SYNC (SYNC: the feed's port + 1)"), NULL},
    {"client-key", HV_SET_STR, S(client_key), "", 0, 0, NULL, "FILE.key",
        N_("this node's secret key, for upstreams reached with CurveZMQ"), NULL},
    HV_BIND_SECURITY_SETTINGS(settings_t, feed_sec, "feed"),
    HV_BIND_SECURITY_SETTINGS(settings_t, sync_sec, "sync"),
    {"silence", HV_SET_INT, S(silence), "3", 1, 3600, NULL, "SECONDS",
        N_("an upstream not heard for this long is caught up again when it returns"), NULL},
    {"keep-windows", HV_SET_INT, S(keep_windows), "400", 1, 36500, NULL, "DAYS",
        N_("days of tally windows kept for reports and history"), NULL},
    {"log-level", HV_SET_ENUM, S(log_level), "info", 0, 0, "error|warning|info|debug", "LEVEL",
        N_("least important messages logged"), NULL},
    {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL, NULL, NULL},
};
static const hv_config_spec_t s_spec = {"hangviet-district",
    N_("A district or province office's node: follows store (or district) feeds, totals the "
       "region."),
    s_settings, s_upstream_section};

/* ------------------------------------------------------------- places */

static void
s_remember_place(node_t *n, const char *store, const char *province, const char *district)
{
	if (hv_places_set(n->places, store, province, district) < 0)
		hv_error("%s", _("out of memory: a store's place is not remembered"));
}

static int
s_load_place(const char *store, const char *province, const char *district, void *arg)
{
	s_remember_place(arg, store, province, district);
	return 0;
}

static int
s_save_place(const hv_place_t *p, void *arg)
{
	return hv_journal_place_set(arg, p->store, p->province, p->district);
}

/* ----------------------------------------------------------- windows */

/* Write changed store windows and places to district.db. */
static int
s_checkpoint(node_t *n)
{
	if (hv_journal_begin(n->db) < 0)
		return -1;
	int rc = hv_journal_save_changed(n->db, n->stores);
	if (rc == 0)
		rc = hv_places_each_dirty(n->places, s_save_place, n->db);
	int64_t seq = hv_feed_seq(n->feed);
	if (rc == 0 && seq + SEQ_MARGIN / 2 >= n->seq_reserved) {
		rc = hv_journal_meta_set(n->db, "seq_reserved", seq + SEQ_MARGIN);
		if (rc == 0)
			n->seq_reserved = seq + SEQ_MARGIN;
	}
	if (rc != 0 || hv_journal_commit(n->db) < 0) {
		hv_journal_rollback(n->db);
		return -1;
	}
	hv_places_saved(n->places);
	hv_tally_mark_clean(n->stores);
	n->last_commit = hv_clock_ms(CLOCK_REALTIME);
	return 0;
}

static int
s_merge_into_region(const hv_window_t *w, void *arg)
{
	hv_window_t *region = arg;
	region->span = w->span;
	return hv_window_merge(region, w);
}

/* The region total of START, built from district.db the first time.
 * district.db is up to date for START then: a region leaves memory only
 * after a successful checkpoint saved its store windows (see s_run), and
 * store windows change only after their region is held. */
static hv_window_t *
s_region(node_t *n, int64_t start)
{
	hv_window_t *r = hv_tally_get(n->regions, "*", start, false);
	if (r != NULL)
		return r;
	r = hv_tally_get(n->regions, "*", start, true);
	if (r != NULL)
		hv_journal_windows_each(n->db, start, start + 1, s_merge_into_region, r);
	return r;
}

/* A tally from upstream U: kept when newer than what is held, counted in
 * the region, and forwarded unchanged. */
static void
s_apply(node_t *n, upstream_t *u, hv_feed_tally_t *t)
{
	int64_t held_back;

	if (!hv_upstream_speaks_for(u->conf, t->w.store, t->district, t->province)) {
		n->foreign++;
		if (hv_log_limit(&u->foreign_log, 10000, &held_back))
			hv_warn(
			    _("%s sent a tally for store %s (%s/%s), which it does not speak for: "
			      "dropped (%lld more since the last such line)"),
			    u->feed, t->w.store, t->province, t->district, (long long)held_back);
		return;
	}
	if (t->w.start > u->newest)
		u->newest = t->w.start;
	if (t->w.start < hv_clock_ms(CLOCK_REALTIME) - n->set.keep_windows * 86400LL * 1000)
		return; /* past the retention: s_forget would delete it */
	if (strcmp(t->w.store, "*") == 0) {
		/* Another node's region total: forwarded, not counted again. */
		hv_feed_send_tally(n->feed, t->province, t->district, &t->w, t->final);
		return;
	}
	hv_window_t *region = s_region(n, t->w.start);
	hv_window_t *held = hv_journal_window_hold(n->db, n->stores, t->w.store, t->w.start), old;
	if (region == NULL || held == NULL) {
		hv_error("%s", _("out of memory: a tally is dropped"));
		return;
	}
	if (t->w.rev <= held->rev)
		return; /* already held, or older */
	s_remember_place(n, t->w.store, t->province, t->district);
	if (hv_window_copy(&old, held) == 0) {
		hv_window_negate(&old);
		hv_window_merge(region, &old);
	}
	hv_window_clear(&old);
	hv_window_merge(region, &t->w);
	region->span = t->w.span;
	hv_tally_touch(n->regions, region);
	/* Hold the new revision in place of the old. */
	free(held->cats);
	free(held->lanes);
	held->cats = t->w.cats;
	held->ncats = t->w.ncats;
	held->lanes = t->w.lanes;
	held->nlanes = t->w.nlanes;
	t->w.cats = t->w.lanes = NULL;
	t->w.ncats = t->w.nlanes = 0;
	held->span = t->w.span;
	held->rev = t->w.rev;
	held->total = t->w.total;
	held->dirty = true;
	held->published_rev = held->rev; /* forwarded right here, not by the region walk */
	hv_feed_send_tally(n->feed, t->province, t->district, held, t->final);
}

/* ---------------------------------------------------------- upstreams */

/* Ask U's sync socket for every window that may have changed. */
static void
s_ask_history(upstream_t *u, const char *why)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	int64_t since = u->newest > 0 ? u->newest - RESYNC_BACK_MS : 0;

	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 2);
	hv_wire_kv_str(&pk, "op", "history");
	hv_wire_kv_int(&pk, "since", since < 0 ? 0 : since);
	zmq_send(u->dealer, "", 0, ZMQ_SNDMORE | ZMQ_DONTWAIT);
	zmq_send(u->dealer, sb.data, sb.size, ZMQ_DONTWAIT);
	msgpack_sbuffer_destroy(&sb);
	u->asked = hv_clock_ms(CLOCK_MONOTONIC);
	u->resyncs++;
	hv_info(_("%s: catching up (%s)"), u->feed, why);
}

/* A message from U's feed. */
static void
s_on_feed(node_t *n, upstream_t *u, const void *body, size_t len)
{
	msgpack_unpacked msg;
	const char *why;
	int64_t seq = 0;
	char kind[8] = "";
	hv_feed_tally_t t;

	if (hv_wire_unpack_map(body, len, &msg, &why) < 0) {
		n->dropped++;
		hv_debug("dropped an unreadable message from %s: %s", u->feed, why);
		return;
	}
	hv_wire_get_int(&msg.data, "seq", &seq);
	hv_wire_get_str(&msg.data, "kind", kind, sizeof kind);
	msgpack_unpacked_destroy(&msg);
	u->heard = hv_clock_ms(CLOCK_MONOTONIC);
	if (u->last_seq != 0 && seq > u->last_seq + 1)
		n->missed += seq - u->last_seq - 1;
	if (u->silent) {
		u->silent = false;
		s_ask_history(u, _("heard again after silence"));
	} else if (u->last_seq != 0 && seq != u->last_seq + 1 && u->asked == 0) {
		s_ask_history(u,
		    seq > u->last_seq ? _("messages were missed") : _("the publisher restarted"));
	}
	u->last_seq = seq;
	if (strcmp(kind, "tally") == 0 && hv_feed_read_tally(body, len, &t) == 0) {
		s_apply(n, u, &t);
		hv_window_clear(&t.w);
	}
}

/* A message from U's sync socket: a history tally, or `done`. */
static void
s_on_sync(node_t *n, upstream_t *u, const void *body, size_t len)
{
	msgpack_unpacked msg;
	const char *why;
	char op[8] = "";
	hv_feed_tally_t t;

	if (hv_feed_read_tally(body, len, &t) == 0) {
		s_apply(n, u, &t);
		hv_window_clear(&t.w);
		return;
	}
	if (hv_wire_unpack_map(body, len, &msg, &why) == 0) {
		hv_wire_get_str(&msg.data, "op", op, sizeof op);
		if (strcmp(op, "done") == 0)
			u->asked = 0;
		msgpack_unpacked_destroy(&msg);
	}
}

/* Read up to DRAIN_MAX whole messages waiting on SOCK (the rest wait for
 * the next turn of the loop, so a flood from one upstream never keeps sync
 * requests and timers waiting); FEED: U's feed, else its sync answers. */
static void
s_drain(node_t *n, upstream_t *u, void *sock, bool feed)
{
	for (int i = 0; i < DRAIN_MAX; i++) {
		zmq_msg_t first, body;
		int more = 0;
		size_t ml = sizeof more;
		zmq_msg_init(&first);
		if (zmq_msg_recv(&first, sock, ZMQ_DONTWAIT) < 0) {
			zmq_msg_close(&first);
			return;
		}
		zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &ml);
		zmq_msg_init(&body);
		if (more && zmq_msg_recv(&body, sock, 0) >= 0) {
			if (feed)
				s_on_feed(n, u, zmq_msg_data(&body), zmq_msg_size(&body));
			else
				s_on_sync(n, u, zmq_msg_data(&body), zmq_msg_size(&body));
			zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &ml);
			while (more) { /* frames past the body: dropped */
				zmq_msg_t x;
				zmq_msg_init(&x);
				zmq_msg_recv(&x, sock, 0);
				zmq_msg_close(&x);
				zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &ml);
			}
		}
		zmq_msg_close(&body);
		zmq_msg_close(&first);
	}
}

/* Add an upstream reached at FEED, and at SYNC or, when SYNC is NULL or
 * "", at the feed's port + 1. Returns it, or NULL after saying why. */
static upstream_t *
s_add_upstream(node_t *n, const char *feed, const char *sync)
{
	upstream_t *u = &n->up[n->nup];
	const char *why;

	if (n->nup == MAX_UPSTREAMS) {
		hv_error(_("more than %d upstreams"), MAX_UPSTREAMS);
		return NULL;
	}
	snprintf(u->feed, sizeof u->feed, "%s", feed);
	if (hv_upstream_sync_of(feed, sync, u->sync, sizeof u->sync, &why) < 0) {
		hv_error(_("upstream %s: %s"), feed, _(why));
		return NULL;
	}
	if (hv_endpoint_check(u->feed, &why) < 0 || hv_endpoint_check(u->sync, &why) < 0) {
		hv_error(_("upstream %s: %s"), u->feed, _(why));
		return NULL;
	}
	n->nup++;
	return u;
}

/* The upstreams: --upstream "FEED[|SYNC],..." and the [upstream NAME]
 * sections of the config file. */
static int
s_parse_upstreams(node_t *n)
{
	char list[4096], *save = NULL;
	snprintf(list, sizeof list, "%s", n->set.upstream);
	for (char *item = strtok_r(list, ",", &save); item != NULL;
	     item = strtok_r(NULL, ",", &save)) {
		char *bar = strchr(item, '|');
		if (bar != NULL)
			*bar++ = '\0';
		if (s_add_upstream(n, item, bar) == NULL)
			return -1;
	}
	for (int i = 0; i < n->set.ups.n; i++) {
		const hv_upstream_conf_t *c = &n->set.ups.up[i];
		const char *why;
		upstream_t *u;
		if (hv_upstream_check(c, &why) < 0) {
			hv_error(_(why), c->name);
			return -1;
		}
		if ((u = s_add_upstream(n, c->feed, c->sync)) == NULL)
			return -1;
		u->conf = c;
	}
	if (n->nup == 0) {
		hv_error(
		    "%s", _("give the feeds to follow with --upstream EP,EP... or [upstream NAME] "
		            "sections"));
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- sync */

/* A history walk: every store window from district.db, and after each
 * window start this node's region total for it. */
typedef struct {
	node_t *n;
	int (*fn)(const hv_window_t *w, const char *province, const char *district, void *fnarg);
	void *fnarg;
	hv_window_t region;
} walk_t;

static int
s_emit_region(walk_t *k)
{
	if (k->region.span == 0)
		return 0;
	int rc = k->fn(&k->region, k->n->set.province, k->n->set.district, k->fnarg);
	hv_window_clear(&k->region);
	return rc;
}

static int
s_walk_window(const hv_window_t *w, void *arg)
{
	walk_t *k = arg;
	const hv_place_t *p = hv_places_find(k->n->places, w->store);
	if (k->region.span != 0 && k->region.start != w->start && s_emit_region(k) != 0)
		return 1;
	if (k->region.span == 0) {
		snprintf(k->region.store, sizeof k->region.store, "*");
		k->region.start = w->start;
		k->region.span = w->span;
	}
	hv_window_merge(&k->region, w);
	return k->fn(w, p != NULL ? p->province : "", p != NULL ? p->district : "", k->fnarg);
}

static int
s_sync_windows(void *arg, int64_t since, int64_t until,
    int (*fn)(const hv_window_t *w, const char *province, const char *district, void *fnarg),
    void *fnarg)
{
	walk_t k = {.n = arg, .fn = fn, .fnarg = fnarg};
	s_checkpoint(k.n);
	int rc = hv_journal_windows_each(k.n->db, since, until, s_walk_window, &k);
	if (rc == 0)
		rc = s_emit_region(&k);
	hv_window_clear(&k.region);
	return rc;
}

/* hv_tally_each: add a region window's lines and voids when it started
 * today. */
typedef struct {
	int64_t since, events;
} today_t;

static int
s_add_today(hv_window_t *w, void *arg)
{
	today_t *t = arg;
	if (w->start >= t->since)
		t->events += w->total.v[HV_C_LINES] + w->total.v[HV_C_VOIDS];
	return 0;
}

static void
s_sync_counts(void *arg, hv_sync_counts_t *c)
{
	node_t *n = arg;
	/* The region's windows in memory: those touched since the node started
	 * (a restart's history request touches the newest). */
	today_t today = {hv_date_midnight_ms(hv_clock_ms(CLOCK_REALTIME)), 0};

	hv_tally_each(n->regions, s_add_today, &today);
	c->events_today = today.events;
	c->started = n->started;
	c->last_commit = n->last_commit;
	c->subscribers = hv_subscribers_count(n->subscribers);
	c->journal_size = hv_journal_size(n->db);

	c->seq = hv_feed_seq(n->feed);
	c->stores = (int64_t)hv_places_count(n->places);
	c->feed_stalls = hv_feed_stalls(n->feed);
	c->dropped = n->dropped;
	c->missed = n->missed;
	c->refused = hv_zap_refused(n->zap);
	c->foreign = n->foreign;
}

/* ------------------------------------------------------------ the loop */

/* Delete windows older than the retention from district.db (s_apply does
 * not keep older ones in the first place). */
static void
s_forget(node_t *n, int64_t now)
{
	long gone = hv_journal_forget(n->db, now - n->set.keep_windows * 86400LL * 1000, 0);
	if (gone > 0)
		hv_info(
		    _("forgot %ld rows of windows older than %d days"), gone, n->set.keep_windows);
}

static void
s_timers(node_t *n, int64_t mono)
{
	for (int i = 0; i < n->nup; i++) {
		upstream_t *u = &n->up[i];
		if (!u->silent && u->heard != 0 &&
		    mono - u->heard >= (int64_t)n->set.silence * 1000) {
			u->silent = true;
			hv_warn(_("%s: silent for %d s"), u->feed, n->set.silence);
		}
		if (u->asked != 0 && mono - u->asked >= HISTORY_WAIT_MS)
			s_ask_history(u, _("no answer to the last request"));
	}
}

static void
s_run(node_t *n)
{
	zmq_pollitem_t items[2 + 2 * MAX_UPSTREAMS];
	hv_sync_source_t sync = {
	    n->set.node, n->set.province, n->set.district, s_sync_windows, s_sync_counts, n};
	int64_t next_publish = 0, next_hb = 0, next_checkpoint = 0, next_forget = 0;

	for (int i = 0; i < n->nup; i++)
		s_ask_history(&n->up[i], _("start"));
	n->running = true;
	while (n->running) {
		int k = 0;
		items[k++] = (zmq_pollitem_t){NULL, n->sigfd, ZMQ_POLLIN, 0};
		items[k++] = (zmq_pollitem_t){n->sync_sock, 0, ZMQ_POLLIN, 0};
		for (int i = 0; i < n->nup; i++) {
			items[k++] = (zmq_pollitem_t){n->up[i].sub, 0, ZMQ_POLLIN, 0};
			items[k++] = (zmq_pollitem_t){n->up[i].dealer, 0, ZMQ_POLLIN, 0};
		}
		if (zmq_poll(items, k, 100) < 0 && errno != EINTR)
			break;
		if (items[0].revents & ZMQ_POLLIN) {
			struct signalfd_siginfo si;
			while (read(n->sigfd, &si, sizeof si) == sizeof si) {
				if (si.ssi_signo == SIGHUP) {
					hv_info(
					    "%s", _("SIGHUP: nothing to reload (restart to read "
					            "the config again)"));
					continue;
				}
				hv_service_stopping();
				n->running = false;
			}
		}
		for (int i = 0; i < n->nup; i++) {
			if (items[2 + 2 * i].revents & ZMQ_POLLIN)
				s_drain(n, &n->up[i], n->up[i].sub, true);
			if (items[3 + 2 * i].revents & ZMQ_POLLIN)
				s_drain(n, &n->up[i], n->up[i].dealer, false);
		}
		if (items[1].revents & ZMQ_POLLIN)
			while (hv_sync_serve(n->sync_sock, &sync, hv_clock_ms(CLOCK_REALTIME),
			           &n->dropped) > 0)
				;
		hv_subscribers_drain(n->subscribers);
		int64_t mono = hv_clock_ms(CLOCK_MONOTONIC), now = hv_clock_ms(CLOCK_REALTIME);
		s_timers(n, mono);
		if (mono >= next_publish) {
			bool more = hv_feed_publish_due(n->feed, n->regions, now, PUBLISH_BATCH) ==
			            PUBLISH_BATCH;
			next_publish = more ? mono : mono + PUBLISH_MS;
		}
		if (mono >= next_hb) {
			hv_feed_heartbeat(n->feed, now);
			next_hb = mono + HEARTBEAT_MS;
		}
		if (mono >= next_checkpoint) {
			next_checkpoint = mono + CHECKPOINT_MS;
			if (s_checkpoint(n) < 0) {
				hv_warn("checkpoint postponed: %s", hv_journal_error(n->db));
			} else {
				/* Older windows wait in district.db (all saved just now);
				 * they come back when touched. */
				hv_tally_evict(n->stores, now - KEEP_WINDOWS_MS);
				hv_tally_evict(n->regions, now - KEEP_WINDOWS_MS);
			}
		}
		if (mono >= next_forget) {
			next_forget = mono + FORGET_MS;
			s_forget(n, now);
		}
	}
	while (hv_feed_publish_due(n->feed, n->regions, hv_clock_ms(CLOCK_REALTIME),
	           PUBLISH_BATCH) == PUBLISH_BATCH)
		;
	if (s_checkpoint(n) < 0)
		hv_warn(_("last checkpoint failed: %s"), hv_journal_error(n->db));
}

/* ------------------------------------------------------------ start-up */

/* A socket of TYPE with this node's options. */
static void *
s_socket(node_t *n, int type)
{
	int linger = 500, zero = 0;
	void *s = zmq_socket(n->zmq, type);
	if (s == NULL)
		return NULL;
	zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
	zmq_setsockopt(s, ZMQ_MAXMSGSIZE, &(int64_t){1 << 20}, sizeof(int64_t));
	if (type == ZMQ_SUB) {
		zmq_setsockopt(s, ZMQ_RCVHWM, &zero, sizeof zero);
		zmq_setsockopt(s, ZMQ_SUBSCRIBE, "hv1/", 4);
	}
	if (type == ZMQ_ROUTER || type == ZMQ_DEALER)
		zmq_setsockopt(s, type == ZMQ_ROUTER ? ZMQ_SNDHWM : ZMQ_RCVHWM, &zero, sizeof zero);
	return s;
}

/* This node's endpoint NAME at EP, protected as SEC says. */
static void *
s_listen(node_t *n, int type, const char *name, const char *ep, const hv_bind_security_t *sec)
{
	void *s = s_socket(n, type);
	if (s != NULL && hv_security_bind(n->zmq, &n->zap, s, name, ep, sec) < 0) {
		zmq_close(s);
		return NULL;
	}
	return s;
}

/* A socket of TYPE connected to EP of the upstream U, with its keys. */
static void *
s_follow(node_t *n, int type, const upstream_t *u, const char *ep)
{
	hv_connect_security_t sec = {u->conf != NULL ? u->conf->server_public_key : "",
	    n->set.client_key, u->conf != NULL && u->conf->insecure};
	void *s = s_socket(n, type);
	if (s != NULL && hv_security_connect(s, ep, &sec) < 0) {
		zmq_close(s);
		return NULL;
	}
	return s;
}

static int
s_start(node_t *n)
{
	char dir[4096], path[4200], err[512];
	sigset_t set;

	if (s_parse_upstreams(n) < 0)
		return -1;
	if (hv_state_dir(n->set.state, dir, sizeof dir) < 0 || hv_state_mkdir(dir) < 0) {
		hv_error(
		    "%s", _("no usable state directory: give --state DIR or set HANGVIET_STATE"));
		return -1;
	}
	hv_state_path(dir, "district.db", path, sizeof path);
	if ((n->db = hv_journal_open(path, true, err, sizeof err)) == NULL) {
		hv_error("%s", err);
		return -1;
	}
	if ((n->places = hv_places_new()) == NULL) {
		hv_error("%s", _("out of memory"));
		return -1;
	}
	hv_journal_places_each(n->db, s_load_place, n);
	hv_places_saved(n->places);
	n->stores = hv_tally_new(60000);
	n->regions = hv_tally_new(60000);
	n->zmq = zmq_ctx_new();
	if (n->stores == NULL || n->regions == NULL ||
	    (n->feed_sock = s_listen(n, ZMQ_XPUB, "feed", n->set.feed, &n->set.feed_sec)) == NULL ||
	    (n->sync_sock = s_listen(n, ZMQ_ROUTER, "sync", n->set.sync, &n->set.sync_sec)) == NULL)
		return -1;
	int64_t newest = hv_journal_newest_window(n->db);
	for (int i = 0; i < n->nup; i++) {
		upstream_t *u = &n->up[i];
		u->newest = newest > 0 ? newest : 0;
		if ((u->sub = s_follow(n, ZMQ_SUB, u, u->feed)) == NULL ||
		    (u->dealer = s_follow(n, ZMQ_DEALER, u, u->sync)) == NULL)
			return -1;
	}
	if (hv_journal_meta_get(n->db, "seq_reserved", &n->seq_reserved) < 0)
		n->seq_reserved = 0;
	n->feed = hv_feed_new(
	    n->feed_sock, n->set.node, n->set.province, n->set.district, n->seq_reserved);
	n->seq_reserved = 0; /* reserved anew at the first checkpoint */
	if (n->feed != NULL)
		hv_feed_set_republish(n->feed, HV_FEED_REGION_REPUBLISH_MS);
	n->subscribers = hv_subscribers_new(n->feed_sock);
	n->started = hv_clock_ms(CLOCK_REALTIME);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	n->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (n->feed == NULL || n->subscribers == NULL || n->sigfd < 0 || s_checkpoint(n) < 0)
		return -1;
	hv_info(_("hangviet-district %s: node %s (%s/%s), %d upstreams, feed on %s, sync on %s"),
	    PACKAGE_VERSION, n->set.node, n->set.province, n->set.district, n->nup, n->set.feed,
	    n->set.sync);
	return 0;
}

static void
s_stop(node_t *n)
{
	/* After a clean stop the next start goes on at the next seq, so a
	 * subscriber sees no gap (after a crash it jumps past the reserve). */
	if (n->feed != NULL && n->db != NULL)
		hv_journal_meta_set(n->db, "seq_reserved", hv_feed_seq(n->feed));
	hv_feed_destroy(&n->feed);
	hv_zap_destroy(&n->zap);
	for (int i = 0; i < n->nup; i++) {
		if (n->up[i].sub != NULL)
			zmq_close(n->up[i].sub);
		if (n->up[i].dealer != NULL)
			zmq_close(n->up[i].dealer);
	}
	hv_subscribers_destroy(&n->subscribers);
	if (n->feed_sock != NULL)
		zmq_close(n->feed_sock);
	if (n->sync_sock != NULL)
		zmq_close(n->sync_sock);
	if (n->zmq != NULL)
		zmq_ctx_term(n->zmq);
	hv_tally_destroy(&n->stores);
	hv_places_destroy(&n->places);
	hv_tally_destroy(&n->regions);
	hv_journal_destroy(&n->db);
	if (n->sigfd > 0)
		close(n->sigfd);
}

int
main(int argc, char **argv)
{
	static node_t n = {.sigfd = -1};
	int rc;

	hv_i18n_init();
	hv_log_init("hangviet-district", HV_LOG_INFO);
	hv_log_set_stamped(1);
	rc = hv_config_load(&s_spec, &n.set, argc, argv);
	if (rc != 0)
		return rc > 0 ? 0 : 2;
	hv_log_init(NULL, (hv_log_level_t)n.set.log_level);
	if (s_start(&n) < 0) {
		s_stop(&n);
		return 1;
	}
	hv_service_ready("serving");
	s_run(&n);
	s_stop(&n);
	hv_info("%s", _("stopped"));
	return 0;
}
