/*
 * security.c -- CurveZMQ on a node's endpoints, and the plaintext rule.
 */
#include "security.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <zmq.h>

#include "endpoint.h"
#include "keys.h"
#include "log.h"

/* The plaintext rule for EP (bound as NAME, or connected when NAME is
 * NULL): 0 when it may go without CurveZMQ, -1 after saying how to fix. */
static int
s_plaintext_allowed(const char *name, const char *ep, int insecure)
{
	if (hv_endpoint_is_local(ep))
		return 0;
	if (insecure) {
		hv_warn(_("%s is on the network without CurveZMQ (insecure = yes): anyone who can "
		          "reach it can read and send; use curve = yes"),
		    ep);
		return 0;
	}
	if (name != NULL)
		hv_error(
		    _("%s reaches the network, so it needs CurveZMQ: in the config file's [%s] "
		      "section set curve = yes, server_key = FILE.key (hangviet keygen) and "
		      "allow_dir = DIR of the clients' .pub files; or bind a loopback address "
		      "(tcp://127.0.0.1:PORT)"),
		    ep, name);
	else
		hv_error(_("%s reaches the network, so it needs CurveZMQ: give the server's public "
		           "key (server_public_key) and this node's key (client_key)"),
		    ep);
	return -1;
}

/* Make SOCK a CURVE server with SEC's key, admitting SEC's allow
 * directory through *ZAP on the domain NAME. */
static int
s_curve_server(
    void *ctx, hv_zap_t **zap, void *sock, const char *name, const hv_bind_security_t *sec)
{
	char err[1024];

	if (sec->server_key[0] == '\0' || sec->allow_dir[0] == '\0') {
		hv_error(_("[%s] curve = yes needs server_key = FILE.key (hangviet keygen) and "
		           "allow_dir = DIR of the allowed clients' .pub files"),
		    name);
		return -1;
	}
	if (hv_keys_apply_server(sock, sec->server_key, err, sizeof err) < 0) {
		hv_error("[%s] %s", name, err);
		return -1;
	}
	if (*zap == NULL && (*zap = hv_zap_new(ctx, err, sizeof err)) == NULL) {
		hv_error("%s", err);
		return -1;
	}
	if (hv_zap_allow(*zap, name, sec->allow_dir, err, sizeof err) < 0) {
		hv_error("[%s] %s", name, err);
		return -1;
	}
	if (zmq_setsockopt(sock, ZMQ_ZAP_DOMAIN, name, strlen(name)) < 0) {
		hv_error(_("[%s] cannot set up CurveZMQ: %s"), name, zmq_strerror(errno));
		return -1;
	}
	return 0;
}

int
hv_security_bind(void *ctx, hv_zap_t **zap, void *sock, const char *name, const char *ep,
    const hv_bind_security_t *sec)
{
	if (sec->curve ? s_curve_server(ctx, zap, sock, name, sec) < 0
	               : s_plaintext_allowed(name, ep, sec->insecure) < 0)
		return -1;
	if (zmq_bind(sock, ep) < 0) {
		hv_error(_("cannot listen on %s: %s"), ep, zmq_strerror(errno));
		return -1;
	}
	if (sec->curve)
		hv_info(_("%s: CurveZMQ, clients admitted from %s"), ep, sec->allow_dir);
	return 0;
}

/* Make SOCK a CURVE client of the server SEC names. */
static int
s_curve_client(void *sock, const char *ep, const hv_connect_security_t *sec)
{
	char err[1024];

	if (sec->client_key == NULL || sec->client_key[0] == '\0') {
		hv_error(_("%s: CurveZMQ needs this node's own key too (client_key = FILE.key, "
		           "from hangviet keygen)"),
		    ep);
		return -1;
	}
	if (hv_keys_apply_client(sock, sec->server_public_key, sec->client_key, err, sizeof err) <
	    0) {
		hv_error("%s: %s", ep, err);
		return -1;
	}
	return 0;
}

int
hv_security_connect(void *sock, const char *ep, const hv_connect_security_t *sec)
{
	bool curve = sec->server_public_key != NULL && sec->server_public_key[0] != '\0';

	if (curve ? s_curve_client(sock, ep, sec) < 0
	          : s_plaintext_allowed(NULL, ep, sec->insecure) < 0)
		return -1;
	if (zmq_connect(sock, ep) < 0) {
		hv_error(_("cannot connect to %s: %s"), ep, zmq_strerror(errno));
		return -1;
	}
	return 0;
}
