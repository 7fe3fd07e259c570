/*
 * ingest_socket.c -- the POS side's DEALER to hangvietd's ingest.
 */
#include "ingest_socket.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <zmq.h>

#include "date.h"
#include "endpoint.h"
#include "keys.h"

/* Make SOCK a CurveZMQ client as O says, or check that plaintext is
 * allowed for its endpoint. 0, or -1 with ERR. */
static int
s_secure(void *sock, const hv_ingest_socket_opts_t *o, char *err, size_t errlen)
{
	if (o->server_public_key == NULL || o->server_public_key[0] == '\0') {
		if (hv_endpoint_is_local(o->endpoint) || o->insecure)
			return 0;
		snprintf(err, errlen,
		    "%s is off this machine: give server_public_key and client_key (CurveZMQ), "
		    "or set insecure",
		    o->endpoint);
		return -1;
	}
	if (o->client_key == NULL || o->client_key[0] == '\0') {
		snprintf(err, errlen, "CurveZMQ needs this lane's client_key too");
		return -1;
	}
	return hv_keys_apply_client(sock, o->server_public_key, o->client_key, err, errlen);
}

void *
hv_ingest_socket_open(void *ctx, const hv_ingest_socket_opts_t *o, char *err, size_t errlen)
{
	int zero = 0, one = 1, ivl = 100, ivl_max = 1000, hwm = o->hwm > 0 ? o->hwm : 1000;
	void *sock = ctx != NULL ? zmq_socket(ctx, ZMQ_DEALER) : NULL;

	if (sock == NULL) {
		snprintf(err, errlen, "cannot make a ZeroMQ socket: %s", zmq_strerror(errno));
		return NULL;
	}
	zmq_setsockopt(sock, ZMQ_LINGER, &zero, sizeof zero);
	zmq_setsockopt(sock, ZMQ_IMMEDIATE, &one, sizeof one); /* no queue to a dead daemon */
	zmq_setsockopt(sock, ZMQ_SNDHWM, &hwm, sizeof hwm);
	zmq_setsockopt(sock, ZMQ_RCVHWM, &hwm, sizeof hwm);
	zmq_setsockopt(sock, ZMQ_RECONNECT_IVL, &ivl, sizeof ivl);
	zmq_setsockopt(sock, ZMQ_RECONNECT_IVL_MAX, &ivl_max, sizeof ivl_max);
	zmq_setsockopt(sock, ZMQ_MAXMSGSIZE, &(int64_t){65536}, sizeof(int64_t));
	if (s_secure(sock, o, err, errlen) < 0)
		goto fail;
	if (zmq_connect(sock, o->endpoint) < 0) {
		snprintf(err, errlen, "cannot connect to %s: %s", o->endpoint, zmq_strerror(errno));
		goto fail;
	}
	return sock;
fail:
	zmq_close(sock);
	return NULL;
}

int
hv_ingest_socket_send(void *sock, const void *body, size_t len, int64_t deadline)
{
	for (;;) {
		if (zmq_send(sock, "", 0, ZMQ_SNDMORE | ZMQ_DONTWAIT) >= 0)
			return zmq_send(sock, body, len, ZMQ_DONTWAIT) < 0 ? -1 : 0;
		if (errno != EAGAIN)
			return -1;
		zmq_pollitem_t item = {sock, 0, ZMQ_POLLOUT, 0};
		int64_t left = deadline - hv_clock_ms(CLOCK_MONOTONIC);
		if (left <= 0 || zmq_poll(&item, 1, (long)left) <= 0)
			return -1;
	}
}

int
hv_ingest_socket_recv(void *sock, zmq_msg_t f[2], int flags)
{
	int n = 0, more = 1;
	size_t more_len = sizeof more;
	zmq_msg_t extra;

	zmq_msg_init(&extra);
	while (more) {
		/* The frames after the first have come with it. */
		if (zmq_msg_recv(n < 2 ? &f[n] : &extra, sock, n == 0 ? flags : 0) < 0) {
			zmq_msg_close(&extra);
			return -1;
		}
		zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &more_len);
		n++;
	}
	zmq_msg_close(&extra);
	return n;
}
