/*
 * bridge.c -- hangviet-bridge, for a POS that cannot link C. It feeds the
 * store daemon through libhangviet, like any POS would:
 *
 *  - line mode: scanned codes as lines on standard input or from a serial /
 *    USB-CDC scanner (--device): "CODE", "CODE,QTY" or "CODE,QTY,AMOUNT";
 *    "VOID N", "CANCEL", and the end marker (a blank line by default, or
 *    END) ends the basket. Each tag, and the receipt line, go to stdout.
 *  - POSLog mode (--poslog DIR): ARTS POSLog files dropped into DIR are sent
 *    transaction by transaction (bridge_poslog.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "bridge.h"
#include "config.h"
#include "hangviet.h"
#include "i18n.h"
#include "log.h"
#include "service.h"
#include "signals.h"
#include "zone.h"

#define MAX_LANES 64 /* lanes (clients) one line-mode bridge opens */

#define S(f) offsetof(hv_bridge_settings_t, f), sizeof(((hv_bridge_settings_t *)0)->f)
static const hv_setting_t s_settings[] = {
    {"config", HV_SET_FILE, S(config), NULL, 0, 0, NULL, "FILE",
        N_("read settings from this INI file"), NULL},
    {"connect", HV_SET_STR, S(connect), HANGVIET_DEFAULT_ENDPOINT, 0, 0, NULL, "EP",
        N_("the store daemon's ingest endpoint"), NULL},
    {"store", HV_SET_STR, S(store), "", 0, 0, NULL, "ID", N_("the store id (required)"), NULL},
    {"lane", HV_SET_INT, S(lane), "1", 1, 9999, NULL, "N", N_("this lane (line mode)"), NULL},
    {"timeout", HV_SET_INT, S(timeout), "50", 1, 60000, NULL, "MS",
        N_("longest wait for the daemon per event (POSLog mode: at least 5000)"), NULL},
    {"spool-dir", HV_SET_STR, S(spool_dir), "", 0, 0, NULL, "DIR",
        N_("where unsent events are kept (default: the state directory)"), NULL},
    {"device", HV_SET_STR, S(device), "", 0, 0, NULL, "DEV",
        N_("read scans from this serial scanner instead of stdin"), NULL},
    {"source", HV_SET_STR, S(source), "", 0, 0, NULL, "PATH",
        N_("a POSLog folder to watch or a serial scanner to read, whichever PATH is"), NULL},
    {"baud", HV_SET_INT, S(baud), "9600", 1200, 115200, NULL, "N", N_("the serial scanner's speed"),
        NULL},
    {"end-marker", HV_SET_STR, S(end_marker), "", 0, 0, NULL, "TEXT",
        N_("the line that ends a basket (a blank line, and END, always do)"), NULL},
    {"poslog", HV_SET_STR, S(poslog), "", 0, 0, NULL, "DIR",
        N_("watch DIR for ARTS POSLog files instead of reading lines"), NULL},
    {"once", HV_SET_BOOL, S(once), "no", 0, 0, NULL, NULL,
        N_("with --poslog: send the files there now, then exit"), NULL},
    {"flush", HV_SET_INT, S(flush), "0", 0, 3600, NULL, "SECONDS",
        N_("only send spooled events, for up to SECONDS, then exit"), NULL},
    {"server-public-key", HV_SET_STR, S(server_public_key), "", 0, 0, NULL, "FILE.pub",
        N_("CurveZMQ: the daemon's public key, for an ingest endpoint on the network"), NULL},
    {"client-key", HV_SET_STR, S(client_key), "", 0, 0, NULL, "FILE.key",
        N_("CurveZMQ: this bridge's secret key (hangviet keygen)"), NULL},
    {"insecure", HV_SET_BOOL, S(insecure), "no", 0, 0, NULL, NULL,
        N_("send in plaintext to a daemon on the network (not recommended)"), NULL},
    HV_ZONE_SETTING(hv_bridge_settings_t, timezone),
    {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL, NULL, NULL},
};
static const hv_config_spec_t s_spec = {"hangviet-bridge",
    N_("Feeds scans or POSLog files from a POS to the hangviet store daemon."), s_settings, NULL, NULL, NULL};

static int s_sigfd = -1; /* TERM, INT and HUP (signals.h) */
static bool s_stopping;

bool
hv_bridge_stopping(void)
{
	if (!s_stopping)
		s_stopping = hv_signals_handle(s_sigfd, NULL, NULL);
	return s_stopping;
}

bool
hv_bridge_wait(int fd, int timeout_ms)
{
	bool readable = hv_signals_wait(s_sigfd, fd, timeout_ms);
	return !hv_bridge_stopping() && readable;
}

static void
s_lib_log(void *arg, const char *line)
{
	(void)arg;
	hv_warn("%s", line);
}

/* The clients, one per lane, opened when first needed. */
typedef struct {
	const hv_bridge_settings_t *set;
	hangviet_client *by_lane[MAX_LANES];
	int lanes[MAX_LANES];
	int n;
} clients_t;

static hangviet_client *
s_client(clients_t *cs, int lane)
{
	char err[512], spool[4200];
	hangviet_options o = {.endpoint = cs->set->connect,
	    .store = cs->set->store,
	    .lane = lane,
	    .timeout_ms = cs->set->timeout,
	    .log = s_lib_log,
	    .server_public_key = cs->set->server_public_key,
	    .client_key = cs->set->client_key,
	    .insecure = cs->set->insecure};

	for (int i = 0; i < cs->n; i++)
		if (cs->lanes[i] == lane)
			return cs->by_lane[i];
	if (cs->n == MAX_LANES) {
		hv_error(_("more than %d lanes in POSLog files"), MAX_LANES);
		return NULL;
	}
	if (cs->set->spool_dir[0] != '\0') {
		snprintf(spool, sizeof spool, "%s/spool-%s-%d", cs->set->spool_dir, cs->set->store,
		    lane);
		o.spool_path = spool;
	}
	hangviet_client *c = hangviet_open(&o, err, sizeof err);
	if (c == NULL) {
		hv_error("%s", err);
		return NULL;
	}
	cs->lanes[cs->n] = lane;
	cs->by_lane[cs->n++] = c;
	return c;
}

/* Send what is spooled for every lane open. Returns events still waiting. */
static long
s_flush_all(clients_t *cs, int timeout_ms)
{
	long left = 0;
	for (int i = 0; i < cs->n; i++) {
		long l = hangviet_flush(cs->by_lane[i], timeout_ms);
		left += l < 0 ? 0 : l;
	}
	return left;
}

static void
s_close_all(clients_t *cs)
{
	for (int i = 0; i < cs->n; i++)
		hangviet_close(&cs->by_lane[i]);
	cs->n = 0;
}

/* ------------------------------------------------------------ line mode */

typedef struct {
	hangviet_client *c;
	char txn[65];    /* the open basket, "" when none */
	int line;        /* lines scanned in it */
	int kept;        /* lines the daemon recorded or the spool kept */
	long long total; /* its amounts, for end */
	long begun;      /* baskets begun so far */
} basket_t;

/* One scan's tag: CODE CLASS COUNTRY NAME, then (spooled), (not
 * recorded) or the note of a code that is no GTIN, tab-separated. */
static void
s_print_tag(const char *code, hangviet_status st, const hangviet_reply *r, const char *note)
{
	if (st == HANGVIET_REFUSED) {
		printf("%s\t%s\t%s\n", code, r->err, r->msg);
		return;
	}
	printf("%s\t%s\t%s\t%s", code, r->cls, r->country[0] ? r->country : "-", r->name);
	if (st != HANGVIET_OK)
		printf("\t%s", st == HANGVIET_SPOOLED ? "(spooled)" : "(not recorded)");
	else if (note[0] != '\0')
		printf("\t(%s)", note);
	putchar('\n');
}

static void
s_begin(basket_t *b, int lane)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	/* The start time names the basket; the count tells apart two begun in
	 * one millisecond (a CANCEL, then the next scan). */
	snprintf(b->txn, sizeof b->txn, "L%d-%lld%03ld-%ld", lane, (long long)ts.tv_sec,
	    ts.tv_nsec / 1000000, ++b->begun);
	b->line = 0;
	b->kept = 0;
	b->total = 0;
}

static void
s_end(basket_t *b)
{
	hangviet_reply r;
	if (b->txn[0] == '\0' || b->kept == 0) {
		b->txn[0] = '\0'; /* nothing was recorded: no transaction to end */
		return;
	}
	hangviet_status st = hangviet_end(b->c, b->txn, b->total, &r);
	if (st == HANGVIET_OK && r.receipt[0] != '\0')
		printf("%s\n", r.receipt);
	else if (st == HANGVIET_REFUSED)
		printf("END\t%s\t%s\n", r.err, r.msg);
	b->txn[0] = '\0';
}

/* One input line: a scan, VOID N, CANCEL, or the end of the basket. */
static void
s_line(basket_t *b, const hv_bridge_settings_t *set, char *text)
{
	hangviet_reply r;
	char code[64];
	long long qty = 1, amount = HANGVIET_NO_AMOUNT;
	int n;

	if (text[0] == '\0' || strcasecmp(text, "END") == 0 ||
	    (set->end_marker[0] != '\0' && strcmp(text, set->end_marker) == 0)) {
		s_end(b);
	} else if (strcasecmp(text, "CANCEL") == 0) {
		if (b->txn[0] != '\0' && hangviet_cancel(b->c, b->txn, &r) == HANGVIET_REFUSED)
			printf("CANCEL\t%s\t%s\n", r.err, r.msg);
		b->txn[0] = '\0';
	} else if (sscanf(text, "VOID %d", &n) == 1 || sscanf(text, "void %d", &n) == 1) {
		if (b->txn[0] != '\0' && hangviet_void(b->c, b->txn, n, &r) == HANGVIET_REFUSED)
			printf("VOID %d\t%s\t%s\n", n, r.err, r.msg);
	} else {
		int fields = sscanf(text, "%63[^,],%lld,%lld", code, &qty, &amount);
		if (fields < 1 || qty == 0 || qty > 100000 || qty < -100000) {
			printf("%s\tbad_request\t%s\n", text,
			    _("write CODE, CODE,QTY or CODE,QTY,AMOUNT"));
			return;
		}
		if (b->txn[0] == '\0')
			s_begin(b, set->lane);
		hangviet_status st = hangviet_scan(b->c, b->txn, ++b->line, code, (int)qty,
		    fields == 3 ? amount : HANGVIET_NO_AMOUNT, NULL, &r);
		b->kept += st == HANGVIET_OK || st == HANGVIET_SPOOLED;
		if (st == HANGVIET_EINVAL)
			printf("%s\tbad_request\t%s\n", code,
			    _("the code is empty or longer than 48 characters"));
		else
			s_print_tag(code, st, &r, hangviet_note(b->c));
		if (fields == 3)
			b->total += amount;
	}
	fflush(stdout);
}

/* Open the serial scanner at DEV, raw, at BAUD: its descriptor, or -1. */
static int
s_open_device(const char *dev, int baud)
{
	static const struct {
		int baud;
		speed_t speed;
	} speeds[] = {{1200, B1200}, {2400, B2400}, {4800, B4800}, {9600, B9600}, {19200, B19200},
	    {38400, B38400}, {57600, B57600}, {115200, B115200}};
	struct termios tio;
	speed_t speed = 0;
	int fd;

	for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++)
		if (speeds[i].baud == baud)
			speed = speeds[i].speed;
	if (speed == 0) {
		hv_error(_("%d is not a serial speed (1200 ... 115200)"), baud);
		return -1;
	}
	if ((fd = open(dev, O_RDONLY | O_NOCTTY | O_CLOEXEC)) < 0) {
		hv_log_errno(HV_LOG_ERROR, _("cannot open the scanner %s"), dev);
		return -1;
	}
	if (isatty(fd) && tcgetattr(fd, &tio) == 0) {
		cfmakeraw(&tio);
		tio.c_cc[VMIN] = 1;
		tio.c_cc[VTIME] = 0;
		cfsetispeed(&tio, speed);
		cfsetospeed(&tio, speed);
		tcsetattr(fd, TCSANOW, &tio);
	}
	return fd;
}

/* Scans as they come from stdin or a scanner: read only when the
 * descriptor is readable, so a signal is seen while waiting. */
typedef struct {
	int fd;
	unsigned char buf[4096];
	size_t pos, len;
} input_t;

/* The next byte, or EOF at the end of input, on a read error or when a
 * signal asked to stop. */
static int
s_getc(input_t *in)
{
	if (in->pos == in->len) {
		ssize_t n = -1;
		while (!hv_bridge_stopping() && n < 0) {
			if (hv_bridge_wait(in->fd, -1) &&
			    (n = read(in->fd, in->buf, sizeof in->buf)) < 0 && errno != EINTR)
				break;
		}
		if (n <= 0)
			return EOF;
		in->pos = 0;
		in->len = (size_t)n;
	}
	return in->buf[in->pos++];
}

/* Read one line ended by CR, LF or CR LF (scanners send any of them)
 * into BUF without its end. Returns false at the end of input. A CR LF
 * pair is one end, found without waiting for the byte after a CR. */
static bool
s_read_line(input_t *in, char *buf, size_t size, bool *after_cr)
{
	size_t n = 0;
	int ch;

	while ((ch = s_getc(in)) != EOF) {
		if (ch == '\n' && n == 0 && *after_cr) {
			*after_cr = false; /* the LF of a CR LF */
			continue;
		}
		if (ch == '\r' || ch == '\n') {
			*after_cr = ch == '\r';
			buf[n] = '\0';
			return true;
		}
		*after_cr = false;
		if (n + 1 < size)
			buf[n++] = (char)ch;
	}
	buf[n] = '\0';
	return n > 0;
}

static int
s_line_mode(const hv_bridge_settings_t *set, clients_t *cs)
{
	basket_t b = {.c = s_client(cs, set->lane)};
	static input_t in = {.fd = STDIN_FILENO};
	char text[256];
	bool after_cr = false;

	if (b.c == NULL)
		return 1;
	if (set->device[0] != '\0' && (in.fd = s_open_device(set->device, set->baud)) < 0)
		return 1;
	while (!hv_bridge_stopping() && s_read_line(&in, text, sizeof text, &after_cr))
		s_line(&b, set, text);
	s_end(&b); /* input ended with a basket open: it is finished */
	if (in.fd != STDIN_FILENO)
		close(in.fd);
	return 0;
}

/* --source PATH: --poslog for a folder, --device for a character device
 * (hangviet-bridge@.service passes its instance so). 0, or -1 after saying
 * what PATH is instead. */
static int
s_take_source(hv_bridge_settings_t *set)
{
	struct stat sb;
	char *into;
	size_t size;

	if (set->source[0] == '\0')
		return 0;
	if (stat(set->source, &sb) < 0) {
		hv_log_errno(HV_LOG_ERROR, "--source %s", set->source);
		return -1;
	}
	if (S_ISDIR(sb.st_mode))
		into = set->poslog, size = sizeof set->poslog;
	else if (S_ISCHR(sb.st_mode))
		into = set->device, size = sizeof set->device;
	else {
		hv_error(_("--source %s is neither a folder of POSLog files nor a serial device"),
		    set->source);
		return -1;
	}
	if ((size_t)snprintf(into, size, "%s", set->source) >= size) {
		hv_error(_("--source %s: path too long"), set->source);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	hv_bridge_settings_t set = {0};
	clients_t cs = {.set = &set};
	int rc;

	hv_i18n_init();
	hv_log_init("hangviet-bridge", HV_LOG_INFO);
	rc = hv_config_load(&s_spec, &set, argc, argv);
	if (rc != 0)
		return rc > 0 ? 0 : 2;
	hv_zone_init(set.timezone);
	if (set.store[0] == '\0') {
		fprintf(stderr, "%s\n",
		    _("hangviet-bridge: --store is required (the store id the daemon records)"));
		return 2;
	}
	if (s_take_source(&set) < 0)
		return 2;
	if ((s_sigfd = hv_signals_open()) < 0) {
		hv_log_errno(HV_LOG_ERROR, "signalfd");
		return 1;
	}
	if (set.flush > 0) {
		if (s_client(&cs, set.lane) == NULL)
			return 1;
		long left = s_flush_all(&cs, set.flush * 1000);
		printf(_("%ld events still spooled\n"), left);
		s_close_all(&cs);
		return left == 0 ? 0 : 1;
	}
	hv_service_ready(set.poslog[0] != '\0' ? set.poslog : set.device[0] ? set.device : "stdin");
	rc = set.poslog[0] != '\0' ? hv_bridge_poslog(&set) : s_line_mode(&set, &cs);
	s_close_all(&cs);
	return rc;
}
