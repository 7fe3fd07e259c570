/*
 * vendor.c -- what every vendor's reader shares: pages of sales, line
 * codes from the ledger, and which reader serves which kind.
 */
#include "vendor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

hv_sale_t *
hv_page_add(hv_page_t *p)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		hv_sale_t *s = realloc(p->sales, cap * sizeof *s);
		if (s == NULL)
			return NULL;
		memset(s + p->cap, 0, (cap - p->cap) * sizeof *s);
		p->sales = s;
		p->cap = cap;
	}
	hv_sale_reset(&p->sales[p->n]);
	return &p->sales[p->n++];
}

void
hv_page_clear(hv_page_t *p)
{
	p->n = 0;
	p->more = false;
	p->changed = 0;
}

void
hv_page_free(hv_page_t *p)
{
	for (size_t i = 0; i < p->cap; i++)
		hv_sale_free(&p->sales[i]);
	free(p->sales);
	memset(p, 0, sizeof *p);
}

const hv_vendor_ops_t *
hv_vendor_ops(int kind)
{
	switch (kind) {
	case HV_KIND_KIOTVIET: return &hv_kiotviet_ops;
	case HV_KIND_SAPO: return &hv_sapo_ops;
	case HV_KIND_HARAVAN: return &hv_haravan_ops;
	default: return NULL;
	}
}

void
hv_vendor_line_code(hv_ledger_t *ledger, const char *id, const char *fallback,
    char code[HV_CODE_MAX + 1])
{
	char barcode[256];

	if (id != NULL && id[0] != '\0' && hv_ledger_code(ledger, id, barcode, sizeof barcode) == 1 &&
	    barcode[0] != '\0' && strlen(barcode) <= HV_CODE_MAX)
		snprintf(code, HV_CODE_MAX + 1, "%.*s", HV_CODE_MAX, barcode);
	else
		snprintf(code, HV_CODE_MAX + 1, "%.*s", HV_CODE_MAX, fallback != NULL ? fallback : "");
}
