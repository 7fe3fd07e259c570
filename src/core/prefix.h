/*
 * prefix.h -- the GS1 prefix table: which GS1 member organisation issued a
 * company prefix. It hints at the brand owner's home country, not where a
 * product was made. Compiled in from data/gs1-prefixes.tsv.
 */
#ifndef HV_PREFIX_H
#define HV_PREFIX_H

#include <stddef.h>

/* One row of the table: prefixes FIRST..LAST (three digits, inclusive). */
typedef struct {
	int first;           /* first prefix of the range, 0-999 */
	int last;            /* last prefix of the range, inclusive */
	const char *country; /* ISO 3166-1 alpha-2, "" for special ranges */
	const char *usage;   /* who issues it, or what the range is for */
} hv_prefix_range_t;

/* The whole table, sorted by `first`, ranges disjoint (generated). */
extern const hv_prefix_range_t hv_prefix_table[];
extern const size_t hv_prefix_table_len;

/* The range holding PREFIX (0-999), or NULL when no organisation has it. */
const hv_prefix_range_t *hv_prefix_find(int prefix);

#endif
