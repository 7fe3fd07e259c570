/*
 * tagger.c -- code to tag: in-store codes, catalog, GS1 prefix, in that
 * order.
 */
#include "tagger.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "log.h"
#include "prefix.h"
#include "province.h"

/* Look GTIN up in the catalog; a database error counts as not found. */
static bool
s_lookup(const hv_tagger_t *t, const char *gtin, hv_product_t *p)
{
	if (t->catalog == NULL)
		return false;
	int rc = hv_catalog_lookup(t->catalog, gtin, p);
	if (rc < 0)
		hv_warn("catalog lookup failed, tagging by GS1 prefix: %s",
		    hv_catalog_error(t->catalog));
	return rc == 1;
}

static void
s_from_product(const hv_tagger_t *t, const hv_product_t *p, int today, hv_tag_t *tag)
{
	bool vn = strcmp(p->made_in, "VN") == 0;
	/* Only bottled, packed... in Vietnam: where it was made is not known.
	 * The same step abroad still says it came from abroad. */
	tag->cls = !vn ? HV_CLASS_IMPORTED
	           : hv_origin_kind_fixes(p->origin_kind) ? HV_CLASS_DOMESTIC
	                                                  : HV_CLASS_UNKNOWN;
	strcpy(tag->country, tag->cls == HV_CLASS_UNKNOWN ? "" : p->made_in);
	tag->vn_brand = strcmp(p->brand_country, "VN") == 0;
	tag->ocop = p->ocop > 0 && (p->ocop_until == 0 || today <= p->ocop_until) ? p->ocop : 0;
	/* one unit through the merger: a Bắc Kạn product is local in Thái Nguyên */
	tag->local = t->province != NULL && hv_province_same(p->province, t->province);
	strcpy(tag->name, p->name);
	strcpy(tag->category, p->category);
}

/* Say in TAG why its code is not what it seemed: WHY, a static English
 * sentence from gtin.c or measure.c, in the daemon's language. */
static void
s_note(hv_tag_t *tag, const char *why)
{
	snprintf(tag->note, sizeof tag->note, "%s", _(why));
}

/* An in-store code: its item reference (value zeroed) from the catalog. A
 * variable-measure code whose value does not read is noted, not refused. */
static void
s_tag_restricted(const hv_tagger_t *t, const hv_gtin_t *g, int today, hv_tag_t *tag)
{
	hv_product_t p;
	const char *why;

	if (strlen(g->gtin) == 13 && strncmp(g->gtin, "00000", 5) != 0) {
		if (hv_measure_decode(t->measures, g->gtin, &tag->measure, &why) < 0) {
			s_note(tag, why);
			return;
		}
		if (tag->measure.kind != HV_MEASURE_NONE)
			strcpy(tag->gtin, tag->measure.itemref);
	}
	if (s_lookup(t, tag->gtin, &p)) {
		s_from_product(t, &p, today, tag);
		tag->basis = HV_BASIS_STORE;
	}
}

/* A code that is not a GTIN: a catalog row keyed by the code itself, if
 * there is one; the note says why it is no GTIN either way. */
static void
s_tag_store_code(const hv_tagger_t *t, const char *code, const char *why, int today, hv_tag_t *tag)
{
	hv_product_t p;

	s_note(tag, why);
	if (s_lookup(t, code, &p)) {
		s_from_product(t, &p, today, tag);
		tag->basis = HV_BASIS_CATALOG;
	}
}

bool
hv_tag_is_not_gtin(const hv_tag_t *tag)
{
	return tag->gtin[0] == '\0';
}

void
hv_tagger_tag(const hv_tagger_t *t, const char *code, hv_sym_t sym, int today, hv_tag_t *tag)
{
	hv_gtin_t g;
	hv_product_t p;
	const char *why;

	memset(tag, 0, sizeof *tag);
	tag->cls = HV_CLASS_UNKNOWN;
	tag->basis = HV_BASIS_NONE;
	if (hv_gtin_parse(code, sym, &g, &why) < 0) {
		s_tag_store_code(t, code, why, today, tag);
		return;
	}
	strcpy(tag->gtin, g.gtin);

	if (g.restricted) {
		s_tag_restricted(t, &g, today, tag);
		return;
	}
	if (s_lookup(t, g.gtin, &p)) {
		s_from_product(t, &p, today, tag);
		tag->basis = HV_BASIS_CATALOG;
		return;
	}
	const hv_prefix_range_t *r = hv_prefix_find(g.prefix);
	if (r != NULL && r->country[0] != '\0') {
		strcpy(tag->country, r->country);
		tag->vn_brand = strcmp(r->country, "VN") == 0;
		tag->cls = tag->vn_brand ? HV_CLASS_DOMESTIC : HV_CLASS_IMPORTED;
		tag->basis = HV_BASIS_PREFIX;
	}
}
