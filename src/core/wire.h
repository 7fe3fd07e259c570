/*
 * wire.h -- MessagePack on the wire, safely: every body is checked by a
 * bounded walk before msgpack-c unpacks it, so a peer's claimed lengths
 * never drive an allocation (msgpack-c has no limits of its own: the five
 * bytes dd ff 00 00 00 claim an array of 4 billion elements).
 */
#ifndef HV_WIRE_H
#define HV_WIRE_H

#include <msgpack.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HV_WIRE_MAX_DEPTH   8    /* deepest nesting accepted */
#define HV_WIRE_MAX_OBJECTS 4096 /* objects any body may hold, */
#define HV_WIRE_BYTES_PER_OBJECT 4 /* and one more for every so many of its bytes */

/* The most objects a body of LEN bytes may hold: enough for any message
 * of ours (a product hour's row is some 15 objects in 110 bytes), few
 * enough that unpacking it takes a bounded multiple of its size in memory
 * (msgpack-c spends some 24 bytes on each object). */
size_t hv_wire_max_objects(size_t len);

/* Whether the LEN bytes at BUF are exactly one MessagePack object whose
 * every claimed length fits inside BUF, nested at most MAX_DEPTH deep.
 * Returns 0, or -1 with *WHY saying what is wrong. */
int hv_wire_check(const void *buf, size_t len, int max_depth, const char **why);

/* Check BUF and unpack it into *OUT, which must hold a map whose keys are
 * all strings. Returns 0 (destroy OUT with msgpack_unpacked_destroy), or -1
 * with *WHY set and nothing to destroy. */
int hv_wire_unpack_map(const void *buf, size_t len, msgpack_unpacked *out, const char **why);

/* The value under KEY in the map MAP, or NULL when absent. */
const msgpack_object *hv_wire_get(const msgpack_object *map, const char *key);

/* Read KEY as an integer (positive or negative msgpack int). Returns 1 and
 * sets *V when present, 0 when absent (or nil), -1 when of another type or
 * out of the int64 range. */
int hv_wire_get_int(const msgpack_object *map, const char *key, int64_t *v);

/* Read KEY as a string into BUF (NUL-terminated). Returns 1 when present,
 * 0 when absent (or nil), -1 when not a string, longer than SIZE-1 bytes or
 * holding a NUL. */
int hv_wire_get_str(const msgpack_object *map, const char *key, char *buf, size_t size);

/* Read KEY as a boolean. Returns 1/0/-1 as hv_wire_get_int. */
int hv_wire_get_bool(const msgpack_object *map, const char *key, bool *v);

/* Writing: a string, and key/value pairs of a map being packed. */
void hv_wire_pack_str(msgpack_packer *pk, const char *s);
void hv_wire_kv_str(msgpack_packer *pk, const char *key, const char *value);
void hv_wire_kv_int(msgpack_packer *pk, const char *key, int64_t value);
void hv_wire_kv_bool(msgpack_packer *pk, const char *key, bool value);

#endif
