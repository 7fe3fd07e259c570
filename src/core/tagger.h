/*
 * tagger.h -- what a scanned code is: domestic, imported or unknown, and on
 * what basis, following doc/protocol.md "Classifying a scanned code":
 *   restricted circulation (in-store) code -> the catalog by item reference
 *                                             (basis store), else unknown
 *   catalog row for the GTIN               -> made_in decides (basis catalog)
 *   GS1 prefix of a member organisation    -> VN domestic, else imported
 *                                             (basis prefix)
 *   anything else (books, ISSN, coupons, refund receipts, demo numbers,
 *   unassigned prefixes)                   -> unknown (basis none)
 * and a code that is not a GTIN at all (a store's own SKU, a POS product
 * code, a mistyped number):
 *   catalog row keyed by that code         -> made_in decides (basis catalog)
 *   else                                   -> unknown (basis none)
 * with a note saying why it is not a GTIN. Every sold line counts
 * (doc/protocol.md, "Classifying", point 5): no code is refused here.
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

/* Tag CODE (1-48 characters, checked by the caller), scanned with
 * symbology SYM, on the local date TODAY (YYYYMMDD, which decides whether
 * an OCOP certificate has lapsed), into *TAG. tag->note is "" for a GTIN
 * read whole, else why it is not one (or why its variable-measure value
 * does not read). A catalog error is logged and the tag falls back
 * to the GS1 prefix. */
void hv_tagger_tag(const hv_tagger_t *t, const char *code, hv_sym_t sym, int today, hv_tag_t *tag);

/* Whether TAG is of a code that is not a GTIN (its gtin is "", its note
 * says why). */
bool hv_tag_is_not_gtin(const hv_tag_t *tag);

#endif
