/*
 * test_catalog_csv.c -- CSV import is all-or-nothing and names each bad row
 * by the line it starts on; export writes back what was imported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "catalog_csv.h"
#include "testutil.h"

#define HEADER "gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category\n"
/* What export writes: the columns above, then code and listed, then the
 * winning claim's origin_kind, source and confidence. */
#define EXPORT_HEADER                                                                              \
	"gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category,code,listed,"        \
	"origin_kind,source,confidence\n"

/* Problems an import reported, as "LINE: MESSAGE" lines. */
typedef struct {
	char text[8192];
	int count;
} problems_t;

typedef struct {
	const char *dir;
	hv_catalog_t *cat;
	problems_t problems;
} fixture_t;

static void
s_on_problem(void *arg, long line, const char *msg)
{
	problems_t *p = arg;
	size_t n = strlen(p->text);
	snprintf(p->text + n, sizeof p->text - n, "%ld: %s\n", line, msg);
	p->count++;
}

static int
s_setup(void **state)
{
	static fixture_t fx;
	char path[600], err[256];
	memset(&fx, 0, sizeof fx);
	fx.dir = hv_test_mkdtemp();
	snprintf(path, sizeof path, "%s/catalog.db", fx.dir);
	fx.cat = hv_catalog_open(path, true, err, sizeof err);
	assert_non_null(fx.cat);
	*state = &fx;
	return 0;
}

static int
s_teardown(void **state)
{
	fixture_t *fx = *state;
	hv_catalog_destroy(&fx->cat);
	hv_test_rmdir(fx->dir);
	return 0;
}

/* Import TEXT; return the import's result code. */
static int
s_import(fixture_t *fx, const char *text, bool replace, hv_csv_result_t *res)
{
	hv_csv_hooks_t hooks = {s_on_problem, NULL, &fx->problems};
	FILE *in = hv_test_stream(text);
	memset(&fx->problems, 0, sizeof fx->problems);
	int rc = hv_catalog_csv_import(fx->cat, in, replace, HV_SOURCE_ERP, &hooks, res);
	fclose(in);
	return rc;
}

static char *
s_export(fixture_t *fx)
{
	static char buf[16384];
	FILE *out = fmemopen(buf, sizeof buf, "w");
	assert_int_equal(hv_catalog_csv_export(fx->cat, out), 0);
	fclose(out);
	return buf;
}

static const char s_good[] =
    HEADER "8935049500018,Trà Thái Nguyên,Tân Cương,VN,VN,4,2027-06-30,thai-nguyen,tea\n"
           "8850006330012,\"Bánh, kẹo Hải Hà\",Hải Hà,TH,VN,0,,,snacks\n"
           "4006381333931,\"Bút \"\"Stabilo\"\"\",Stabilo,DE,DE,,,,stationery\n";

static void
good_file_imports_every_row(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;
	hv_product_t p;

	assert_int_equal(s_import(fx, s_good, true, &res), 0);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.problems, 0);
	assert_int_equal(hv_catalog_count(fx->cat), 3);
	assert_int_equal(hv_catalog_lookup(fx->cat, "8850006330012", &p), 1);
	assert_string_equal(p.name, "Bánh, kẹo Hải Hà");
	assert_string_equal(p.brand_country, "VN");
	assert_string_equal(p.made_in, "TH");
	assert_int_equal(hv_catalog_lookup(fx->cat, "4006381333931", &p), 1);
	assert_string_equal(p.name, "Bút \"Stabilo\"");
	assert_int_equal(hv_catalog_lookup(fx->cat, "8935049500018", &p), 1);
	assert_int_equal(p.ocop, 4);
	assert_int_equal(p.ocop_until, 20270630);
}

static void
export_writes_back_the_same_rows(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;

	assert_int_equal(s_import(fx, s_good, true, &res), 0);
	/* In GTIN order, quoted only where needed, ocop always written. */
	assert_string_equal(s_export(fx),
	    EXPORT_HEADER
	    "4006381333931,\"Bút \"\"Stabilo\"\"\",Stabilo,DE,DE,0,,,stationery,,0,made_in,erp,100\n"
	    "8850006330012,\"Bánh, kẹo Hải Hà\",Hải Hà,TH,VN,0,,,snacks,,0,made_in,erp,100\n"
	    "8935049500018,Trà Thái Nguyên,Tân Cương,VN,VN,4,2027-06-30,thai-nguyen,tea,,0,made_in,"
	    "erp,100\n");
}

/* Products without a GTIN are keyed by the store's code; listed is kept;
 * both come back in export, and export imports again unchanged. */
static void
store_codes_and_listed(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;
	hv_product_t p;
	const char *text = "gtin,code,name,made_in,listed\n"
	                   "8935049500018,,Trà,VN,1\n"
	                   ",BANHMI-01,Bánh mì,VN,1\n"
	                   ",sku 77,Táo Mỹ,US,\n";

	assert_int_equal(s_import(fx, text, true, &res), 0);
	assert_int_equal(hv_catalog_count(fx->cat), 3);
	assert_int_equal(hv_catalog_lookup(fx->cat, "BANHMI-01", &p), 1);
	assert_string_equal(p.code, "BANHMI-01");
	assert_string_equal(p.gtin, "");
	assert_string_equal(p.name, "Bánh mì");
	assert_int_equal(p.listed, 1);
	assert_int_equal(hv_catalog_lookup(fx->cat, "sku 77", &p), 1);
	assert_int_equal(p.listed, 0);
	assert_int_equal(hv_catalog_lookup(fx->cat, "8935049500018", &p), 1);
	assert_string_equal(p.code, "");
	assert_int_equal(p.listed, 1);
	const char *want = EXPORT_HEADER "8935049500018,Trà,,VN,,0,,,,,1,made_in,erp,100\n"
	                                 ",Bánh mì,,VN,,0,,,,BANHMI-01,1,made_in,erp,100\n"
	                                 ",Táo Mỹ,,US,,0,,,,sku 77,0,made_in,erp,100\n";
	assert_string_equal(s_export(fx), want);
	char again[1024];
	snprintf(again, sizeof again, "%s", want);
	assert_int_equal(s_import(fx, again, true, &res), 0);
	assert_string_equal(s_export(fx), want);
}

/* A code row must be a code: not a GTIN, not beside a GTIN, not twice. */
static void
bad_code_rows_named_by_line(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;
	const char *text = "gtin,code,made_in,listed\n"
	                   ",8935049500018,VN,0\n"    /* a GTIN in the code column */
	                   "8935049500018,X1,VN,0\n"  /* both */
	                   ",X2,VN,2\n"               /* listed not 0/1 */
	                   ",X3,VN,0\n"
	                   ",X3,VN,1\n"               /* X3 again */
	                   ",,VN,0\n";                /* neither */

	assert_int_equal(s_import(fx, text, true, &res), -1);
	assert_int_equal(hv_catalog_count(fx->cat), 0);
	assert_non_null(strstr(fx->problems.text, "2: code 8935049500018: code is a GTIN"));
	assert_non_null(strstr(fx->problems.text, "3: a row has a gtin or a code"));
	assert_non_null(strstr(fx->problems.text, "4: listed \"2\" is not 0 or 1"));
	assert_non_null(strstr(fx->problems.text, "6: code X3 is already on line 5"));
	assert_non_null(strstr(fx->problems.text, "7: gtin \"\""));
	assert_int_equal(fx->problems.count, 5);
}

/* Provenance columns: each wrong value named with its line, nothing
 * imported; good ones kept as given. */
static void
bad_provenance_named_by_line(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;
	hv_product_t p;
	const char *text = "gtin,made_in,origin_kind,source,confidence,evidence\n"
	                   "8935049500018,VN,packed,label,90,\"Đóng gói tại Việt Nam\"\n"
	                   "8850006330012,TH,made in,erp,50,\n"   /* a kind with a space */
	                   "4006381333931,DE,made_in,wiki,50,\n"   /* no such source */
	                   "8934567000017,VN,made_in,erp,101,\n"   /* over 100 */
	                   "8934567000024,VN,made_in,erp,-1,\n";   /* under 0 */

	assert_int_equal(s_import(fx, text, true, &res), -1);
	assert_int_equal(hv_catalog_count(fx->cat), 0);
	assert_non_null(strstr(fx->problems.text, "3: origin_kind \"made in\" is not one of made_in,"));
	assert_non_null(strstr(fx->problems.text, "4: source \"wiki\" is not one of label, erp,"));
	assert_non_null(strstr(fx->problems.text, "5: confidence \"101\" is not a number from 0"));
	assert_non_null(strstr(fx->problems.text, "6: confidence \"-1\" is not a number from 0"));
	assert_int_equal(fx->problems.count, 4);

	assert_int_equal(s_import(fx, "gtin,made_in,origin_kind,source,confidence\n"
	                              "8935049500018,VN,packed,label,90\n",
	                     true, &res),
	    0);
	assert_int_equal(hv_catalog_lookup(fx->cat, "8935049500018", &p), 1);
	assert_int_equal(p.origin_kind, HV_ORIGIN_PACKED);
	assert_int_equal(p.source, HV_SOURCE_LABEL);
	assert_int_equal(p.confidence, 90);
}

static void
bad_row_in_the_middle_changes_nothing(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;
	hv_product_t p;

	assert_int_equal(s_import(fx, s_good, true, &res), 0);
	const char *before = strdup(s_export(fx));
	/* Line 3 starts a name spanning two lines (a control character in a
	 * name, a problem of its own); the next bad row starts on line 5. */
	const char *text = HEADER "8934567000017,Nước mắm,Nam Ngư,VN,VN,0,,,sauce\n"
	                          "8934567000024,\"Gạo\nST25\",Ông Cua,VN,VN,0,,,rice\n"
	                          "8934567000031,Bánh,X,XX,VN,0,,,snacks\n"
	                          "8934567000048,Kẹo,Y,VN,VN,0,,,snacks\n";
	assert_int_equal(s_import(fx, text, true, &res), -1);
	assert_int_equal(fx->problems.count, 2);
	assert_string_equal(fx->problems.text,
	    "3: gtin 8934567000024: a text field is not valid UTF-8 or holds control characters\n"
	    "5: made_in \"XX\" is not an ISO 3166-1 alpha-2 country code (such as VN, TH, CN)\n");
	assert_int_equal(res.rows, 4);
	/* The earlier good rows were not imported, the old catalog stands. */
	assert_int_equal(hv_catalog_lookup(fx->cat, "8934567000017", &p), 0);
	assert_string_equal(s_export(fx), before);
	free((void *)before);
}

static void
each_kind_of_bad_row_reported_by_line(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;
	const char *text = HEADER "8935049500015,Bad check,,VN,,0,,,\n"          /* 2 */
	                          "8934567000017,Unknown country,,ZZ,,0,,,\n"    /* 3 */
	                          "8934567000024,Two stars,,VN,,2,,,\n"          /* 4 */
	                          "8934567000031,Bad date,,VN,,3,2026-02-30,,\n" /* 5 */
	                          "8934567000048,Too few fields,VN\n"            /* 6 */
	                          "8934567000055,Dup,,VN,,0,,,\n"                /* 7 */
	                          "8934567000055,Dup again,,VN,,0,,,\n"          /* 8 */
	                          "8934567000062,No country,,,,0,,,\n"           /* 9 */
	                          "8934567000079,Brand,,VN,Việt Nam,0,,,\n";     /* 10 */
	assert_int_equal(s_import(fx, text, true, &res), -1);
	const char *want[] = {
	    "2: gtin \"8935049500015\": the check digit is wrong\n",
	    "3: made_in \"ZZ\" is not an ISO 3166-1 alpha-2",
	    "4: ocop \"2\" is not 0, 3, 4 or 5",
	    "5: ocop_until \"2026-02-30\" is not a date YYYY-MM-DD\n",
	    "6: the row has 3 fields, the header has 9\n",
	    "8: gtin 8934567000055 is already on line 7\n",
	    "9: made_in \"\" is not an ISO 3166-1 alpha-2",
	    "10: brand_country \"Việt Nam\" is not an ISO 3166-1 alpha-2",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (strstr(fx->problems.text, want[i]) == NULL)
			fail_msg("missing \"%s\" in:\n%s", want[i], fx->problems.text);
	assert_int_equal(fx->problems.count, 8);
	assert_int_equal(hv_catalog_count(fx->cat), 0);
}

static void
duplicate_gtin_names_both_lines(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;
	const char *text = HEADER "8934567000055,Dup,,VN,,0,,,\n"
	                          "8934567000017,Other,,VN,,0,,,\n"
	                          "08934567000055,Dup as GTIN-14,,VN,,0,,,\n";
	assert_int_equal(s_import(fx, text, true, &res), -1);
	assert_string_equal(fx->problems.text, "4: gtin 8934567000055 is already on line 2\n");
	assert_int_equal(hv_catalog_count(fx->cat), 0);
}

static void
header_in_any_order_and_minimal(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;
	hv_product_t p;
	/* A spreadsheet's byte order mark, columns reordered, CRLF ends. */
	const char *text = "\xef\xbb\xbf"
	                   "made_in,GTIN\r\nvn,8934567000017\r\nth,8850006330012\r\n";
	assert_int_equal(s_import(fx, text, true, &res), 0);
	assert_int_equal(hv_catalog_lookup(fx->cat, "8934567000017", &p), 1);
	assert_string_equal(p.made_in, "VN");
	assert_string_equal(p.name, "");
	assert_int_equal(hv_catalog_count(fx->cat), 2);
}

static void
comment_lines_skipped_and_counted(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;
	/* Comments before the header and between rows still count as lines. */
	const char *text =
	    "# synthetic data\n# second comment\n" HEADER "8934567000017,A,,VN,,0,,,\n"
	    "# a note\n"
	    "8934567000024,B,,QQ,,0,,,\n";
	assert_int_equal(s_import(fx, text, true, &res), -1);
	assert_int_equal(res.rows, 2);
	assert_string_equal(fx->problems.text,
	    "6: made_in \"QQ\" is not an ISO 3166-1 alpha-2 country code (such as VN, TH, CN)\n");
}

static void
bad_headers_refused(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;

	assert_int_equal(s_import(fx, "gtin,madein\n8934567000017,VN\n", true, &res), -1);
	assert_non_null(strstr(fx->problems.text, "1: unknown column \"madein\""));
	assert_non_null(strstr(fx->problems.text, "made_in and gtin (or code"));
	assert_int_equal(s_import(fx, "gtin,made_in,gtin\n", true, &res), -1);
	assert_non_null(strstr(fx->problems.text, "column \"gtin\" appears twice"));
	assert_int_equal(s_import(fx, "", true, &res), -1);
	assert_non_null(strstr(fx->problems.text, "empty"));

	/* Found by fuzz_catalog_csv: a header wider than 32 columns, then a
	 * row just as wide, read past the column map. Now: one problem,
	 * nothing imported, the rows not looked at. */
	char wide[4096] = "gtin,made_in";
	for (int i = 0; i < 38; i++)
		strcat(wide, ",x");
	strcat(wide, "\n8934567000017,VN");
	for (int i = 0; i < 38; i++)
		strcat(wide, ",1");
	strcat(wide, "\n");
	assert_int_equal(s_import(fx, wide, true, &res), -1);
	assert_non_null(strstr(fx->problems.text, "more than 32 columns"));
	assert_int_equal(res.problems, 1);
}

static void
malformed_quotes_refused(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;
	const char *text = HEADER "8934567000017,\"Unclosed,,VN,,0,,,\n";
	assert_int_equal(s_import(fx, text, true, &res), -1);
	assert_non_null(strstr(fx->problems.text, "2: malformed CSV"));
	assert_int_equal(hv_catalog_count(fx->cat), 0);
}

static void
merge_keeps_other_rows(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;
	hv_product_t p;

	assert_int_equal(s_import(fx, s_good, true, &res), 0);
	assert_int_equal(
	    s_import(fx, "gtin,made_in,name\n8850006330012,VN,Moved\n", false, &res), 0);
	assert_int_equal(hv_catalog_count(fx->cat), 3);
	assert_int_equal(hv_catalog_lookup(fx->cat, "8850006330012", &p), 1);
	assert_string_equal(p.made_in, "VN");
	assert_string_equal(p.name, "Moved");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(good_file_imports_every_row, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(export_writes_back_the_same_rows, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(store_codes_and_listed, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(bad_provenance_named_by_line, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(bad_code_rows_named_by_line, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        bad_row_in_the_middle_changes_nothing, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        each_kind_of_bad_row_reported_by_line, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(duplicate_gtin_names_both_lines, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(header_in_any_order_and_minimal, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(comment_lines_skipped_and_counted, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(bad_headers_refused, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(malformed_quotes_refused, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(merge_keeps_other_rows, s_setup, s_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
