/*
 * checkout.c -- checkout channel requests and replies.
 */
#include "checkout.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "wire.h"

static const char *const s_ops[] = {"scan", "void", "end", "cancel", "lookup", "ping"};
static const char *const s_errs[] = {"", "bad_request", "bad_code", "conflict", "unknown_txn",
    "unknown_line", "closed_txn", "too_large", "unavailable"};

const char *
hv_op_name(hv_op_t op)
{
	return s_ops[op];
}

const char *
hv_err_name(hv_err_t err)
{
	return s_errs[err];
}

bool
hv_checkout_store_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > HV_STORE_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		        (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' || *s == '-'))
			return false;
	return true;
}

static bool
s_txn_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > HV_TXN_MAX)
		return false;
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

/* Read an integer key into *V within [MIN, MAX]. REQUIRED: absent is an
 * error. Returns 1 present, 0 absent, -1 wrong (with *WHY). */
static int
s_int(const msgpack_object *m, const char *key, bool required, int64_t min, int64_t max, int64_t *v,
    const char **why, const char *msg)
{
	int rc = hv_wire_get_int(m, key, v);
	if (rc < 0 || (rc == 1 && (*v < min || *v > max)) || (rc == 0 && required)) {
		*why = msg;
		return -1;
	}
	return rc;
}

/* The keys every recording op carries: store, lane, txn, ts. */
static int
s_event_keys(const msgpack_object *m, hv_request_t *req, const char **why)
{
	int64_t v;
	int rc;

	if (hv_wire_get_str(m, "store", req->store, sizeof req->store) != 1 ||
	    !hv_checkout_store_valid(req->store)) {
		*why = N_("store must be 1-32 characters of A-Z, a-z, 0-9, _ . -");
		return -1;
	}
	if (s_int(m, "lane", true, 1, 9999, &v, why,
	        N_("lane must be a whole number from 1 to 9999")) < 0)
		return -1;
	req->lane = (int)v;
	if (hv_wire_get_str(m, "txn", req->txn, sizeof req->txn) != 1 || !s_txn_ok(req->txn)) {
		*why = N_("txn must be 1-64 printable ASCII characters");
		return -1;
	}
	rc = s_int(m, "ts", false, 0, INT64_MAX, &req->ts, why,
	    N_("ts must be Unix time in milliseconds"));
	if (rc < 0)
		return -1;
	req->has_ts = rc == 1;
	return 0;
}

/* The scanned code and its optional symbology (scan, lookup). */
static int
s_code_keys(const msgpack_object *m, hv_request_t *req, const char **why)
{
	char sym[24];
	int rc;

	if (hv_wire_get_str(m, "code", req->code, sizeof req->code) != 1 || req->code[0] == '\0') {
		*why = N_("code must be the scanned string, 1-48 characters");
		return -1;
	}
	rc = hv_wire_get_str(m, "sym", sym, sizeof sym);
	if (rc < 0 || (rc == 1 && hv_sym_from_name(sym, &req->sym) < 0)) {
		*why = N_("sym must be one of ean13, ean8, upca, upce, gs1-128, gs1-datamatrix");
		return -1;
	}
	return 0;
}

static int
s_scan_keys(const msgpack_object *m, hv_request_t *req, const char **why)
{
	int rc;

	if (s_int(m, "line", true, 1, HV_LINE_MAX, &req->line, why,
	        N_("line must be a whole number from 1 to 1000000")) < 0 ||
	    s_code_keys(m, req, why) < 0 ||
	    s_int(m, "qty", true, -HV_QTY_MAX, HV_QTY_MAX, &req->qty, why,
	        N_("qty must be a whole number from -100000 to 100000, not 0")) < 0)
		return -1;
	if (req->qty == 0) {
		*why = N_("qty must be a whole number from -100000 to 100000, not 0");
		return -1;
	}
	rc = s_int(m, "amount", false, -HV_AMOUNT_MAX, HV_AMOUNT_MAX, &req->amount, why,
	    N_("amount must be the line total in VND, at most 10^12"));
	if (rc < 0)
		return -1;
	req->has_amount = rc == 1;
	if (req->has_amount &&
	    ((req->qty > 0 && req->amount < 0) || (req->qty < 0 && req->amount > 0))) {
		*why = N_("amount must have the sign of qty (a return is negative)");
		return -1;
	}
	return 0;
}

/* Decode the fields of an unpacked request map. */
static hv_err_t
s_decode_map(const msgpack_object *m, hv_request_t *req, const char **why)
{
	char op[16];
	int rc;

	rc =
	    s_int(m, "id", false, INT64_MIN, INT64_MAX, &req->id, why, N_("id must be an integer"));
	if (rc < 0)
		return HV_ERR_BAD_REQUEST;
	req->has_id = rc == 1;
	if (hv_wire_get_str(m, "op", op, sizeof op) != 1) {
		*why = N_("op must be one of scan, void, end, cancel, lookup, ping");
		return HV_ERR_BAD_REQUEST;
	}
	for (req->op = HV_OP_SCAN; req->op <= HV_OP_PING; req->op++)
		if (strcmp(op, s_ops[req->op]) == 0)
			break;
	switch (req->op) {
	case HV_OP_PING: return HV_ERR_NONE;
	case HV_OP_LOOKUP: return s_code_keys(m, req, why) < 0 ? HV_ERR_BAD_REQUEST : HV_ERR_NONE;
	case HV_OP_SCAN:
		return s_event_keys(m, req, why) < 0 || s_scan_keys(m, req, why) < 0
		           ? HV_ERR_BAD_REQUEST
		           : HV_ERR_NONE;
	case HV_OP_VOID:
		if (s_event_keys(m, req, why) < 0 ||
		    s_int(m, "line", true, 1, HV_LINE_MAX, &req->line, why,
		        N_("line must be a whole number from 1 to 1000000")) < 0)
			return HV_ERR_BAD_REQUEST;
		return HV_ERR_NONE;
	case HV_OP_END:
		if (s_event_keys(m, req, why) < 0)
			return HV_ERR_BAD_REQUEST;
		rc = s_int(m, "total", false, -HV_AMOUNT_MAX * 1000, HV_AMOUNT_MAX * 1000,
		    &req->total, why, N_("total must be the basket total in VND"));
		req->has_total = rc == 1;
		return rc < 0 ? HV_ERR_BAD_REQUEST : HV_ERR_NONE;
	case HV_OP_CANCEL: return s_event_keys(m, req, why) < 0 ? HV_ERR_BAD_REQUEST : HV_ERR_NONE;
	default:
		*why = N_("op must be one of scan, void, end, cancel, lookup, ping");
		return HV_ERR_BAD_REQUEST;
	}
}

hv_err_t
hv_checkout_decode(const void *buf, size_t len, hv_request_t *req, const char **why)
{
	msgpack_unpacked msg;
	hv_err_t err;

	memset(req, 0, sizeof *req);
	if (len > HV_CHECKOUT_MAX_BODY) {
		*why = N_("the request is larger than 4096 bytes");
		return HV_ERR_TOO_LARGE;
	}
	if (hv_wire_unpack_map(buf, len, &msg, why) < 0)
		return HV_ERR_BAD_REQUEST;
	err = s_decode_map(&msg.data, req, why);
	msgpack_unpacked_destroy(&msg);
	return err;
}

/* Start a reply map of N pairs besides `ok` and `id`. */
static void
s_begin(msgpack_packer *pk, const hv_request_t *req, size_t n, bool ok)
{
	msgpack_pack_map(pk, n + 1 + (req != NULL && req->has_id));
	hv_wire_kv_bool(pk, "ok", ok);
	if (req != NULL && req->has_id)
		hv_wire_kv_int(pk, "id", req->id);
}

void
hv_checkout_reply_error(msgpack_packer *pk, const hv_request_t *req, hv_err_t err, const char *msg)
{
	s_begin(pk, req, 2, false);
	hv_wire_kv_str(pk, "err", s_errs[err]);
	hv_wire_kv_str(pk, "msg", msg);
}

void
hv_checkout_reply_tag(msgpack_packer *pk, const hv_request_t *req, const hv_tag_t *tag, bool dup)
{
	s_begin(pk, req, 9, true);
	hv_wire_kv_str(pk, "class", hv_class_name(tag->cls));
	hv_wire_kv_str(pk, "country", tag->country);
	hv_wire_kv_str(pk, "basis", hv_basis_name(tag->basis));
	hv_wire_kv_int(pk, "ocop", tag->ocop);
	hv_wire_kv_bool(pk, "local", tag->local);
	hv_wire_kv_bool(pk, "vn_brand", tag->vn_brand);
	hv_wire_kv_str(pk, "name", tag->name);
	hv_wire_kv_str(pk, "gtin", tag->gtin);
	hv_wire_kv_bool(pk, "dup", dup);
}

void
hv_checkout_reply_ok(msgpack_packer *pk, const hv_request_t *req, bool dup)
{
	s_begin(pk, req, 1, true);
	hv_wire_kv_bool(pk, "dup", dup);
}

static void
s_by_class(msgpack_packer *pk, const char *key, const int64_t v[3])
{
	hv_wire_pack_str(pk, key);
	msgpack_pack_map(pk, 3);
	for (int c = 0; c < 3; c++)
		hv_wire_kv_int(pk, hv_class_name((hv_class_t)c), v[c]);
}

void
hv_checkout_reply_end(msgpack_packer *pk, const hv_request_t *req, const hv_basket_t *b, bool dup)
{
	char receipt[128];

	hv_checkout_receipt(b, receipt, sizeof receipt);
	s_begin(pk, req, 4, true);
	s_by_class(pk, "items", b->items);
	s_by_class(pk, "value", b->value);
	hv_wire_kv_str(pk, "receipt", receipt);
	hv_wire_kv_bool(pk, "dup", dup);
}

void
hv_checkout_reply_ping(
    msgpack_packer *pk, const hv_request_t *req, const char *version, const char *store)
{
	s_begin(pk, req, 2, true);
	hv_wire_kv_str(pk, "version", version);
	hv_wire_kv_str(pk, "store", store);
}

void
hv_checkout_receipt(const hv_basket_t *b, char *buf, size_t size)
{
	int64_t items = b->items[0] + b->items[1] + b->items[2];
	int64_t value = b->value[0] + b->value[1] + b->value[2];

	/* The receipt is printed for the customer, always in Vietnamese. */
	if (value > 0 && b->value[HV_CLASS_DOMESTIC] >= 0)
		snprintf(buf, size, "Hàng Việt: %lld/%lld món, %lld%% giá trị",
		    (long long)b->items[HV_CLASS_DOMESTIC], (long long)items,
		    (long long)((b->value[HV_CLASS_DOMESTIC] * 100 + value / 2) / value));
	else
		snprintf(buf, size, "Hàng Việt: %lld/%lld món",
		    (long long)b->items[HV_CLASS_DOMESTIC], (long long)items);
}
