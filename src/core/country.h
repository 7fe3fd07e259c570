/*
 * country.h -- ISO 3166-1 alpha-2 country codes, as the catalog's made_in
 * and brand_country columns and the wire's `country` key carry them.
 */
#ifndef HV_COUNTRY_H
#define HV_COUNTRY_H

#include <stdbool.h>

/* Whether CODE is an assigned ISO 3166-1 alpha-2 code, in capitals ("VN").
 * NULL and anything not two capital letters give false. */
bool hv_country_valid(const char *code);

/* A country's name as free text says it ("Viet Nam", "Vietnam", "Việt Nam",
 * "en:south-korea", "Chine", "United States of America"): its slug
 * (hv_text_slug; a "xx:" language prefix dropped) looked up among the
 * names of data/country-names.tsv. Returns the code ("VN"), or NULL when
 * the text names no country (a city, a region, "EU", ""). */
const char *hv_country_by_name(const char *text);

/* data/country-names.tsv, compiled in: sorted by slug. */
typedef struct {
	const char *slug;
	const char *code;
} hv_country_name_t;
extern const hv_country_name_t hv_country_names[];
extern const unsigned hv_country_names_count;

#endif
