/*
 * http.h -- HTTPS requests for hangviet-connect, through libcurl: TLS
 * always verified (against the system's CAs, or the account's ca_file),
 * bounded time and size, and the response headers the vendors' rate
 * limits speak through. One handle per thread.
 */
#ifndef HV_HTTP_H
#define HV_HTTP_H

#include <stddef.h>

#define HV_HTTP_MAX_BODY (64 * 1024 * 1024) /* a larger response is refused */

typedef struct hv_http hv_http_t;

typedef struct {
	const char *method;          /* "GET" or "POST" */
	const char *url;             /* https://... */
	const char *const *headers;  /* "Name: value" lines, NULL-terminated, or NULL */
	const char *body;            /* POST: the body as given, or NULL */
} hv_http_req_t;

typedef struct {
	long status;           /* the HTTP status; 0 when nothing came (ERR says why) */
	char *body;            /* NUL-terminated, LEN bytes; the caller frees it */
	size_t len;
	int retry_after;       /* Retry-After in seconds, -1 when not sent */
	char call_limit[32];   /* "used/size" from X-Haravan-Api-Call-Limit or X-Sapo-Api-Call-Limit */
} hv_http_resp_t;

/* Call once before any thread makes a handle (curl_global_init), and
 * the cleanup once every handle is closed. */
int hv_http_global_init(void);
void hv_http_global_cleanup(void);

/* A handle: CA_FILE ("" for the system's), TIMEOUT_S for a whole request. */
hv_http_t *hv_http_open(const char *ca_file, int timeout_s, char *err, size_t errlen);
void hv_http_close(hv_http_t **self_p);

/* Make REQ. 0 when an answer came (any status, in RESP), -1 with ERR when
 * none did (no connection, TLS not verified, timeout, too large). */
int hv_http_do(hv_http_t *self, const hv_http_req_t *req, hv_http_resp_t *resp, char *err, size_t errlen);

/* Free what RESP holds. */
void hv_http_resp_free(hv_http_resp_t *resp);

/* S escaped for a URL's query (malloc'd; NULL when out of memory). */
char *hv_http_escape(hv_http_t *self, const char *s);

#endif
