/*
 * api.h -- one call to a cloud POS's web API, made the way every vendor
 * needs it: authenticated (the vendor's headers, renewed once when the
 * API answers 401), within its rate limit (ratelimit.h), retried with
 * backoff on a 5xx, a timeout or a body that is not JSON, waiting as long
 * as a 429's Retry-After says; the answer parsed (json_read.h).
 */
#ifndef HV_API_H
#define HV_API_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http.h"

#define HV_API_AUTH_MAX 3 /* header lines an authentication adds */

typedef struct hv_api hv_api_t;

/* The header lines that authenticate a call, into LINES (*N of them).
 * RENEW: the API refused the last ones (401): get new ones. 0, or -1
 * with ERR. */
typedef int (*hv_api_auth_fn)(
    void *arg, bool renew, char lines[HV_API_AUTH_MAX][1024], int *n, char *err, size_t errlen);

/* Wait MS milliseconds, or less when asked to stop: false then. */
typedef bool (*hv_api_sleep_fn)(void *arg, int64_t ms);

typedef struct {
	const char *account;   /* for messages */
	const char *ca_file;   /* "": the system's CAs */
	int timeout_s;         /* one request */
	int rate_calls;        /* at most RATE_CALLS calls ... */
	int rate_period;       /* ... in RATE_PERIOD seconds */
	int retries;           /* tries after a 5xx, timeout or bad body */
	int backoff_ms;        /* the first wait between them, doubled each time */
	hv_api_auth_fn auth;   /* NULL: no authentication */
	hv_api_sleep_fn sleep;
	void *arg;
} hv_api_opts_t;

hv_api_t *hv_api_open(const hv_api_opts_t *o, char *err, size_t errlen);
void hv_api_close(hv_api_t **self_p);

/* The transport, for escaping query values. */
hv_http_t *hv_api_http(hv_api_t *self);

/* GET URL, authenticated, and parse its JSON into *OUT (the caller puts
 * it). 0; -1 with ERR when the API refused it or kept failing; -2 when
 * asked to stop. */
int hv_api_get(hv_api_t *self, const char *url, json_object **out, char *err, size_t errlen);

/* POST BODY to URL with HEADERS only (a token request), the same way. */
int hv_api_post(hv_api_t *self, const char *url, const char *const *headers, const char *body,
    json_object **out, char *err, size_t errlen);

/* Calls made, and calls that failed for good, since opened. */
int64_t hv_api_calls(const hv_api_t *self);

#endif
