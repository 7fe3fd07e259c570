/*
 * report.h -- what a store manager reads: the tallies of a period merged
 * (by the one merge function), grouped by hour, day, category, lane or
 * store, and what only the raw events can tell (catalog-confirmed against
 * prefix-guessed tags, the top imported products and unknown codes, unit
 * prices by category). Built from a journal opened read-only; the formats
 * that print it are in report_format.h.
 */
#ifndef HV_REPORT_H
#define HV_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "journal.h"
#include "origin.h"
#include "tally.h"

#define HV_REPORT_TOP 10

typedef enum {
	HV_BY_NONE,
	HV_BY_HOUR,
	HV_BY_DAY,
	HV_BY_CATEGORY,
	HV_BY_LANE,
	HV_BY_STORE,
	/* by what the stores' places say (the journal's place table: an
	 * office's stores, or a store's own row) */
	HV_BY_AREA,
	HV_BY_CHAIN,
	HV_BY_OWNERSHIP,
	HV_BY_CHANNEL
} hv_report_by_t;

/* One group's counters: KEY is "2026-11-26 08:00" (hour), "2026-11-26"
 * (day), the category, the lane number, the store id, or the stores' area,
 * chain, ownership (domestic, foreign) or channel (modern, traditional);
 * "" for stores that do not say. */
typedef struct {
	char key[HV_PART_KEY_MAX + 1];
	hv_counters_t c;
	/* Distinct products sold in the group (net quantity above 0 over the
	 * period), by class [domestic, imported, unknown]; from the product
	 * rollup, so not by lane. */
	int64_t products[3];
} hv_report_group_t;

/* A product (or an unknown code) and what it sold, net of voids and
 * cancels. */
typedef struct {
	char gtin[32];
	char name[128];
	int64_t items, value;
} hv_report_item_t;

/* Net items and value of one category, domestic and imported apart. */
typedef struct {
	char category[HV_PART_KEY_MAX + 1];
	int64_t items[2], value[2]; /* [0] domestic, [1] imported */
} hv_report_price_t;

/* Net items and value by how the tag was known: [0] confirmed by the
 * catalog (a product or an in-store code), [1] guessed from the GS1
 * prefix; each split [domestic, imported, unknown]. */
typedef struct {
	int64_t items[2][3], value[2][3];
} hv_report_basis_t;

typedef struct {
	int64_t from, to; /* the period, Unix ms, [from, to) */
	hv_report_by_t by;
	hv_counters_t total;
	hv_report_group_t *groups; /* in key order (time order for hours and days) */
	size_t ngroups;
	bool has_events; /* the event sections below could be computed */
	/* Some products are known only as areas' region hours (an office above
	 * areas that keeps no store's hours): the groups that split an area
	 * (store, chain, ownership, channel) have no product figures. */
	bool regions;
	hv_report_basis_t basis;
	int64_t products[3]; /* distinct products sold, by class (has_events) */
	bool has_listed;     /* listed below was read (a store's catalog) */
	int64_t listed[2];   /* products the store lists: [0] made in Vietnam, [1] not */
	/* Net items of the catalog's products by how their labels state the
	 * origin (Decree 111's kinds, origin.h), as the catalog says now;
	 * has_kinds: a catalog was read. */
	bool has_kinds;
	int64_t kinds[HV_ORIGIN_KIND_COUNT];
	hv_report_item_t imported[HV_REPORT_TOP]; /* by value, highest first */
	size_t nimported;
	hv_report_item_t unknown[HV_REPORT_TOP]; /* by items, most first */
	size_t nunknown;
	hv_report_price_t *prices; /* by category name */
	size_t nprices;
} hv_report_t;

/* Build the report of [FROM, TO) grouped BY from journal J. Returns 0, or
 * -1 with a message in ERR. R is the caller's to free with
 * hv_report_clear. */
int hv_report_build(hv_journal_t *j, int64_t from, int64_t to, hv_report_by_t by, hv_report_t *r,
    char *err, size_t errlen);
void hv_report_clear(hv_report_t *r);

/* Whether R's groups carry product figures (distinct products sold): the
 * rollup tells no lanes, and areas' region hours tell no store within. */
bool hv_report_group_products(const hv_report_t *r);

/* Read the products the store lists from CATALOG_PATH (a catalog.db) into
 * R; nothing when there is no such file. 0, or -1 with a message in ERR. */
int hv_report_listed(hv_report_t *r, const char *catalog_path, char *err, size_t errlen);

/* Count R's items by origin kind (has_kinds, kinds) from the catalog at
 * CATALOG_PATH, nothing when there is no such file; right after
 * hv_report_build of R on journal J (it reads the products it left).
 * 0, or -1 with a message in ERR. */
int hv_report_kinds(hv_report_t *r, hv_journal_t *j, const char *catalog_path, char *err,
    size_t errlen);

/* How a label states the origin, as a report heads it, translated ("made
 * in", "packed in", ...). */
const char *hv_report_kind_label(hv_origin_kind_t kind);

/* The name of a grouping ("hour", ...) and back; -1 when unknown. */
const char *hv_report_by_name(hv_report_by_t by);
int hv_report_by_parse(const char *s);

/* What a grouping's column is headed, to translate with _() ("" for none). */
const char *hv_report_by_label(hv_report_by_t by);

/* A group's KEY as a person reads it, translated: an ownership or channel
 * in words, "(none)" for stores that do not say. */
const char *hv_report_key_label(hv_report_by_t by, const char *key);

/* All items, and all value, of C: domestic, imported and unknown. */
int64_t hv_report_items(const hv_counters_t *c);
int64_t hv_report_value(const hv_counters_t *c);

/* PART of WHOLE as a fraction, 0 when WHOLE is 0. */
double hv_report_share(int64_t part, int64_t whole);

#endif
