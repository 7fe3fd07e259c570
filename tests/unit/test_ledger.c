/*
 * test_ledger.c -- the connector's state file (plugin/ledger.h) keeps what
 * was sent for each sale, its cursors and product barcodes across a
 * reopen; settles one sale at a time; forgets old settled sales only; and
 * is held by one connector at a time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "ledger.h"
#include "testutil.h"

static void
rows_cursors_and_codes_survive_a_reopen(void **state)
{
	const char *dir = hv_test_mkdtemp();
	char path[600], err[256], buf[64];
	hv_ledger_t *l;
	hv_ledger_sale_t s = {2, 0xfeedfacecafebeefULL, HV_LEDGER_COUNTED, true, "st-01"}, got;

	(void)state;
	snprintf(path, sizeof path, "%s/a.db", dir);
	assert_non_null(l = hv_ledger_open(path, err, sizeof err));
	assert_int_equal(hv_ledger_sale(l, "invoice:1", &got), 0);
	assert_int_equal(hv_ledger_begin(l), 0);
	assert_int_equal(hv_ledger_put_sale(l, "invoice:1", &s, 1000), 0);
	assert_int_equal(hv_ledger_set_int(l, "cursor.invoices", 1796000000123LL), 0);
	assert_int_equal(hv_ledger_put_code(l, "77", "8936045900011"), 0);
	assert_int_equal(hv_ledger_put_code(l, "78", ""), 0);
	assert_int_equal(hv_ledger_commit(l), 0);
	hv_ledger_close(&l);

	assert_non_null(l = hv_ledger_open(path, err, sizeof err));
	assert_int_equal(hv_ledger_sale(l, "invoice:1", &got), 1);
	assert_int_equal(got.rev, 2);
	assert_true(got.fp == 0xfeedfacecafebeefULL);
	assert_int_equal(got.state, HV_LEDGER_COUNTED);
	assert_true(got.pending);
	assert_string_equal(got.store, "st-01");
	assert_int_equal(hv_ledger_get_int(l, "cursor.invoices"), 1796000000123LL);
	assert_int_equal(hv_ledger_get_int(l, "cursor.returns"), 0);
	assert_int_equal(hv_ledger_code(l, "77", buf, sizeof buf), 1);
	assert_string_equal(buf, "8936045900011");
	assert_int_equal(hv_ledger_code(l, "78", buf, sizeof buf), 1); /* known: no barcode */
	assert_string_equal(buf, "");
	assert_int_equal(hv_ledger_code(l, "79", buf, sizeof buf), 0);
	hv_ledger_close(&l);
	hv_test_rmdir(dir);
}

static void
settling_and_pruning_go_by_sale(void **state)
{
	const char *dir = hv_test_mkdtemp();
	char path[600], err[256];
	hv_ledger_t *l;
	hv_ledger_sale_t s = {1, 1, HV_LEDGER_COUNTED, true, "st-01"}, got;

	(void)state;
	snprintf(path, sizeof path, "%s/a.db", dir);
	assert_non_null(l = hv_ledger_open(path, err, sizeof err));
	hv_ledger_put_sale(l, "a", &s, 100);
	hv_ledger_put_sale(l, "b", &s, 100);
	hv_ledger_put_sale(l, "c", &s, 900);
	assert_int_equal(hv_ledger_settle(l, "a"), 0);
	hv_ledger_sale(l, "a", &got);
	assert_false(got.pending);
	hv_ledger_sale(l, "b", &got);
	assert_true(got.pending); /* only the sale settled */
	/* Old and settled goes; old and pending stays (it must be sent again). */
	assert_int_equal(hv_ledger_prune(l, 500), 1);
	assert_int_equal(hv_ledger_sale(l, "a", &got), 0);
	assert_int_equal(hv_ledger_sale(l, "b", &got), 1);
	assert_int_equal(hv_ledger_sale(l, "c", &got), 1);
	hv_ledger_close(&l);
	hv_test_rmdir(dir);
}

static void
one_connector_holds_it(void **state)
{
	const char *dir = hv_test_mkdtemp();
	char path[600], err[256] = "";
	hv_ledger_t *a, *b;

	(void)state;
	snprintf(path, sizeof path, "%s/a.db", dir);
	assert_non_null(a = hv_ledger_open(path, err, sizeof err));
	b = hv_ledger_open(path, err, sizeof err);
	assert_null(b);
	assert_non_null(strstr(err, path));
	hv_ledger_close(&a);
	assert_non_null(b = hv_ledger_open(path, err, sizeof err));
	hv_ledger_close(&b);
	hv_test_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rows_cursors_and_codes_survive_a_reopen),
	    cmocka_unit_test(settling_and_pruning_go_by_sale),
	    cmocka_unit_test(one_connector_holds_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
