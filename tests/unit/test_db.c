/*
 * test_db.c -- schema migrations: applied in order once, version recorded,
 * a newer file refused untouched, a failing migration leaves nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "db.h"

static const char *const s_two[] = {
    "CREATE TABLE a (x);",
    "CREATE TABLE b (y); INSERT INTO a VALUES (1);",
};

static int
s_count(sqlite3 *db, const char *table)
{
	char sql[64];
	sqlite3_stmt *st;
	int n = -1;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
migrations_in_order_once(void **state)
{
	(void)state;
	sqlite3 *db;
	char err[256];
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(hv_db_version(db), 0);
	assert_int_equal(hv_db_migrate(db, "x.db", s_two, 1, err, sizeof err), 0);
	assert_int_equal(hv_db_version(db), 1);
	assert_int_equal(hv_db_migrate(db, "x.db", s_two, 2, err, sizeof err), 0);
	assert_int_equal(hv_db_version(db), 2);
	assert_int_equal(hv_db_migrate(db, "x.db", s_two, 2, err, sizeof err), 0);
	assert_int_equal(s_count(db, "a"), 1); /* the second ran once */
	assert_int_equal(hv_db_migrate(db, "x.db", s_two, 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "x.db has schema version 2"));
	sqlite3_close(db);
}

static void
failed_migration_leaves_nothing(void **state)
{
	(void)state;
	sqlite3 *db;
	char err[256];
	const char *const bad[] = {"CREATE TABLE a (x);", "CREATE TABLE a (again);"};
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(hv_db_migrate(db, "x.db", bad, 2, err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot upgrade"));
	assert_int_equal(hv_db_version(db), 0);
	assert_int_equal(s_count(db, "a"), -1); /* the first was rolled back too */
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(migrations_in_order_once),
	    cmocka_unit_test(failed_migration_leaves_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
