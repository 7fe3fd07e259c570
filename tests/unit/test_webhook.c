/*
 * test_webhook.c -- webhook signatures (plugin/webhook.h) verify against
 * RFC 4231 / RFC 2202 HMAC vectors in hex and base64, with and without
 * their prefix, and nothing else does; a receiver on loopback answers
 * every POST 200 and prompts its account only for a verified one, telling
 * accounts that share an address apart by the URL's last part.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "webhook.h"

#define DATA "what do ya want for nothing?"
#define SHA256_HEX "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
#define SHA256_B64 "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
#define SHA1_HEX   "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"

static void
signatures_verify_in_each_form(void **state)
{
	hv_webhook_route_t hex = {.secret = "Jefe", .encoding = 1, .prefix = "sha1=", .algorithm = 1};
	hv_webhook_route_t b64 = {.secret = "Jefe", .encoding = 2, .prefix = "-", .algorithm = 1};
	hv_webhook_route_t sha1 = {.secret = "Jefe", .encoding = 1, .prefix = "-", .algorithm = 2};

	(void)state;
	assert_true(hv_webhook_verify(&hex, DATA, strlen(DATA), "sha1=" SHA256_HEX));
	assert_true(hv_webhook_verify(&hex, DATA, strlen(DATA), SHA256_HEX)); /* prefix optional */
	assert_true(hv_webhook_verify(&b64, DATA, strlen(DATA), SHA256_B64));
	assert_true(hv_webhook_verify(&sha1, DATA, strlen(DATA), SHA1_HEX));
	/* What must not verify. */
	assert_false(hv_webhook_verify(&hex, DATA, strlen(DATA) - 1, SHA256_HEX));
	assert_false(hv_webhook_verify(&hex, DATA, strlen(DATA), SHA1_HEX));
	assert_false(hv_webhook_verify(&b64, DATA, strlen(DATA), SHA256_HEX));
	assert_false(hv_webhook_verify(&hex, DATA, strlen(DATA), SHA256_HEX "00"));
	assert_false(hv_webhook_verify(&hex, DATA, strlen(DATA), "zz"));
	assert_false(hv_webhook_verify(&b64, DATA, strlen(DATA), "W9zB!!"));
	assert_false(hv_webhook_verify(&b64, DATA, strlen(DATA), ""));
	assert_false(hv_webhook_verify(&b64, DATA, strlen(DATA), NULL));
	hv_webhook_route_t other = b64;
	other.secret = "Jeff";
	assert_false(hv_webhook_verify(&other, DATA, strlen(DATA), SHA256_B64));
}

static int s_prompts[2];

static void
s_prompt(void *arg)
{
	s_prompts[(intptr_t)arg]++;
}

/* POST BODY to PORT's PATH with the signature header; the status line. */
static void
s_post(int port, const char *path, const char *header, const char *body, char *status, size_t n)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	char req[1024], resp[1024];
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ssize_t got, total = 0;

	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	snprintf(req, sizeof req,
	    "POST %s HTTP/1.1\r\nHost: x\r\n%s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
	    path, header, strlen(body), body);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	while ((got = read(fd, resp + total, sizeof resp - 1 - (size_t)total)) > 0)
		total += got;
	resp[total] = '\0';
	close(fd);
	snprintf(status, n, "%.*s", (int)strcspn(resp, "\r"), resp);
}

static void
a_receiver_answers_200_and_prompts_only_when_verified(void **state)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof sa;
	char listen_at[64], status[128], err[256];
	int probe = socket(AF_INET, SOCK_STREAM, 0);

	(void)state;
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	bind(probe, (struct sockaddr *)&sa, sizeof sa);
	getsockname(probe, (struct sockaddr *)&sa, &len);
	int port = ntohs(sa.sin_port);
	close(probe);
	snprintf(listen_at, sizeof listen_at, "127.0.0.1:%d", port);
	hv_webhook_route_t routes[2] = {
	    {listen_at, "shop-a", "shh", "X-Sapo-Hmac-Sha256", 2, "-", 1, s_prompt, (void *)0},
	    {listen_at, "shop-b", "other", "X-Sapo-Hmac-Sha256", 2, "-", 1, s_prompt, (void *)1},
	};
	hv_webhooks_t *w = hv_webhooks_start(routes, 2, err, sizeof err);
	assert_non_null(w);
	const char *good = "X-Sapo-Hmac-Sha256: VBsiv0zEF5/SIJgbBFSAQlBfOm7bFetE2JDgXuujPXw=";
	s_post(port, "/hooks/shop-a", good, "{\"id\":1}", status, sizeof status);
	assert_string_equal(status, "HTTP/1.1 200 OK");
	s_post(port, "/hooks/shop-a", "X-Sapo-Hmac-Sha256: AAAA", "{\"id\":1}", status, sizeof status);
	assert_string_equal(status, "HTTP/1.1 200 OK");
	s_post(port, "/hooks/shop-a", "X-Other: 1", "{\"id\":1}", status, sizeof status);
	assert_string_equal(status, "HTTP/1.1 200 OK");
	s_post(port, "/hooks/shop-b", good, "{\"id\":1}", status, sizeof status); /* a's signature */
	s_post(port, "/hooks/nobody", good, "{\"id\":1}", status, sizeof status);
	assert_string_equal(status, "HTTP/1.1 200 OK");
	assert_int_equal(s_prompts[0], 1);
	assert_int_equal(s_prompts[1], 0);
	/* The same address twice cannot be taken by another receiver. */
	hv_webhooks_t *again = hv_webhooks_start(routes, 1, err, sizeof err);
	assert_null(again);
	assert_non_null(strstr(err, listen_at));
	hv_webhooks_stop(&w);
	assert_null(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(signatures_verify_in_each_form),
	    cmocka_unit_test(a_receiver_answers_200_and_prompts_only_when_verified),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
