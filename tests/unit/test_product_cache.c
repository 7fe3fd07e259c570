/*
 * test_product_cache.c -- the catalog's in-memory cache: what is put comes
 * back whole, absences are remembered, the least recently used entry of a
 * full set makes room, clear forgets everything.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "product_cache.h"

static hv_product_t
s_product(const char *gtin, const char *name)
{
	hv_product_t p = {0};
	snprintf(p.gtin, sizeof p.gtin, "%s", gtin);
	snprintf(p.name, sizeof p.name, "%s", name);
	strcpy(p.brand, "Vinamilk");
	strcpy(p.made_in, "VN");
	strcpy(p.brand_country, "VN");
	p.ocop = 4;
	p.ocop_until = 20271231;
	strcpy(p.province, "thai-nguyen");
	strcpy(p.category, "dairy");
	p.origin_kind = HV_ORIGIN_PACKED;
	p.source = HV_SOURCE_SUPPLIER;
	p.confidence = 85;
	return p;
}

static void
put_then_get_returns_every_field(void **state)
{
	(void)state;
	hv_product_cache_t *c = hv_product_cache_new(16);
	hv_product_t p = s_product("8935049500018", "Sữa tươi, 1 lít"), out;

	assert_int_equal(hv_product_cache_get(c, "8935049500018", &out), -1);
	hv_product_cache_put(c, "8935049500018", &p);
	memset(&out, 0x55, sizeof out);
	assert_int_equal(hv_product_cache_get(c, "8935049500018", &out), 1);
	assert_string_equal(out.gtin, p.gtin);
	assert_string_equal(out.name, p.name);
	assert_string_equal(out.brand, p.brand);
	assert_string_equal(out.made_in, p.made_in);
	assert_string_equal(out.brand_country, p.brand_country);
	assert_int_equal(out.ocop, p.ocop);
	assert_int_equal(out.ocop_until, p.ocop_until);
	assert_string_equal(out.province, p.province);
	assert_string_equal(out.category, p.category);
	assert_string_equal(out.code, "");
	assert_int_equal(out.listed, 0);
	assert_int_equal(out.origin_kind, HV_ORIGIN_PACKED); /* what the tagger's class rests on */
	assert_int_equal(out.source, HV_SOURCE_SUPPLIER);
	assert_int_equal(out.confidence, 85);
	hv_product_cache_destroy(&c);
	assert_null(c);
}

/* A product keyed by a store code comes back as one, listed or not; a
 * code longer than the cache's keys is not remembered. */
static void
store_codes_come_back_as_codes(void **state)
{
	(void)state;
	hv_product_cache_t *c = hv_product_cache_new(16);
	hv_product_t p = s_product("", "Bánh mì"), out;
	strcpy(p.code, "BANHMI-01");
	p.listed = 1;

	hv_product_cache_put(c, "BANHMI-01", &p);
	memset(&out, 0x55, sizeof out);
	assert_int_equal(hv_product_cache_get(c, "BANHMI-01", &out), 1);
	assert_string_equal(out.code, "BANHMI-01");
	assert_string_equal(out.gtin, "");
	assert_int_equal(out.listed, 1);
	assert_string_equal(out.name, "Bánh mì");
	hv_product_cache_put(c, "A-STORE-CODE-OF-20", &p);
	assert_int_equal(hv_product_cache_get(c, "A-STORE-CODE-OF-20", &out), -1);
	hv_product_cache_destroy(&c);
}

static void
absence_is_remembered(void **state)
{
	(void)state;
	hv_product_cache_t *c = hv_product_cache_new(16);
	hv_product_t out;

	hv_product_cache_put(c, "6901234567892", NULL);
	assert_int_equal(hv_product_cache_get(c, "6901234567892", &out), 0);
	assert_int_equal(hv_product_cache_get(c, "690123456789", &out), -1);
	hv_product_t p = s_product("6901234567892", "now in the catalog");
	hv_product_cache_put(c, "6901234567892", &p); /* replaces, not duplicates */
	assert_int_equal(hv_product_cache_get(c, "6901234567892", &out), 1);
	assert_string_equal(out.name, "now in the catalog");
	hv_product_cache_clear(c);
	assert_int_equal(hv_product_cache_get(c, "6901234567892", &out), -1);
	hv_product_cache_destroy(&c);
}

/* A cache of 4 entries is one set: the fifth GTIN evicts the one used
 * longest ago, not the one put first. */
static void
least_recently_used_makes_room(void **state)
{
	(void)state;
	hv_product_cache_t *c = hv_product_cache_new(4);
	const char *g[] = {"10", "11", "12", "13", "14"};
	hv_product_t out;

	for (int i = 0; i < 4; i++) {
		hv_product_t p = s_product(g[i], g[i]);
		hv_product_cache_put(c, g[i], &p);
	}
	assert_int_equal(hv_product_cache_get(c, "10", &out), 1); /* 11 is now the oldest */
	hv_product_cache_put(c, "14", NULL);
	assert_int_equal(hv_product_cache_get(c, "11", &out), -1);
	for (int i = 0; i < 5; i++)
		if (i != 1)
			assert_int_not_equal(hv_product_cache_get(c, g[i], &out), -1);
	hv_product_cache_destroy(&c);
}

/* Many more GTINs than entries: every answer is still right, only fewer. */
static void
overfull_cache_never_answers_wrongly(void **state)
{
	(void)state;
	hv_product_cache_t *c = hv_product_cache_new(64);
	char gtin[16], name[32];
	int cached = 0;
	hv_product_t out;

	for (int i = 0; i < 1000; i++) {
		snprintf(gtin, sizeof gtin, "%013d", i);
		snprintf(name, sizeof name, "product %d", i);
		hv_product_t p = s_product(gtin, name);
		hv_product_cache_put(c, gtin, i % 3 ? &p : NULL);
	}
	for (int i = 0; i < 1000; i++) {
		snprintf(gtin, sizeof gtin, "%013d", i);
		snprintf(name, sizeof name, "product %d", i);
		int rc = hv_product_cache_get(c, gtin, &out);
		if (rc == -1)
			continue;
		cached++;
		assert_int_equal(rc, i % 3 ? 1 : 0);
		if (rc == 1)
			assert_string_equal(out.name, name);
	}
	assert_true(cached > 0 && cached <= 64);
	hv_product_cache_destroy(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(put_then_get_returns_every_field),
	    cmocka_unit_test(store_codes_come_back_as_codes),
	    cmocka_unit_test(absence_is_remembered),
	    cmocka_unit_test(least_recently_used_makes_room),
	    cmocka_unit_test(overfull_cache_never_answers_wrongly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
