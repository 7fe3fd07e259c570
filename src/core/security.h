/*
 * security.h -- how a node's sockets are protected (doc/protocol.md "Security").
 * An endpoint that reaches the network must use CurveZMQ: the server holds
 * a secret key and admits only the client keys of an allow directory (the
 * ZAP handler, zap.h); a client knows the server's public key, so a server
 * without the right key is never talked to. Plaintext off this machine is
 * refused at start, unless the endpoint says `insecure = yes`, which is
 * logged as a warning at every start.
 */
#ifndef HV_SECURITY_H
#define HV_SECURITY_H

#include <stddef.h>

#include "config.h"
#include "i18n.h"
#include "zap.h"

/* How one endpoint a node binds is protected: its config section, e.g.
 * [feed] curve = yes, server_key = FILE.key, allow_dir = DIR. */
typedef struct {
	int curve;             /* CurveZMQ: encrypted, only allowed clients */
	int insecure;          /* plaintext off this machine, knowingly */
	char server_key[1024]; /* this node's secret key file (NAME.key) */
	char allow_dir[1024];  /* where the admitted clients' NAME.pub files are */
} hv_bind_security_t;

/* The settings table entries of endpoint NAME (a string literal) held in
 * the hv_bind_security_t FIELD of the settings struct TYPE: --NAME-curve,
 * --NAME-server-key, --NAME-allow-dir, --NAME-insecure; in the config
 * file, keys curve, server_key, allow_dir, insecure of section [NAME]. */
#define HV_BIND_SECURITY_SETTINGS(type, field, name)                                               \
	{name "-curve", HV_SET_BOOL, offsetof(type, field.curve), sizeof(int), "no", 0, 0, NULL,   \
	    NULL, N_("CurveZMQ on this endpoint: encrypted, and only allowed keys connect"),       \
	    NULL},                                                                                 \
	    {name "-server-key", HV_SET_STR, offsetof(type, field.server_key),                     \
	        sizeof(((type *)0)->field.server_key), "", 0, 0, NULL, "FILE.key",                 \
	        N_("this node's secret key for the endpoint (from hangviet keygen)"), NULL},       \
	    {name "-allow-dir", HV_SET_STR, offsetof(type, field.allow_dir),                       \
	        sizeof(((type *)0)->field.allow_dir), "", 0, 0, NULL, "DIR",                       \
	        N_("directory of the public keys (*.pub) allowed to connect"), NULL},              \
	{                                                                                          \
		name "-insecure", HV_SET_BOOL, offsetof(type, field.insecure), sizeof(int), "no",  \
		    0, 0, NULL, NULL,                                                              \
		    N_("allow plaintext on a network address (not recommended)"), NULL             \
	}

/* How a node connects to a server: its upstream's keys. */
typedef struct {
	const char *server_public_key; /* the server's NAME.pub, or "" for plaintext */
	const char *client_key;        /* this node's secret key file (NAME.key) */
	int insecure;                  /* plaintext off this machine, knowingly */
} hv_connect_security_t;

/* Bind SOCK, in the ZeroMQ context CTX, to EP as the endpoint NAME,
 * protected as SEC says; starts the ZAP handler *ZAP the first time a
 * CURVE endpoint needs it. Logs what was wrong; returns 0 or -1. */
int hv_security_bind(void *ctx, hv_zap_t **zap, void *sock, const char *name, const char *ep,
    const hv_bind_security_t *sec);

/* Connect SOCK to EP as SEC says. Logs what was wrong; returns 0 or -1. */
int hv_security_connect(void *sock, const char *ep, const hv_connect_security_t *sec);

#endif
