/*
 * spool.h -- the POS side's append-only file of events the daemon has not
 * acknowledged yet. Each record is written and fsynced before the call that
 * made it returns, so a crash of the POS loses nothing already spooled. A
 * record torn by a crash mid-write is found at open and cut off.
 *
 * Record: "HV", body length (u32 LE), FNV-1a checksum of the body (u32 LE),
 * body (one msgpack request). Beside it, FILE.pos holds the offset of the
 * oldest record not yet acknowledged.
 */
#ifndef HV_SPOOL_H
#define HV_SPOOL_H

#include <stddef.h>
#include <stdint.h>

typedef struct hv_spool hv_spool_t;

/* One record read back. */
typedef struct {
	int64_t offset;   /* where it starts */
	int64_t next;     /* where the next one starts */
	const void *body; /* borrowed until the next read */
	size_t len;
} hv_spool_rec_t;

/* Open (creating) the spool at PATH, holding at most MAX_BYTES. Returns
 * NULL with a message in ERR. */
hv_spool_t *hv_spool_open(const char *path, int64_t max_bytes, char *err, size_t errlen);
void hv_spool_close(hv_spool_t **self_p);

/* Append BODY durably. Returns the record's offset, -1 on an I/O error
 * (errno set), or -2 when the spool is full. */
int64_t hv_spool_append(hv_spool_t *self, const void *body, size_t len);

/* hv_spool_append for many records at once: each is written at once but
 * durable only after the next hv_spool_sync (0, or -1 with errno). A crash
 * before it may lose them, never the records before them. */
int64_t hv_spool_append_unsynced(hv_spool_t *self, const void *body, size_t len);
int hv_spool_sync(hv_spool_t *self);

/* The offset of the oldest record not acknowledged; hv_spool_end when
 * there is none. */
int64_t hv_spool_head(const hv_spool_t *self);
int64_t hv_spool_end(const hv_spool_t *self);

/* Records not acknowledged. */
long hv_spool_pending(const hv_spool_t *self);

/* Read the record at OFFSET into *REC. Returns 1, 0 at the end, -1 on an
 * error. */
int hv_spool_read(hv_spool_t *self, int64_t offset, hv_spool_rec_t *rec);

/* Acknowledge every record before NEXT (an offset returned as rec.next),
 * N of them. When nothing is left the file is emptied. 0 or -1. */
int hv_spool_ack(hv_spool_t *self, int64_t next, long n);

#endif
