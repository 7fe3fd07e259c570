/*
 * checkout.h -- the checkout channel's messages (doc/protocol.md "Checkout
 * channel"): requests decoded and range-checked,
 * replies encoded. Shared by the store daemon and the POS client library.
 */
#ifndef HV_CHECKOUT_H
#define HV_CHECKOUT_H

#include <msgpack.h>
#include <stdbool.h>
#include <stdint.h>

#include "gtin.h"
#include "tag.h"

#define HV_CHECKOUT_MAX_BODY 4096 /* a larger request is too_large */
#define HV_STORE_MAX         32
#define HV_TXN_MAX           64
#define HV_QTY_MAX           100000
#define HV_AMOUNT_MAX        1000000000000LL /* 10^12 VND per line */
#define HV_LINE_MAX          1000000

typedef enum { HV_OP_SCAN, HV_OP_VOID, HV_OP_END, HV_OP_CANCEL, HV_OP_LOOKUP, HV_OP_PING } hv_op_t;

/* Error codes of replies. */
typedef enum {
	HV_ERR_NONE = 0,
	HV_ERR_BAD_REQUEST,
	HV_ERR_BAD_CODE, /* sent by no daemon since every sold line counts; still read */
	HV_ERR_CONFLICT,
	HV_ERR_UNKNOWN_TXN,
	HV_ERR_UNKNOWN_LINE,
	HV_ERR_CLOSED_TXN,
	HV_ERR_TOO_LARGE,
	HV_ERR_UNAVAILABLE
} hv_err_t;

/* A request, every field range-checked. */
typedef struct {
	hv_op_t op;                   /* what is asked */
	bool has_id;                  /* `id` was sent (echo it) */
	int64_t id;                   /* the client's request id */
	char store[HV_STORE_MAX + 1]; /* scan/void/end/cancel: [A-Za-z0-9_.-]{1,32} */
	int lane;                     /* 1-9999 */
	char txn[HV_TXN_MAX + 1];     /* 1-64 printable ASCII */
	bool has_ts;                  /* `ts` was sent */
	int64_t ts;                   /* event time, Unix ms */
	int64_t line;                 /* scan: the line; void: the line voided */
	char code[HV_CODE_MAX + 1];   /* scan, lookup: the scanned string */
	hv_sym_t sym;                 /* scan, lookup: the symbology, or ANY */
	int64_t qty;                  /* scan: non-zero, |qty| <= 100000 */
	bool has_amount;              /* scan: `amount` was sent */
	int64_t amount;               /* scan: line total in VND, sign of qty */
	bool has_total;               /* end: `total` was sent */
	int64_t total;                /* end: the POS's basket total */
} hv_request_t;

/* Sums of one basket by class: what an `end` reply carries. */
typedef struct {
	int64_t items[3]; /* by hv_class_t */
	int64_t value[3]; /* VND, by hv_class_t */
} hv_basket_t;

/* Decode the request body BUF. Returns HV_ERR_NONE with *REQ filled, or
 * HV_ERR_BAD_REQUEST / HV_ERR_TOO_LARGE with *WHY saying what is wrong; the
 * id is then still in *REQ when it could be read, for the reply. */
hv_err_t hv_checkout_decode(const void *buf, size_t len, hv_request_t *req, const char **why);

/* Whether S is a store id: 1-32 characters of A-Z, a-z, 0-9, _ . - (NULL: no) */
bool hv_checkout_store_valid(const char *s);

/* Whether S is a transaction id: 1-64 printable ASCII characters (NULL: no). */
bool hv_checkout_txn_valid(const char *s);

/* Wire names: "scan"...; "bad_request"... */
const char *hv_op_name(hv_op_t op);
const char *hv_err_name(hv_err_t err);

/* Replies, packed into PK (one map each). REQ supplies the id to echo and
 * may be NULL. */
void hv_checkout_reply_error(
    msgpack_packer *pk, const hv_request_t *req, hv_err_t err, const char *msg);
void hv_checkout_reply_tag(
    msgpack_packer *pk, const hv_request_t *req, const hv_tag_t *tag, bool dup);
void hv_checkout_reply_ok(msgpack_packer *pk, const hv_request_t *req, bool dup);
void hv_checkout_reply_end(
    msgpack_packer *pk, const hv_request_t *req, const hv_basket_t *b, bool dup);
void hv_checkout_reply_ping(
    msgpack_packer *pk, const hv_request_t *req, const char *version, const char *store);

/* Pack REQ as a request map with the keys its op uses (the client side).
 * HV_REQUEST_NO_AMOUNT in amount leaves `amount` out. */
void hv_checkout_pack_request(msgpack_packer *pk, const hv_request_t *req);

/* A reply as a client reads it. */
typedef struct {
	bool ok; /* the request was answered without error */
	bool has_id;
	int64_t id;                   /* the id it echoes */
	hv_err_t err;                 /* when !ok */
	char msg[256];                /* when !ok: the daemon's sentence */
	hv_tag_t tag;                 /* scan, lookup: class, country, basis, ... */
	bool dup;                     /* the event was recorded before */
	hv_basket_t basket;           /* end */
	char receipt[128];            /* end */
	char store[HV_STORE_MAX + 1]; /* ping */
	char version[32];             /* ping */
} hv_reply_t;

/* Read a reply body. Returns 0, or -1 when it is not a reply map (unknown
 * keys are ignored, as the protocol says). */
int hv_checkout_read_reply(const void *buf, size_t len, hv_reply_t *out);

/* The receipt line for a basket, in Vietnamese, e.g.
 * "Hàng Việt: 12/20 món, 65% giá trị", into BUF. */
void hv_checkout_receipt(const hv_basket_t *b, char *buf, size_t size);

#endif
