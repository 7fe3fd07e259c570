/*
 * cmd.c -- what the subcommands of the hangviet tool share (cmd.h).
 */
#include "cmd.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "log.h"
#include "state.h"

int
hv_cmd_usage_error(const hv_cmd_t *cmd, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "hangviet %s: %s\n", cmd->name, msg);
	fprintf(stderr, _("Usage: hangviet %s %s\n"), cmd->name, cmd->usage);
	fprintf(stderr, _("Run 'hangviet %s --help' for more.\n"), cmd->name);
	return HV_EXIT_USAGE;
}

int
hv_cmd_bad_option(const hv_cmd_t *cmd, int c, char **argv)
{
	if (c == ':')
		return hv_cmd_usage_error(cmd, _("%s needs a value"), argv[optind - 1]);
	return hv_cmd_usage_error(cmd, _("unknown option %s"), argv[optind - 1]);
}

int
hv_cmd_format_json(const hv_cmd_t *cmd, const char *arg, bool *json)
{
	if (strcmp(arg, "json") != 0 && strcmp(arg, "text") != 0) {
		hv_cmd_usage_error(cmd, _("unknown format '%s' (text or json)"), arg);
		return -1;
	}
	*json = strcmp(arg, "json") == 0;
	return 0;
}

bool
hv_cmd_connect_option(int c, const char **ep, hv_connect_security_t *sec)
{
	switch (c) {
	case 'c': *ep = optarg; return true;
	case 'S': sec->server_public_key = optarg; return true;
	case 'k': sec->client_key = optarg; return true;
	case 'i': sec->insecure = 1; return true;
	default: return false;
	}
}

int
hv_cmd_help(const hv_cmd_t *cmd)
{
	printf(_("Usage: hangviet %s %s\n"), cmd->name, cmd->usage);
	printf("%s\n\n%s", _(cmd->summary), _(cmd->help));
	return HV_EXIT_OK;
}

hv_catalog_t *
hv_cmd_open_catalog(const char *state_opt, bool writable, char *path, size_t pathlen)
{
	char dir[4096], err[512];
	hv_catalog_t *cat;

	if (hv_state_dir(state_opt, dir, sizeof dir) < 0) {
		hv_error("%s", _("no state directory: give --state DIR or set HANGVIET_STATE"));
		return NULL;
	}
	if (hv_state_path(dir, "catalog.db", path, pathlen) < 0) {
		hv_error(_("state directory path too long: %s"), dir);
		return NULL;
	}
	if (writable && hv_state_mkdir(dir) < 0) {
		hv_log_errno(HV_LOG_ERROR, _("cannot create the state directory %s"), dir);
		return NULL;
	}
	if ((cat = hv_catalog_open(path, writable, err, sizeof err)) == NULL)
		hv_error("%s", err);
	return cat;
}

