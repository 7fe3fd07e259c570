/*
 * ledger.c -- the connector's cursors, sent sales and product codes.
 */
#include "ledger.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

static const char *const s_migrations[] = {
    /* 1 */
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE sale (key TEXT PRIMARY KEY, rev INTEGER NOT NULL, fp INTEGER NOT NULL,"
    " state INTEGER NOT NULL, pending INTEGER NOT NULL, store TEXT NOT NULL,"
    " seen INTEGER NOT NULL);"
    "CREATE INDEX sale_pending ON sale (pending) WHERE pending = 1;"
    "CREATE INDEX sale_seen ON sale (seen);"
    "CREATE TABLE code (id TEXT PRIMARY KEY, code TEXT NOT NULL);",
};

enum { ST_GET_SALE, ST_PUT_SALE, ST_SETTLE, ST_PRUNE, ST_GET, ST_SET, ST_CODE, ST_PUT_CODE, ST_N };

static const char *const s_sql[ST_N] = {
    "SELECT rev, fp, state, pending, store FROM sale WHERE key = ?1",
    "INSERT INTO sale (key, rev, fp, state, pending, store, seen) VALUES (?1,?2,?3,?4,?5,?6,?7)"
    " ON CONFLICT (key) DO UPDATE SET rev = ?2, fp = ?3, state = ?4, pending = ?5, store = ?6,"
    " seen = ?7",
    "UPDATE sale SET pending = 0 WHERE key = ?1",
    "DELETE FROM sale WHERE seen < ?1 AND pending = 0",
    "SELECT value FROM meta WHERE name = ?1",
    "INSERT INTO meta (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = ?2",
    "SELECT code FROM code WHERE id = ?1",
    "INSERT INTO code (id, code) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET code = ?2",
};

struct hv_ledger {
	sqlite3 *db;
	sqlite3_stmt *st[ST_N];
};

hv_ledger_t *
hv_ledger_open(const char *path, char *err, size_t errlen)
{
	hv_ledger_t *self = calloc(1, sizeof *self);

	if (self == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (sqlite3_open_v2(path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	        SQLITE_OK ||
	    /* One connector owns an account's ledger: a second one started on
	     * the same state is refused (busy), and no statement pays for
	     * file locks. */
	    sqlite3_exec(self->db,
	        "PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	        " BEGIN IMMEDIATE; COMMIT",
	        NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(self->db));
		hv_ledger_close(&self);
		return NULL;
	}
	if (hv_db_migrate(self->db, path, s_migrations, 1, err, errlen) < 0) {
		hv_ledger_close(&self);
		return NULL;
	}
	for (int i = 0; i < ST_N; i++)
		if (sqlite3_prepare_v3(self->db, s_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &self->st[i],
		        NULL) != SQLITE_OK) {
			snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(self->db));
			hv_ledger_close(&self);
			return NULL;
		}
	return self;
}

void
hv_ledger_close(hv_ledger_t **self_p)
{
	hv_ledger_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	for (int i = 0; i < ST_N; i++)
		sqlite3_finalize(self->st[i]);
	sqlite3_close(self->db);
	free(self);
	*self_p = NULL;
}

int
hv_ledger_begin(hv_ledger_t *self)
{
	return sqlite3_exec(self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int
hv_ledger_commit(hv_ledger_t *self)
{
	return sqlite3_exec(self->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

void
hv_ledger_rollback(hv_ledger_t *self)
{
	sqlite3_exec(self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Run statement ST to its end: 0, or -1. */
static int
s_run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
hv_ledger_sale(hv_ledger_t *self, const char *key, hv_ledger_sale_t *out)
{
	sqlite3_stmt *st = self->st[ST_GET_SALE];
	int rc;

	memset(out, 0, sizeof *out);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->rev = sqlite3_column_int(st, 0);
		out->fp = (uint64_t)sqlite3_column_int64(st, 1);
		out->state = (hv_ledger_state_t)sqlite3_column_int(st, 2);
		out->pending = sqlite3_column_int(st, 3) != 0;
		hv_db_text(st, 4, out->store, sizeof out->store);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
hv_ledger_put_sale(hv_ledger_t *self, const char *key, const hv_ledger_sale_t *s, int64_t now_ms)
{
	sqlite3_stmt *st = self->st[ST_PUT_SALE];

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, s->rev);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)s->fp);
	sqlite3_bind_int(st, 4, (int)s->state);
	sqlite3_bind_int(st, 5, s->pending);
	sqlite3_bind_text(st, 6, s->store, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, now_ms);
	return s_run(st);
}

int
hv_ledger_settle(hv_ledger_t *self, const char *key)
{
	sqlite3_bind_text(self->st[ST_SETTLE], 1, key, -1, SQLITE_STATIC);
	return s_run(self->st[ST_SETTLE]);
}

long
hv_ledger_prune(hv_ledger_t *self, int64_t before_ms)
{
	sqlite3_bind_int64(self->st[ST_PRUNE], 1, before_ms);
	return s_run(self->st[ST_PRUNE]) == 0 ? (long)sqlite3_changes(self->db) : -1;
}

/* Look NAME up with statement ST (one text column) into BUF. */
static int
s_lookup(sqlite3_stmt *st, const char *name, char *buf, size_t size)
{
	int rc;

	buf[0] = '\0';
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		hv_db_text(st, 0, buf, size);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Write NAME = VALUE with statement ST. */
static int
s_store(sqlite3_stmt *st, const char *name, const char *value)
{
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return s_run(st);
}

int
hv_ledger_get(hv_ledger_t *self, const char *name, char *buf, size_t size)
{
	return s_lookup(self->st[ST_GET], name, buf, size);
}

int
hv_ledger_set(hv_ledger_t *self, const char *name, const char *value)
{
	return s_store(self->st[ST_SET], name, value);
}

int64_t
hv_ledger_get_int(hv_ledger_t *self, const char *name)
{
	char buf[32];
	return hv_ledger_get(self, name, buf, sizeof buf) == 1 ? strtoll(buf, NULL, 10) : 0;
}

int
hv_ledger_set_int(hv_ledger_t *self, const char *name, int64_t value)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%" PRId64, value);
	return hv_ledger_set(self, name, buf);
}

int
hv_ledger_code(hv_ledger_t *self, const char *id, char *buf, size_t size)
{
	return s_lookup(self->st[ST_CODE], id, buf, size);
}

int
hv_ledger_put_code(hv_ledger_t *self, const char *id, const char *code)
{
	return s_store(self->st[ST_PUT_CODE], id, code);
}
