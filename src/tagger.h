/*
 * tagger.h -- what a scanned code is: domestic, imported or unknown, and on
 * what basis, following DESIGN.md "Classifying a scanned code":
 *   restricted circulation (in-store) code -> the catalog by item reference
 *                                             (basis store), else unknown
 *   catalog row for the GTIN               -> made_in decides (basis catalog)
 *   GS1 prefix of a member organisation    -> VN domestic, else imported
 *                                             (basis prefix)
 *   anything else (books, ISSN, coupons, refund receipts, demo numbers,
 *   unassigned prefixes)                   -> unknown (basis none)
 */
#ifndef HV_TAGGER_H
#define HV_TAGGER_H

#include <stdbool.h>

#include "catalog.h"
#include "gtin.h"
#include "measure.h"

typedef enum { HV_CLASS_DOMESTIC, HV_CLASS_IMPORTED, HV_CLASS_UNKNOWN } hv_class_t;
typedef enum { HV_BASIS_CATALOG, HV_BASIS_STORE, HV_BASIS_PREFIX, HV_BASIS_NONE } hv_basis_t;

/* What the tagger needs to know about the store. */
typedef struct {
	hv_catalog_t *catalog;              /* borrowed; NULL: no catalog */
	const char *province;               /* the store's province id; NULL or "": none */
	const hv_measure_table_t *measures; /* variable-measure layouts; NULL: none */
} hv_tagger_t;

/* The tag of one code: the keys of a scan or lookup reply. */
typedef struct {
	hv_class_t cls;                     /* domestic, imported or unknown */
	hv_basis_t basis;                   /* what the class rests on */
	char country[3];                    /* made_in, or the prefix's country, or "" */
	int ocop;                           /* OCOP stars, 0 once the certificate lapsed */
	bool local;                         /* made in the store's own province */
	bool vn_brand;                      /* the brand owner is Vietnamese */
	char gtin[HV_GTIN_MAX + 1];         /* normalised; an item reference for variable measure */
	char name[HV_NAME_MAX + 1];         /* product name, "" when unknown */
	char category[HV_CATEGORY_MAX + 1]; /* category, "" when unknown */
	hv_measure_t measure;               /* price or weight in a variable-measure code */
} hv_tag_t;

/* Tag CODE, scanned with symbology SYM, on the local date TODAY (YYYYMMDD,
 * which decides whether an OCOP certificate has lapsed). Returns 0 with
 * *TAG filled, or -1 with *WHY saying why the code is bad (bad_code). A
 * catalog error is logged and the tag falls back to the GS1 prefix. */
int hv_tagger_tag(const hv_tagger_t *t, const char *code, hv_sym_t sym, int today, hv_tag_t *tag,
    const char **why);

/* Wire names: "domestic", "imported", "unknown"; "catalog", "store",
 * "prefix", "none". */
const char *hv_class_name(hv_class_t cls);
const char *hv_basis_name(hv_basis_t basis);

#endif
