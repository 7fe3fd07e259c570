/*
 * subscribers.h -- who follows a node's feed, for `status`: the XPUB is set
 * to pass every subscription up (ZMQ_XPUB_VERBOSER), each subscribe and
 * each unsubscribe, including the ones libzmq makes when a subscriber goes
 * away, and this counts them. One subscriber with one prefix (what
 * `hangviet watch` and a district node ask for) counts one; a subscriber
 * with several prefixes counts once for each.
 *
 * It reads only what the socket hands up; it never touches the publishing
 * path (a socket monitor, tried first, lengthened the scan p99 with a
 * stalled subscriber in `make bench`).
 */
#ifndef HV_SUBSCRIBERS_H
#define HV_SUBSCRIBERS_H

typedef struct hv_subscribers hv_subscribers_t;

/* Count the subscriptions of XPUB (borrowed); sets ZMQ_XPUB_VERBOSER on it. */
hv_subscribers_t *hv_subscribers_new(void *xpub);
void hv_subscribers_destroy(hv_subscribers_t **self_p);

/* Read every (un)subscription waiting on the XPUB (never blocks). Call it
 * when the XPUB polls readable: libzmq queues them until read. FN, when not
 * NULL, is called with each new subscription's topic prefix (LEN bytes, not
 * NUL-terminated; at most 255). */
void hv_subscribers_drain(hv_subscribers_t *self,
    void (*fn)(void *arg, const char *prefix, size_t len), void *arg);

/* Subscriptions held now. */
int hv_subscribers_count(const hv_subscribers_t *self);

#endif
