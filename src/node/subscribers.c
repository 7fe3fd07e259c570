/*
 * subscribers.c -- counting a feed's subscriptions from the messages its
 * XPUB hands up: first byte 1 a subscribe, 0 an unsubscribe, the topic
 * prefix after it.
 */
#include <stdlib.h>
#include <zmq.h>

#include "subscribers.h"

struct hv_subscribers {
	void *xpub; /* borrowed */
	int count;
};

hv_subscribers_t *
hv_subscribers_new(void *xpub)
{
	hv_subscribers_t *self = calloc(1, sizeof *self);
	int one = 1;

	if (self == NULL)
		return NULL;
	self->xpub = xpub;
	zmq_setsockopt(xpub, ZMQ_XPUB_VERBOSER, &one, sizeof one);
	return self;
}

void
hv_subscribers_destroy(hv_subscribers_t **self_p)
{
	if (self_p == NULL || *self_p == NULL)
		return;
	free(*self_p);
	*self_p = NULL;
}

void
hv_subscribers_drain(
    hv_subscribers_t *self, void (*fn)(void *arg, const char *prefix, size_t len), void *arg)
{
	unsigned char msg[256]; /* the flag and the start of the prefix: enough */

	int n;

	while ((n = zmq_recv(self->xpub, msg, sizeof msg, ZMQ_DONTWAIT)) >= 0) {
		if (n > (int)sizeof msg)
			n = (int)sizeof msg; /* the rest was cut */
		if (n >= 1 && msg[0] == 1) {
			self->count++;
			if (fn != NULL)
				fn(arg, (const char *)msg + 1, (size_t)n - 1);
		} else if (n >= 1 && msg[0] == 0 && self->count > 0) {
			self->count--;
		}
	}
}

int
hv_subscribers_count(const hv_subscribers_t *self)
{
	return self != NULL ? self->count : 0;
}
