/*
 * peers.c -- counting a bound socket's connected peers from its monitor.
 * Every event is two frames: 6 bytes (uint16 event, uint32 value, host
 * order) and the endpoint; only ACCEPTED and DISCONNECTED are asked for.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "peers.h"

struct hv_peers {
	void *watch; /* the PAIR socket reading the monitor's events */
	int count;
};

hv_peers_t *
hv_peers_new(void *ctx, void *sock, const char *name)
{
	hv_peers_t *self = calloc(1, sizeof *self);
	char addr[128];
	int hwm = 10000, zero = 0;

	if (self == NULL)
		return NULL;
	snprintf(addr, sizeof addr, "inproc://hv-peers-%s", name);
	if (zmq_socket_monitor(sock, addr, ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED) < 0 ||
	    (self->watch = zmq_socket(ctx, ZMQ_PAIR)) == NULL) {
		free(self);
		return NULL;
	}
	zmq_setsockopt(self->watch, ZMQ_RCVHWM, &hwm, sizeof hwm);
	zmq_setsockopt(self->watch, ZMQ_LINGER, &zero, sizeof zero);
	if (zmq_connect(self->watch, addr) < 0) {
		zmq_close(self->watch);
		free(self);
		return NULL;
	}
	return self;
}

void
hv_peers_destroy(hv_peers_t **self_p)
{
	hv_peers_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	zmq_close(self->watch);
	free(self);
	*self_p = NULL;
}

/* Read one event; its number, or -1 when none waits. */
static int
s_event(hv_peers_t *self)
{
	unsigned char head[6];
	char rest[256];
	int more = 0;
	size_t ml = sizeof more;
	uint16_t event;

	int n = zmq_recv(self->watch, head, sizeof head, ZMQ_DONTWAIT);
	if (n < 0)
		return -1;
	while (zmq_getsockopt(self->watch, ZMQ_RCVMORE, &more, &ml) == 0 && more)
		zmq_recv(self->watch, rest, sizeof rest, 0); /* the endpoint */
	if (n < (int)sizeof event)
		return 0;
	memcpy(&event, head, sizeof event);
	return event;
}

void
hv_peers_update(hv_peers_t *self)
{
	int event;

	if (self == NULL)
		return;
	while ((event = s_event(self)) >= 0) {
		if (event == ZMQ_EVENT_ACCEPTED)
			self->count++;
		else if (event == ZMQ_EVENT_DISCONNECTED && self->count > 0)
			self->count--;
	}
}

int
hv_peers_count(const hv_peers_t *self)
{
	return self != NULL ? self->count : 0;
}
