/*
 * product_cache.h -- the catalog's hot products in memory: what recent
 * lookups found, or did not find, by GTIN (or a store code of up to 14
 * characters). A lane scans the same few
 * thousand items all day; each of them then costs a hash probe instead of
 * a B-tree walk in catalog.db.
 *
 * Bounded: a fixed number of entries, 4-way set associative, the least
 * recently used entry of a set making room. An entry holds the product
 * packed (its strings at their own length), so a full cache of 65,536
 * typical products takes about 8 MB. The owner empties it whenever the
 * catalog may have changed; the cache itself knows nothing of SQLite.
 */
#ifndef HV_PRODUCT_CACHE_H
#define HV_PRODUCT_CACHE_H

#include <stddef.h>

#include "catalog.h"

/* The catalog's cache size: twice a large store's assortment (30,000
 * products and their codes), so that its 4-way sets rarely overflow (at
 * 65,536 one set in twenty did, and their products went to SQLite at
 * every scan: the tagger ran at 5x a prepared SELECT instead of 7.6x).
 * Some 4 MB of entries. */
#define HV_PRODUCT_CACHE_ENTRIES 131072

typedef struct hv_product_cache hv_product_cache_t;

/* A cache of at least ENTRIES entries (rounded up to a power of two, at
 * least 4). NULL when out of memory. */
hv_product_cache_t *hv_product_cache_new(size_t entries);

/* Free the cache and set *SELF_P to NULL. Accepts NULL and *SELF_P NULL. */
void hv_product_cache_destroy(hv_product_cache_t **self_p);

/* Forget every entry. */
void hv_product_cache_clear(hv_product_cache_t *self);

/* What the cache knows of GTIN: 1 found (the product copied to *OUT), 0
 * known to be absent from the catalog, -1 not cached. */
int hv_product_cache_get(hv_product_cache_t *self, const char *gtin, hv_product_t *out);

/* Remember a lookup of GTIN: its product P, or NULL when it is absent.
 * Out of memory, or a GTIN longer than a GTIN, is not remembered. */
void hv_product_cache_put(hv_product_cache_t *self, const char *gtin, const hv_product_t *p);

#endif
