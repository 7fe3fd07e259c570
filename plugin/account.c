/*
 * account.c -- an account's thread: poll, decide, send, move the cursor.
 */
#include "account.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "date.h"
#include "ledger.h"
#include "i18n.h"
#include "log.h"
#include "sender.h"
#include "vendor.h"

#define WINDOW      900  /* events in flight to one daemon (under its 1000 HWM): a page */
#define PATIENCE_MS 5000 /* a daemon silent this long is taken as down */
#define RETRIES     6    /* tries of a failing call before the poll gives up */
#define BACKOFF_MS  500  /* the first wait between them */
#define MAX_PASSES  3    /* passes over a list whose records moved while read */

/* An event waiting for its sale's ledger row to be durable. */
typedef struct {
	int branch;
	hv_request_t req;
} queued_t;

/* The keys of the sales seen in one pass over a list: a repeat means
 * records moved while the list was read, so some may have been passed. */
typedef struct {
	uint64_t *slot;
	size_t cap, n;
} seen_t;

struct hv_account {
	hv_account_conf_t conf;
	char dir[4200];
	char secret[1024];
	bool once;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop, prompt, finished; /* under MU */
	int result;
	/* The thread's own. */
	hv_ledger_t *ledger;
	hv_api_t *api;
	const hv_vendor_ops_t *ops;
	void *vendor;
	hv_sender_t *senders[HV_BRANCHES_MAX];
	hv_page_t page, next;
	queued_t *queue;
	size_t nq, capq;
	seen_t seen;
	char unmapped[8][32]; /* branches without a branch.ID, said once each */
	int n_unmapped;
	long sales, events, refused; /* in this poll */
};

/* ------------------------------------------------------------ waiting */

/* Wait MS or until stopped or prompted. False when asked to stop. */
static bool
s_wait(hv_account_t *a, int64_t ms, bool wake_on_prompt)
{
	struct timespec until;
	bool stop;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += (time_t)(ms / 1000);
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&a->mu);
	while (!a->stop && !(wake_on_prompt && a->prompt) &&
	       pthread_cond_timedwait(&a->cv, &a->mu, &until) != ETIMEDOUT)
		;
	if (wake_on_prompt)
		a->prompt = false;
	stop = a->stop;
	pthread_mutex_unlock(&a->mu);
	return !stop;
}

static bool
s_sleep(void *arg, int64_t ms)
{
	return s_wait(arg, ms, false);
}

static int
s_auth(void *arg, bool renew, char lines[HV_API_AUTH_MAX][1024], int *n, char *err, size_t errlen)
{
	hv_account_t *a = arg;
	return a->ops->auth(a->vendor, renew, lines, n, err, errlen);
}

/* ----------------------------------------------------------- the pass */

static uint64_t
s_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h | 1; /* 0 marks an empty slot */
}

/* Add KEY to the pass's keys: true when it was there already. */
static bool
s_seen(seen_t *s, const char *key)
{
	uint64_t h = s_hash(key);

	if (s->n * 2 >= s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		uint64_t *slot = calloc(cap, sizeof *slot), *old = s->slot;
		if (slot == NULL)
			return false;
		s->slot = slot;
		size_t old_cap = s->cap;
		s->cap = cap;
		s->n = 0;
		for (size_t i = 0; i < old_cap; i++)
			if (old[i] != 0) {
				size_t j = old[i] % cap;
				while (slot[j] != 0)
					j = (j + 1) % cap;
				slot[j] = old[i];
				s->n++;
			}
		free(old);
	}
	size_t j = h % s->cap;
	while (s->slot[j] != 0 && s->slot[j] != h)
		j = (j + 1) % s->cap;
	if (s->slot[j] == h)
		return true;
	s->slot[j] = h;
	s->n++;
	return false;
}

static void
s_seen_clear(seen_t *s)
{
	if (s->slot != NULL)
		memset(s->slot, 0, s->cap * sizeof *s->slot);
	s->n = 0;
}

/* The branch.ID entry for the sale's branch, or -1 (said once). */
static int
s_branch(hv_account_t *a, const hv_sale_t *s)
{
	for (int i = 0; i < a->conf.n_branches; i++)
		if (strcmp(a->conf.branches[i].branch, s->branch) == 0)
			return i;
	for (int i = 0; i < a->n_unmapped; i++)
		if (strcmp(a->unmapped[i], s->branch) == 0)
			return -1;
	hv_log(HV_LOG_WARN,
	    _("[connect %s] sales of branch %s are left out: no branch.%s = STORE@ENDPOINT names its "
	    "store"),
	    a->conf.name, s->branch[0] ? s->branch : "(none)", s->branch[0] ? s->branch : "ID");
	if (a->n_unmapped < 8)
		snprintf(a->unmapped[a->n_unmapped++], sizeof a->unmapped[0], "%s", s->branch);
	return -1;
}

/* Queue REQ for branch B. */
static int
s_queue(hv_account_t *a, int b, const hv_request_t *req)
{
	if (a->nq == a->capq) {
		size_t cap = a->capq ? a->capq * 2 : 1024;
		queued_t *q = realloc(a->queue, cap * sizeof *q);
		if (q == NULL)
			return -1;
		a->queue = q;
		a->capq = cap;
	}
	a->queue[a->nq].branch = b;
	a->queue[a->nq].req = *req;
	a->nq++;
	return 0;
}

typedef struct {
	hv_account_t *a;
	int branch;
} emit_ctx_t;

static int
s_emit(void *arg, const hv_request_t *req)
{
	emit_ctx_t *e = arg;
	return s_queue(e->a, e->branch, req);
}

/* Queue the events sale S now calls for, given ROW, what was sent for it
 * (FOUND: there was a row), and update ROW (see sale.h). */
static int
s_decide(hv_account_t *a, const hv_sale_t *s, int b, hv_ledger_sale_t *row, bool found)
{
	const char *store = a->conf.branches[b].store;
	int lane = a->conf.lane, rc = 0;
	uint64_t fp = hv_sale_fingerprint(s);
	emit_ctx_t e = {a, b};
	hv_request_t req;
	bool count = false, cancel = false;

	if (!found) {
		memset(row, 0, sizeof *row);
		row->state = HV_LEDGER_CANCELLED; /* nothing counted yet */
	}
	if (row->state == HV_LEDGER_COUNTED && s->status == HV_SALE_DONE) {
		if (fp != row->fp)
			cancel = count = true; /* edited: counted again as it now stands */
		else if (row->pending)
			count = true; /* sent before a restart: again, recorded once */
	} else if (row->state == HV_LEDGER_COUNTED && s->status == HV_SALE_CANCELLED) {
		cancel = true;
		row->state = HV_LEDGER_CANCELLED;
		row->pending = true;
	} else if (row->state == HV_LEDGER_CANCELLED && s->status == HV_SALE_DONE) {
		/* Counted again (completed once more); a cancel not known to have
		 * reached the daemon goes first. */
		cancel = row->pending && row->rev > 0;
		count = true;
		if (!cancel)
			row->rev++;
	} else if (row->state == HV_LEDGER_CANCELLED && row->pending && row->rev > 0) {
		cancel = true;
	}
	if (cancel) {
		hv_sale_cancel(s, store, lane, row->rev, &req);
		rc = s_queue(a, b, &req);
		if (count)
			row->rev++;
	}
	if (count && rc == 0) {
		rc = hv_sale_events(s, store, lane, row->rev, s_emit, &e);
		row->state = HV_LEDGER_COUNTED;
		row->pending = true;
		row->fp = fp;
	}
	snprintf(row->store, sizeof row->store, "%s", store);
	return rc;
}

/* Decide every sale of page P and make the ledger rows durable; the
 * events wait in the queue. How many of its sales this pass had not seen
 * (*REPEAT set when one had been), or -1. */
static int
s_process(hv_account_t *a, const hv_page_t *p, bool *repeat)
{
	int64_t now = hv_clock_ms(CLOCK_REALTIME);
	int fresh = 0;

	a->nq = 0;
	if (hv_ledger_begin(a->ledger) < 0)
		return -1;
	for (size_t i = 0; i < p->n; i++) {
		const hv_sale_t *s = &p->sales[i];
		hv_ledger_sale_t row;
		if (s_seen(&a->seen, s->key))
			*repeat = true;
		else
			fresh++;
		int b = s_branch(a, s), found = b >= 0 ? hv_ledger_sale(a->ledger, s->key, &row) : 0;
		if (found < 0)
			goto fail;
		if (b < 0 || (found == 0 && s->status == HV_SALE_OPEN))
			continue;
		if (s_decide(a, s, b, &row, found == 1) < 0 ||
		    hv_ledger_put_sale(a->ledger, s->key, &row, now) < 0)
			goto fail;
		a->sales++;
	}
	if (hv_ledger_commit(a->ledger) == 0)
		return fresh;
fail:
	hv_ledger_rollback(a->ledger);
	a->nq = 0;
	return -1;
}

/* Send what the queue holds; where each daemon's events now end into
 * MARKS (sender.h), for s_settle. */
static int
s_push(hv_account_t *a, int64_t *marks)
{
	for (size_t i = 0; i < a->nq; i++)
		if (hv_sender_add(a->senders[a->queue[i].branch], &a->queue[i].req) < 0)
			return -1;
	a->events += (long)a->nq;
	a->nq = 0;
	for (int i = 0; i < a->conf.n_branches; i++)
		marks[i] = hv_sender_mark(a->senders[i]);
	return 0;
}

/* Once every event of page P (those before MARKS) was recorded or
 * spooled: its sales settled and the cursor CURSOR_NAME moved on to
 * *CURSOR. 0 or -1. */
static int
s_settle(hv_account_t *a, const hv_page_t *p, const int64_t *marks, const char *cursor_name,
    int64_t *cursor)
{
	int rc = 0;

	for (int i = 0; i < a->conf.n_branches; i++)
		if (hv_sender_settle_to(a->senders[i], marks[i]) < 0)
			rc = -1;
	if (rc < 0 || hv_ledger_begin(a->ledger) < 0)
		return -1;
	for (size_t i = 0; i < p->n && rc == 0; i++)
		rc = hv_ledger_settle(a->ledger, p->sales[i].key);
	if (p->changed > *cursor)
		*cursor = p->changed;
	if (rc == 0 && hv_ledger_set_int(a->ledger, cursor_name, *cursor) == 0 &&
	    hv_ledger_commit(a->ledger) == 0)
		return 0;
	hv_ledger_rollback(a->ledger);
	return -1;
}

/* Every page of list LIST from SINCE_MS on, once. While the daemons
 * record one page, the next is read, decided and sent behind it. 0, 1
 * when records moved while it was read, -1 with ERR, -2 asked to stop. */
static int
s_read_list(hv_account_t *a, int list, int64_t since, const char *cursor_name, int64_t *cursor,
    char *err, size_t errlen)
{
	bool repeat = false;
	int64_t marks[2][HV_BRANCHES_MAX]; /* where this page's and the next's events end */
	int rc = a->ops->page(a->vendor, list, since, 0, &a->page, err, errlen), cur = 0;

	s_seen_clear(&a->seen);
	if (rc == 0 && (s_process(a, &a->page, &repeat) < 0 || s_push(a, marks[cur]) < 0))
		goto state_failed;
	for (int page = 0; rc == 0; page++) {
		bool more = a->page.more;
		int next = more ? a->ops->page(a->vendor, list, since, page + 1, &a->next, err, errlen) : 0;
		int fresh = more && next == 0 ? s_process(a, &a->next, &repeat) : 0;
		if (fresh < 0)
			goto state_failed;
		if (more && next == 0 && fresh == 0 && a->next.n > 0) {
			/* A vendor that hands the same page again would be read
			 * forever: its sales stay pending, sent by the next poll. */
			hv_log(HV_LOG_WARN, _("[connect %s] %s: page %d holds only records read already: "
			    "the list ends here for this poll"), a->conf.name, a->ops->list_names[list],
			    page + 2);
			more = false;
			a->nq = 0;
		} else if (more && next == 0 && s_push(a, marks[!cur]) < 0) {
			goto state_failed;
		}
		if (s_settle(a, &a->page, marks[cur], cursor_name, cursor) < 0) {
			snprintf(err, errlen, "events could neither be recorded nor spooled");
			return -1;
		}
		if (!more || (rc = next) != 0)
			break;
		hv_page_t t = a->page;
		a->page = a->next;
		a->next = t;
		cur = !cur;
	}
	return rc != 0 ? rc : repeat ? 1 : 0;
state_failed:
	snprintf(err, errlen, "cannot write the state file %.400s/%s.db", a->dir, a->conf.name);
	return -1;
}

/* Read list LIST from its cursor on, again from the same point when
 * records moved while it was read. 0, -1 with ERR, -2. */
static int
s_pass(hv_account_t *a, int list, char *err, size_t errlen)
{
	char name[64];
	int64_t now = hv_clock_ms(CLOCK_REALTIME), cursor, start;
	int rc = 1;

	snprintf(name, sizeof name, "cursor.%s", a->ops->list_names[list]);
	if ((start = hv_ledger_get_int(a->ledger, name)) == 0)
		start = now - (int64_t)a->conf.backfill * 86400000;
	for (int pass = 0; rc == 1 && pass < MAX_PASSES; pass++) {
		if (pass > 0) {
			hv_log(HV_LOG_INFO, _("[connect %s] %s changed while they were read: reading them again"),
			    a->conf.name, a->ops->list_names[list]);
			if (hv_ledger_set_int(a->ledger, name, start) < 0)
				return -1;
		}
		cursor = start;
		rc = s_read_list(a, list, start - (int64_t)a->conf.overlap * 1000, name, &cursor, err,
		    errlen);
	}
	return rc == 1 ? 0 : rc;
}

/* What a poll did, in one line of the log: its sales and events, and
 * where each list's cursor now stands (local time). */
static void
s_say_poll(hv_account_t *a, int result, long spooled)
{
	char cursors[256] = "";
	size_t n = 0;

	for (int list = 0; list < a->ops->lists && n < sizeof cursors; list++) {
		char name[64], when[20];
		snprintf(name, sizeof name, "cursor.%s", a->ops->list_names[list]);
		int64_t c = hv_ledger_get_int(a->ledger, name);
		n += (size_t)snprintf(cursors + n, sizeof cursors - n, "%s%s %s", list ? ", " : "",
		    a->ops->list_names[list], c > 0 ? hv_date_format_iso_local(c, when) : _("not read yet"));
	}
	hv_log(result == 0 ? HV_LOG_INFO : HV_LOG_WARN,
	    _("[connect %s] poll %s: %ld sales, %ld events sent, %ld refused, %ld spooled, %lld API "
	      "calls so far; read up to: %s"),
	    a->conf.name, result == 0 ? _("done") : _("incomplete"), a->sales, a->events, a->refused,
	    spooled, (long long)hv_api_calls(a->api), cursors);
}

/* One poll of every list; what it did goes to the log and the ledger.
 * 0, -1 when a list could not be read (the next poll tries again), -2. */
static int
s_poll(hv_account_t *a)
{
	char err[512] = "";
	int result = 0;
	long spooled = 0;

	a->sales = a->events = a->refused = 0;
	for (int list = 0; list < a->ops->lists; list++) {
		char why[512] = "";
		int rc = s_pass(a, list, why, sizeof why);
		if (rc == -2)
			return -2;
		if (rc < 0) {
			hv_log(HV_LOG_ERROR, _("[connect %s] reading %s failed: %s; the next poll tries again"),
			    a->conf.name, a->ops->list_names[list], why);
			snprintf(err, sizeof err, "%s: %.400s", a->ops->list_names[list], why);
			result = -1;
		}
	}
	for (int i = 0; i < a->conf.n_branches; i++)
		spooled += hv_sender_flush(a->senders[i]);
	hv_ledger_prune(a->ledger, hv_clock_ms(CLOCK_REALTIME) - (int64_t)a->conf.keep_days * 86400000);
	hv_ledger_set(a->ledger, "last_error", err);
	if (result == 0)
		hv_ledger_set_int(a->ledger, "last_poll", hv_clock_ms(CLOCK_REALTIME));
	s_say_poll(a, result, spooled);
	return result;
}

static void *
s_run(void *arg)
{
	hv_account_t *a = arg;
	int rc;

	for (;;) {
		rc = s_poll(a);
		if (rc != -2)
			a->result = rc == 0 ? 0 : 1;
		if (rc == -2 || a->once || !s_wait(a, (int64_t)a->conf.poll * 1000, true))
			break;
	}
	pthread_mutex_lock(&a->mu);
	a->finished = true;
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

static void
s_refused(void *arg, const hv_request_t *req, const hv_reply_t *r)
{
	hv_account_t *a = arg;

	a->refused++;
	hv_log(HV_LOG_WARN, _("[connect %s] store %s refused %s of txn %s line %lld: %s: %s"), a->conf.name,
	    req->store, hv_op_name(req->op), req->txn, (long long)req->line, hv_err_name(r->err), r->msg);
}

/* The ledger, the senders, the API and the vendor's reader. */
static int
s_setup(hv_account_t *a, char *err, size_t errlen)
{
	char path[4400];

	if (mkdir(a->dir, 0700) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot make %s: %s", a->dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof path, "%s/%s.db", a->dir, a->conf.name);
	if ((a->ledger = hv_ledger_open(path, err, errlen)) == NULL)
		return -1;
	for (int i = 0; i < a->conf.n_branches; i++) {
		const hv_branch_t *b = &a->conf.branches[i];
		snprintf(path, sizeof path, "%s/%s-%s.spool", a->dir, a->conf.name, b->branch);
		hv_sender_opts_t o = {b->endpoint, a->conf.server_public_key, a->conf.client_key,
		    a->conf.insecure, path, WINDOW, PATIENCE_MS, 0, s_refused, a};
		if ((a->senders[i] = hv_sender_open(&o, err, errlen)) == NULL)
			return -1;
	}
	hv_api_opts_t ao = {a->conf.name, a->conf.ca_file, a->conf.timeout, a->conf.rate_calls,
	    a->conf.rate_period, RETRIES, BACKOFF_MS, s_auth, s_sleep, a};
	if ((a->api = hv_api_open(&ao, err, errlen)) == NULL)
		return -1;
	a->ops = hv_vendor_ops(a->conf.kind);
	hv_vendor_ctx_t ctx = {&a->conf, a->api, a->ledger, a->secret};
	return (a->vendor = a->ops->open(&ctx, err, errlen)) == NULL ? -1 : 0;
}

static void
s_free(hv_account_t *a)
{
	if (a->vendor != NULL)
		a->ops->close(a->vendor);
	hv_api_close(&a->api);
	for (int i = 0; i < a->conf.n_branches; i++)
		hv_sender_close(&a->senders[i]);
	hv_ledger_close(&a->ledger);
	hv_page_free(&a->page);
	hv_page_free(&a->next);
	free(a->queue);
	free(a->seen.slot);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	explicit_bzero(a->secret, sizeof a->secret);
	free(a);
}

hv_account_t *
hv_account_start(const hv_account_conf_t *conf, const char *state_dir, const char *secret,
    bool once, char *err, size_t errlen)
{
	hv_account_t *a = calloc(1, sizeof *a);
	pthread_condattr_t ca;

	if (a == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	a->conf = *conf;
	a->once = once;
	snprintf(a->dir, sizeof a->dir, "%s/connect", state_dir);
	snprintf(a->secret, sizeof a->secret, "%s", secret);
	pthread_mutex_init(&a->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&a->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (s_setup(a, err, errlen) < 0 || pthread_create(&a->thread, NULL, s_run, a) != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "cannot start a thread");
		s_free(a);
		return NULL;
	}
	return a;
}

void
hv_account_prompt(hv_account_t *self)
{
	pthread_mutex_lock(&self->mu);
	self->prompt = true;
	pthread_cond_signal(&self->cv);
	pthread_mutex_unlock(&self->mu);
}

bool
hv_account_finished(hv_account_t *self)
{
	pthread_mutex_lock(&self->mu);
	bool f = self->finished;
	pthread_mutex_unlock(&self->mu);
	return f;
}

int
hv_account_stop(hv_account_t **self_p)
{
	hv_account_t *a;
	int result;

	if (self_p == NULL || (a = *self_p) == NULL)
		return 0;
	pthread_mutex_lock(&a->mu);
	a->stop = true;
	pthread_cond_signal(&a->cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->thread, NULL);
	result = a->result;
	s_free(a);
	*self_p = NULL;
	return result;
}
