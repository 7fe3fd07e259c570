/*
 * feed.h -- the live feed (doc/protocol.md "Feed"): topics, tally, place and
 * heartbeat bodies, and the publishing rules a node follows: every changed window at
 * most once a second while open (a district's region totals twice a second), once more with `final` when it closes, again
 * whenever a late event reopens it; a heartbeat every second; `seq` +1 per
 * message and never going back, across restarts too.
 */
#ifndef HV_FEED_H
#define HV_FEED_H

#include <msgpack.h>
#include <stdbool.h>
#include <stdint.h>

#include "place.h"
#include "rollup.h"
#include "tally.h"


/* How often an open window that keeps changing goes out: a store's windows
 * once a second. A district's region totals go out twice a second, so that
 * a region total never lags its stores by a second (issue 8): at once a
 * second the lag could reach the whole second plus the time to absorb. */
#define HV_FEED_REPUBLISH_MS        1000
#define HV_FEED_REGION_REPUBLISH_MS 500

/* What a received tally message says. */
typedef struct {
	int64_t seq;                   /* the publisher's message number */
	char node[HV_FEED_ID_MAX + 1]; /* the publisher */
	char province[HV_FEED_ID_MAX + 1];
	char district[HV_FEED_ID_MAX + 1];
	bool final;    /* the window had closed */
	hv_window_t w; /* store, start, span, rev and the counters */
} hv_feed_tally_t;

/* What a received products message says. */
typedef struct {
	int64_t seq;
	char node[HV_FEED_ID_MAX + 1];
	char province[HV_FEED_ID_MAX + 1];
	char district[HV_FEED_ID_MAX + 1];
	bool final;    /* the hour had ended */
	hv_rollup_t r; /* store, hour, rev and the rows (the caller's to clear) */
} hv_feed_products_t;

/* Write "hv1/KIND/PROVINCE/DISTRICT/STORE" into BUF ("-" for an empty id). */
void hv_feed_topic(char *buf, size_t size, const char *kind, const char *province,
    const char *district, const char *store);

/* Pack a tally body / a heartbeat body. */
void hv_feed_pack_tally(msgpack_packer *pk, int64_t seq, const char *node, const char *province,
    const char *district, const hv_window_t *w, bool final);
void hv_feed_pack_hb(
    msgpack_packer *pk, int64_t seq, const char *node, int64_t ts, const char *version);

/* Pack a products body: R's store and hour, whole. */
void hv_feed_pack_products(msgpack_packer *pk, int64_t seq, const char *node, const char *province,
    const char *district, const hv_rollup_t *r, bool final);

/* Read a products body (OUT->r is the caller's to hv_rollup_clear).
 * Returns 0, or -1 when the body is not one or a row is wrong. */
int hv_feed_read_products(const void *buf, size_t len, hv_feed_products_t *out);

/* Pack a place body. */
void hv_feed_pack_place(msgpack_packer *pk, int64_t seq, const char *node, const hv_place_t *p);

/* Read a place body into *OUT. Returns 0, or -1 when the body is not a
 * place or one of its fields is wrong (hv_place_problem). */
int hv_feed_read_place(const void *buf, size_t len, hv_place_t *out);

/* Read a tally body (OUT->w is the caller's to hv_window_clear). Returns 0,
 * or -1 when the body is not a tally. */
int hv_feed_read_tally(const void *buf, size_t len, hv_feed_tally_t *out);

/* A publisher on an XPUB socket (borrowed), numbering its messages from
 * FIRST_SEQ + 1; the caller keeps seq persisted (journal meta). */
typedef struct hv_feed hv_feed_t;

hv_feed_t *hv_feed_new(
    void *pub, const char *node, const char *province, const char *district, int64_t first_seq);
void hv_feed_destroy(hv_feed_t **self_p);

/* Let an open window go out at most once in MS (HV_FEED_REPUBLISH_MS
 * unless set). */
void hv_feed_set_republish(hv_feed_t *self, int ms);

/* The last seq sent. */
int64_t hv_feed_seq(const hv_feed_t *self);

/* Publish windows of T's to-publish list that are due at NOW (Unix ms):
 * changed and not published for the republish interval, or closed and not yet published
 * final; at most MAX of them, so a burst of late events never holds the
 * caller up for long. Returns how many were sent (MAX: call again soon). */
int hv_feed_publish_due(hv_feed_t *self, hv_tally_t *t, int64_t now, int max);

/* Send one tally now (a district forwarding a store's, unchanged but for
 * seq and node). */
void hv_feed_send_tally(
    hv_feed_t *self, const char *province, const char *district, const hv_window_t *w, bool final);

/* Send one store's hour now. */
void hv_feed_send_products(hv_feed_t *self, const char *province, const char *district,
    const hv_rollup_t *r, bool final);

/* Send a place message (a store's at start and on change; a district
 * forwarding its stores'). */
void hv_feed_send_place(hv_feed_t *self, const hv_place_t *p);

/* Send a heartbeat. */
void hv_feed_heartbeat(hv_feed_t *self, int64_t now);

/* Messages sent, and times a subscriber's queue was found full (after
 * that, libzmq drops messages for it until it drains, uncounted). */
int64_t hv_feed_sent(const hv_feed_t *self);
int64_t hv_feed_stalls(const hv_feed_t *self);

#endif
