/*
 * db.h -- what every SQLite file of hangviet shares: a schema version in
 * PRAGMA user_version brought up to date by numbered migrations, and safe
 * reading of text columns.
 */
#ifndef HV_DB_H
#define HV_DB_H

#include <sqlite3.h>
#include <stddef.h>

/* The schema version of DB, or -1 when it cannot be read. */
int hv_db_version(sqlite3 *db);

/* Apply MIGRATIONS[v] .. MIGRATIONS[n-1] to DB, whose version is v, in one
 * transaction, and set its version to N. NAME ("catalog.db") is for
 * messages. Returns 0, or -1 with a message for a person in ERR (a file
 * made by a newer hangviet is refused, untouched). */
int hv_db_migrate(
    sqlite3 *db, const char *name, const char *const *migrations, int n, char *err, size_t errlen);

/* Copy text column COL of the current row of ST into DST (size SIZE);
 * NULL or a value that does not fit gives "". */
void hv_db_text(sqlite3_stmt *st, int col, char *dst, size_t size);

#endif
