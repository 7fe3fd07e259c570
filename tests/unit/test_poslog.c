/*
 * test_poslog.c -- the POSLog reader turns each shape of transaction into
 * the events the rules say (plugin/poslog.h), skips what is not a sale,
 * refuses a bad transaction by name without stopping, and stops at the
 * point a file stops being XML.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "poslog.h"

#define HEAD(seq)                                                                                  \
	"<Transaction><RetailStoreID>st-01</RetailStoreID><WorkstationID>3</WorkstationID>"         \
	"<SequenceNumber>" seq "</SequenceNumber><BusinessDayDate>2026-11-26</BusinessDayDate>"
#define LINE(seq, attrs, body, code, qty, amount)                                                  \
	"<LineItem" attrs "><SequenceNumber>" seq "</SequenceNumber><" body "><ItemID>" code       \
	"</ItemID><ExtendedAmount>" amount "</ExtendedAmount><Quantity>" qty                       \
	"</Quantity></" body "></LineItem>"
#define DOC(txns) "<?xml version=\"1.0\"?><POSLog xmlns=\"http://www.nrf-arts.org/IXRetail/namespace/\">" txns "</POSLog>"

/* Every transaction of DOC, read; the reader's last answer in *LAST. */
typedef struct {
	hv_poslog_txn_t t[8];
	int n, last;
	char error[512];
} read_t;

static read_t *
s_read(const char *doc)
{
	static read_t r;
	char err[256];
	hv_poslog_t *p;

	for (int i = 0; i < r.n; i++)
		hv_poslog_txn_free(&r.t[i]);
	memset(&r, 0, sizeof r);
	p = hv_poslog_open_memory(doc, strlen(doc), err, sizeof err);
	assert_non_null(p);
	while (r.n < 8 && (r.last = hv_poslog_next(p, &r.t[r.n])) == 1)
		r.n++;
	snprintf(r.error, sizeof r.error, "%s", hv_poslog_error(p));
	hv_poslog_close(&p);
	return &r;
}

static void
s_scan(const hv_poslog_event_t *e, int line, const char *code, int qty, long long amount)
{
	assert_int_equal(e->op, HV_OP_SCAN);
	assert_int_equal(e->line, line);
	assert_string_equal(e->code, code);
	assert_int_equal(e->qty, qty);
	assert_true(e->has_amount);
	assert_int_equal(e->amount, amount);
}

static void
s_void(const hv_poslog_event_t *e, int line)
{
	assert_int_equal(e->op, HV_OP_VOID);
	assert_int_equal(e->line, line);
}

/* NCR: a negative VoidFlag line voids the latest earlier sale of the same
 * item and amount, not an earlier one, and is no scan of its own. */
static void
ncr_void_takes_back_the_latest_matching_sale(void **state)
{
	(void)state;
	read_t *r = s_read(DOC(HEAD("1") "<RetailTransaction>"
	    LINE("1", "", "Sale", "8850006330012", "1", "64000.00")
	    LINE("2", "", "Sale", "8936000100018", "1", "185000")
	    LINE("3", "", "Sale", "8850006330012", "1", "64000")
	    LINE("4", " VoidFlag=\"true\"", "Sale", "8850006330012", "-1", "-64000.00")
	    "</RetailTransaction></Transaction>"));
	assert_int_equal(r->n, 1);
	hv_poslog_txn_t *t = &r->t[0];
	assert_int_equal(t->kind, HV_POSLOG_SALE);
	assert_string_equal(t->txn, "2026-11-26-1");
	assert_int_equal(t->lane, 3);
	assert_int_equal(t->nevents, 4);
	s_scan(&t->events[0], 1, "8850006330012", 1, 64000);
	s_scan(&t->events[2], 3, "8850006330012", 1, 64000);
	s_void(&t->events[3], 3);
	assert_int_equal(t->voids, 1);
	assert_int_equal(t->items, 3);
}

/* A flagged line is scanned and voided; written both ways, one void. */
static void
flagged_void_and_both_conventions(void **state)
{
	(void)state;
	read_t *r = s_read(DOC(HEAD("2") "<RetailTransaction>"
	    LINE("1", " VoidFlag=\"true\"", "Sale", "8850006330012", "1", "64000")
	    LINE("2", " VoidFlag=\"true\"", "Sale", "8850006330012", "-1", "-64000")
	    "</RetailTransaction></Transaction>"));
	hv_poslog_txn_t *t = &r->t[0];
	assert_int_equal(t->kind, HV_POSLOG_SALE);
	assert_int_equal(t->nevents, 2);
	s_scan(&t->events[0], 1, "8850006330012", 1, 64000);
	s_void(&t->events[1], 1);
	assert_int_equal(t->voids, 1);
}

/* A weight is one item with its amount; a Return and a negative sale
 * without a flag are returns. */
static void
weights_and_returns(void **state)
{
	(void)state;
	read_t *r = s_read(DOC(HEAD("3") "<RetailTransaction>"
	    LINE("1", "", "Sale", "2812340000002", "0.420", "26880")
	    "<LineItem><SequenceNumber>2</SequenceNumber><Sale><ItemID>8936000100018</ItemID>"
	    "<ExtendedAmount>370000</ExtendedAmount><Quantity weightItem=\"true\">2</Quantity>"
	    "</Sale></LineItem>"
	    LINE("3", "", "Return", "8936000100018", "1", "185000")
	    LINE("4", "", "Sale", "8850006330012", "-2", "-128000")
	    "</RetailTransaction></Transaction>"));
	hv_poslog_txn_t *t = &r->t[0];
	assert_int_equal(t->kind, HV_POSLOG_SALE);
	assert_int_equal(t->nevents, 4);
	s_scan(&t->events[0], 1, "2812340000002", 1, 26880);
	s_scan(&t->events[1], 2, "8936000100018", 1, 370000);
	s_scan(&t->events[2], 3, "8936000100018", -1, -185000);
	s_scan(&t->events[3], 4, "8850006330012", -2, -128000);
	assert_int_equal(t->returns, 2);
}

/* Tenders, taxes, loyalty and vendor lines are not items; a vendor
 * namespace and a prefixed ARTS namespace read the same. */
static void
not_items_and_namespaces(void **state)
{
	(void)state;
	read_t *r = s_read("<a:POSLog xmlns:a=\"http://www.nrf-arts.org/IXRetail/namespace/\" "
	                   "xmlns:acs=\"urn:ncr\"><a:Transaction><a:RetailStoreID>st-01</a:RetailStoreID>"
	                   "<a:WorkstationID>007</a:WorkstationID><a:SequenceNumber>9</a:SequenceNumber>"
	                   "<a:RetailTransaction><a:LineItem><a:SequenceNumber>1</a:SequenceNumber>"
	                   "<a:Sale><a:POSIdentity><a:POSItemID>SKU-1</a:POSItemID></a:POSIdentity>"
	                   "<acs:Dept>4</acs:Dept><a:Quantity>1</a:Quantity></a:Sale></a:LineItem>"
	                   "<a:LineItem><a:Tender><a:Amount>1</a:Amount></a:Tender></a:LineItem>"
	                   "<a:LineItem><a:Tax><a:Amount>1</a:Amount></a:Tax></a:LineItem>"
	                   "<a:LineItem><a:LoyaltyReward/></a:LineItem><acs:Custom/>"
	                   "</a:RetailTransaction></a:Transaction></a:POSLog>");
	assert_int_equal(r->n, 1);
	hv_poslog_txn_t *t = &r->t[0];
	assert_int_equal(t->kind, HV_POSLOG_SALE);
	assert_int_equal(t->lane, 7);
	assert_string_equal(t->txn, "9");
	assert_int_equal(t->nevents, 1);
	assert_string_equal(t->events[0].code, "SKU-1");
	assert_false(t->events[0].has_amount);
}

/* Kinds that are no sale are skipped and named; a cancelled sale says so. */
static void
skipped_kinds_and_cancels(void **state)
{
	(void)state;
	read_t *r = s_read(DOC(
	    HEAD("1") "<ControlTransaction><OperatorSignOn/></ControlTransaction></Transaction>"
	    "<Transaction TrainingModeFlag=\"true\"><RetailStoreID>st-01</RetailStoreID>"
	    "<RetailTransaction>" LINE("1", "", "Sale", "8850006330012", "1", "1") "</RetailTransaction></Transaction>"
	    HEAD("3") "<RetailTransaction TransactionStatus=\"Suspended\">"
	    LINE("1", "", "Sale", "8850006330012", "1", "1") "</RetailTransaction></Transaction>"
	    HEAD("4") "<RetailTransaction><LineItem><Tender/></LineItem></RetailTransaction></Transaction>"
	    HEAD("5") "<RetailTransaction TransactionStatus=\"Cancelled\">"
	    LINE("1", "", "Sale", "8850006330012", "1", "1") "</RetailTransaction></Transaction>"));
	assert_int_equal(r->n, 5);
	assert_int_equal(r->last, 0);
	const char *want[] = {"ControlTransaction", "training", "suspended", "tender only"};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(r->t[i].kind, HV_POSLOG_SKIPPED);
		assert_string_equal(r->t[i].skipped, want[i]);
		assert_int_equal(r->t[i].index, i + 1);
	}
	assert_int_equal(r->t[4].kind, HV_POSLOG_SALE);
	assert_true(r->t[4].cancelled);
}

/* A bad transaction is refused by name; the ones after it still read. */
static void
refusals_name_the_line_and_do_not_stop(void **state)
{
	(void)state;
	read_t *r = s_read(DOC(
	    HEAD("1") "<CurrencyCode>USD</CurrencyCode><RetailTransaction>"
	    LINE("1", "", "Sale", "8850006330012", "1", "1") "</RetailTransaction></Transaction>"
	    HEAD("2") "<RetailTransaction>" LINE("7", "", "Sale", "8850006330012", "x1", "1")
	    "</RetailTransaction></Transaction>"
	    HEAD("3") "<RetailTransaction>" LINE("1", "", "Sale", "8850006330012", "1", "1")
	    LINE("2", " VoidFlag=\"true\"", "Sale", "8936000100018", "-1", "-1")
	    "</RetailTransaction></Transaction>"
	    HEAD("4") "<RetailTransaction>" LINE("1", "", "Sale", "8850006330012", "1", "1")
	    LINE("1", "", "Sale", "8936000100018", "1", "1") "</RetailTransaction></Transaction>"
	    HEAD("5") "<RetailTransaction>" LINE("1", "", "Sale", "8850006330012", "1", "1")
	    "</RetailTransaction></Transaction>"));
	assert_int_equal(r->n, 5);
	for (int i = 0; i < 4; i++)
		assert_int_equal(r->t[i].kind, HV_POSLOG_REFUSED);
	assert_non_null(strstr(r->t[0].why, "USD"));
	assert_non_null(strstr(r->t[1].why, "LineItem 7: Quantity \"x1\""));
	assert_non_null(strstr(r->t[2].why, "LineItem 2: it voids item 8936000100018"));
	assert_non_null(strstr(r->t[3].why, "SequenceNumber 1 is written on two item lines"));
	assert_int_equal(r->t[4].kind, HV_POSLOG_SALE);
	char ids[256];
	hv_poslog_describe(&r->t[1], ids, sizeof ids);
	assert_string_equal(ids, "RetailStoreID st-01, WorkstationID 3, SequenceNumber 2, "
	                         "BusinessDayDate 2026-11-26");
}

/* Not XML, another root, a file cut short after a whole transaction. */
static void
where_a_file_stops_being_poslog(void **state)
{
	(void)state;
	read_t *r = s_read("PK\x03\x04 a zip");
	assert_int_equal(r->n, 0);
	assert_int_equal(r->last, -1);
	assert_non_null(strstr(r->error, "not well-formed"));
	r = s_read("<Invoices><Invoice/></Invoices>");
	assert_int_equal(r->last, -1);
	assert_non_null(strstr(r->error, "<Invoices>"));
	r = s_read("<POSLog>" HEAD("1") "<RetailTransaction>"
	           LINE("1", "", "Sale", "8850006330012", "1", "1") "</RetailTransaction></Transaction>"
	           HEAD("2") "<RetailTransaction><LineItem>");
	assert_true(r->n <= 1);
	assert_int_equal(r->last, -1);
	assert_non_null(strstr(r->error, "cut short"));
}

/* A refused transaction is written as a POSLog file of its own, with the
 * file's namespaces, that reads back as the same transaction. */
static void
write_current_reads_back(void **state)
{
	(void)state;
	const char *doc = "<POSLog xmlns=\"urn:arts\" xmlns:acs=\"urn:ncr\">"
	                  HEAD("1") "<RetailTransaction>" LINE("1", "", "Sale", "1", "1", "1")
	                  "</RetailTransaction></Transaction>"
	                  HEAD("2") "<RetailTransaction><acs:X/>"
	                  LINE("1", "", "Sale", "8850006330012", "abc", "1")
	                  "</RetailTransaction></Transaction></POSLog>";
	char err[256], buf[8192];
	hv_poslog_txn_t t = {0};
	hv_poslog_t *p = hv_poslog_open_memory(doc, strlen(doc), err, sizeof err);

	assert_int_equal(hv_poslog_next(p, &t), 1);
	assert_int_equal(hv_poslog_next(p, &t), 1);
	assert_int_equal(t.kind, HV_POSLOG_REFUSED);
	FILE *f = fmemopen(buf, sizeof buf, "w");
	assert_int_equal(hv_poslog_write_current(p, f), 0);
	fclose(f);
	hv_poslog_close(&p);
	assert_non_null(strstr(buf, "xmlns:acs=\"urn:ncr\""));
	assert_null(strstr(buf, "<SequenceNumber>1</SequenceNumber><BusinessDayDate>"));
	read_t *r = s_read(buf);
	assert_int_equal(r->n, 1);
	assert_int_equal(r->last, 0);
	assert_string_equal(r->t[0].sequence, "2");
	assert_int_equal(r->t[0].kind, HV_POSLOG_REFUSED);
	hv_poslog_txn_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ncr_void_takes_back_the_latest_matching_sale),
	    cmocka_unit_test(flagged_void_and_both_conventions),
	    cmocka_unit_test(weights_and_returns),
	    cmocka_unit_test(not_items_and_namespaces),
	    cmocka_unit_test(skipped_kinds_and_cancels),
	    cmocka_unit_test(refusals_name_the_line_and_do_not_stop),
	    cmocka_unit_test(where_a_file_stops_being_poslog),
	    cmocka_unit_test(write_current_reads_back),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	s_read("<POSLog/>"); /* frees the last transactions read */
	return rc;
}
