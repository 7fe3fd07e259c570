/*
 * endpoint.h -- ZeroMQ endpoints as configured: which are loopback (safe
 * without CurveZMQ) and which reach the network.
 */
#ifndef HV_ENDPOINT_H
#define HV_ENDPOINT_H

#include <stdbool.h>

/* Whether EP stays on this machine: ipc:// and inproc://, or tcp:// to an
 * address of 127.0.0.0/8, localhost or [::1] (for tcp://SRC;DST, DST).
 * Anything else (a wildcard, an interface, a host name, another host)
 * reaches the network. */
bool hv_endpoint_is_local(const char *ep);

/* Check EP looks like a ZeroMQ endpoint (tcp://, ipc://, inproc://).
 * Returns 0, or -1 with *WHY set. Usable as a config check. */
int hv_endpoint_check(const char *ep, const char **why);

#endif
