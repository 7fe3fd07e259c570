/*
 * cmd.h -- the subcommands of the hangviet tool. Each cmd_*.c file exports
 * one hv_cmd_t; hangviet.c holds the table and dispatches.
 */
#ifndef HV_CMD_H
#define HV_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"
#include "security.h"
#include "tag.h"

#define HV_EXIT_OK    0 /* success */
#define HV_EXIT_FAIL  1 /* a run-time failure: bad data, database, I/O */
#define HV_EXIT_USAGE 2 /* the command line was wrong */

typedef struct {
	const char *name;                  /* as typed: "catalog", "lookup" */
	const char *usage;                 /* synopsis after "hangviet NAME " */
	const char *summary;               /* one line for `hangviet --help`, translatable */
	const char *help;                  /* the rest of `hangviet NAME --help`, translatable */
	int (*run)(int argc, char **argv); /* argv[0] is NAME; returns an HV_EXIT_* */
} hv_cmd_t;

extern const hv_cmd_t hv_cmd_catalog;
extern const hv_cmd_t hv_cmd_lookup;
extern const hv_cmd_t hv_cmd_watch;
extern const hv_cmd_t hv_cmd_report;
extern const hv_cmd_t hv_cmd_demo;
extern const hv_cmd_t hv_cmd_keygen;
extern const hv_cmd_t hv_cmd_status;
extern const hv_cmd_t hv_cmd_scan;

/* Print "hangviet NAME: MESSAGE" and how to get help to stderr; returns
 * HV_EXIT_USAGE, so a command can `return hv_cmd_usage_error(...)`. */
int hv_cmd_usage_error(const hv_cmd_t *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* After getopt_long returned C, not one of the command's own: "--x needs a
 * value" (C is ':') or "unknown option --x". Returns HV_EXIT_USAGE. */
int hv_cmd_bad_option(const hv_cmd_t *cmd, int c, char **argv);

/* --format text|json: *JSON set, 0; or -1 after saying what was wrong. */
int hv_cmd_format_json(const hv_cmd_t *cmd, const char *arg, bool *json);

/* The options of a command that connects to a node, for its getopt_long
 * tables: --connect EP, --server-key FILE.pub, --key FILE.key, --insecure. */
#define HV_CMD_CONNECT_OPTIONS                                                                     \
	{"connect", required_argument, NULL, 'c'}, {"server-key", required_argument, NULL, 'S'},   \
	    {"key", required_argument, NULL, 'k'},                                                 \
	{                                                                                          \
		"insecure", no_argument, NULL, 'i'                                                 \
	}
#define HV_CMD_CONNECT_SHORT "c:S:k:i"

/* Take getopt_long's C into *EP or *SEC when it is one of those options;
 * true when it was. */
bool hv_cmd_connect_option(int c, const char **ep, hv_connect_security_t *sec);

/* One tagged code as `hangviet lookup` prints it: "CODE CLASS COUNTRY BASIS
 * NAME", or with JSON one object with the keys of the daemon's reply. WHY
 * (translated) instead of the tag: the code was refused as bad. */
void hv_cmd_print_tag(const char *code, const hv_tag_t *tag, bool dup, const char *why, bool json);

/* Print the command's full help to stdout; returns HV_EXIT_OK. */
int hv_cmd_help(const hv_cmd_t *cmd);

/* Open the catalog of the state directory STATE_OPT (--state, or NULL for
 * the default): writable creates it. Returns NULL after logging why. */
hv_catalog_t *hv_cmd_open_catalog(const char *state_opt, bool writable, char *path, size_t pathlen);

#endif
