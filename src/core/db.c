/*
 * db.c -- schema versions, migrations and text columns for SQLite files.
 */
#include "db.h"

#include <stdio.h>

#include "i18n.h"
#include "text.h"

int
hv_db_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
hv_db_migrate(
    sqlite3 *db, const char *name, const char *const *migrations, int n, char *err, size_t errlen)
{
	int v = hv_db_version(db);
	char sql[64];

	if (v < 0) {
		snprintf(err, errlen, "%s: %s", name, sqlite3_errmsg(db));
		return -1;
	}
	if (v > n) {
		snprintf(err, errlen,
		    _("%s has schema version %d, newer than this hangviet knows (%d); upgrade "
		      "hangviet"),
		    name, v, n);
		return -1;
	}
	if (v == n)
		return 0;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	for (; v < n; v++)
		if (sqlite3_exec(db, migrations[v], NULL, NULL, NULL) != SQLITE_OK)
			goto fail;
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", n);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK &&
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return 0;
fail:
	snprintf(err, errlen, _("%s: cannot upgrade the schema: %s"), name, sqlite3_errmsg(db));
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

void
hv_db_text(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	if (s == NULL || hv_text_copy(dst, size, s) < 0)
		dst[0] = '\0';
}
