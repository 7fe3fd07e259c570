/*
 * catalog.h -- the product catalog, catalog.db in the state directory:
 * one row per GTIN saying where the product was made, whose brand it is,
 * its OCOP stars, province and category, and whether the store lists it.
 * Each source's claim about a product is kept (table claim); the product
 * row the tagger reads is made from them: where it was made, and how the
 * label says so, from the claim of the highest precedence (its source,
 * then its confidence, then the newest); each other field from the
 * highest claim that gives it (an OCOP list adds its stars to the ERP's
 * row); listed when any claim lists it.
 * A product without a GTIN (a counter item, a SaaS POS's product code) has
 * a row keyed by the store's code instead: a code that is never a GTIN,
 * so the two kinds of key cannot meet.
 *
 * Readers see a consistent catalog while an import runs (SQLite WAL); an
 * import is one transaction: it lands whole or not at all.
 */
#ifndef HV_CATALOG_H
#define HV_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gtin.h"
#include "origin.h"
#include "tag.h"

#define HV_BRAND_MAX    127
#define HV_PROVINCE_MAX 63

/* One product, as a catalog row holds it. */
typedef struct {
	char gtin[HV_GTIN_MAX + 1];         /* normalised GTIN (gtin.h), "" for a code row */
	char code[HV_CODE_MAX + 1];         /* the store's code (no GTIN), "" for a GTIN row */
	char name[HV_NAME_MAX + 1];         /* "" when not given */
	char brand[HV_BRAND_MAX + 1];       /* "" when not given */
	char made_in[3];                    /* ISO 3166-1 alpha-2, required */
	char brand_country[3];              /* ISO alpha-2, "" when not given */
	int ocop;                           /* OCOP stars: 0, or 3 to 5 */
	int ocop_until;                     /* last valid day YYYYMMDD, 0: none given */
	char province[HV_PROVINCE_MAX + 1]; /* province id, "" when not given */
	char category[HV_CATEGORY_MAX + 1]; /* category id, "" when not given */
	int listed;                         /* 1: the store keeps it on its shelves */
	hv_origin_kind_t origin_kind;       /* how the label states made_in */
	hv_source_t source;                 /* who said so */
	int confidence;                     /* 0..100: how sure the source is */
} hv_product_t;

#define HV_EVIDENCE_MAX 255

/* One source's claim about a product: the product as that source gives it
 * (source, origin_kind and confidence included), what it said in its own
 * words, and the day the claim was imported (YYYYMMDD). */
typedef struct {
	hv_product_t p;
	char evidence[HV_EVIDENCE_MAX + 1];
	int day;
} hv_claim_t;

/* A product's key: its GTIN, or its code when it has none. */
const char *hv_product_key(const hv_product_t *p);

typedef struct hv_catalog hv_catalog_t;

/* Open the catalog at PATH. Read-only: a missing file is an empty catalog.
 * Writable: the file is created, and its schema brought up to date.
 * Returns the catalog, or NULL with a message for a person in ERR. */
hv_catalog_t *hv_catalog_open(const char *path, bool writable, char *err, size_t errlen);

/* Close the catalog and set *SELF_P to NULL. Accepts NULL and *SELF_P NULL. */
void hv_catalog_destroy(hv_catalog_t **self_p);

/* Look up KEY: a normalised GTIN, or a store code that is not a GTIN.
 * Returns 1 and fills *OUT when found, 0 when not, -1 on a database error
 * (hv_catalog_error says which). */
int hv_catalog_lookup(hv_catalog_t *self, const char *key, hv_product_t *out);

/* Hold one consistent snapshot of the catalog for many lookups: between
 * begin and end, lookups skip per-lookup locking (several times faster) and
 * do not see imports that commit meanwhile. Lookups in a snapshot are
 * also remembered (product_cache.h), and answered from memory in later
 * snapshots while the catalog has not changed since. Both return 0 or -1; both do
 * nothing on an empty (file-less) catalog or a NULL one. Do not hold a snapshot for long
 * in a process that must see new imports. */
int hv_catalog_snapshot_begin(hv_catalog_t *self);
int hv_catalog_snapshot_end(hv_catalog_t *self);

/* Number of products, or -1 on error. */
int64_t hv_catalog_count(hv_catalog_t *self);

/* The products the store lists (on its shelves, `listed`): made in Vietnam
 * into *DOMESTIC, the others into *OTHER. 0, or -1 (hv_catalog_error). */
int hv_catalog_listed(hv_catalog_t *self, int64_t *domestic, int64_t *other);

/* Call FN for every product in key order until it returns non-zero.
 * Returns 0, FN's non-zero value, or -1 on a database error. */
int hv_catalog_each(hv_catalog_t *self, int (*fn)(const hv_product_t *p, void *arg), void *arg);

/* Call FN with each claim held about KEY, the winner's first (then in
 * order of precedence), until it returns non-zero. Returns 0 when there
 * is none, the number of claims, FN's negative value, or -1 on a database
 * error. */
int hv_catalog_claims(hv_catalog_t *self, const char *key,
    int (*fn)(const hv_claim_t *c, void *arg), void *arg);

/* Why a product may not be stored (not exactly one of gtin and code, a
 * code that is a GTIN, bad country code, ocop stars, ...), as a static
 * English sentence naming the field, or NULL when it is fine. */
const char *hv_product_problem(const hv_product_t *p);

/* Import: begin, put each row, then commit or abort. All of it is one
 * write transaction: nothing is visible to readers before commit, and
 * abort (or destroy) leaves the catalog as it was. Each row put is its
 * source's claim (replacing that source's earlier claim on the product).
 * REPLACE: at commit, the claims of each source this import put that it
 * did not put again are dropped (a product no source claims any more
 * leaves the catalog); otherwise they stay. Put returns 0, -1 on a
 * database error, or 1 when the GTIN (or code) was already put in this
 * import, with the line it came from in *FIRST_LINE; EVIDENCE may be NULL.
 * Begin and commit return 0 or -1. */
int hv_catalog_stage_begin(hv_catalog_t *self, bool replace);
int hv_catalog_stage_put(hv_catalog_t *self, const hv_product_t *p, const char *evidence,
    long line, long *first_line);
int hv_catalog_stage_commit(hv_catalog_t *self);
/* Say that the import speaks for SOURCE even if it puts none of its rows
 * (a replacing import of an empty file drops all of that source's). */
void hv_catalog_stage_source(hv_catalog_t *self, hv_source_t source);
void hv_catalog_stage_abort(hv_catalog_t *self);

/* Inside an import: drop SOURCE's claim on KEY (a product an office took
 * back), the product made anew from the claims left, or gone when none
 * is. 0, or -1 on a database error. */
int hv_catalog_stage_drop(hv_catalog_t *self, const char *key, hv_source_t source);

/* ---- versions (the `catalog` sync op, doc/protocol.md "The office's catalog")
 * Each import that changes a product row makes the next version of the
 * catalog; every row carries the version that last changed it, and a key
 * that left the catalog is remembered with the version it left in. */
#define HV_CATALOG_VERSION        "version"        /* this catalog's own version */
#define HV_CATALOG_OFFICE_VERSION "office_version" /* the office's, applied here */

/* The number meta KEY holds: 0 when none (or before schema 5), -1 on a
 * database error. */
int64_t hv_catalog_meta(hv_catalog_t *self, const char *key);

/* Inside an import: set meta KEY to VALUE at its commit. 0 or -1. */
int hv_catalog_stage_meta(hv_catalog_t *self, const char *key, int64_t value);

/* Read what changed after version SINCE, in one consistent snapshot held
 * from begin to end: the catalog's version into *VERSION; *FULL when
 * the answer is the whole catalog (SINCE 0, or above *VERSION: the reader
 * followed another catalog). Then next gives each change: a key that left
 * (*DELETED, only the key filled), or a product row; 1, 0 at the end, -1
 * on a database error. End closes the snapshot (always call it). One
 * reading at a time per catalog handle; begin returns 0 or -1. */
int hv_catalog_changes_begin(hv_catalog_t *self, int64_t since, int64_t *version, bool *full);
int hv_catalog_changes_next(hv_catalog_t *self, hv_product_t *p, bool *deleted);
void hv_catalog_changes_end(hv_catalog_t *self);

/* The last database error, for a person. Never NULL. */
const char *hv_catalog_error(hv_catalog_t *self);

#endif
