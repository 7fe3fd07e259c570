/*
 * off.h -- the Open Food Facts dump (the nightly JSONL export, one product
 * a line, gzip-compressed or not) read into catalog claims of source
 * `off`: only a product with a valid GTIN `code`, and only where its
 * places of manufacture (`manufacturing_places_tags`, else the free text
 * `manufacturing_places`) name exactly one country. Never from
 * `countries_tags` (where it is sold) or `origins` (where its ingredients
 * come from). Streams: memory does not grow with the dump, only with the
 * claims the import holds. A line that gives no place of manufacture
 * (most of the dump) is not parsed further: it counts as without a place,
 * whatever else may be wrong with it.
 */
#ifndef HV_OFF_H
#define HV_OFF_H

#include <stddef.h>

#include "catalog.h"

/* What one line gave. */
typedef enum {
	HV_OFF_CLAIM,      /* a claim */
	HV_OFF_NO_GTIN,    /* no code, not a valid GTIN, or a store's own number (prefix 02, 2x, 04) */
	HV_OFF_NO_PLACE,   /* no place of manufacture given */
	HV_OFF_NOT_ONE,    /* its places name no country, or more than one */
	HV_OFF_UNREADABLE, /* not a JSON object */
	HV_OFF_RESULTS
} hv_off_result_t;

typedef struct hv_off_reader hv_off_reader_t;

/* A reader of lines (its JSON parser kept between them). NULL when out of
 * memory. */
hv_off_reader_t *hv_off_reader_new(void);
void hv_off_reader_destroy(hv_off_reader_t **self_p);

/* Read one line (LEN bytes) into *P (source off, its origin, name, brand,
 * first category, confidence by how plain the field was) and EVIDENCE
 * (the field as given); *WHY says what was wrong for HV_OFF_UNREADABLE. */
hv_off_result_t hv_off_read(hv_off_reader_t *self, const char *line, size_t len, hv_product_t *p,
    char evidence[HV_EVIDENCE_MAX + 1], const char **why);

/* What an import saw, by result; the first unreadable line and why. */
typedef struct {
	long lines;
	long by[HV_OFF_RESULTS];
	long repeated; /* a code the dump gave again: the first kept */
	long first_bad_line;
	char first_bad[128];
	long long bytes_in; /* the file's bytes read so far (compressed) */
} hv_off_counts_t;

/* Progress, every 65,536 lines: the counts so far and the file's size
 * (0 when not known). */
typedef void (*hv_off_progress_fn)(void *arg, const hv_off_counts_t *c, long long size);

/* Import the dump at PATH ("-": standard input) into CAT as `off` claims,
 * in one transaction: REPLACE drops the `off` claims it does not give
 * again. A bad line is counted and skipped, never the end of the import.
 * 0, or -1 with a sentence in ERR (the file cannot be read, a database
 * error): then nothing was imported. */
int hv_off_import(hv_catalog_t *cat, const char *path, int replace, hv_off_progress_fn progress,
    void *arg, hv_off_counts_t *counts, char *err, size_t errlen);

#endif
