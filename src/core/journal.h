/*
 * journal.h -- journal.db: every recorded event (scan, void, end, cancel)
 * with its tag, the state of each transaction, and checkpoints of the
 * tallies. SQLite in WAL mode; `durability = full` survives power loss
 * (synchronous=FULL), `normal` a crash of the process only.
 *
 * Tables, for reports and for analysts with sqlite3:
 *   event (id, store, lane, txn, line, op, t, arrival, code, qty, amount,
 *          class, basis, country, ocop, local, vn_brand, name, gtin, category)
 *          unique (store, lane, txn, line, op); t is the time counted (ms)
 *   txn   (store, lane, txn, state: open|ended|cancelled|idle, last)
 *   tally (store, win, span, rev, dim: total|category|lane, key, counters...)
 *   meta  (key, value): checkpoint (last event id in the tallies), span
 */
#ifndef HV_JOURNAL_H
#define HV_JOURNAL_H

#include <stdbool.h>
#include <sqlite3.h>
#include <stdint.h>

#include "checkout.h"
#include "tag.h"
#include "pending.h"
#include "place.h"
#include "tally.h"

/* One recorded event. */
typedef struct {
	int64_t id; /* journal order, from 1 */
	char store[HV_STORE_MAX + 1];
	int lane;
	char txn[HV_TXN_MAX + 1];
	int64_t line;               /* scan: its line; void: the line voided; else 0 */
	hv_op_t op;                 /* scan, void, end or cancel */
	int64_t t;                  /* the time it counts at, ms */
	int64_t arrival;            /* when the daemon received it, ms */
	char code[HV_CODE_MAX + 1]; /* scan: as scanned */
	int64_t qty;                /* scan */
	int64_t amount;             /* scan: line total, VND; end: the POS's total */
	hv_tag_t tag;               /* scan: the tag it got */
} hv_event_t;

typedef struct hv_journal hv_journal_t;

/* Open (creating) the journal at PATH; FULL selects synchronous=FULL.
 * Returns NULL with a message in ERR. */
hv_journal_t *hv_journal_open(const char *path, bool full, char *err, size_t errlen);
void hv_journal_destroy(hv_journal_t **self_p);

/* Open an existing journal.db (or district.db) at PATH for reading only,
 * beside a daemon that may be writing it: nothing is created, migrated or
 * written. Only the reading functions below may be used on it. */
hv_journal_t *hv_journal_open_readonly(const char *path, char *err, size_t errlen);

/* The SQLite handle, for modules that query the journal themselves
 * (reports). */
sqlite3 *hv_journal_handle(hv_journal_t *self);

/* The last error, for a person; whether it means the disk cannot be
 * written (full, read-only, I/O error) rather than a bug. */
const char *hv_journal_error(hv_journal_t *self);

/* Record that WHAT (an N_() message) failed on the journal's database, with
 * SQLite's words, for hv_journal_error (modules that read the journal's
 * tables through hv_journal_handle). Returns -1. */
int hv_journal_fail(hv_journal_t *self, const char *what);
bool hv_journal_unwritable(hv_journal_t *self);

/* Leave copying the log into the database mostly to another connection
 * (checkpointer.h): this one does it inside a commit only once the log
 * passes 10,000 pages (40 MB), instead of 1,000. Such a checkpoint is the
 * one that lets the log start over (the other connection's never catch up
 * with a writer that keeps committing), so the log stays bounded. */
void hv_journal_checkpoint_elsewhere(hv_journal_t *self);

/* Transactions: events go in between begin and commit. All return 0/-1. */
int hv_journal_begin(hv_journal_t *self);
/* Whether a transaction is open (begun, not yet committed or rolled back). */
bool hv_journal_in_transaction(hv_journal_t *self);
int hv_journal_commit(hv_journal_t *self);
void hv_journal_rollback(hv_journal_t *self);

/* The product rollup: scan S's line added to (SIGN +1) or taken out of
 * (-1) what its product sold in the hour of its time. Written in the same
 * transaction as the event that causes it. */
#define HV_PRODUCT_HOUR_MS (3600LL * 1000)
int hv_journal_product_add(hv_journal_t *self, const hv_event_t *s, int sign);

/* The event with E's key (store, lane, txn, line, op) into *OUT: 1 found,
 * 0 not, -1 error. */
int hv_journal_find(hv_journal_t *self, const hv_event_t *e, hv_event_t *out);

/* Record E (its id is set): 0; 1 when an event with its key (store,
 * lane, txn, line, op) is recorded already, and nothing is written; -1. */
int hv_journal_insert(hv_journal_t *self, hv_event_t *e);

/* The state of a transaction: 1 known (state in *STATE), 0 unknown, -1. */
int hv_journal_txn_state(
    hv_journal_t *self, const char *store, int lane, const char *txn, hv_txn_state_t *state);

/* Set a transaction's state and last-seen time (ms). 0 or -1. */
int hv_journal_txn_set(hv_journal_t *self, const char *store, int lane, const char *txn,
    hv_txn_state_t state, int64_t last);

/* Call FN for each scan of the transaction that is not voided, in line
 * order, among events with id below BEFORE_ID (0: all). 0, FN's non-zero
 * value, or -1. */
int hv_journal_txn_lines(hv_journal_t *self, const char *store, int lane, const char *txn,
    int64_t before_id, int (*fn)(const hv_event_t *e, void *arg), void *arg);

/* Call FN for each event with id > AFTER, in id order. */
int hv_journal_events_after(
    hv_journal_t *self, int64_t after, int (*fn)(const hv_event_t *e, void *arg), void *arg);

/* Mark open transactions last seen before BEFORE (ms) as idle (closed).
 * Returns how many, or -1. Runs in its own transaction. */
int hv_journal_close_idle(hv_journal_t *self, int64_t before);

/* Integer settings kept with the journal (checkpoint, span, seq): get
 * returns 1 found, 0 not there, -1 error; set returns 0 or -1. */
int hv_journal_meta_get(hv_journal_t *self, const char *key, int64_t *value);
int hv_journal_meta_set(hv_journal_t *self, const char *key, int64_t value);

/* Write window W into the tally table (replacing what it held). 0 or -1. */
int hv_journal_window_save(hv_journal_t *self, const hv_window_t *w);

/* Write every changed (dirty) window of T into the tally table. Call
 * inside a transaction; after its commit, hv_tally_mark_clean(T). 0 or -1. */
int hv_journal_save_changed(hv_journal_t *self, hv_tally_t *t);

/* The window of STORE starting at START held in T: from memory, else read
 * from the tally table into T, else a new empty one in T. NULL when out of
 * memory or on a database error. */
hv_window_t *hv_journal_window_hold(
    hv_journal_t *self, hv_tally_t *t, const char *store, int64_t start);

/* Read the window of STORE starting at START into *W (zeroed first; the
 * caller clears it): 1 found, 0 not, -1 error. */
int hv_journal_window_load(hv_journal_t *self, const char *store, int64_t start, hv_window_t *w);

/* Call FN for every checkpointed window starting in [SINCE, UNTIL), in
 * order of start then store, until it returns non-zero. The window is
 * borrowed for the call. Returns 0, FN's value, or -1. */
int hv_journal_windows_each(hv_journal_t *self, int64_t since, int64_t until,
    int (*fn)(const hv_window_t *w, void *arg), void *arg);

/* Call FN for every checkpointed row of dimension DIM ("total",
 * "category" or "lane") of the windows starting in [SINCE, UNTIL), in
 * order of start; KEY is the category or lane ("" for a total). For
 * readers that need one dimension of many windows (reports). Returns 0,
 * FN's non-zero value, or -1. */
int hv_journal_rows_each(hv_journal_t *self, int64_t since, int64_t until, const char *dim,
    int (*fn)(const char *store, int64_t start, const char *key, const hv_counters_t *c, void *arg),
    void *arg);

/* As hv_journal_rows_each, the rows of SQL: a query of (store, start, key,
 * the counters in hv_counter_name order) over ?1 SINCE, ?2 UNTIL and ?3
 * DIM (the day rows' reader, days.c). */
int hv_journal_rows_sql_each(hv_journal_t *self, const char *sql, int64_t since, int64_t until,
    const char *dim,
    int (*fn)(const char *store, int64_t start, const char *key, const hv_counters_t *c, void *arg),
    void *arg);

/* Number of stores with checkpointed windows. */
int hv_journal_store_count(hv_journal_t *self);

/* Lines and voids in STORE's checkpointed windows starting at SINCE or
 * later (its events, as counted), or -1 on an error. */
int64_t hv_journal_events_since(hv_journal_t *self, const char *store, int64_t since);

/* Bytes of the database file and its write-ahead log. */
int64_t hv_journal_size(hv_journal_t *self);

/* Where P's store is and what it is (an office keeps this for each store it
 * hears of; a store, its own). Replaces what was kept of that store. */
int hv_journal_place_set(hv_journal_t *self, const hv_place_t *p);

/* Call FN for every place kept until it returns non-zero; returns that, 0,
 * or -1. P is borrowed for the call. */
int hv_journal_places_each(hv_journal_t *self, int (*fn)(const hv_place_t *p, void *arg), void *arg);

/* The start of the newest checkpointed window, or -1 when there is none. */
int64_t hv_journal_newest_window(hv_journal_t *self);

/* Forget windows that started before WINDOWS_BEFORE, and events that
 * arrived (and closed transactions last seen) before EVENTS_BEFORE (ms).
 * Returns how many rows went, or -1. */
long hv_journal_forget(hv_journal_t *self, int64_t windows_before, int64_t events_before);

/* Empty the tally table (before rebuilding every tally from events). */
int hv_journal_tallies_drop(hv_journal_t *self);

#endif
