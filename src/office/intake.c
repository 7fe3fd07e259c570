/*
 * intake.c -- the queue of product hours waiting to be kept (see intake.h):
 * a singly linked list of bodies, appended at the tail.
 */
#include "intake.h"

#include <stdlib.h>
#include <string.h>

typedef struct item {
	struct item *next;
	int from;
	size_t len;
	unsigned char body[];
} item_t;

struct hv_intake {
	item_t *head, *tail;
	size_t count, bytes, max_bytes;
};

hv_intake_t *
hv_intake_new(size_t max_bytes)
{
	hv_intake_t *self = calloc(1, sizeof *self);
	if (self != NULL)
		self->max_bytes = max_bytes;
	return self;
}

void
hv_intake_destroy(hv_intake_t **self_p)
{
	hv_intake_t *self = *self_p;
	if (self == NULL)
		return;
	while (self->head != NULL)
		hv_intake_pop(self);
	free(self);
	*self_p = NULL;
}

int
hv_intake_push(hv_intake_t *self, int from, const void *body, size_t len)
{
	if (self->bytes + len > self->max_bytes)
		return -1;
	item_t *it = malloc(sizeof *it + len);
	if (it == NULL)
		return -1;
	it->next = NULL;
	it->from = from;
	it->len = len;
	memcpy(it->body, body, len);
	if (self->tail != NULL)
		self->tail->next = it;
	else
		self->head = it;
	self->tail = it;
	self->count++;
	self->bytes += len;
	return 0;
}

const void *
hv_intake_peek(const hv_intake_t *self, size_t *len, int *from)
{
	if (self->head == NULL)
		return NULL;
	*len = self->head->len;
	*from = self->head->from;
	return self->head->body;
}

void
hv_intake_pop(hv_intake_t *self)
{
	item_t *it = self->head;
	if (it == NULL)
		return;
	self->head = it->next;
	if (self->head == NULL)
		self->tail = NULL;
	self->count--;
	self->bytes -= it->len;
	free(it);
}

size_t
hv_intake_count(const hv_intake_t *self)
{
	return self->count;
}

size_t
hv_intake_bytes(const hv_intake_t *self)
{
	return self->bytes;
}
