/*
 * test_json_read.c -- a vendor's JSON read by type (plugin/json_read.h):
 * absent, null and wrongly typed fields are no values, numbers may come as
 * text, money is rounded to the đồng, and a document cut short or followed
 * by more text is refused with where it broke.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "json_read.h"

static void
fields_are_read_by_type(void **state)
{
	const char *text = "{\"id\": 9007199254740, \"code\": \"HD0001\", \"q\": 0.42, \"p\": \"45000.5\","
	                   " \"n\": null, \"arr\": [1, 2], \"obj\": {\"x\": 1}, \"neg\": -1500.49}";
	char err[128], buf[32];
	json_object *o = hv_json_parse(text, strlen(text), err, sizeof err);
	int64_t i;
	double d;

	(void)state;
	assert_non_null(o);
	assert_true(hv_json_int(o, "id", &i));
	assert_int_equal(i, 9007199254740LL);
	assert_true(hv_json_text(o, "id", buf, sizeof buf)); /* an id as text */
	assert_string_equal(buf, "9007199254740");
	assert_true(hv_json_text(o, "code", buf, sizeof buf));
	assert_string_equal(buf, "HD0001");
	assert_true(hv_json_number(o, "q", &d));
	assert_true(d > 0.419 && d < 0.421);
	assert_false(hv_json_int(o, "q", &i)); /* a fraction is no integer */
	assert_true(hv_json_money(o, "p", &i)); /* text that is a number */
	assert_int_equal(i, 45001);
	assert_true(hv_json_money(o, "neg", &i));
	assert_int_equal(i, -1500);
	assert_false(hv_json_text(o, "n", buf, sizeof buf));
	assert_string_equal(buf, "");
	assert_false(hv_json_number(o, "missing", &d));
	assert_false(hv_json_number(o, "code", &d));
	assert_false(hv_json_text(o, "obj", buf, sizeof buf));
	assert_non_null(hv_json_array(o, "arr"));
	assert_null(hv_json_array(o, "obj"));
	assert_null(hv_json_get(hv_json_get(o, "arr"), "x")); /* not an object */
	json_object_put(o);
}

static void
broken_documents_are_refused_with_where(void **state)
{
	char err[128];
	const char *cut = "{\"total\": 3, \"data\": [{\"id\": 1}, {\"id\"";
	const char *more = "{\"a\": 1} trailing";
	const char *spaces = "{\"a\": 1}\n  ";

	(void)state;
	assert_null(hv_json_parse(cut, strlen(cut), err, sizeof err));
	assert_non_null(strstr(err, "ends too early"));
	assert_null(hv_json_parse(more, strlen(more), err, sizeof err));
	assert_non_null(strstr(err, "byte 9"));
	json_object *o = hv_json_parse(spaces, strlen(spaces), err, sizeof err);
	assert_non_null(o);
	json_object_put(o);
	assert_null(hv_json_parse("{\"a\": tru}", 10, err, sizeof err));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fields_are_read_by_type),
	    cmocka_unit_test(broken_documents_are_refused_with_where),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
