/*
 * rollup.c -- a store's hours of the product rollup, taken from and kept in
 * a journal's product and product_rev tables (see rollup.h).
 */
#include "rollup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"

void
hv_rollup_clear(hv_rollup_t *r)
{
	free(r->rows);
	r->rows = NULL;
	r->n = r->cap = 0;
}

int
hv_rollup_add(hv_rollup_t *r, const hv_rollup_row_t *row)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		hv_rollup_row_t *rows = realloc(r->rows, cap * sizeof *rows);
		if (rows == NULL)
			return -1;
		r->rows = rows;
		r->cap = cap;
	}
	r->rows[r->n++] = *row;
	return 0;
}

/* Run SQL (binding SINCE and UNTIL as ?1 and ?2 when it has them) and call
 * FN with each row's store and hour. */
static int
s_hours(hv_journal_t *j, const char *sql, int64_t since, int64_t until, const char *only,
    int (*fn)(const char *store, int64_t hour, void *arg), void *arg)
{
	sqlite3_stmt *st;
	char store[HV_STORE_MAX + 1];
	int rc, stop = 0;

	if (sqlite3_prepare_v2(hv_journal_handle(j), sql, -1, &st, NULL) != SQLITE_OK)
		return hv_journal_fail(j, N_("cannot read the product rollup"));
	if (sqlite3_bind_parameter_count(st) == 3) {
		sqlite3_bind_int64(st, 1, since);
		sqlite3_bind_int64(st, 2, until);
		if (only != NULL)
			sqlite3_bind_text(st, 3, only, -1, SQLITE_STATIC);
	}
	while (stop == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		hv_db_text(st, 0, store, sizeof store);
		stop = fn(store, sqlite3_column_int64(st, 1), arg);
	}
	if (stop == 0 && rc != SQLITE_DONE)
		stop = hv_journal_fail(j, N_("cannot read the product rollup"));
	sqlite3_finalize(st);
	return stop;
}

/* The hours' reads below sort (ORDER BY hour, store against the key's
 * store, hour), so their rows are all read before the first is handed out:
 * a caller may take each (a write to product_rev) as it comes. */
int
hv_rollup_changed_each(
    hv_journal_t *j, int (*fn)(const char *store, int64_t hour, void *arg), void *arg)
{
	return s_hours(j, "SELECT store, hour FROM product_rev WHERE dirty ORDER BY hour, store", 0,
	    0, NULL, fn, arg);
}

int
hv_rollup_hours_each(hv_journal_t *j, int64_t since, int64_t until, const char *only,
    int (*fn)(const char *store, int64_t hour, void *arg), void *arg)
{
	return s_hours(j,
	    "SELECT store, hour FROM product_rev WHERE hour >= ?1 AND hour < ?2"
	    " AND (?3 IS NULL OR store = ?3) ORDER BY hour, store",
	    since, until, only, fn, arg);
}

/* Where an hour lives: a store's (its own, or kept from upstream), or an
 * area's region hour (PROVINCE and DISTRICT set). */
typedef struct {
	const char *province, *district; /* NULL: a store's hour */
} home_t;

/* Bind R's hour and where it is from: ?1 hour, ?2 store or ?2 province and
 * ?3 district; returns the next parameter's index. */
static int
s_bind_home(sqlite3_stmt *st, const home_t *h, const hv_rollup_t *r)
{
	sqlite3_bind_int64(st, 1, r->hour);
	if (h->province == NULL) {
		sqlite3_bind_text(st, 2, r->store, -1, SQLITE_STATIC);
		return 3;
	}
	sqlite3_bind_text(st, 2, h->province, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, h->district, -1, SQLITE_STATIC);
	return 4;
}

/* Run SQL over R's home (and REV as the next parameter) to its end. */
static int
s_exec(hv_journal_t *j, const char *sql, const home_t *h, const hv_rollup_t *r, int64_t rev)
{
	sqlite3_stmt *st;
	int rc = -1;

	if (sqlite3_prepare_v2(hv_journal_handle(j), sql, -1, &st, NULL) == SQLITE_OK) {
		int k = s_bind_home(st, h, r);
		if (sqlite3_bind_parameter_count(st) >= k)
			sqlite3_bind_int64(st, k, rev);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	}
	sqlite3_finalize(st);
	return rc == 0 ? 0 : hv_journal_fail(j, N_("cannot write the product rollup"));
}

/* The revision held for R's hour at its home into *REV (-1 when none). */
static int
s_rev(hv_journal_t *j, const home_t *h, const hv_rollup_t *r, int64_t *rev)
{
	sqlite3_stmt *st;
	int rc;
	*rev = -1;
	if (sqlite3_prepare_v2(hv_journal_handle(j),
	        h->province == NULL
	            ? "SELECT rev FROM product_rev WHERE hour = ?1 AND store = ?2"
	            : "SELECT rev FROM region_rev WHERE hour = ?1 AND province = ?2 AND district = ?3",
	        -1, &st, NULL) != SQLITE_OK)
		return hv_journal_fail(j, N_("cannot read the product rollup"));
	s_bind_home(st, h, r);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*rev = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
	           ? 0
	           : hv_journal_fail(j, N_("cannot read the product rollup"));
}

/* A store's hour; and an office's region hour, own_product: the stores' and
 * areas' hours it holds, kept summed by product as they come and go
 * (s_own), each store that sold some counted. */
static const char s_store_rows[] =
    "SELECT item, class, basis, category, name, qty, amount, 0 FROM product"
    " WHERE hour = ?2 AND store = ?1 ORDER BY item, class, basis, category";
static const char s_region_rows[] =
    "SELECT item, class, basis, category, name, qty, amount, stores FROM own_product"
    " WHERE hour = ?2 AND ?1 = '*' AND (qty != 0 OR amount != 0 OR stores != 0)"
    " ORDER BY item, class, basis, category";

/* STORE's HOUR's rows into R. */
static int
s_rows(hv_journal_t *j, const char *store, int64_t hour, hv_rollup_t *r)
{
	sqlite3_stmt *st;
	hv_rollup_row_t row;
	int rc;

	if (sqlite3_prepare_v2(hv_journal_handle(j),
	        strcmp(store, "*") == 0 ? s_region_rows : s_store_rows, -1, &st, NULL) != SQLITE_OK)
		return hv_journal_fail(j, N_("cannot read the product rollup"));
	sqlite3_bind_text(st, 1, store, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, hour);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		hv_db_text(st, 0, row.item, sizeof row.item);
		hv_db_text(st, 1, row.cls, sizeof row.cls);
		hv_db_text(st, 2, row.basis, sizeof row.basis);
		hv_db_text(st, 3, row.category, sizeof row.category);
		hv_db_text(st, 4, row.name, sizeof row.name);
		row.qty = sqlite3_column_int64(st, 5);
		row.amount = sqlite3_column_int64(st, 6);
		row.stores = sqlite3_column_int64(st, 7);
		if (hv_rollup_add(r, &row) < 0) {
			sqlite3_finalize(st);
			return hv_journal_fail(j, N_("out of memory"));
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : hv_journal_fail(j, N_("cannot read the product rollup"));
}

/* STORE's HOUR into *R: when it changed since it was last taken, its
 * revision goes up by one first, and SETTLE says whether it is no longer
 * changed (the feed's take) or still is (history's read). */
static int
s_take(hv_journal_t *j, const char *store, int64_t hour, bool settle, hv_rollup_t *r)
{
	hv_rollup_clear(r);
	snprintf(r->store, sizeof r->store, "%s", store);
	r->hour = hour;
	const home_t own = {NULL, NULL};
	if (s_exec(j,
	        "UPDATE product_rev SET rev = rev + 1, dirty = ?3 WHERE hour = ?1 AND store = ?2"
	        " AND dirty",
	        &own, r, settle ? 0 : 1) < 0 ||
	    s_rev(j, &own, r, &r->rev) < 0)
		return -1;
	if (r->rev < 0)
		r->rev = 0;
	return s_rows(j, store, hour, r);
}

int
hv_rollup_take(hv_journal_t *j, const char *store, int64_t hour, hv_rollup_t *r)
{
	return s_take(j, store, hour, true, r); /* a changed hour goes out with the next revision, once */
}

typedef struct {
	hv_journal_t *j;
	int (*fn)(const hv_rollup_t *r, void *arg);
	void *arg;
	hv_rollup_t r;
} each_t;

static int
s_take_one(const char *store, int64_t hour, void *arg)
{
	each_t *e = arg;
	/* still changed after: the feed must send it too, to those who did not ask */
	return s_take(e->j, store, hour, false, &e->r) < 0 ? -1 : e->fn(&e->r, e->arg);
}

int
hv_rollup_each(hv_journal_t *j, int64_t since, int64_t until, const char *only,
    int (*fn)(const hv_rollup_t *r, void *arg), void *arg)
{
	each_t e = {j, fn, arg, {{0}, 0, 0, NULL, 0, 0}};
	/* Reading writes product_rev while its hours are read: the read is
	 * sorted (ORDER BY hour, store; the key is store first), so SQLite has
	 * every row in hand before the first is taken. */
	int rc = hv_rollup_hours_each(j, since, until, only, s_take_one, &e);
	hv_rollup_clear(&e.r);
	return rc;
}

/* Move the rows held at R's home into the office's own region hour (SIGN
 * +1) or out of it (-1): an upsert of each row's qty, amount and stores. */
static int
s_own(hv_journal_t *j, const home_t *h, const hv_rollup_t *r, int sign)
{
	static const char add[] =
	    "INSERT INTO own_product SELECT hour, class, basis, item, category, name, %sqty,"
	    " %samount, %s FROM %s WHERE hour = ?1 AND %s"
	    " ON CONFLICT DO UPDATE SET qty = qty + excluded.qty, amount = amount + excluded.amount,"
	    " stores = stores + excluded.stores";
	char sql[sizeof add + 160];
	const char *minus = sign < 0 ? "-" : "";
	if (h->province == NULL)
		snprintf(sql, sizeof sql, add, minus, minus, sign < 0 ? "-(qty > 0)" : "(qty > 0)",
		    "product", "store = ?2");
	else
		snprintf(sql, sizeof sql, add, minus, minus, sign < 0 ? "-stores" : "stores",
		    "region_product", "province = ?2 AND district = ?3");
	return s_exec(j, sql, h, r, 0);
}

/* R's rows in place of its hour's at its home, its revision, and the
 * office's own region hour changed with them, in the transaction the
 * caller opened. */
static int
s_replace(hv_journal_t *j, const home_t *h, const hv_rollup_t *r)
{
	bool store = h->province == NULL;
	if (s_own(j, h, r, -1) < 0 ||
	    s_exec(j,
	        store ? "DELETE FROM product WHERE hour = ?1 AND store = ?2"
	              : "DELETE FROM region_product WHERE hour = ?1 AND province = ?2"
	                " AND district = ?3",
	        h, r, 0) < 0 ||
	    s_exec(j,
	        store ? "INSERT INTO product_rev VALUES (?2, ?1, ?3, 0)"
	                " ON CONFLICT DO UPDATE SET rev = excluded.rev"
	              : "INSERT INTO region_rev VALUES (?2, ?3, ?1, ?4)"
	                " ON CONFLICT DO UPDATE SET rev = excluded.rev",
	        h, r, r->rev) < 0 ||
	    s_exec(j,
	        "INSERT INTO product_rev VALUES ('*', ?1, 0, 1) ON CONFLICT DO UPDATE SET dirty = 1",
	        h, r, 0) < 0)
		return -1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(hv_journal_handle(j),
	        store ? "INSERT INTO product VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	                " ON CONFLICT DO UPDATE SET qty = qty + excluded.qty,"
	                " amount = amount + excluded.amount"
	              : "INSERT INTO region_product VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	                " ?10, ?11) ON CONFLICT DO UPDATE SET qty = qty + excluded.qty,"
	                " amount = amount + excluded.amount, stores = stores + excluded.stores",
	        -1, &st, NULL) != SQLITE_OK)
		return hv_journal_fail(j, N_("cannot write the product rollup"));
	int rc = SQLITE_DONE;
	for (size_t i = 0; i < r->n && rc == SQLITE_DONE; i++) {
		const hv_rollup_row_t *row = &r->rows[i];
		const char *text[] = {row->cls, row->basis, row->item, row->category, row->name};
		int k = s_bind_home(st, h, r);
		for (int t = 0; t < 5; t++)
			sqlite3_bind_text(st, k + t, text[t], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, k + 5, row->qty);
		sqlite3_bind_int64(st, k + 6, row->amount);
		if (!store)
			sqlite3_bind_int64(st, k + 7, row->stores);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hv_journal_fail(j, N_("cannot write the product rollup"));
	return s_own(j, h, r, +1);
}

/* Keep R at its home when newer than the revision held there: a
 * transaction of its own, or a savepoint in the caller's. */
static int
s_keep(hv_journal_t *j, const home_t *h, const hv_rollup_t *r)
{
	int64_t held;

	if (s_rev(j, h, r, &held) < 0)
		return -1;
	if (r->rev <= held)
		return 0;
	sqlite3 *db = hv_journal_handle(j);
	if (hv_journal_in_transaction(j)) {
		if (sqlite3_exec(db, "SAVEPOINT keep", NULL, NULL, NULL) != SQLITE_OK)
			return hv_journal_fail(j, N_("cannot write the product rollup"));
		int rc = s_replace(j, h, r);
		if (rc < 0)
			sqlite3_exec(db, "ROLLBACK TO keep", NULL, NULL, NULL);
		sqlite3_exec(db, "RELEASE keep", NULL, NULL, NULL);
		return rc < 0 ? -1 : 1;
	}
	if (hv_journal_begin(j) < 0)
		return -1;
	if (s_replace(j, h, r) < 0 || hv_journal_commit(j) < 0) {
		hv_journal_rollback(j);
		return -1;
	}
	return 1;
}

int
hv_rollup_keep(hv_journal_t *j, const hv_rollup_t *r)
{
	return s_keep(j, &(home_t){NULL, NULL}, r);
}

int
hv_rollup_keep_region(
    hv_journal_t *j, const char *province, const char *district, const hv_rollup_t *r)
{
	return s_keep(j, &(home_t){province, district}, r);
}

int
hv_rollup_view(hv_journal_t *j)
{
	static const char stores[] =
	    "CREATE TEMP VIEW IF NOT EXISTS sold AS SELECT hour, store, '' AS district, class, basis,"
	    " item, category, name, qty, amount, qty > 0 AS stores FROM main.product"
	    " WHERE store != '*'";
	static const char both[] =
	    " UNION ALL SELECT hour, '*', district, class, basis, item, category, name, qty,"
	    " amount, stores FROM main.region_product";
	sqlite3 *db = hv_journal_handle(j);
	sqlite3_stmt *st;
	bool regions = false; /* a journal before schema 7, opened read-only, has none */
	char sql[sizeof stores + sizeof both];

	if (sqlite3_prepare_v2(db,
	        "SELECT 1 FROM main.sqlite_master WHERE name = 'region_product'", -1, &st,
	        NULL) == SQLITE_OK)
		regions = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	snprintf(sql, sizeof sql, "%s%s", stores, regions ? both : "");
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return hv_journal_fail(j, N_("cannot read the product rollup"));
	return 0;
}
