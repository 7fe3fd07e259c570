/*
 * kiotviet.c -- KiotViet's Public API (doc/hangviet-connect.1 "KiotViet"):
 *
 *  - a token by client credentials (POST token_url: scopes=PublicApi.Access,
 *    grant_type=client_credentials, client_id, client_secret), renewed
 *    when a fifth of its life is left and once on a 401; every call carries
 *    `Retailer` and `Authorization: Bearer`;
 *  - GET /invoices and /returns with lastModifiedFrom (local time,
 *    YYYY-MM-DDTHH:MM:SS), pageSize, currentItem, orderBy=modifiedDate,
 *    orderDirection=Asc; the envelope {total, pageSize, data[]};
 *  - a product's barCode from GET /products (the same paging, kept in the
 *    ledger), else its productCode (else its productId), as a line's code;
 *  - status 1 is completed, 2 cancelled (a deleted invoice too), others
 *    not finished.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "json_read.h"
#include "i18n.h"
#include "log.h"
#include "vendor.h"

typedef struct {
	hv_vendor_ctx_t ctx;
	char token[1000];
	int64_t renew_at;       /* monotonic ms: get a new token from then on */
	int64_t products_since; /* products changed before this are in the ledger */
	bool products_read;     /* in this pass */
} kiotviet_t;

static const char *const s_lists[] = {"invoices", "returns"};

static void *
s_open(const hv_vendor_ctx_t *ctx, char *err, size_t errlen)
{
	kiotviet_t *self = calloc(1, sizeof *self);

	if (self == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	self->ctx = *ctx;
	self->products_since = hv_ledger_get_int(ctx->ledger, "products");
	return self;
}

static void
s_close(void *self)
{
	free(self);
}

/* A new token. 0, -1 with ERR, -2 stopping. */
static int
s_token(kiotviet_t *self, char *err, size_t errlen)
{
	const hv_account_conf_t *c = self->ctx.conf;
	hv_http_t *http = hv_api_http(self->ctx.api);
	char *id = hv_http_escape(http, c->client_id), *secret = hv_http_escape(http, self->ctx.secret);
	char body[8192];
	const char *headers[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
	json_object *doc = NULL;
	int64_t expires;
	int rc = -1;

	if (id != NULL && secret != NULL)
		snprintf(body, sizeof body,
		    "scopes=PublicApi.Access&grant_type=client_credentials&client_id=%s&client_secret=%s",
		    id, secret);
	free(id);
	free(secret);
	rc = hv_api_post(self->ctx.api, c->token_url, headers, body, &doc, err, errlen);
	explicit_bzero(body, sizeof body);
	if (rc == 0 && (!hv_json_text(doc, "access_token", self->token, sizeof self->token) ||
	                   self->token[0] == '\0')) {
		snprintf(err, errlen, "the token answer has no access_token");
		rc = -1;
	}
	if (rc == 0) {
		if (!hv_json_int(doc, "expires_in", &expires) || expires <= 0)
			expires = 3600;
		self->renew_at = hv_clock_ms(CLOCK_MONOTONIC) + expires * 1000 * 4 / 5;
	}
	json_object_put(doc);
	return rc;
}

static int
s_auth(void *arg, bool renew, char lines[HV_API_AUTH_MAX][1024], int *n, char *err, size_t errlen)
{
	kiotviet_t *self = arg;

	if ((renew || self->token[0] == '\0' || hv_clock_ms(CLOCK_MONOTONIC) >= self->renew_at) &&
	    s_token(self, err, errlen) != 0)
		return -1;
	snprintf(lines[0], 1024, "Retailer: %s", self->ctx.conf->retailer);
	snprintf(lines[1], 1024, "Authorization: Bearer %s", self->token);
	*n = 2;
	return 0;
}

/* GET base/LIST?lastModifiedFrom=SINCE&... page PAGE into *DOC. */
static int
s_get_page(kiotviet_t *self, const char *path, int64_t since_ms, int page, json_object **doc,
    char *err, size_t errlen)
{
	const hv_account_conf_t *c = self->ctx.conf;
	char url[2048], since[20];

	hv_date_format_iso_local(since_ms, since);
	snprintf(url, sizeof url,
	    "%s/%s?lastModifiedFrom=%s&pageSize=%d&currentItem=%d&orderBy=modifiedDate"
	    "&orderDirection=Asc",
	    c->base_url, path, since, c->page_size, page * c->page_size);
	return hv_api_get(self->ctx.api, url, doc, err, errlen);
}

/* Whether another page follows DOC, page PAGE with N records. */
static bool
s_more(const kiotviet_t *self, json_object *doc, int page, size_t n)
{
	int64_t total;
	if (n == 0)
		return false;
	if (!hv_json_int(doc, "total", &total))
		return n == (size_t)self->ctx.conf->page_size;
	return (int64_t)page * self->ctx.conf->page_size + (int64_t)n < total;
}

/* Keep each product's barcode from GET /products changed since the last
 * time. 0, -1, -2. */
static int
s_read_products(kiotviet_t *self, char *err, size_t errlen)
{
	int64_t newest = self->products_since;
	int rc = 0;

	for (int page = 0; rc == 0; page++) {
		json_object *doc = NULL, *data;
		if ((rc = s_get_page(self, "products", self->products_since, page, &doc, err,
		         errlen)) != 0)
			break;
		data = hv_json_array(doc, "data");
		size_t n = data != NULL ? json_object_array_length(data) : 0;
		if (hv_ledger_begin(self->ctx.ledger) < 0)
			rc = -1, snprintf(err, errlen, "cannot keep product codes in the state file");
		for (size_t i = 0; i < n && rc == 0; i++) {
			json_object *p = json_object_array_get_idx(data, i);
			char id[32], barcode[256];
			int64_t t;
			if (!hv_json_text(p, "id", id, sizeof id))
				continue;
			hv_json_text(p, "barCode", barcode, sizeof barcode);
			if (hv_ledger_put_code(self->ctx.ledger, id, barcode) < 0)
				rc = -1, snprintf(err, errlen, "cannot keep product codes in the state file");
			if ((hv_json_time(p, "modifiedDate", &t) || hv_json_time(p, "createdDate", &t)) && t > newest)
				newest = t;
		}
		if (rc == 0 && hv_ledger_commit(self->ctx.ledger) < 0)
			rc = -1, snprintf(err, errlen, "cannot keep product codes in the state file");
		else if (rc != 0)
			hv_ledger_rollback(self->ctx.ledger);
		bool more = s_more(self, doc, page, n);
		json_object_put(doc);
		if (!more)
			break;
	}
	if (rc == 0) {
		self->products_since = newest;
		hv_ledger_set_int(self->ctx.ledger, "products", newest);
	}
	return rc;
}

/* A line's amount: subTotal when given, else price x quantity less its
 * discount (for the line, or per unit: line_discount). */
static int64_t
s_line_amount(const kiotviet_t *self, json_object *d, double q)
{
	int64_t sub, discount = 0;
	double price = 0;

	if (hv_json_money(d, "subTotal", &sub))
		return sub;
	hv_json_number(d, "price", &price);
	hv_json_money(d, "discount", &discount);
	if (self->ctx.conf->line_discount == 1)
		return llround((price - (double)discount) * fabs(q));
	return llround(price * fabs(q)) - discount;
}

/* One sale's lines from DETAILS. false when a line cannot be read (WHY). */
static bool
s_lines(kiotviet_t *self, json_object *details, hv_sale_t *s, const char **why)
{
	size_t n = details != NULL ? json_object_array_length(details) : 0;

	for (size_t i = 0; i < n; i++) {
		json_object *d = json_object_array_get_idx(details, i);
		char pid[32], pcode[256];
		double q;
		if (!hv_json_number(d, "quantity", &q)) {
			*why = "a line without a quantity";
			return false;
		}
		if (q == 0)
			continue;
		hv_json_text(d, "productId", pid, sizeof pid);
		hv_json_text(d, "productCode", pcode, sizeof pcode);
		hv_sale_line_t *l = hv_sale_add_line(s);
		if (l == NULL) {
			*why = "out of memory";
			return false;
		}
		/* Every sold line counts: without a barcode or a product code, the
		 * product's id stands for it (class unknown, unless the catalog
		 * has that code). */
		hv_vendor_line_code(self->ctx.ledger, pid, pcode[0] != '\0' ? pcode : pid, l->code);
		l->quantity = q;
		l->amount = s_line_amount(self, d, q);
	}
	return true;
}

/* Invoice or return O as a sale. false when it cannot be read (WHY). */
static bool
s_sale(kiotviet_t *self, int list, json_object *o, hv_sale_t *s, const char **why)
{
	bool ret = list == 1;
	char id[32], code[128];
	int64_t status = 0, v;

	if (!hv_json_text(o, "id", id, sizeof id) || id[0] == '\0') {
		*why = "no id";
		return false;
	}
	snprintf(s->key, sizeof s->key, "%s:%s", ret ? "return" : "invoice", id);
	hv_json_text(o, "code", code, sizeof code);
	hv_sale_set_txn(s, code, id);
	hv_json_text(o, "branchId", s->branch, sizeof s->branch);
	if (!hv_json_time(o, ret ? "returnDate" : "purchaseDate", &s->ts)) {
		*why = ret ? "no returnDate" : "no purchaseDate";
		return false;
	}
	if (!hv_json_time(o, "modifiedDate", &s->changed) && !hv_json_time(o, "createdDate", &s->changed))
		s->changed = s->ts;
	hv_json_int(o, "status", &status);
	s->status = status == 1 ? HV_SALE_DONE : status == 2 ? HV_SALE_CANCELLED : HV_SALE_OPEN;
	s->is_return = ret;
	if (!ret && hv_json_money(o, "discount", &v) && v > 0)
		s->discount = v;
	s->has_total = hv_json_money(o, ret ? "returnTotal" : "total", &s->total);
	return s_lines(self, hv_json_array(o, ret ? "returnDetails" : "invoiceDetails"), s, why);
}

/* Whether a line of DATA names a product the ledger has no code for. */
static bool
s_unknown_products(kiotviet_t *self, json_object *data, int list)
{
	size_t n = json_object_array_length(data);
	char buf[8];

	for (size_t i = 0; i < n; i++) {
		json_object *details = hv_json_array(json_object_array_get_idx(data, i),
		    list == 1 ? "returnDetails" : "invoiceDetails");
		size_t k = details != NULL ? json_object_array_length(details) : 0;
		for (size_t j = 0; j < k; j++) {
			char pid[32];
			if (hv_json_text(json_object_array_get_idx(details, j), "productId", pid, sizeof pid) &&
			    hv_ledger_code(self->ctx.ledger, pid, buf, sizeof buf) == 0)
				return true;
		}
	}
	return false;
}

static int
s_page(void *arg, int list, int64_t since_ms, int page, hv_page_t *out, char *err, size_t errlen)
{
	kiotviet_t *self = arg;
	json_object *doc = NULL, *data;
	int rc;

	hv_page_clear(out);
	if (page == 0)
		self->products_read = false;
	rc = s_get_page(self, s_lists[list], since_ms, page, &doc, err, errlen);
	if (rc != 0)
		return rc;
	if ((data = hv_json_array(doc, "data")) == NULL) {
		snprintf(err, errlen, "/%s: the answer has no data list", s_lists[list]);
		json_object_put(doc);
		return -1;
	}
	/* Products changed since the last time first, at each poll and when a
	 * line names one not known yet, so that lines carry their barcodes. */
	if (!self->products_read &&
	    ((list == 0 && page == 0) || s_unknown_products(self, data, list))) {
		self->products_read = true;
		if ((rc = s_read_products(self, err, errlen)) != 0) {
			json_object_put(doc);
			return rc;
		}
	}
	size_t n = json_object_array_length(data);
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(data, i);
		hv_sale_t *s = hv_page_add(out);
		const char *why = NULL;
		if (s == NULL || !s_sale(self, list, o, s, &why)) {
			hv_log(HV_LOG_WARN, _("[connect %s] /%s: record %zu of page %d left out: %s"),
			    self->ctx.conf->name, s_lists[list], i + 1, page + 1, s == NULL ? "out of memory" : why);
			out->n -= s != NULL;
			continue;
		}
		if (s->changed > out->changed)
			out->changed = s->changed;
	}
	out->more = s_more(self, doc, page, n);
	json_object_put(doc);
	return 0;
}

const hv_vendor_ops_t hv_kiotviet_ops = {2, s_lists, s_open, s_close, s_auth, s_page};
