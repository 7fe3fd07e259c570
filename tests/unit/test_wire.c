/*
 * test_wire.c -- the bounded MessagePack check: honest bodies pass, every
 * lying length, too-deep nesting and trailing or missing bytes fail fast.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(honest_bodies_pass),
	    cmocka_unit_test(lying_lengths_fail),
	    cmocka_unit_test(malformed_fails),
	    cmocka_unit_test(map_reading),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
