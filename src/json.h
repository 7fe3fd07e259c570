/*
 * json.h -- writing JSON for machines (lookup --format json, reports).
 */
#ifndef HV_JSON_H
#define HV_JSON_H

#include <stdio.h>

/* Write S to OUT as a JSON string, quotes included: UTF-8 passes through,
 * quote, backslash and control characters are escaped. NULL writes null. */
void hv_json_string(FILE *out, const char *s);

#endif
