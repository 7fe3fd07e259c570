/*
 * ingest_socket.h -- a DEALER socket to a store daemon's ingest endpoint,
 * set up the way every POS-side sender needs it: no queueing for a daemon
 * that is not connected (ZMQ_IMMEDIATE), quick reconnects, no linger, a
 * cap on message size, and CurveZMQ when the daemon's key is given (plain
 * text only to this machine, or when INSECURE says so). libhangviet's
 * client and the bridge's POSLog sender use it.
 */
#ifndef HV_INGEST_SOCKET_H
#define HV_INGEST_SOCKET_H

#include <stddef.h>
#include <stdint.h>
#include <zmq.h>

typedef struct {
	const char *endpoint;          /* the daemon's ingest endpoint */
	const char *server_public_key; /* the daemon's NAME.pub, or NULL/"" */
	const char *client_key;        /* this sender's NAME.key, with the above */
	int insecure;                  /* allow plaintext off this machine */
	int hwm;                       /* send and receive high-water marks */
} hv_ingest_socket_opts_t;

/* A connected DEALER socket in CTX, or NULL with ERR saying why. */
void *hv_ingest_socket_open(void *ctx, const hv_ingest_socket_opts_t *o, char *err, size_t errlen);

/* Send BODY (LEN bytes) after the empty delimiter frame. With
 * ZMQ_IMMEDIATE nothing is queued for a daemon that is not connected: wait
 * for the connection (just opened, or coming back) until DEADLINE
 * (monotonic ms). 0, or -1 at the deadline or on a socket error. */
int hv_ingest_socket_send(void *sock, const void *body, size_t len, int64_t deadline);

/* Read one message: its first two frames into F (initialised by the
 * caller), further frames dropped. FLAGS: 0, or ZMQ_DONTWAIT to return -1
 * at once (errno EAGAIN) when none has come. How many frames it had, or -1. */
int hv_ingest_socket_recv(void *sock, zmq_msg_t f[2], int flags);

#endif
