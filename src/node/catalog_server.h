/*
 * catalog_server.h -- a node's catalog served on its sync socket
 * (doc/protocol.md "The office's catalog"): `{op: "catalog", since: V}` is
 * answered with the rows changed after version V, in messages of at most
 * HV_CATALOG_ROWS_MAX rows, then `{op: "done", version: N, full, rows}`.
 * Each answer is read in one snapshot of catalog.db, so it is one whole
 * version even while an import commits the next. Requests wait their turn
 * and each is answered a slice per turn of the node's loop, so a store
 * fetching a million rows never holds up the node's tallies.
 */
#ifndef HV_CATALOG_SERVER_H
#define HV_CATALOG_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "node.h"

#define HV_CATALOG_ROWS_MAX 500 /* rows in one catalog_rows message */

typedef struct hv_catalog_server hv_catalog_server_t;

/* A server of the catalog at PATH (it may not exist yet: requests are then
 * told this node holds none) on NODE's sync socket (after hv_node_serve).
 * NULL when out of memory or no timer is left. */
hv_catalog_server_t *hv_catalog_server_new(hv_node_t *node, const char *path);
void hv_catalog_server_destroy(hv_catalog_server_t **self_p);

/* Take a request from the peer IDENTITY (LEN bytes) for the changes after
 * SINCE: 0, or -1 when too many wait (the peer asks again later). */
int hv_catalog_server_ask(hv_catalog_server_t *self, const void *identity, size_t len,
    int64_t since);

/* The version of the catalog it serves: 0 with none. */
int64_t hv_catalog_server_version(hv_catalog_server_t *self);

#endif
