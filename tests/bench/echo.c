/*
 * echo.c -- the baseline every round-trip benchmark is measured against:
 * a ZeroMQ ROUTER that sends each message straight back, frames and all,
 * doing no work, until it is killed.
 *
 *   echo ENDPOINT
 *
 * REQ and DEALER clients (which send ["", body]) get ["", body] back, as
 * hangvietd's ingest answers them. It runs as a process of its own, as
 * hangvietd does, so client and server share the machine the same way in
 * both measurements.
 */
#include <errno.h>
#include <stdio.h>
#include <zmq.h>

int
main(int argc, char **argv)
{
	void *ctx = zmq_ctx_new();
	void *s = zmq_socket(ctx, ZMQ_ROUTER);
	zmq_msg_t msg;

	if (argc != 2) {
		fprintf(stderr, "usage: echo ENDPOINT\n");
		return 2;
	}
	if (zmq_bind(s, argv[1]) < 0) {
		fprintf(stderr, "echo: cannot bind %s: %s\n", argv[1], zmq_strerror(errno));
		return 2;
	}
	zmq_msg_init(&msg);
	while (zmq_msg_recv(&msg, s, 0) >= 0)
		if (zmq_msg_send(&msg, s, zmq_msg_more(&msg) ? ZMQ_SNDMORE : 0) < 0)
			break;
	zmq_msg_close(&msg);
	zmq_close(s);
	zmq_ctx_term(ctx);
	return 1;
}
