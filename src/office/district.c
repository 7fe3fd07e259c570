/*
 * district.c -- hangviet-district: an office's node, on the node runtime
 * (node.h). It subscribes to the feeds of its upstreams (store daemons, or
 * other district nodes: the same protocol), keeps for every (store,
 * window) the highest revision heard and the region totals over them
 * (region.c), forwards each store tally, and serves history and status, so
 * a province office is one more node above. State lives in district.db
 * (SQLite), so restarts lose nothing (doc/protocol.md "Offices").
 *
 * Catching up (the zguide's Clone pattern): on start, on a seq gap, after a
 * publisher restarts or falls silent, the node asks that upstream's sync
 * socket for history and applies what comes back. Tallies are window
 * totals kept by highest rev, so history and live updates may be applied
 * in any order: repeats and reordering change nothing.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "autoconfig.h"
#include "config.h"
#include "date.h"
#include "days.h"
#include "endpoint.h"
#include "feed.h"
#include "i18n.h"
#include "intake.h"
#include "journal.h"
#include "log.h"
#include "node.h"
#include "places.h"
#include "catalog_server.h"
#include "products.h"
#include "province.h"
#include "region.h"
#include "rollup.h"
#include "security.h"
#include "sync.h"
#include "upstream.h"
#include "wire.h"

#define MAX_UPSTREAMS   HV_UPSTREAM_MAX
_Static_assert(2 * MAX_UPSTREAMS + 2 <= HV_NODE_MAX_SOCKETS, "the node runtime holds every upstream");
#define PUBLISH_MS      100 /* region totals checked; due every 500 ms */
#define UPSTREAM_MS     100 /* upstreams checked for silence and unanswered requests */
#define CHECKPOINT_MS   1000
#define DRAIN_MAX       1000  /* messages read from one socket per turn */
#define FORGET_MS       60000 /* how often windows past the retention are deleted */
#define HISTORY_WAIT_MS 10000 /* ask again when no `done` by then */
#define RESYNC_BACK_MS  (8LL * 24 * 3600 * 1000) /* late events reach this far back */
#define KEEP_WINDOWS_MS (2LL * 24 * 3600 * 1000) /* windows kept in memory */
#define INTAKE_MS       50  /* product hours waiting are kept this often, */
#define INTAKE_SLICE_MS 50  /* for this long at most in one transaction (fewer, longer
                               * ones write each index page once: 10 ms took 10% more CPU) */
#define INTAKE_MAX      (512u << 20) /* bytes of them held before they are kept at once */
#define MESSAGE_MAX     (16LL << 20) /* an upstream's message: a region hour may be large */

typedef struct {
	hv_node_settings_t node; /* what every node has (node.h) */
	char id[HV_FEED_ID_MAX + 1];
	char upstream[4096];
	char client_key[1024];  /* this node's secret key, for CurveZMQ upstreams */
	hv_upstream_list_t ups; /* the [upstream NAME] sections */
	int silence;
	int store_products; /* keep every store's product hours, not only areas' region hours */
	int day_rows;       /* keep day rows beside the windows (days.h) */
} settings_t;

typedef struct office office_t;

/* One upstream node and where its catching up stands. */
typedef struct {
	office_t *n;                    /* the office that follows it */
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

struct office {
	settings_t set;
	hv_node_t *node; /* sockets, timers, feed (node.h) */
	upstream_t up[MAX_UPSTREAMS];
	int nup;
	hv_journal_t *db;      /* district.db: store windows, places, seq */
	hv_region_t *region;   /* store windows and region totals (region.h) */
	hv_places_t *places;   /* every store heard of: its province and district */
	hv_products_t products; /* the region's own product hours on the feed */
	hv_catalog_server_t *catalog; /* its catalog.db, for its stores to follow */
	hv_intake_t *intake;    /* product hours heard, waiting to be kept */
	int intake_timer;
	hv_sync_source_t sync; /* what the sync socket answers from */
	int64_t dropped;       /* upstream messages that could not be read */
	int64_t missed;        /* upstream feed messages never received (seq gaps) */
	int64_t foreign;       /* tallies for stores their upstream does not speak for */
};

/* The settings table's own [upstream NAME] sections (upstream.h). */
static int
s_upstream_section(
    void *settings, const char *section, const char *key, const char *value, const char **why)
{
	return hv_upstream_set(&((settings_t *)settings)->ups, section, key, value, why);
}

#define S(f) offsetof(settings_t, f), sizeof(((settings_t *)0)->f)
static const hv_setting_t s_settings[] = {
    HV_NODE_SETTINGS_START(settings_t, node),
    {"node", HV_SET_STR, S(id), "district", 0, 0, NULL, "ID", N_("this node's id"), NULL},
    HV_NODE_SETTINGS_PLACE(settings_t, node, N_("the province this node totals"),
        N_("the area this node totals (a commune or ward, a former district, a chain's region); "
           "empty for a province office")),
    HV_NODE_SETTINGS_ENDPOINTS(settings_t, node, HV_EP_OFFICE_FEED, HV_EP_OFFICE_SYNC),
    {"upstream", HV_SET_STR, S(upstream), "", 0, 0, NULL, "EP,EP...",
        N_("the feeds to follow, each FEED or FEED|SYNC (SYNC: the feed's port + 1)"), NULL},
    {"client-key", HV_SET_STR, S(client_key), "", 0, 0, NULL, "FILE.key",
        N_("this node's secret key, for upstreams reached with CurveZMQ"), NULL},
    {"silence", HV_SET_INT, S(silence), "3", 1, 3600, NULL, "SECONDS",
        N_("an upstream not heard for this long is caught up again when it returns"), NULL},
    {"store-products", HV_SET_BOOL, S(store_products), "no", 0, 0, NULL, NULL,
        N_("keep each store's product hours from the offices followed, not only their regions' "
           "(needed for product figures by store, chain, ownership or channel)"),
        NULL},
    {"day-rows", HV_SET_BOOL, S(day_rows), "no", 0, 0, NULL, NULL,
        N_("keep a row per store and day beside the windows: reports of months read those "
           "(each window written costs more)"),
        NULL},
    HV_NODE_SETTINGS_END(settings_t, node),
    {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL, NULL, NULL},
};
static const hv_config_spec_t s_spec = {"hangviet-district",
    N_("An office's node, an area's or a province's: follows store (or area) feeds, totals the "
       "region."),
    s_settings, s_upstream_section, NULL, NULL};

/* ------------------------------------------------------------- places */

static void
s_remember_place(office_t *n, const char *store, const char *province, const char *district)
{
	if (hv_places_locate(n->places, store, province, district) < 0)
		hv_error("%s", _("out of memory: a store's place is not remembered"));
}

static int
s_load_place(const hv_place_t *p, void *arg)
{
	office_t *n = arg;
	hv_place_t now = *p;
	hv_province_normalise(now.province, sizeof now.province); /* kept before the 2025 table */
	if (hv_places_set(n->places, &now) < 0)
		hv_error("%s", _("out of memory: a store's place is not remembered"));
	return 0;
}

static int
s_save_place(const hv_place_t *p, void *arg)
{
	return hv_journal_place_set(arg, p);
}

/* ----------------------------------------------------------- windows */

/* Write changed store windows, places and the seq promise to district.db. */
static int
s_checkpoint(office_t *n)
{
	if (hv_journal_begin(n->db) < 0)
		return -1;
	int rc = hv_region_save(n->region);
	if (rc == 0)
		rc = hv_places_each(n->places, false, s_save_place, n->db);
	if (rc == 0)
		rc = hv_node_reserve_seq(n->node);
	if (rc != 0 || hv_journal_commit(n->db) < 0) {
		hv_journal_rollback(n->db);
		return -1;
	}
	hv_places_saved(n->places);
	hv_region_saved(n->region);
	hv_node_committed(n->node, hv_clock_ms(CLOCK_REALTIME));
	return 0;
}

/* Whether U may send a tally, place or products of STORE (in PROVINCE and
 * DISTRICT, as the message says); counted and said when not. */
static bool
s_speaks_for(office_t *n, upstream_t *u, const char *store, const char *province,
    const char *district)
{
	int64_t held_back;

	/* A region (store "*") is spoken for by its area and province. */
	if (hv_upstream_speaks_for(
	        u->conf, strcmp(store, "*") == 0 ? NULL : store, district, province))
		return true;
	n->foreign++;
	if (hv_log_limit(&u->foreign_log, 10000, &held_back))
		hv_warn(_("%s sent a tally for store %s (%s/%s), which it does not speak for: "
		          "dropped (%lld more since the last such line)"),
		    u->feed, store, province, district, (long long)held_back);
	return false;
}

/* A tally from upstream U: kept when newer than what is held, counted in
 * the region, and forwarded unchanged. */
static void
s_apply(office_t *n, upstream_t *u, hv_feed_tally_t *t)
{
	hv_feed_t *feed = hv_node_feed(n->node);
	hv_window_t *held;

	hv_province_normalise(t->province, sizeof t->province); /* an older store may say bac-kan */
	if (!s_speaks_for(n, u, t->w.store, t->province, t->district))
		return;
	if (t->w.start > u->newest)
		u->newest = t->w.start;
	if (t->w.start < hv_clock_ms(CLOCK_REALTIME) - n->set.node.keep_windows * 86400LL * 1000)
		return; /* past the retention: s_forget would delete it */
	if (strcmp(t->w.store, "*") == 0) {
		/* Another node's region total: forwarded, not counted again. */
		hv_feed_send_tally(feed, t->province, t->district, &t->w, t->final);
		return;
	}
	switch (hv_region_apply(n->region, &t->w, &held)) {
	case HV_REGION_FAILED: hv_error("%s", _("out of memory: a tally is dropped")); return;
	case HV_REGION_OLD: return; /* already held, or older */
	case HV_REGION_KEPT: break;
	}
	s_remember_place(n, held->store, t->province, t->district);
	held->published_rev = held->rev; /* forwarded right here, not by the region walk */
	hv_feed_send_tally(feed, t->province, t->district, held, t->final);
}

/* A place message from upstream U: kept, and forwarded up when it says
 * something new of a store U speaks for. */
static void
s_apply_place(office_t *n, upstream_t *u, hv_place_t *p)
{
	hv_province_normalise(p->province, sizeof p->province);
	if (strcmp(p->store, "*") == 0 || !s_speaks_for(n, u, p->store, p->province, p->district))
		return;
	switch (hv_places_set(n->places, p)) {
	case -1: hv_error("%s", _("out of memory: a store's place is not remembered")); return;
	case 0: return; /* nothing new */
	default: hv_feed_send_place(hv_node_feed(n->node), p);
	}
}

/* A products message from upstream U: a store's hour, kept when newer than
 * the one held and forwarded up unchanged; or an area office's region hour,
 * kept in its place unless this node keeps every store's (store-products).
 * A store's hour that came through an office is kept only then: the
 * office's region hour counts it already. */
static void
s_apply_products(office_t *n, upstream_t *u, hv_feed_products_t *m)
{
	bool region = strcmp(m->r.store, "*") == 0;
	bool own = strcmp(m->node, m->r.store) == 0; /* sent by the store itself */

	hv_province_normalise(m->province, sizeof m->province);
	if (region ? n->set.store_products != 0
	           : !own && n->set.store_products == 0)
		return;
	if (!s_speaks_for(n, u, m->r.store, m->province, m->district))
		return;
	if (region) { /* counted in this node's own region hour; not forwarded */
		if (hv_rollup_keep_region(n->db, m->province, m->district, &m->r) < 0)
			hv_error("%s", hv_journal_error(n->db));
		return;
	}
	switch (hv_rollup_keep(n->db, &m->r)) {
	case -1: hv_error("%s", hv_journal_error(n->db)); return;
	case 0: return; /* held already, or older */
	default:
		s_remember_place(n, m->r.store, m->province, m->district);
		hv_feed_send_products(hv_node_feed(n->node), m->province, m->district, &m->r, m->final);
	}
}

/* A feed or history body from U: a tally, a place or a store's products. Returns whether it was
 * one of them. */
static bool
s_apply_body(office_t *n, upstream_t *u, const void *body, size_t len)
{
	hv_feed_tally_t t;
	hv_place_t p;

	if (hv_feed_read_tally(body, len, &t) == 0) {
		s_apply(n, u, &t);
		hv_window_clear(&t.w);
		return true;
	}
	if (hv_feed_read_place(body, len, &p) == 0) {
		s_apply_place(n, u, &p);
		return true;
	}
	hv_feed_products_t m;
	if (hv_feed_read_products(body, len, &m) == 0) {
		s_apply_products(n, u, &m);
		hv_rollup_clear(&m.r);
		return true;
	}
	return false;
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
	msgpack_pack_map(&pk, 4);
	hv_wire_kv_str(&pk, "op", "history");
	hv_wire_kv_int(&pk, "since", since < 0 ? 0 : since);
	hv_wire_kv_bool(&pk, "products", true); /* the stores' product hours too */
	hv_wire_kv_bool(&pk, "store_products", u->n->set.store_products != 0); /* or regions' */
	zmq_send(u->dealer, "", 0, ZMQ_SNDMORE | ZMQ_DONTWAIT);
	zmq_send(u->dealer, sb.data, sb.size, ZMQ_DONTWAIT);
	msgpack_sbuffer_destroy(&sb);
	u->asked = hv_clock_ms(CLOCK_MONOTONIC);
	u->resyncs++;
	hv_info(_("%s: catching up (%s)"), u->feed, why);
}

/* A products body from U: queued to be kept a slice at a time (s_keep),
 * or kept at once when the queue is full. */
static void
s_take_products(office_t *n, upstream_t *u, const void *body, size_t len)
{
	if (hv_intake_push(n->intake, (int)(u - n->up), body, len) == 0)
		hv_node_timer_soon(n->node, n->intake_timer);
	else
		s_apply_body(n, u, body, len);
}

/* Keep the product hours waiting, in one transaction, for at most
 * SLICE_MS (all of them when SLICE_MS < 0). */
static void
s_keep(office_t *n, int64_t slice_ms)
{
	int64_t until = hv_clock_ms(CLOCK_MONOTONIC) + slice_ms;
	const void *body;
	size_t len;
	int from;

	if (hv_intake_count(n->intake) == 0 || hv_journal_begin(n->db) < 0)
		return;
	while ((body = hv_intake_peek(n->intake, &len, &from)) != NULL &&
	       (slice_ms < 0 || hv_clock_ms(CLOCK_MONOTONIC) < until)) {
		s_apply_body(n, &n->up[from], body, len);
		hv_intake_pop(n->intake);
	}
	if (hv_journal_commit(n->db) < 0) {
		hv_error("%s", hv_journal_error(n->db)); /* the upstreams send them again in history */
		hv_journal_rollback(n->db);
	}
	if (hv_intake_count(n->intake) > 0)
		hv_node_timer_soon(n->node, n->intake_timer);
}

static void
s_on_intake(void *arg, int64_t now)
{
	(void)now;
	s_keep(arg, INTAKE_SLICE_MS);
}

/* A message from U's feed. */
static void
s_on_feed(office_t *n, upstream_t *u, const void *body, size_t len)
{
	msgpack_unpacked msg;
	const char *why;
	int64_t seq = 0;
	char kind[12] = "";
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
	if (strcmp(kind, "products") == 0)
		s_take_products(n, u, body, len);
	else if (strcmp(kind, "tally") == 0 || strcmp(kind, "place") == 0)
		s_apply_body(n, u, body, len);
}

/* A message from U's sync socket: a history tally, or `done`. */
static void
s_on_sync(office_t *n, upstream_t *u, const void *body, size_t len)
{
	msgpack_unpacked msg;
	const char *why;
	char op[8] = "", kind[12] = "";

	if (hv_wire_unpack_map(body, len, &msg, &why) < 0) {
		n->dropped++;
		return;
	}
	hv_wire_get_str(&msg.data, "op", op, sizeof op);
	hv_wire_get_str(&msg.data, "kind", kind, sizeof kind);
	msgpack_unpacked_destroy(&msg);
	if (strcmp(kind, "products") == 0)
		s_take_products(n, u, body, len);
	else if (!s_apply_body(n, u, body, len) && strcmp(op, "done") == 0)
		u->asked = 0;
}

/* Read up to DRAIN_MAX whole messages waiting on SOCK (the rest wait for
 * the next turn of the loop, so a flood from one upstream never keeps sync
 * requests and timers waiting); FEED: U's feed, else its sync answers. */
static void
s_drain(upstream_t *u, void *sock, bool feed)
{
	office_t *n = u->n;
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
s_add_upstream(office_t *n, const char *feed, const char *sync)
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
s_parse_upstreams(office_t *n)
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
	office_t *n;
	int (*fn)(const hv_window_t *w, const char *province, const char *district, void *fnarg);
	void *fnarg;
	hv_window_t region;
} walk_t;

static int
s_emit_region(walk_t *k)
{
	if (k->region.span == 0)
		return 0;
	int rc = k->fn(&k->region, k->n->set.node.province, k->n->set.node.district, k->fnarg);
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

/* History's product hours: every store's this node holds, where the store is. */
typedef struct {
	office_t *n;
	int (*fn)(const hv_rollup_t *r, const char *province, const char *district, void *fnarg);
	void *fnarg;
} held_hours_t;

static int
s_held_hour(const hv_rollup_t *r, void *arg)
{
	held_hours_t *h = arg;
	if (strcmp(r->store, "*") == 0) /* the region's own */
		return h->fn(r, h->n->set.node.province, h->n->set.node.district, h->fnarg);
	const hv_place_t *p = hv_places_find(h->n->places, r->store);
	return h->fn(r, p != NULL ? p->province : "", p != NULL ? p->district : "", h->fnarg);
}

static int
s_sync_products(void *arg, int64_t since, int64_t until, bool stores,
    int (*fn)(const hv_rollup_t *r, const char *province, const char *district, void *fnarg),
    void *fnarg)
{
	held_hours_t h = {arg, fn, fnarg};
	return hv_rollup_each(h.n->db, since, until, stores ? NULL : "*", s_held_hour, &h);
}

/* History's places: every store this node has heard of. */
static int
s_sync_places(void *arg, int (*fn)(const hv_place_t *p, void *fnarg), void *fnarg)
{
	office_t *n = arg;
	return hv_places_each(n->places, true, fn, fnarg);
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
	office_t *n = arg;
	/* The region's windows in memory: those touched since the node started
	 * (a restart's history request touches the newest). */
	today_t today = {hv_date_midnight_ms(hv_clock_ms(CLOCK_REALTIME)), 0};

	hv_tally_each(hv_region_totals(n->region), s_add_today, &today);
	hv_node_counts(n->node, c);
	c->events_today = today.events;
	c->stores = (int64_t)hv_places_count(n->places);
	c->dropped += n->dropped;
	c->missed = n->missed;
	c->foreign = n->foreign;
	c->catalog_version = n->catalog != NULL ? hv_catalog_server_version(n->catalog) : 0;
}

/* A store asks for the office's catalog (catalog_server.h). */
static int
s_sync_catalog(void *arg, const void *identity, size_t len, int64_t since)
{
	office_t *n = arg;
	return hv_catalog_server_ask(n->catalog, identity, len, since);
}

/* ------------------------------------------------------------ the loop */

static void
s_on_upstream_feed(void *arg, int64_t now)
{
	upstream_t *u = arg;
	(void)now;
	s_drain(u, u->sub, true);
}

static void
s_on_upstream_sync(void *arg, int64_t now)
{
	upstream_t *u = arg;
	(void)now;
	s_drain(u, u->dealer, false);
}

/* Delete windows older than the retention from district.db (s_apply does
 * not keep older ones in the first place). */
static void
s_forget(void *arg, int64_t now)
{
	office_t *n = arg;
	long gone = hv_journal_forget(n->db, now - n->set.node.keep_windows * 86400LL * 1000, 0);
	if (gone > 0)
		hv_info(_("forgot %ld rows of windows older than %d days"), gone,
		    n->set.node.keep_windows);
}

/* Upstreams gone silent, and history requests left unanswered. */
static void
s_check_upstreams(void *arg, int64_t now)
{
	office_t *n = arg;
	int64_t mono = hv_clock_ms(CLOCK_MONOTONIC);
	(void)now;

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
s_on_checkpoint(void *arg, int64_t now)
{
	office_t *n = arg;

	if (s_checkpoint(n) < 0) {
		hv_warn("checkpoint postponed: %s", hv_journal_error(n->db));
		return;
	}
	/* Older windows wait in district.db (all saved just now); they come
	 * back when touched. */
	hv_region_evict(n->region, now - KEEP_WINDOWS_MS);
}

/* Before the feed's last word: every product hour heard is kept (and the
 * kept ones forwarded). */
static void
s_drain_intake(void *arg)
{
	s_keep(arg, -1);
}

/* After the feed's last word: the last checkpoint. */
static bool
s_finish(void *arg)
{
	office_t *n = arg;
	if (s_checkpoint(n) == 0)
		return true;
	hv_warn(_("last checkpoint failed: %s"), hv_journal_error(n->db));
	return false;
}

/* ------------------------------------------------------------ start-up */

/* A socket of TYPE (SUB or DEALER) to an upstream: whatever it sends is
 * taken (no receive limit), in messages of MESSAGE_MAX at most. */
static void *
s_socket(office_t *n, int type)
{
	int zero = 0;
	void *s = hv_node_socket(n->node, type);
	if (s == NULL)
		return NULL;
	zmq_setsockopt(s, ZMQ_MAXMSGSIZE, &(int64_t){MESSAGE_MAX}, sizeof(int64_t));
	zmq_setsockopt(s, ZMQ_RCVHWM, &zero, sizeof zero);
	if (type == ZMQ_SUB)
		zmq_setsockopt(s, ZMQ_SUBSCRIBE, "hv1/", 4);
	return s;
}

/* A socket of TYPE connected to EP of the upstream U, with its keys. */
static void *
s_follow(office_t *n, int type, const upstream_t *u, const char *ep)
{
	hv_connect_security_t sec = {u->conf != NULL ? u->conf->server_public_key : "",
	    n->set.client_key, u->conf != NULL && u->conf->insecure};
	void *s = s_socket(n, type);
	if (s != NULL && hv_security_connect(s, ep, &sec) < 0)
		return NULL; /* closed by the node */
	return s;
}

/* Connect to every upstream and ask each for its history. */
static int
s_follow_upstreams(office_t *n)
{
	int64_t newest = hv_journal_newest_window(n->db);

	for (int i = 0; i < n->nup; i++) {
		upstream_t *u = &n->up[i];
		u->n = n;
		u->newest = newest > 0 ? newest : 0;
		if ((u->sub = s_follow(n, ZMQ_SUB, u, u->feed)) == NULL ||
		    (u->dealer = s_follow(n, ZMQ_DEALER, u, u->sync)) == NULL ||
		    hv_node_reader(n->node, u->sub, s_on_upstream_feed, u) < 0 ||
		    hv_node_reader(n->node, u->dealer, s_on_upstream_sync, u) < 0)
			return -1;
		s_ask_history(u, _("start"));
	}
	return 0;
}

/* district.db, the places and the windows over it. */
static int
s_open_db(office_t *n)
{
	char path[4200], err[512];

	if (hv_node_state_path(n->node, "district.db", path, sizeof path) < 0)
		return -1;
	if ((n->db = hv_journal_open(path, true, err, sizeof err)) == NULL) {
		hv_error("%s", err);
		return -1;
	}
	if (n->set.day_rows && hv_days_keep(n->db) < 0) { /* a month's report reads a row a store and day */
		hv_error("%s: %s", path, hv_journal_error(n->db));
		return -1;
	}
	n->places = hv_places_new();
	n->region = hv_region_new(n->db, 60000);
	n->intake = hv_intake_new(INTAKE_MAX);
	if (n->places == NULL || n->region == NULL || n->intake == NULL) {
		hv_error("%s", _("out of memory"));
		return -1;
	}
	hv_journal_places_each(n->db, s_load_place, n);
	hv_places_saved(n->places);
	return 0;
}

static void
s_stop(void *arg)
{
	office_t *n = arg;

	hv_region_destroy(&n->region);
	hv_places_destroy(&n->places);
	hv_intake_destroy(&n->intake);
	hv_catalog_server_destroy(&n->catalog);
	hv_journal_destroy(&n->db);
}

static int
s_start(void *arg, hv_node_t *node)
{
	office_t *n = arg;

	n->node = node;
	n->sync = (hv_sync_source_t){.node = n->set.id, .province = n->set.node.province,
	    .district = n->set.node.district, .windows = s_sync_windows, .places = s_sync_places,
	    .products = s_sync_products, .catalog = s_sync_catalog, .counts = s_sync_counts,
	    .arg = n};
	char catalog[4200];
	if (s_parse_upstreams(n) < 0 || s_open_db(n) < 0 ||
	    hv_node_serve(node, n->db, &n->sync, hv_region_totals(n->region), PUBLISH_MS) < 0 ||
	    hv_node_state_path(node, "catalog.db", catalog, sizeof catalog) < 0)
		return -1;
	/* The catalog imported into the state (hangviet catalog import --state),
	 * served to the stores that follow it. */
	if ((n->catalog = hv_catalog_server_new(node, catalog)) == NULL)
		return -1;
	hv_feed_set_republish(hv_node_feed(node), HV_FEED_REGION_REPUBLISH_MS);
	if (s_follow_upstreams(n) < 0 || s_checkpoint(n) < 0)
		return -1;
	if (hv_products_serve(&n->products, node, n->db, "*", n->set.node.province,
	        n->set.node.district) < 0)
		return -1;
	if ((n->intake_timer = hv_node_timer(node, INTAKE_MS, s_on_intake, n)) < 0)
		return -1;
	hv_node_timer(node, UPSTREAM_MS, s_check_upstreams, n);
	hv_node_timer(node, CHECKPOINT_MS, s_on_checkpoint, n);
	hv_node_timer_soon(node, hv_node_timer(node, FORGET_MS, s_forget, n));
	hv_info(_("hangviet-district %s: node %s (%s/%s), %d upstreams, feed on %s, sync on %s"),
	    PACKAGE_VERSION, n->set.id, n->set.node.province, n->set.node.district, n->nup,
	    n->set.node.feed, n->set.node.sync);
	return 0;
}

int
main(int argc, char **argv)
{
	static office_t n;
	/* After the loop, the product hours waiting; there is nothing to reload. */
	static const hv_node_program_t program = {
	    &s_spec, &n.set, &n.set.node, &n, s_start, s_drain_intake, s_finish, s_stop, NULL};

	return hv_node_main(&program, argc, argv);
}
