/*
 * node.c -- the runtime both daemons run on (node.h).
 */
#include "node.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "date.h"
#include "i18n.h"
#include "log.h"
#include "service.h"
#include "signals.h"
#include "state.h"
#include "subscribers.h"

#define MAX_SOCKETS   HV_NODE_MAX_SOCKETS
#define MAX_TIMERS    16
#define HEARTBEAT_MS  1000   /* a heartbeat on the feed this often */
#define PUBLISH_BATCH 64     /* windows published in one go between requests */
#define SEQ_MARGIN    100000 /* feed seq numbers promised ahead in the database */
#define FEED_HWM      10000  /* messages queued for one subscriber */
#define SYNC_MAX_MSG  4096   /* the largest request on feed (subscriptions) and sync */
#define LINGER_MS     1000

typedef struct {
	void *sock;
	void (*fn)(void *arg, int64_t now);
	void *arg;
} reader_t;

typedef struct {
	int64_t interval, due; /* ms; due is monotonic */
	void (*fn)(void *arg, int64_t now);
	void *arg;
} node_timer_t;

struct hv_node {
	const hv_node_program_t *program;
	void *zmq;
	int sigfd;
	void *sockets[MAX_SOCKETS]; /* closed at teardown */
	int nsockets;
	reader_t readers[MAX_SOCKETS];
	int nreaders;
	node_timer_t timers[MAX_TIMERS];
	int ntimers;
	hv_zap_t *zap;
	void *feed_sock, *sync_sock;
	hv_feed_t *feed;
	hv_subscribers_t *subscribers;
	void (*on_subscribe)(void *arg, const char *prefix, size_t len); /* or NULL */
	void *on_subscribe_arg;
	const hv_sync_source_t *source;
	hv_journal_t *journal;
	hv_tally_t *published; /* whose due windows the feed publishes */
	int publish_timer;
	int64_t seq_reserved; /* seq numbers up to this are promised to the journal */
	int64_t dropped;
	int64_t started;     /* Unix ms */
	int64_t last_commit; /* Unix ms; 0: none yet */
	char state_dir[4096];
	bool running;
};

/* -------------------------------------------------------------- state */

/* The state directory, made when missing. 0, or -1 after logging why. */
static int
s_open_state_dir(hv_node_t *self)
{
	const char *opt = self->program->node_set->state;

	if (hv_state_dir(opt, self->state_dir, sizeof self->state_dir) < 0) {
		hv_error("%s", _("no state directory: give --state DIR or set HANGVIET_STATE"));
		return -1;
	}
	if (hv_state_mkdir(self->state_dir) < 0) {
		hv_log_errno(
		    HV_LOG_ERROR, _("cannot create the state directory %s"), self->state_dir);
		return -1;
	}
	return 0;
}

int
hv_node_state_path(hv_node_t *self, const char *file, char *path, size_t size)
{
	if (hv_state_path(self->state_dir, file, path, size) == 0)
		return 0;
	hv_error(_("state directory path too long: %s"), self->state_dir);
	return -1;
}

const char *
hv_node_state_dir(const hv_node_t *self)
{
	return self->state_dir;
}

/* ------------------------------------------------------------ sockets */

void *
hv_node_context(hv_node_t *self)
{
	return self->zmq;
}

void *
hv_node_socket(hv_node_t *self, int type)
{
	int linger = LINGER_MS;
	void *s;

	if (self->nsockets == MAX_SOCKETS || (s = zmq_socket(self->zmq, type)) == NULL)
		return NULL;
	zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
	self->sockets[self->nsockets++] = s;
	return s;
}

int
hv_node_bind(hv_node_t *self, void *sock, const char *name, const char *ep,
    const hv_bind_security_t *sec)
{
	return hv_security_bind(self->zmq, &self->zap, sock, name, ep, sec);
}

int
hv_node_reader(hv_node_t *self, void *sock, void (*fn)(void *arg, int64_t now), void *arg)
{
	if (self->nreaders == MAX_SOCKETS)
		return -1;
	self->readers[self->nreaders++] = (reader_t){sock, fn, arg};
	return 0;
}

/* ------------------------------------------------------------- timers */

int
hv_node_timer(hv_node_t *self, int64_t interval_ms, void (*fn)(void *arg, int64_t now), void *arg)
{
	if (self->ntimers == MAX_TIMERS)
		return -1;
	self->timers[self->ntimers] =
	    (node_timer_t){interval_ms, hv_clock_ms(CLOCK_MONOTONIC) + interval_ms, fn, arg};
	return self->ntimers++;
}

void
hv_node_timer_soon(hv_node_t *self, int id)
{
	if (id >= 0 && id < self->ntimers)
		self->timers[id].due = 0;
}

/* Milliseconds until the earliest timer is due, at least 0; -1: none. */
static long
s_until_next(const hv_node_t *self)
{
	int64_t mono = hv_clock_ms(CLOCK_MONOTONIC), next = INT64_MAX;

	for (int i = 0; i < self->ntimers; i++)
		if (self->timers[i].due < next)
			next = self->timers[i].due;
	if (next == INT64_MAX)
		return -1;
	return next > mono ? (long)(next - mono) : 0;
}

/* Run every timer that is due, each due again an interval from now. */
static void
s_run_timers(hv_node_t *self)
{
	int64_t mono = hv_clock_ms(CLOCK_MONOTONIC);

	for (int i = 0; i < self->ntimers && self->running; i++) {
		node_timer_t *t = &self->timers[i];
		if (mono < t->due)
			continue;
		t->due = mono + t->interval;
		t->fn(t->arg, hv_clock_ms(CLOCK_REALTIME));
	}
}

/* ----------------------------------------------------------- the feed */

int
hv_node_reserve_seq(hv_node_t *self)
{
	int64_t seq = hv_feed_seq(self->feed);

	if (seq + SEQ_MARGIN / 2 < self->seq_reserved)
		return 0;
	if (hv_journal_meta_set(self->journal, "seq_reserved", seq + SEQ_MARGIN) < 0)
		return -1;
	self->seq_reserved = seq + SEQ_MARGIN;
	return 0;
}

/* Publish up to PUBLISH_BATCH due windows; true when more are waiting. */
static bool
s_publish_some(hv_node_t *self, int64_t now)
{
	return hv_feed_publish_due(self->feed, self->published, now, PUBLISH_BATCH) ==
	       PUBLISH_BATCH;
}

/* The publish timer: what is due now, the rest at the next turn (between
 * requests). A seq promise is renewed when no transaction is open. */
static void
s_on_publish(void *arg, int64_t now)
{
	hv_node_t *self = arg;

	if (s_publish_some(self, now))
		hv_node_timer_soon(self, self->publish_timer);
	if (!hv_journal_in_transaction(self->journal))
		hv_node_reserve_seq(self);
}

static void
s_on_heartbeat(void *arg, int64_t now)
{
	hv_node_t *self = arg;
	hv_feed_heartbeat(self->feed, now);
}

static void
s_on_sync(void *arg, int64_t now)
{
	hv_node_t *self = arg;
	while (hv_sync_serve(self->sync_sock, self->source, now, &self->dropped) > 0)
		;
}

static void
s_on_subscription(void *arg, int64_t now)
{
	hv_node_t *self = arg;
	(void)now;
	hv_subscribers_drain(self->subscribers, self->on_subscribe, self->on_subscribe_arg);
}

/* The feed's XPUB: a subscriber that cannot keep up misses messages
 * (counted), it never slows the node. The sync ROUTER: history answers
 * are never dropped. */
static int
s_bind_feed_and_sync(hv_node_t *self)
{
	const hv_node_settings_t *set = self->program->node_set;
	int feed_hwm = FEED_HWM, unlimited = 0;
	int64_t max = SYNC_MAX_MSG;

	self->feed_sock = hv_node_socket(self, ZMQ_XPUB);
	self->sync_sock = hv_node_socket(self, ZMQ_ROUTER);
	if (self->feed_sock == NULL || self->sync_sock == NULL)
		return -1;
	zmq_setsockopt(self->feed_sock, ZMQ_SNDHWM, &feed_hwm, sizeof feed_hwm);
	zmq_setsockopt(self->feed_sock, ZMQ_MAXMSGSIZE, &max, sizeof max);
	zmq_setsockopt(self->sync_sock, ZMQ_SNDHWM, &unlimited, sizeof unlimited);
	zmq_setsockopt(self->sync_sock, ZMQ_MAXMSGSIZE, &max, sizeof max);
	if (hv_node_bind(self, self->feed_sock, "feed", set->feed, &set->feed_sec) < 0 ||
	    hv_node_bind(self, self->sync_sock, "sync", set->sync, &set->sync_sec) < 0)
		return -1;
	return 0;
}

int
hv_node_serve(hv_node_t *self, hv_journal_t *journal, const hv_sync_source_t *source,
    hv_tally_t *tally, int publish_ms)
{
	self->journal = journal;
	self->source = source;
	self->published = tally;
	if (s_bind_feed_and_sync(self) < 0)
		return -1;
	if (hv_journal_meta_get(journal, "seq_reserved", &self->seq_reserved) < 0)
		self->seq_reserved = 0;
	self->feed = hv_feed_new(self->feed_sock, source->node, source->province,
	    source->district, self->seq_reserved);
	self->subscribers = hv_subscribers_new(self->feed_sock);
	if (self->feed == NULL || self->subscribers == NULL)
		return -1;
	self->seq_reserved = 0; /* promise the next numbers before the first message */
	if (hv_node_reserve_seq(self) < 0)
		return -1;
	hv_node_reader(self, self->sync_sock, s_on_sync, self);
	hv_node_reader(self, self->feed_sock, s_on_subscription, self);
	self->publish_timer = hv_node_timer(self, publish_ms, s_on_publish, self);
	hv_node_timer(self, HEARTBEAT_MS, s_on_heartbeat, self);
	hv_node_timer_soon(self, self->ntimers - 1); /* the first heartbeat at once */
	return self->publish_timer >= 0 ? 0 : -1;
}

void
hv_node_on_subscribe(
    hv_node_t *self, void (*fn)(void *arg, const char *prefix, size_t len), void *arg)
{
	self->on_subscribe = fn;
	self->on_subscribe_arg = arg;
}

void *
hv_node_sync_socket(hv_node_t *self)
{
	return self->sync_sock;
}

hv_feed_t *
hv_node_feed(hv_node_t *self)
{
	return self->feed;
}

/* ------------------------------------------------------------- status */

void
hv_node_committed(hv_node_t *self, int64_t now)
{
	self->last_commit = now;
}

void
hv_node_count_dropped(hv_node_t *self)
{
	self->dropped++;
}

void
hv_node_counts(const hv_node_t *self, hv_sync_counts_t *c)
{
	c->seq = hv_feed_seq(self->feed);
	c->feed_stalls = hv_feed_stalls(self->feed);
	c->dropped = self->dropped;
	c->refused = hv_zap_refused(self->zap);
	c->started = self->started;
	c->last_commit = self->last_commit;
	c->subscribers = hv_subscribers_count(self->subscribers);
	c->journal_size = hv_journal_size(self->journal);
}

/* ----------------------------------------------------------- the loop */

/* SIGHUP: the program's reload, told to systemd. */
static void
s_reload(void *arg)
{
	const hv_node_program_t *p = arg;

	hv_service_reloading();
	p->reload(p->self);
	hv_service_ready("reloaded");
}

/* Signals waiting: HUP reloads, TERM and INT stop the loop. */
static void
s_on_signals(hv_node_t *self)
{
	const hv_node_program_t *p = self->program;

	if (hv_signals_handle(self->sigfd, p->reload != NULL ? s_reload : NULL, (void *)p)) {
		hv_service_stopping();
		self->running = false;
	}
}

/* Poll the signalfd and the readers until the next timer is due; run
 * the readers that are readable. -1 when polling failed. */
static int
s_poll_once(hv_node_t *self)
{
	zmq_pollitem_t items[MAX_SOCKETS + 1];
	int n = self->nreaders;

	items[0] = (zmq_pollitem_t){NULL, self->sigfd, ZMQ_POLLIN, 0};
	for (int i = 0; i < n; i++)
		items[i + 1] = (zmq_pollitem_t){self->readers[i].sock, 0, ZMQ_POLLIN, 0};
	if (zmq_poll(items, n + 1, s_until_next(self)) < 0) {
		if (errno == EINTR)
			return 0;
		hv_error("zmq_poll: %s", zmq_strerror(errno));
		return -1;
	}
	if (items[0].revents & ZMQ_POLLIN)
		s_on_signals(self);
	for (int i = 0; i < n && self->running; i++)
		if (items[i + 1].revents & ZMQ_POLLIN)
			self->readers[i].fn(self->readers[i].arg, hv_clock_ms(CLOCK_REALTIME));
	return 0;
}

static void
s_loop(hv_node_t *self)
{
	self->running = true;
	while (self->running && s_poll_once(self) == 0)
		s_run_timers(self);
}

/* ------------------------------------------------------ start and stop */

static void
s_teardown(hv_node_t *self, bool save_seq)
{
	/* After a clean stop the next start goes on at the next seq, so a
	 * subscriber sees no gap (after a crash it jumps past the promise). */
	if (save_seq && self->feed != NULL && self->journal != NULL)
		hv_journal_meta_set(self->journal, "seq_reserved", hv_feed_seq(self->feed));
	hv_feed_destroy(&self->feed);
	hv_subscribers_destroy(&self->subscribers);
	hv_zap_destroy(&self->zap);
	for (int i = 0; i < self->nsockets; i++)
		zmq_close(self->sockets[i]);
	if (self->zmq != NULL)
		zmq_ctx_term(self->zmq);
	if (self->sigfd >= 0)
		close(self->sigfd);
}

/* After the loop: the program's open work, the feed's last word on every
 * window as it stands, the last checkpoint. */
static bool
s_wind_down(hv_node_t *self)
{
	const hv_node_program_t *p = self->program;

	if (p->drain != NULL)
		p->drain(p->self);
	if (self->feed != NULL && self->published != NULL)
		while (s_publish_some(self, hv_clock_ms(CLOCK_REALTIME)))
			;
	return p->finish != NULL ? p->finish(p->self) : true;
}

static int
s_start(hv_node_t *self)
{
	const hv_node_program_t *p = self->program;

	if ((self->sigfd = hv_signals_open()) < 0) {
		hv_log_errno(HV_LOG_ERROR, "signalfd");
		return -1;
	}
	if ((self->zmq = zmq_ctx_new()) == NULL) {
		hv_log_errno(HV_LOG_ERROR, "zmq_ctx_new");
		return -1;
	}
	self->started = hv_clock_ms(CLOCK_REALTIME);
	if (s_open_state_dir(self) < 0)
		return -1;
	return p->start(p->self, self);
}

int
hv_node_main(const hv_node_program_t *p, int argc, char **argv)
{
	hv_node_t *self = calloc(1, sizeof *self);
	int rc;

	hv_i18n_init();
	hv_log_init(p->spec->program, HV_LOG_INFO);
	hv_log_set_stamped(1);
	if ((rc = hv_config_load(p->spec, p->settings, argc, argv)) != 0 || self == NULL) {
		free(self);
		return rc > 0 ? 0 : 2;
	}
	hv_log_init(NULL, (hv_log_level_t)p->node_set->log_level);
	hv_zone_init(p->node_set->timezone);
	self->program = p;
	self->sigfd = -1;
	if (s_start(self) < 0) {
		s_teardown(self, false);
		p->stop(p->self);
		free(self);
		return 1;
	}
	hv_service_ready("serving");
	s_loop(self);
	s_teardown(self, s_wind_down(self));
	p->stop(p->self);
	free(self);
	hv_info("%s", _("stopped"));
	return 0;
}
