/*
 * endpoint.c -- endpoint checks.
 */
#include "endpoint.h"

#include <string.h>

#include "i18n.h"

bool
hv_endpoint_is_local(const char *ep)
{
	const char *host;

	if (strncmp(ep, "ipc://", 6) == 0 || strncmp(ep, "inproc://", 9) == 0)
		return true;
	if (strncmp(ep, "tcp://", 6) != 0)
		return false;
	host = ep + 6;
	if (strncmp(host, "127.", 4) == 0 || strncmp(host, "localhost:", 10) == 0 ||
	    strncmp(host, "[::1]:", 6) == 0)
		return true;
	return false;
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
