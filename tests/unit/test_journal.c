/*
 * test_journal.c -- journal.db: a database of the first schema migrated to
 * the current one with its windows intact and the product table filled as
 * the migration promises (net of voids and cancels, computed here from the
 * rows the test wrote); a newer schema refused; checkpoints that commit
 * whole or not at all; windows read back after they left memory; meta
 * values; retention.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "journal.h"
#include "tally.h"
#include "testutil.h"

#define SPAN   60000
#define T0     1790000040000LL /* a window start, a multiple of SPAN */
#define LATEST 7 /* the schema journal.c writes now */

static char s_path[600];

static int
s_setup(void **state)
{
	(void)state;
	snprintf(s_path, sizeof s_path, "%s/journal.db", hv_test_mkdtemp());
	return 0;
}

static int
s_teardown(void **state)
{
	(void)state;
	char dir[600];
	snprintf(dir, sizeof dir, "%s", s_path);
	*strrchr(dir, '/') = '\0';
	hv_test_rmdir(dir);
	return 0;
}

typedef struct {
	int n;
	int64_t starts[4], revs[4], items_dom[4], items_unk[4];
} seen_t;

/* The fixture of the tests that start from an empty journal.db. */
typedef struct {
	hv_journal_t *j;
	hv_tally_t *t;
	seen_t seen;
} fix_t;

static int
s_open(void **state)
{
	static fix_t fix;
	char err[512];
	s_setup(state);
	memset(&fix, 0, sizeof fix);
	fix.j = hv_journal_open(s_path, true, err, sizeof err);
	fix.t = hv_tally_new(SPAN);
	*state = &fix;
	return fix.j != NULL && fix.t != NULL ? 0 : -1;
}

static int
s_close(void **state)
{
	fix_t *f = *state;
	hv_tally_destroy(&f->t);
	hv_journal_destroy(&f->j);
	return s_teardown(state);
}

static void
s_exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
}

static int64_t
s_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The first schema, as the first release wrote it, with one store's two
 * windows and the events behind them: three scans of which line 2 is
 * voided, and a cancelled transaction of one scan. */
static void
s_write_version_1(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	s_exec(db, "CREATE TABLE event (id INTEGER PRIMARY KEY, store TEXT NOT NULL,"
	           " lane INTEGER NOT NULL, txn TEXT NOT NULL, line INTEGER NOT NULL,"
	           " op TEXT NOT NULL, t INTEGER NOT NULL, arrival INTEGER NOT NULL,"
	           " code TEXT NOT NULL DEFAULT '', qty INTEGER NOT NULL DEFAULT 0,"
	           " amount INTEGER NOT NULL DEFAULT 0, class TEXT NOT NULL DEFAULT '',"
	           " basis TEXT NOT NULL DEFAULT '', country TEXT NOT NULL DEFAULT '',"
	           " ocop INTEGER NOT NULL DEFAULT 0, local INTEGER NOT NULL DEFAULT 0,"
	           " vn_brand INTEGER NOT NULL DEFAULT 0, name TEXT NOT NULL DEFAULT '',"
	           " gtin TEXT NOT NULL DEFAULT '', category TEXT NOT NULL DEFAULT '');"
	           "CREATE UNIQUE INDEX event_key ON event (store, lane, txn, line, op);"
	           "CREATE INDEX event_t ON event (t);"
	           "CREATE TABLE txn (store TEXT NOT NULL, lane INTEGER NOT NULL,"
	           " txn TEXT NOT NULL, state TEXT NOT NULL, last INTEGER NOT NULL,"
	           " PRIMARY KEY (store, lane, txn)) WITHOUT ROWID;"
	           "CREATE TABLE tally (store TEXT NOT NULL, win INTEGER NOT NULL,"
	           " span INTEGER NOT NULL, rev INTEGER NOT NULL, dim TEXT NOT NULL,"
	           " key TEXT NOT NULL, items_dom INTEGER NOT NULL, items_imp INTEGER NOT NULL,"
	           " items_unk INTEGER NOT NULL, value_dom INTEGER NOT NULL,"
	           " value_imp INTEGER NOT NULL, value_unk INTEGER NOT NULL,"
	           " items_ocop INTEGER NOT NULL, value_ocop INTEGER NOT NULL,"
	           " items_local INTEGER NOT NULL, value_local INTEGER NOT NULL,"
	           " lines INTEGER NOT NULL, voids INTEGER NOT NULL, txns INTEGER NOT NULL,"
	           " PRIMARY KEY (store, win, dim, key)) WITHOUT ROWID;"
	           "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
	           "PRAGMA user_version = 1;");
	s_exec(db,
	    "INSERT INTO event (store, lane, txn, line, op, t, arrival, code, qty, amount, class,"
	    " basis, gtin, name, category) VALUES"
	    " ('s1', 1, 'A', 1, 'scan', 1790000041000, 0, '8936000100018', 2, 370000, 'domestic',"
	    "  'catalog', '08936000100018', 'tea', 'drinks'),"
	    " ('s1', 1, 'A', 2, 'scan', 1790000042000, 0, '8850006330012', 1, 64000, 'imported',"
	    "  'prefix', '08850006330012', '', ''),"
	    " ('s1', 1, 'A', 3, 'scan', 1790000043000, 0, '8936000100018', 1, 185000, 'domestic',"
	    "  'catalog', '08936000100018', 'tea', 'drinks'),"
	    " ('s1', 1, 'A', 2, 'void', 1790000044000, 0, '', 0, 0, '', '', '', '', ''),"
	    " ('s1', 2, 'B', 1, 'scan', 1790000045000, 0, '8936000100018', 5, 925000, 'domestic',"
	    "  'catalog', '08936000100018', 'tea', 'drinks'),"
	    " ('s1', 2, 'B', 0, 'cancel', 1790000046000, 0, '', 0, 0, '', '', '', '', '');");
	s_exec(db, "INSERT INTO tally VALUES"
	           " ('s1', 1790000040000, 60000, 7, 'total', '', 3, 1, 0, 555000, 64000, 0,"
	           "  0, 0, 0, 0, 3, 1, 1),"
	           " ('s1', 1790000100000, 60000, 2, 'total', '', 0, 0, 4, 0, 0, 40000,"
	           "  0, 0, 0, 0, 1, 0, 0);");
	sqlite3_close(db);
}


static int
s_collect(const hv_window_t *w, void *arg)
{
	seen_t *s = arg;
	if (s->n < 4) {
		s->starts[s->n] = w->start;
		s->revs[s->n] = w->rev;
		s->items_dom[s->n] = w->total.v[HV_C_ITEMS_DOM];
		s->items_unk[s->n] = w->total.v[HV_C_ITEMS_UNK];
	}
	s->n++;
	return 0;
}

static void
migrated_from_the_first_schema(void **state)
{
	(void)state;
	char err[512];
	seen_t seen = {0};

	s_write_version_1(s_path);
	hv_journal_t *j = hv_journal_open(s_path, false, err, sizeof err);
	assert_non_null(j);
	sqlite3 *db = hv_journal_handle(j);
	assert_int_equal(s_int(db, "PRAGMA user_version"), LATEST);
	/* The windows survive the table's rebuild. */
	assert_int_equal(hv_journal_windows_each(j, 0, INT64_MAX, s_collect, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.starts[0], T0);
	assert_int_equal(seen.revs[0], 7);
	assert_int_equal(seen.items_dom[0], 3);
	assert_int_equal(seen.starts[1], T0 + SPAN);
	assert_int_equal(seen.items_unk[1], 4);
	/* The product table: line 2 was voided and transaction B cancelled,
	 * so the tea of lines 1 and 3 is all that counts (2 + 1, 370000 +
	 * 185000), in the hour the scans fell in. */
	assert_int_equal(s_int(db, "SELECT count(*) FROM product"), 1);
	assert_int_equal(s_int(db, "SELECT qty FROM product WHERE item = '08936000100018'"), 3);
	assert_int_equal(
	    s_int(db, "SELECT amount FROM product WHERE item = '08936000100018'"), 555000);
	assert_int_equal(s_int(db, "SELECT hour FROM product"), 1790000041000LL / 3600000 * 3600000);
	/* The index the last migration drops is gone. */
	assert_int_equal(
	    s_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'event_t'"), 0);
	hv_journal_destroy(&j);
	/* Opening again migrates nothing more and keeps everything. */
	j = hv_journal_open(s_path, false, err, sizeof err);
	assert_non_null(j);
	memset(&seen, 0, sizeof seen);
	hv_journal_windows_each(j, 0, INT64_MAX, s_collect, &seen);
	assert_int_equal(seen.n, 2);
	hv_journal_destroy(&j);
}

static void
newer_schema_refused(void **state)
{
	(void)state;
	char err[512] = "";
	sqlite3 *db;

	assert_int_equal(sqlite3_open(s_path, &db), SQLITE_OK);
	s_exec(db, "PRAGMA user_version = 99;");
	sqlite3_close(db);
	assert_null(hv_journal_open(s_path, false, err, sizeof err));
	assert_non_null(strstr(err, "99"));
}

/* A window of store S at START with ITEMS domestic items and REV. */
static hv_window_t *
s_window(hv_tally_t *t, const char *s, int64_t start, int64_t items, int64_t rev)
{
	hv_window_t *w = hv_tally_get(t, s, start, true);
	assert_non_null(w);
	w->span = SPAN;
	w->rev = rev;
	w->total.v[HV_C_ITEMS_DOM] = items;
	w->total.v[HV_C_LINES] = items;
	w->dirty = true;
	w->published_rev = rev; /* as if the feed had sent it: only then may it leave memory */
	return w;
}

/* Save T's changed windows in one transaction. */
static void
s_save(hv_journal_t *j, hv_tally_t *t)
{
	assert_int_equal(hv_journal_begin(j), 0);
	assert_int_equal(hv_journal_save_changed(j, t), 0);
	assert_int_equal(hv_journal_commit(j), 0);
	hv_tally_mark_clean(t);
}

static void
checkpoint_is_whole_or_nothing(void **state)
{
	fix_t *f = *state;
	char err[512];
	int64_t seq = 0;

	s_window(f->t, "s1", T0, 5, 1);
	s_window(f->t, "s2", T0, 7, 3);
	assert_int_equal(hv_journal_begin(f->j), 0);
	assert_true(hv_journal_in_transaction(f->j));
	assert_int_equal(hv_journal_save_changed(f->j, f->t), 0);
	hv_journal_rollback(f->j);
	assert_false(hv_journal_in_transaction(f->j));
	hv_journal_windows_each(f->j, 0, INT64_MAX, s_collect, &f->seen);
	assert_int_equal(f->seen.n, 0); /* rolled back: nothing */

	assert_int_equal(hv_journal_meta_set(f->j, "seq_reserved", 100000), 0);
	s_save(f->j, f->t);
	hv_journal_destroy(&f->j);
	f->j = hv_journal_open(s_path, true, err, sizeof err);
	assert_int_equal(hv_journal_meta_get(f->j, "seq_reserved", &seq), 1);
	assert_int_equal(seq, 100000);
	hv_journal_windows_each(f->j, 0, INT64_MAX, s_collect, &f->seen);
	assert_int_equal(f->seen.n, 2);
	assert_int_equal(f->seen.items_dom[0] + f->seen.items_dom[1], 12);
	assert_int_equal(hv_journal_store_count(f->j), 2);
	assert_int_equal(hv_journal_newest_window(f->j), T0);
}

static void
windows_come_back_after_eviction(void **state)
{
	fix_t *f = *state;

	s_window(f->t, "s1", T0, 9, 4);
	s_window(f->t, "s1", T0 + 10 * SPAN, 1, 1);
	s_save(f->j, f->t);
	assert_int_equal(hv_tally_evict(f->t, T0 + SPAN), 1); /* the older one leaves memory */
	assert_null(hv_tally_get(f->t, "s1", T0, false));
	hv_window_t *w = hv_journal_window_hold(f->j, f->t, "s1", T0);
	assert_non_null(w);
	assert_int_equal(w->rev, 4);
	assert_int_equal(w->total.v[HV_C_ITEMS_DOM], 9);
	assert_false(w->dirty);
	/* A window never saved is held new and empty. */
	w = hv_journal_window_hold(f->j, f->t, "s9", T0);
	assert_non_null(w);
	assert_int_equal(w->rev, 0);
}

static void
retention_forgets_old_windows(void **state)
{
	fix_t *f = *state;

	for (int i = 0; i < 4; i++)
		s_window(f->t, "s1", T0 + i * SPAN, i + 1, 1);
	s_save(f->j, f->t);
	assert_true(hv_journal_forget(f->j, T0 + 2 * SPAN, 0) > 0);
	hv_journal_windows_each(f->j, 0, INT64_MAX, s_collect, &f->seen);
	assert_int_equal(f->seen.n, 2);
	assert_int_equal(f->seen.starts[0], T0 + 2 * SPAN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(migrated_from_the_first_schema, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(newer_schema_refused, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(checkpoint_is_whole_or_nothing, s_open, s_close),
	    cmocka_unit_test_setup_teardown(windows_come_back_after_eviction, s_open, s_close),
	    cmocka_unit_test_setup_teardown(retention_forgets_old_windows, s_open, s_close),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
