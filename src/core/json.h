/*
 * json.h -- writing JSON for machines (lookup --format json, reports).
 */
#ifndef HV_JSON_H
#define HV_JSON_H

#include <msgpack.h>
#include <stdio.h>

/* Write S to OUT as a JSON string, quotes included: UTF-8 passes through,
 * quote, backslash and control characters are escaped. NULL writes null. */
void hv_json_string(FILE *out, const char *s);

/* Write the MessagePack object O as JSON: maps with string keys as
 * objects (other keys as their JSON text), binary as base64-less strings of
 * its bytes escaped, extension types as null. */
void hv_json_msgpack(FILE *out, const msgpack_object *o);

#endif
