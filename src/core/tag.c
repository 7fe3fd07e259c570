/*
 * tag.c -- the wire names of classes and bases.
 */
#include "tag.h"

const char *
hv_class_name(hv_class_t cls)
{
	static const char *const names[] = {"domestic", "imported", "unknown"};
	return names[cls];
}

const char *
hv_basis_name(hv_basis_t basis)
{
	static const char *const names[] = {"catalog", "store", "prefix", "none"};
	return names[basis];
}
