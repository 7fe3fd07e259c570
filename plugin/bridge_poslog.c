/*
 * bridge_poslog.c -- hangviet-bridge's POSLog mode: ARTS POSLog files
 * dropped into a folder are read transaction by transaction (poslog.h)
 * and their events pipelined to the store daemon (pipeline.h).
 *
 * What becomes of a file (doc/protocol.md, "POSLog"):
 *  - its sales are recorded, and it moves to done/;
 *  - each transaction that cannot be recorded (a bad quantity, another
 *    store, a foreign currency, or one the daemon refused) is written to
 *    failed/ as a POSLog file of its own, NAME.tN.xml, with NAME.tN.xml.err
 *    naming the transaction, the LineItem and what is wrong; the others
 *    are not held back by it;
 *  - a file that is not POSLog at all moves to failed/ whole, with a .err;
 *    so does one that stops being well-formed part way, after the
 *    transactions before that point were recorded;
 *  - when the daemon does not answer, the file stays to be sent again.
 * Input is never deleted, and sending any file again records nothing twice.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bridge.h"
#include "i18n.h"
#include "log.h"
#include "pipeline.h"
#include "poslog.h"

#define WINDOW      512  /* events in flight to the daemon */
#define PATIENCE_MS 5000 /* the longest wait for the daemon's next reply */
#define KINDS       8    /* kinds of skipped transaction told apart */

/* A transaction of the file that goes to failed/, and why. */
typedef struct {
	long index;
	char why[640];
} refusal_t;

/* What one file's sending did. */
typedef struct {
	const hv_bridge_settings_t *set;
	hv_pipeline_t *pipe;
	refusal_t *refused;
	size_t nrefused, cap;
	bool unavailable; /* the daemon could not record (answered `unavailable`) */
	long sales, cancels, items, voids, returns, dups, events;
	long skipped;
	struct {
		char kind[48];
		long n;
	} kinds[KINDS];
} run_t;

/* --------------------------------------------------------- refusals */

static refusal_t *
s_refusal(run_t *run, long index)
{
	for (size_t i = run->nrefused; i-- > 0;)
		if (run->refused[i].index == index)
			return &run->refused[i];
	if (run->nrefused == run->cap) {
		size_t cap = run->cap ? run->cap * 2 : 16;
		refusal_t *r = realloc(run->refused, cap * sizeof *r);
		if (r == NULL)
			return NULL;
		run->refused = r;
		run->cap = cap;
	}
	refusal_t *r = &run->refused[run->nrefused++];
	r->index = index;
	r->why[0] = '\0';
	return r;
}

/* Add WHY to what is wrong with transaction INDEX. */
static void
s_refuse(run_t *run, long index, const char *why)
{
	refusal_t *r = s_refusal(run, index);
	size_t n;

	if (r == NULL) {
		hv_error(_("out of memory: transaction %ld: %s"), index, why);
		return;
	}
	n = strlen(r->why);
	snprintf(r->why + n, sizeof r->why - n, "%s%s", n > 0 ? "; " : "", why);
}

static int
s_by_index(const void *a, const void *b)
{
	long x = ((const refusal_t *)a)->index, y = ((const refusal_t *)b)->index;
	return (x > y) - (x < y);
}

/* ---------------------------------------------------------- sending */

/* The daemon's reply to one event of transaction TAG; ARG points to the
 * run of the file being sent. */
static void
s_on_reply(void *arg, const hv_request_t *req, int64_t tag, const hv_reply_t *r)
{
	run_t *run = *(run_t **)arg;
	char why[400];

	if (r->ok) {
		run->dups += r->dup;
		return;
	}
	if (r->err == HV_ERR_UNAVAILABLE) {
		run->unavailable = true;
		return;
	}
	if (req->op == HV_OP_SCAN || req->op == HV_OP_VOID)
		snprintf(why, sizeof why, _("the daemon refused the %s of line %lld: %s: %s"),
		    hv_op_name(req->op), (long long)req->line, hv_err_name(r->err), r->msg);
	else
		snprintf(why, sizeof why, _("the daemon refused its %s: %s: %s"), hv_op_name(req->op),
		    hv_err_name(r->err), r->msg);
	s_refuse(run, (long)tag, why);
}

/* Queue one request of sale T. 0, or -1 when the daemon stopped answering. */
static int
s_send(run_t *run, const hv_poslog_txn_t *t, hv_request_t *req)
{
	snprintf(req->store, sizeof req->store, "%s", t->store_id);
	req->lane = t->lane;
	snprintf(req->txn, sizeof req->txn, "%s", t->txn);
	req->has_ts = t->ts > 0;
	req->ts = t->ts;
	run->events++;
	return hv_pipeline_send(run->pipe, req, t->index);
}

/* Every event of sale T, then its end or cancel. */
static int
s_send_sale(run_t *run, const hv_poslog_txn_t *t)
{
	for (size_t i = 0; i < t->nevents; i++) {
		const hv_poslog_event_t *e = &t->events[i];
		hv_request_t req = {.op = e->op, .line = e->line};
		if (e->op == HV_OP_SCAN) {
			memcpy(req.code, e->code, sizeof req.code);
			req.qty = e->qty;
			req.has_amount = e->has_amount;
			req.amount = e->amount;
		}
		if (s_send(run, t, &req) < 0)
			return -1;
	}
	hv_request_t fin = {.op = t->cancelled ? HV_OP_CANCEL : HV_OP_END,
	    .has_total = !t->cancelled && t->has_total,
	    .total = t->total};
	return s_send(run, t, &fin);
}

static void
s_count_skipped(run_t *run, const char *kind)
{
	int k = 0;

	while (k < KINDS - 1 && run->kinds[k].n > 0 && strcmp(run->kinds[k].kind, kind) != 0)
		k++;
	if (run->kinds[k].n == 0 || k < KINDS - 1)
		snprintf(run->kinds[k].kind, sizeof run->kinds[k].kind, "%s",
		    k < KINDS - 1 ? kind : "other");
	run->kinds[k].n++;
	run->skipped++;
}

/* One transaction: a sale is sent, a refused one noted, the rest counted. */
static int
s_transaction(run_t *run, const hv_poslog_txn_t *t)
{
	char why[400];

	switch (t->kind) {
	case HV_POSLOG_SKIPPED: s_count_skipped(run, t->skipped); return 0;
	case HV_POSLOG_REFUSED: s_refuse(run, t->index, t->why); return 0;
	case HV_POSLOG_SALE: break;
	}
	if (strcmp(t->store_id, run->set->store) != 0) {
		snprintf(why, sizeof why, _("RetailStoreID %s: this bridge sends for store %s (--store)"),
		    t->store_id, run->set->store);
		s_refuse(run, t->index, why);
		return 0;
	}
	run->sales += !t->cancelled;
	run->cancels += t->cancelled;
	run->items += t->items;
	run->voids += t->voids;
	run->returns += t->returns;
	return s_send_sale(run, t);
}

/* --------------------------------------------------------- the files */

/* Move DIR/NAME to DIR/SUB/NAME (NAME.1, NAME.2 ... when taken). */
static int
s_move(const char *dir, const char *sub, const char *name, char *to, size_t tolen)
{
	char from[4600];
	snprintf(from, sizeof from, "%s/%s", dir, name);
	snprintf(to, tolen, "%s/%s", dir, sub);
	mkdir(to, 0750);
	for (int i = 0; i < 1000; i++) {
		if (i == 0)
			snprintf(to, tolen, "%s/%s/%s", dir, sub, name);
		else
			snprintf(to, tolen, "%s/%s/%s.%d", dir, sub, name, i);
		if (access(to, F_OK) != 0)
			return rename(from, to);
	}
	errno = EEXIST;
	return -1;
}

/* Write TEXT to PATH.err. */
static void
s_write_err(const char *path, const char *text)
{
	char err_path[4800];
	snprintf(err_path, sizeof err_path, "%s.err", path);
	FILE *f = fopen(err_path, "w");
	if (f == NULL || fprintf(f, "%s\n", text) < 0 || fclose(f) != 0)
		hv_log_errno(HV_LOG_ERROR, _("cannot write %s"), err_path);
}

/* The whole file to failed/, with WHY in its .err. */
static void
s_fail_file(const char *dir, const char *name, const char *why)
{
	char to[4700], text[1200];

	if (s_move(dir, "failed", name, to, sizeof to) < 0) {
		hv_log_errno(HV_LOG_ERROR, _("cannot move %s/%s to failed/"), dir, name);
		return;
	}
	snprintf(text, sizeof text, "%s: %s", name, why);
	s_write_err(to, text);
	hv_error(_("%s: %s (moved to failed/)"), name, why);
}

/* Transaction T (the one READER read last) of file NAME into
 * DIR/failed/STEM.tINDEX.xml, written whole before it takes its name, with
 * WHY in its .err. */
static void
s_write_piece(hv_poslog_t *reader, const hv_poslog_txn_t *t, const char *dir, const char *name,
    const char *why)
{
	char path[4700], tmp[4800], ids[400], text[1400];
	int stem = (int)(strlen(name) > 4 ? strlen(name) - 4 : strlen(name));

	snprintf(path, sizeof path, "%s/failed", dir);
	mkdir(path, 0750);
	snprintf(path, sizeof path, "%s/failed/%.*s.t%ld.xml", dir, stem, name, t->index);
	for (int i = 1; access(path, F_OK) == 0 && i < 1000; i++)
		snprintf(path, sizeof path, "%s/failed/%.*s.t%ld.%d.xml", dir, stem, name, t->index, i);
	snprintf(tmp, sizeof tmp, "%s/failed/.%.*s.t%ld.tmp", dir, stem, name, t->index);
	FILE *f = fopen(tmp, "w");
	if (f == NULL || hv_poslog_write_current(reader, f) < 0 || fclose(f) != 0 ||
	    rename(tmp, path) < 0) {
		hv_log_errno(HV_LOG_ERROR, _("cannot write %s"), path);
		unlink(tmp);
		return;
	}
	hv_poslog_describe(t, ids, sizeof ids);
	snprintf(text, sizeof text, _("%s, transaction %ld (%s): %s"), name, t->index, ids, why);
	s_write_err(path, text);
	hv_warn(_("%s, transaction %ld (%s): %s (written to failed/)"), name, t->index, ids, why);
}

/* Read PATH again and write each refused transaction to failed/. */
static void
s_write_refused(run_t *run, const char *path, const char *name)
{
	char err[512];
	hv_poslog_txn_t t = {0};
	hv_poslog_t *reader = hv_poslog_open(path, err, sizeof err);
	size_t next = 0;

	if (reader == NULL) {
		hv_error("%s", err);
		return;
	}
	qsort(run->refused, run->nrefused, sizeof *run->refused, s_by_index);
	while (next < run->nrefused && hv_poslog_next(reader, &t) == 1)
		if (t.index == run->refused[next].index)
			s_write_piece(reader, &t, run->set->poslog, name, run->refused[next++].why);
	hv_poslog_txn_free(&t);
	hv_poslog_close(&reader);
}

/* "6 ControlTransaction, 2 tender only" */
static void
s_kinds(const run_t *run, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int k = 0; k < KINDS && run->kinds[k].n > 0 && n < size; k++)
		n += (size_t)snprintf(buf + n, size - n, "%s%ld %s", k > 0 ? ", " : "",
		    run->kinds[k].n, run->kinds[k].kind);
}

static void
s_summary(const run_t *run, const char *name)
{
	char kinds[400];

	s_kinds(run, kinds, sizeof kinds);
	hv_info(_("%s: %ld sales and %ld cancelled sent (%ld lines, %ld voids, %ld returns; %ld of "
	          "%ld events recorded before), %ld skipped%s%s%s, %zu refused (in failed/)"),
	    name, run->sales, run->cancels, run->items, run->voids, run->returns, run->dups,
	    run->events, run->skipped, kinds[0] ? " (" : "", kinds, kinds[0] ? ")" : "",
	    run->nrefused);
}

/* Read file NAME and send its transactions. XML_ERR gets why the file
 * stopped being POSLog ("" when it did not); *READ how many transactions
 * came before. 0, or -1 when the daemon stopped answering. */
static int
s_send_file(run_t *run, const char *path, char *xml_err, size_t errlen, long *read)
{
	hv_poslog_txn_t t = {0};
	hv_poslog_t *reader = hv_poslog_open(path, xml_err, errlen);
	int rc = 0, more = 0;

	*read = 0;
	if (reader == NULL)
		return 0;
	xml_err[0] = '\0';
	while (!hv_bridge_stopping() && rc == 0 && (more = hv_poslog_next(reader, &t)) == 1) {
		(*read)++;
		rc = s_transaction(run, &t);
	}
	if (rc == 0 && !hv_bridge_stopping() && more < 0)
		snprintf(xml_err, errlen, "%s", hv_poslog_error(reader));
	if (rc == 0)
		rc = hv_pipeline_drain(run->pipe);
	hv_poslog_txn_free(&t);
	hv_poslog_close(&reader);
	return rc == 0 && !run->unavailable && !hv_bridge_stopping() ? 0 : -1;
}

/* One POSLog file. Returns -1 when it must be tried again later. */
static int
s_poslog_file(run_t *run, const char *name)
{
	const char *dir = run->set->poslog;
	char path[4400], xml_err[512], why[1000], to[4700];
	long read;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (s_send_file(run, path, xml_err, sizeof xml_err, &read) < 0) {
		hv_pipeline_reset(run->pipe);
		if (!hv_bridge_stopping())
			hv_error(_("%s: the daemon did not record every event; the file stays to be "
			           "sent again (nothing is counted twice)"),
			    name);
		return -1;
	}
	if (run->nrefused > 0)
		s_write_refused(run, path, name);
	if (xml_err[0] != '\0') {
		if (read > 0)
			snprintf(why, sizeof why,
			    _("%s; the %ld transactions before it were sent; mend the file and drop it "
			      "again (nothing is counted twice)"),
			    xml_err, read);
		s_fail_file(dir, name, read > 0 ? why : xml_err);
	} else if (s_move(dir, "done", name, to, sizeof to) < 0)
		hv_log_errno(HV_LOG_ERROR, _("cannot move %s to done/"), path);
	if (read > 0)
		s_summary(run, name);
	return 0;
}

static bool
s_is_xml(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 4 && strcasecmp(name + n - 4, ".xml") == 0;
}

static int
s_filter_xml(const struct dirent *d)
{
	return s_is_xml(d->d_name);
}

static int
s_by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Every POSLog file now in the folder, oldest name first. Returns how many
 * could not be sent (left for later). */
static int
s_poslog_scan(const hv_bridge_settings_t *set, hv_pipeline_t *pipe, run_t **current)
{
	struct dirent **names;
	int n = scandir(set->poslog, &names, s_filter_xml, s_by_name), left = 0;

	if (n < 0) {
		hv_log_errno(HV_LOG_ERROR, _("cannot read the folder %s"), set->poslog);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		run_t run = {.set = set, .pipe = pipe};
		*current = &run;
		left += !hv_bridge_stopping() && s_poslog_file(&run, names[i]->d_name) < 0;
		*current = NULL;
		free(run.refused);
		free(names[i]);
	}
	free(names);
	return left;
}

/* Send what is there, then (unless --once) what comes, until a signal. */
static int
s_watch(const hv_bridge_settings_t *set, hv_pipeline_t *pipe, run_t **current)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC), left;

	if (fd < 0 || inotify_add_watch(fd, set->poslog, IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
		hv_log_errno(HV_LOG_ERROR, _("cannot watch the folder %s"), set->poslog);
		if (fd >= 0)
			close(fd);
		return 1;
	}
	left = s_poslog_scan(set, pipe, current);
	if (!set->once)
		hv_info(_("watching %s for POSLog files"), set->poslog);
	while (!set->once && !hv_bridge_stopping()) {
		bool rc = hv_bridge_wait(fd, left > 0 ? 5000 : 2000);
		if (rc) {
			char buf[8192];
			while (read(fd, buf, sizeof buf) > 0)
				; /* which file does not matter: the folder is read again */
		}
		if (rc || left > 0)
			left = s_poslog_scan(set, pipe, current);
	}
	close(fd);
	return set->once && left > 0 ? 1 : 0;
}

int
hv_bridge_poslog(const hv_bridge_settings_t *set)
{
	char err[512];
	hv_pipeline_opts_t o = {.socket = {.endpoint = set->connect,
	                            .server_public_key = set->server_public_key,
	                            .client_key = set->client_key,
	                            .insecure = set->insecure},
	    .window = WINDOW,
	    .patience_ms = set->timeout > PATIENCE_MS ? set->timeout : PATIENCE_MS,
	    .on_reply = s_on_reply};
	run_t *current = NULL; /* the file being sent, for s_on_reply */

	o.arg = &current;
	hv_pipeline_t *pipe = hv_pipeline_open(&o, err, sizeof err);
	if (pipe == NULL) {
		hv_error("%s", err);
		return 1;
	}
	int rc = s_watch(set, pipe, &current);
	hv_pipeline_close(&pipe);
	return rc;
}
