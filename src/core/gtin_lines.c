/*
 * gtin_lines.c -- an open-addressing map (linear probing, at most half
 * full) from a GTIN, as a number, to a line.
 */
#include "gtin_lines.h"

#include <stdint.h>
#include <stdlib.h>

#include "gtin.h"

typedef struct {
	uint64_t key; /* 0: empty */
	long line;
} slot_t;

struct hv_gtin_lines {
	slot_t *slots;
	size_t nslots, n; /* nslots: a power of two */
};

hv_gtin_lines_t *
hv_gtin_lines_new(void)
{
	return calloc(1, sizeof(hv_gtin_lines_t));
}

void
hv_gtin_lines_destroy(hv_gtin_lines_t **self_p)
{
	if (self_p == NULL || *self_p == NULL)
		return;
	free((*self_p)->slots);
	free(*self_p);
	*self_p = NULL;
}

/* GTIN as a key that is never 0: its digits' value, and its length above
 * them (so "012345670" and "12345670" differ). 0 when it is not digits. */
static uint64_t
s_key(const char *gtin)
{
	uint64_t v = 0;
	int n = 0;
	for (; gtin[n] != '\0'; n++) {
		if (n >= HV_GTIN_MAX || gtin[n] < '0' || gtin[n] > '9')
			return 0;
		v = v * 10 + (uint64_t)(gtin[n] - '0');
	}
	return n == 0 ? 0 : v | (uint64_t)n << 56;
}

/* Where KEY is, or the empty slot where it goes. Fibonacci hashing: the
 * top bits of the product, the well-mixed ones. */
static slot_t *
s_slot(slot_t *slots, size_t nslots, uint64_t key)
{
	size_t mask = nslots - 1;
	int bits = 0;
	while (((size_t)1 << bits) < nslots)
		bits++;
	size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> (64 - bits));
	while (slots[i].key != 0 && slots[i].key != key)
		i = (i + 1) & mask;
	return &slots[i];
}

/* Twice the slots, every entry moved over. 0 or -1. */
static int
s_grow(hv_gtin_lines_t *self)
{
	size_t nslots = self->nslots ? self->nslots * 2 : 1024;
	slot_t *slots = calloc(nslots, sizeof *slots);
	if (slots == NULL)
		return -1;
	for (size_t i = 0; i < self->nslots; i++)
		if (self->slots[i].key != 0)
			*s_slot(slots, nslots, self->slots[i].key) = self->slots[i];
	free(self->slots);
	self->slots = slots;
	self->nslots = nslots;
	return 0;
}

int
hv_gtin_lines_add(hv_gtin_lines_t *self, const char *gtin, long line, long *first_line)
{
	uint64_t key = s_key(gtin);
	if (key == 0)
		return -1;
	if (2 * (self->n + 1) > self->nslots && s_grow(self) < 0)
		return -1;
	slot_t *slot = s_slot(self->slots, self->nslots, key);
	if (slot->key == key) {
		*first_line = slot->line;
		return 1;
	}
	*slot = (slot_t){key, line};
	self->n++;
	return 0;
}
