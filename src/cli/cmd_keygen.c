/*
 * cmd_keygen.c -- `hangviet keygen NAME`: a CurveZMQ key pair for a node
 * (keys.h writes the files).
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "keys.h"

static int
s_run(int argc, char **argv)
{
	char err[1024];

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return hv_cmd_help(&hv_cmd_keygen);
	if (argc != 2 || argv[1][0] == '-')
		return hv_cmd_usage_error(
		    &hv_cmd_keygen, "%s", _("give one NAME for the key files"));
	if (hv_keys_generate(argv[1], err, sizeof err) < 0) {
		fprintf(stderr, "hangviet keygen: %s\n", err);
		return HV_EXIT_FAIL;
	}
	printf(_("wrote %s.key (the secret key: keep it on this machine, mode 600) and %s.pub "
	         "(the public key: give it to the nodes that must admit this one)\n"),
	    argv[1], argv[1]);
	return HV_EXIT_OK;
}

const hv_cmd_t hv_cmd_keygen = {
    .name = "keygen",
    .usage = "NAME",
    .summary = N_("make a CurveZMQ key pair: NAME.key (secret) and NAME.pub"),
    .help = N_("Writes a new key pair as Z85 text: NAME.key holds the secret key and is\n"
               "readable by its owner only; NAME.pub holds the public key. Existing files\n"
               "are never overwritten. A server names its .key as server_key; a client's\n"
               ".pub goes into the server's allow_dir; a client names the server's .pub\n"
               "as server_public_key and its own .key as client_key.\n\n"
               "Exit status: 0 written, 1 not written (a file exists, or no permission),\n"
               "2 wrong command line.\n"),
    .run = s_run,
};
