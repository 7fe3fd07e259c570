/*
 * hangviet.h -- libhangviet, the POS side of hangviet.
 *
 * Link it into the POS (pkg-config --cflags --libs hangviet) and call it for
 * every scanned line. Each call answers within the client's timeout (50 ms
 * by default) and never fails the checkout: when the store daemon does not
 * answer in time, or is down, the call returns HANGVIET_SPOOLED at once with
 * class "unknown", and the event is kept in a local spool file (fsynced, so
 * a POS crash loses nothing) and sent again, in order, during later calls
 * once the daemon answers. The daemon records every event once, however
 * often it is sent.
 *
 * Threads: a client may be used by one thread at a time. Open one client
 * per lane (and per thread); different clients are independent.
 *
 *   hangviet_options o = {.store = "bigc-tn-01", .lane = 3};
 *   hangviet_client *c = hangviet_open(&o, err, sizeof err);
 *   hangviet_reply r;
 *   hangviet_scan(c, "T1042", 1, "8936000100018", 1, 45000, NULL, &r);
 *   ... r.cls is "domestic", r.name the product ...
 *   hangviet_end(c, "T1042", 45000, &r);   ... r.receipt for the receipt ...
 *   hangviet_close(&c);
 */
#ifndef HANGVIET_H
#define HANGVIET_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

#define HANGVIET_DEFAULT_ENDPOINT   "tcp://127.0.0.1:5580"
#define HANGVIET_DEFAULT_TIMEOUT_MS 50
#define HANGVIET_NO_AMOUNT          (-9223372036854775807LL - 1) /* send no amount */

/* What a call did. */
typedef enum {
	HANGVIET_OK = 0,        /* answered (and, for an event, recorded) */
	HANGVIET_SPOOLED = 1,   /* no answer in time: class "unknown"; the event is
	                             spooled and will be sent again */
	HANGVIET_NO_ANSWER = 2, /* no answer to a lookup, or an event that could not even
	                             be spooled (spool full or unwritable): it is lost */
	HANGVIET_REFUSED = 3,   /* the daemon refused it; reply.err and reply.msg say why
	                             (conflict, closed_txn, unknown_line, ...) */
	HANGVIET_EINVAL = -1    /* a wrong argument (NULL, txn too long, lane out of range) */
} hangviet_status;

/* What the daemon answered. Fields a reply does not carry are zero/empty. */
typedef struct {
	char cls[12];       /* "domestic", "imported" or "unknown" */
	char country[3];    /* ISO 3166-1 alpha-2 or "" */
	char basis[8];      /* "catalog", "store", "prefix" or "none" */
	int ocop;           /* OCOP stars, 0 or 3-5 */
	int local;          /* made in the store's province */
	int vn_brand;       /* a Vietnamese brand */
	int dup;            /* the event had been recorded before */
	char name[256];     /* product name */
	char gtin[15];      /* normalised GTIN */
	long long items[3]; /* end: items by class: domestic, imported, unknown */
	long long value[3]; /* end: value in VND by class */
	char receipt[128]; /* end: a line to print, e.g. "Hàng Việt: 12/20 món, 65% giá trị" */
	char err[16];      /* HANGVIET_REFUSED: the error code */
	char msg[256];     /* HANGVIET_REFUSED: a sentence for a person */
} hangviet_reply;

/* How to open a client. Zero means the default. */
typedef struct {
	const char *endpoint;      /* the daemon's ingest endpoint (HANGVIET_DEFAULT_ENDPOINT) */
	const char *store;         /* the store id (required) */
	int lane;                  /* this lane, 1-9999 (required) */
	int timeout_ms;            /* longest a call takes (HANGVIET_DEFAULT_TIMEOUT_MS) */
	const char *spool_path;    /* the spool file (default: $HANGVIET_SPOOL_DIR, else
	                           $XDG_STATE_HOME/hangviet, else ~/.local/state/hangviet,
	                           file spool-STORE-LANE) */
	long long spool_max_bytes; /* the spool's cap (64 MiB) */
	void (*log)(void *arg, const char *line); /* where messages go (stderr) */
	void *log_arg;
	/* CurveZMQ, for a daemon whose ingest is on the network: the daemon's
	 * public key file (its NAME.pub), and this lane's secret key file
	 * (NAME.key from `hangviet keygen`; the daemon's allow_dir holds its
	 * NAME.pub). NULL: plaintext, which hangviet_open refuses for an
	 * endpoint off this machine unless INSECURE is set. */
	const char *server_public_key;
	const char *client_key;
	int insecure;
} hangviet_options;

typedef struct hangviet_client hangviet_client;

/* Open a client. Returns NULL with a message in ERR (ERRLEN bytes) when the
 * options are wrong or the spool cannot be opened. It does not wait for the
 * daemon: a daemon that is down is not an error. */
hangviet_client *hangviet_open(const hangviet_options *opt, char *err, size_t errlen);

/* Close the client and set *C to NULL (accepts NULL). Spooled events stay in
 * the spool for the next client of the same lane. */
void hangviet_close(hangviet_client **c);

/* Record line LINE (1, 2, ...) of transaction TXN: CODE as scanned, QTY
 * items (negative for a return), AMOUNT the line total in VND (negative for
 * a return) or HANGVIET_NO_AMOUNT; SYM the symbology ("ean13", "upce", ...)
 * or NULL. The tag comes back in *REPLY (may be NULL). */
hangviet_status hangviet_scan(hangviet_client *c, const char *txn, int line, const char *code,
    int qty, long long amount, const char *sym, hangviet_reply *reply);

/* Take line LINE of TXN back out. */
hangviet_status hangviet_void(hangviet_client *c, const char *txn, int line, hangviet_reply *reply);

/* End TXN (TOTAL: the POS's basket total in VND, or HANGVIET_NO_AMOUNT):
 * the basket by class and the receipt line come back in *REPLY. When the
 * answer is late the receipt line is empty. */
hangviet_status hangviet_end(
    hangviet_client *c, const char *txn, long long total, hangviet_reply *reply);

/* Cancel TXN: none of its lines count. Also after its end (a sale
 * annulled afterwards): then it no longer counts as a transaction either. */
hangviet_status hangviet_cancel(hangviet_client *c, const char *txn, hangviet_reply *reply);

/* Every sold line counts: a code that is not a GTIN (a store's own code, a
 * mistyped number) is recorded and answered HANGVIET_OK, class "unknown"
 * unless the catalog has the code, with an empty reply.gtin. Why it is no
 * GTIN is the note of that reply: this returns the note of the last scan
 * or lookup answered on C ("" for a GTIN, or when there was no answer).
 * Valid until the next call on C. */
const char *hangviet_note(const hangviet_client *c);

/* Tag CODE without recording anything (a price checker). */
hangviet_status hangviet_lookup(
    hangviet_client *c, const char *code, const char *sym, hangviet_reply *reply);

/* Give the events that follow the time they happened (Unix ms), for a POS
 * that sends them after the fact (a POSLog file, a replayed journal); 0
 * goes back to "now". The daemon believes times up to 7 days old. */
void hangviet_set_event_time(hangviet_client *c, long long unix_ms);

/* Send spooled events for at most TIMEOUT_MS. Returns how many are still
 * spooled (0: all recorded), or -1 on a spool error. */
long hangviet_flush(hangviet_client *c, int timeout_ms);

/* How many events wait in the spool. */
long hangviet_spooled(const hangviet_client *c);

/* The library's version, "0.1.0". */
const char *hangviet_version(void);

#ifdef __cplusplus
}
#endif

#endif
