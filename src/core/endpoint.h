/*
 * endpoint.h -- ZeroMQ endpoints as configured: which are loopback (safe
 * without CurveZMQ) and which reach the network.
 */
#ifndef HV_ENDPOINT_H
#define HV_ENDPOINT_H

#include <stdbool.h>

/* The default endpoints (doc/protocol.md "Defaults"): a store daemon's
 * ingest, feed and sync, and an office node's feed and sync. Every program
 * and its --help take them from here. */
#define HV_EP_STORE_INGEST "tcp://127.0.0.1:5580"
#define HV_EP_STORE_FEED   "tcp://127.0.0.1:5581"
#define HV_EP_STORE_SYNC   "tcp://127.0.0.1:5582"
#define HV_EP_OFFICE_FEED  "tcp://127.0.0.1:5591"
#define HV_EP_OFFICE_SYNC  "tcp://127.0.0.1:5592"

/* Whether EP stays on this machine: ipc:// and inproc://, or tcp:// to an
 * address of 127.0.0.0/8, localhost or [::1] (for tcp://SRC;DST, DST).
 * Anything else (a wildcard, an interface, a host name, another host)
 * reaches the network. */
bool hv_endpoint_is_local(const char *ep);

/* Check EP looks like a ZeroMQ endpoint (tcp://, ipc://, inproc://).
 * Returns 0, or -1 with *WHY set. Usable as a config check. */
int hv_endpoint_check(const char *ep, const char **why);

#endif
