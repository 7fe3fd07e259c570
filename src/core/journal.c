/*
 * journal.c -- journal.db: schema, events, transactions, tally checkpoints.
 */
#include "journal.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"

/* Schema migrations: entry N takes user_version N to N+1. Append only. */
static const char *const s_migrations[] = {
    "CREATE TABLE event ("
    " id INTEGER PRIMARY KEY,"
    " store TEXT NOT NULL, lane INTEGER NOT NULL, txn TEXT NOT NULL,"
    " line INTEGER NOT NULL, op TEXT NOT NULL,"
    " t INTEGER NOT NULL, arrival INTEGER NOT NULL,"
    " code TEXT NOT NULL DEFAULT '', qty INTEGER NOT NULL DEFAULT 0,"
    " amount INTEGER NOT NULL DEFAULT 0,"
    " class TEXT NOT NULL DEFAULT '', basis TEXT NOT NULL DEFAULT '',"
    " country TEXT NOT NULL DEFAULT '', ocop INTEGER NOT NULL DEFAULT 0,"
    " local INTEGER NOT NULL DEFAULT 0, vn_brand INTEGER NOT NULL DEFAULT 0,"
    " name TEXT NOT NULL DEFAULT '', gtin TEXT NOT NULL DEFAULT '',"
    " category TEXT NOT NULL DEFAULT '');"
    "CREATE UNIQUE INDEX event_key ON event (store, lane, txn, line, op);"
    "CREATE INDEX event_t ON event (t);"
    "CREATE TABLE txn ("
    " store TEXT NOT NULL, lane INTEGER NOT NULL, txn TEXT NOT NULL,"
    " state TEXT NOT NULL, last INTEGER NOT NULL,"
    " PRIMARY KEY (store, lane, txn)) WITHOUT ROWID;"
    "CREATE INDEX txn_open ON txn (state, last);"
    "CREATE TABLE tally ("
    " store TEXT NOT NULL, win INTEGER NOT NULL, span INTEGER NOT NULL,"
    " rev INTEGER NOT NULL, dim TEXT NOT NULL, key TEXT NOT NULL,"
    " items_dom INTEGER NOT NULL, items_imp INTEGER NOT NULL, items_unk INTEGER NOT NULL,"
    " value_dom INTEGER NOT NULL, value_imp INTEGER NOT NULL, value_unk INTEGER NOT NULL,"
    " items_ocop INTEGER NOT NULL, value_ocop INTEGER NOT NULL,"
    " items_local INTEGER NOT NULL, value_local INTEGER NOT NULL,"
    " lines INTEGER NOT NULL, voids INTEGER NOT NULL, txns INTEGER NOT NULL,"
    " PRIMARY KEY (store, win, dim, key)) WITHOUT ROWID;"
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;",
    /* 1 -> 2: where each store is (a district node's state). */
    "CREATE TABLE place (store TEXT PRIMARY KEY NOT NULL, province TEXT NOT NULL,"
    " district TEXT NOT NULL) WITHOUT ROWID;",
    /* 2 -> 3: tally rows kept in (dim, win, store, key) order, so that a
     * report or a district reads one dimension of a stretch of time as one
     * sequential range (queries name the dimensions they want: a window
     * is its rows of the three); */
    "CREATE TABLE tally3 ("
    " store TEXT NOT NULL, win INTEGER NOT NULL, span INTEGER NOT NULL,"
    " rev INTEGER NOT NULL, dim TEXT NOT NULL, key TEXT NOT NULL,"
    " items_dom INTEGER NOT NULL, items_imp INTEGER NOT NULL, items_unk INTEGER NOT NULL,"
    " value_dom INTEGER NOT NULL, value_imp INTEGER NOT NULL, value_unk INTEGER NOT NULL,"
    " items_ocop INTEGER NOT NULL, value_ocop INTEGER NOT NULL,"
    " items_local INTEGER NOT NULL, value_local INTEGER NOT NULL,"
    " lines INTEGER NOT NULL, voids INTEGER NOT NULL, txns INTEGER NOT NULL,"
    " PRIMARY KEY (dim, win, store, key)) WITHOUT ROWID;"
    "INSERT INTO tally3 SELECT * FROM tally;"
    "DROP TABLE tally;"
    "ALTER TABLE tally3 RENAME TO tally;"
    /* What each product sold per hour, net of voids and cancels, kept in
     * step with the events (reports read it instead of the raw events;
     * it is kept as long as the windows). Filled from the events already
     * recorded. */
    "CREATE TABLE product ("
    " hour INTEGER NOT NULL, store TEXT NOT NULL, class TEXT NOT NULL, basis TEXT NOT NULL,"
    " item TEXT NOT NULL, category TEXT NOT NULL, name TEXT NOT NULL,"
    " qty INTEGER NOT NULL, amount INTEGER NOT NULL,"
    " PRIMARY KEY (hour, store, class, basis, item, category)) WITHOUT ROWID;"
    "INSERT INTO product SELECT s.t - s.t % 3600000, s.store, s.class, s.basis,"
    " CASE s.gtin WHEN '' THEN s.code ELSE s.gtin END, s.category, max(s.name),"
    " sum(s.qty), sum(s.amount) FROM event s WHERE s.op = 'scan'"
    " AND NOT EXISTS (SELECT 1 FROM event v WHERE v.store = s.store AND v.lane = s.lane"
    "  AND v.txn = s.txn AND v.line = s.line AND v.op = 'void')"
    " AND NOT EXISTS (SELECT 1 FROM event c WHERE c.store = s.store AND c.lane = s.lane"
    "  AND c.txn = s.txn AND c.line = 0 AND c.op = 'cancel')"
    " GROUP BY 1, 2, 3, 4, 5, 6;",
    /* Events are found by key, by id and by arrival, never by t: the index
     * only cost every scan a B-tree insert. */
    "DROP INDEX IF EXISTS event_t;",
    /* What each store is, as its place messages say (an office's state;
     * a store keeps its own row). */
    "ALTER TABLE place ADD COLUMN chain TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE place ADD COLUMN ownership TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE place ADD COLUMN channel TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE place ADD COLUMN name TEXT NOT NULL DEFAULT '';",
    /* Each (store, hour) of the product rollup: the revision it was last
     * published with (the feed's `products`, highest wins) and whether it
     * changed since (a store's own hours); an office keeps the revision it
     * holds. Hours from before go out with revision 0 when asked for. */
    "CREATE TABLE product_rev (store TEXT NOT NULL, hour INTEGER NOT NULL,"
    " rev INTEGER NOT NULL, dirty INTEGER NOT NULL, PRIMARY KEY (store, hour)) WITHOUT ROWID;"
    "INSERT INTO product_rev SELECT DISTINCT store, hour, 0, 0 FROM product;",
    /* An office's areas' own rollups (the feed's `products` with store
     * "*"): each area's hour, whole, rows summed over its stores with how
     * many of them sold the product, and the revision held. An office above
     * areas keeps these instead of every store's hours. */
    "CREATE TABLE region_product ("
    " hour INTEGER NOT NULL, province TEXT NOT NULL, district TEXT NOT NULL,"
    " class TEXT NOT NULL, basis TEXT NOT NULL, item TEXT NOT NULL, category TEXT NOT NULL,"
    " name TEXT NOT NULL, qty INTEGER NOT NULL, amount INTEGER NOT NULL,"
    " stores INTEGER NOT NULL,"
    " PRIMARY KEY (hour, province, district, class, basis, item, category)) WITHOUT ROWID;"
    "CREATE TABLE region_rev (province TEXT NOT NULL, district TEXT NOT NULL,"
    " hour INTEGER NOT NULL, rev INTEGER NOT NULL,"
    " PRIMARY KEY (province, district, hour)) WITHOUT ROWID;"
    /* An office's own region hours, kept summed as hours come and go: its
     * stores' hours and its areas' region hours, by product, with how many
     * stores sold each (what it publishes as store "*"). */
    "CREATE TABLE own_product ("
    " hour INTEGER NOT NULL, class TEXT NOT NULL, basis TEXT NOT NULL, item TEXT NOT NULL,"
    " category TEXT NOT NULL, name TEXT NOT NULL, qty INTEGER NOT NULL,"
    " amount INTEGER NOT NULL, stores INTEGER NOT NULL,"
    " PRIMARY KEY (hour, class, basis, item, category)) WITHOUT ROWID;"
    /* An office's day rows: each store's windows of a local day summed, by
     * dimension and key, kept by its connection's triggers (days.h). */
    "CREATE TABLE tally_day (store TEXT NOT NULL, day INTEGER NOT NULL, dim TEXT NOT NULL,"
    " key TEXT NOT NULL, items_dom INTEGER NOT NULL, items_imp INTEGER NOT NULL,"
    " items_unk INTEGER NOT NULL, value_dom INTEGER NOT NULL, value_imp INTEGER NOT NULL,"
    " value_unk INTEGER NOT NULL, items_ocop INTEGER NOT NULL, value_ocop INTEGER NOT NULL,"
    " items_local INTEGER NOT NULL, value_local INTEGER NOT NULL, lines INTEGER NOT NULL,"
    " voids INTEGER NOT NULL, txns INTEGER NOT NULL,"
    " PRIMARY KEY (dim, day, store, key)) WITHOUT ROWID;",
};
#define SCHEMA_VERSION ((int)(sizeof s_migrations / sizeof s_migrations[0]))

#define EVENT_COLUMNS                                                                              \
	"id, store, lane, txn, line, op, t, arrival, code, qty, amount, class, basis, "            \
	"country, ocop, local, vn_brand, name, gtin, category"
#define COUNTER_COLUMNS                                                                            \
	"items_dom, items_imp, items_unk, value_dom, value_imp, value_unk, "                       \
	"items_ocop, value_ocop, items_local, value_local, lines, voids, txns"

/* A window's rows, by dimension: naming them lets a query use the
 * table's (dim, win, store, key) order. */
#define DIMS "('total', 'category', 'lane')"

/* The prepared statements, by what they do. */
enum {
	ST_FIND,
	ST_INSERT,
	ST_TXN_STATE,
	ST_TXN_SET,
	ST_TXN_LINES,
	ST_AFTER,
	ST_META_GET,
	ST_META_SET,
	ST_WIN_DELETE,
	ST_WIN_INSERT,
	ST_WIN_LOAD,
	ST_PRODUCT_ADD,
	ST_PRODUCT_DIRTY,
	ST_COUNT
};

static const char *const s_sql[ST_COUNT] = {
    [ST_FIND] = "SELECT " EVENT_COLUMNS " FROM event"
                " WHERE store = ?1 AND lane = ?2 AND txn = ?3 AND line = ?4 AND op = ?5",
    [ST_INSERT] = "INSERT INTO event (store, lane, txn, line, op, t, arrival, code, qty, amount,"
                  " class, basis, country, ocop, local, vn_brand, name, gtin, category)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                  " ?16, ?17, ?18, ?19)",
    [ST_TXN_STATE] = "SELECT state FROM txn WHERE store = ?1 AND lane = ?2 AND txn = ?3",
    [ST_TXN_SET] = "INSERT OR REPLACE INTO txn (store, lane, txn, state, last)"
                   " VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_TXN_LINES] = "SELECT " EVENT_COLUMNS " FROM event s"
                     " WHERE s.store = ?1 AND s.lane = ?2 AND s.txn = ?3 AND s.op = 'scan'"
                     " AND (?4 = 0 OR s.id < ?4)"
                     " AND NOT EXISTS (SELECT 1 FROM event v WHERE v.store = s.store"
                     "  AND v.lane = s.lane AND v.txn = s.txn AND v.line = s.line"
                     "  AND v.op = 'void' AND (?4 = 0 OR v.id < ?4))"
                     " ORDER BY s.line",
    [ST_AFTER] = "SELECT " EVENT_COLUMNS " FROM event WHERE id > ?1 ORDER BY id",
    [ST_META_GET] = "SELECT value FROM meta WHERE key = ?1",
    [ST_META_SET] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
    [ST_WIN_DELETE] = "DELETE FROM tally WHERE dim IN " DIMS " AND win = ?2 AND store = ?1",
    [ST_WIN_INSERT] = "INSERT INTO tally (store, win, span, rev, dim, key, " COUNTER_COLUMNS ")"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                      " ?15, ?16, ?17, ?18, ?19)",
    [ST_WIN_LOAD] = "SELECT span, rev, dim, key, " COUNTER_COLUMNS " FROM tally"
                    " WHERE dim IN " DIMS " AND win = ?2 AND store = ?1",
    [ST_PRODUCT_ADD] = "INSERT INTO product VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                       " ON CONFLICT DO UPDATE SET qty = qty + excluded.qty,"
                       " amount = amount + excluded.amount,"
                       " name = CASE excluded.name WHEN '' THEN name ELSE excluded.name END",
    [ST_PRODUCT_DIRTY] = "INSERT INTO product_rev VALUES (?1, ?2, 0, 1)"
                         " ON CONFLICT DO UPDATE SET dirty = 1",
};

static const char *const s_states[] = {"open", "ended", "cancelled", "idle"};

struct hv_journal {
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	hv_pending_t *pending; /* txn and product rows held until commit */
	/* The (store, hour) last marked changed in this transaction: the next
	 * row of the same hour needs no mark. */
	char dirty_store[HV_STORE_MAX + 1];
	int64_t dirty_hour;
	int last_rc;           /* the last SQLite result code of a failure */
	char error[256];       /* the last error, for a person */
};

/* Record the failure: WHAT (an N_() message, translated only now, since
 * the hot paths name theirs on every call) and SQLite's words. */
static int
s_fail(hv_journal_t *self, const char *what)
{
	self->last_rc = sqlite3_extended_errcode(self->db);
	snprintf(self->error, sizeof self->error, "%s: %s", _(what), sqlite3_errmsg(self->db));
	return -1;
}

int
hv_journal_fail(hv_journal_t *self, const char *what)
{
	return s_fail(self, what);
}

const char *
hv_journal_error(hv_journal_t *self)
{
	return self->error;
}

bool
hv_journal_unwritable(hv_journal_t *self)
{
	int rc = self->last_rc & 0xff;
	return rc == SQLITE_FULL || rc == SQLITE_READONLY || rc == SQLITE_IOERR ||
	       rc == SQLITE_CANTOPEN || rc == SQLITE_BUSY || rc == SQLITE_PERM;
}

/* A journal handle on PATH opened with FLAGS, or NULL with ERR said. */
static hv_journal_t *
s_open(const char *path, int flags, char *err, size_t errlen)
{
	hv_journal_t *self = calloc(1, sizeof *self);
	if (self != NULL)
		self->dirty_hour = -1;

	if (self == NULL || (self->pending = hv_pending_new()) == NULL) {
		free(self);
		snprintf(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	if (sqlite3_open_v2(path, &self->db, flags, NULL) != SQLITE_OK) {
		s_fail(self, N_("cannot open the journal"));
		snprintf(err, errlen, "%s: %s", path, self->error);
		hv_journal_destroy(&self);
		return NULL;
	}
	sqlite3_busy_timeout(self->db, 2000);
	return self;
}

/* Give up on SELF: its error, after PATH, into ERR. Returns NULL. */
static hv_journal_t *
s_open_failed(hv_journal_t *self, const char *path, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", path, self->error);
	hv_journal_destroy(&self);
	return NULL;
}

hv_journal_t *
hv_journal_open(const char *path, bool full, char *err, size_t errlen)
{
	hv_journal_t *self = s_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err, errlen);

	if (self == NULL)
		return NULL;
	if (sqlite3_exec(self->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(self->db, full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL",
	        NULL, NULL, NULL) != SQLITE_OK) {
		s_fail(self, N_("cannot set up the journal"));
		return s_open_failed(self, path, err, errlen);
	}
	if (hv_db_migrate(self->db, "journal.db", s_migrations, SCHEMA_VERSION, self->error,
	        sizeof self->error) < 0)
		return s_open_failed(self, path, err, errlen);
	for (int i = 0; i < ST_COUNT; i++)
		if (sqlite3_prepare_v3(self->db, s_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
		        &self->st[i], NULL) != SQLITE_OK) {
			s_fail(self, "preparing statements");
			return s_open_failed(self, path, err, errlen);
		}
	return self;
}

hv_journal_t *
hv_journal_open_readonly(const char *path, char *err, size_t errlen)
{
	hv_journal_t *self = s_open(path, SQLITE_OPEN_READONLY, err, errlen);

	if (self == NULL)
		return NULL;
	int version = hv_db_version(self->db);
	if (version < 1 || version > SCHEMA_VERSION) {
		snprintf(self->error, sizeof self->error, "%s",
		    version < 1 ? N_("not a hangviet journal")
		                : N_("written by a newer hangviet: upgrade this one"));
		return s_open_failed(self, path, err, errlen);
	}
	return self;
}

sqlite3 *
hv_journal_handle(hv_journal_t *self)
{
	return self->db;
}

void
hv_journal_destroy(hv_journal_t **self_p)
{
	hv_journal_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(self->st[i]);
	sqlite3_close(self->db);
	hv_pending_destroy(&self->pending);
	free(self);
	*self_p = NULL;
}

void
hv_journal_checkpoint_elsewhere(hv_journal_t *self)
{
	sqlite3_wal_autocheckpoint(self->db, 10000);
	/* After it starts over, the log file is cut back to 16 MB. */
	sqlite3_exec(self->db, "PRAGMA journal_size_limit = 16777216", NULL, NULL, NULL);
}

int
hv_journal_begin(hv_journal_t *self)
{
	return sqlite3_exec(self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK
	           ? 0
	           : s_fail(self, N_("cannot start writing the journal"));
}

bool
hv_journal_in_transaction(hv_journal_t *self)
{
	return sqlite3_get_autocommit(self->db) == 0;
}

static int s_txn_write(const hv_pending_txn_t *t, void *arg);
static int s_product_write(const hv_pending_product_t *p, void *arg);

int
hv_journal_commit(hv_journal_t *self)
{
	int rc = hv_pending_each(self->pending, s_txn_write, s_product_write, self);
	hv_pending_clear(self->pending); /* written, or dropped with the rollback to come */
	self->dirty_hour = -1;
	if (rc != 0)
		return -1;
	return sqlite3_exec(self->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK
	           ? 0
	           : s_fail(self, N_("cannot write the journal"));
}

void
hv_journal_rollback(hv_journal_t *self)
{
	hv_pending_clear(self->pending);
	self->dirty_hour = -1;
	if (!sqlite3_get_autocommit(self->db))
		sqlite3_exec(self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Whether rows are held until commit: only inside a write transaction
 * (outside one, each write is its own). */
static bool
s_holding(hv_journal_t *self)
{
	return !sqlite3_get_autocommit(self->db);
}

/* Run statement ST (bound by the caller) to completion; reset it. */
static int
s_done(hv_journal_t *self, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : s_fail(self, what);
}

static hv_op_t
s_op(const char *name)
{
	for (hv_op_t op = HV_OP_SCAN; op <= HV_OP_CANCEL; op++)
		if (strcmp(name, hv_op_name(op)) == 0)
			return op;
	return HV_OP_SCAN;
}

/* Fill *E from the current row of ST (columns EVENT_COLUMNS). */
static void
s_row_event(sqlite3_stmt *st, hv_event_t *e)
{
	char word[16];

	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	hv_db_text(st, 1, e->store, sizeof e->store);
	e->lane = sqlite3_column_int(st, 2);
	hv_db_text(st, 3, e->txn, sizeof e->txn);
	e->line = sqlite3_column_int64(st, 4);
	hv_db_text(st, 5, word, sizeof word);
	e->op = s_op(word);
	e->t = sqlite3_column_int64(st, 6);
	e->arrival = sqlite3_column_int64(st, 7);
	hv_db_text(st, 8, e->code, sizeof e->code);
	e->qty = sqlite3_column_int64(st, 9);
	e->amount = sqlite3_column_int64(st, 10);
	hv_db_text(st, 11, word, sizeof word);
	e->tag.cls = strcmp(word, "domestic") == 0   ? HV_CLASS_DOMESTIC
	             : strcmp(word, "imported") == 0 ? HV_CLASS_IMPORTED
	                                             : HV_CLASS_UNKNOWN;
	hv_db_text(st, 12, word, sizeof word);
	e->tag.basis = strcmp(word, "catalog") == 0  ? HV_BASIS_CATALOG
	               : strcmp(word, "store") == 0  ? HV_BASIS_STORE
	               : strcmp(word, "prefix") == 0 ? HV_BASIS_PREFIX
	                                             : HV_BASIS_NONE;
	hv_db_text(st, 13, e->tag.country, sizeof e->tag.country);
	e->tag.ocop = sqlite3_column_int(st, 14);
	e->tag.local = sqlite3_column_int(st, 15) != 0;
	e->tag.vn_brand = sqlite3_column_int(st, 16) != 0;
	hv_db_text(st, 17, e->tag.name, sizeof e->tag.name);
	hv_db_text(st, 18, e->tag.gtin, sizeof e->tag.gtin);
	hv_db_text(st, 19, e->tag.category, sizeof e->tag.category);
}

static void
s_bind_key(sqlite3_stmt *st, const char *store, int lane, const char *txn)
{
	sqlite3_bind_text(st, 1, store, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, lane);
	sqlite3_bind_text(st, 3, txn, -1, SQLITE_STATIC);
}

int
hv_journal_find(hv_journal_t *self, const hv_event_t *e, hv_event_t *out)
{
	sqlite3_stmt *st = self->st[ST_FIND];
	int rc;

	s_bind_key(st, e->store, e->lane, e->txn);
	sqlite3_bind_int64(st, 4, e->line);
	sqlite3_bind_text(st, 5, hv_op_name(e->op), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		s_row_event(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : s_fail(self, "reading the journal");
}

int
hv_journal_insert(hv_journal_t *self, hv_event_t *e)
{
	sqlite3_stmt *st = self->st[ST_INSERT];
	bool scan = e->op == HV_OP_SCAN;

	s_bind_key(st, e->store, e->lane, e->txn);
	sqlite3_bind_int64(st, 4, e->line);
	sqlite3_bind_text(st, 5, hv_op_name(e->op), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, e->t);
	sqlite3_bind_int64(st, 7, e->arrival);
	sqlite3_bind_text(st, 8, e->code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, e->qty);
	sqlite3_bind_int64(st, 10, e->amount);
	sqlite3_bind_text(st, 11, scan ? hv_class_name(e->tag.cls) : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, scan ? hv_basis_name(e->tag.basis) : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, e->tag.country, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 14, e->tag.ocop);
	sqlite3_bind_int(st, 15, e->tag.local);
	sqlite3_bind_int(st, 16, e->tag.vn_brand);
	sqlite3_bind_text(st, 17, e->tag.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 18, e->tag.gtin, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 19, e->tag.category, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT &&
	    sqlite3_extended_errcode(self->db) == SQLITE_CONSTRAINT_UNIQUE)
		return 1; /* only this statement is undone: the batch goes on */
	if (rc != SQLITE_DONE)
		return s_fail(self, N_("cannot write the journal"));
	e->id = sqlite3_last_insert_rowid(self->db);
	return 0;
}

/* Add P's sums to its row of the product table. */
static int
s_product_write(const hv_pending_product_t *p, void *arg)
{
	hv_journal_t *self = arg;
	sqlite3_stmt *st = self->st[ST_PRODUCT_ADD];

	sqlite3_bind_int64(st, 1, p->hour);
	sqlite3_bind_text(st, 2, p->store, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->cls, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, p->basis, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, p->item, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, p->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, p->qty);
	sqlite3_bind_int64(st, 9, p->amount);
	if (s_done(self, st, N_("cannot write the journal")) < 0)
		return -1;
	if (s_holding(self) && p->hour == self->dirty_hour && strcmp(p->store, self->dirty_store) == 0)
		return 0;
	st = self->st[ST_PRODUCT_DIRTY]; /* the hour is to be published again */
	sqlite3_bind_text(st, 1, p->store, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, p->hour);
	if (s_done(self, st, N_("cannot write the journal")) < 0)
		return -1;
	self->dirty_hour = p->hour;
	memcpy(self->dirty_store, p->store, sizeof self->dirty_store);
	return 0;
}

int
hv_journal_product_add(hv_journal_t *self, const hv_event_t *s, int sign)
{
	hv_pending_product_t p = {
	    .hour = s->t - s->t % HV_PRODUCT_HOUR_MS,
	    .cls = hv_class_name(s->tag.cls),
	    .basis = hv_basis_name(s->tag.basis),
	    .qty = sign * s->qty,
	    .amount = sign * s->amount,
	};
	memcpy(p.store, s->store, sizeof p.store);
	snprintf(p.item, sizeof p.item, "%s", s->tag.gtin[0] ? s->tag.gtin : s->code);
	memcpy(p.category, s->tag.category, sizeof p.category);
	memcpy(p.name, s->tag.name, sizeof p.name);
	if (s_holding(self)) {
		if (hv_pending_product_add(self->pending, &p) == 0)
			return 0;
		snprintf(self->error, sizeof self->error, "%s", _("out of memory"));
		return -1;
	}
	return s_product_write(&p, self);
}

int
hv_journal_txn_state(
    hv_journal_t *self, const char *store, int lane, const char *txn, hv_txn_state_t *state)
{
	sqlite3_stmt *st = self->st[ST_TXN_STATE];
	char word[16] = "";
	int rc;

	const hv_pending_txn_t *held = hv_pending_txn_get(self->pending, store, lane, txn);
	if (held != NULL) {
		*state = held->state;
		return 1;
	}
	s_bind_key(st, store, lane, txn);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		hv_db_text(st, 0, word, sizeof word);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return s_fail(self, "reading the journal");
	*state = HV_TXN_OPEN;
	for (int s = 0; s < 4; s++)
		if (strcmp(word, s_states[s]) == 0)
			*state = (hv_txn_state_t)s;
	return 1;
}

/* Write T as its transaction's row of the txn table. */
static int
s_txn_write(const hv_pending_txn_t *t, void *arg)
{
	hv_journal_t *self = arg;
	sqlite3_stmt *st = self->st[ST_TXN_SET];

	s_bind_key(st, t->store, t->lane, t->txn);
	sqlite3_bind_text(st, 4, s_states[t->state], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, t->last);
	return s_done(self, st, N_("cannot write the journal"));
}

int
hv_journal_txn_set(hv_journal_t *self, const char *store, int lane, const char *txn,
    hv_txn_state_t state, int64_t last)
{
	hv_pending_txn_t t = {.lane = lane, .state = state, .last = last};

	snprintf(t.store, sizeof t.store, "%s", store);
	snprintf(t.txn, sizeof t.txn, "%s", txn);
	if (s_holding(self)) {
		if (hv_pending_txn_set(self->pending, &t) == 0)
			return 0;
		snprintf(self->error, sizeof self->error, "%s", _("out of memory"));
		return -1;
	}
	return s_txn_write(&t, self);
}

/* Step ST, calling FN for each event row. */
static int
s_each_event(
    hv_journal_t *self, sqlite3_stmt *st, int (*fn)(const hv_event_t *e, void *arg), void *arg)
{
	hv_event_t e;
	int rc, stop = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s_row_event(st, &e);
		if ((stop = fn(&e, arg)) != 0)
			break;
	}
	if (stop == 0 && rc != SQLITE_DONE)
		stop = s_fail(self, "reading the journal");
	sqlite3_reset(st);
	return stop;
}

int
hv_journal_txn_lines(hv_journal_t *self, const char *store, int lane, const char *txn,
    int64_t before_id, int (*fn)(const hv_event_t *e, void *arg), void *arg)
{
	sqlite3_stmt *st = self->st[ST_TXN_LINES];

	s_bind_key(st, store, lane, txn);
	sqlite3_bind_int64(st, 4, before_id);
	return s_each_event(self, st, fn, arg);
}

int
hv_journal_events_after(
    hv_journal_t *self, int64_t after, int (*fn)(const hv_event_t *e, void *arg), void *arg)
{
	sqlite3_stmt *st = self->st[ST_AFTER];

	sqlite3_bind_int64(st, 1, after);
	return s_each_event(self, st, fn, arg);
}

int
hv_journal_close_idle(hv_journal_t *self, int64_t before)
{
	sqlite3_stmt *st;
	int n;

	if (sqlite3_prepare_v2(self->db,
	        "UPDATE txn SET state = 'idle' WHERE state = 'open' AND last < ?1", -1, &st,
	        NULL) != SQLITE_OK)
		return s_fail(self, "closing idle transactions");
	sqlite3_bind_int64(st, 1, before);
	n = s_done(self, st, "closing idle transactions") < 0 ? -1 : sqlite3_changes(self->db);
	sqlite3_finalize(st);
	return n;
}

int
hv_journal_meta_get(hv_journal_t *self, const char *key, int64_t *value)
{
	sqlite3_stmt *st = self->st[ST_META_GET];
	int rc;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : s_fail(self, "reading the journal");
}

int
hv_journal_meta_set(hv_journal_t *self, const char *key, int64_t value)
{
	sqlite3_stmt *st = self->st[ST_META_SET];

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, value);
	return s_done(self, st, N_("cannot write the journal"));
}

/* Insert one row of window W: DIM/KEY with counters C. */
static int
s_window_row(hv_journal_t *self, const hv_window_t *w, const char *dim, const char *key,
    const hv_counters_t *c)
{
	sqlite3_stmt *st = self->st[ST_WIN_INSERT];

	sqlite3_bind_text(st, 1, w->store, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, w->start);
	sqlite3_bind_int64(st, 3, w->span);
	sqlite3_bind_int64(st, 4, w->rev);
	sqlite3_bind_text(st, 5, dim, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, key, -1, SQLITE_STATIC);
	for (int i = 0; i < HV_NCOUNTERS; i++)
		sqlite3_bind_int64(st, 7 + i, c->v[i]);
	return s_done(self, st, N_("cannot write the journal"));
}

int
hv_journal_window_save(hv_journal_t *self, const hv_window_t *w)
{
	sqlite3_stmt *del = self->st[ST_WIN_DELETE];

	sqlite3_bind_text(del, 1, w->store, -1, SQLITE_STATIC);
	sqlite3_bind_int64(del, 2, w->start);
	if (s_done(self, del, N_("cannot write the journal")) < 0 ||
	    s_window_row(self, w, "total", "", &w->total) < 0)
		return -1;
	for (size_t i = 0; i < w->ncats; i++)
		if (s_window_row(self, w, "category", w->cats[i].key, &w->cats[i].c) < 0)
			return -1;
	for (size_t i = 0; i < w->nlanes; i++)
		if (s_window_row(self, w, "lane", w->lanes[i].key, &w->lanes[i].c) < 0)
			return -1;
	return 0;
}

int
hv_journal_window_load(hv_journal_t *self, const char *store, int64_t start, hv_window_t *w)
{
	sqlite3_stmt *st = self->st[ST_WIN_LOAD];
	char dim[16], key[HV_PART_KEY_MAX + 1];
	int rc, found = 0;

	memset(w, 0, sizeof *w);
	snprintf(w->store, sizeof w->store, "%s", store);
	w->start = start;
	sqlite3_bind_text(st, 1, store, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, start);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		hv_counters_t *c;
		found = 1;
		w->span = sqlite3_column_int64(st, 0);
		w->rev = sqlite3_column_int64(st, 1);
		hv_db_text(st, 2, dim, sizeof dim);
		hv_db_text(st, 3, key, sizeof key);
		c = strcmp(dim, "total") == 0
		        ? &w->total
		        : hv_window_part(w, strcmp(dim, "category") == 0, key);
		if (c == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		for (int i = 0; i < HV_NCOUNTERS; i++)
			c->v[i] = sqlite3_column_int64(st, 4 + i);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return s_fail(self, "reading tallies");
	return found;
}

int
hv_journal_tallies_drop(hv_journal_t *self)
{
	return sqlite3_exec(self->db, "DELETE FROM tally", NULL, NULL, NULL) == SQLITE_OK
	           ? 0
	           : s_fail(self, N_("cannot write the journal"));
}

int
hv_journal_windows_each(hv_journal_t *self, int64_t since, int64_t until,
    int (*fn)(const hv_window_t *w, void *arg), void *arg)
{
	sqlite3_stmt *st;
	hv_window_t w = {0};
	char store[HV_STORE_MAX + 1], dim[16], key[HV_PART_KEY_MAX + 1];
	int rc, stop = 0;

	if (sqlite3_prepare_v2(self->db,
	        "SELECT store, win, span, rev, dim, key, " COUNTER_COLUMNS " FROM tally"
	        " WHERE dim IN " DIMS " AND win >= ?1 AND win < ?2"
	        " ORDER BY win, store",
	        -1, &st, NULL) != SQLITE_OK)
		return s_fail(self, "reading tallies");
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		hv_db_text(st, 0, store, sizeof store);
		int64_t win = sqlite3_column_int64(st, 1);
		if (w.store[0] != '\0' && (w.start != win || strcmp(w.store, store) != 0)) {
			stop = fn(&w, arg); /* the rows of the previous window are all read */
			hv_window_clear(&w);
			if (stop != 0)
				break;
		}
		if (w.store[0] == '\0') {
			snprintf(w.store, sizeof w.store, "%s", store);
			w.start = win;
			w.span = sqlite3_column_int64(st, 2);
			w.rev = sqlite3_column_int64(st, 3);
		}
		hv_db_text(st, 4, dim, sizeof dim);
		hv_db_text(st, 5, key, sizeof key);
		hv_counters_t *c = strcmp(dim, "total") == 0
		                       ? &w.total
		                       : hv_window_part(&w, strcmp(dim, "category") == 0, key);
		if (c == NULL) {
			stop = -1;
			break;
		}
		for (int i = 0; i < HV_NCOUNTERS; i++)
			c->v[i] = sqlite3_column_int64(st, 6 + i);
	}
	if (stop == 0 && rc == SQLITE_DONE && w.store[0] != '\0')
		stop = fn(&w, arg);
	else if (stop == 0 && rc != SQLITE_DONE)
		stop = s_fail(self, "reading tallies");
	hv_window_clear(&w);
	sqlite3_finalize(st);
	return stop;
}

int
hv_journal_rows_each(hv_journal_t *self, int64_t since, int64_t until, const char *dim,
    int (*fn)(const char *store, int64_t start, const char *key, const hv_counters_t *c, void *arg),
    void *arg)
{
	return hv_journal_rows_sql_each(self,
	    "SELECT store, win, key, " COUNTER_COLUMNS " FROM tally"
	    " WHERE win >= ?1 AND win < ?2 AND dim = ?3 ORDER BY win",
	    since, until, dim, fn, arg);
}

int
hv_journal_rows_sql_each(hv_journal_t *self, const char *sql, int64_t since, int64_t until,
    const char *dim,
    int (*fn)(const char *store, int64_t start, const char *key, const hv_counters_t *c, void *arg),
    void *arg)
{
	sqlite3_stmt *st;
	char store[HV_STORE_MAX + 1], key[HV_PART_KEY_MAX + 1];
	hv_counters_t c;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(self->db, sql, -1, &st, NULL) != SQLITE_OK)
		return s_fail(self, "reading tallies");
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	sqlite3_bind_text(st, 3, dim, -1, SQLITE_STATIC);
	while (stop == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		hv_db_text(st, 0, store, sizeof store);
		hv_db_text(st, 2, key, sizeof key);
		for (int i = 0; i < HV_NCOUNTERS; i++)
			c.v[i] = sqlite3_column_int64(st, 3 + i);
		stop = fn(store, sqlite3_column_int64(st, 1), key, &c, arg);
	}
	if (stop == 0 && rc != SQLITE_DONE)
		stop = s_fail(self, "reading tallies");
	sqlite3_finalize(st);
	return stop;
}

int
hv_journal_store_count(hv_journal_t *self)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(self->db,
	        "SELECT count(DISTINCT store) FROM tally WHERE dim = 'total'", -1, &st,
	        NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

int64_t
hv_journal_events_since(hv_journal_t *self, const char *store, int64_t since)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(self->db,
	        "SELECT coalesce(sum(lines + voids), 0) FROM tally"
	        " WHERE store = ?1 AND dim = 'total' AND win >= ?2",
	        -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, store, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, since);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return n;
}

/* Size of file PATH, 0 when there is none. */
static int64_t
s_file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (int64_t)sb.st_size : 0;
}

int64_t
hv_journal_size(hv_journal_t *self)
{
	const char *path = sqlite3_db_filename(self->db, "main");
	char wal[4200];

	if (path == NULL || path[0] == '\0')
		return 0;
	snprintf(wal, sizeof wal, "%s-wal", path);
	return s_file_size(path) + s_file_size(wal);
}

int
hv_journal_place_set(hv_journal_t *self, const hv_place_t *p)
{
	const char *const cols[] = {p->store, p->province, p->district, p->chain, p->ownership,
	    p->channel, p->name};
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(self->db,
	        "INSERT OR REPLACE INTO place (store, province, district, chain, ownership, "
	        "channel, name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	        -1, &st, NULL) != SQLITE_OK)
		return s_fail(self, N_("cannot write the journal"));
	for (int i = 0; i < 7; i++)
		sqlite3_bind_text(st, i + 1, cols[i], -1, SQLITE_STATIC);
	rc = s_done(self, st, N_("cannot write the journal"));
	sqlite3_finalize(st);
	return rc;
}

int
hv_journal_places_each(hv_journal_t *self, int (*fn)(const hv_place_t *p, void *arg), void *arg)
{
	sqlite3_stmt *st;
	hv_place_t p;
	int rc, stop = 0, version = hv_db_version(self->db);

	/* A journal read as it is (a report) may be older: no places before
	 * schema 2, no store attributes before 5. */
	if (version < 2)
		return 0;
	if (sqlite3_prepare_v2(self->db,
	        version < 5 ? "SELECT store, province, district, '', '', '', '' FROM place"
	                    : "SELECT store, province, district, chain, ownership, channel, name "
	                      "FROM place",
	        -1, &st, NULL) != SQLITE_OK)
		return s_fail(self, "reading places");
	while (stop == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		hv_db_text(st, 0, p.store, sizeof p.store);
		hv_db_text(st, 1, p.province, sizeof p.province);
		hv_db_text(st, 2, p.district, sizeof p.district);
		hv_db_text(st, 3, p.chain, sizeof p.chain);
		hv_db_text(st, 4, p.ownership, sizeof p.ownership);
		hv_db_text(st, 5, p.channel, sizeof p.channel);
		hv_db_text(st, 6, p.name, sizeof p.name);
		stop = fn(&p, arg);
	}
	sqlite3_finalize(st);
	return stop;
}

int64_t
hv_journal_newest_window(hv_journal_t *self)
{
	sqlite3_stmt *st;
	int64_t w = -1;

	if (sqlite3_prepare_v2(self->db, "SELECT max(win) FROM tally WHERE dim = 'total'", -1, &st,
	        NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		w = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return w;
}

long
hv_journal_forget(hv_journal_t *self, int64_t windows_before, int64_t events_before)
{
	static const char *const sql[] = {
	    "DELETE FROM tally WHERE dim IN " DIMS " AND win < ?1",
	    "DELETE FROM tally_day WHERE day + 86400000 <= ?1", /* days whose windows are gone */
	    "DELETE FROM product WHERE hour < ?1",
	    "DELETE FROM product_rev WHERE hour < ?1",
	    "DELETE FROM region_product WHERE hour < ?1",
	    "DELETE FROM region_rev WHERE hour < ?1",
	    "DELETE FROM own_product WHERE hour < ?1",
	    "DELETE FROM event WHERE arrival < ?2",
	    "DELETE FROM txn WHERE state != 'open' AND last < ?2",
	};
	long gone = 0;

	if (hv_journal_begin(self) < 0)
		return -1;
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(self->db, sql[i], -1, &st, NULL) != SQLITE_OK) {
			s_fail(self, "forgetting old rows");
			hv_journal_rollback(self);
			return -1;
		}
		sqlite3_bind_int64(st, 1, windows_before);
		sqlite3_bind_int64(st, 2, events_before);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			s_fail(self, "forgetting old rows");
			hv_journal_rollback(self);
			return -1;
		}
		gone += sqlite3_changes(self->db);
	}
	return hv_journal_commit(self) < 0 ? -1 : gone;
}

static int
s_save_if_dirty(hv_window_t *w, void *arg)
{
	return w->dirty ? hv_journal_window_save(arg, w) : 0;
}

int
hv_journal_save_changed(hv_journal_t *self, hv_tally_t *t)
{
	return hv_tally_each(t, s_save_if_dirty, self) != 0 ? -1 : 0;
}

hv_window_t *
hv_journal_window_hold(hv_journal_t *self, hv_tally_t *t, const char *store, int64_t start)
{
	hv_window_t *w = hv_tally_get(t, store, start, false), saved;

	if (w != NULL)
		return w;
	int rc = hv_journal_window_load(self, store, start, &saved);
	w = rc < 0 ? NULL : hv_tally_get(t, store, start, true);
	if (w != NULL && rc == 1) {
		/* The parts move into the held window; the rest is copied. */
		w->span = saved.span;
		w->rev = saved.rev;
		w->total = saved.total;
		w->cats = saved.cats;
		w->ncats = saved.ncats;
		w->lanes = saved.lanes;
		w->nlanes = saved.nlanes;
	} else {
		hv_window_clear(&saved);
	}
	return w;
}
