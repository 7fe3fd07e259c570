/*
 * tag.h -- what hangviet says about a scanned item: its class (domestic,
 * imported, unknown), the basis of that, and what the catalog knows. The
 * keys of a scan or lookup reply; shared by the daemon, the tools and the
 * POS client library (so it depends on nothing but the headers below).
 */
#ifndef HV_TAG_H
#define HV_TAG_H

#include <stdbool.h>

#include "gtin.h"
#include "measure.h"

#define HV_NAME_MAX     255 /* longest product name, in bytes of UTF-8 */
#define HV_CATEGORY_MAX 63  /* longest category id */
#define HV_NOTE_MAX     191 /* longest note, in bytes of UTF-8 */

typedef enum { HV_CLASS_DOMESTIC, HV_CLASS_IMPORTED, HV_CLASS_UNKNOWN } hv_class_t;
typedef enum { HV_BASIS_CATALOG, HV_BASIS_STORE, HV_BASIS_PREFIX, HV_BASIS_NONE } hv_basis_t;

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
	/* Why the code is not a GTIN ("the check digit is wrong", ...), in the
	 * daemon's language; "" for a GTIN. A reply's `note`. */
	char note[HV_NOTE_MAX + 1];
} hv_tag_t;

/* Wire names: "domestic", "imported", "unknown"; "catalog", "store",
 * "prefix", "none". */
const char *hv_class_name(hv_class_t cls);
const char *hv_basis_name(hv_basis_t basis);

#endif
