/*
 * checkpointer.c -- a thread running PRAGMA wal_checkpoint(PASSIVE) on a
 * timer, stopped through its stopper (thread.h).
 */
#include "checkpointer.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "i18n.h"
#include "log.h"
#include "thread.h"

struct hv_checkpointer {
	sqlite3 *db;
	int interval_ms;
	pthread_t thread;
	hv_stopper_t stopper;    /* its lock guards count too */
	long count;              /* under stopper.lock */
	hv_log_limit_t fail_log; /* the thread's own */
};

/* One passive checkpoint: copy what the log holds that no reader needs. */
static void
s_checkpoint(hv_checkpointer_t *self)
{
	int log = 0, copied = 0;
	int rc =
	    sqlite3_wal_checkpoint_v2(self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
	int64_t held;
	if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
		/* A full disk says so every turn: once a minute is enough. */
		if (hv_log_limit(&self->fail_log, 60000, &held))
			hv_warn(
			    _("copying journal.db's log back failed: %s (%lld more since the last "
			      "such line)"),
			    sqlite3_errmsg(self->db), (long long)held);
		return;
	}
	if (copied > 0) {
		pthread_mutex_lock(&self->stopper.lock);
		self->count++;
		pthread_mutex_unlock(&self->stopper.lock);
	}
}

static void *
s_thread(void *arg)
{
	hv_checkpointer_t *self = arg;
	bool stop;

	do { /* and once more when told to stop */
		stop = hv_stopper_sleep(&self->stopper, self->interval_ms);
		s_checkpoint(self);
	} while (!stop);
	return NULL;
}

/* Free SELF whose thread is not running. */
static void
s_free(hv_checkpointer_t *self)
{
	sqlite3_close(self->db);
	hv_stopper_destroy(&self->stopper);
	free(self);
}

hv_checkpointer_t *
hv_checkpointer_start(const char *path, bool full, int interval_ms, char *err, size_t errlen)
{
	hv_checkpointer_t *self = calloc(1, sizeof *self);

	if (self == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	self->interval_ms = interval_ms;
	hv_stopper_init(&self->stopper);
	if (sqlite3_open_v2(path, &self->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(self->db, full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL",
	        NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(self->db));
		s_free(self);
		return NULL;
	}
	sqlite3_busy_timeout(self->db, 0); /* a busy checkpoint waits for the next turn */
	int rc = hv_thread_start(&self->thread, s_thread, self);
	if (rc != 0) {
		snprintf(err, errlen, "%s", _("cannot start the journal's checkpoint thread"));
		s_free(self);
		return NULL;
	}
	return self;
}

long
hv_checkpointer_count(hv_checkpointer_t *self)
{
	pthread_mutex_lock(&self->stopper.lock);
	long n = self->count;
	pthread_mutex_unlock(&self->stopper.lock);
	return n;
}

void
hv_checkpointer_stop(hv_checkpointer_t **self_p)
{
	hv_checkpointer_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	hv_stopper_stop(&self->stopper, self->thread);
	s_free(self);
	*self_p = NULL;
}
