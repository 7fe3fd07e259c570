/*
 * node.h -- the runtime both daemons run on (the store's hangvietd and the
 * office's hangviet-district): the settings rows they share, start-up and
 * teardown, the ZeroMQ context and the sockets every node binds (the feed's
 * XPUB, the sync ROUTER, their ZAP handler), the feed's seq numbers kept
 * promised in the node's database, and one single-threaded loop: a
 * zmq_poll over the program's sockets and the signalfd (signals.h), with
 * timers run at their deadlines (CZMQ's zloop, without threads).
 *
 * A program gives its own settings table (with HV_NODE_SETTINGS in it), a
 * start function that opens its state and adds its sockets and timers, and
 * the work to do before and after the feed's last word; hv_node_main does
 * the rest. doc/protocol.md says what the feed and sync sockets carry.
 */
#ifndef HV_NODE_H
#define HV_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "endpoint.h"
#include "feed.h"
#include "i18n.h"
#include "journal.h"
#include "security.h"
#include "sync.h"
#include "zone.h"

/* The settings every node has. */
typedef struct {
	char config[4096];              /* --config FILE */
	char state[4096];               /* --state DIR, "" for the default */
	char province[HV_FEED_ID_MAX + 1]; /* the province and district it stands in */
	char district[HV_FEED_ID_MAX + 1];
	char feed[256];                 /* XPUB endpoint of the live feed */
	char sync[256];                 /* ROUTER endpoint of history and status */
	hv_bind_security_t feed_sec;    /* how those two are protected */
	hv_bind_security_t sync_sec;
	int keep_windows;               /* days of tally windows kept */
	int log_level;                  /* hv_log_level_t */
	char timezone[64];              /* the zone of local days when TZ is unset (zone.h) */
} hv_node_settings_t;

/* The rows of hv_node_settings_t FIELD in the settings struct TYPE, in
 * four groups for the program's table: _START (--config, --state), _PLACE
 * (--province, --district, with the program's help lines), _ENDPOINTS
 * (--feed, --sync and their security; FEED_EP and SYNC_EP are the defaults
 * from endpoint.h) and _END (--keep-windows, --log-level). */
#define HV_NODE_SETTINGS_START(type, field)                                                        \
	{"config", HV_SET_FILE, offsetof(type, field.config), sizeof(((type *)0)->field.config),   \
	    NULL, 0, 0, NULL, "FILE",                                                              \
	    N_("read settings from this INI file (keys as the long options)"), NULL},              \
	{                                                                                          \
		"state", HV_SET_STR, offsetof(type, field.state), sizeof(((type *)0)->field.state), \
		    "", 0, 0, NULL, "DIR",                                                         \
		    N_("state directory (default: $HANGVIET_STATE, else "                          \
		       "$XDG_STATE_HOME/hangviet)"),                                               \
		    NULL                                                                           \
	}
#define HV_NODE_SETTINGS_PLACE(type, field, province_help, district_help)                          \
	{"province", HV_SET_PROVINCE, offsetof(type, field.province),                                \
	    sizeof(((type *)0)->field.province), "", 0, 0, NULL, "ID", province_help, NULL},       \
	{                                                                                          \
		"district", HV_SET_STR, offsetof(type, field.district),                            \
		    sizeof(((type *)0)->field.district), "", 0, 0, NULL, "ID", district_help, NULL \
	}
#define HV_NODE_SETTINGS_ENDPOINTS(type, field, feed_ep, sync_ep)                                  \
	{"feed", HV_SET_STR, offsetof(type, field.feed), sizeof(((type *)0)->field.feed), feed_ep, \
	    0, 0, NULL, "EP", N_("where offices (and hangviet watch) subscribe to the live feed"), \
	    hv_endpoint_check},                                                                    \
	    {"sync", HV_SET_STR, offsetof(type, field.sync), sizeof(((type *)0)->field.sync),      \
	        sync_ep, 0, 0, NULL, "EP",                                                         \
	        N_("where offices (and hangviet status) ask for history and status"),              \
	        hv_endpoint_check},                                                                \
	    HV_BIND_SECURITY_SETTINGS(type, field.feed_sec, "feed"),                               \
	    HV_BIND_SECURITY_SETTINGS(type, field.sync_sec, "sync")
#define HV_NODE_SETTINGS_END(type, field)                                                          \
	{"keep-windows", HV_SET_INT, offsetof(type, field.keep_windows), sizeof(int), "400", 1,    \
	    36500, NULL, "DAYS", N_("days of tally windows kept for reports and history"), NULL},  \
	    HV_ZONE_SETTING(type, field.timezone),                                                 \
	{                                                                                          \
		"log-level", HV_SET_ENUM, offsetof(type, field.log_level), sizeof(int), "info", 0, \
		    0, "error|warning|info|debug", "LEVEL", N_("least important messages logged"), \
		    NULL                                                                           \
	}

typedef struct hv_node hv_node_t;

/* The sockets (and readers) one node may have: enough for an office's 64
 * upstreams, two sockets each, and its own. */
#define HV_NODE_MAX_SOCKETS (2 * 64 + 8)

/* What a program tells hv_node_main. Every function gets SELF. */
typedef struct {
	const hv_config_spec_t *spec; /* its settings table and --help */
	void *settings;               /* the struct the table fills */
	hv_node_settings_t *node_set; /* the rows of it this file reads */
	void *self;                   /* the program's state */
	/* Open the state and the sockets, add readers and timers, and call
	 * hv_node_serve. 0, or -1 after logging why (exit 1). */
	int (*start)(void *self, hv_node_t *node);
	/* After the loop, before the feed's last word: commit what is open. */
	void (*drain)(void *self);
	/* After the last word: the last checkpoint. True when everything is
	 * saved, so the next start may go on at the next seq. */
	bool (*finish)(void *self);
	/* Close and free the program's state (the node's sockets are closed
	 * already). Also after a failed start. */
	void (*stop)(void *self);
	/* SIGHUP; NULL: nothing to reload (said in the log). */
	void (*reload)(void *self);
} hv_node_program_t;

/* Run PROGRAM: read its settings, start it, loop until TERM or INT, and
 * stop it. Returns the exit status: 0, 1 (failed to start), 2 (bad
 * settings). */
int hv_node_main(const hv_node_program_t *program, int argc, char **argv);

/* The state directory (--state, else the default; created when missing),
 * and the path of FILE in it into PATH. 0, or -1 after logging why. */
int hv_node_state_path(hv_node_t *self, const char *file, char *path, size_t size);
const char *hv_node_state_dir(const hv_node_t *self);

/* The ZeroMQ context. */
void *hv_node_context(hv_node_t *self);

/* A socket of TYPE, closed by the node at teardown; NULL on failure. */
void *hv_node_socket(hv_node_t *self, int type);

/* Bind SOCK as this node's endpoint NAME at EP, protected as SEC says (the
 * ZAP handler starts with the first CURVE endpoint). 0, or -1 logged. */
int hv_node_bind(hv_node_t *self, void *sock, const char *name, const char *ep,
    const hv_bind_security_t *sec);

/* Bind the feed and sync endpoints of the settings, publish as SOURCE's
 * node, province and district with seq numbers from JOURNAL's promise,
 * answer sync requests from SOURCE (borrowed: it must outlive the node),
 * count the feed's subscribers, and publish TALLY's due windows every
 * PUBLISH_MS with a heartbeat every second. 0, or -1 logged. */
int hv_node_serve(hv_node_t *self, hv_journal_t *journal, const hv_sync_source_t *source,
    hv_tally_t *tally, int publish_ms);

/* Call FN(ARG, PREFIX, LEN) for each new subscription to the feed, with its
 * topic prefix (what a program says again to a new subscriber: a store its
 * place). */
void hv_node_on_subscribe(
    hv_node_t *self, void (*fn)(void *arg, const char *prefix, size_t len), void *arg);

/* The sync ROUTER (after hv_node_serve), for an answer sent later. */
void *hv_node_sync_socket(hv_node_t *self);

/* The feed (after hv_node_serve). */
hv_feed_t *hv_node_feed(hv_node_t *self);

/* Call FN(ARG, NOW) whenever SOCK (a ZeroMQ socket) is readable; NOW is
 * Unix ms. 0, or -1 when the node has no room for more. */
int hv_node_reader(hv_node_t *self, void *sock, void (*fn)(void *arg, int64_t now), void *arg);

/* Call FN(ARG, NOW) every INTERVAL_MS, first INTERVAL_MS from now (0: at
 * the first turn). Returns the timer's number, or -1. */
int hv_node_timer(hv_node_t *self, int64_t interval_ms, void (*fn)(void *arg, int64_t now),
    void *arg);

/* Make timer ID due again at the next turn (work is left for it). */
void hv_node_timer_soon(hv_node_t *self, int id);

/* Promise feed seq numbers ahead in the journal, once half the promise is
 * used (a crash never makes seq go back). Call it where the journal may be
 * written; 0, or -1 when the write failed (tried again next time). */
int hv_node_reserve_seq(hv_node_t *self);

/* Tell the node its database was committed now (status's last_commit). */
void hv_node_committed(hv_node_t *self, int64_t now);

/* Count a message thrown away (status's dropped). */
void hv_node_count_dropped(hv_node_t *self);

/* Fill the counters of `status` the node keeps: seq, feed_stalls,
 * dropped, refused, started, last_commit, subscribers, journal_size. */
void hv_node_counts(const hv_node_t *self, hv_sync_counts_t *c);

#endif
