/*
 * cmd_watch.c -- `hangviet watch`: a feed (a store's or a district's) as a
 * person reads it, one line per update, and a word when a publisher goes
 * silent; or every message as a JSON line for machines.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "cmd.h"
#include "date.h"
#include "feed.h"
#include "i18n.h"
#include "json.h"
#include "log.h"
#include "security.h"
#include "wire.h"

#define MAX_PUBLISHERS 256

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

static volatile sig_atomic_t s_stop;

static void
s_on_signal(int sig)
{
	(void)sig;
	s_stop = 1;
}

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
	char node[HV_FEED_ID_MAX + 1] = "", kind[8] = "";
	hv_feed_tally_t t;
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
	}
	msgpack_unpacked_destroy(&msg);
	fflush(stdout);
	return tally;
}

static int
s_run(int argc, char **argv)
{
	static const struct option longopts[] = {
	    HV_CMD_CONNECT_OPTIONS,
	    {"topic", required_argument, NULL, 't'},
	    {"format", required_argument, NULL, 'f'},
	    {"count", required_argument, NULL, 'n'},
	    {"silence", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *ep = "tcp://127.0.0.1:5581", *prefix = "hv1/";
	watch_t wt = {.silence_ms = 3000};
	hv_connect_security_t sec = {"", "", 0};
	long tallies = 0;
	int c;

	opterr = 0;
	while ((c = getopt_long(
	            argc, argv, ":" HV_CMD_CONNECT_SHORT "t:f:n:s:h", longopts, NULL)) != -1) {
		if (hv_cmd_connect_option(c, &ep, &sec))
			continue;
		switch (c) {
		case 't': prefix = optarg; break;
		case 'f':
			if (hv_cmd_format_json(&hv_cmd_watch, optarg, &wt.json) < 0)
				return HV_EXIT_USAGE;
			break;
		case 'n': wt.count = atol(optarg); break;
		case 's':
			wt.silence_ms = atoi(optarg) * 1000;
			if (wt.silence_ms <= 0)
				return hv_cmd_usage_error(&hv_cmd_watch, "%s",
				    _("--silence takes whole seconds, 1 or more"));
			break;
		case 'h': return hv_cmd_help(&hv_cmd_watch);
		default: return hv_cmd_bad_option(&hv_cmd_watch, c, argv);
		}
	}
	if (optind < argc)
		return hv_cmd_usage_error(
		    &hv_cmd_watch, _("unexpected argument '%s'"), argv[optind]);

	void *ctx = zmq_ctx_new(), *sub = zmq_socket(ctx, ZMQ_SUB);
	int zero = 0;
	zmq_setsockopt(sub, ZMQ_LINGER, &zero, sizeof zero);
	zmq_setsockopt(sub, ZMQ_MAXMSGSIZE, &(int64_t){1 << 20}, sizeof(int64_t));
	zmq_setsockopt(sub, ZMQ_SUBSCRIBE, prefix, strlen(prefix));
	if (hv_security_connect(sub, ep, &sec) < 0) {
		zmq_close(sub);
		zmq_ctx_term(ctx);
		return HV_EXIT_USAGE;
	}
	signal(SIGINT, s_on_signal);
	signal(SIGTERM, s_on_signal);
	while (!s_stop && (wt.count == 0 || tallies < wt.count)) {
		zmq_pollitem_t item = {sub, 0, ZMQ_POLLIN, 0};
		if (zmq_poll(&item, 1, 200) > 0) {
			char topic[256];
			zmq_msg_t body;
			int n = zmq_recv(sub, topic, sizeof topic - 1, 0);
			int more = 0;
			size_t ml = sizeof more;
			zmq_getsockopt(sub, ZMQ_RCVMORE, &more, &ml);
			if (n < 0 || !more)
				continue;
			topic[n < (int)sizeof topic - 1 ? n : (int)sizeof topic - 1] = '\0';
			zmq_msg_init(&body);
			if (zmq_msg_recv(&body, sub, 0) >= 0)
				tallies +=
				    s_message(&wt, topic, zmq_msg_data(&body), zmq_msg_size(&body));
			zmq_msg_close(&body);
		}
		s_check_silence(&wt);
	}
	zmq_close(sub);
	zmq_ctx_term(ctx);
	return HV_EXIT_OK;
}

const hv_cmd_t hv_cmd_watch = {
    .name = "watch",
    .usage = "[--connect EP] [--topic PREFIX] [--format text|json] [--count N] [--silence S]\n"
             "       [--server-key FILE.pub --key FILE.key | --insecure]",
    .summary = N_("show a live feed, one line per update"),
    .help = N_("Subscribes to the feed of a store daemon or a district node and prints one\n"
               "line per tally: the window, the store (or region), the domestic share of\n"
               "items and of value, the OCOP and local shares, items by class. A publisher\n"
               "that is not heard for --silence seconds (3) is said to be silent.\n\n"
               "Options:\n"
               "  --connect EP     the feed (default tcp://127.0.0.1:5581, a store daemon's)\n"
               "  --topic PREFIX   only topics starting so, e.g. hv1/tally/thai-nguyen/\n"
               "  --format FMT     text (default) or json: each message as one JSON line\n"
               "  --count N        exit after N tally messages\n"
               "  --silence S      seconds without a message before a publisher is silent\n"
               "  --server-key F   the feed's CurveZMQ public key (its NAME.pub): needed\n"
               "                   for a feed on the network, with --key\n"
               "  --key F          this client's secret key (NAME.key from hangviet keygen),\n"
               "                   whose NAME.pub the feed's allow_dir holds\n"
               "  --insecure       read a feed on the network without CurveZMQ\n"
               "  --help           show this help\n"),
    .run = s_run,
};
