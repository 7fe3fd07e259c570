/*
 * test_upstream.c -- [upstream NAME] sections: keys taken, wrong ones
 * refused; a section with a key must say whom it speaks for; the sync
 * endpoint defaults to the feed's port + 1; and the identity rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "upstream.h"

static void
sections_read(void **state)
{
	(void)state;
	static hv_upstream_list_t l;
	const char *why;

	assert_int_equal(hv_upstream_set(&l, "feed", "curve", "yes", &why), 0);
	assert_int_equal(hv_upstream_set(&l, "upstream a", "feed", "tcp://10.0.0.1:5581", &why), 1);
	assert_int_equal(hv_upstream_set(&l, "upstream a", "server-public-key", "a.pub", &why), 1);
	assert_int_equal(hv_upstream_set(&l, "upstream b", "feed", "ipc:///run/b", &why), 1);
	assert_int_equal(hv_upstream_set(&l, "upstream a", "stores", "st-1,st-2", &why), 1);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.up[0].server_public_key, "a.pub");
	assert_string_equal(l.up[0].stores, "st-1,st-2");
	assert_int_equal(hv_upstream_check(&l.up[0], &why), 0);

	assert_int_equal(hv_upstream_set(&l, "upstream a", "store", "st-1", &why), -1);
	assert_int_equal(hv_upstream_set(&l, "upstream a", "stores", "st 1", &why), -1);
	assert_int_equal(hv_upstream_set(&l, "upstream a", "stores", "a,,b", &why), -1);
	assert_int_equal(hv_upstream_set(&l, "upstream a", "feed", "10.0.0.1:5581", &why), -1);
	assert_int_equal(hv_upstream_set(&l, "upstream a", "insecure", "maybe", &why), -1);

	hv_upstream_conf_t keyed = {.feed = "tcp://10.0.0.1:5581", .server_public_key = "k.pub"};
	assert_int_equal(hv_upstream_check(&keyed, &why), -1); /* whom does it speak for? */
	hv_upstream_conf_t nofeed = {.stores = "st-1"};
	assert_int_equal(hv_upstream_check(&nofeed, &why), -1);
}

static void
sync_endpoint(void **state)
{
	(void)state;
	char sync[256];
	const char *why;
	assert_int_equal(
	    hv_upstream_sync_of("tcp://10.0.0.1:5581", NULL, sync, sizeof sync, &why), 0);
	assert_string_equal(sync, "tcp://10.0.0.1:5582");
	assert_int_equal(hv_upstream_sync_of("tcp://h:1", "tcp://h:9", sync, sizeof sync, &why), 0);
	assert_string_equal(sync, "tcp://h:9");
	assert_int_equal(hv_upstream_sync_of("ipc:///run/x", "", sync, sizeof sync, &why), -1);
	assert_int_equal(hv_upstream_sync_of("tcp://h:65535", "", sync, sizeof sync, &why), -1);
}

static void
speaks_for(void **state)
{
	(void)state;
	hv_upstream_conf_t store = {.stores = "st-1,st-22"};
	hv_upstream_conf_t district = {.district = "tp-a"};
	hv_upstream_conf_t province = {.province = "tn", .district = ""};

	assert_true(hv_upstream_speaks_for(NULL, "anyone", "", ""));
	assert_true(hv_upstream_speaks_for(&store, "st-1", "tp-a", "tn"));
	assert_true(hv_upstream_speaks_for(&store, "st-22", "tp-a", "tn"));
	assert_false(hv_upstream_speaks_for(&store, "st-2", "tp-a", "tn")); /* a prefix is not it */
	assert_false(hv_upstream_speaks_for(&store, "st-12", "tp-a", "tn"));
	assert_false(hv_upstream_speaks_for(&store, "*", "tp-a", "tn"));
	assert_true(hv_upstream_speaks_for(&district, "*", "tp-a", "tn"));
	assert_false(hv_upstream_speaks_for(&district, "st-1", "tp-b", "tn"));
	assert_true(hv_upstream_speaks_for(&province, "st-9", "tp-x", "tn"));
	assert_false(hv_upstream_speaks_for(&province, "st-9", "tp-x", "hn"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sections_read),
	    cmocka_unit_test(sync_endpoint),
	    cmocka_unit_test(speaks_for),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
