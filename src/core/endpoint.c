/*
 * endpoint.c -- endpoint checks.
 */
#include "endpoint.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "i18n.h"

/* Whether HOST (LEN bytes: "127.0.0.1", "localhost", "[::1]") is a
 * loopback address, written as an address literal or as localhost. */
static bool
s_loopback_host(const char *host, size_t len)
{
	char buf[64];
	struct in_addr a4;
	struct in6_addr a6;

	if (len == 0 || len >= sizeof buf)
		return false;
	memcpy(buf, host, len);
	buf[len] = '\0';
	if (strcmp(buf, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, buf, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (len > 2 && buf[0] == '[' && buf[len - 1] == ']') {
		buf[len - 1] = '\0';
		return inet_pton(AF_INET6, buf + 1, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
	}
	return false;
}

bool
hv_endpoint_is_local(const char *ep)
{
	const char *host, *colon, *semi;

	if (strncmp(ep, "ipc://", 6) == 0 || strncmp(ep, "inproc://", 9) == 0)
		return true;
	if (strncmp(ep, "tcp://", 6) != 0)
		return false;
	host = ep + 6;
	/* tcp://SOURCE;DESTINATION: what matters is where it goes. */
	if ((semi = strchr(host, ';')) != NULL)
		host = semi + 1;
	colon = strrchr(host, ':');
	return colon != NULL && s_loopback_host(host, (size_t)(colon - host));
}

int
hv_endpoint_check(const char *ep, const char **why)
{
	if ((strncmp(ep, "tcp://", 6) == 0 && strchr(ep + 6, ':') != NULL && ep[6] != ':') ||
	    (strncmp(ep, "ipc://", 6) == 0 && ep[6] != '\0') ||
	    (strncmp(ep, "inproc://", 9) == 0 && ep[9] != '\0'))
		return 0;
	*why = N_("an endpoint is tcp://HOST:PORT, ipc://PATH or inproc://NAME");
	return -1;
}
