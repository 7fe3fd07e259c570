/*
 * test_wire.c -- the bounded MessagePack check: honest bodies pass, every
 * lying length, too-deep nesting and trailing or missing bytes fail fast;
 * the objects a body may hold grow with its bytes, so a product hour of 300
 * rows passes and a body of one-byte values does not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

static int
s_check(const char *bytes, size_t n)
{
	const char *why = NULL;
	int rc = hv_wire_check(bytes, n, HV_WIRE_MAX_DEPTH, &why);
	if (rc < 0)
		assert_non_null(why);
	return rc;
}
#define CHECK(lit) s_check(lit, sizeof(lit) - 1)

static void
honest_bodies_pass(void **state)
{
	(void)state;
	assert_int_equal(CHECK("\x81\xa2op\xa4ping"), 0);   /* {"op": "ping"} */
	assert_int_equal(CHECK("\x92\x01\xcd\x01\x00"), 0); /* [1, 256] */
	assert_int_equal(CHECK("\xd9\x03"
	                       "abc"),
	    0);                                                             /* str8 */
	assert_int_equal(CHECK("\xcb\x00\x00\x00\x00\x00\x00\x00\x00"), 0); /* float64 */
	assert_int_equal(CHECK("\xd6\x01\x00\x00\x00\x00"), 0);             /* fixext4 */
	assert_int_equal(CHECK("\xc0"), 0);
}

static void
lying_lengths_fail(void **state)
{
	(void)state;
	assert_int_equal(CHECK("\xdd\xff\x00\x00\x00"), -1);     /* array32 of 4e9 */
	assert_int_equal(CHECK("\xdf\xff\xff\xff\xff"), -1);     /* map32 */
	assert_int_equal(CHECK("\xdb\xff\xff\xff\xff"), -1);     /* str32 */
	assert_int_equal(CHECK("\xc6\x00\x00\x10\x00"), -1);     /* bin32 */
	assert_int_equal(CHECK("\xc9\x00\x00\x00\x05\x01"), -1); /* ext32 */
	assert_int_equal(CHECK("\x93\x01\x02"), -1);             /* array of 3 with 2 */
	assert_int_equal(CHECK("\xa5"
	                       "abc"),
	    -1);                                 /* fixstr 5 with 3 */
	assert_int_equal(CHECK("\xcd\x01"), -1); /* uint16 cut */
	assert_int_equal(CHECK("\xdc\x00"), -1); /* array16 length cut */
}

static void
malformed_fails(void **state)
{
	(void)state;
	char deep[64];
	memset(deep, 0x91, sizeof deep);
	deep[sizeof deep - 1] = (char)0xc0;
	assert_int_equal(s_check(deep, sizeof deep), -1);
	assert_int_equal(s_check(deep + 64 - 8, 8), 0); /* 7 levels: fine */
	assert_int_equal(CHECK("\xc1"), -1);
	assert_int_equal(CHECK("\xc0\xc0"), -1); /* trailing */
	assert_int_equal(s_check("", 0), -1);
}

static void
map_reading(void **state)
{
	(void)state;
	/* {"a": 5, "b": "xy", "c": -3, "d": true, "n": nil} */
	const char body[] = "\x85\xa1"
	                    "a\x05\xa1"
	                    "b\xa2xy\xa1"
	                    "c\xfd\xa1"
	                    "d\xc3\xa1n\xc0";
	msgpack_unpacked u;
	const char *why;
	int64_t v;
	char s[4];
	bool b;

	assert_int_equal(hv_wire_unpack_map(body, sizeof body - 1, &u, &why), 0);
	assert_int_equal(hv_wire_get_int(&u.data, "a", &v), 1);
	assert_int_equal(v, 5);
	assert_int_equal(hv_wire_get_int(&u.data, "c", &v), 1);
	assert_int_equal(v, -3);
	assert_int_equal(hv_wire_get_int(&u.data, "b", &v), -1);
	assert_int_equal(hv_wire_get_int(&u.data, "n", &v), 0);
	assert_int_equal(hv_wire_get_int(&u.data, "zz", &v), 0);
	assert_int_equal(hv_wire_get_str(&u.data, "b", s, sizeof s), 1);
	assert_string_equal(s, "xy");
	assert_int_equal(hv_wire_get_str(&u.data, "b", s, 2), -1); /* too long */
	assert_int_equal(hv_wire_get_bool(&u.data, "d", &b), 1);
	assert_true(b);
	msgpack_unpacked_destroy(&u);
	assert_int_equal(hv_wire_unpack_map("\x91\x01", 2, &u, &why), -1);     /* not a map */
	assert_int_equal(hv_wire_unpack_map("\x81\x01\x02", 3, &u, &why), -1); /* int key */
}

/* A body [ROWS maps of {"item": "893...", "qty": 1, ...}] of 7 keys each,
 * as a product hour's rows are, packed into SB. */
static void
s_rows(msgpack_sbuffer *sb, int rows)
{
	msgpack_packer pk;
	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	msgpack_pack_array(&pk, (size_t)rows);
	for (int i = 0; i < rows; i++) {
		static const char *const keys[] = {"item", "class", "basis", "category", "name", "qty",
		    "amount"};
		msgpack_pack_map(&pk, 7);
		for (int k = 0; k < 7; k++) {
			msgpack_pack_str_with_body(&pk, keys[k], strlen(keys[k]));
			if (k < 5)
				msgpack_pack_str_with_body(&pk, "8930000000019", 13);
			else
				msgpack_pack_int(&pk, 1);
		}
	}
}

static void
objects_grow_with_the_bytes(void **state)
{
	(void)state;
	msgpack_sbuffer sb;
	const char *why;

	msgpack_sbuffer_init(&sb);
	s_rows(&sb, 300); /* 4501 objects: past the flat 4096 */
	assert_int_equal(hv_wire_check(sb.data, sb.size, HV_WIRE_MAX_DEPTH, &why), 0);
	msgpack_sbuffer_clear(&sb);
	s_rows(&sb, 20000); /* a region hour of 20,000 products */
	assert_int_equal(hv_wire_check(sb.data, sb.size, HV_WIRE_MAX_DEPTH, &why), 0);
	msgpack_sbuffer_destroy(&sb);

	/* An array32 of 20,000 nils: one object a byte, past 4096 + 20005 / 4. */
	size_t n = 20000, len = 5 + n;
	unsigned char *nils = malloc(len);
	assert_non_null(nils);
	nils[0] = 0xdd;
	nils[1] = 0;
	nils[2] = 0;
	nils[3] = (unsigned char)(n >> 8);
	nils[4] = (unsigned char)(n & 0xff);
	memset(nils + 5, 0xc0, n);
	assert_int_equal(hv_wire_check(nils, len, HV_WIRE_MAX_DEPTH, &why), -1);
	assert_string_equal(why, "the message holds too many values");
	assert_true(hv_wire_max_objects(len) < n);
	free(nils);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(honest_bodies_pass),
	    cmocka_unit_test(lying_lengths_fail),
	    cmocka_unit_test(malformed_fails),
	    cmocka_unit_test(map_reading),
	    cmocka_unit_test(objects_grow_with_the_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
