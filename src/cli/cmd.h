/*
 * cmd.h -- the subcommands of the hangviet tool. Each cmd_*.c file exports
 * one hv_cmd_t; hangviet.c holds the table and dispatches.
 */
#ifndef HV_CMD_H
#define HV_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "config.h"
#include "endpoint.h"
#include "i18n.h"
#include "journal.h"
#include "security.h"
#include "tag.h"

#define HV_EXIT_OK    0 /* success */
#define HV_EXIT_FAIL  1 /* a run-time failure: bad data, database, I/O */
#define HV_EXIT_USAGE 2 /* the command line was wrong */

/* A subcommand: its options come from a settings table (config.h), as the
 * daemons' do, so the defaults, ranges, choices and --help never disagree;
 * hangviet.c parses them into a struct of SIZE bytes and calls RUN with
 * the operands left. */
typedef struct {
	const char *name;             /* as typed: "catalog", "lookup" */
	const hv_config_spec_t *spec; /* program "hangviet NAME", its table, operands, help */
	size_t size;                  /* the settings struct the table fills */
	/* SETTINGS filled; ARGV holds the ARGC operands. An HV_EXIT_*. */
	int (*run)(void *settings, int argc, char **argv);
} hv_cmd_t;

extern const hv_cmd_t hv_cmd_catalog;
extern const hv_cmd_t hv_cmd_lookup;
extern const hv_cmd_t hv_cmd_watch;
extern const hv_cmd_t hv_cmd_report;
extern const hv_cmd_t hv_cmd_demo;
extern const hv_cmd_t hv_cmd_keygen;
extern const hv_cmd_t hv_cmd_status;
extern const hv_cmd_t hv_cmd_scan;
extern const hv_cmd_t hv_cmd_unknown;

/* Print "hangviet NAME: MESSAGE", the usage and how to get help to stderr;
 * returns HV_EXIT_USAGE, so a command can `return hv_cmd_usage_error(...)`. */
int hv_cmd_usage_error(const hv_cmd_t *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Parse ARGV for CMD and run it. */
int hv_cmd_main(const hv_cmd_t *cmd, int argc, char **argv);

/* The options of a command that talks to a node: the same names as the
 * bridge's and the office's (--server-public-key, --client-key), the
 * older --server-key and --key kept as aliases for this release. */
typedef struct {
	char connect[256];            /* --connect EP */
	char server_public_key[1024]; /* the node's NAME.pub, "" for plaintext */
	char client_key[1024];        /* this client's NAME.key */
	int insecure;                 /* plaintext to a node on the network */
} hv_cmd_connect_t;

/* The table rows of hv_cmd_connect_t FIELD in TYPE; EP is the default
 * endpoint (endpoint.h), WHAT the help line of --connect. */
#define HV_CMD_CONNECT_SETTINGS(type, field, ep, what)                                             \
	{"connect", HV_SET_STR, offsetof(type, field.connect), sizeof(((type *)0)->field.connect), \
	    ep, 0, 0, NULL, "EP", what, hv_endpoint_check},                                        \
	    {"server-public-key", HV_SET_STR, offsetof(type, field.server_public_key),             \
	        sizeof(((type *)0)->field.server_public_key), "", 0, 0, NULL, "FILE.pub",          \
	        N_("the node's CurveZMQ public key, when the endpoint is CurveZMQ"), NULL},        \
	    {"server-key", HV_SET_ALIAS, 0, 0, "server-public-key", 0, 0, NULL, NULL, NULL, NULL}, \
	    {"client-key", HV_SET_STR, offsetof(type, field.client_key),                           \
	        sizeof(((type *)0)->field.client_key), "", 0, 0, NULL, "FILE.key",                 \
	        N_("this client's secret key (hangviet keygen), whose .pub the node allows"),      \
	        NULL},                                                                             \
	    {"key", HV_SET_ALIAS, 0, 0, "client-key", 0, 0, NULL, NULL, NULL, NULL},               \
	{                                                                                          \
		"insecure", HV_SET_BOOL, offsetof(type, field.insecure), sizeof(int), "no", 0, 0,  \
		    NULL, NULL, N_("plaintext to a node on the network (not recommended)"), NULL   \
	}

/* The row of --format text|json into the int FIELD of TYPE (1: json). */
#define HV_CMD_FORMAT_SETTING(type, field, what)                                                   \
	{                                                                                          \
		"format", HV_SET_ENUM, offsetof(type, field), sizeof(int), "text", 0, 0,           \
		    "text|json", "text|json", what, NULL                                           \
	}

/* The row of --state DIR into the string FIELD of TYPE. */
#define HV_CMD_STATE_SETTING(type, field)                                                          \
	{                                                                                          \
		"state", HV_SET_STR, offsetof(type, field), sizeof(((type *)0)->field), "", 0, 0,  \
		    NULL, "DIR",                                                                   \
		    N_("the state directory (default: $HANGVIET_STATE, else "                      \
		       "$XDG_STATE_HOME/hangviet)"),                                               \
		    NULL                                                                           \
	}

/* The end of a table. */
#define HV_CMD_SETTINGS_END {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL, NULL, NULL}

/* A ZeroMQ socket of TYPE connected as C says, in a new context *CTX, with
 * no linger; NULL after saying why (then *CTX is terminated already). */
void *hv_cmd_connect(const hv_cmd_connect_t *c, int type, void **ctx);

/* Close SOCK and terminate CTX. */
void hv_cmd_disconnect(void *sock, void *ctx);

/* One tagged code as `hangviet lookup` prints it: "CODE CLASS COUNTRY BASIS
 * NAME", or with JSON one object with the keys of the daemon's reply. WHY
 * (translated) instead of the tag: the code was refused as bad. */
void hv_cmd_print_tag(const char *code, const hv_tag_t *tag, bool dup, const char *why, bool json);

/* Open the catalog of the state directory STATE_OPT (--state, or "" for
 * the default): writable creates it. Returns NULL after logging why. */
/* The options that say a period (period.c): each "" when not given. */
typedef struct {
	char day[32], month[32], from[32], to[32];
} hv_cmd_period_t;

/* The rows of hv_cmd_period_t FIELD in TYPE: --day, --month, --from, --to. */
#define HV_CMD_PERIOD_SETTINGS(type, field)                                                        \
	{"day", HV_SET_STR, offsetof(type, field.day), sizeof(((type *)0)->field.day), "", 0, 0,   \
	    NULL, "YYYY-MM-DD", N_("the day to report (default: today)"), NULL},                   \
	    {"month", HV_SET_STR, offsetof(type, field.month), sizeof(((type *)0)->field.month),   \
	        "", 0, 0, NULL, "YYYY-MM", N_("the month to report"), NULL},                        \
	    {"from", HV_SET_STR, offsetof(type, field.from), sizeof(((type *)0)->field.from), "",  \
	        0, 0, NULL, "T", N_("the period's start, with --to"), NULL},                       \
	{                                                                                          \
		"to", HV_SET_STR, offsetof(type, field.to), sizeof(((type *)0)->field.to), "", 0, 0, \
		    NULL, "T", N_("the period's end (a date given is included)"), NULL            \
	}

/* The period O says, [*FROM, *TO) in Unix ms of local days: today when it
 * says none; --day; --month; --from and --to (T is YYYY-MM-DD, a date as
 * --to included, or "YYYY-MM-DD HH:MM"). 0, or HV_EXIT_USAGE after saying
 * what was wrong. */
int hv_cmd_period(const hv_cmd_t *cmd, const hv_cmd_period_t *o, int64_t *from, int64_t *to);

/* The state's journal.db (a store), else its district.db (an office),
 * opened read-only; its path into PATH. NULL after saying why. */
hv_journal_t *hv_cmd_open_journal(const char *state_opt, char *path, size_t size);

hv_catalog_t *hv_cmd_open_catalog(const char *state_opt, bool writable, char *path, size_t pathlen);

#endif
