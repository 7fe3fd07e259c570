/*
 * envelope.c -- reading ROUTER messages.
 */
#include "envelope.h"

#include <errno.h>

int
hv_envelope_recv(void *sock, hv_envelope_t *e)
{
	zmq_msg_t extra;
	int more = 1;
	size_t more_len = sizeof more;

	e->frames = 0;
	for (int i = 0; i < 3; i++)
		zmq_msg_init(&e->frame[i]);
	zmq_msg_init(&extra);
	while (more) {
		zmq_msg_t *m = e->frames < 3 ? &e->frame[e->frames] : &extra;
		if (zmq_msg_recv(m, sock, e->frames == 0 ? ZMQ_DONTWAIT : 0) < 0) {
			int rc = errno == EAGAIN ? 0 : -1;
			zmq_msg_close(&extra);
			hv_envelope_close(e);
			return rc;
		}
		zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &more_len);
		e->frames++;
	}
	zmq_msg_close(&extra);
	return 1;
}

bool
hv_envelope_routable(hv_envelope_t *e)
{
	return e->frames >= 3 && zmq_msg_size(&e->frame[1]) == 0 &&
	       zmq_msg_size(&e->frame[0]) <= 255;
}

void
hv_envelope_close(hv_envelope_t *e)
{
	for (int i = 0; i < 3; i++)
		zmq_msg_close(&e->frame[i]);
}
