/*
 * sale.c -- a cloud POS sale and the events it becomes.
 */
#include "sale.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
hv_sale_reset(hv_sale_t *s)
{
	hv_sale_line_t *lines = s->lines;
	size_t cap = s->cap;

	memset(s, 0, sizeof *s);
	s->lines = lines;
	s->cap = cap;
}

void
hv_sale_free(hv_sale_t *s)
{
	free(s->lines);
	memset(s, 0, sizeof *s);
}

hv_sale_line_t *
hv_sale_add_line(hv_sale_t *s)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		hv_sale_line_t *l = realloc(s->lines, cap * sizeof *l);
		if (l == NULL)
			return NULL;
		s->lines = l;
		s->cap = cap;
	}
	memset(&s->lines[s->n], 0, sizeof s->lines[s->n]);
	return &s->lines[s->n++];
}

void
hv_sale_set_txn(hv_sale_t *s, const char *txn, const char *fallback)
{
	if (txn != NULL && strlen(txn) <= HV_SALE_TXN_BASE && hv_checkout_txn_valid(txn))
		snprintf(s->txn, sizeof s->txn, "%s", txn);
	else
		snprintf(s->txn, sizeof s->txn, "%.*s", HV_SALE_TXN_BASE, fallback);
}

static uint64_t
s_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

uint64_t
hv_sale_fingerprint(const hv_sale_t *s)
{
	uint64_t h = 14695981039346656037ULL;
	int64_t head[4] = {s->ts, s->discount, s->has_total ? s->total : INT64_MIN, s->is_return};

	h = s_fnv(h, s->branch, strlen(s->branch) + 1);
	h = s_fnv(h, head, sizeof head);
	for (size_t i = 0; i < s->n; i++) {
		const hv_sale_line_t *l = &s->lines[i];
		h = s_fnv(h, l->code, strlen(l->code) + 1);
		h = s_fnv(h, &l->quantity, sizeof l->quantity);
		h = s_fnv(h, &l->amount, sizeof l->amount);
	}
	return h;
}

void
hv_sale_txn(const hv_sale_t *s, int rev, char buf[HV_TXN_MAX + 1])
{
	if (rev <= 1)
		snprintf(buf, HV_TXN_MAX + 1, "%s", s->txn);
	else
		snprintf(buf, HV_TXN_MAX + 1, "%.56s~%d", s->txn, rev % 100000);
}

int64_t
hv_sale_items(double quantity)
{
	double q = fabs(quantity);

	if (q != floor(q) || q < 1)
		return 1;
	return q > HV_QTY_MAX ? HV_QTY_MAX : (int64_t)q;
}

void
hv_sale_amounts(const hv_sale_t *s, int64_t *amounts)
{
	int64_t sum = 0, left;

	for (size_t i = 0; i < s->n; i++)
		sum += s->lines[i].amount > 0 ? s->lines[i].amount : 0;
	left = s->discount < sum ? s->discount : sum;
	if (left < 0)
		left = 0;
	int64_t discount = left;
	for (size_t i = 0; i < s->n; i++) {
		int64_t a = s->lines[i].amount > 0 ? s->lines[i].amount : 0;
		int64_t share = sum > 0 ? (int64_t)((__int128)discount * a / sum) : 0;
		amounts[i] = a - share;
		left -= share;
	}
	/* The rounding left fewer đồng than there are lines sharing: one more
	 * each to the largest lines, the earlier of equal ones first. */
	size_t prev = s->n;
	while (left > 0) {
		size_t best = s->n;
		for (size_t i = 0; i < s->n; i++) {
			int64_t a = s->lines[i].amount;
			bool after = prev == s->n || a < s->lines[prev].amount ||
			             (a == s->lines[prev].amount && i > prev);
			if (a > 0 && after && (best == s->n || a > s->lines[best].amount))
				best = i;
		}
		if (best == s->n)
			break;
		amounts[best]--;
		prev = best;
		left--;
	}
}

/* The fields every event of revision REV carries. */
static void
s_event(const hv_sale_t *s, const char *store, int lane, int rev, hv_op_t op, hv_request_t *req)
{
	memset(req, 0, sizeof *req);
	req->op = op;
	snprintf(req->store, sizeof req->store, "%s", store);
	req->lane = lane;
	hv_sale_txn(s, rev, req->txn);
	req->has_ts = true;
	req->ts = op == HV_OP_CANCEL ? s->changed : s->ts;
}

int
hv_sale_events(const hv_sale_t *s, const char *store, int lane, int rev, hv_sale_emit_fn emit,
    void *arg)
{
	int64_t *amounts = malloc((s->n ? s->n : 1) * sizeof *amounts);
	int sign = s->is_return ? -1 : 1, rc = 0;
	hv_request_t req;

	if (amounts == NULL)
		return -1;
	hv_sale_amounts(s, amounts);
	for (size_t i = 0; i < s->n && rc == 0; i++) {
		s_event(s, store, lane, rev, HV_OP_SCAN, &req);
		req.line = (int64_t)i + 1;
		snprintf(req.code, sizeof req.code, "%s", s->lines[i].code);
		req.sym = HV_SYM_ANY;
		req.qty = sign * hv_sale_items(s->lines[i].quantity);
		req.has_amount = true;
		req.amount = sign * amounts[i];
		rc = emit(arg, &req);
	}
	free(amounts);
	if (rc != 0)
		return rc;
	s_event(s, store, lane, rev, HV_OP_END, &req);
	req.has_total = s->has_total;
	req.total = sign * s->total;
	return emit(arg, &req);
}

void
hv_sale_cancel(const hv_sale_t *s, const char *store, int lane, int rev, hv_request_t *req)
{
	s_event(s, store, lane, rev, HV_OP_CANCEL, req);
}
