/*
 * poslog.h -- reading ARTS POSLog files as POS back offices really write
 * them (NCR, Toshiba, Oracle, LS Retail ...), one Transaction at a time,
 * in bounded memory (libxml2's streaming reader; no network, no entity
 * expansion, no DTD loading), into the events hangviet records.
 *
 * What a file holds, and what it becomes (doc/protocol.md, "POSLog"):
 *  - A Transaction with a RetailTransaction is a sale; any other kind
 *    (ControlTransaction, TenderControlTransaction ...), a RetailTransaction
 *    without items (tender only), a training or a suspended one is skipped.
 *  - A LineItem is an item only when it holds a Sale or a Return; tenders,
 *    taxes, loyalty, discounts and vendor lines are not.
 *  - Voids, both ways: a line that carries VoidFlag="true" with a positive
 *    quantity was scanned and voided (a scan, then a void of it); a
 *    VoidFlag line with a negative quantity (NCR) takes back the most
 *    recent earlier line of the same item and amount not voided yet (a
 *    void of that line).
 *  - A fractional quantity (a weight, 0.42) or a weightItem one is one
 *    item; a negative quantity without a void flag, or a Return, is a
 *    return. Amounts may carry decimals; VND only.
 *  - A Transaction with CancelFlag, or TransactionStatus Cancelled, is
 *    cancelled: its lines, then a cancel.
 * Element and attribute names are matched without their namespace, so the
 * ARTS namespace may be there or not, and vendor elements are ignored.
 */
#ifndef HV_POSLOG_H
#define HV_POSLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "checkout.h"

#define HV_POSLOG_MAX_LINES 10000 /* item lines in one transaction */

/* One event of a sale, in the order the POS made them. */
typedef struct {
	hv_op_t op;       /* HV_OP_SCAN or HV_OP_VOID */
	int line;         /* the LineItem's SequenceNumber (scan), or the line voided */
	char code[HV_CODE_MAX + 1];
	int qty;          /* scan: items, negative for a return; a weighed item is 1 */
	long long amount; /* scan: the line's amount in VND, its sign that of qty */
	bool has_amount;
} hv_poslog_event_t;

typedef enum {
	HV_POSLOG_SALE,    /* events to send, then end (or cancel) */
	HV_POSLOG_SKIPPED, /* not a sale: `skipped` says what it is */
	HV_POSLOG_REFUSED  /* a sale that cannot be sent: `why` says what is wrong */
} hv_poslog_kind_t;

/* One Transaction of the file. */
typedef struct {
	hv_poslog_kind_t kind;
	long index;         /* its place among the file's Transactions, from 1 */
	char skipped[48];   /* SKIPPED: "ControlTransaction", "tender only", "training" ... */
	char why[320];      /* REFUSED: what is wrong, naming the LineItem */
	/* As the file writes them (for messages), "" when absent. */
	char store_id[33];   /* RetailStoreID */
	char workstation[17];
	char sequence[41];
	char day[25];        /* BusinessDayDate */
	/* A sale's events. */
	int lane;       /* WorkstationID, 1-9999 */
	char txn[HV_TXN_MAX + 1]; /* BusinessDayDate-SequenceNumber, or SequenceNumber */
	long long ts;   /* EndDateTime (else BeginDateTime), Unix ms; 0: not given */
	bool cancelled;
	bool has_total;
	long long total; /* TransactionGrandAmount, VND */
	hv_poslog_event_t *events;
	size_t nevents, cap;
	int items, voids, returns; /* lines sold, voids, returns among them */
} hv_poslog_txn_t;

typedef struct hv_poslog hv_poslog_t;

/* Start reading the POSLog file at PATH, or the document in memory (BUF,
 * LEN bytes). NULL with ERR when it cannot be opened. Nothing is read yet. */
hv_poslog_t *hv_poslog_open(const char *path, char *err, size_t errlen);
hv_poslog_t *hv_poslog_open_memory(const void *buf, size_t len, char *err, size_t errlen);
void hv_poslog_close(hv_poslog_t **self_p);

/* Read the next Transaction into *T (reused from call to call; free it
 * with hv_poslog_txn_free). 1 with *T filled; 0 at the end of the file;
 * -1 when the file stops being a POSLog document (not XML, not
 * well-formed from some point on, or another root element): hv_poslog_error
 * says where and why, and the transactions read before stand. */
int hv_poslog_next(hv_poslog_t *self, hv_poslog_txn_t *t);

/* What went wrong, after hv_poslog_next returned -1. */
const char *hv_poslog_error(const hv_poslog_t *self);

/* Write the Transaction last read as a POSLog document of its own to F,
 * under a POSLog root with the file's namespace declarations. 0 or -1. */
int hv_poslog_write_current(hv_poslog_t *self, FILE *f);

void hv_poslog_txn_free(hv_poslog_txn_t *t);

/* "RetailStoreID st-01, WorkstationID 3, SequenceNumber 1017,
 * BusinessDayDate 2026-11-26": how a person finds T in the back office. */
void hv_poslog_describe(const hv_poslog_txn_t *t, char *buf, size_t size);

#endif
