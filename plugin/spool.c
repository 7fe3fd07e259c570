/*
 * spool.c -- append-only, fsynced records with a persisted read position.
 */
#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER  10            /* "HV" + length + checksum */
#define MAX_REC (1024 * 1024) /* a larger claimed length is corruption */

struct hv_spool {
	int fd;             /* the spool file */
	int pos_fd;         /* FILE.pos */
	int64_t head;       /* oldest unacknowledged record */
	int64_t end;        /* file size */
	int64_t max_bytes;  /* the cap */
	long pending;       /* records from head to end */
	unsigned char *buf; /* the last record read */
	size_t cap;
};

static uint32_t
s_checksum(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static uint32_t
s_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void
s_put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

int
hv_spool_read(hv_spool_t *self, int64_t offset, hv_spool_rec_t *rec)
{
	unsigned char h[HEADER];
	uint32_t len;

	if (offset >= self->end)
		return 0;
	if (pread(self->fd, h, HEADER, offset) != HEADER || h[0] != 'H' || h[1] != 'V')
		return -1;
	len = s_le32(h + 2);
	if (len == 0 || len > MAX_REC || offset + HEADER + (int64_t)len > self->end)
		return -1;
	if (len > self->cap) {
		unsigned char *b = realloc(self->buf, len);
		if (b == NULL)
			return -1;
		self->buf = b;
		self->cap = len;
	}
	if (pread(self->fd, self->buf, len, offset + HEADER) != (ssize_t)len ||
	    s_checksum(self->buf, len) != s_le32(h + 6))
		return -1;
	rec->offset = offset;
	rec->next = offset + HEADER + len;
	rec->body = self->buf;
	rec->len = len;
	return 1;
}

/* Persist the head offset. */
static int
s_save_head(hv_spool_t *self)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)self->head >> (8 * i));
	if (pwrite(self->pos_fd, b, 8, 0) != 8 || fdatasync(self->pos_fd) < 0)
		return -1;
	return 0;
}

/* Read the head offset and count the valid records after it; cut a torn
 * tail off. */
static int
s_recover(hv_spool_t *self)
{
	unsigned char b[8];
	struct stat st;
	hv_spool_rec_t rec;
	int64_t at;
	int rc;

	if (fstat(self->fd, &st) < 0)
		return -1;
	self->end = st.st_size;
	self->head = 0;
	if (pread(self->pos_fd, b, 8, 0) == 8)
		for (int i = 7; i >= 0; i--)
			self->head = (self->head << 8) | b[i];
	if (self->head < 0 || self->head > self->end)
		self->head = 0;
	for (at = self->head; (rc = hv_spool_read(self, at, &rec)) == 1; at = rec.next)
		self->pending++;
	if (rc < 0) {
		/* A record cut short by a crash: everything before it stands. */
		if (ftruncate(self->fd, at) < 0)
			return -1;
		self->end = at;
	}
	return 0;
}

hv_spool_t *
hv_spool_open(const char *path, int64_t max_bytes, char *err, size_t errlen)
{
	char pos[4200];
	hv_spool_t *self = calloc(1, sizeof *self);

	if (self == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	self->max_bytes = max_bytes;
	snprintf(pos, sizeof pos, "%s.pos", path);
	self->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	self->pos_fd = self->fd < 0 ? -1 : open(pos, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (self->fd < 0 || self->pos_fd < 0 || s_recover(self) < 0) {
		snprintf(err, errlen, "spool %s: %s", path, strerror(errno));
		hv_spool_close(&self);
		return NULL;
	}
	return self;
}

void
hv_spool_close(hv_spool_t **self_p)
{
	hv_spool_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	if (self->fd >= 0)
		close(self->fd);
	if (self->pos_fd >= 0)
		close(self->pos_fd);
	free(self->buf);
	free(self);
	*self_p = NULL;
}

int64_t
hv_spool_append_unsynced(hv_spool_t *self, const void *body, size_t len)
{
	unsigned char h[HEADER] = {'H', 'V'};
	int64_t at = self->end;

	if (len == 0 || len > MAX_REC)
		return -1;
	if (self->end + HEADER + (int64_t)len > self->max_bytes)
		return -2;
	s_put_le32(h + 2, (uint32_t)len);
	s_put_le32(h + 6, s_checksum(body, len));
	unsigned char *rec = malloc(HEADER + len);
	if (rec == NULL)
		return -1;
	memcpy(rec, h, HEADER);
	memcpy(rec + HEADER, body, len);
	ssize_t w = write(self->fd, rec, HEADER + len);
	free(rec);
	if (w != (ssize_t)(HEADER + len)) {
		/* Cut off whatever part was written: the spool stays readable. */
		if (w > 0 && ftruncate(self->fd, at) < 0)
			return -1;
		if (w >= 0)
			errno = ENOSPC;
		return -1;
	}
	self->end += HEADER + (int64_t)len;
	self->pending++;
	return at;
}

int
hv_spool_sync(hv_spool_t *self)
{
	return fdatasync(self->fd);
}

int64_t
hv_spool_append(hv_spool_t *self, const void *body, size_t len)
{
	int64_t at = hv_spool_append_unsynced(self, body, len);
	return at >= 0 && hv_spool_sync(self) < 0 ? -1 : at;
}

int64_t
hv_spool_head(const hv_spool_t *self)
{
	return self->head;
}

int64_t
hv_spool_end(const hv_spool_t *self)
{
	return self->end;
}

long
hv_spool_pending(const hv_spool_t *self)
{
	return self->pending;
}

int
hv_spool_ack(hv_spool_t *self, int64_t next, long n)
{
	self->head = next;
	self->pending -= n;
	if (self->head >= self->end) {
		/* All sent: start the file afresh. Truncate first, so a crash in
		 * between leaves an empty spool and a position past its end (read
		 * as 0 at the next open). */
		if (ftruncate(self->fd, 0) < 0)
			return -1;
		self->head = self->end = 0;
		self->pending = 0;
	}
	return s_save_head(self);
}
