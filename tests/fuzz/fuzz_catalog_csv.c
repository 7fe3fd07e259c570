/*
 * fuzz_catalog_csv.c -- `hangviet catalog import` on any file: the CSV
 * reader (libcsv), the header and every column's checks, and the all-or-
 * nothing import into a real SQLite catalog (on tmpfs, kept open across
 * runs, as a store's catalog is across imports).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "catalog.h"
#include "catalog_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static hv_catalog_t *s_cat;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hv_csv_hooks_t hooks = {NULL, NULL, NULL}; /* problems: counted, not printed */
	hv_csv_result_t result;
	char err[512];

	if (s_cat == NULL) {
		char path[64];
		snprintf(path, sizeof path, "/dev/shm/hv-fuzz-catalog-%d.db", (int)getpid());
		s_cat = hv_catalog_open(path, true, err, sizeof err);
		if (s_cat == NULL)
			abort();
	}
	if (size == 0)
		return 0; /* fmemopen refuses an empty buffer */
	FILE *in = fmemopen((void *)data, size, "r");
	if (in == NULL)
		return 0;
	hv_catalog_csv_import(s_cat, in, (size & 1) != 0, HV_SOURCE_ERP, &hooks, &result);
	fclose(in);
	return 0;
}
