/*
 * zap.h -- the ZAP handler (RFC 27) that decides which CurveZMQ clients a
 * node admits. It serves inproc://zeromq.zap.01 in the node's ZeroMQ
 * context from a thread of its own, so a handshake never waits for the
 * node's loop nor blocks it. Each CURVE server socket names a domain (its
 * endpoint: "ingest", "feed", "sync"); a domain admits the public keys of
 * the *.pub files in its allow directory, which is read again when it
 * changes. An admitted client's User-Id is its key file's name without
 * ".pub". Refusals are counted and logged with the peer's address, at most
 * one line per ten seconds.
 */
#ifndef HV_ZAP_H
#define HV_ZAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct hv_zap hv_zap_t;

/* Bind the handler in the ZeroMQ context CTX and start its thread.
 * Returns NULL with ERR when the address is taken or no thread starts. */
hv_zap_t *hv_zap_new(void *ctx, char *err, size_t errlen);

/* Admit on DOMAIN the keys in DIR's *.pub files. Reads DIR now: -1 with
 * ERR when it cannot be read; 0 otherwise (unreadable key files in it are
 * logged and skipped). */
int hv_zap_allow(hv_zap_t *z, const char *domain, const char *dir, char *err, size_t errlen);

/* Handshakes refused since the start. */
int64_t hv_zap_refused(const hv_zap_t *z);

/* Stop the thread and close the handler; *Z becomes NULL. Call before the
 * context is terminated. */
void hv_zap_destroy(hv_zap_t **z);

#endif
