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
	size_t n = s != NULL ? strlen(s) : 0;
	if (n < 1 || n > HV_STORE_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		        (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' || *s == '-'))
			return false;
	return true;
}

bool
hv_checkout_txn_valid(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;
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
	if (hv_wire_get_str(m, "txn", req->txn, sizeof req->txn) != 1 ||
	    !hv_checkout_txn_valid(req->txn)) {
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

	if (hv_wire_get_str(m, "code", req->code, sizeof req->code) != 1 ||
	    !hv_code_is_valid(req->code)) {
		*why = N_("code must be the scanned string: 1-48 bytes of UTF-8 text, no control "
		          "characters");
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
	bool note = tag->note[0] != '\0';

	s_begin(pk, req, 9 + note, true);
	hv_wire_kv_str(pk, "class", hv_class_name(tag->cls));
	hv_wire_kv_str(pk, "country", tag->country);
	hv_wire_kv_str(pk, "basis", hv_basis_name(tag->basis));
	hv_wire_kv_int(pk, "ocop", tag->ocop);
	hv_wire_kv_bool(pk, "local", tag->local);
	hv_wire_kv_bool(pk, "vn_brand", tag->vn_brand);
	hv_wire_kv_str(pk, "name", tag->name);
	hv_wire_kv_str(pk, "gtin", tag->gtin);
	hv_wire_kv_bool(pk, "dup", dup);
	if (note)
		hv_wire_kv_str(pk, "note", tag->note);
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

void
hv_checkout_pack_request(msgpack_packer *pk, const hv_request_t *req)
{
	bool event = req->op <= HV_OP_CANCEL;
	bool code = req->op == HV_OP_SCAN || req->op == HV_OP_LOOKUP;
	size_t n = 1 + req->has_id + (event ? 3 + req->has_ts : 0) +
	           (code ? 1 + (req->sym != HV_SYM_ANY) : 0) +
	           (req->op == HV_OP_SCAN ? 2 + req->has_amount : 0) + (req->op == HV_OP_VOID) +
	           (req->op == HV_OP_END && req->has_total);

	msgpack_pack_map(pk, n);
	hv_wire_kv_str(pk, "op", s_ops[req->op]);
	if (req->has_id)
		hv_wire_kv_int(pk, "id", req->id);
	if (event) {
		hv_wire_kv_str(pk, "store", req->store);
		hv_wire_kv_int(pk, "lane", req->lane);
		hv_wire_kv_str(pk, "txn", req->txn);
		if (req->has_ts)
			hv_wire_kv_int(pk, "ts", req->ts);
	}
	if (code) {
		hv_wire_kv_str(pk, "code", req->code);
		if (req->sym != HV_SYM_ANY)
			hv_wire_kv_str(pk, "sym", hv_sym_name(req->sym));
	}
	if (req->op == HV_OP_SCAN || req->op == HV_OP_VOID)
		hv_wire_kv_int(pk, "line", req->line);
	if (req->op == HV_OP_SCAN) {
		hv_wire_kv_int(pk, "qty", req->qty);
		if (req->has_amount)
			hv_wire_kv_int(pk, "amount", req->amount);
	}
	if (req->op == HV_OP_END && req->has_total)
		hv_wire_kv_int(pk, "total", req->total);
}

/* Read the by-class map under KEY ({domestic, imported, unknown}). */
static void
s_read_by_class(const msgpack_object *m, const char *key, int64_t v[3])
{
	const msgpack_object *o = hv_wire_get(m, key);
	if (o == NULL || o->type != MSGPACK_OBJECT_MAP)
		return;
	for (int c = 0; c < 3; c++)
		if (hv_wire_get_int(o, hv_class_name((hv_class_t)c), &v[c]) != 1)
			v[c] = 0;
}

/* Read the tag keys of a scan or lookup reply. */
static void
s_read_tag(const msgpack_object *m, hv_tag_t *tag)
{
	char word[16] = "";
	int64_t ocop = 0;
	bool b = false;

	tag->cls = HV_CLASS_UNKNOWN;
	tag->basis = HV_BASIS_NONE;
	if (hv_wire_get_str(m, "class", word, sizeof word) == 1)
		for (int c = 0; c < 3; c++)
			if (strcmp(word, hv_class_name((hv_class_t)c)) == 0)
				tag->cls = (hv_class_t)c;
	if (hv_wire_get_str(m, "basis", word, sizeof word) == 1)
		for (int c = 0; c < 4; c++)
			if (strcmp(word, hv_basis_name((hv_basis_t)c)) == 0)
				tag->basis = (hv_basis_t)c;
	if (hv_wire_get_str(m, "country", tag->country, sizeof tag->country) != 1)
		tag->country[0] = '\0';
	if (hv_wire_get_int(m, "ocop", &ocop) == 1 && ocop >= 0 && ocop <= 5)
		tag->ocop = (int)ocop;
	tag->local = hv_wire_get_bool(m, "local", &b) == 1 && b;
	b = false;
	tag->vn_brand = hv_wire_get_bool(m, "vn_brand", &b) == 1 && b;
	if (hv_wire_get_str(m, "name", tag->name, sizeof tag->name) != 1)
		tag->name[0] = '\0';
	if (hv_wire_get_str(m, "gtin", tag->gtin, sizeof tag->gtin) != 1)
		tag->gtin[0] = '\0';
	if (hv_wire_get_str(m, "note", tag->note, sizeof tag->note) != 1)
		tag->note[0] = '\0';
}

int
hv_checkout_read_reply(const void *buf, size_t len, hv_reply_t *out)
{
	msgpack_unpacked msg;
	const char *why;
	char err[16] = "";
	bool b = false;

	memset(out, 0, sizeof *out);
	if (hv_wire_unpack_map(buf, len, &msg, &why) < 0)
		return -1;
	const msgpack_object *m = &msg.data;
	if (hv_wire_get_bool(m, "ok", &out->ok) != 1) {
		msgpack_unpacked_destroy(&msg);
		return -1;
	}
	out->has_id = hv_wire_get_int(m, "id", &out->id) == 1;
	if (!out->ok) {
		out->err = HV_ERR_BAD_REQUEST;
		if (hv_wire_get_str(m, "err", err, sizeof err) == 1)
			for (int e = HV_ERR_BAD_REQUEST; e <= HV_ERR_UNAVAILABLE; e++)
				if (strcmp(err, s_errs[e]) == 0)
					out->err = (hv_err_t)e;
		if (hv_wire_get_str(m, "msg", out->msg, sizeof out->msg) != 1)
			out->msg[0] = '\0';
	}
	s_read_tag(m, &out->tag);
	out->dup = hv_wire_get_bool(m, "dup", &b) == 1 && b;
	s_read_by_class(m, "items", out->basket.items);
	s_read_by_class(m, "value", out->basket.value);
	if (hv_wire_get_str(m, "receipt", out->receipt, sizeof out->receipt) != 1)
		out->receipt[0] = '\0';
	if (hv_wire_get_str(m, "store", out->store, sizeof out->store) != 1)
		out->store[0] = '\0';
	if (hv_wire_get_str(m, "version", out->version, sizeof out->version) != 1)
		out->version[0] = '\0';
	msgpack_unpacked_destroy(&msg);
	return 0;
}
