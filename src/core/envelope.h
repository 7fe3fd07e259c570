/*
 * envelope.h -- one message from a ROUTER socket, as [identity, "", body]:
 * REQ and DEALER peers (with the empty delimiter) look alike. Extra frames
 * are read and dropped, so a peer's frame count never grows memory.
 */
#ifndef HV_ENVELOPE_H
#define HV_ENVELOPE_H

#include <stdbool.h>
#include <zmq.h>

typedef struct {
	zmq_msg_t frame[3]; /* identity, delimiter, body (the first three frames) */
	int frames;         /* how many frames the message had */
} hv_envelope_t;

/* Read one message from SOCK without waiting. Returns 1 with *E filled
 * (close with hv_envelope_close), 0 when none waits, -1 on a socket error
 * (then nothing to close). */
int hv_envelope_recv(void *sock, hv_envelope_t *e);

/* Whether E is routable: an identity, an empty delimiter and a body. */
bool hv_envelope_routable(hv_envelope_t *e);

void hv_envelope_close(hv_envelope_t *e);

#endif
