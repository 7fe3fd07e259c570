/*
 * bridge.h -- what hangviet-bridge's two modes share: its settings (the
 * table is in bridge.c) and how they learn a signal asked them to stop.
 */
#ifndef HV_BRIDGE_H
#define HV_BRIDGE_H

#include <stdbool.h>

typedef struct {
	char config[4096];
	char connect[256];
	char store[33];
	int lane;
	int timeout;
	char spool_dir[4096];
	char device[256];
	int baud;
	char end_marker[32];
	char poslog[4096];
	char source[4096]; /* --device or --poslog, by what it is */
	int once;
	int flush;
	char server_public_key[1024]; /* CurveZMQ: the daemon's ingest NAME.pub */
	char client_key[1024];        /* and this bridge's NAME.key */
	int insecure;                 /* plaintext to a daemon off this machine */
	char timezone[64];            /* POSLog times without an offset are in it (zone.h) */
} hv_bridge_settings_t;

/* Whether TERM or INT came (read from the signalfd, signals.h): finish
 * what is in hand, then stop. HUP is said in the log and changes nothing. */
bool hv_bridge_stopping(void);

/* Wait until FD is readable, a signal comes or TIMEOUT_MS pass (-1: no
 * limit); true when FD is readable and nothing asked to stop. */
bool hv_bridge_wait(int fd, int timeout_ms);

/* POSLog mode: send the files in SET->poslog, moving each to done/ (or,
 * when it is not POSLog at all, to failed/), then, unless SET->once, watch
 * the folder for more. The exit status. */
int hv_bridge_poslog(const hv_bridge_settings_t *set);

#endif
