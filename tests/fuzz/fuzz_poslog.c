/*
 * fuzz_poslog.c -- the bridge's ARTS POSLog reader on any document:
 * libxml2 without network or entity expansion, then our walk over
 * transactions, line items, amounts and dates.
 */
#include <stddef.h>
#include <stdint.h>

#include "poslog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hv_poslog_txn_t *txns;
	size_t n;
	char err[512];

	if (hv_poslog_read_memory(data, size, &txns, &n, err, sizeof err) == 0)
		hv_poslog_free(txns, n);
	return 0;
}
