/*
 * testmsg.h -- reading MessagePack bodies in the unit tests with msgpack-c
 * alone, so what a test expects never comes from the wire.c it checks.
 * Header-only, like testutil.h.
 */
#ifndef HV_TESTMSG_H
#define HV_TESTMSG_H

#include <msgpack.h>
#include <stdint.h>
#include <string.h>

/* The value under KEY in the map M, or NULL. */
static inline const msgpack_object *
hv_test_get(const msgpack_object *m, const char *key)
{
	if (m == NULL || m->type != MSGPACK_OBJECT_MAP)
		return NULL;
	for (uint32_t i = 0; i < m->via.map.size; i++) {
		const msgpack_object *k = &m->via.map.ptr[i].key;
		if (k->type == MSGPACK_OBJECT_STR && k->via.str.size == strlen(key) &&
		    memcmp(k->via.str.ptr, key, k->via.str.size) == 0)
			return &m->via.map.ptr[i].val;
	}
	return NULL;
}

/* The integer under KEY (INT64_MIN when missing or not an integer). */
static inline int64_t
hv_test_int(const msgpack_object *m, const char *key)
{
	const msgpack_object *v = hv_test_get(m, key);
	if (v != NULL && v->type == MSGPACK_OBJECT_POSITIVE_INTEGER)
		return (int64_t)v->via.u64;
	if (v != NULL && v->type == MSGPACK_OBJECT_NEGATIVE_INTEGER)
		return v->via.i64;
	return INT64_MIN;
}

/* Whether the string under KEY is S. */
static inline int
hv_test_str_is(const msgpack_object *m, const char *key, const char *s)
{
	const msgpack_object *v = hv_test_get(m, key);
	return v != NULL && v->type == MSGPACK_OBJECT_STR && v->via.str.size == strlen(s) &&
	       memcmp(v->via.str.ptr, s, v->via.str.size) == 0;
}

/* The boolean under KEY (-1 when missing). */
static inline int
hv_test_bool(const msgpack_object *m, const char *key)
{
	const msgpack_object *v = hv_test_get(m, key);
	return v != NULL && v->type == MSGPACK_OBJECT_BOOLEAN ? v->via.boolean : -1;
}

#endif
