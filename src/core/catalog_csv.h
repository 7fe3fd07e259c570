/*
 * catalog_csv.h -- the catalog as CSV, the way an IT person moves it:
 *   gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category,code,listed
 * Only made_in and a key are required: gtin, or for a product without a
 * GTIN the store's code (a row has one of them); columns may come in any
 * order. listed is 0 or 1 (the store keeps it on its shelves). province is
 * an id of province.h, current or former (kept as the current one).
 * Lines starting with # between rows are comments.
 */
#ifndef HV_CATALOG_CSV_H
#define HV_CATALOG_CSV_H

#include <stdbool.h>
#include <stdio.h>

#include "catalog.h"

/* Where an import reports to. Any hook may be NULL. */
typedef struct {
	/* A row (or the header) that cannot be imported: LINE is where the row
	 * starts (1 = the header), MSG a sentence for a person. */
	void (*problem)(void *arg, long line, const char *msg);
	/* Called every 65,536 rows with the number read so far. */
	void (*progress)(void *arg, long rows);
	void *arg;
} hv_csv_hooks_t;

/* What an import did. */
typedef struct {
	long rows;     /* data rows read */
	long problems; /* rows (or header) reported as problems */
	/* Rows whose province is a former one (bac-kan), kept as the unit it is
	 * part of now (thai-nguyen); the first such row's line and id. */
	long former;
	long former_line;
	char former_id[64];
} hv_csv_result_t;

/* Import CSV from IN into CAT: all rows, or nothing when any row has a
 * problem (each reported through HOOKS). Each row is the claim of the
 * source its `source` column names, or of SOURCE. REPLACE: the file's
 * claims become all that SOURCE (and each source its rows name) claims
 * (catalog.h); otherwise they are added to, or replace, existing ones.
 * Returns 0 when imported, -1 when not (problems, or a database or read
 * error reported as a problem on line 0). */
int hv_catalog_csv_import(hv_catalog_t *cat, FILE *in, bool replace, hv_source_t source,
    const hv_csv_hooks_t *hooks, hv_csv_result_t *result);

/* Import an OCOP list from IN into CAT as claims of source ocop, as
 * hv_catalog_csv_import does a catalog CSV: header
 * product,gtin,code,producer,stars,province,decision,valid_until,category
 * (any order; gtin or code, stars 3-5, the certifying province and
 * valid_until required on every row; the decision is the claim's
 * evidence); every product on it is made in Vietnam. */
int hv_catalog_ocop_import(
    hv_catalog_t *cat, FILE *in, bool replace, const hv_csv_hooks_t *hooks, hv_csv_result_t *result);

/* The export's header line, and one product as its row (a product whose
 * made_in is "" -- a code still to be found out -- with origin_kind,
 * source and confidence empty too); the row returns 0, or -1 on a write
 * error. */
void hv_catalog_csv_header(FILE *out);
int hv_catalog_csv_row(FILE *out, const hv_product_t *p);

/* Write the whole catalog to OUT as CSV with the standard header.
 * Returns 0, or -1 on a database or write error (errno set for writes). */
int hv_catalog_csv_export(hv_catalog_t *cat, FILE *out);

#endif
