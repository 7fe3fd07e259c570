/*
 * test_tagger.c -- the classification rules of DESIGN.md with concrete
 * codes: catalog beats prefix, VN vs other prefixes, every special range of
 * the prefix data file, in-store and variable-measure codes, lapsed OCOP
 * certificates, local products.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "catalog_csv.h"
#include "tagger.h"
#include "testutil.h"

#define TODAY 20261126

static const char s_catalog[] =
    "gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category\n"
    /* Thai prefix, made in Vietnam. */
    "8850006330012,Dầu gội,Sunsilk,VN,GB,0,,,care\n"
    /* Vietnamese prefix and brand, made in China. */
    "8934567000017,Nồi cơm điện,Sunhouse,CN,VN,0,,,home\n"
    /* OCOP tea from Thai Nguyen, certificate lapsed yesterday. */
    "8934567000024,Trà Tân Cương,HTX Tân Cương,VN,VN,4,2026-11-25,thai-nguyen,tea\n"
    /* OCOP tea valid until tomorrow; another with no date given. */
    "8934567000031,Trà móc câu,HTX La Bằng,VN,VN,5,2026-11-27,Thai-Nguyen,tea\n"
    "8934567000048,Miến dong,HTX Việt Cường,VN,VN,3,,thai-nguyen,noodles\n"
    /* In-store item references: pork by price, rice by weight, an RCN-8. */
    "2112340000003,Thịt heo,,VN,,0,,,meat\n"
    "2812340000002,Gạo ST25,,VN,,0,,soc-trang,rice\n"
    "20123451,Bánh mì,,VN,,0,,,bakery\n";

typedef struct {
	const char *dir;
	hv_catalog_t *cat;
	hv_measure_table_t measures;
	hv_tagger_t tagger;
} fixture_t;

static int
s_setup(void **state)
{
	static fixture_t fx;
	char path[600], err[256];
	hv_csv_result_t res;
	const char *why;

	memset(&fx, 0, sizeof fx);
	fx.dir = hv_test_mkdtemp();
	snprintf(path, sizeof path, "%s/catalog.db", fx.dir);
	fx.cat = hv_catalog_open(path, true, err, sizeof err);
	assert_non_null(fx.cat);
	FILE *in = hv_test_stream(s_catalog);
	assert_int_equal(hv_catalog_csv_import(fx.cat, in, true, HV_SOURCE_ERP, NULL, &res), 0);
	fclose(in);
	assert_int_equal(hv_measure_table_set(&fx.measures, "21", "price PPPPPPVVVVVV", &why), 0);
	assert_int_equal(
	    hv_measure_table_set(&fx.measures, "28", "weight PPPPPPCVVVVV 3", &why), 0);
	fx.tagger = (hv_tagger_t){fx.cat, "thai-nguyen", &fx.measures};
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

static hv_tag_t
s_tag(const hv_tagger_t *t, const char *code, int today)
{
	hv_tag_t tag;
	hv_tagger_tag(t, code, HV_SYM_ANY, today, &tag);
	return tag;
}

static void
s_expect(const hv_tag_t *tag, const char *cls, const char *country, const char *basis)
{
	assert_string_equal(hv_class_name(tag->cls), cls);
	assert_string_equal(tag->country, country);
	assert_string_equal(hv_basis_name(tag->basis), basis);
}

static void
catalog_beats_prefix(void **state)
{
	fixture_t *fx = *state;
	hv_tag_t t = s_tag(&fx->tagger, "8850006330012", TODAY);
	s_expect(&t, "domestic", "VN", "catalog");
	assert_string_equal(t.name, "Dầu gội");
	assert_false(t.vn_brand);

	t = s_tag(&fx->tagger, "8934567000017", TODAY);
	s_expect(&t, "imported", "CN", "catalog");
	assert_true(t.vn_brand); /* hàng thương hiệu Việt, made abroad */
}

/* Decree 111/2021: a label that only says where a last step happened. A
 * product only packed or bottled in Vietnam is of unknown origin; packed
 * abroad it still came from abroad; assembled in Vietnam is Vietnamese. */
static void
origin_kinds_on_the_label(void **state)
{
	fixture_t *fx = *state;
	hv_csv_result_t res;
	FILE *in = hv_test_stream(
	    "gtin,name,made_in,origin_kind,source,confidence\n"
	    "8935049500018,Nước khoáng,VN,bottled,label,90\n"
	    "8851234500017,Bánh quy,TH,packed,supplier,70\n"
	    "6901234567892,Quạt điện,VN,assembled,label,100\n"
	    "8801000000012,Kim chi,VN,made_in,erp,\n");
	assert_int_equal(hv_catalog_csv_import(fx->cat, in, false, HV_SOURCE_ERP, NULL, &res), 0);
	fclose(in);
	hv_tag_t t = s_tag(&fx->tagger, "8935049500018", TODAY);
	s_expect(&t, "unknown", "", "catalog"); /* not the prefix's "domestic" either */
	t = s_tag(&fx->tagger, "8851234500017", TODAY);
	s_expect(&t, "imported", "TH", "catalog");
	t = s_tag(&fx->tagger, "6901234567892", TODAY);
	s_expect(&t, "domestic", "VN", "catalog");
	t = s_tag(&fx->tagger, "8801000000012", TODAY);
	s_expect(&t, "domestic", "VN", "catalog");
}

static void
prefix_vn_versus_others(void **state)
{
	fixture_t *fx = *state;
	hv_tag_t t = s_tag(&fx->tagger, "8935049500018", TODAY);
	s_expect(&t, "domestic", "VN", "prefix");
	assert_true(t.vn_brand);
	assert_string_equal(t.name, "");
	struct {
		const char *code, *country;
	} others[] = {
	    {"8851234500017", "TH"},
	    {"6901234567892", "CN"},
	    {"8801000000012", "KR"},
	    {"4500000000018", "JP"},
	    {"4006381333931", "DE"},
	    {"036000291452", "US"},
	};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		t = s_tag(&fx->tagger, others[i].code, TODAY);
		s_expect(&t, "imported", others[i].country, "prefix");
		assert_false(t.vn_brand);
	}
}

/* The test's own GS1 check digit: weights 3,1 from the right. */
static char
s_check(const char *d)
{
	int sum = 0, n = (int)strlen(d);
	for (int i = 0; i < n; i++)
		sum += (d[n - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
	return (char)('0' + (10 - sum % 10) % 10);
}

static void
every_special_range_of_the_data_file_is_unknown(void **state)
{
	fixture_t *fx = *state;
	char path[4096], line[512];
	const char *srcdir = getenv("HV_SRCDIR");
	int ranges = 0;

	snprintf(path, sizeof path, "%s/data/gs1-prefixes.tsv", srcdir ? srcdir : ".");
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f) != NULL) {
		int first, last;
		char country[8];
		if (line[0] == '#' || sscanf(line, "%d\t%d\t%7s", &first, &last, country) != 3 ||
		    strcmp(country, "-") != 0)
			continue;
		ranges++;
		for (int prefix = first; prefix <= last;
		     prefix += (last > first ? last - first : 1)) {
			char code[14];
			snprintf(code, sizeof code, "%03d765432101", prefix);
			code[12] = s_check(code);
			code[13] = '\0';
			hv_tag_t t = s_tag(&fx->tagger, code, TODAY);
			if (t.cls != HV_CLASS_UNKNOWN || t.basis != HV_BASIS_NONE || t.country[0])
				fail_msg("%s (prefix %03d): %s/%s/%s", code, prefix,
				    hv_class_name(t.cls), hv_basis_name(t.basis), t.country);
		}
	}
	fclose(f);
	assert_int_equal(ranges, 13);
}

static void
books_issn_coupons_refunds_demo_unknown(void **state)
{
	fixture_t *fx = *state;
	const char *codes[] = {
	    "9780140449136", /* a book (ISBN) */
	    "9771234567003", /* a periodical (ISSN) */
	    "9900000000011", /* a coupon */
	    "9800000000014", /* a refund receipt */
	    "9520000000011", /* GS1 demonstration number */
	    "512345678900",  /* UPC coupon, prefix 051 */
	    "1400000000014", /* a prefix no organisation holds */
	};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		hv_tag_t t = s_tag(&fx->tagger, codes[i], TODAY);
		s_expect(&t, "unknown", "", "none");
	}
}

static void
lapsed_ocop_certificate_counts_no_stars(void **state)
{
	fixture_t *fx = *state;
	hv_tag_t t = s_tag(&fx->tagger, "8934567000024", TODAY);
	assert_int_equal(t.ocop, 0);                       /* lapsed 2026-11-25 */
	t = s_tag(&fx->tagger, "8934567000024", 20261125); /* its last day */
	assert_int_equal(t.ocop, 4);
	t = s_tag(&fx->tagger, "8934567000031", TODAY);
	assert_int_equal(t.ocop, 5);
	t = s_tag(&fx->tagger, "8934567000031", 20261128);
	assert_int_equal(t.ocop, 0);
	t = s_tag(&fx->tagger, "8934567000048", 20991231); /* no date given */
	assert_int_equal(t.ocop, 3);
}

static void
local_means_the_stores_province(void **state)
{
	fixture_t *fx = *state;
	hv_tag_t t = s_tag(&fx->tagger, "8934567000024", TODAY);
	assert_true(t.local);
	t = s_tag(&fx->tagger, "8934567000031", TODAY); /* "Thai-Nguyen" */
	assert_true(t.local);
	t = s_tag(&fx->tagger, "8850006330012", TODAY); /* no province */
	assert_false(t.local);
	hv_tagger_t hanoi = {fx->cat, "ha-noi", NULL};
	t = s_tag(&hanoi, "8934567000024", TODAY);
	assert_false(t.local);
	hv_tagger_t none = {fx->cat, NULL, NULL};
	t = s_tag(&none, "8934567000024", TODAY);
	assert_false(t.local);
	t = s_tag(&fx->tagger, "8935049500018", TODAY); /* prefix only */
	assert_false(t.local);
}

static void
variable_measure_codes_by_item_reference(void **state)
{
	fixture_t *fx = *state;
	hv_tag_t t = s_tag(&fx->tagger, "2112340450006", TODAY);
	s_expect(&t, "domestic", "VN", "store");
	assert_string_equal(t.name, "Thịt heo");
	assert_string_equal(t.gtin, "2112340000003");
	assert_int_equal(t.measure.kind, HV_MEASURE_PRICE);
	assert_int_equal(t.measure.value, 45000);

	t = s_tag(&fx->tagger, "2812347012503", TODAY);
	s_expect(&t, "domestic", "VN", "store");
	assert_string_equal(t.gtin, "2812340000002");
	assert_int_equal(t.measure.kind, HV_MEASURE_WEIGHT);
	assert_int_equal(t.measure.value, 1250);
	assert_false(t.local); /* Sóc Trăng rice in a Thái Nguyên store */

	/* A wrong price check digit: still a sold line, unknown, with a note. */
	hv_tag_t bad = s_tag(&fx->tagger, "2812346012504", TODAY);
	s_expect(&bad, "unknown", "", "none");
	assert_non_null(strstr(bad.note, "price check digit"));
}

static void
in_store_codes_without_layout_or_row(void **state)
{
	fixture_t *fx = *state;
	hv_tagger_t plain = {fx->cat, "thai-nguyen", NULL};
	/* No layout: the whole code is looked up, and is not in the catalog. */
	hv_tag_t t = s_tag(&plain, "2112340450006", TODAY);
	s_expect(&t, "unknown", "", "none");
	assert_string_equal(t.gtin, "2112340450006");
	/* An RCN-8 that is in the catalog. */
	t = s_tag(&plain, "20123451", TODAY);
	s_expect(&t, "domestic", "VN", "store");
	assert_string_equal(t.name, "Bánh mì");
	/* UPC-A in-store codes (prefixes 02x and 04x) not in the catalog. */
	t = s_tag(&plain, "212345678909", TODAY);
	s_expect(&t, "unknown", "", "none");
	t = s_tag(&plain, "412345678903", TODAY);
	s_expect(&t, "unknown", "", "none");
}

static void
no_catalog_classifies_by_prefix(void **state)
{
	(void)state;
	hv_tagger_t bare = {NULL, NULL, NULL};
	hv_tag_t t = s_tag(&bare, "8850006330012", TODAY);
	s_expect(&t, "imported", "TH", "prefix");
}

/* A code that is no GTIN is still tagged: unknown, no GTIN, a note. */
static void
not_a_gtin_is_unknown_with_a_note(void **state)
{
	fixture_t *fx = *state;
	hv_tag_t t = s_tag(&fx->tagger, "8935049500015", TODAY);
	s_expect(&t, "unknown", "", "none");
	assert_string_equal(t.gtin, "");
	assert_non_null(strstr(t.note, "check digit"));
	assert_true(hv_tag_is_not_gtin(&t));
	t = s_tag(&fx->tagger, "SKU-0042", TODAY);
	s_expect(&t, "unknown", "", "none");
	assert_true(t.note[0] != '\0');
	/* A GTIN carries no note. */
	t = s_tag(&fx->tagger, "8850006330012", TODAY);
	assert_string_equal(t.note, "");
	assert_false(hv_tag_is_not_gtin(&t));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(catalog_beats_prefix, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(prefix_vn_versus_others, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(origin_kinds_on_the_label, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        every_special_range_of_the_data_file_is_unknown, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        books_issn_coupons_refunds_demo_unknown, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        lapsed_ocop_certificate_counts_no_stars, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(local_means_the_stores_province, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        variable_measure_codes_by_item_reference, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        in_store_codes_without_layout_or_row, s_setup, s_teardown),
	    cmocka_unit_test(no_catalog_classifies_by_prefix),
	    cmocka_unit_test_setup_teardown(not_a_gtin_is_unknown_with_a_note, s_setup, s_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
