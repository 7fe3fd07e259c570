/*
 * peers.h -- how many peers are connected to a socket this node bound (the
 * feed's subscribers, for `status`), counted from the socket's libzmq
 * monitor: connections accepted less connections closed.
 */
#ifndef HV_PEERS_H
#define HV_PEERS_H

typedef struct hv_peers hv_peers_t;

/* Watch SOCK (in context CTX); NAME makes the monitor's inproc address
 * unique in CTX ("feed"). Returns NULL when libzmq refuses the monitor. */
hv_peers_t *hv_peers_new(void *ctx, void *sock, const char *name);
void hv_peers_destroy(hv_peers_t **self_p);

/* Take in the connection events that wait (never blocks). Call it now and
 * then (a second apart is enough: the monitor holds 10,000 events). */
void hv_peers_update(hv_peers_t *self);

/* Peers connected as of the last update. */
int hv_peers_count(const hv_peers_t *self);

#endif
