/*
 * poslog.c -- ARTS POSLog RetailTransactions through libxml2.
 */
#include "poslog.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The reading's state: where problems are reported. */
typedef struct {
	char *err;
	size_t errlen;
	bool failed;
} reader_t;

static int s_fail(reader_t *r, const xmlNode *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Report a problem at AT (the first one wins); returns -1. */
static int
s_fail(reader_t *r, const xmlNode *at, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (r->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "line %ld: %s", at != NULL ? xmlGetLineNo(at) : 0L, msg);
	r->failed = true;
	return -1;
}

static bool
s_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The first child element of N named NAME, or NULL. Namespaces are
 * ignored: POS back offices write ARTS elements with and without them. */
static xmlNode *
s_child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (s_is(c, name))
			return c;
	return NULL;
}

/* The trimmed text of element N into BUF; false when N is NULL or the
 * text does not fit. */
static bool
s_text(const xmlNode *n, char *buf, size_t size)
{
	if (n == NULL)
		return false;
	xmlChar *t = xmlNodeGetContent(n);
	const char *s = (const char *)t;
	size_t len;
	while (s != NULL && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++;
	len = s != NULL ? strlen(s) : 0;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
	                      s[len - 1] == '\r'))
		len--;
	bool ok = s != NULL && len < size;
	if (ok) {
		memcpy(buf, s, len);
		buf[len] = '\0';
	}
	xmlFree(t);
	return ok;
}

static bool
s_attr_true(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	bool yes = v != NULL &&
	           (strcasecmp((const char *)v, "true") == 0 || strcmp((const char *)v, "1") == 0);
	xmlFree(v);
	return yes;
}

/* A decimal number ("2", "1.250", "-45000.00") into *V. */
static bool
s_number(const char *s, double *v)
{
	char *end;
	errno = 0;
	*v = strtod(s, &end);
	return s[0] != '\0' && *end == '\0' && errno == 0 && isfinite(*v) && fabs(*v) < 1e15;
}

/* Read one Sale or Return line item. */
static int
s_line(reader_t *r, const xmlNode *item, int position, hv_poslog_line_t *out)
{
	const xmlNode *sale = s_child(item, "Sale"), *ret = s_child(item, "Return");
	const xmlNode *body = sale != NULL ? sale : ret;
	char buf[64];
	double q = 1, a;

	memset(out, 0, sizeof *out);
	out->voided = s_attr_true(item, "VoidFlag");
	out->line = position;
	if (s_text(s_child(item, "SequenceNumber"), buf, sizeof buf)) {
		if (!s_number(buf, &a) || a < 1 || a > 1000000 || a != floor(a))
			return s_fail(
			    r, item, "LineItem SequenceNumber \"%s\" is not a line number", buf);
		out->line = (int)a;
	}
	const xmlNode *id = s_child(body, "ItemID");
	if (id == NULL)
		id = s_child(s_child(body, "POSIdentity"), "POSItemID");
	if (!s_text(id, out->code, sizeof out->code) || out->code[0] == '\0')
		return s_fail(r, body,
		    "a %s without an ItemID or POSIdentity/POSItemID of at most 48 characters",
		    sale != NULL ? "Sale" : "Return");
	if (s_text(s_child(body, "Quantity"), buf, sizeof buf) &&
	    (!s_number(buf, &q) || q <= 0 || q > 100000))
		return s_fail(
		    r, body, "Quantity \"%s\" is not a positive number up to 100000", buf);
	/* A fractional quantity is a weight: one item of that weight. */
	out->qty = q == floor(q) ? (int)q : 1;
	if (s_text(s_child(body, "ExtendedAmount"), buf, sizeof buf)) {
		if (!s_number(buf, &a) || a < 0)
			return s_fail(r, body, "ExtendedAmount \"%s\" is not an amount", buf);
		out->amount = llround(a);
		out->has_amount = true;
	}
	if (ret != NULL && sale == NULL) {
		out->qty = -out->qty;
		out->amount = -out->amount;
	}
	return 0;
}

/* An ISO 8601 time, "2026-11-26T09:15:00", with optional fraction and zone
 * (Z, +07:00, +0700); without a zone it is local time. Unix ms into *MS. */
static bool
s_datetime(const char *s, long long *ms)
{
	struct tm tm = {0};
	const char *p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	long frac = 0, scale = 1000;
	time_t t;

	if (p == NULL)
		return false;
	if (*p == '.' || *p == ',')
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (scale > 1) {
				scale /= 10;
				frac += (*p - '0') * scale;
			}
	if (*p == '\0') {
		tm.tm_isdst = -1;
		t = mktime(&tm);
	} else if (*p == 'Z' && p[1] == '\0') {
		t = timegm(&tm);
	} else if ((*p == '+' || *p == '-') && strlen(p) >= 5) {
		int hh = (p[1] - '0') * 10 + (p[2] - '0');
		const char *m = p[3] == ':' ? p + 4 : p + 3;
		int mm = (m[0] - '0') * 10 + (m[1] - '0');
		if (hh > 14 || mm > 59 || m[2] != '\0')
			return false;
		t = timegm(&tm) - (*p == '+' ? 1 : -1) * (hh * 3600 + mm * 60);
	} else {
		return false;
	}
	*ms = (long long)t * 1000 + frac;
	return t != (time_t)-1;
}

/* Read the header fields of a Transaction. */
static int
s_header(reader_t *r, const xmlNode *t, const xmlNode *rt, hv_poslog_txn_t *out)
{
	char seq[40], day[24], lane[16], stamp[48];
	double v;

	if (!s_text(s_child(t, "RetailStoreID"), out->store, sizeof out->store) ||
	    out->store[0] == '\0')
		return s_fail(
		    r, t, "a Transaction without a RetailStoreID of at most 32 characters");
	const xmlNode *ws = s_child(t, "WorkstationID");
	if (!s_text(ws, lane, sizeof lane) || !s_number(lane, &v) || v < 1 || v > 9999 ||
	    v != floor(v))
		return s_fail(
		    r, ws != NULL ? ws : t, "WorkstationID must be a lane number from 1 to 9999");
	out->lane = (int)v;
	if (!s_text(s_child(t, "SequenceNumber"), seq, sizeof seq) || seq[0] == '\0')
		return s_fail(r, t, "a Transaction without a SequenceNumber");
	if (s_text(s_child(t, "BusinessDayDate"), day, sizeof day) && day[0] != '\0')
		snprintf(out->txn, sizeof out->txn, "%s-%s", day, seq);
	else
		snprintf(out->txn, sizeof out->txn, "%s", seq);
	const xmlNode *when = s_child(t, "EndDateTime");
	if (when == NULL)
		when = s_child(t, "BeginDateTime");
	if (when != NULL && (!s_text(when, stamp, sizeof stamp) || !s_datetime(stamp, &out->ts)))
		return s_fail(r, when, "%s is not a date and time like 2026-11-26T09:15:00+07:00",
		    (const char *)when->name);
	out->cancelled = s_attr_true(t, "CancelFlag") || s_attr_true(t, "VoidFlag");
	xmlChar *status = xmlGetProp(rt, (const xmlChar *)"TransactionStatus");
	if (status != NULL && (strcasecmp((const char *)status, "Cancelled") == 0 ||
	                          strcasecmp((const char *)status, "Canceled") == 0))
		out->cancelled = true;
	xmlFree(status);
	for (const xmlNode *c = rt->children; c != NULL; c = c->next) {
		char buf[40];
		xmlChar *type =
		    s_is(c, "Total") ? xmlGetProp(c, (const xmlChar *)"TotalType") : NULL;
		if (type != NULL && strcmp((const char *)type, "TransactionGrandAmount") == 0 &&
		    s_text(c, buf, sizeof buf) && s_number(buf, &v)) {
			out->total = llround(v);
			out->has_total = true;
		}
		xmlFree(type);
	}
	return 0;
}

/* Read Transaction T (with its RetailTransaction RT) into OUT. */
static int
s_transaction(reader_t *r, const xmlNode *t, const xmlNode *rt, hv_poslog_txn_t *out)
{
	size_t cap = 0;
	int position = 0;

	memset(out, 0, sizeof *out);
	s_header(r, t, rt, out);
	for (const xmlNode *c = rt->children; c != NULL && !r->failed; c = c->next) {
		if (!s_is(c, "LineItem") ||
		    (s_child(c, "Sale") == NULL && s_child(c, "Return") == NULL))
			continue; /* tenders, taxes, discounts: not items */
		position++;
		if (out->nlines == cap) {
			cap = cap ? cap * 2 : 16;
			hv_poslog_line_t *l = realloc(out->lines, cap * sizeof *l);
			if (l == NULL)
				return s_fail(r, c, "out of memory");
			out->lines = l;
		}
		s_line(r, c, position, &out->lines[out->nlines++]);
	}
	return r->failed ? -1 : 0;
}

/* Find every Transaction with a RetailTransaction below N. */
static int
s_walk(reader_t *r, const xmlNode *n, hv_poslog_txn_t **txns, size_t *count, size_t *cap)
{
	for (; n != NULL && !r->failed; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const xmlNode *rt = s_is(n, "Transaction") ? s_child(n, "RetailTransaction") : NULL;
		if (rt == NULL) {
			s_walk(r, n->children, txns, count, cap);
			continue;
		}
		if (*count == *cap) {
			*cap = *cap ? *cap * 2 : 8;
			hv_poslog_txn_t *t = realloc(*txns, *cap * sizeof *t);
			if (t == NULL)
				return s_fail(r, n, "out of memory");
			*txns = t;
		}
		s_transaction(r, n, rt, &(*txns)[(*count)++]);
	}
	return r->failed ? -1 : 0;
}

/* libxml2's errors: the first one of a parse is kept, for the person who
 * fixes the file. */
static void
s_on_xml_error(void *arg, xmlErrorPtr e)
{
	reader_t *r = arg;
	char msg[200];

	if (r->failed || e == NULL || e->level < XML_ERR_ERROR)
		return;
	snprintf(msg, sizeof msg, "%s", e->message != NULL ? e->message : "unreadable");
	msg[strcspn(msg, "\n")] = '\0';
	snprintf(r->err, r->errlen, "line %d: not well-formed XML: %s", e->line, msg);
	r->failed = true;
}

/* The transactions of the document parsed by READ (from a file or from
 * memory, see below): as hv_poslog_read. */
static int
s_parse(xmlDoc *(*read)(xmlParserCtxt *ctxt, const void *src, size_t len, int options),
    const void *src, size_t len, hv_poslog_txn_t **txns, size_t *n, char *err, size_t errlen)
{
	reader_t r = {err, errlen, false};
	size_t cap = 0;
	xmlParserCtxt *ctxt = xmlNewParserCtxt();
	xmlDoc *doc = NULL;

	*txns = NULL;
	*n = 0;
	if (ctxt == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* No network, no entity expansion, no DTD loading. */
	xmlSetStructuredErrorFunc(&r, s_on_xml_error);
	doc = read(ctxt, src, len, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlFreeParserCtxt(ctxt);
	if (doc == NULL || r.failed) {
		if (!r.failed)
			snprintf(err, errlen, "line 0: cannot read the file");
		xmlFreeDoc(doc);
		return -1;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!s_is(root, "POSLog") && !s_is(root, "Transaction"))
		s_fail(&r, root, "the root element is not POSLog");
	else
		s_walk(&r, root, txns, n, &cap);
	if (!r.failed && *n == 0)
		s_fail(&r, root, "no RetailTransaction in the file");
	xmlFreeDoc(doc);
	if (r.failed) {
		hv_poslog_free(*txns, *n);
		*txns = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

static xmlDoc *
s_read_file(xmlParserCtxt *ctxt, const void *path, size_t len, int options)
{
	(void)len;
	return xmlCtxtReadFile(ctxt, path, NULL, options);
}

static xmlDoc *
s_read_memory(xmlParserCtxt *ctxt, const void *buf, size_t len, int options)
{
	return len > INT_MAX ? NULL : xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, NULL, options);
}

int
hv_poslog_read(const char *path, hv_poslog_txn_t **txns, size_t *n, char *err, size_t errlen)
{
	return s_parse(s_read_file, path, 0, txns, n, err, errlen);
}

int
hv_poslog_read_memory(
    const void *buf, size_t len, hv_poslog_txn_t **txns, size_t *n, char *err, size_t errlen)
{
	return s_parse(s_read_memory, buf, len, txns, n, err, errlen);
}

void
hv_poslog_free(hv_poslog_txn_t *txns, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(txns[i].lines);
	free(txns);
}
