/*
 * days.c -- the day rows of an office's windows (see days.h).
 */
#include "days.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "i18n.h"

#define DAY_MS 86400000LL

/* The first local midnight at or after T. */
static int64_t
s_next_midnight(int64_t t)
{
	if (hv_date_midnight_ms(t) == t)
		return t;
	int64_t m = hv_date_midnight_ms(t + DAY_MS);
	return m > t ? m : hv_date_midnight_ms(t + DAY_MS + DAY_MS / 2); /* a 25-hour day */
}

/* SQL hv_day(ms): the start of the local day of the time MS, in the zone
 * of this process (hv_date_midnight_ms), the last day remembered: the
 * office's checkpoint asks it for thousands of windows of the same day. */
static void
s_sql_day(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	static int64_t start = 1, end = 0; /* the last day found: [start, end) */
	int64_t t = sqlite3_value_int64(argv[0]);
	(void)argc;
	if (t < start || t >= end) {
		start = hv_date_midnight_ms(t);
		end = s_next_midnight(start + 1);
	}
	sqlite3_result_int64(ctx, start);
}

#define DAY_OF(x) "hv_day(" x ")"

/* "P.items_dom, P.items_imp, ..." (P: NEW, OLD, or "" for the bare names)
 * into BUF; with SIGN "-", each negated. */
static void
s_columns(char *buf, size_t size, const char *p, const char *sign)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < HV_NCOUNTERS && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s%s%s", i ? ", " : "", sign, p,
		    hv_counter_name(i));
}

/* "items_dom = items_dom + excluded.items_dom, ..." into BUF. */
static void
s_sums(char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < HV_NCOUNTERS && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s = %s + excluded.%s", i ? ", " : "",
		    hv_counter_name(i), hv_counter_name(i), hv_counter_name(i));
}

/* The trigger NAME: on WHEN (INSERT or DELETE) of a window row, its
 * counters (ROW: NEW or OLD, SIGN "" or "-") into its day's row. */
static int
s_trigger(sqlite3 *db, const char *name, const char *when, const char *row, const char *sign)
{
	char cols[1024], sums[2048], sql[4096], prefix[8];
	snprintf(prefix, sizeof prefix, "%s.", row);
	s_columns(cols, sizeof cols, prefix, sign);
	s_sums(sums, sizeof sums);
	snprintf(sql, sizeof sql,
	    "CREATE TEMP TRIGGER IF NOT EXISTS %s AFTER %s ON main.tally"
	    " WHEN %s.dim IN ('total', 'category', 'lane') BEGIN"
	    " INSERT INTO tally_day VALUES (%s.store, " DAY_OF("%s.win") ", %s.dim, %s.key, %s)"
	    " ON CONFLICT DO UPDATE SET %s; END",
	    name, when, row, row, row, row, row, cols, sums);
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* The day rows filled from every window held (the first time). */
static int
s_fill(sqlite3 *db)
{
	char sums[1024], sql[2048];
	size_t n = 0;
	for (int i = 0; i < HV_NCOUNTERS; i++)
		n += (size_t)snprintf(sums + n, sizeof sums - n, "%ssum(%s)", i ? ", " : "",
		    hv_counter_name(i));
	snprintf(sql, sizeof sql,
	    "DELETE FROM main.tally_day;"
	    "INSERT INTO main.tally_day SELECT store, " DAY_OF("win") " AS day, dim, key, %s"
	    " FROM main.tally WHERE dim IN ('total', 'category', 'lane') GROUP BY dim, day, store,"
	    " key",
	    sums);
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int
hv_days_keep(hv_journal_t *j)
{
	sqlite3 *db = hv_journal_handle(j);
	int64_t kept = 0;

	if (sqlite3_create_function(db, "hv_day", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
	        s_sql_day, NULL, NULL) != SQLITE_OK ||
	    s_trigger(db, "tally_day_in", "INSERT", "NEW", "") < 0 ||
	    s_trigger(db, "tally_day_out", "DELETE", "OLD", "-") < 0)
		return hv_journal_fail(j, N_("cannot keep the day rows"));
	if (hv_journal_meta_get(j, "day_rows", &kept) < 0)
		return -1;
	if (kept == 1)
		return 0;
	if (hv_journal_begin(j) < 0)
		return -1;
	if (s_fill(db) < 0) {
		hv_journal_fail(j, N_("cannot keep the day rows"));
		hv_journal_rollback(j);
		return -1;
	}
	if (hv_journal_meta_set(j, "day_rows", 1) < 0 || hv_journal_commit(j) < 0) {
		hv_journal_rollback(j);
		return -1;
	}
	return 0;
}

/* Whether J says its day rows are kept (read here, not through
 * hv_journal_meta_get: a journal opened read-only prepares no statements). */
static bool
s_kept(hv_journal_t *j)
{
	sqlite3_stmt *st;
	bool kept = false;
	if (sqlite3_prepare_v2(hv_journal_handle(j),
	        "SELECT value = 1 FROM meta WHERE key = 'day_rows'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		kept = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return kept;
}

/* Whether every day row in [A, B) starts at a local midnight of this
 * process's zone (the office that wrote them ran in the same zone). */
static bool
s_days_align(sqlite3 *db, int64_t a, int64_t b)
{
	sqlite3_stmt *st;
	bool ok = true;
	if (sqlite3_prepare_v2(db,
	        "SELECT DISTINCT day FROM tally_day WHERE dim = 'total' AND day >= ?1 AND day < ?2",
	        -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	while (ok && sqlite3_step(st) == SQLITE_ROW) {
		int64_t day = sqlite3_column_int64(st, 0);
		ok = hv_date_midnight_ms(day) == day;
	}
	sqlite3_finalize(st);
	return ok;
}

static int
s_day_rows(hv_journal_t *j, int64_t a, int64_t b, const char *dim,
    int (*fn)(const char *store, int64_t start, const char *key, const hv_counters_t *c, void *arg),
    void *arg)
{
	char cols[1024], sql[1400];

	s_columns(cols, sizeof cols, "", "");
	snprintf(sql, sizeof sql,
	    "SELECT store, day, key, %s FROM tally_day WHERE day >= ?1 AND day < ?2 AND dim = ?3"
	    " ORDER BY day",
	    cols);
	return hv_journal_rows_sql_each(j, sql, a, b, dim, fn, arg);
}

int
hv_days_rows_each(hv_journal_t *j, int64_t from, int64_t to, const char *dim,
    int (*fn)(const char *store, int64_t start, const char *key, const hv_counters_t *c, void *arg),
    void *arg)
{
	int64_t a = s_next_midnight(from), b = hv_date_midnight_ms(to);

	/* A journal that keeps none (a store's) has no such meta row. */
	if (!s_kept(j) || a >= b || !s_days_align(hv_journal_handle(j), a, b))
		return hv_journal_rows_each(j, from, to, dim, fn, arg);
	int rc = hv_journal_rows_each(j, from, a, dim, fn, arg);
	if (rc == 0)
		rc = s_day_rows(j, a, b, dim, fn, arg);
	if (rc == 0)
		rc = hv_journal_rows_each(j, b, to, dim, fn, arg);
	return rc;
}
