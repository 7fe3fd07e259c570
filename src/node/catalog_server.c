/*
 * catalog_server.c -- the catalog op, a slice per turn (catalog_server.h).
 */
#include "catalog_server.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "catalog.h"
#include "catalog_wire.h"
#include "i18n.h"
#include "log.h"
#include "wire.h"

#define WAITING_MAX   64     /* requests queued; more are told to ask again */
#define SLICE_ROWS    20000  /* rows sent in one turn of the loop */
#define IDENTITY_MAX  256

/* One request: whom to answer, from which version. */
typedef struct {
	unsigned char identity[IDENTITY_MAX];
	size_t len;
	int64_t since;
} request_t;

struct hv_catalog_server {
	hv_node_t *node;         /* borrowed */
	void *sock;              /* the node's sync ROUTER, borrowed */
	char path[4200];
	hv_catalog_t *catalog;   /* opened at the first request that finds the file */
	request_t waiting[WAITING_MAX];
	int head, count;         /* a ring of requests; waiting[head] is being answered */
	bool reading;            /* waiting[head]'s snapshot is open */
	int64_t version;         /* the version being answered */
	bool full;
	int64_t rows;            /* rows sent in this answer */
	hv_product_t batch[HV_CATALOG_ROWS_MAX];
	bool deleted[HV_CATALOG_ROWS_MAX];
	msgpack_sbuffer sb;
	int timer;
};

/* Send the packed body to request R. */
static void
s_send(hv_catalog_server_t *self, const request_t *r)
{
	zmq_send(self->sock, r->identity, r->len, ZMQ_SNDMORE);
	zmq_send(self->sock, "", 0, ZMQ_SNDMORE);
	zmq_send(self->sock, self->sb.data, self->sb.size, 0);
}

/* Start packing a body into the server's buffer. */
static msgpack_packer
s_body(hv_catalog_server_t *self)
{
	msgpack_packer pk;
	msgpack_sbuffer_clear(&self->sb);
	msgpack_packer_init(&pk, &self->sb, msgpack_sbuffer_write);
	return pk;
}

static void
s_send_error(hv_catalog_server_t *self, const request_t *r, const char *msg)
{
	msgpack_packer pk = s_body(self);
	msgpack_pack_map(&pk, 2);
	hv_wire_kv_str(&pk, "op", "error");
	hv_wire_kv_str(&pk, "msg", msg);
	s_send(self, r);
}

/* Send N rows of the batch as one catalog_rows message. */
static void
s_send_rows(hv_catalog_server_t *self, const request_t *r, int n)
{
	msgpack_packer pk = s_body(self);
	msgpack_pack_map(&pk, 4);
	hv_wire_kv_str(&pk, "op", "catalog_rows");
	hv_wire_kv_int(&pk, "version", self->version);
	hv_wire_kv_bool(&pk, "full", self->full);
	hv_wire_pack_str(&pk, "rows");
	msgpack_pack_array(&pk, (size_t)n);
	for (int i = 0; i < n; i++)
		hv_catalog_pack_row(&pk, &self->batch[i], self->deleted[i]);
	s_send(self, r);
	self->rows += n;
}

static void
s_send_done(hv_catalog_server_t *self, const request_t *r)
{
	msgpack_packer pk = s_body(self);
	msgpack_pack_map(&pk, 4);
	hv_wire_kv_str(&pk, "op", "done");
	hv_wire_kv_int(&pk, "version", self->version);
	hv_wire_kv_bool(&pk, "full", self->full);
	hv_wire_kv_int(&pk, "rows", self->rows);
	s_send(self, r);
}

/* The catalog, opened when its file exists; NULL when it does not (or
 * cannot be opened: logged). */
static hv_catalog_t *
s_catalog(hv_catalog_server_t *self)
{
	char err[600];

	if (self->catalog == NULL && access(self->path, F_OK) == 0 &&
	    (self->catalog = hv_catalog_open(self->path, true, err, sizeof err)) == NULL)
		hv_error("%s", err);
	return self->catalog;
}

/* The request answered: the next one's turn. */
static void
s_next(hv_catalog_server_t *self)
{
	if (self->reading)
		hv_catalog_changes_end(self->catalog);
	self->reading = false;
	self->head = (self->head + 1) % WAITING_MAX;
	self->count--;
}

/* Begin answering the request at the head; false when it was answered
 * with an error at once. */
static bool
s_begin(hv_catalog_server_t *self, const request_t *r)
{
	if (s_catalog(self) == NULL) {
		s_send_error(self, r, "this node holds no catalog");
		return false;
	}
	if (hv_catalog_changes_begin(self->catalog, r->since, &self->version, &self->full) < 0) {
		hv_error(_("catalog: %s"), hv_catalog_error(self->catalog));
		s_send_error(self, r, "the catalog cannot be read now; ask again later");
		return false;
	}
	self->reading = true;
	self->rows = 0;
	return true;
}

/* One turn: up to SLICE_ROWS rows of the request at the head; its `done`
 * when they are all sent. */
static void
s_on_turn(void *arg, int64_t now)
{
	hv_catalog_server_t *self = arg;
	(void)now;

	if (self->count == 0)
		return;
	request_t *r = &self->waiting[self->head];
	if (!self->reading && !s_begin(self, r)) {
		s_next(self);
		hv_node_timer_soon(self->node, self->timer);
		return;
	}
	int n = 0, rc = 1;
	for (int sent = 0; sent < SLICE_ROWS && rc == 1; sent++) {
		rc = hv_catalog_changes_next(self->catalog, &self->batch[n], &self->deleted[n]);
		if (rc == 1 && ++n == HV_CATALOG_ROWS_MAX) {
			s_send_rows(self, r, n);
			n = 0;
		}
	}
	if (n > 0)
		s_send_rows(self, r, n);
	if (rc < 0) {
		hv_error(_("catalog: %s"), hv_catalog_error(self->catalog));
		s_send_error(self, r, "the catalog could not be read to the end; ask again later");
		s_next(self);
	} else if (rc == 0) {
		s_send_done(self, r);
		hv_debug("catalog: version %lld, %lld rows%s", (long long)self->version,
		    (long long)self->rows, self->full ? " (whole)" : "");
		s_next(self);
	}
	if (self->count > 0)
		hv_node_timer_soon(self->node, self->timer);
}

hv_catalog_server_t *
hv_catalog_server_new(hv_node_t *node, const char *path)
{
	hv_catalog_server_t *self = calloc(1, sizeof *self);
	if (self == NULL)
		return NULL;
	self->node = node;
	self->sock = hv_node_sync_socket(node);
	snprintf(self->path, sizeof self->path, "%s", path);
	msgpack_sbuffer_init(&self->sb);
	/* A long interval: the timer runs when a request makes it due. */
	if ((self->timer = hv_node_timer(node, 3600 * 1000, s_on_turn, self)) < 0) {
		hv_catalog_server_destroy(&self);
		return NULL;
	}
	return self;
}

void
hv_catalog_server_destroy(hv_catalog_server_t **self_p)
{
	hv_catalog_server_t *self = *self_p;
	if (self == NULL)
		return;
	hv_catalog_destroy(&self->catalog); /* ends a snapshot still open */
	msgpack_sbuffer_destroy(&self->sb);
	free(self);
	*self_p = NULL;
}

int
hv_catalog_server_ask(hv_catalog_server_t *self, const void *identity, size_t len, int64_t since)
{
	if (self->count == WAITING_MAX || len > IDENTITY_MAX)
		return -1;
	request_t *r = &self->waiting[(self->head + self->count) % WAITING_MAX];
	memcpy(r->identity, identity, len);
	r->len = len;
	r->since = since;
	self->count++;
	hv_node_timer_soon(self->node, self->timer);
	return 0;
}

int64_t
hv_catalog_server_version(hv_catalog_server_t *self)
{
	hv_catalog_t *cat = s_catalog(self);
	return cat != NULL ? hv_catalog_meta(cat, HV_CATALOG_VERSION) : 0;
}
