/*
 * test_pending.c -- rows a journal transaction holds until commit: the
 * last state of each checkout transaction, and summed product changes,
 * each row once and in the order first held.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "pending.h"

static hv_pending_txn_t
s_txn(const char *store, int lane, const char *txn, hv_txn_state_t state, int64_t last)
{
	hv_pending_txn_t t = {.lane = lane, .state = state, .last = last};
	snprintf(t.store, sizeof t.store, "%s", store);
	snprintf(t.txn, sizeof t.txn, "%s", txn);
	return t;
}

static hv_pending_product_t
s_product(int64_t hour, const char *item, const char *name, int64_t qty, int64_t amount)
{
	hv_pending_product_t p = {
	    .hour = hour, .cls = "domestic", .basis = "catalog", .qty = qty, .amount = amount};
	strcpy(p.store, "st-1");
	snprintf(p.item, sizeof p.item, "%s", item);
	strcpy(p.category, "dairy");
	snprintf(p.name, sizeof p.name, "%s", name);
	return p;
}

typedef struct {
	char seen[4096];
	int64_t qty[8], amount[8];
	int nproducts;
} walk_t;

static int
s_on_txn(const hv_pending_txn_t *t, void *arg)
{
	walk_t *w = arg;
	char line[128];
	snprintf(line, sizeof line, "%s/%d/%s=%d@%lld;", t->store, t->lane, t->txn, (int)t->state,
	    (long long)t->last);
	strcat(w->seen, line);
	return 0;
}

static int
s_on_product(const hv_pending_product_t *p, void *arg)
{
	walk_t *w = arg;
	char line[512];
	snprintf(line, sizeof line, "%lld:%s:%s;", (long long)p->hour, p->item, p->name);
	strcat(w->seen, line);
	w->qty[w->nproducts] = p->qty;
	w->amount[w->nproducts++] = p->amount;
	return 0;
}

static void
a_transaction_holds_its_last_state(void **state)
{
	(void)state;
	hv_pending_t *p = hv_pending_new();
	hv_pending_txn_t a = s_txn("st-1", 1, "T1", HV_TXN_OPEN, 100);
	hv_pending_txn_t b = s_txn("st-1", 2, "T1", HV_TXN_OPEN, 101); /* same txn id, other lane */
	walk_t w = {0};

	assert_null(hv_pending_txn_get(p, "st-1", 1, "T1"));
	assert_int_equal(hv_pending_txn_set(p, &a), 0);
	assert_int_equal(hv_pending_txn_set(p, &b), 0);
	a.state = HV_TXN_ENDED;
	a.last = 105;
	assert_int_equal(hv_pending_txn_set(p, &a), 0);
	const hv_pending_txn_t *held = hv_pending_txn_get(p, "st-1", 1, "T1");
	assert_non_null(held);
	assert_int_equal(held->state, HV_TXN_ENDED);
	assert_int_equal(hv_pending_txn_get(p, "st-1", 2, "T1")->state, HV_TXN_OPEN);
	assert_null(hv_pending_txn_get(p, "st-2", 1, "T1"));
	hv_pending_each(p, s_on_txn, s_on_product, &w);
	assert_string_equal(w.seen, "st-1/1/T1=1@105;st-1/2/T1=0@101;");
	hv_pending_clear(p);
	assert_null(hv_pending_txn_get(p, "st-1", 1, "T1"));
	hv_pending_destroy(&p);
	assert_null(p);
}

static void
product_changes_are_summed_per_row(void **state)
{
	(void)state;
	hv_pending_t *p = hv_pending_new();
	walk_t w = {0};

	hv_pending_product_t milk = s_product(3600000, "8935049500018", "Milk", 2, 30000);
	assert_int_equal(hv_pending_product_add(p, &milk), 0);
	hv_pending_product_t tea = s_product(3600000, "8850006330012", "Tea", 1, 5000);
	assert_int_equal(hv_pending_product_add(p, &tea), 0);
	hv_pending_product_t voided = s_product(3600000, "8935049500018", "", -1, -15000);
	assert_int_equal(hv_pending_product_add(p, &voided), 0); /* "" keeps the name */
	hv_pending_product_t later = s_product(7200000, "8935049500018", "Milk 1 l", 1, 15000);
	assert_int_equal(hv_pending_product_add(p, &later), 0); /* another hour: its own row */
	hv_pending_each(p, s_on_txn, s_on_product, &w);
	assert_string_equal(w.seen,
	    "3600000:8935049500018:Milk;3600000:8850006330012:Tea;7200000:8935049500018:Milk 1 l;");
	assert_int_equal(w.qty[0], 1);
	assert_int_equal(w.amount[0], 15000);
	assert_int_equal(w.qty[1], 1);
	assert_int_equal(w.qty[2], 1);
	hv_pending_destroy(&p);
}

/* Far more rows than the first allocation: each is found again. */
static void
many_rows_grow_the_index(void **state)
{
	(void)state;
	hv_pending_t *p = hv_pending_new();
	char txn[32];

	for (int i = 0; i < 5000; i++) {
		snprintf(txn, sizeof txn, "T%d", i);
		hv_pending_txn_t t = s_txn("st-1", i % 20, txn, HV_TXN_OPEN, i);
		assert_int_equal(hv_pending_txn_set(p, &t), 0);
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(txn, sizeof txn, "T%d", i);
		const hv_pending_txn_t *t = hv_pending_txn_get(p, "st-1", i % 20, txn);
		assert_non_null(t);
		assert_int_equal(t->last, i);
	}
	hv_pending_destroy(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_transaction_holds_its_last_state),
	    cmocka_unit_test(product_changes_are_summed_per_row),
	    cmocka_unit_test(many_rows_grow_the_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
