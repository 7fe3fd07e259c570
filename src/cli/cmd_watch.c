/*
 * cmd_watch.c -- `hangviet watch`: a feed (a store's or a district's) as a
 * person reads it, one line per update, and a word when a publisher goes
 * silent; or every message as a JSON line for machines.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "cmd.h"
#include "date.h"
#include "feed.h"
#include "i18n.h"
#include "province.h"
#include "json.h"
#include "log.h"
#include "security.h"
#include "signals.h"
#include "wire.h"

#define MAX_PUBLISHERS 256

typedef struct {
	hv_cmd_connect_t to;
	char topic[256];
	int json;
	int count;
	int silence;
} watch_opts_t;

#define S(f) offsetof(watch_opts_t, f), sizeof(((watch_opts_t *)0)->f)
static const hv_setting_t s_settings[] = {
    HV_CMD_CONNECT_SETTINGS(watch_opts_t, to, HV_EP_STORE_FEED,
        N_("the feed (a store daemon's; a district node's is tcp://127.0.0.1:5591)")),
    {"topic", HV_SET_STR, S(topic), "hv1/", 0, 0, NULL, "PREFIX",
        N_("only topics starting so, e.g. hv1/tally/thai-nguyen/"), NULL},
    HV_CMD_FORMAT_SETTING(watch_opts_t, json, N_("text, or json: each message as one JSON line")),
    {"count", HV_SET_INT, S(count), "0", 0, 2000000000, NULL, "N",
        N_("exit after N tally messages (0: never)"), NULL},
    {"silence", HV_SET_INT, S(silence), "3", 1, 3600, NULL, "SECONDS",
        N_("seconds without a message before a publisher is said to be silent"), NULL},
    HV_CMD_SETTINGS_END,
};

static const hv_config_spec_t s_spec = {"hangviet watch",
    N_("show a live feed, one line per update"), s_settings, NULL, NULL,
    N_("Subscribes to the feed of a store daemon or a district node and prints one line per tally: the window, the store (or region), the domestic share of items and of value, the OCOP and local shares, items by class. A publisher that is not heard for --silence seconds is said to be silent.")};

typedef struct {
	char node[HV_FEED_ID_MAX + 1];
	int64_t last; /* when it was last heard, monotonic ms */
	bool silent;  /* it was said to be silent */
} publisher_t;

typedef struct {
	bool json;
	long count; /* stop after this many tally messages (0: never) */
	int silence_ms;
	publisher_t pubs[MAX_PUBLISHERS];
	int npubs;
} watch_t;

/* A share in percent, or -1 when there is nothing to share. */
static int
s_share(int64_t part, int64_t whole)
{
	return whole > 0 ? (int)((part * 100 + whole / 2) / whole) : -1;
}

static void
s_print_share(const char *label, int pct)
{
	if (pct < 0)
		printf(" %s -", label);
	else
		printf(" %s %d%%", label, pct);
}

static void
s_print_tally(const hv_feed_tally_t *t)
{
	const int64_t *v = t->w.total.v;
	int64_t items = v[HV_C_ITEMS_DOM] + v[HV_C_ITEMS_IMP] + v[HV_C_ITEMS_UNK];
	int64_t value = v[HV_C_VALUE_DOM] + v[HV_C_VALUE_IMP] + v[HV_C_VALUE_UNK];
	time_t start = (time_t)(t->w.start / 1000);
	struct tm tm;
	char when[32];

	localtime_r(&start, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	printf("%s %s", when, strcmp(t->w.store, "*") == 0 ? _("region") : t->w.store);
	if (t->district[0] != '\0')
		printf(" [%s/%s]", t->province, t->district);
	printf(":");
	s_print_share(_("domestic items"), s_share(v[HV_C_ITEMS_DOM], items));
	s_print_share(_("value"), s_share(v[HV_C_VALUE_DOM], value));
	s_print_share("OCOP", s_share(v[HV_C_VALUE_OCOP], value));
	s_print_share(_("local"), s_share(v[HV_C_VALUE_LOCAL], value));
	printf(_(" | items %lld/%lld/%lld (dom/imp/unk) rev %lld%s\n"),
	    (long long)v[HV_C_ITEMS_DOM], (long long)v[HV_C_ITEMS_IMP],
	    (long long)v[HV_C_ITEMS_UNK], (long long)t->w.rev, t->final ? _(" final") : "");
}

/* A store's place: where it is and what it is, in one line. */
static void
s_print_place(const hv_place_t *p)
{
	printf(_("store %s: %s, province %s, area %s, chain %s (%s), %s\n"), p->store,
	    p->name[0] ? p->name : "-", p->province[0] ? hv_province_name(p->province) : "-",
	    p->district[0] ? p->district : "-", p->chain[0] ? p->chain : "-",
	    p->ownership[0] ? _(hv_place_label(p->ownership)) : "-",
	    p->channel[0] ? _(hv_place_label(p->channel)) : "-");
}

/* Note that NODE was heard now. */
static void
s_heard(watch_t *wt, const char *node)
{
	for (int i = 0; i < wt->npubs; i++)
		if (strcmp(wt->pubs[i].node, node) == 0) {
			if (wt->pubs[i].silent && !wt->json)
				printf(_("%s: heard again\n"), node);
			wt->pubs[i].silent = false;
			wt->pubs[i].last = hv_clock_ms(CLOCK_MONOTONIC);
			return;
		}
	if (wt->npubs < MAX_PUBLISHERS) {
		publisher_t *p = &wt->pubs[wt->npubs++];
		snprintf(p->node, sizeof p->node, "%s", node);
		p->last = hv_clock_ms(CLOCK_MONOTONIC);
	}
}

static void
s_check_silence(watch_t *wt)
{
	int64_t now = hv_clock_ms(CLOCK_MONOTONIC);
	for (int i = 0; i < wt->npubs; i++) {
		publisher_t *p = &wt->pubs[i];
		if (!p->silent && now - p->last >= wt->silence_ms) {
			p->silent = true;
			if (wt->json)
				printf("{\"kind\":\"silent\",\"node\":\"%s\",\"seconds\":%d}\n",
				    p->node, wt->silence_ms / 1000);
			else
				printf(_("%s: silent for %d s\n"), p->node, wt->silence_ms / 1000);
		}
	}
}

/* One message: returns 1 when it was a tally. */
static int
s_message(watch_t *wt, const char *topic, const void *body, size_t len)
{
	msgpack_unpacked msg;
	const char *why;
	char node[HV_FEED_ID_MAX + 1] = "", kind[12] = "";
	hv_feed_tally_t t;
	hv_place_t place;
	int tally = 0;

	if (hv_wire_unpack_map(body, len, &msg, &why) < 0)
		return 0;
	hv_wire_get_str(&msg.data, "node", node, sizeof node);
	hv_wire_get_str(&msg.data, "kind", kind, sizeof kind);
	if (node[0] != '\0')
		s_heard(wt, node);
	tally = strcmp(kind, "tally") == 0;
	if (wt->json) {
		printf("{\"topic\":");
		hv_json_string(stdout, topic);
		printf(",\"msg\":");
		hv_json_msgpack(stdout, &msg.data);
		printf("}\n");
	} else if (tally && hv_feed_read_tally(body, len, &t) == 0) {
		s_print_tally(&t);
		hv_window_clear(&t.w);
	} else if (strcmp(kind, "place") == 0 && hv_feed_read_place(body, len, &place) == 0) {
		s_print_place(&place);
	}
	msgpack_unpacked_destroy(&msg);
	fflush(stdout);
	return tally;
}

/* One message from SUB, if one waits: returns 1 when it was a tally. */
static int
s_receive(watch_t *wt, void *sub)
{
	char topic[256];
	zmq_msg_t body;
	int more = 0, tally = 0;
	size_t ml = sizeof more;
	int n = zmq_recv(sub, topic, sizeof topic - 1, ZMQ_DONTWAIT);

	zmq_getsockopt(sub, ZMQ_RCVMORE, &more, &ml);
	if (n < 0 || !more)
		return 0;
	topic[n < (int)sizeof topic - 1 ? n : (int)sizeof topic - 1] = '\0';
	zmq_msg_init(&body);
	if (zmq_msg_recv(&body, sub, 0) >= 0)
		tally = s_message(wt, topic, zmq_msg_data(&body), zmq_msg_size(&body));
	zmq_msg_close(&body);
	return tally;
}

static int
s_run(void *settings, int argc, char **argv)
{
	const watch_opts_t *o = settings;
	watch_t wt = {.json = o->json, .count = o->count, .silence_ms = o->silence * 1000};
	int sigfd = hv_signals_open();
	long tallies = 0;
	void *ctx, *sub;

	if (argc > 0)
		return hv_cmd_usage_error(&hv_cmd_watch, _("unexpected argument '%s'"), argv[0]);
	if ((sub = hv_cmd_connect(&o->to, ZMQ_SUB, &ctx)) == NULL)
		return HV_EXIT_USAGE;
	zmq_setsockopt(sub, ZMQ_MAXMSGSIZE, &(int64_t){1 << 20}, sizeof(int64_t));
	zmq_setsockopt(sub, ZMQ_SUBSCRIBE, o->topic, strlen(o->topic));
	while (wt.count == 0 || tallies < wt.count) {
		zmq_pollitem_t items[] = {{sub, 0, ZMQ_POLLIN, 0}, {NULL, sigfd, ZMQ_POLLIN, 0}};
		if (zmq_poll(items, 2, 200) > 0 && (items[1].revents & ZMQ_POLLIN) &&
		    hv_signals_handle(sigfd, NULL, NULL))
			break;
		if (items[0].revents & ZMQ_POLLIN)
			tallies += s_receive(&wt, sub);
		s_check_silence(&wt);
	}
	hv_cmd_disconnect(sub, ctx);
	if (sigfd >= 0)
		close(sigfd);
	return HV_EXIT_OK;
}

const hv_cmd_t hv_cmd_watch = {"watch", &s_spec, sizeof(watch_opts_t), s_run};
