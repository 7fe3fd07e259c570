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

#endif
