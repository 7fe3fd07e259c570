/*
 * catalog_wire.h -- a catalog row on the wire (doc/protocol.md "The
 * office's catalog"): the `catalog` sync op's `catalog_rows` carry each
 * product as a map of the catalog CSV's columns plus `deleted`; a deleted
 * row names only its key.
 */
#ifndef HV_CATALOG_WIRE_H
#define HV_CATALOG_WIRE_H

#include <msgpack.h>
#include <stdbool.h>

#include "catalog.h"

/* Pack P (only its key when DELETED) as one row map. */
void hv_catalog_pack_row(msgpack_packer *pk, const hv_product_t *p, bool deleted);

/* Read the row map O into *P and *DELETED. 0, or -1 with *WHY a static
 * English sentence naming the field that was wrong (the row is then to be
 * refused, and the version with it). */
int hv_catalog_read_row(const msgpack_object *o, hv_product_t *p, bool *deleted, const char **why);

#endif
