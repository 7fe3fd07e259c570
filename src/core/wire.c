/*
 * wire.c -- bounded MessagePack checking, lookups in decoded maps, and
 * small packing helpers.
 */
#include "wire.h"

#include <string.h>

#include "i18n.h"

/* The walk's state: where it is and how much it may still do. */
typedef struct {
	const uint8_t *p;   /* next byte */
	const uint8_t *end; /* one past the last byte */
	size_t objects;     /* objects seen so far */
	size_t max_objects; /* and the most allowed (hv_wire_max_objects) */
	const char *why;    /* set on failure */
} walk_t;

static int
s_bad(walk_t *w, const char *why)
{
	w->why = why;
	return -1;
}

/* Read an N-byte big-endian length at w->p. */
static int
s_len(walk_t *w, int n, uint64_t *len)
{
	if (w->end - w->p < n)
		return s_bad(w, N_("the message ends inside a length"));
	*len = 0;
	for (int i = 0; i < n; i++)
		*len = (*len << 8) | *w->p++;
	return 0;
}

/* Skip N payload bytes. */
static int
s_skip(walk_t *w, uint64_t n)
{
	if ((uint64_t)(w->end - w->p) < n)
		return s_bad(w, N_("a string or value is longer than the message"));
	w->p += n;
	return 0;
}

static int s_object(walk_t *w, int depth);

/* Walk COUNT objects (an array's elements or a map's keys and values).
 * Each takes at least one byte, so a count beyond the bytes left is a lie. */
static int
s_objects(walk_t *w, uint64_t count, int depth)
{
	if (count > (uint64_t)(w->end - w->p))
		return s_bad(w, N_("an array or map claims more elements than the message holds"));
	for (uint64_t i = 0; i < count; i++)
		if (s_object(w, depth) < 0)
			return -1;
	return 0;
}

static int
s_object(walk_t *w, int depth)
{
	uint64_t n;
	uint8_t b;

	if (depth < 0)
		return s_bad(w, N_("the message is nested too deeply"));
	if (++w->objects > w->max_objects)
		return s_bad(w, N_("the message holds too many values"));
	if (w->p >= w->end)
		return s_bad(w, N_("the message ends early"));
	b = *w->p++;
	if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3)
		return 0; /* fixint, nil, bool */
	if (b >= 0x80 && b <= 0x8f)
		return s_objects(w, 2u * (b & 0x0f), depth - 1);
	if (b >= 0x90 && b <= 0x9f)
		return s_objects(w, b & 0x0f, depth - 1);
	if (b >= 0xa0 && b <= 0xbf)
		return s_skip(w, b & 0x1f);
	switch (b) {
	case 0xc4:
	case 0xd9: return s_len(w, 1, &n) < 0 ? -1 : s_skip(w, n); /* bin8, str8 */
	case 0xc5:
	case 0xda: return s_len(w, 2, &n) < 0 ? -1 : s_skip(w, n); /* 16 */
	case 0xc6:
	case 0xdb: return s_len(w, 4, &n) < 0 ? -1 : s_skip(w, n);     /* 32 */
	case 0xc7: return s_len(w, 1, &n) < 0 ? -1 : s_skip(w, n + 1); /* ext8 */
	case 0xc8: return s_len(w, 2, &n) < 0 ? -1 : s_skip(w, n + 1); /* ext16 */
	case 0xc9: return s_len(w, 4, &n) < 0 ? -1 : s_skip(w, n + 1); /* ext32 */
	case 0xca: return s_skip(w, 4);                                /* float32 */
	case 0xcb: return s_skip(w, 8);                                /* float64 */
	case 0xcc:
	case 0xd0: return s_skip(w, 1); /* (u)int8 */
	case 0xcd:
	case 0xd1: return s_skip(w, 2);
	case 0xce:
	case 0xd2: return s_skip(w, 4);
	case 0xcf:
	case 0xd3: return s_skip(w, 8);
	case 0xd4: return s_skip(w, 2); /* fixext */
	case 0xd5: return s_skip(w, 3);
	case 0xd6: return s_skip(w, 5);
	case 0xd7: return s_skip(w, 9);
	case 0xd8: return s_skip(w, 17);
	case 0xdc: return s_len(w, 2, &n) < 0 ? -1 : s_objects(w, n, depth - 1);     /* array16 */
	case 0xdd: return s_len(w, 4, &n) < 0 ? -1 : s_objects(w, n, depth - 1);     /* array32 */
	case 0xde: return s_len(w, 2, &n) < 0 ? -1 : s_objects(w, 2 * n, depth - 1); /* map16 */
	case 0xdf: return s_len(w, 4, &n) < 0 ? -1 : s_objects(w, 2 * n, depth - 1); /* map32 */
	default: return s_bad(w, N_("the message holds a byte that is not MessagePack")); /* 0xc1 */
	}
}

size_t
hv_wire_max_objects(size_t len)
{
	return HV_WIRE_MAX_OBJECTS + len / HV_WIRE_BYTES_PER_OBJECT;
}

int
hv_wire_check(const void *buf, size_t len, int max_depth, const char **why)
{
	walk_t w = {buf, (const uint8_t *)buf + len, 0, hv_wire_max_objects(len), NULL};

	if (s_object(&w, max_depth) < 0) {
		*why = w.why;
		return -1;
	}
	if (w.p != w.end) {
		*why = N_("the message has bytes after its end");
		return -1;
	}
	return 0;
}

int
hv_wire_unpack_map(const void *buf, size_t len, msgpack_unpacked *out, const char **why)
{
	size_t off = 0;

	if (len == 0) {
		*why = N_("the message is empty");
		return -1;
	}
	if (hv_wire_check(buf, len, HV_WIRE_MAX_DEPTH, why) < 0)
		return -1;
	msgpack_unpacked_init(out);
	if (msgpack_unpack_next(out, buf, len, &off) != MSGPACK_UNPACK_SUCCESS) {
		msgpack_unpacked_destroy(out);
		*why = N_("the message is not MessagePack");
		return -1;
	}
	if (out->data.type != MSGPACK_OBJECT_MAP) {
		msgpack_unpacked_destroy(out);
		*why = N_("the message is not a map");
		return -1;
	}
	for (uint32_t i = 0; i < out->data.via.map.size; i++) {
		if (out->data.via.map.ptr[i].key.type != MSGPACK_OBJECT_STR) {
			msgpack_unpacked_destroy(out);
			*why = N_("the message's map has a key that is not a string");
			return -1;
		}
	}
	return 0;
}

const msgpack_object *
hv_wire_get(const msgpack_object *map, const char *key)
{
	size_t n = strlen(key);

	for (uint32_t i = 0; i < map->via.map.size; i++) {
		const msgpack_object_kv *kv = &map->via.map.ptr[i];
		if (kv->key.type == MSGPACK_OBJECT_STR && kv->key.via.str.size == n &&
		    memcmp(kv->key.via.str.ptr, key, n) == 0)
			return kv->val.type == MSGPACK_OBJECT_NIL ? NULL : &kv->val;
	}
	return NULL;
}

int
hv_wire_get_int(const msgpack_object *map, const char *key, int64_t *v)
{
	const msgpack_object *o = hv_wire_get(map, key);

	if (o == NULL)
		return 0;
	if (o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER) {
		*v = o->via.i64;
		return 1;
	}
	if (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER && o->via.u64 <= INT64_MAX) {
		*v = (int64_t)o->via.u64;
		return 1;
	}
	return -1;
}

int
hv_wire_get_str(const msgpack_object *map, const char *key, char *buf, size_t size)
{
	const msgpack_object *o = hv_wire_get(map, key);

	if (o == NULL)
		return 0;
	if (o->type != MSGPACK_OBJECT_STR || o->via.str.size >= size ||
	    memchr(o->via.str.ptr, '\0', o->via.str.size) != NULL)
		return -1;
	memcpy(buf, o->via.str.ptr, o->via.str.size);
	buf[o->via.str.size] = '\0';
	return 1;
}

int
hv_wire_get_bool(const msgpack_object *map, const char *key, bool *v)
{
	const msgpack_object *o = hv_wire_get(map, key);

	if (o == NULL)
		return 0;
	if (o->type != MSGPACK_OBJECT_BOOLEAN)
		return -1;
	*v = o->via.boolean;
	return 1;
}

void
hv_wire_pack_str(msgpack_packer *pk, const char *s)
{
	size_t n = strlen(s);
	msgpack_pack_str(pk, n);
	msgpack_pack_str_body(pk, s, n);
}

void
hv_wire_kv_str(msgpack_packer *pk, const char *key, const char *value)
{
	hv_wire_pack_str(pk, key);
	hv_wire_pack_str(pk, value);
}

void
hv_wire_kv_int(msgpack_packer *pk, const char *key, int64_t value)
{
	hv_wire_pack_str(pk, key);
	msgpack_pack_int64(pk, value);
}

void
hv_wire_kv_bool(msgpack_packer *pk, const char *key, bool value)
{
	hv_wire_pack_str(pk, key);
	if (value)
		msgpack_pack_true(pk);
	else
		msgpack_pack_false(pk);
}
