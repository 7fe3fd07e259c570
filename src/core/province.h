/*
 * province.h -- Vietnam's provincial-level units since the 2025 merger
 * (Resolution 202/2025/QH15): the 34 current ones and the former ones that
 * now belong to them, compiled in from data/provinces.tsv. Every province id
 * a program reads (config, catalog rows, peers' messages, old journals) goes
 * through here, so that a former id (bac-kan) and the current one it belongs
 * to (thai-nguyen) are one province.
 */
#ifndef HV_PROVINCE_H
#define HV_PROVINCE_H

#include <stdbool.h>
#include <stddef.h>

/* One unit, current or former. */
typedef struct {
	const char *id;    /* slug of the name: "thai-nguyen" */
	const char *name;  /* Vietnamese, with diacritics: "Thái Nguyên" */
	bool city;         /* a centrally-run city, else a province */
	int current;       /* index in hv_province_table of the unit it is part of now */
	const char *since; /* "2025-07-01" for a former unit, "" for a current one */
} hv_province_t;

/* The table, sorted by id (generated). */
extern const hv_province_t hv_province_table[];
extern const size_t hv_province_table_len;

/* The unit ID names (current or former; letters' case ignored), or NULL. */
const hv_province_t *hv_province_find(const char *id);

/* The current unit P is part of (P itself when it is current). */
const hv_province_t *hv_province_current(const hv_province_t *p);

/* What hv_province_canonical found. */
typedef enum {
	HV_PROVINCE_NONE = 0, /* ID was "": no province */
	HV_PROVINCE_CURRENT,  /* a current unit */
	HV_PROVINCE_FORMER,   /* a former unit: OUT holds the current one */
	HV_PROVINCE_UNKNOWN   /* no unit has that id: OUT holds "" */
} hv_province_kind_t;

/* Read ID as the current unit's id into OUT (of SIZE bytes; "" when ID is
 * "" or unknown). OUT may be ID. */
hv_province_kind_t hv_province_canonical(const char *id, char *out, size_t size);

/* ID (a buffer of SIZE bytes) rewritten in place as the current unit's id
 * when it names a former one; an unknown or empty id is left as it is (a
 * peer's message keeps what it said). Returns what ID was. */
hv_province_kind_t hv_province_normalise(char *id, size_t size);

/* Why ID was not a plain current id, in the reader's language, into BUF:
 * for a former one, which unit it is read as and since when; for an unknown
 * one, the nearest ids (by edits). KIND is what hv_province_canonical said.
 * Returns BUF. */
char *hv_province_explain(const char *id, hv_province_kind_t kind, char *buf, size_t size);

/* Whether A and B are the same current unit (neither "" nor unknown). */
bool hv_province_same(const char *a, const char *b);

/* The name of the unit ID names, with diacritics ("Bắc Kạn" for bac-kan:
 * canonicalise first for the unit it is now); ID itself when no unit has
 * it, "" for "". */
const char *hv_province_name(const char *id);

#endif
