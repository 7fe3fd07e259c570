/*
 * poslog.c -- ARTS POSLog Transactions through libxml2's streaming reader:
 * each Transaction is expanded alone, read with the tree helpers below,
 * and freed as the reader moves on, so a file of any size is read in the
 * memory of its largest transaction.
 */
#include "poslog.h"

#include <errno.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "date.h"
#include "i18n.h"

struct hv_poslog {
	xmlTextReaderPtr reader;
	xmlNode *current;   /* the Transaction last read (the reader's) */
	bool skip_current;  /* move past its subtree before reading on */
	bool started;       /* the root element was seen */
	bool failed;        /* libxml2 reported an error (it may be past what was read) */
	bool stopped;       /* no more transactions: the error stands */
	long index;         /* Transactions read */
	char root_ns[2048]; /* the root's namespace declarations, as attributes */
	char error[512];
};

/* ------------------------------------------------------ tree helpers */

static bool
s_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The first child element of N named NAME (namespaces ignored), or NULL. */
static xmlNode *
s_child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (s_is(c, name))
			return c;
	return NULL;
}

/* The trimmed text of element N into BUF. 1 when it fits, 0 when N is
 * NULL, -1 when the text is longer than SIZE - 1 bytes. */
static int
s_text(const xmlNode *n, char *buf, size_t size)
{
	if (n == NULL) {
		buf[0] = '\0';
		return 0;
	}
	/* Most elements hold one text node: read it in place. */
	const xmlNode *only = n->children;
	bool simple = only != NULL && only->next == NULL && only->type == XML_TEXT_NODE;
	xmlChar *t = simple ? NULL : xmlNodeGetContent(n);
	const char *s = simple ? (const char *)only->content : t != NULL ? (const char *)t : "";
	size_t len;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
	                      s[len - 1] == '\r'))
		len--;
	int rc = len < size ? 1 : -1;
	if (rc == 1)
		memcpy(buf, s, len);
	buf[rc == 1 ? len : 0] = '\0';
	xmlFree(t);
	return rc;
}

/* Whether attribute NAME of N (any namespace) says true. */
static bool
s_attr_true(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n != NULL ? n->properties : NULL; a != NULL; a = a->next) {
		if (strcasecmp((const char *)a->name, name) != 0)
			continue;
		xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
		bool yes = v != NULL && (strcasecmp((const char *)v, "true") == 0 ||
		                            strcmp((const char *)v, "1") == 0);
		xmlFree(v);
		return yes;
	}
	return false;
}

/* Attribute NAME of N into BUF ("" when absent or too long). */
static void
s_attr(const xmlNode *n, const char *name, char *buf, size_t size)
{
	xmlChar *v = n != NULL ? xmlGetProp(n, (const xmlChar *)name) : NULL; /* any namespace */

	if (v == NULL || strlen((const char *)v) >= size)
		buf[0] = '\0';
	else
		strcpy(buf, (const char *)v);
	xmlFree(v);
}

/* A decimal number ("2", "0.420", "-45000.00") into *V. */
static bool
s_number(const char *s, double *v)
{
	char *end;
	errno = 0;
	*v = strtod(s, &end);
	return s[0] != '\0' && *end == '\0' && errno == 0 && isfinite(*v) && fabs(*v) < 1e15;
}

/* A whole number FROM..TO ("0003" is 3) into *V. */
static bool
s_whole(const char *s, long from, long to, long *v)
{
	double d;
	if (!s_number(s, &d) || d != floor(d) || d < from || d > to)
		return false;
	*v = (long)d;
	return true;
}

/* -------------------------------------------------------- one sale */

static void s_refuse(hv_poslog_txn_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Mark T refused, saying why (the first reason wins). */
static void
s_refuse(hv_poslog_txn_t *t, const char *fmt, ...)
{
	va_list ap;

	if (t->kind == HV_POSLOG_REFUSED)
		return;
	t->kind = HV_POSLOG_REFUSED;
	va_start(ap, fmt);
	vsnprintf(t->why, sizeof t->why, fmt, ap);
	va_end(ap);
}

static hv_poslog_event_t *
s_add_event(hv_poslog_txn_t *t)
{
	if (t->nevents == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		hv_poslog_event_t *e = realloc(t->events, cap * sizeof *e);
		if (e == NULL) {
			s_refuse(t, _("out of memory"));
			return NULL;
		}
		t->events = e;
		t->cap = cap;
	}
	hv_poslog_event_t *e = &t->events[t->nevents++];
	memset(e, 0, sizeof *e);
	return e;
}

/* Whether the currency named on N (a CurrencyCode child, or a Currency or
 * CurrencyCode attribute) is VND or not given; else it goes to *CODE. */
static bool
s_vnd(const xmlNode *n, bool child, char *code, size_t size)
{
	if (child)
		s_text(s_child(n, "CurrencyCode"), code, size);
	else {
		s_attr(n, "Currency", code, size);
		if (code[0] == '\0')
			s_attr(n, "CurrencyCode", code, size);
	}
	return code[0] == '\0' || strcasecmp(code, "VND") == 0;
}

/* What one item line says, before it becomes events. */
typedef struct {
	long seq;
	char code[HV_CODE_MAX + 1];
	double quantity; /* as written */
	int units;       /* items: |quantity|, or 1 for a weight */
	long long amount; /* |ExtendedAmount| */
	bool has_amount, void_flag, is_return;
} item_t;

/* Read LineItem LI (with its Sale or Return BODY) into *IT. False after
 * refusing T. */
static bool
s_item(hv_poslog_txn_t *t, const xmlNode *li, const xmlNode *body, long position, item_t *it)
{
	char buf[64], cur[16];
	double q = 1, a;
	int rc;

	memset(it, 0, sizeof *it);
	it->seq = position;
	if ((rc = s_text(s_child(li, "SequenceNumber"), buf, sizeof buf)) != 0 &&
	    (rc < 0 || !s_whole(buf, 1, HV_LINE_MAX, &it->seq))) {
		s_refuse(t, _("LineItem %ld: SequenceNumber \"%s\" is not a line number 1-%d"), position,
		    buf, HV_LINE_MAX);
		return false;
	}
	const xmlNode *id = s_child(body, "ItemID");
	if (id == NULL)
		id = s_child(s_child(body, "POSIdentity"), "POSItemID");
	if (s_text(id, it->code, sizeof it->code) != 1 || !hv_code_is_valid(it->code)) {
		s_refuse(t, _("LineItem %ld: a %s without an ItemID (or POSIdentity/POSItemID) of 1-48 "
		            "characters of text"),
		    it->seq, (const char *)body->name);
		return false;
	}
	const xmlNode *qn = s_child(body, "Quantity");
	if ((rc = s_text(qn, buf, sizeof buf)) != 0 &&
	    (rc < 0 || !s_number(buf, &q) || q == 0 || fabs(q) > HV_QTY_MAX)) {
		s_refuse(t, _("LineItem %ld: Quantity \"%s\" is not a number other than 0, up to %d"),
		    it->seq, buf, HV_QTY_MAX);
		return false;
	}
	it->quantity = q;
	bool weighed = q != floor(q) || s_attr_true(qn, "weightItem") ||
	               s_attr_true(body, "weightItem") || s_attr_true(li, "weightItem");
	it->units = weighed ? 1 : (int)fabs(q);
	const xmlNode *an = s_child(body, "ExtendedAmount");
	if ((rc = s_text(an, buf, sizeof buf)) != 0) {
		if (rc < 0 || !s_number(buf, &a) || fabs(a) > (double)HV_AMOUNT_MAX) {
			s_refuse(t, _("LineItem %ld: ExtendedAmount \"%s\" is not an amount"), it->seq, buf);
			return false;
		}
		if (!s_vnd(an, false, cur, sizeof cur)) {
			s_refuse(t, _("LineItem %ld: the amount is in %s; hangviet counts VND only"),
			    it->seq, cur);
			return false;
		}
		it->amount = llround(fabs(a));
		it->has_amount = true;
	}
	it->void_flag = s_attr_true(li, "VoidFlag") || s_attr_true(body, "VoidFlag");
	it->is_return = s_is(body, "Return") || (q < 0 && !it->void_flag);
	return true;
}

static bool
s_add_scan(hv_poslog_txn_t *t, const item_t *it, int sign)
{
	hv_poslog_event_t *e = s_add_event(t);
	if (e == NULL)
		return false;
	e->op = HV_OP_SCAN;
	e->line = (int)it->seq;
	memcpy(e->code, it->code, sizeof e->code);
	e->qty = sign * it->units;
	e->amount = sign * it->amount;
	e->has_amount = it->has_amount;
	t->items++;
	return true;
}

static bool
s_add_void(hv_poslog_txn_t *t, int line)
{
	hv_poslog_event_t *e = s_add_event(t);
	if (e == NULL)
		return false;
	e->op = HV_OP_VOID;
	e->line = line;
	t->voids++;
	return true;
}

/* Whether event I (a scan) has a void after it among T's events. */
static bool
s_voided(const hv_poslog_txn_t *t, size_t i)
{
	for (size_t k = i + 1; k < t->nevents; k++)
		if (t->events[k].op == HV_OP_VOID && t->events[k].line == t->events[i].line)
			return true;
	return false;
}

/* NCR's void: a negative VoidFlag line takes back the most recent earlier
 * sale of the same item and amount not voided yet. When that sale was
 * voided already (a file that writes both conventions), nothing more. */
static bool
s_void_earlier(hv_poslog_txn_t *t, const item_t *it)
{
	bool seen_voided = false;

	for (size_t i = t->nevents; i-- > 0;) {
		const hv_poslog_event_t *e = &t->events[i];
		if (e->op != HV_OP_SCAN || e->qty <= 0 || strcmp(e->code, it->code) != 0 ||
		    (it->has_amount && e->has_amount && e->amount != it->amount))
			continue;
		if (!s_voided(t, i))
			return s_add_void(t, e->line);
		seen_voided = true;
	}
	if (seen_voided)
		return true;
	s_refuse(t, _("LineItem %ld: it voids item %s (amount %lld), which no earlier line of the "
	            "transaction sold"),
	    it->seq, it->code, it->amount);
	return false;
}

/* One item line as events: a sale, a return, a voided line (scan + void)
 * or an NCR void of an earlier line. */
static bool
s_item_events(hv_poslog_txn_t *t, const item_t *it)
{
	if (it->void_flag && it->quantity < 0)
		return s_void_earlier(t, it);
	if (!s_add_scan(t, it, it->is_return ? -1 : 1))
		return false;
	t->returns += it->is_return;
	return !it->void_flag || s_add_void(t, (int)it->seq);
}

static int
s_by_line(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Refuse T when two of its item lines have one SequenceNumber. */
static void
s_check_lines_unique(hv_poslog_txn_t *t)
{
	size_t n = 0;
	int *lines = malloc((t->nevents + 1) * sizeof *lines);

	if (lines == NULL) {
		s_refuse(t, _("out of memory"));
		return;
	}
	for (size_t i = 0; i < t->nevents; i++)
		if (t->events[i].op == HV_OP_SCAN)
			lines[n++] = t->events[i].line;
	qsort(lines, n, sizeof *lines, s_by_line);
	for (size_t i = 1; i < n; i++)
		if (lines[i] == lines[i - 1]) {
			s_refuse(t, _("LineItem SequenceNumber %d is written on two item lines"), lines[i]);
			break;
		}
	free(lines);
}

/* The item lines of RetailTransaction RT as events. */
static void
s_items(hv_poslog_txn_t *t, const xmlNode *rt)
{
	long position = 0;
	item_t it;

	for (const xmlNode *c = rt->children; c != NULL && t->kind == HV_POSLOG_SALE; c = c->next) {
		const xmlNode *body = s_is(c, "LineItem") ? s_child(c, "Sale") : NULL;
		if (body == NULL && s_is(c, "LineItem"))
			body = s_child(c, "Return");
		if (body == NULL)
			continue; /* tenders, taxes, loyalty, discounts: not items */
		if (++position > HV_POSLOG_MAX_LINES) {
			s_refuse(t, _("more than %d item lines"), HV_POSLOG_MAX_LINES);
			return;
		}
		if (s_item(t, c, body, position, &it))
			s_item_events(t, &it);
	}
	if (t->kind == HV_POSLOG_SALE)
		s_check_lines_unique(t);
}

/* The transaction's ids as written, kept for messages. */
static void
s_ids(hv_poslog_txn_t *t, const xmlNode *tx)
{
	s_text(s_child(tx, "RetailStoreID"), t->store_id, sizeof t->store_id);
	s_text(s_child(tx, "WorkstationID"), t->workstation, sizeof t->workstation);
	s_text(s_child(tx, "SequenceNumber"), t->sequence, sizeof t->sequence);
	s_text(s_child(tx, "BusinessDayDate"), t->day, sizeof t->day);
}

/* The header of sale TX (RetailTransaction RT): where, which, when, in
 * what currency, cancelled or not, its total. Refuses T when it is wrong. */
static void
s_header(hv_poslog_txn_t *t, const xmlNode *tx, const xmlNode *rt)
{
	char stamp[64], cur[16], status[32];
	long lane;

	if (!hv_checkout_store_valid(t->store_id))
		return s_refuse(t, _("RetailStoreID must be a store id: 1-32 characters of A-Z, a-z, "
		                   "0-9, _ . -"));
	if (!s_whole(t->workstation, 1, 9999, &lane))
		return s_refuse(t, _("WorkstationID \"%s\" is not a lane number from 1 to 9999"),
		    t->workstation);
	t->lane = (int)lane;
	if (t->sequence[0] == '\0')
		return s_refuse(t, _("a Transaction without a SequenceNumber"));
	if ((size_t)snprintf(t->txn, sizeof t->txn, "%s%s%s", t->day, t->day[0] ? "-" : "",
	        t->sequence) >= sizeof t->txn ||
	    !hv_checkout_txn_valid(t->txn))
		return s_refuse(t, _("BusinessDayDate-SequenceNumber must be 1-64 printable ASCII "
		                   "characters"));
	const xmlNode *when = s_child(tx, "EndDateTime");
	if (when == NULL)
		when = s_child(tx, "BeginDateTime");
	if (when != NULL && (s_text(when, stamp, sizeof stamp) != 1 || hv_date_parse_iso(stamp, &t->ts) < 0))
		return s_refuse(t, _("%s \"%s\" is not a date and time like 2026-11-26T09:15:00+07:00"),
		    (const char *)when->name, stamp);
	if (!s_vnd(tx, true, cur, sizeof cur) || !s_vnd(rt, true, cur, sizeof cur))
		return s_refuse(t, _("the transaction is in %s; hangviet counts VND only"), cur);
	s_attr(rt, "TransactionStatus", status, sizeof status);
	t->cancelled = s_attr_true(tx, "CancelFlag") || s_attr_true(tx, "VoidFlag") ||
	               strcasecmp(status, "Cancelled") == 0 || strcasecmp(status, "Canceled") == 0 ||
	               strcasecmp(status, "Voided") == 0 || strcasecmp(status, "PostVoided") == 0;
	for (const xmlNode *c = rt->children; c != NULL; c = c->next) {
		char type[40], buf[48];
		double v;
		s_attr(c, "TotalType", type, sizeof type);
		if (s_is(c, "Total") && strcmp(type, "TransactionGrandAmount") == 0 &&
		    s_text(c, buf, sizeof buf) == 1 && s_number(buf, &v)) {
			t->total = llround(v);
			t->has_total = true;
		}
	}
}

/* Why TX is not a sale to count ("" when it is one), into T->skipped. */
static bool
s_skipped(hv_poslog_txn_t *t, const xmlNode *tx, const xmlNode *rt)
{
	char status[32];

	if (s_attr_true(tx, "TrainingModeFlag"))
		snprintf(t->skipped, sizeof t->skipped, "training");
	else if (rt == NULL) {
		const xmlNode *c = tx->children;
		while (c != NULL && (c->type != XML_ELEMENT_NODE || s_is(c, "RetailStoreID") ||
		                        s_is(c, "WorkstationID") || s_is(c, "SequenceNumber") ||
		                        s_is(c, "BusinessDayDate") || s_is(c, "BeginDateTime") ||
		                        s_is(c, "EndDateTime") || s_is(c, "OperatorID") ||
		                        s_is(c, "CurrencyCode")))
			c = c->next;
		snprintf(t->skipped, sizeof t->skipped, "%s",
		    c != NULL ? (const char *)c->name : "empty Transaction");
	} else {
		s_attr(rt, "TransactionStatus", status, sizeof status);
		if (strcasecmp(status, "Suspended") == 0)
			snprintf(t->skipped, sizeof t->skipped, "suspended");
	}
	if (t->skipped[0] != '\0')
		t->kind = HV_POSLOG_SKIPPED;
	return t->skipped[0] != '\0';
}

/* Transaction TX into T. */
static void
s_transaction(const xmlNode *tx, long index, hv_poslog_txn_t *t)
{
	hv_poslog_event_t *events = t->events;
	size_t cap = t->cap;

	memset(t, 0, sizeof *t);
	t->events = events;
	t->cap = cap;
	t->index = index;
	t->kind = HV_POSLOG_SALE;
	s_ids(t, tx);
	const xmlNode *rt = s_child(tx, "RetailTransaction");
	if (s_skipped(t, tx, rt))
		return;
	s_header(t, tx, rt);
	if (t->kind == HV_POSLOG_SALE)
		s_items(t, rt);
	if (t->kind == HV_POSLOG_SALE && t->items == 0) {
		t->kind = HV_POSLOG_SKIPPED;
		snprintf(t->skipped, sizeof t->skipped, "%s",
		    t->cancelled ? "cancelled without items" : "tender only");
	}
}

void
hv_poslog_describe(const hv_poslog_txn_t *t, char *buf, size_t size)
{
	snprintf(buf, size, "RetailStoreID %s, WorkstationID %s, SequenceNumber %s, BusinessDayDate %s",
	    t->store_id[0] ? t->store_id : "-", t->workstation[0] ? t->workstation : "-",
	    t->sequence[0] ? t->sequence : "-", t->day[0] ? t->day : "-");
}

void
hv_poslog_txn_free(hv_poslog_txn_t *t)
{
	free(t->events);
	t->events = NULL;
	t->nevents = t->cap = 0;
}

/* ------------------------------------------------------- the reader */

/* libxml2's errors: the first one is kept, with its line and column. */
static void
s_on_xml_error(void *arg, xmlErrorPtr e)
{
	hv_poslog_t *self = arg;
	char msg[256];

	if (self->failed || e == NULL || e->level < XML_ERR_ERROR)
		return;
	/* libxml2 says "Extra content at the end" too of a file cut short. */
	snprintf(msg, sizeof msg, "%s",
	    e->code == XML_ERR_DOCUMENT_END ? _("the file ends before its POSLog element does, or "
	                                        "goes on after it (cut short, or two files in one?)")
	    : e->message != NULL            ? e->message
	                                    : "unreadable");
	msg[strcspn(msg, "\n")] = '\0';
	snprintf(self->error, sizeof self->error, _("line %d, column %d: not well-formed XML: %s"),
	    e->line, e->int2, msg);
	self->failed = true;
}

static hv_poslog_t *
s_new(xmlTextReaderPtr reader, const char *what, char *err, size_t errlen)
{
	hv_poslog_t *self = reader != NULL ? calloc(1, sizeof *self) : NULL;

	if (self == NULL) {
		snprintf(err, errlen, "cannot read %s", what);
		xmlFreeTextReader(reader);
		return NULL;
	}
	self->reader = reader;
	xmlTextReaderSetStructuredErrorHandler(reader, s_on_xml_error, self);
	return self;
}

/* No network, no entity expansion, no DTD loading: a file says nothing
 * about where else to read from. */
#define READ_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)

hv_poslog_t *
hv_poslog_open(const char *path, char *err, size_t errlen)
{
	return s_new(xmlReaderForFile(path, NULL, READ_OPTIONS), path, err, errlen);
}

hv_poslog_t *
hv_poslog_open_memory(const void *buf, size_t len, char *err, size_t errlen)
{
	if (len > INT_MAX) {
		snprintf(err, errlen, "the document is too large");
		return NULL;
	}
	return s_new(
	    xmlReaderForMemory(buf, (int)len, NULL, NULL, READ_OPTIONS), "the document", err, errlen);
}

void
hv_poslog_close(hv_poslog_t **self_p)
{
	if (self_p == NULL || *self_p == NULL)
		return;
	xmlFreeTextReader((*self_p)->reader);
	free(*self_p);
	*self_p = NULL;
}

const char *
hv_poslog_error(const hv_poslog_t *self)
{
	return self->error;
}

/* Append ` NAME="VALUE"` to the root's declarations, VALUE escaped. */
static void
s_keep_ns(hv_poslog_t *self, const char *name, const char *value)
{
	size_t n = strlen(self->root_ns);
	char *out = self->root_ns + n, *end = self->root_ns + sizeof self->root_ns - 8;

	if (out + strlen(name) + 4 >= end)
		return;
	out += sprintf(out, " %s=\"", name);
	for (const char *v = value; *v != '\0' && out < end; v++)
		out += *v == '"' ? sprintf(out, "&quot;") : *v == '&' ? sprintf(out, "&amp;")
		     : *v == '<' ? sprintf(out, "&lt;") : sprintf(out, "%c", *v);
	strcpy(out, "\"");
}

/* At the root element: it must be POSLog (or a lone Transaction); its
 * namespace declarations are kept for hv_poslog_write_current. */
static int
s_root(hv_poslog_t *self, const char *name)
{
	self->started = true;
	if (strcmp(name, "POSLog") != 0 && strcmp(name, "Transaction") != 0) {
		snprintf(self->error, sizeof self->error,
		    _("the root element is <%s>, not <POSLog>: this is not a POSLog file"), name);
		return -1;
	}
	while (xmlTextReaderMoveToNextAttribute(self->reader) == 1)
		if (xmlTextReaderIsNamespaceDecl(self->reader) == 1)
			s_keep_ns(self, (const char *)xmlTextReaderConstName(self->reader),
			    (const char *)xmlTextReaderConstValue(self->reader));
	xmlTextReaderMoveToElement(self->reader);
	return 0;
}

/* Stop reading: the file is no (longer a) POSLog document. */
static int
s_stop(hv_poslog_t *self, const char *why)
{
	if (self->error[0] == '\0')
		snprintf(self->error, sizeof self->error, "%s", why);
	self->failed = self->stopped = true;
	return -1;
}

int
hv_poslog_next(hv_poslog_t *self, hv_poslog_txn_t *t)
{
	int rc;

	if (self->stopped)
		return -1;
	if (self->skip_current) {
		self->skip_current = false;
		self->current = NULL;
		rc = xmlTextReaderNext(self->reader);
	} else {
		rc = xmlTextReaderRead(self->reader);
	}
	/* An error libxml2 reports may lie ahead of the node the reader is
	 * on (the parser reads ahead): what was parsed whole before it stands. */
	for (; rc == 1; rc = xmlTextReaderRead(self->reader)) {
		if (xmlTextReaderNodeType(self->reader) != XML_READER_TYPE_ELEMENT)
			continue;
		const char *name = (const char *)xmlTextReaderConstLocalName(self->reader);
		if (!self->started && s_root(self, name) < 0)
			return s_stop(self, "");
		if (strcmp(name, "Transaction") != 0)
			continue;
		/* The parser reads ahead: an error past this Transaction may come
		 * while it is expanded. It is whole when something follows it. */
		xmlNode *tx = xmlTextReaderExpand(self->reader);
		if (tx == NULL || (self->failed && tx->next == NULL))
			return s_stop(self, _("not well-formed XML: the file ends inside a Transaction"));
		self->current = tx;
		self->skip_current = true;
		s_transaction(tx, ++self->index, t);
		return 1;
	}
	if (rc < 0 || self->failed)
		return s_stop(self, _("not well-formed XML"));
	if (!self->started)
		return s_stop(self, _("the file is empty: no POSLog element"));
	return 0;
}

int
hv_poslog_write_current(hv_poslog_t *self, FILE *f)
{
	xmlBufferPtr buf;
	int rc = -1;

	if (self->current == NULL || (buf = xmlBufferCreate()) == NULL)
		return -1;
	if (xmlNodeDump(buf, self->current->doc, self->current, 1, 0) >= 0 &&
	    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<POSLog%s>\n  ", self->root_ns) > 0 &&
	    fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), f) ==
	        (size_t)xmlBufferLength(buf) &&
	    fputs("\n</POSLog>\n", f) >= 0)
		rc = 0;
	xmlBufferFree(buf);
	return rc;
}
