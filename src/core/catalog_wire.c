/*
 * catalog_wire.c -- a catalog row as a msgpack map (see catalog_wire.h).
 */
#include "catalog_wire.h"

#include <stddef.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "wire.h"

void
hv_catalog_pack_row(msgpack_packer *pk, const hv_product_t *p, bool deleted)
{
	char until[11] = "";

	if (deleted) {
		msgpack_pack_map(pk, 2);
		hv_wire_kv_str(pk, p->gtin[0] != '\0' ? "gtin" : "code", hv_product_key(p));
		hv_wire_kv_bool(pk, "deleted", true);
		return;
	}
	if (p->ocop_until != 0)
		hv_date_format(p->ocop_until, until);
	msgpack_pack_map(pk, 14);
	hv_wire_kv_str(pk, p->gtin[0] != '\0' ? "gtin" : "code", hv_product_key(p));
	hv_wire_kv_str(pk, "name", p->name);
	hv_wire_kv_str(pk, "brand", p->brand);
	hv_wire_kv_str(pk, "made_in", p->made_in);
	hv_wire_kv_str(pk, "brand_country", p->brand_country);
	hv_wire_kv_int(pk, "ocop", p->ocop);
	hv_wire_kv_str(pk, "ocop_until", until);
	hv_wire_kv_str(pk, "province", p->province);
	hv_wire_kv_str(pk, "category", p->category);
	hv_wire_kv_int(pk, "listed", p->listed);
	hv_wire_kv_str(pk, "origin_kind", hv_origin_kind_name(p->origin_kind));
	hv_wire_kv_str(pk, "source", hv_source_name(p->source));
	hv_wire_kv_int(pk, "confidence", p->confidence);
	hv_wire_kv_bool(pk, "deleted", false);
}

/* The text fields of a row: key, where in P, its size. */
typedef struct {
	const char *key;
	size_t offset, size;
} text_field_t;

#define TEXT(name) {#name, offsetof(hv_product_t, name), sizeof(((hv_product_t *)0)->name)}
static const text_field_t s_texts[] = {TEXT(gtin), TEXT(code), TEXT(name), TEXT(brand),
    TEXT(made_in), TEXT(brand_country), TEXT(province), TEXT(category)};

/* The integer field KEY of O into *V, within [LO, HI]; absent: *V as it
 * was. */
static int
s_int(const msgpack_object *o, const char *key, int lo, int hi, int *v)
{
	int64_t n = *v;
	if (hv_wire_get_int(o, key, &n) < 0 || n < lo || n > hi)
		return -1;
	*v = (int)n;
	return 0;
}

/* The short text field KEY of O into TEXT (16 bytes); absent: "". */
static int
s_word(const msgpack_object *o, const char *key, char text[16])
{
	text[0] = '\0';
	return hv_wire_get_str(o, key, text, 16);
}

int
hv_catalog_read_row(const msgpack_object *o, hv_product_t *p, bool *deleted, const char **why)
{
	char text[16];

	memset(p, 0, sizeof *p);
	*deleted = false;
	if (o->type != MSGPACK_OBJECT_MAP)
		return *why = N_("a row is not a map"), -1;
	for (size_t i = 0; i < sizeof s_texts / sizeof s_texts[0]; i++)
		if (hv_wire_get_str(o, s_texts[i].key, (char *)p + s_texts[i].offset, s_texts[i].size) <
		    0)
			return *why = N_("a row's text field is not text, or too long (gtin, code, name, "
			              "brand, made_in, brand_country, province, category)"),
			       -1;
	if (hv_wire_get_bool(o, "deleted", deleted) < 0)
		return *why = N_("a row's deleted is not true or false"), -1;
	if ((p->gtin[0] != '\0') == (p->code[0] != '\0'))
		return *why = N_("a row has not exactly one of gtin and code"), -1;
	if (*deleted)
		return 0;
	p->confidence = 100; /* as the CSV, when not given */
	if (s_int(o, "ocop", 0, 5, &p->ocop) < 0 || s_int(o, "listed", 0, 1, &p->listed) < 0 ||
	    s_int(o, "confidence", 0, 100, &p->confidence) < 0)
		return *why = N_("a row's ocop, listed or confidence is not a number in its range"), -1;
	if (s_word(o, "ocop_until", text) < 0 ||
	    (text[0] != '\0' && hv_date_parse(text, &p->ocop_until) < 0))
		return *why = N_("a row's ocop_until is not a date YYYY-MM-DD"), -1;
	if (s_word(o, "origin_kind", text) < 0 ||
	    (text[0] != '\0' && hv_origin_kind_parse(text, &p->origin_kind) < 0))
		return *why = N_("a row's origin_kind is not one of Decree 111's kinds"), -1;
	if (s_word(o, "source", text) < 0 ||
	    (text[0] != '\0' && hv_source_parse(text, &p->source) < 0))
		return *why = N_("a row's source is not a known source"), -1;
	if ((*why = hv_product_problem(p)) != NULL)
		return -1;
	return 0;
}
