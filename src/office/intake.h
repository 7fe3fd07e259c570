/*
 * intake.h -- the product hours an office has heard but not yet kept: a
 * first-in first-out queue of message bodies, each with the upstream it
 * came from. Tallies are counted the moment they arrive; a products
 * message (a store's whole hour, hundreds of rows) waits here and is kept
 * a slice of time at a time, so that the hour's end, when every store sends
 * its closed hour at once, never holds the region total back. Hours are
 * kept by highest revision, so the order they are kept in changes nothing.
 */
#ifndef HV_INTAKE_H
#define HV_INTAKE_H

#include <stddef.h>
#include <stdint.h>

typedef struct hv_intake hv_intake_t;

/* An empty queue holding at most MAX_BYTES of bodies. NULL when out of
 * memory. */
hv_intake_t *hv_intake_new(size_t max_bytes);
void hv_intake_destroy(hv_intake_t **self_p);

/* Queue a copy of BODY (LEN bytes) from the upstream FROM. 0; -1 when the
 * queue is full or memory is out (the caller keeps it at once instead). */
int hv_intake_push(hv_intake_t *self, int from, const void *body, size_t len);

/* The oldest body, its length and upstream, or NULL when none waits. It
 * stays first until hv_intake_pop. */
const void *hv_intake_peek(const hv_intake_t *self, size_t *len, int *from);
void hv_intake_pop(hv_intake_t *self);

/* Bodies waiting, and their bytes. */
size_t hv_intake_count(const hv_intake_t *self);
size_t hv_intake_bytes(const hv_intake_t *self);

#endif
