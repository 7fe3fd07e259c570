/*
 * fuzz_gtin.c -- the scanned-code parser on any string, under every
 * symbology a scanner may report, through the tagger (no catalog): GTIN
 * validation and normalisation, variable-measure decoding, the GS1 prefix
 * table.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gtin.h"
#include "measure.h"
#include "tagger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static hv_measure_table_t s_measures;

static const char *const s_syms[] = {
    "", "ean13", "ean8", "upca", "upce", "gs1-128", "gs1-datamatrix"};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char code[256];
	hv_tag_t tag;
	hv_gtin_t g;
	const char *why;
	hv_tagger_t t = {NULL, "thai-nguyen", &s_measures};

	if (size >= sizeof code)
		return 0; /* a scan is at most 48 characters; the decoder refuses more */
	memcpy(code, data, size);
	code[size] = '\0';
	if (s_measures.by_prefix[21].kind == HV_MEASURE_NONE) {
		hv_measure_table_set(&s_measures, "21", "price PPPPPPVVVVVV", &why);
		hv_measure_table_set(&s_measures, "22", "price PPPPPPCVVVVV", &why);
		hv_measure_table_set(&s_measures, "23", "weight PPPPPPVVVVVV 3", &why);
	}
	for (size_t i = 0; i < sizeof s_syms / sizeof s_syms[0]; i++) {
		hv_sym_t sym;
		hv_sym_from_name(s_syms[i], &sym);
		hv_gtin_parse(code, sym, &g, &why);
		hv_tagger_tag(&t, code, sym, 20261126, &tag);
	}
	hv_sym_t sym;
	hv_sym_from_name(code, &sym);
	return 0;
}
