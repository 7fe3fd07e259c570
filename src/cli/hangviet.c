/*
 * hangviet.c -- the command-line tool for people: catalog import and
 * export, lookup; reports, watch and the demo come as their issues land.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "autoconfig.h"
#include "i18n.h"
#include "log.h"
#include "state.h"
#include "zone.h"

static const hv_cmd_t *const s_cmds[] = {&hv_cmd_catalog, &hv_cmd_lookup, &hv_cmd_scan,
    &hv_cmd_watch, &hv_cmd_report, &hv_cmd_unknown, &hv_cmd_status, &hv_cmd_demo,
    &hv_cmd_keygen};
#define NCMDS (sizeof s_cmds / sizeof s_cmds[0])

static void
s_usage(FILE *out)
{
	fprintf(out, "%s\n%s\n\n%s\n", _("Usage: hangviet COMMAND [OPTIONS] [ARGUMENTS]"),
	    _("Tags what a Vietnamese supermarket sells as Vietnamese-made or imported."),
	    _("Commands:"));
	for (size_t i = 0; i < NCMDS; i++)
		fprintf(out, "  %-8s %s\n", s_cmds[i]->name, _(s_cmds[i]->spec->summary));
	fprintf(out, "\n%s\n  --help     %s\n  --version  %s\n\n%s\n", _("Options:"),
	    _("show this help and exit"), _("show the version and exit"),
	    _("Run 'hangviet COMMAND --help' for a command's options."));
}

int
main(int argc, char **argv)
{
	hv_i18n_init();
	hv_log_init("hangviet", HV_LOG_INFO);
	hv_zone_init(NULL); /* local days: TZ, else Vietnam's (zone.h) */

	if (argc < 2) {
		s_usage(stderr);
		return HV_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		s_usage(stdout);
		return HV_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("hangviet %s\n", PACKAGE_VERSION);
		return HV_EXIT_OK;
	}
	for (size_t i = 0; i < NCMDS; i++)
		if (strcmp(argv[1], s_cmds[i]->name) == 0)
			return hv_cmd_main(s_cmds[i], argc - 1, argv + 1);
	fprintf(stderr, _("hangviet: unknown command '%s'\n"), argv[1]);
	fprintf(stderr, "%s\n", _("Run 'hangviet --help' for the list of commands."));
	return HV_EXIT_USAGE;
}
