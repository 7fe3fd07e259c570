/*
 * poslog.h -- reading ARTS POSLog files: the RetailTransactions a POS back
 * office writes, as hangviet needs them (store, workstation as lane,
 * sequence number as txn, line items with Sale or Return, their item id,
 * quantity, extended amount and void flag, and whether the transaction was
 * cancelled). Parsed with libxml2, network access and entity expansion off.
 */
#ifndef HV_POSLOG_H
#define HV_POSLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One Sale or Return line item. */
typedef struct {
	int line;         /* its SequenceNumber (or position), from 1 */
	char code[49];    /* ItemID or POSIdentity/POSItemID */
	int qty;          /* items; negative for a Return; 1 for a weighed item */
	long long amount; /* ExtendedAmount in VND (rounded); negative for a Return */
	bool has_amount;
	bool voided; /* VoidFlag="true": scanned, then taken back out */
} hv_poslog_line_t;

/* One RetailTransaction. */
typedef struct {
	char store[33]; /* RetailStoreID */
	int lane;       /* WorkstationID, 1-9999 */
	char txn[65];   /* BusinessDayDate-SequenceNumber, or SequenceNumber */
	bool cancelled; /* CancelFlag/VoidFlag on the transaction, or status Cancelled */
	long long ts;   /* EndDateTime (else BeginDateTime), Unix ms; 0: not given */
	bool has_total;
	long long total; /* the transaction's grand total, VND */
	hv_poslog_line_t *lines;
	size_t nlines;
} hv_poslog_txn_t;

/* Read every RetailTransaction of the file at PATH into *TXNS (*N of them;
 * free with hv_poslog_free). Returns 0, or -1 with ERR naming the line and
 * what is wrong; nothing is returned from a file with any error. */
int hv_poslog_read(const char *path, hv_poslog_txn_t **txns, size_t *n, char *err, size_t errlen);
/* The same for a document in memory (BUF, LEN bytes). */
int hv_poslog_read_memory(
    const void *buf, size_t len, hv_poslog_txn_t **txns, size_t *n, char *err, size_t errlen);
void hv_poslog_free(hv_poslog_txn_t *txns, size_t n);

#endif
