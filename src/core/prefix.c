/*
 * prefix.c -- lookup in the GS1 prefix table by binary search.
 */
#include "prefix.h"

const hv_prefix_range_t *
hv_prefix_find(int prefix)
{
	size_t lo = 0, hi = hv_prefix_table_len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const hv_prefix_range_t *r = &hv_prefix_table[mid];
		if (prefix < r->first)
			hi = mid;
		else if (prefix > r->last)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}
