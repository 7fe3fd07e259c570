/*
 * ratelimit.c -- a sliding window of call times, and pauses.
 */
#include "ratelimit.h"

#include <stdio.h>
#include <stdlib.h>

struct hv_ratelimit {
	int calls;
	int64_t period_ms;
	int64_t *at;       /* the last CALLS call times, a ring */
	int head, n;       /* the oldest, and how many are held */
	int64_t not_before; /* a pause the vendor asked for */
};

hv_ratelimit_t *
hv_ratelimit_new(int calls, int period_s)
{
	hv_ratelimit_t *self = calloc(1, sizeof *self);

	if (self == NULL)
		return NULL;
	self->calls = calls > 0 ? calls : 0;
	self->period_ms = (int64_t)period_s * 1000;
	if (self->calls > 0 && (self->at = calloc((size_t)self->calls, sizeof *self->at)) == NULL) {
		free(self);
		return NULL;
	}
	return self;
}

void
hv_ratelimit_free(hv_ratelimit_t **self_p)
{
	if (self_p == NULL || *self_p == NULL)
		return;
	free((*self_p)->at);
	free(*self_p);
	*self_p = NULL;
}

int64_t
hv_ratelimit_wait_ms(const hv_ratelimit_t *self, int64_t now_ms)
{
	int64_t wait = self->not_before - now_ms;

	if (self->calls > 0 && self->n == self->calls) {
		int64_t free_at = self->at[self->head] + self->period_ms;
		if (free_at - now_ms > wait)
			wait = free_at - now_ms;
	}
	return wait > 0 ? wait : 0;
}

void
hv_ratelimit_note(hv_ratelimit_t *self, int64_t now_ms)
{
	if (self->calls == 0)
		return;
	if (self->n == self->calls) {
		self->at[self->head] = now_ms;
		self->head = (self->head + 1) % self->calls;
	} else {
		self->at[(self->head + self->n) % self->calls] = now_ms;
		self->n++;
	}
}

void
hv_ratelimit_pause(hv_ratelimit_t *self, int64_t now_ms, int64_t ms)
{
	if (now_ms + ms > self->not_before)
		self->not_before = now_ms + ms;
}

void
hv_ratelimit_observe(hv_ratelimit_t *self, int64_t now_ms, const char *used_size)
{
	int used, size;

	if (used_size != NULL && sscanf(used_size, "%d/%d", &used, &size) == 2 && size > 0 &&
	    used >= size - 1)
		hv_ratelimit_pause(self, now_ms, 1000);
}
