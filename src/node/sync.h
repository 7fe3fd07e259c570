/*
 * sync.h -- the sync socket (doc/protocol.md "Sync"): the late joiner's and the
 * reconnecting office's way back, the zguide's Clone pattern. A ROUTER
 * answers `history` with one place body per store it knows of, one tally
 * body per window held whose start is in [since, until), then {op: "done",
 * seq: N}; and `status` with the node's
 * state: DESIGN's keys, the counters below, and uptime, events_today,
 * last_commit, subscribers and journal_size. The same for a store daemon and a district node: each gives the
 * windows and the numbers through an hv_sync_source_t.
 */
#ifndef HV_SYNC_H
#define HV_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "place.h"
#include "rollup.h"
#include "tally.h"

/* What `status` says besides the node's names. */
typedef struct {
	int64_t seq;    /* the feed's last seq */
	int64_t stores; /* stores it holds windows of */
	/* Times a feed subscriber's queue was found full: from then on it
	 * misses messages until it reads again (libzmq drops them without
	 * telling how many; the subscriber sees the gap in seq, asks history,
	 * and counts what it missed). */
	int64_t feed_stalls;
	int64_t dropped; /* input messages thrown away: unroutable or unreadable */
	int64_t missed;  /* upstream feed messages never received (seq gaps) */
	int64_t refused; /* CurveZMQ handshakes refused: keys not allowed */
	/* Upstream tallies dropped because their store is not one that
	 * upstream speaks for (doc/protocol.md "Security"). */
	int64_t foreign;
	/* What an operator checks first (`hangviet status`). */
	int64_t started;      /* when the node started, Unix ms (status: uptime in s) */
	int64_t events_today; /* lines and voids counted since local midnight, as of
	                       * the last checkpoint (a store: a second ago at most) */
	int64_t last_commit;  /* the last commit to its database, Unix ms; 0: none */
	int64_t subscribers;  /* subscriptions to its feed (subscribers.h) */
	int64_t journal_size; /* bytes of its database and write-ahead log */
	/* Its catalog: the version it holds -- a store following an office,
	 * the office's version applied; an office serving one, its own --
	 * and, for a store following one, when it last heard the office's
	 * catalog (Unix ms; 0: not yet). */
	int64_t catalog_version;
	int64_t catalog_synced;
} hv_sync_counts_t;

/* Where a node's windows and status come from. */
typedef struct {
	const char *node;     /* this node's id */
	const char *province; /* its province and district ids */
	const char *district;
	/* Call FN for each window starting in [since, until) with the province
	 * and district it belongs to; 0 or -1. */
	int (*windows)(void *arg, int64_t since, int64_t until,
	    int (*fn)(
	        const hv_window_t *w, const char *province, const char *district, void *fnarg),
	    void *fnarg);
	/* Call FN for each store's place the node holds (a store: its own),
	 * until it returns non-zero; 0 or -1. History sends them first. NULL:
	 * none. */
	int (*places)(void *arg, int (*fn)(const hv_place_t *p, void *fnarg), void *fnarg);
	/* Call FN for each hour of its stores' product rollup starting in
	 * [since, until), with the province and area its store is in -- an
	 * office's own region hours too, and those alone unless STORES; 0 or
	 * -1. History sends them when asked for (`products: true`, and
	 * `store_products: false` for an office's region alone); NULL: none. */
	int (*products)(void *arg, int64_t since, int64_t until, bool stores,
	    int (*fn)(const hv_rollup_t *r, const char *province, const char *district,
	        void *fnarg),
	    void *fnarg);
	/* A `catalog` request (since: SINCE) from the peer IDENTITY (LEN
	 * bytes): answered later by the node's catalog server (catalog_server.h);
	 * 0, or -1 when it cannot be now. NULL: the node holds no catalog. */
	int (*catalog)(void *arg, const void *identity, size_t len, int64_t since);
	/* Fill in the counters `status` reports. */
	void (*counts)(void *arg, hv_sync_counts_t *c);
	void *arg;
} hv_sync_source_t;

/* Read one request from the ROUTER socket SOCK (non-blocking) and answer
 * it. Returns 1 when a request was read, 0 when none waits, -1 on a socket
 * error. Bad requests get {op: "error", msg}; a message that is not
 * [identity, "", body] is dropped and counted in *DROPPED. */
int hv_sync_serve(void *sock, const hv_sync_source_t *src, int64_t now, int64_t *dropped);

#endif
