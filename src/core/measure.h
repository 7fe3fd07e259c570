/*
 * measure.h -- variable-measure codes: in-store barcodes (restricted
 * circulation prefixes) that carry a price or a weight inside the number.
 *
 * A store configures, per two-digit prefix, a layout of the 12 digits before
 * the final check digit, written as GS1 member organisations publish them:
 * P for item reference (the prefix itself is the first two P), V for the
 * value, C for the price check digit. For example
 *   "price PPPPPPVVVVVV"     item 2x+4 digits, price in VND
 *   "weight PPPPPPCVVVVV 3"  item 2x+4 digits, check, weight with 3 decimals
 */
#ifndef HV_MEASURE_H
#define HV_MEASURE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
	HV_MEASURE_NONE = 0, /* not a variable-measure code */
	HV_MEASURE_PRICE,    /* the value is the price in VND */
	HV_MEASURE_WEIGHT    /* the value is a weight with `decimals` decimals */
} hv_measure_kind_t;

/* One prefix's layout. */
typedef struct {
	hv_measure_kind_t kind; /* HV_MEASURE_NONE: no layout for this prefix */
	int decimals;           /* digits after the decimal point (weight) */
	char pattern[13];       /* 12 characters of P, V and C, NUL-terminated */
} hv_measure_layout_t;

/* Layouts by two-digit prefix (00-99); a zeroed table has none. */
typedef struct {
	hv_measure_layout_t by_prefix[100];
} hv_measure_table_t;

/* What a variable-measure code says. */
typedef struct {
	hv_measure_kind_t kind; /* HV_MEASURE_NONE when the code has no layout */
	int decimals;           /* as in the layout */
	int64_t value;          /* the encoded value, as an integer */
	char itemref[14];       /* the code with the value zeroed, check digits redone */
} hv_measure_t;

/* Parse SPEC ("price PATTERN" or "weight PATTERN DECIMALS") into *OUT.
 * Returns 0, or -1 with *WHY saying what is wrong. */
int hv_measure_layout_parse(const char *spec, hv_measure_layout_t *out, const char **why);

/* Set the layout for the two-digit PREFIX ("02", "20".."29", "04") from
 * SPEC. Returns 0, or -1 with *WHY set; the table is unchanged then. */
int hv_measure_table_set(
    hv_measure_table_t *t, const char *prefix, const char *spec, const char **why);

/* Decode the 13-digit GTIN against the layout for its first two digits in T
 * (T may be NULL). Sets OUT->kind to HV_MEASURE_NONE when there is none.
 * Returns 0, or -1 with *WHY set when the price check digit is wrong. */
int hv_measure_decode(
    const hv_measure_table_t *t, const char *gtin13, hv_measure_t *out, const char **why);

/* The GS1 price/weight check digit (0-9) of the 4 or 5 digits at V. */
int hv_measure_check_digit(const char *v, int n);

#endif
