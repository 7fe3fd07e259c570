/*
 * api.c -- authenticated, rate-limited, retried calls returning JSON.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "json_read.h"
#include "i18n.h"
#include "log.h"
#include "ratelimit.h"

#define MAX_429     30    /* 429s in a row before giving up */
#define DEFAULT_429 30000 /* the wait after a 429 without Retry-After */
#define MAX_BACKOFF 60000

struct hv_api {
	hv_api_opts_t o;
	hv_http_t *http;
	hv_ratelimit_t *limit;
	int64_t calls;
};

hv_api_t *
hv_api_open(const hv_api_opts_t *o, char *err, size_t errlen)
{
	hv_api_t *self = calloc(1, sizeof *self);

	if (self == NULL || (self->limit = hv_ratelimit_new(o->rate_calls, o->rate_period)) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(self);
		return NULL;
	}
	self->o = *o;
	if ((self->http = hv_http_open(o->ca_file, o->timeout_s, err, errlen)) == NULL) {
		hv_api_close(&self);
		return NULL;
	}
	return self;
}

void
hv_api_close(hv_api_t **self_p)
{
	hv_api_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	hv_http_close(&self->http);
	hv_ratelimit_free(&self->limit);
	free(self);
	*self_p = NULL;
}

hv_http_t *
hv_api_http(hv_api_t *self)
{
	return self->http;
}

int64_t
hv_api_calls(const hv_api_t *self)
{
	return self->calls;
}

/* The URL's path, without its query, for messages. */
static void
s_path(const char *url, char *buf, size_t size)
{
	const char *p = strstr(url, "://");
	p = p != NULL ? strchr(p + 3, '/') : NULL;
	snprintf(buf, size, "%.*s", p != NULL ? (int)strcspn(p, "?") : 1, p != NULL ? p : "/");
}

/* One request within the rate limit. The same as hv_http_do, or -2 when
 * asked to stop while waiting. */
static int
s_request(hv_api_t *self, const hv_http_req_t *req, hv_http_resp_t *resp, char *err, size_t errlen)
{
	int64_t wait = hv_ratelimit_wait_ms(self->limit, hv_clock_ms(CLOCK_MONOTONIC));

	if (wait > 0 && !self->o.sleep(self->o.arg, wait))
		return -2;
	hv_ratelimit_note(self->limit, hv_clock_ms(CLOCK_MONOTONIC));
	self->calls++;
	int rc = hv_http_do(self->http, req, resp, err, errlen);
	if (rc == 0)
		hv_ratelimit_observe(self->limit, hv_clock_ms(CLOCK_MONOTONIC), resp->call_limit);
	return rc;
}

/* The headers of a call: the authentication's lines, or GIVEN. */
typedef struct {
	char lines[HV_API_AUTH_MAX][1024];
	const char *ptrs[HV_API_AUTH_MAX + 2];
} headers_t;

static int
s_headers(hv_api_t *self, const char *const *given, bool renew, headers_t *h, char *err,
    size_t errlen)
{
	int n = 0;

	if (given != NULL || self->o.auth == NULL) {
		for (int i = 0; given != NULL && given[i] != NULL && i < HV_API_AUTH_MAX + 1; i++)
			h->ptrs[n++] = given[i];
	} else {
		int k = 0;
		if (self->o.auth(self->o.arg, renew, h->lines, &k, err, errlen) < 0)
			return -1;
		for (int i = 0; i < k; i++)
			h->ptrs[n++] = h->lines[i];
	}
	h->ptrs[n++] = "Accept: application/json";
	h->ptrs[n] = NULL;
	return 0;
}

/* What one answer means: 0 done (*OUT set), 1 try again (after *WAIT ms),
 * 2 authenticate again, 3 throttled (try again after *WAIT ms), -1
 * refused for good (ERR). */
static int
s_judge(hv_api_t *self, const hv_http_resp_t *r, const char *path, json_object **out,
    int64_t *wait, char *err, size_t errlen)
{
	char why[256];

	if (r->status == 429) {
		*wait = r->retry_after >= 0 ? (int64_t)r->retry_after * 1000 : DEFAULT_429;
		hv_ratelimit_pause(self->limit, hv_clock_ms(CLOCK_MONOTONIC), *wait);
		snprintf(err, errlen, "%s: too many requests (HTTP 429)", path);
		return 3;
	}
	if (r->status == 401)
		return 2;
	if (r->status >= 500) {
		snprintf(err, errlen, "%s: the server failed (HTTP %ld)", path, r->status);
		return 1;
	}
	if (r->status < 200 || r->status >= 300) {
		snprintf(err, errlen, "%s: refused (HTTP %ld)", path, r->status);
		return -1;
	}
	if ((*out = hv_json_parse(r->body, r->len, why, sizeof why)) == NULL) {
		snprintf(err, errlen, "%s: the answer is not JSON: %s", path, why);
		return 1;
	}
	return 0;
}

static int
s_call(hv_api_t *self, const char *method, const char *url, const char *const *given,
    const char *body, json_object **out, char *err, size_t errlen)
{
	hv_http_req_t req = {method, url, NULL, body};
	int failures = 0, throttled = 0, rc = -1;
	bool renewed = false;
	char path[256];
	headers_t h;

	*out = NULL;
	s_path(url, path, sizeof path);
	if (s_headers(self, given, false, &h, err, errlen) < 0)
		return -1;
	for (;;) {
		hv_http_resp_t resp;
		int64_t wait = (int64_t)self->o.backoff_ms << (failures < 16 ? failures : 16);
		req.headers = h.ptrs;
		int got = s_request(self, &req, &resp, err, errlen);
		if (got == -2)
			return -2;
		rc = got < 0 ? 1 : s_judge(self, &resp, path, out, &wait, err, errlen);
		if (got == 0)
			hv_http_resp_free(&resp);
		if (rc == 2 && !renewed && given == NULL && self->o.auth != NULL) {
			renewed = true;
			if (s_headers(self, given, true, &h, err, errlen) < 0)
				return -1;
			continue;
		}
		if (rc == 2)
			snprintf(err, errlen, "%s: the credentials were refused (HTTP 401)", path);
		if (rc != 1 && rc != 3)
			return rc == 0 ? 0 : -1;
		if (rc == 3 ? ++throttled > MAX_429 : ++failures > self->o.retries)
			return -1;
		if (wait > MAX_BACKOFF)
			wait = MAX_BACKOFF;
		hv_log(HV_LOG_WARN, _("[connect %s] %s; trying again in %lld ms"), self->o.account, err,
		    (long long)wait);
		if (!self->o.sleep(self->o.arg, wait))
			return -2;
	}
}

int
hv_api_get(hv_api_t *self, const char *url, json_object **out, char *err, size_t errlen)
{
	return s_call(self, "GET", url, NULL, NULL, out, err, errlen);
}

int
hv_api_post(hv_api_t *self, const char *url, const char *const *headers, const char *body,
    json_object **out, char *err, size_t errlen)
{
	return s_call(self, "POST", url, headers, body, out, err, errlen);
}
