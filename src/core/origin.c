/*
 * origin.c -- origin kinds and sources (see origin.h).
 */
#include "origin.h"

#include <string.h>

static const char *const s_kinds[HV_ORIGIN_KIND_COUNT] = {
    "made_in", "assembled", "bottled", "mixed", "finished", "packed", "labelled"};

/* In precedence order, highest first (DESIGN: label > erp > supplier >
 * office > ocop > off). */
static const char *const s_sources[HV_SOURCE_COUNT] = {
    "label", "erp", "supplier", "office", "ocop", "off"};

const char *
hv_origin_kind_name(hv_origin_kind_t kind)
{
	return (unsigned)kind < HV_ORIGIN_KIND_COUNT ? s_kinds[kind] : "";
}

const char *
hv_source_name(hv_source_t source)
{
	return (unsigned)source < HV_SOURCE_COUNT ? s_sources[source] : "";
}

/* The index of S in NAMES (N of them), EMPTY when S is "", or -1. */
static int
s_find(const char *const *names, int n, const char *s, int empty)
{
	if (s[0] == '\0')
		return empty;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int
hv_origin_kind_parse(const char *s, hv_origin_kind_t *kind)
{
	int i = s_find(s_kinds, HV_ORIGIN_KIND_COUNT, s, HV_ORIGIN_MADE_IN);
	if (i >= 0)
		*kind = (hv_origin_kind_t)i;
	return i < 0 ? -1 : 0;
}

int
hv_source_parse(const char *s, hv_source_t *source)
{
	int i = s_find(s_sources, HV_SOURCE_COUNT, s, HV_SOURCE_ERP);
	if (i >= 0)
		*source = (hv_source_t)i;
	return i < 0 ? -1 : 0;
}

int
hv_source_rank(hv_source_t source)
{
	return HV_SOURCE_COUNT - (int)source;
}

bool
hv_origin_kind_fixes(hv_origin_kind_t kind)
{
	return kind == HV_ORIGIN_MADE_IN || kind == HV_ORIGIN_ASSEMBLED;
}

const char *
hv_origin_kinds_list(void)
{
	return "made_in, assembled, bottled, mixed, finished, packed, labelled";
}

const char *
hv_sources_list(void)
{
	return "label, erp, supplier, office, ocop, off";
}
