/*
 * json_read.c -- typed reads of json-c values.
 */
#include "json_read.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

json_object *
hv_json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	json_tokener *tok = json_tokener_new_ex(64);
	json_object *o;
	enum json_tokener_error e;

	if (tok == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	o = json_tokener_parse_ex(tok, text, (int)len);
	e = json_tokener_get_error(tok);
	if (o == NULL || e != json_tokener_success) {
		snprintf(err, errlen, "%s at byte %zu", e == json_tokener_continue
		                                            ? "the JSON ends too early"
		                                            : json_tokener_error_desc(e),
		    json_tokener_get_parse_end(tok));
		json_object_put(o);
		o = NULL;
	} else if (json_tokener_get_parse_end(tok) < len &&
	           strspn(text + json_tokener_get_parse_end(tok), " \t\r\n") !=
	               len - json_tokener_get_parse_end(tok)) {
		snprintf(err, errlen, "text after the JSON at byte %zu", json_tokener_get_parse_end(tok));
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

json_object *
hv_json_get(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return NULL;
	return v;
}

bool
hv_json_text(json_object *o, const char *key, char *buf, size_t size)
{
	json_object *v = hv_json_get(o, key);

	buf[0] = '\0';
	if (v == NULL)
		return false;
	switch (json_object_get_type(v)) {
	case json_type_string:
		snprintf(buf, size, "%s", json_object_get_string(v));
		return true;
	case json_type_int:
		snprintf(buf, size, "%lld", (long long)json_object_get_int64(v));
		return true;
	default:
		return false;
	}
}

bool
hv_json_number(json_object *o, const char *key, double *v)
{
	json_object *j = hv_json_get(o, key);
	char *end;

	if (j == NULL)
		return false;
	switch (json_object_get_type(j)) {
	case json_type_int:
		*v = (double)json_object_get_int64(j);
		return true;
	case json_type_double:
		*v = json_object_get_double(j);
		return isfinite(*v);
	case json_type_string: {
		const char *s = json_object_get_string(j);
		errno = 0;
		*v = strtod(s, &end);
		return end != s && *end == '\0' && errno == 0 && isfinite(*v);
	}
	default:
		return false;
	}
}

bool
hv_json_int(json_object *o, const char *key, int64_t *v)
{
	json_object *j = hv_json_get(o, key);
	double d;

	if (j != NULL && json_object_is_type(j, json_type_int)) {
		*v = json_object_get_int64(j);
		return true;
	}
	if (!hv_json_number(o, key, &d) || d != floor(d) || fabs(d) > 9.0e15)
		return false;
	*v = (int64_t)d;
	return true;
}

bool
hv_json_money(json_object *o, const char *key, int64_t *v)
{
	double d;

	if (!hv_json_number(o, key, &d) || fabs(d) > 1.0e15)
		return false;
	*v = (int64_t)llround(d);
	return true;
}

bool
hv_json_time(json_object *o, const char *key, int64_t *ms)
{
	char buf[64];
	long long v;

	if (!hv_json_text(o, key, buf, sizeof buf) || hv_date_parse_iso(buf, &v) < 0)
		return false;
	*ms = v;
	return true;
}

json_object *
hv_json_array(json_object *o, const char *key)
{
	json_object *v = hv_json_get(o, key);
	return v != NULL && json_object_is_type(v, json_type_array) ? v : NULL;
}
