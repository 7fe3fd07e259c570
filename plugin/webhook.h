/*
 * webhook.h -- the webhook receiver of hangviet-connect (libmicrohttpd):
 * a vendor's POST is answered 200 at once, whatever it holds (KiotViet
 * stops calling a URL that answers 4xx), and when its signature verifies
 * it prompts its account to poll now; it never changes anything itself,
 * so a webhook sent twice, late, or forged changes nothing. One server per
 * listen address; accounts that share one are told apart by the last part
 * of the URL's path (/hooks/NAME).
 */
#ifndef HV_WEBHOOK_H
#define HV_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	const char *listen;    /* HOST:PORT (IPv4) */
	const char *name;      /* the account */
	const char *secret;    /* the HMAC key, as its file holds it */
	const char *header;    /* the header that carries the signature */
	int encoding;          /* 1 hex, 2 base64 */
	const char *prefix;    /* before the signature ("sha1="; "-" none): taken off when there */
	int algorithm;         /* 1 HMAC-SHA256, 2 HMAC-SHA1 */
	void (*prompt)(void *arg);
	void *arg;
} hv_webhook_route_t;

typedef struct hv_webhooks hv_webhooks_t;

/* Serve the N ROUTES (kept by reference). NULL with ERR when a listen
 * address is wrong or taken. */
hv_webhooks_t *hv_webhooks_start(const hv_webhook_route_t *routes, int n, char *err, size_t errlen);
void hv_webhooks_stop(hv_webhooks_t **self_p);

/* Whether SIGNATURE (the header's value) is ROUTE's HMAC of BODY,
 * compared in constant time. */
bool hv_webhook_verify(
    const hv_webhook_route_t *route, const void *body, size_t len, const char *signature);

#endif
