/*
 * test_province.c -- province ids through the 2025 merger: the table holds
 * the 34 current units and the former ones, each read as the unit it is part
 * of now; an unknown id is told with its nearest ids.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "province.h"

static void
table_counts(void **state)
{
	(void)state;
	size_t current = 0, cities = 0;
	for (size_t i = 0; i < hv_province_table_len; i++) {
		const hv_province_t *p = &hv_province_table[i];
		if (hv_province_current(p) == p) {
			current++;
			cities += p->city;
			assert_string_equal(p->since, "");
		} else {
			assert_true(p->since[0] != '\0');
			/* a former unit belongs to a current one, never to another former one */
			assert_ptr_equal(hv_province_current(hv_province_current(p)), hv_province_current(p));
		}
	}
	/* 63 units before the reform, and Thừa Thiên Huế's id as Huế's alias */
	assert_int_equal(hv_province_table_len, 64);
	assert_int_equal(current, 34);
	assert_int_equal(cities, 6);
}

static void
canonical_ids(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(hv_province_canonical("thai-nguyen", out, sizeof out), HV_PROVINCE_CURRENT);
	assert_string_equal(out, "thai-nguyen");
	assert_int_equal(hv_province_canonical("bac-kan", out, sizeof out), HV_PROVINCE_FORMER);
	assert_string_equal(out, "thai-nguyen");
	assert_int_equal(hv_province_canonical("Binh-Duong", out, sizeof out), HV_PROVINCE_FORMER);
	assert_string_equal(out, "ho-chi-minh");
	assert_int_equal(hv_province_canonical("thua-thien-hue", out, sizeof out), HV_PROVINCE_FORMER);
	assert_string_equal(out, "hue");
	assert_int_equal(hv_province_canonical("ha-giang", out, sizeof out), HV_PROVINCE_FORMER);
	assert_string_equal(out, "tuyen-quang");
	assert_int_equal(hv_province_canonical("", out, sizeof out), HV_PROVINCE_NONE);
	assert_string_equal(out, "");
	assert_int_equal(hv_province_canonical("bac-can", out, sizeof out), HV_PROVINCE_UNKNOWN);
	assert_string_equal(out, "");
	/* in place */
	char id[64] = "vinh-phuc";
	assert_int_equal(hv_province_canonical(id, id, sizeof id), HV_PROVINCE_FORMER);
	assert_string_equal(id, "phu-tho");
}

static void
same_unit(void **state)
{
	(void)state;
	assert_true(hv_province_same("bac-kan", "thai-nguyen"));
	assert_true(hv_province_same("hoa-binh", "vinh-phuc")); /* both now Phú Thọ */
	assert_false(hv_province_same("bac-kan", "bac-ninh"));
	assert_false(hv_province_same("", ""));
	assert_false(hv_province_same("nowhere", "nowhere"));
}

static void
explained(void **state)
{
	(void)state;
	char buf[512];
	hv_province_explain("bac-kan", HV_PROVINCE_FORMER, buf, sizeof buf);
	assert_non_null(strstr(buf, "Bắc Kạn"));
	assert_non_null(strstr(buf, "thai-nguyen (Thái Nguyên)"));
	assert_non_null(strstr(buf, "2025-07-01"));
	hv_province_explain("bac-can", HV_PROVINCE_UNKNOWN, buf, sizeof buf);
	assert_non_null(strstr(buf, "\"bac-can\""));
	assert_non_null(strstr(buf, "nearest are bac-kan, "));
	hv_province_explain("hanoi", HV_PROVINCE_UNKNOWN, buf, sizeof buf);
	assert_non_null(strstr(buf, "nearest are ha-noi, "));
}

static void
names(void **state)
{
	(void)state;
	assert_string_equal(hv_province_name("dak-lak"), "Đắk Lắk");
	assert_string_equal(hv_province_name("ba-ria-vung-tau"), "Bà Rịa–Vũng Tàu");
	assert_string_equal(hv_province_name("x-y"), "x-y");
	assert_string_equal(hv_province_name(""), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(table_counts),
	    cmocka_unit_test(canonical_ids),
	    cmocka_unit_test(same_unit),
	    cmocka_unit_test(explained),
	    cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
