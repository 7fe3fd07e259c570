/*
 * webhook.c -- libmicrohttpd servers that turn verified webhooks into
 * prompts to poll.
 */
#include "webhook.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "log.h"

#define MAX_SERVERS 32
#define MAX_BODY    (1024 * 1024) /* a longer webhook is answered, not read */

typedef struct {
	struct MHD_Daemon *mhd;
	const hv_webhook_route_t *routes[32]; /* those on this address */
	int n;
} server_t;

struct hv_webhooks {
	server_t servers[MAX_SERVERS];
	int n;
};

/* A request's body as it arrives. */
typedef struct {
	char *data;
	size_t len;
	bool too_long;
} body_t;

static int
s_hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* SIG decoded (hex or base64) into OUT; its length, or -1. */
static int
s_decode(const char *sig, int encoding, unsigned char *out, size_t size)
{
	size_t n = strlen(sig);

	if (encoding == 1) {
		if (n % 2 != 0 || n / 2 > size)
			return -1;
		for (size_t i = 0; i < n / 2; i++) {
			int hi = s_hex(sig[2 * i]), lo = s_hex(sig[2 * i + 1]);
			if (hi < 0 || lo < 0)
				return -1;
			out[i] = (unsigned char)(hi << 4 | lo);
		}
		return (int)(n / 2);
	}
	if (n == 0 || n % 4 != 0 || n / 4 * 3 > size)
		return -1;
	int len = EVP_DecodeBlock(out, (const unsigned char *)sig, (int)n);
	if (len < 0)
		return -1;
	return len - (sig[n - 1] == '=') - (n > 1 && sig[n - 2] == '=');
}

bool
hv_webhook_verify(
    const hv_webhook_route_t *route, const void *body, size_t len, const char *signature)
{
	unsigned char want[EVP_MAX_MD_SIZE], got[EVP_MAX_MD_SIZE + 4];
	unsigned int want_len = 0;
	size_t plen = strcmp(route->prefix, "-") == 0 ? 0 : strlen(route->prefix);
	int got_len;

	if (signature == NULL)
		return false;
	if (plen > 0 && strncmp(signature, route->prefix, plen) == 0)
		signature += plen;
	if (HMAC(route->algorithm == 2 ? EVP_sha1() : EVP_sha256(), route->secret,
	        (int)strlen(route->secret), body, len, want, &want_len) == NULL)
		return false;
	got_len = s_decode(signature, route->encoding, got, sizeof got);
	return got_len == (int)want_len && CRYPTO_memcmp(got, want, want_len) == 0;
}

/* The route a request to URL on server S is for, or NULL. */
static const hv_webhook_route_t *
s_route(const server_t *s, const char *url)
{
	const char *last = strrchr(url, '/');

	if (s->n == 1)
		return s->routes[0];
	last = last != NULL ? last + 1 : url;
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->routes[i]->name, last) == 0)
			return s->routes[i];
	return NULL;
}

static enum MHD_Result
s_answer(struct MHD_Connection *c, const char *text)
{
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;

	MHD_add_response_header(r, "Content-Type", "text/plain");
	rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

/* A whole POST: prompt its account when it verifies. */
static void
s_delivered(const server_t *s, struct MHD_Connection *c, const char *url, const body_t *b)
{
	const hv_webhook_route_t *r = s_route(s, url);

	if (r == NULL) {
		hv_log(HV_LOG_WARN, _("webhook to %s: no [connect] account by that name; ignored"), url);
		return;
	}
	const char *sig = MHD_lookup_connection_value(c, MHD_HEADER_KIND, r->header);
	if (b->too_long || !hv_webhook_verify(r, b->data != NULL ? b->data : "", b->len, sig)) {
		hv_log(HV_LOG_WARN, "[connect %s] %s", r->name,
		    b->too_long  ? _("a webhook was too long to check; it changes nothing")
		    : sig == NULL ? _("a webhook came without a signature; it changes nothing")
		                  : _("a webhook has a signature that does not verify; it changes nothing"));
		return;
	}
	hv_log(HV_LOG_DEBUG, _("[connect %s] a webhook came: polling now"), r->name);
	r->prompt(r->arg);
}

static enum MHD_Result
s_request(void *arg, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *data, size_t *size, void **state)
{
	const server_t *s = arg;
	body_t *b = *state;

	(void)version;
	if (strcmp(method, "POST") != 0) {
		/* A subscription check may ask to have its challenge echoed. */
		const char *challenge = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "hub.challenge");
		return s_answer(c, challenge != NULL ? challenge : "hangviet-connect");
	}
	if (b == NULL) {
		if ((b = calloc(1, sizeof *b)) == NULL)
			return MHD_NO;
		*state = b;
		return MHD_YES;
	}
	if (*size > 0) {
		if (!b->too_long && b->len + *size <= MAX_BODY) {
			char *d = realloc(b->data, b->len + *size + 1);
			if (d == NULL)
				return MHD_NO;
			memcpy(d + b->len, data, *size);
			b->data = d;
			b->len += *size;
			d[b->len] = '\0';
		} else {
			b->too_long = true;
		}
		*size = 0;
		return MHD_YES;
	}
	s_delivered(s, c, url, b);
	return s_answer(c, "ok");
}

static void
s_done(void *arg, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode why)
{
	body_t *b = *state;

	(void)arg;
	(void)c;
	(void)why;
	if (b != NULL) {
		free(b->data);
		free(b);
		*state = NULL;
	}
}

/* HOST:PORT into *SA. */
static int
s_address(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	long port;

	if (colon == NULL || (size_t)(colon - listen) >= sizeof host)
		return -1;
	snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
	port = strtol(colon + 1, &end, 10);
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return *end == '\0' && port > 0 && port < 65536 && inet_pton(AF_INET, host, &sa->sin_addr) == 1
	           ? 0
	           : -1;
}

static int
s_start(server_t *s, const char *listen, char *err, size_t errlen)
{
	struct sockaddr_in sa;

	if (s_address(listen, &sa) < 0) {
		snprintf(err, errlen, "listen = %s is not IPV4:PORT, such as 127.0.0.1:8090", listen);
		return -1;
	}
	s->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, NULL, NULL,
	    s_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned int)5, MHD_OPTION_CONNECTION_LIMIT, (unsigned int)64,
	    MHD_OPTION_NOTIFY_COMPLETED, s_done, NULL, MHD_OPTION_END);
	if (s->mhd == NULL) {
		snprintf(err, errlen, "cannot listen for webhooks on %s (is the port taken?)", listen);
		return -1;
	}
	return 0;
}

hv_webhooks_t *
hv_webhooks_start(const hv_webhook_route_t *routes, int n, char *err, size_t errlen)
{
	hv_webhooks_t *self = calloc(1, sizeof *self);

	if (self == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	/* The routes of each address first, then its server. */
	for (int i = 0; i < n; i++) {
		int k = 0;
		while (k < self->n && strcmp(self->servers[k].routes[0]->listen, routes[i].listen) != 0)
			k++;
		if (k == MAX_SERVERS || self->servers[k].n == 32) {
			snprintf(err, errlen, "too many webhook receivers");
			hv_webhooks_stop(&self);
			return NULL;
		}
		server_t *s = &self->servers[k];
		s->routes[s->n++] = &routes[i];
		if (k == self->n)
			self->n++;
	}
	for (int k = 0; k < self->n; k++)
		if (s_start(&self->servers[k], self->servers[k].routes[0]->listen, err, errlen) < 0) {
			hv_webhooks_stop(&self);
			return NULL;
		}
	return self;
}

void
hv_webhooks_stop(hv_webhooks_t **self_p)
{
	hv_webhooks_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	for (int i = 0; i < self->n; i++)
		if (self->servers[i].mhd != NULL)
			MHD_stop_daemon(self->servers[i].mhd);
	free(self);
	*self_p = NULL;
}
