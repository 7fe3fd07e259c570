/*
 * cmd_demo.c -- `hangviet demo`: the whole system on one machine. It
 * imports the sample catalog into a fresh state directory, starts
 * hangvietd there (ipc endpoints, nothing on the network), follows its feed
 * with `hangviet watch`, simulates lanes scanning baskets (returns, voids,
 * a cancel now and then, one lane rich in OCOP products), then stops the
 * daemon and prints the manager's report and writes the HTML one.
 */
#include <errno.h>
#include <stddef.h>
#include <limits.h>
#include <msgpack.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "catalog.h"
#include "cmd.h"
#include "date.h"
#include "i18n.h"
#include "log.h"
#include "state.h"
#include "wire.h"

#define MAX_LANES    20
#define MAX_PRODUCTS 4096
#define STORE        "demo-store"

typedef struct {
	int seconds, lanes;
	char state[4096];
} demo_opts_t;

#define S(f) offsetof(demo_opts_t, f), sizeof(((demo_opts_t *)0)->f)
static const hv_setting_t s_settings[] = {
    {"seconds", HV_SET_INT, S(seconds), "30", 1, 3600, NULL, "N", N_("how long the lanes scan"),
        NULL},
    {"lanes", HV_SET_INT, S(lanes), "4", 1, MAX_LANES, NULL, "N", N_("how many lanes scan"), NULL},
    {"state", HV_SET_STR, S(state), "", 0, 0, NULL, "DIR",
        N_("the state directory to use (default: a new one under $TMPDIR)"), NULL},
    HV_CMD_SETTINGS_END,
};

static const hv_config_spec_t s_spec = {"hangviet demo",
    N_("run a store with simulated lanes, its live feed, and the manager's report"), s_settings,
    NULL, NULL,
    N_("Imports the sample catalog into a new state directory (or --state DIR), starts hangvietd there, follows its feed like `hangviet watch`, simulates lanes scanning baskets, then prints the report and writes report.html in the state directory. Ctrl-C stops it early, cleanly.")};

/* Codes the sample catalog does not hold: known by GS1 prefix only (a
 * Thai, a Chinese, a Vietnamese product) or not at all (a book). */
static const char *const s_prefix_codes[] = {
    "8850006330012", "6901234567892", "8935049500018", "9780140449136"};

typedef struct {
	char gtin[HV_GTIN_MAX + 1];
	bool ocop;
} product_t;

typedef struct {
	int txn, line, size; /* the basket in progress: number, lines so far, lines wanted */
} lane_t;

typedef struct {
	char dir[PATH_MAX], ingest[PATH_MAX + 32], feed[PATH_MAX + 32], sync[PATH_MAX + 32];
	int seconds, lanes;
	product_t products[MAX_PRODUCTS];
	int nproducts;
	void *zmq, *req;
	lane_t lane[MAX_LANES + 1];
	long sent;
} demo_t;

static volatile sig_atomic_t s_stop;

static void
s_on_signal(int sig)
{
	(void)sig;
	s_stop = 1;
}

/* ------------------------------------------------------------ processes */

/* The directory of this program, where hangvietd is built or installed. */
static void
s_self_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	char *slash = strrchr(buf, '/');
	if (slash != NULL)
		*slash = '\0';
}

/* Start ARGV[0] with ARGV; its pid, or -1. */
static pid_t
s_spawn(char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		execv(argv[0], argv);
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Run ARGV to its end; true when it exited 0. */
static bool
s_run_child(char *const argv[])
{
	int status;
	pid_t pid = s_spawn(argv);
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

static void
s_stop_child(pid_t pid)
{
	int status;
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, &status, 0);
	}
}

/* ------------------------------------------------------------- the store */

/* The sample catalog: $HANGVIET_DATADIR, the installed copy, or the
 * source tree's. */
static bool
s_sample_catalog(char *path, size_t size)
{
	const char *dirs[] = {getenv("HANGVIET_DATADIR"), HV_PKGDATADIR, HV_SRCDATADIR};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		if (dirs[i] == NULL || *dirs[i] == '\0')
			continue;
		snprintf(path, size, "%s/sample-catalog.csv", dirs[i]);
		if (access(path, R_OK) == 0)
			return true;
	}
	return false;
}

static int
s_keep_product(const hv_product_t *p, void *arg)
{
	demo_t *d = arg;
	if (d->nproducts < MAX_PRODUCTS && p->gtin[0] != '2') { /* not in-store codes */
		snprintf(d->products[d->nproducts].gtin, sizeof d->products->gtin, "%s", p->gtin);
		d->products[d->nproducts++].ocop = p->ocop > 0;
	}
	return 0;
}

static bool
s_load_products(demo_t *d)
{
	char path[PATH_MAX + 16], err[512];
	snprintf(path, sizeof path, "%s/catalog.db", d->dir);
	hv_catalog_t *cat = hv_catalog_open(path, false, err, sizeof err);
	if (cat == NULL) {
		hv_error("%s", err);
		return false;
	}
	hv_catalog_each(cat, s_keep_product, d);
	hv_catalog_destroy(&cat);
	return d->nproducts > 0;
}

/* Ask the daemon for a ping until it answers (10 s at most). */
static bool
s_wait_ready(demo_t *d)
{
	for (int i = 0; i < 100 && !s_stop; i++) {
		void *s = zmq_socket(d->zmq, ZMQ_REQ);
		int timeout = 100, linger = 0;
		char buf[256];
		zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
		zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
		zmq_connect(s, d->ingest);
		bool ok = zmq_send(s, "\x81\xa2op\xa4ping", 9, 0) == 9 &&
		          zmq_recv(s, buf, sizeof buf, 0) > 0;
		zmq_close(s);
		if (ok)
			return true;
	}
	return false;
}

/* ------------------------------------------------------------- the lanes */

static void
s_send(demo_t *d, const char *op, int lane, int64_t line, const char *code, int64_t qty,
    int64_t amount)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	char txn[32], reply[4096];

	snprintf(txn, sizeof txn, "D%d-%d", lane, d->lane[lane].txn);
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, code != NULL ? 8 : line > 0 ? 5 : 4);
	hv_wire_kv_str(&pk, "op", op);
	hv_wire_kv_str(&pk, "store", STORE);
	hv_wire_kv_int(&pk, "lane", lane);
	hv_wire_kv_str(&pk, "txn", txn);
	if (line > 0)
		hv_wire_kv_int(&pk, "line", line);
	if (code != NULL) {
		hv_wire_kv_str(&pk, "code", code);
		hv_wire_kv_int(&pk, "qty", qty);
		hv_wire_kv_int(&pk, "amount", amount);
	}
	if (zmq_send(d->req, sb.data, sb.size, 0) >= 0 &&
	    zmq_recv(d->req, reply, sizeof reply, 0) >= 0)
		d->sent++;
	msgpack_sbuffer_destroy(&sb);
}

/* The next thing lane L does: scan (now and then a return or a code the
 * catalog lacks), void an earlier line, or close the basket. Lane 1 is
 * rich in OCOP products. */
static void
s_lane_step(demo_t *d, int l)
{
	lane_t *lane = &d->lane[l];
	int r = rand() % 100;

	if (lane->line >= lane->size) {
		s_send(d, r < 4 ? "cancel" : "end", l, 0, NULL, 0, 0);
		lane->txn++;
		lane->line = 0;
		lane->size = 3 + rand() % 12;
		return;
	}
	if (lane->line > 1 && r < 5) {
		s_send(d, "void", l, 1 + rand() % lane->line, NULL, 0, 0);
		return;
	}
	const char *code = d->products[rand() % d->nproducts].gtin;
	if (r >= 90)
		code = s_prefix_codes[rand() % 4];
	else if (l == 1 && r < 60)
		for (int tries = 0; tries < 20; tries++) {
			const product_t *p = &d->products[rand() % d->nproducts];
			if (p->ocop) {
				code = p->gtin;
				break;
			}
		}
	int64_t qty = r < 6 ? -1 : 1 + (rand() % 5 == 0);
	s_send(d, "scan", l, ++lane->line, code, qty, qty * 1000 * (5 + rand() % 120));
}

static void
s_simulate(demo_t *d)
{
	int64_t end = hv_clock_ms(CLOCK_MONOTONIC) + (int64_t)d->seconds * 1000;
	int timeout = 5000;

	d->req = zmq_socket(d->zmq, ZMQ_REQ);
	zmq_setsockopt(d->req, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	zmq_connect(d->req, d->ingest);
	for (int l = 1; l <= d->lanes; l++)
		d->lane[l] = (lane_t){1, 0, 3 + rand() % 12};
	while (!s_stop && hv_clock_ms(CLOCK_MONOTONIC) < end)
		for (int l = 1; l <= d->lanes && !s_stop; l++) {
			s_lane_step(d, l);
			usleep(300000 / (useconds_t)d->lanes);
		}
	for (int l = 1; l <= d->lanes && !s_stop; l++) /* close what is open */
		if (d->lane[l].line > 0)
			s_send(d, "end", l, 0, NULL, 0, 0);
	zmq_close(d->req);
}

/* ---------------------------------------------------------------- main */

static int
s_setup(demo_t *d, const char *state)
{
	char sample[PATH_MAX + 32];

	if (state[0] != '\0')
		snprintf(d->dir, sizeof d->dir, "%s", state);
	else {
		snprintf(d->dir, sizeof d->dir, "%s/hangviet-demo.XXXXXX",
		    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (mkdtemp(d->dir) == NULL) {
			hv_log_errno(HV_LOG_ERROR, _("cannot create %s"), d->dir);
			return -1;
		}
	}
	if (hv_state_mkdir(d->dir) < 0) {
		hv_log_errno(HV_LOG_ERROR, _("cannot create the state directory %s"), d->dir);
		return -1;
	}
	if (!s_sample_catalog(sample, sizeof sample)) {
		hv_error("%s", _("the sample catalog is not installed: set HANGVIET_DATADIR to the "
		                 "directory of sample-catalog.csv"));
		return -1;
	}
	snprintf(d->ingest, sizeof d->ingest, "ipc://%s/ingest.ipc", d->dir);
	snprintf(d->feed, sizeof d->feed, "ipc://%s/feed.ipc", d->dir);
	snprintf(d->sync, sizeof d->sync, "ipc://%s/sync.ipc", d->dir);
	char self[PATH_MAX + 16], dir[PATH_MAX];
	s_self_dir(dir, sizeof dir);
	snprintf(self, sizeof self, "%s/hangviet", dir);
	char *import[] = {self, "catalog", "import", "--state", d->dir, sample, NULL};
	if (!s_run_child(import) || !s_load_products(d)) {
		hv_error(_("cannot import the sample catalog %s"), sample);
		return -1;
	}
	return 0;
}

/* The store running: the daemon, the watch following it, the lanes. An
 * HV_EXIT_*. */
static int
s_run_store(demo_t *d, const char *dir)
{
	char daemon[PATH_MAX + 16], self[PATH_MAX + 16];
	snprintf(daemon, sizeof daemon, "%s/hangvietd", dir);
	snprintf(self, sizeof self, "%s/hangviet", dir);
	char *dargv[] = {daemon, "--state", d->dir, "--store", STORE, "--province", "thai-nguyen",
	    "--district", "tp-thai-nguyen", "--ingest", d->ingest, "--feed", d->feed, "--sync",
	    d->sync, "--log-level", "warning", NULL};
	char *wargv[] = {self, "watch", "--connect", d->feed, NULL};
	pid_t dpid = s_spawn(dargv), wpid = -1;
	int rc = HV_EXIT_FAIL;

	d->zmq = zmq_ctx_new();
	if (dpid > 0 && s_wait_ready(d)) {
		wpid = s_spawn(wargv);
		usleep(300000); /* the watch subscribes before the first scan */
		s_simulate(d);
		if (!s_stop)
			usleep(1500000); /* the last windows reach the watch */
		rc = HV_EXIT_OK;
	} else {
		hv_error(_("hangvietd did not start (%s)"), daemon);
	}
	s_stop_child(wpid);
	s_stop_child(dpid);
	zmq_ctx_term(d->zmq);
	return rc;
}

static int
s_run(void *settings, int argc, char **argv)
{
	const demo_opts_t *o = settings;
	static demo_t d;
	char dir[PATH_MAX], self[PATH_MAX + 16], html[PATH_MAX + 16];

	if (argc > 0)
		return hv_cmd_usage_error(&hv_cmd_demo, _("unexpected argument %s"), argv[0]);
	d.seconds = o->seconds;
	d.lanes = o->lanes;
	if (s_setup(&d, o->state) < 0)
		return HV_EXIT_FAIL;
	srand((unsigned)time(NULL));
	signal(SIGINT, s_on_signal);
	signal(SIGTERM, s_on_signal);
	s_self_dir(dir, sizeof dir);
	snprintf(self, sizeof self, "%s/hangviet", dir);
	snprintf(html, sizeof html, "%s/report.html", d.dir);
	printf(_("hangviet demo: a store in %s, %d lanes for %d s\n"), d.dir, d.lanes, d.seconds);
	fflush(stdout);
	if (s_run_store(&d, dir) != HV_EXIT_OK)
		return HV_EXIT_FAIL;
	printf(_("\n%ld events sent. The manager's report:\n\n"), d.sent);
	fflush(stdout);
	char *text[] = {self, "report", "--state", d.dir, "--by", "lane", NULL};
	char *page[] = {
	    self, "report", "--state", d.dir, "--format", "html", "--output", html, NULL};
	if (!s_run_child(text) || !s_run_child(page))
		return HV_EXIT_FAIL;
	printf(_("\nThe HTML report: %s\n"), html);
	return HV_EXIT_OK;
}

const hv_cmd_t hv_cmd_demo = {"demo", &s_spec, sizeof(demo_opts_t), s_run};
