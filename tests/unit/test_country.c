/*
 * test_country.c -- ISO 3166-1 alpha-2 codes: the ones the catalog uses are
 * known, made-up and malformed ones are not, and every country in the GS1
 * prefix table is a real code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "country.h"
#include "prefix.h"

static void
real_codes_known(void **state)
{
	(void)state;
	const char *codes[] = {"VN", "TH", "CN", "KR", "JP", "US", "DE", "FR", "AD", "ZW", "LA",
	    "KH", "MM", "SG", "MY", "ID", "PH", "TW", "HK", "AU", "NZ"};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (!hv_country_valid(codes[i]))
			fail_msg("%s should be a country", codes[i]);
}

static void
made_up_and_malformed_codes_refused(void **state)
{
	(void)state;
	const char *codes[] = {"XX", "UK", "EU", "AA", "ZZ", "vn", "V", "VNM", "", "V1", "-"};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (hv_country_valid(codes[i]))
			fail_msg("\"%s\" should not be a country", codes[i]);
	assert_false(hv_country_valid(NULL));
}

static void
prefix_table_countries_are_real(void **state)
{
	(void)state;
	for (size_t i = 0; i < hv_prefix_table_len; i++) {
		const char *c = hv_prefix_table[i].country;
		if (c[0] != '\0' && !hv_country_valid(c))
			fail_msg("prefix %03d has country %s", hv_prefix_table[i].first, c);
	}
}

/* Names as Open Food Facts' manufacturing places give them: tags with a
 * language, free text in English, French or Vietnamese; a city or a
 * region is no country. The table itself: sorted, each code a real one. */
static void
country_names(void **state)
{
	(void)state;
	struct {
		const char *text, *code;
	} cases[] = {
	    {"en:vietnam", "VN"}, {"Viet Nam", "VN"}, {"Việt Nam", "VN"}, {"vietnam", "VN"},
	    {"en:china", "CN"}, {"Chine", "CN"}, {"People's Republic of China", "CN"},
	    {"en:south-korea", "KR"}, {"Korea, Republic of", "KR"}, {"USA", "US"},
	    {"United States", "US"}, {"fr:royaume-uni", "GB"}, {"Thái Lan", "TH"},
	    {"en:hanoi", NULL}, {"Bretagne", NULL}, {"EU", NULL}, {"", NULL}, {"korea", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = hv_country_by_name(cases[i].text);
		if ((got == NULL) != (cases[i].code == NULL) ||
		    (got != NULL && strcmp(got, cases[i].code) != 0))
			fail_msg("%s: got %s, want %s", cases[i].text, got ? got : "none",
			    cases[i].code ? cases[i].code : "none");
	}
	for (unsigned i = 0; i < hv_country_names_count; i++) {
		if (!hv_country_valid(hv_country_names[i].code))
			fail_msg("%s: %s is no country", hv_country_names[i].slug, hv_country_names[i].code);
		if (i > 0 && strcmp(hv_country_names[i - 1].slug, hv_country_names[i].slug) >= 0)
			fail_msg("%s is out of order", hv_country_names[i].slug);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(real_codes_known),
	    cmocka_unit_test(made_up_and_malformed_codes_refused),
	    cmocka_unit_test(prefix_table_countries_are_real),
	    cmocka_unit_test(country_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
