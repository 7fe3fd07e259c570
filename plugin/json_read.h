/*
 * json_read.h -- the fields of a vendor's JSON (json-c), read the way the
 * connector needs them: absent, null and wrongly typed fields are told
 * apart from values, numbers may come as text, money is rounded to whole
 * đồng. Keys are matched exactly.
 */
#ifndef HV_JSON_READ_H
#define HV_JSON_READ_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse TEXT (LEN bytes) into a document, or NULL with ERR naming where
 * it broke. */
json_object *hv_json_parse(const char *text, size_t len, char *err, size_t errlen);

/* Member KEY of object O, or NULL when O is no object, or KEY is absent
 * or null. */
json_object *hv_json_get(json_object *o, const char *key);

/* Member KEY as text (a string, or a number written out) into BUF: true,
 * or false when absent, null or another type (BUF ""). */
bool hv_json_text(json_object *o, const char *key, char *buf, size_t size);

/* Member KEY as a number (a JSON number, or text that is one): true, or
 * false when absent, null or not a number. */
bool hv_json_number(json_object *o, const char *key, double *v);

/* Member KEY as an integer (an id, a status): true, or false as above or
 * when it has a fraction. */
bool hv_json_int(json_object *o, const char *key, int64_t *v);

/* Member KEY as an amount of money, rounded to the đồng: as above. */
bool hv_json_money(json_object *o, const char *key, int64_t *v);

/* Member KEY as an ISO 8601 time (date.h: local when it has no zone),
 * Unix ms into *MS: true, or false when absent or not a time. */
bool hv_json_time(json_object *o, const char *key, int64_t *ms);

/* Member KEY as an array, or NULL when it is none. */
json_object *hv_json_array(json_object *o, const char *key);

#endif
