/*
 * product_cache.c -- a 4-way set-associative cache of catalog lookups.
 */
#include "product_cache.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rowmap.h"

#define WAYS 4

/* A product with its strings packed behind it, each NUL-terminated:
 * name, brand, province, category. */
typedef struct {
	char made_in[3], brand_country[3];
	int ocop, ocop_until;
	bool listed;
	bool by_code; /* the key is a store code, not a GTIN */
	unsigned char origin_kind, source, confidence; /* hv_origin_kind_t, hv_source_t, 0..100 */
	char strings[];
} packed_t;

typedef struct {
	char gtin[HV_GTIN_MAX + 1]; /* the key (a GTIN or a short store code); "" for an empty entry */
	uint32_t used;              /* the cache's clock when last used */
	packed_t *product;          /* NULL: the GTIN is not in the catalog */
} entry_t;

struct hv_product_cache {
	entry_t *entries; /* nsets * WAYS */
	size_t nsets;     /* a power of two */
	uint32_t clock;   /* counts gets and puts */
};

hv_product_cache_t *
hv_product_cache_new(size_t entries)
{
	hv_product_cache_t *self = calloc(1, sizeof *self);
	size_t nsets = 1;

	while (nsets * WAYS < entries)
		nsets *= 2;
	if (self == NULL || (self->entries = calloc(nsets * WAYS, sizeof *self->entries)) == NULL) {
		free(self);
		return NULL;
	}
	self->nsets = nsets;
	return self;
}

void
hv_product_cache_clear(hv_product_cache_t *self)
{
	for (size_t i = 0; i < self->nsets * WAYS; i++) {
		free(self->entries[i].product);
		self->entries[i] = (entry_t){0};
	}
}

void
hv_product_cache_destroy(hv_product_cache_t **self_p)
{
	hv_product_cache_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	hv_product_cache_clear(self);
	free(self->entries);
	free(self);
	*self_p = NULL;
}

/* The WAYS entries GTIN may be in (FNV-1a of its digits). */
static entry_t *
s_set(hv_product_cache_t *self, const char *gtin)
{
	uint32_t h = hv_fnv(HV_FNV_SEED, gtin, strlen(gtin));
	return &self->entries[(h & (self->nsets - 1)) * WAYS];
}

/* Copy the string at *SRC to DST (SIZE bytes) and step *SRC past it. */
static void
s_unpack_str(const char **src, char *dst, size_t size)
{
	size_t len = strlen(*src), n = len < size ? len : size - 1;
	memcpy(dst, *src, n);
	dst[n] = '\0';
	*src += len + 1;
}

int
hv_product_cache_get(hv_product_cache_t *self, const char *gtin, hv_product_t *out)
{
	entry_t *set = s_set(self, gtin);

	for (int w = 0; w < WAYS; w++) {
		entry_t *e = &set[w];
		if (e->gtin[0] == '\0' || strcmp(e->gtin, gtin) != 0)
			continue;
		e->used = ++self->clock;
		if (e->product == NULL)
			return 0;
		const packed_t *p = e->product;
		const char *s = p->strings;
		memcpy(p->by_code ? out->code : out->gtin, e->gtin, sizeof e->gtin);
		(p->by_code ? out->gtin : out->code)[0] = '\0';
		out->listed = p->listed;
		memcpy(out->made_in, p->made_in, sizeof out->made_in);
		memcpy(out->brand_country, p->brand_country, sizeof out->brand_country);
		out->ocop = p->ocop;
		out->ocop_until = p->ocop_until;
		out->origin_kind = (hv_origin_kind_t)p->origin_kind;
		out->source = (hv_source_t)p->source;
		out->confidence = p->confidence;
		s_unpack_str(&s, out->name, sizeof out->name);
		s_unpack_str(&s, out->brand, sizeof out->brand);
		s_unpack_str(&s, out->province, sizeof out->province);
		s_unpack_str(&s, out->category, sizeof out->category);
		return 1;
	}
	return -1;
}

/* P packed, or NULL when out of memory. */
static packed_t *
s_pack(const hv_product_t *p)
{
	const char *strs[] = {p->name, p->brand, p->province, p->category};
	size_t lens[4], total = 0;

	for (int i = 0; i < 4; i++)
		total += (lens[i] = strlen(strs[i]) + 1);
	packed_t *k = malloc(sizeof *k + total);
	if (k == NULL)
		return NULL;
	memcpy(k->made_in, p->made_in, sizeof k->made_in);
	memcpy(k->brand_country, p->brand_country, sizeof k->brand_country);
	k->ocop = p->ocop;
	k->ocop_until = p->ocop_until;
	k->listed = p->listed != 0;
	k->by_code = p->gtin[0] == '\0';
	k->origin_kind = (unsigned char)p->origin_kind;
	k->source = (unsigned char)p->source;
	k->confidence = (unsigned char)p->confidence;
	char *at = k->strings;
	for (int i = 0; i < 4; i++) {
		memcpy(at, strs[i], lens[i]);
		at += lens[i];
	}
	return k;
}

void
hv_product_cache_put(hv_product_cache_t *self, const char *gtin, const hv_product_t *p)
{
	entry_t *set = s_set(self, gtin), *victim = &set[0];
	packed_t *packed = NULL;

	if (strlen(gtin) > HV_GTIN_MAX || (p != NULL && (packed = s_pack(p)) == NULL))
		return;
	for (int w = 0; w < WAYS; w++) {
		if (strcmp(set[w].gtin, gtin) == 0) { /* a stale entry of the same GTIN */
			victim = &set[w];
			break;
		}
		if (set[w].used < victim->used)
			victim = &set[w];
	}
	free(victim->product);
	strcpy(victim->gtin, gtin);
	victim->product = packed;
	victim->used = ++self->clock;
}
