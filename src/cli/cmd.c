/*
 * cmd.c -- what the subcommands of the hangviet tool share (cmd.h).
 */
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "i18n.h"
#include "log.h"
#include "state.h"

/* "Usage: hangviet NAME [OPTIONS] OPERANDS" */
static void
s_usage(const hv_cmd_t *cmd, FILE *out)
{
	const char *ops = cmd->spec->operands;
	fprintf(out, _("Usage: %s [OPTIONS]%s%s\n"), cmd->spec->program, ops != NULL ? " " : "",
	    ops != NULL ? ops : "");
}

int
hv_cmd_usage_error(const hv_cmd_t *cmd, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "hangviet %s: %s\n", cmd->name, msg);
	s_usage(cmd, stderr);
	fprintf(stderr, _("Run 'hangviet %s --help' for more.\n"), cmd->name);
	return HV_EXIT_USAGE;
}

int
hv_cmd_main(const hv_cmd_t *cmd, int argc, char **argv)
{
	void *settings = calloc(1, cmd->size);
	int first = 0, rc;

	if (settings == NULL) {
		hv_error("%s", _("out of memory"));
		return HV_EXIT_FAIL;
	}
	rc = hv_config_parse(cmd->spec, settings, argc, argv, &first);
	if (rc == 0) {
		rc = cmd->run(settings, argc - first, argv + first);
	} else if (rc < 0) {
		s_usage(cmd, stderr);
		rc = HV_EXIT_USAGE;
	} else {
		rc = HV_EXIT_OK;
	}
	free(settings);
	return rc;
}

void *
hv_cmd_connect(const hv_cmd_connect_t *c, int type, void **ctx)
{
	hv_connect_security_t sec = {c->server_public_key, c->client_key, c->insecure};
	int zero = 0;
	void *sock;

	*ctx = zmq_ctx_new();
	sock = zmq_socket(*ctx, type);
	zmq_setsockopt(sock, ZMQ_LINGER, &zero, sizeof zero);
	if (hv_security_connect(sock, c->connect, &sec) < 0) {
		hv_cmd_disconnect(sock, *ctx);
		return NULL;
	}
	return sock;
}

void
hv_cmd_disconnect(void *sock, void *ctx)
{
	zmq_close(sock);
	zmq_ctx_term(ctx);
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

