/*
 * rowmap.c -- a growable array of rows and its open-addressing index.
 */
#include "rowmap.h"

#include <stdlib.h>
#include <string.h>

uint32_t
hv_fnv(uint32_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

void *
hv_rowmap_at(const hv_rowmap_t *m, size_t i)
{
	return m->rows + i * m->row_size;
}

size_t
hv_rowmap_count(const hv_rowmap_t *m)
{
	return m->n;
}

/* The slot of the row with KEY's key, or the empty slot where it goes. */
static uint32_t *
s_slot(const hv_rowmap_t *m, const void *key)
{
	size_t mask = m->nslots - 1;
	for (size_t i = m->hash(key) & mask;; i = (i + 1) & mask) {
		uint32_t *slot = &m->slots[i];
		if (*slot == 0 || m->same(hv_rowmap_at(m, *slot - 1), key))
			return slot;
	}
}

void *
hv_rowmap_find(const hv_rowmap_t *m, const void *key)
{
	if (m->n == 0)
		return NULL;
	uint32_t *slot = s_slot(m, key);
	return *slot != 0 ? hv_rowmap_at(m, *slot - 1) : NULL;
}

/* Room for one more row: the array and the index grown. 0 or -1. */
static int
s_grow(hv_rowmap_t *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	char *rows = realloc(m->rows, cap * m->row_size);
	if (rows == NULL)
		return -1;
	m->rows = rows;
	uint32_t *slots = calloc(cap * 2, sizeof *slots);
	if (slots == NULL)
		return -1;
	m->cap = cap;
	free(m->slots);
	m->slots = slots;
	m->nslots = cap * 2;
	for (size_t i = 0; i < m->n; i++)
		*s_slot(m, hv_rowmap_at(m, i)) = (uint32_t)(i + 1);
	return 0;
}

void *
hv_rowmap_add(hv_rowmap_t *m, const void *row)
{
	if (m->n == m->cap && s_grow(m) < 0)
		return NULL;
	void *added = hv_rowmap_at(m, m->n++);
	memcpy(added, row, m->row_size);
	*s_slot(m, added) = (uint32_t)m->n;
	return added;
}

void
hv_rowmap_clear(hv_rowmap_t *m)
{
	m->n = 0;
	if (m->slots != NULL)
		memset(m->slots, 0, m->nslots * sizeof *m->slots);
}

void
hv_rowmap_free(hv_rowmap_t *m)
{
	free(m->rows);
	free(m->slots);
	m->rows = NULL;
	m->slots = NULL;
	m->n = m->cap = m->nslots = 0;
}
