/*
 * cmd_keygen.c -- `hangviet keygen NAME`: a CurveZMQ key pair for a node
 * (keys.h writes the files).
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "keys.h"

static const hv_setting_t s_settings[] = {HV_CMD_SETTINGS_END};

static const hv_config_spec_t s_spec = {"hangviet keygen",
    N_("make a CurveZMQ key pair: NAME.key (secret) and NAME.pub"), s_settings, NULL, "NAME",
    N_("Writes a new key pair as Z85 text: NAME.key holds the secret key and is readable by its owner only; NAME.pub holds the public key. Existing files are never overwritten. A server names its .key as server_key; a client's .pub goes into the server's allow_dir; a client names the server's .pub as server_public_key and its own .key as client_key.\n"
       "\n"
       "Exit status: 0 written, 1 not written (a file exists, or no permission), 2 wrong command line.")};

static int
s_run(void *settings, int argc, char **argv)
{
	char err[1024];

	(void)settings;
	if (argc != 1)
		return hv_cmd_usage_error(
		    &hv_cmd_keygen, "%s", _("give one NAME for the key files"));
	if (hv_keys_generate(argv[0], err, sizeof err) < 0) {
		fprintf(stderr, "hangviet keygen: %s\n", err);
		return HV_EXIT_FAIL;
	}
	printf(_("wrote %s.key (the secret key: keep it on this machine, mode 600) and %s.pub "
	         "(the public key: give it to the nodes that must admit this one)\n"),
	    argv[0], argv[0]);
	return HV_EXIT_OK;
}

/* No options: the table is empty, so --help and the usage still come from it. */
const hv_cmd_t hv_cmd_keygen = {"keygen", &s_spec, 1, s_run};
