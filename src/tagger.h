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
#include "tag.h"

/* What the tagger needs to know about the store. */
typedef struct {
	hv_catalog_t *catalog;              /* borrowed; NULL: no catalog */
	const char *province;               /* the store's province id; NULL or "": none */
	const hv_measure_table_t *measures; /* variable-measure layouts; NULL: none */
} hv_tagger_t;

/* Tag CODE, scanned with symbology SYM, on the local date TODAY (YYYYMMDD,
 * which decides whether an OCOP certificate has lapsed). Returns 0 with
 * *TAG filled, or -1 with *WHY saying why the code is bad (bad_code). A
 * catalog error is logged and the tag falls back to the GS1 prefix. */
int hv_tagger_tag(const hv_tagger_t *t, const char *code, hv_sym_t sym, int today, hv_tag_t *tag,
    const char **why);

#endif
