/*
 * fuzz_poslog.c -- the bridge's ARTS POSLog reader on any document:
 * libxml2's streaming reader without network or entity expansion, then
 * our walk over transactions, line items, voids, amounts and dates, and
 * the writing of each refused transaction as a file of its own.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "poslog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], piece[65536];
	hv_poslog_txn_t t = {0};
	hv_poslog_t *r = hv_poslog_open_memory(data, size, err, sizeof err);

	if (r == NULL)
		return 0;
	while (hv_poslog_next(r, &t) == 1) {
		if (t.kind != HV_POSLOG_REFUSED)
			continue;
		FILE *f = fmemopen(piece, sizeof piece, "w");
		if (f != NULL) {
			hv_poslog_write_current(r, f);
			fclose(f);
		}
	}
	hv_poslog_txn_free(&t);
	hv_poslog_close(&r);
	return 0;
}
