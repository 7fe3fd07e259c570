/*
 * test_checkout.c -- request decoding with its ranges, and the receipt line
 * a customer reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "checkout.h"
#include "wire.h"

/* Pack a scan with the given lane and qty. */
static void
s_scan(msgpack_sbuffer *sb, int64_t lane, int64_t qty, const char *store)
{
	msgpack_packer pk;
	msgpack_sbuffer_clear(sb);
	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 8);
	hv_wire_kv_str(&pk, "op", "scan");
	hv_wire_kv_str(&pk, "store", store);
	hv_wire_kv_int(&pk, "lane", lane);
	hv_wire_kv_str(&pk, "txn", "T-1");
	hv_wire_kv_int(&pk, "line", 1);
	hv_wire_kv_str(&pk, "code", "8935049500018");
	hv_wire_kv_int(&pk, "qty", qty);
	hv_wire_kv_int(&pk, "id", -4);
}

static void
scan_decoded_within_ranges(void **state)
{
	(void)state;
	msgpack_sbuffer sb;
	hv_request_t req;
	const char *why;
	msgpack_sbuffer_init(&sb);

	s_scan(&sb, 12, -2, "bigc-tn.01");
	assert_int_equal(hv_checkout_decode(sb.data, sb.size, &req, &why), HV_ERR_NONE);
	assert_int_equal(req.op, HV_OP_SCAN);
	assert_int_equal(req.lane, 12);
	assert_int_equal(req.qty, -2);
	assert_true(req.has_id);
	assert_int_equal(req.id, -4);
	assert_string_equal(req.store, "bigc-tn.01");
	assert_false(req.has_amount);
	struct {
		int64_t lane, qty;
		const char *store;
	} bad[] = {
	    {0, 1, "s"},
	    {10000, 1, "s"},
	    {1, 0, "s"},
	    {1, 100001, "s"},
	    {1, -100001, "s"},
	    {1, 1, ""},
	    {1, 1, "a b"},
	    {1, 1, "123456789012345678901234567890123"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		s_scan(&sb, bad[i].lane, bad[i].qty, bad[i].store);
		why = NULL;
		assert_int_equal(
		    hv_checkout_decode(sb.data, sb.size, &req, &why), HV_ERR_BAD_REQUEST);
		assert_non_null(why);
		assert_int_equal(req.id, -4); /* still known, for the reply */
	}
	msgpack_sbuffer_destroy(&sb);
}

static void
too_large_before_anything_else(void **state)
{
	(void)state;
	char big[5000];
	hv_request_t req;
	const char *why;
	memset(big, 0xc1, sizeof big);
	assert_int_equal(hv_checkout_decode(big, sizeof big, &req, &why), HV_ERR_TOO_LARGE);
}

static void
receipt_lines(void **state)
{
	(void)state;
	char buf[128];
	hv_basket_t b = {{12, 7, 1}, {650000, 300000, 50000}};
	hv_checkout_receipt(&b, buf, sizeof buf);
	assert_string_equal(buf, "Hàng Việt: 12/20 món, 65% giá trị");
	hv_basket_t none = {{0, 0, 0}, {0, 0, 0}};
	hv_checkout_receipt(&none, buf, sizeof buf);
	assert_string_equal(buf, "Hàng Việt: 0/0 món");
	hv_basket_t third = {{1, 2, 0}, {1, 2, 0}}; /* 33.3% rounds to 33 */
	hv_checkout_receipt(&third, buf, sizeof buf);
	assert_string_equal(buf, "Hàng Việt: 1/3 món, 33% giá trị");
}

static void
store_ids(void **state)
{
	(void)state;
	assert_true(hv_checkout_store_valid("bigc-tn_01.A"));
	assert_false(hv_checkout_store_valid(""));
	assert_false(hv_checkout_store_valid("cửa-hàng"));
	assert_false(hv_checkout_store_valid("a/b"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(scan_decoded_within_ranges),
	    cmocka_unit_test(too_large_before_anything_else),
	    cmocka_unit_test(receipt_lines),
	    cmocka_unit_test(store_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
