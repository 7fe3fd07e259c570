/*
 * ingest_socket.c -- the POS side's DEALER to hangvietd's ingest.
 */
#include "ingest_socket.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <zmq.h>

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
