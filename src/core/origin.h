/*
 * origin.h -- where a product's origin comes from (doc/protocol.md
 * "The catalog CSV"): how the label states it (Decree
 * 111/2021/ND-CP: made in, or where origin cannot be fixed, assembled,
 * bottled, mixed, finished, packed or labelled at a country) and who said
 * so (a source), with the precedence that decides between sources.
 */
#ifndef HV_ORIGIN_H
#define HV_ORIGIN_H

#include <stdbool.h>

/* How a label states a country. Only MADE_IN and ASSEMBLED say where the
 * product was made; the others name where a last step happened. */
typedef enum {
	HV_ORIGIN_MADE_IN,
	HV_ORIGIN_ASSEMBLED,
	HV_ORIGIN_BOTTLED,
	HV_ORIGIN_MIXED,
	HV_ORIGIN_FINISHED,
	HV_ORIGIN_PACKED,
	HV_ORIGIN_LABELLED,
	HV_ORIGIN_KIND_COUNT
} hv_origin_kind_t;

/* Who said where a product comes from, highest precedence first: the
 * label in hand, the store's own ERP (a CSV without a source column), a
 * supplier's sheet, the office's catalog, an OCOP list, Open Food Facts. */
typedef enum {
	HV_SOURCE_LABEL,
	HV_SOURCE_ERP,
	HV_SOURCE_SUPPLIER,
	HV_SOURCE_OFFICE,
	HV_SOURCE_OCOP,
	HV_SOURCE_OFF,
	HV_SOURCE_COUNT
} hv_source_t;

#define HV_CONFIDENCE_MAX 100

/* The kind's and source's names as catalogs and reports write them
 * ("made_in", "erp"). */
const char *hv_origin_kind_name(hv_origin_kind_t kind);
const char *hv_source_name(hv_source_t source);

/* Parse a name as above (case as written; "" is MADE_IN, or ERP). 0, or
 * -1 when it names none. */
int hv_origin_kind_parse(const char *s, hv_origin_kind_t *kind);
int hv_source_parse(const char *s, hv_source_t *source);

/* A claim's precedence: higher wins (its source first, then confidence). */
int hv_source_rank(hv_source_t source);

/* Whether a label of KIND naming a country says the product was made
 * there (made in, or assembled: the campaign's "hang Viet Nam"). A product
 * only bottled, mixed, finished, packed or labelled in Vietnam is of
 * unknown class. */
bool hv_origin_kind_fixes(hv_origin_kind_t kind);

/* The list of kinds, or of sources, for a message: "made_in, assembled, ...". */
const char *hv_origin_kinds_list(void);
const char *hv_sources_list(void);

#endif
