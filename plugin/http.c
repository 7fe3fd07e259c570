/*
 * http.c -- libcurl, set up once for every vendor call.
 */
#include "http.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "autoconfig.h"

struct hv_http {
	CURL *curl;
	char ca_file[4096];
	int timeout_s;
};

int
hv_http_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void
hv_http_global_cleanup(void)
{
	curl_global_cleanup();
}

hv_http_t *
hv_http_open(const char *ca_file, int timeout_s, char *err, size_t errlen)
{
	hv_http_t *self = calloc(1, sizeof *self);

	if (self == NULL || (self->curl = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "cannot start libcurl");
		free(self);
		return NULL;
	}
	snprintf(self->ca_file, sizeof self->ca_file, "%s", ca_file != NULL ? ca_file : "");
	self->timeout_s = timeout_s;
	return self;
}

void
hv_http_close(hv_http_t **self_p)
{
	hv_http_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	curl_easy_cleanup(self->curl);
	free(self);
	*self_p = NULL;
}

static size_t
s_on_body(char *data, size_t size, size_t n, void *arg)
{
	hv_http_resp_t *r = arg;
	size_t len = size * n;

	if (r->len + len > HV_HTTP_MAX_BODY)
		return 0; /* libcurl then fails the transfer */
	char *b = realloc(r->body, r->len + len + 1);
	if (b == NULL)
		return 0;
	memcpy(b + r->len, data, len);
	r->body = b;
	r->len += len;
	b[r->len] = '\0';
	return len;
}

/* A header's value when LINE is NAME: value, trimmed, into BUF. */
static bool
s_header(const char *line, size_t len, const char *name, char *buf, size_t size)
{
	size_t n = strlen(name);

	if (len <= n + 1 || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return false;
	const char *v = line + n + 1;
	size_t vl = len - n - 1;
	while (vl > 0 && (*v == ' ' || *v == '\t'))
		v++, vl--;
	while (vl > 0 && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
		vl--;
	snprintf(buf, size, "%.*s", (int)vl, v);
	return true;
}

static size_t
s_on_header(char *line, size_t size, size_t n, void *arg)
{
	hv_http_resp_t *r = arg;
	size_t len = size * n;
	char v[32];

	if (s_header(line, len, "Retry-After", v, sizeof v)) {
		char *end;
		long s = strtol(v, &end, 10);
		r->retry_after = end != v && *end == '\0' && s >= 0 && s <= 86400 ? (int)s : 60;
	} else if (!s_header(line, len, "X-Haravan-Api-Call-Limit", r->call_limit,
	               sizeof r->call_limit)) {
		s_header(line, len, "X-Sapo-Api-Call-Limit", r->call_limit, sizeof r->call_limit);
	}
	return len;
}

int
hv_http_do(hv_http_t *self, const hv_http_req_t *req, hv_http_resp_t *resp, char *err, size_t errlen)
{
	CURL *c = self->curl;
	struct curl_slist *h = NULL;
	char curl_err[CURL_ERROR_SIZE] = "";
	CURLcode rc;

	memset(resp, 0, sizeof *resp);
	resp->retry_after = -1;
	curl_easy_reset(c);
	for (const char *const *p = req->headers; p != NULL && *p != NULL; p++)
		h = curl_slist_append(h, *p);
	curl_easy_setopt(c, CURLOPT_URL, req->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (self->ca_file[0] != '\0')
		curl_easy_setopt(c, CURLOPT_CAINFO, self->ca_file);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)self->timeout_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "hangviet-connect/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, s_on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, s_on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, resp);
	if (strcmp(req->method, "POST") == 0)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body != NULL ? req->body : "");
	rc = curl_easy_perform(c);
	curl_slist_free_all(h);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "%s", curl_err[0] != '\0' ? curl_err : curl_easy_strerror(rc));
		hv_http_resp_free(resp);
		return -1;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
	if (resp->body == NULL && (resp->body = calloc(1, 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void
hv_http_resp_free(hv_http_resp_t *resp)
{
	free(resp->body);
	resp->body = NULL;
	resp->len = 0;
}

char *
hv_http_escape(hv_http_t *self, const char *s)
{
	char *e = curl_easy_escape(self->curl, s, 0);
	char *copy = e != NULL ? strdup(e) : NULL;
	curl_free(e);
	return copy;
}
