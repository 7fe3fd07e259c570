/*
 * orders.c -- the Orders API that Sapo (Web/Omni, /admin/...) and Haravan
 * (/com/...) share with Shopify, each in its own dialect (doc/
 * hangviet-connect.1 "Sapo and Haravan"):
 *
 *  - Sapo: HTTP Basic with a private app's API key and secret (the secret
 *    file holds KEY:SECRET), or X-Sapo-Access-Token when it holds a token;
 *    times are the *_on fields; orders changed since modified_on_min.
 *  - Haravan: Authorization: Bearer; the *_at fields; updated_at_min; only
 *    orders whose source_name is the account's (pos by default).
 *  - Both: GET ORDERS.json?status=any&limit=N&page=P&order=... oldest
 *    change first; an order counts once paid (financial_status paid,
 *    partially_refunded or refunded), is cancelled once cancelled_* is set
 *    (or its payment voided); its refunds (inline, else GET
 *    orders/ID/refunds.json) are returns of their own, txn "R" + the
 *    refund's id, each line priced as its order line was paid, in
 *    proportion to the quantity given back.
 *  - A line's code: its barcode, else its variant's (GET variants/ID.json,
 *    kept in the ledger), else its SKU, else the variant's id.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "json_read.h"
#include "i18n.h"
#include "log.h"
#include "vendor.h"

/* Where the two vendors differ. */
typedef struct {
	const char *root;      /* "/admin" or "/com" */
	const char *since;     /* the query's lower bound on the change time */
	const char *order;     /* the sort order */
	const char *created;   /* the order's creation time */
	const char *changed;   /* its last change */
	const char *cancelled; /* its cancellation time */
	bool by_source;        /* keep only orders of conf->source_name */
} dialect_t;

static const dialect_t s_sapo = {"/admin", "modified_on_min", "modified_on%20asc", "created_on",
    "modified_on", "cancelled_on", false};
static const dialect_t s_haravan = {"/com", "updated_at_min", "updated_at%20asc", "created_at",
    "updated_at", "cancelled_at", true};

typedef struct {
	hv_vendor_ctx_t ctx;
	const dialect_t *d;
	char auth[2][1024];
	int n_auth;
} orders_t;

static const char *const s_lists[] = {"orders"};

static const char s_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* SRC base64-encoded into DST (size at least 4/3 of it + 1). */
static void
s_base64(const char *src, char *dst)
{
	size_t n = strlen(src), o = 0;
	const unsigned char *s = (const unsigned char *)src;

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
		             (i + 2 < n ? s[i + 2] : 0);
		dst[o++] = s_b64[v >> 18 & 63];
		dst[o++] = s_b64[v >> 12 & 63];
		dst[o++] = i + 1 < n ? s_b64[v >> 6 & 63] : '=';
		dst[o++] = i + 2 < n ? s_b64[v & 63] : '=';
	}
	dst[o] = '\0';
}

static void *
s_open(const hv_vendor_ctx_t *ctx, const dialect_t *d, char *err, size_t errlen)
{
	orders_t *self = calloc(1, sizeof *self);
	char enc[700];

	if (self == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	self->ctx = *ctx;
	self->d = d;
	if (strlen(ctx->secret) > 500) {
		snprintf(err, errlen, "the secret in %s is too long", ctx->conf->secret_file);
		free(self);
		return NULL;
	}
	if (d == &s_sapo && strchr(ctx->secret, ':') != NULL) {
		s_base64(ctx->secret, enc);
		snprintf(self->auth[0], sizeof self->auth[0], "Authorization: Basic %s", enc);
		explicit_bzero(enc, sizeof enc);
	} else if (d == &s_sapo) {
		snprintf(self->auth[0], sizeof self->auth[0], "X-Sapo-Access-Token: %s", ctx->secret);
	} else {
		snprintf(self->auth[0], sizeof self->auth[0], "Authorization: Bearer %s", ctx->secret);
	}
	self->n_auth = 1;
	return self;
}

static void *
s_open_sapo(const hv_vendor_ctx_t *ctx, char *err, size_t errlen)
{
	return s_open(ctx, &s_sapo, err, errlen);
}

static void *
s_open_haravan(const hv_vendor_ctx_t *ctx, char *err, size_t errlen)
{
	return s_open(ctx, &s_haravan, err, errlen);
}

static void
s_close(void *self)
{
	if (self != NULL)
		explicit_bzero(self, sizeof(orders_t));
	free(self);
}

/* The secret does not change: a 401 is final. */
static int
s_auth(void *arg, bool renew, char lines[HV_API_AUTH_MAX][1024], int *n, char *err, size_t errlen)
{
	orders_t *self = arg;

	(void)err;
	(void)errlen;
	if (renew)
		return -1;
	for (int i = 0; i < self->n_auth; i++)
		memcpy(lines[i], self->auth[i], sizeof lines[i]);
	*n = self->n_auth;
	return 0;
}

/* GET base ROOT/PATH (printf-formatted) into *DOC. */
static int s_get(orders_t *self, json_object **doc, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int
s_get(orders_t *self, json_object **doc, char *err, size_t errlen, const char *fmt, ...)
{
	char url[2048];
	int n = snprintf(url, sizeof url, "%s%s", self->ctx.conf->base_url, self->d->root);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(url + n, sizeof url - (size_t)n, fmt, ap);
	va_end(ap);
	return hv_api_get(self->ctx.api, url, doc, err, errlen);
}

/* A line's code: its barcode, else its variant's, else its SKU, else the
 * variant's id. May ask the API for the variant (0, -1, -2). */
static int
s_code(orders_t *self, json_object *li, char code[HV_CODE_MAX + 1], char *err, size_t errlen)
{
	char variant[32], sku[256], barcode[256];
	json_object *doc = NULL;
	int rc;

	if (hv_json_text(li, "barcode", barcode, sizeof barcode) && barcode[0] != '\0' &&
	    strlen(barcode) <= HV_CODE_MAX) {
		snprintf(code, HV_CODE_MAX + 1, "%.*s", HV_CODE_MAX, barcode);
		return 0;
	}
	hv_json_text(li, "variant_id", variant, sizeof variant);
	hv_json_text(li, "sku", sku, sizeof sku);
	if (variant[0] != '\0' && hv_ledger_code(self->ctx.ledger, variant, barcode, 8) == 0) {
		rc = s_get(self, &doc, err, errlen, "/variants/%s.json", variant);
		if (rc == -2)
			return rc;
		/* A variant that cannot be read is taken as one without a barcode. */
		hv_json_text(hv_json_get(doc, "variant"), "barcode", barcode, sizeof barcode);
		json_object_put(doc);
		hv_ledger_put_code(self->ctx.ledger, variant, rc == 0 ? barcode : "");
	}
	hv_vendor_line_code(self->ctx.ledger, variant, sku[0] != '\0' ? sku : variant, code);
	return 0;
}

/* An order line's amount: price x quantity less its total_discount. */
static int64_t
s_line_amount(json_object *li, double q)
{
	double price = 0;
	int64_t discount = 0;

	hv_json_number(li, "price", &price);
	hv_json_money(li, "total_discount", &discount);
	return llround(price * fabs(q)) - discount;
}

/* What the order's payment and cancellation say. */
static hv_sale_status_t
s_status(const orders_t *self, json_object *o)
{
	char fin[32];

	if (hv_json_get(o, self->d->cancelled) != NULL)
		return HV_SALE_CANCELLED;
	hv_json_text(o, "financial_status", fin, sizeof fin);
	if (strcmp(fin, "voided") == 0)
		return HV_SALE_CANCELLED;
	if (strcmp(fin, "paid") == 0 || strcmp(fin, "partially_refunded") == 0 ||
	    strcmp(fin, "refunded") == 0)
		return HV_SALE_DONE;
	return HV_SALE_OPEN;
}

/* The order's line ids, in the order of its sale's lines. */
typedef struct {
	char (*id)[32];
	size_t n;
} line_ids_t;

/* Order O as sale S, its line ids into IDS. 0; 1 when it cannot be read
 * (*WHY); -1/-2 from the API. */
static int
s_order(orders_t *self, json_object *o, hv_sale_t *s, line_ids_t *ids, const char **why,
    char *err, size_t errlen)
{
	char id[32], name[128];
	json_object *items = hv_json_array(o, "line_items");
	size_t n = items != NULL ? json_object_array_length(items) : 0;
	int64_t line_discounts = 0, v;

	if (!hv_json_text(o, "id", id, sizeof id) || id[0] == '\0')
		return *why = "no id", 1;
	if (!hv_json_time(o, self->d->created, &s->ts))
		return *why = "no creation time", 1;
	snprintf(s->key, sizeof s->key, "order:%s", id);
	hv_json_text(o, "name", name, sizeof name);
	hv_sale_set_txn(s, name, id);
	hv_json_text(o, "location_id", s->branch, sizeof s->branch);
	if (!hv_json_time(o, self->d->changed, &s->changed))
		s->changed = s->ts;
	s->status = s_status(self, o);
	s->has_total = hv_json_money(o, "total_price", &s->total);
	if ((ids->id = realloc(ids->id, (n ? n : 1) * sizeof *ids->id)) == NULL)
		return *why = "out of memory", 1;
	ids->n = 0;
	for (size_t i = 0; i < n; i++) {
		json_object *li = json_object_array_get_idx(items, i);
		double q;
		if (!hv_json_number(li, "quantity", &q))
			return *why = "a line without a quantity", 1;
		if (q == 0)
			continue;
		hv_sale_line_t *l = hv_sale_add_line(s);
		if (l == NULL)
			return *why = "out of memory", 1;
		int rc = s_code(self, li, l->code, err, errlen);
		if (rc != 0)
			return rc;
		l->quantity = q;
		l->amount = s_line_amount(li, q);
		if (hv_json_money(li, "total_discount", &v))
			line_discounts += v;
		hv_json_text(li, "id", ids->id[ids->n++], sizeof ids->id[0]);
	}
	/* The order's own discount: what total_discounts holds beyond the lines'. */
	if (hv_json_money(o, "total_discounts", &v) && v > line_discounts)
		s->discount = v - line_discounts;
	return 0;
}

/* Refund R of the order OUT->sales[ORDER] as a return sale of OUT:
 * each line its share of what its order line was paid. 0, or 1 when it
 * cannot be read (*WHY). */
static int
s_refund(orders_t *self, json_object *r, hv_page_t *out, size_t order, const line_ids_t *ids,
    const int64_t *paid, const char **why, char *err, size_t errlen)
{
	json_object *items = hv_json_array(r, "refund_line_items");
	size_t n = items != NULL ? json_object_array_length(items) : 0;
	char id[32];

	if (n == 0)
		return 0; /* money only, no goods back: no line to count */
	if (!hv_json_text(r, "id", id, sizeof id) || id[0] == '\0')
		return *why = "a refund without an id", 1;
	hv_sale_t *s = hv_page_add(out);
	const hv_sale_t *o = &out->sales[order];
	if (s == NULL)
		return *why = "out of memory", 1;
	char txn[40];
	snprintf(s->key, sizeof s->key, "refund:%s", id);
	snprintf(txn, sizeof txn, "R%s", id);
	hv_sale_set_txn(s, txn, txn);
	if (!hv_json_text(r, "location_id", s->branch, sizeof s->branch))
		snprintf(s->branch, sizeof s->branch, "%s", o->branch);
	if (!hv_json_time(r, self->d->created, &s->ts))
		s->ts = o->changed;
	s->changed = s->ts;
	s->status = HV_SALE_DONE;
	s->is_return = true;
	for (size_t i = 0; i < n; i++) {
		json_object *ri = json_object_array_get_idx(items, i), *li = hv_json_get(ri, "line_item");
		char lid[32];
		double q;
		size_t k = 0;
		if (!hv_json_number(ri, "quantity", &q) || q == 0)
			continue;
		hv_json_text(ri, "line_item_id", lid, sizeof lid);
		while (k < ids->n && strcmp(ids->id[k], lid) != 0)
			k++;
		hv_sale_line_t *l = hv_sale_add_line(s);
		if (l == NULL)
			return *why = "out of memory", 1;
		o = &out->sales[order];
		l->quantity = q;
		if (k < ids->n) {
			snprintf(l->code, sizeof l->code, "%s", o->lines[k].code);
			/* What was paid for the line, for the share of it given back. */
			double bought = fabs(o->lines[k].quantity);
			l->amount = bought > 0 ? llround((double)paid[k] * fabs(q) / bought) : 0;
		} else {
			int rc = s_code(self, li, l->code, err, errlen);
			if (rc != 0)
				return rc;
			l->amount = s_line_amount(li, q);
		}
	}
	s->has_total = true;
	s->total = 0;
	for (size_t i = 0; i < s->n; i++)
		s->total += s->lines[i].amount;
	return 0;
}

/* The refunds of order OUT->sales[ORDER] (JSON O): inline, else asked for
 * when its payment says some were made. */
static int
s_refunds(orders_t *self, json_object *o, hv_page_t *out, size_t order, const line_ids_t *ids,
    char *err, size_t errlen)
{
	json_object *list = hv_json_array(o, "refunds"), *doc = NULL;
	char fin[32], id[32];
	const char *why = NULL;
	int rc = 0;

	hv_json_text(o, "financial_status", fin, sizeof fin);
	if (list == NULL && strstr(fin, "refunded") == NULL)
		return 0;
	if (list == NULL) {
		hv_json_text(o, "id", id, sizeof id);
		if ((rc = s_get(self, &doc, err, errlen, "/orders/%s/refunds.json", id)) != 0)
			return rc;
		list = hv_json_array(doc, "refunds");
	}
	const hv_sale_t *s = &out->sales[order];
	int64_t *paid = malloc((s->n ? s->n : 1) * sizeof *paid);
	if (paid == NULL) {
		json_object_put(doc);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	hv_sale_amounts(s, paid);
	size_t n = list != NULL ? json_object_array_length(list) : 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t before = out->n;
		rc = s_refund(self, json_object_array_get_idx(list, i), out, order, ids, paid, &why, err,
		    errlen);
		if (rc == 1) {
			hv_log(HV_LOG_WARN, _("[connect %s] refund %zu of order %s left out: %s"),
			    self->ctx.conf->name, i + 1, out->sales[order].txn, why);
			out->n = before;
			rc = 0;
		}
	}
	free(paid);
	json_object_put(doc);
	return rc;
}

/* Whether the order is one this account counts (Haravan: its source). */
static bool
s_wanted(const orders_t *self, json_object *o)
{
	char source[64];

	if (!self->d->by_source || strcmp(self->ctx.conf->source_name, "*") == 0)
		return true;
	hv_json_text(o, "source_name", source, sizeof source);
	return strcmp(source, self->ctx.conf->source_name) == 0;
}

static int
s_page(void *arg, int list, int64_t since_ms, int page, hv_page_t *out, char *err, size_t errlen)
{
	orders_t *self = arg;
	const hv_account_conf_t *c = self->ctx.conf;
	json_object *doc = NULL, *orders;
	line_ids_t ids = {NULL, 0};
	char since[32];
	time_t t = (time_t)(since_ms / 1000);
	struct tm tm;
	int rc;

	(void)list;
	hv_page_clear(out);
	gmtime_r(&t, &tm);
	strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tm);
	rc = s_get(self, &doc, err, errlen, "/orders.json?status=any&limit=%d&page=%d&order=%s&%s=%s",
	    c->page_size, page + 1, self->d->order, self->d->since, since);
	if (rc != 0)
		return rc;
	if ((orders = hv_json_array(doc, "orders")) == NULL) {
		snprintf(err, errlen, "%s/orders.json: the answer has no orders list", self->d->root);
		json_object_put(doc);
		return -1;
	}
	size_t n = json_object_array_length(orders);
	for (size_t i = 0; i < n && rc == 0; i++) {
		json_object *o = json_object_array_get_idx(orders, i);
		int64_t changed;
		if (hv_json_time(o, self->d->changed, &changed) && changed > out->changed)
			out->changed = changed;
		if (!s_wanted(self, o))
			continue;
		hv_sale_t *s = hv_page_add(out);
		const char *why = "out of memory";
		rc = s != NULL ? s_order(self, o, s, &ids, &why, err, errlen) : 1;
		if (rc == 1) {
			hv_log(HV_LOG_WARN, _("[connect %s] %s/orders.json: order %zu of page %d left out: %s"),
			    c->name, self->d->root, i + 1, page + 1, why);
			out->n -= s != NULL;
			rc = 0;
			continue;
		}
		if (rc == 0)
			rc = s_refunds(self, o, out, out->n - 1, &ids, err, errlen);
	}
	out->more = n > 0 && n == (size_t)c->page_size;
	free(ids.id);
	json_object_put(doc);
	return rc;
}

const hv_vendor_ops_t hv_sapo_ops = {1, s_lists, s_open_sapo, s_close, s_auth, s_page};
const hv_vendor_ops_t hv_haravan_ops = {1, s_lists, s_open_haravan, s_close, s_auth, s_page};
