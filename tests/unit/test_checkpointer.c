/*
 * test_checkpointer.c -- journal.db's log copied back by a thread of its
 * own: pages a writer left in the WAL reach the database file without the
 * writer checkpointing, and stopping is clean.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkpointer.h"
#include "testutil.h"

static long
s_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void
writer_pages_reach_the_database_file(void **state)
{
	(void)state;
	const char *dir = hv_test_mkdtemp();
	char path[600], err[256] = "";
	sqlite3 *db;

	snprintf(path, sizeof path, "%s/journal.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_wal_autocheckpoint(db, 0); /* the writer never checkpoints */
	assert_int_equal(sqlite3_exec(db,
	                     "PRAGMA journal_mode=WAL; CREATE TABLE t (x BLOB);"
	                     "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c"
	                     " WHERE n < 500) INSERT INTO t SELECT randomblob(4000) FROM c;",
	                     NULL, NULL, NULL),
	    SQLITE_OK);
	long before = s_size(path);
	assert_true(before < 100000); /* 2 MB of rows, all still in the WAL */

	hv_checkpointer_t *c = hv_checkpointer_start(path, false, 10, err, sizeof err);
	assert_non_null(c);
	for (int i = 0; i < 200 && hv_checkpointer_count(c) == 0; i++)
		usleep(10000);
	assert_true(hv_checkpointer_count(c) > 0);
	assert_true(s_size(path) > 2000000);
	/* The writer goes on meanwhile, and the rows are all there. */
	assert_int_equal(
	    sqlite3_exec(db, "INSERT INTO t VALUES (x'00')", NULL, NULL, NULL), SQLITE_OK);
	hv_checkpointer_stop(&c);
	assert_null(c);
	sqlite3_stmt *st;
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 501);
	sqlite3_finalize(st);
	sqlite3_close(db);
	hv_test_rmdir(dir);
}

static void
a_missing_database_is_an_error(void **state)
{
	(void)state;
	char err[256] = "";
	assert_null(
	    hv_checkpointer_start("/nonexistent/dir/journal.db", true, 10, err, sizeof err));
	assert_non_null(strstr(err, "/nonexistent/dir/journal.db"));
	hv_checkpointer_stop(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(writer_pages_reach_the_database_file),
	    cmocka_unit_test(a_missing_database_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
