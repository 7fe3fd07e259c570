/*
 * test_catalog_wire.c -- a catalog row on the wire (the catalog sync op):
 * what is packed reads back the same, a deleted row names only its key,
 * and a row a peer got wrong is refused with the field it got wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "catalog_wire.h"

/* Pack P (DELETED) and read it back into *OUT; the reader's result. */
static int
s_round_trip(const hv_product_t *p, bool deleted, hv_product_t *out, bool *out_deleted,
    const char **why)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	msgpack_unpacked u;
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	hv_catalog_pack_row(&pk, p, deleted);
	msgpack_unpacked_init(&u);
	assert_int_equal(msgpack_unpack_next(&u, sb.data, sb.size, NULL), MSGPACK_UNPACK_SUCCESS);
	int rc = hv_catalog_read_row(&u.data, out, out_deleted, why);
	msgpack_unpacked_destroy(&u);
	msgpack_sbuffer_destroy(&sb);
	return rc;
}

static void
a_row_reads_back_the_same(void **state)
{
	(void)state;
	hv_product_t p = {0}, out;
	bool deleted = true;
	const char *why = NULL;
	strcpy(p.gtin, "8935049500018");
	strcpy(p.name, "Nước mắm, Phú Quốc");
	strcpy(p.brand, "Hưng Thành");
	strcpy(p.made_in, "VN");
	strcpy(p.brand_country, "VN");
	p.ocop = 4;
	p.ocop_until = 20271231;
	strcpy(p.province, "kien-giang");
	strcpy(p.category, "sauce");
	p.listed = 1;
	p.origin_kind = HV_ORIGIN_BOTTLED;
	p.source = HV_SOURCE_SUPPLIER;
	p.confidence = 80;
	assert_int_equal(s_round_trip(&p, false, &out, &deleted, &why), 0);
	assert_false(deleted);
	assert_memory_equal(&out, &p, sizeof p);

	hv_product_t code = {0};
	strcpy(code.code, "BANHMI-01");
	strcpy(code.made_in, "VN");
	assert_int_equal(s_round_trip(&code, true, &out, &deleted, &why), 0);
	assert_true(deleted);
	assert_string_equal(out.code, "BANHMI-01");
	assert_string_equal(out.gtin, "");
}

/* A row map of N key/value pairs given as msgpack-packed strings/ints. */
static int
s_read_packed(void (*pack)(msgpack_packer *pk), const char **why)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	msgpack_unpacked u;
	hv_product_t out;
	bool deleted;
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	pack(&pk);
	msgpack_unpacked_init(&u);
	msgpack_unpack_next(&u, sb.data, sb.size, NULL);
	int rc = hv_catalog_read_row(&u.data, &out, &deleted, why);
	msgpack_unpacked_destroy(&u);
	msgpack_sbuffer_destroy(&sb);
	return rc;
}

static void
s_kv(msgpack_packer *pk, const char *k, const char *v)
{
	msgpack_pack_str_with_body(pk, k, strlen(k));
	msgpack_pack_str_with_body(pk, v, strlen(v));
}

static void s_no_key(msgpack_packer *pk) { msgpack_pack_map(pk, 1); s_kv(pk, "made_in", "VN"); }
static void
s_both_keys(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 3);
	s_kv(pk, "gtin", "8935049500018");
	s_kv(pk, "code", "X1");
	s_kv(pk, "made_in", "VN");
}
static void
s_bad_country(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 2);
	s_kv(pk, "gtin", "8935049500018");
	s_kv(pk, "made_in", "Vietnam");
}
static void
s_bad_kind(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 3);
	s_kv(pk, "gtin", "8935049500018");
	s_kv(pk, "made_in", "VN");
	s_kv(pk, "origin_kind", "grown");
}
static void
s_bad_stars(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 3);
	s_kv(pk, "gtin", "8935049500018");
	s_kv(pk, "made_in", "VN");
	msgpack_pack_str_with_body(pk, "ocop", 4);
	msgpack_pack_int(pk, 9);
}
static void s_not_map(msgpack_packer *pk) { msgpack_pack_array(pk, 0); }
static void
s_name_not_text(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 3);
	s_kv(pk, "gtin", "8935049500018");
	s_kv(pk, "made_in", "VN");
	msgpack_pack_str_with_body(pk, "name", 4);
	msgpack_pack_int(pk, 7);
}

static void
bad_rows_are_refused_naming_the_field(void **state)
{
	(void)state;
	struct {
		void (*pack)(msgpack_packer *);
		const char *names;
	} bad[] = {{s_no_key, "gtin and code"}, {s_both_keys, "gtin and code"},
	    {s_bad_country, "made_in"}, {s_bad_kind, "origin_kind"}, {s_bad_stars, "ocop"},
	    {s_not_map, "not a map"}, {s_name_not_text, "name"}};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *why = NULL;
		assert_int_equal(s_read_packed(bad[i].pack, &why), -1);
		if (why == NULL || strstr(why, bad[i].names) == NULL)
			fail_msg("row %zu: \"%s\" does not name %s", i, why ? why : "(null)",
			    bad[i].names);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_row_reads_back_the_same),
	    cmocka_unit_test(bad_rows_are_refused_naming_the_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
