/*
 * rowmap.h -- rows of one fixed size in a growable array, found again by
 * key in constant time: an open-addressing index (linear probing, at most
 * half full) over the array. The caller says how to hash and compare a
 * row's key. Rows keep the order they were added in; a pointer to one is
 * valid until the next add. The district's places and a journal batch's
 * held rows are kept in these.
 */
#ifndef HV_ROWMAP_H
#define HV_ROWMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	size_t row_size;
	uint32_t (*hash)(const void *row);          /* of a row's key */
	bool (*same)(const void *a, const void *b); /* whether two rows' keys are equal */
	char *rows;
	size_t n, cap;
	uint32_t *slots; /* row index + 1; 0: empty */
	size_t nslots;   /* a power of two, twice CAP */
} hv_rowmap_t;

/* An empty map of rows of TYPE: HV_ROWMAP_INIT(hv_place_t, s_hash, s_same). */
#define HV_ROWMAP_INIT(type, hash_fn, same_fn)                                                     \
	((hv_rowmap_t){.row_size = sizeof(type), .hash = (hash_fn), .same = (same_fn)})

/* FNV-1a over N bytes of DATA, going on from H (start: HV_FNV_SEED). */
#define HV_FNV_SEED 2166136261u
uint32_t hv_fnv(uint32_t h, const void *data, size_t n);

/* The row whose key equals KEY's (a row with at least its key filled in),
 * or NULL. */
void *hv_rowmap_find(const hv_rowmap_t *m, const void *key);

/* A copy of ROW added (no row with its key may be held). The copy, or NULL
 * when out of memory. */
void *hv_rowmap_add(hv_rowmap_t *m, const void *row);

/* The number of rows, and row I (0 <= I < that). */
size_t hv_rowmap_count(const hv_rowmap_t *m);
void *hv_rowmap_at(const hv_rowmap_t *m, size_t i);

/* Forget every row (memory kept for the next ones) / free the memory. */
void hv_rowmap_clear(hv_rowmap_t *m);
void hv_rowmap_free(hv_rowmap_t *m);

#endif
