/*
 * test_places.c -- where stores are, as a district node hears it: any
 * number of stores found again by id, changes marked dirty until saved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "places.h"

static int
s_count(const hv_place_t *p, void *arg)
{
	(void)p;
	++*(int *)arg;
	return 0;
}

static int
s_dirty(const hv_places_t *places)
{
	int n = 0;
	hv_places_each(places, false, s_count, &n);
	return n;
}

static void
ten_thousand_stores_each_found_with_its_place(void **state)
{
	(void)state;
	hv_places_t *places = hv_places_new();
	char store[32], district[32];

	for (int i = 0; i < 10000; i++) {
		snprintf(store, sizeof store, "store-%05d", i);
		snprintf(district, sizeof district, "district-%d", i % 9);
		assert_int_equal(hv_places_locate(places, store, "thai-nguyen", district), 1);
	}
	assert_int_equal(hv_places_count(places), 10000);
	for (int i = 0; i < 10000; i++) {
		snprintf(store, sizeof store, "store-%05d", i);
		snprintf(district, sizeof district, "district-%d", i % 9);
		const hv_place_t *p = hv_places_find(places, store);
		assert_non_null(p);
		assert_string_equal(p->store, store);
		assert_string_equal(p->district, district);
		assert_string_equal(p->province, "thai-nguyen");
	}
	assert_null(hv_places_find(places, "store-10000"));
	assert_null(hv_places_find(places, ""));
	hv_places_destroy(&places);
	assert_null(places);
}

static void
only_changes_are_dirty(void **state)
{
	(void)state;
	hv_places_t *places = hv_places_new();

	assert_null(hv_places_find(places, "a"));
	hv_places_locate(places, "a", "p", "d1");
	hv_places_locate(places, "b", "p", "d1");
	assert_int_equal(s_dirty(places), 2);
	hv_places_saved(places);
	assert_int_equal(s_dirty(places), 0);
	assert_int_equal(hv_places_locate(places, "a", "p", "d1"), 0); /* the same again */
	assert_int_equal(s_dirty(places), 0);
	assert_int_equal(hv_places_locate(places, "a", "p", "d2"), 1); /* moved */
	assert_int_equal(s_dirty(places), 1);
	assert_string_equal(hv_places_find(places, "a")->district, "d2");
	assert_int_equal(hv_places_count(places), 2);
	hv_places_destroy(&places);
}

/* A place message sets every attribute; a tally's place moves the store
 * and keeps them. */
static void
attributes_kept(void **state)
{
	(void)state;
	hv_places_t *places = hv_places_new();
	hv_place_t p = {"bigc-01", "thai-nguyen", "tp-thai-nguyen", "bigc", "foreign", "modern",
	    "Big C Thái Nguyên"};

	assert_int_equal(hv_places_set(places, &p), 1);
	assert_int_equal(hv_places_set(places, &p), 0); /* the same again */
	hv_places_saved(places);
	assert_int_equal(hv_places_locate(places, "bigc-01", "thai-nguyen", "song-cong"), 1);
	const hv_place_t *got = hv_places_find(places, "bigc-01");
	assert_string_equal(got->district, "song-cong");
	assert_string_equal(got->chain, "bigc");
	assert_string_equal(got->ownership, "foreign");
	assert_string_equal(got->channel, "modern");
	assert_string_equal(got->name, "Big C Thái Nguyên");
	assert_int_equal(s_dirty(places), 1);
	int n = 0;
	hv_places_each(places, true, s_count, &n);
	assert_int_equal(n, 1);
	hv_places_destroy(&places);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ten_thousand_stores_each_found_with_its_place),
	    cmocka_unit_test(only_changes_are_dirty),
	    cmocka_unit_test(attributes_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
