/*
 * cmd_status.c -- `hangviet status`: what an operator checks first, asked of
 * a running store daemon or district node over its sync socket (doc/protocol.md
 * "Sync", {op: "status"}): version, uptime, events today, the last commit,
 * the feed's subscribers and drops, the journal's size.
 */
#include <stddef.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "cmd.h"
#include "date.h"
#include "i18n.h"
#include "json.h"
#include "log.h"
#include "security.h"
#include "text.h"
#include "wire.h"

#define REPLY_MAX (64 * 1024) /* a status answer is a few hundred bytes */

typedef struct {
	hv_cmd_connect_t to;
	int json;
	int timeout;
} status_opts_t;

#define S(f) offsetof(status_opts_t, f), sizeof(((status_opts_t *)0)->f)
static const hv_setting_t s_settings[] = {
    HV_CMD_CONNECT_SETTINGS(status_opts_t, to, HV_EP_STORE_SYNC,
        N_("the sync endpoint (a store daemon's; a district node's is tcp://127.0.0.1:5592)")),
    HV_CMD_FORMAT_SETTING(status_opts_t, json, N_("text, or json: the answer's keys as they are")),
    {"timeout", HV_SET_INT, S(timeout), "3", 1, 3600, NULL, "SECONDS",
        N_("how long to wait for the answer"), NULL},
    HV_CMD_SETTINGS_END,
};

static const hv_config_spec_t s_spec = {"hangviet status",
    N_("ask a running daemon or district node how it is doing"), s_settings, NULL, NULL,
    N_("Asks a store daemon (or, with --connect, a district node) over its sync socket for what an operator checks first: version, uptime, events today (the lines and voids counted since midnight, as `hangviet report` shows them), the last commit to its journal, the feed's subscribers and the times one was found stalled, messages dropped, and the journal's size. A district node counts the region windows it has held since it started.\n"
       "\n"
       "Exit status: 0 when the node answered, 1 when it did not.")};

/* Send {op: "status"} on SOCK and wait up to TIMEOUT_MS for the answer into
 * MSG. Returns 0, or -1 when none came. */
static int
s_ask(void *sock, int timeout_ms, zmq_msg_t *msg)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	int rc;

	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 1);
	hv_wire_kv_str(&pk, "op", "status");
	rc = zmq_send(sock, "", 0, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0 ||
	             zmq_send(sock, sb.data, sb.size, ZMQ_DONTWAIT) < 0
	         ? -1
	         : 0;
	msgpack_sbuffer_destroy(&sb);
	for (int64_t end = hv_clock_ms(CLOCK_MONOTONIC) + timeout_ms; rc == 0;) {
		int64_t left = end - hv_clock_ms(CLOCK_MONOTONIC);
		zmq_pollitem_t item = {sock, 0, ZMQ_POLLIN, 0};
		if (left <= 0 || zmq_poll(&item, 1, (long)left) <= 0)
			return -1;
		if (zmq_msg_recv(msg, sock, 0) >= 0 && zmq_msg_size(msg) > 0)
			return 0; /* the body (the empty delimiter is skipped) */
	}
	return -1;
}

/* "2 d 03 h", "3 h 05 min", "42 s". */
static void
s_format_span(int64_t s, char *buf, size_t size)
{
	if (s >= 86400)
		snprintf(
		    buf, size, _("%" PRId64 " d %02" PRId64 " h"), s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(buf, size, _("%" PRId64 " h %02" PRId64 " min"), s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(buf, size, _("%" PRId64 " min %02" PRId64 " s"), s / 60, s % 60);
	else
		snprintf(buf, size, _("%" PRId64 " s"), s);
}

/* Bytes as a person reads them. */
static void
s_format_size(int64_t bytes, char *buf, size_t size)
{
	if (bytes >= 1024 * 1024)
		snprintf(buf, size, "%.1f MB", (double)bytes / (1024 * 1024));
	else
		snprintf(buf, size, "%.1f kB", (double)bytes / 1024);
}

/* Print LABEL padded to 16 display columns (not bytes: Vietnamese labels
 * hold multi-byte letters), then the value FMT says. */
static void __attribute__((format(printf, 2, 3))) s_field(const char *label, const char *fmt, ...)
{
	int chars = hv_text_width(label);
	va_list ap;

	printf("%s%*s ", label, chars < 16 ? 16 - chars : 0, "");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static int64_t
s_int(const msgpack_object *m, const char *key)
{
	int64_t v = 0;
	hv_wire_get_int(m, key, &v);
	return v;
}

static void
s_print_text(const msgpack_object *m)
{
	char node[64] = "", province[64] = "", district[64] = "", version[32] = "";
	char span[64], size[32], when[32];
	int64_t last = s_int(m, "last_commit");

	hv_wire_get_str(m, "node", node, sizeof node);
	hv_wire_get_str(m, "province", province, sizeof province);
	hv_wire_get_str(m, "district", district, sizeof district);
	hv_wire_get_str(m, "version", version, sizeof version);
	if (province[0] != '\0' || district[0] != '\0')
		s_field(_("node"), "%s (%s/%s)", node, province, district);
	else
		s_field(_("node"), "%s", node);
	s_field(_("version"), "%s", version);
	s_format_span(s_int(m, "uptime"), span, sizeof span);
	s_field(_("up for"), "%s", span);
	s_field(_("events today"), "%" PRId64, s_int(m, "events_today"));
	if (last > 0) {
		time_t t = (time_t)(last / 1000);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		s_format_span((hv_clock_ms(CLOCK_REALTIME) - last) / 1000, span, sizeof span);
		s_field(_("last commit"), _("%s (%s ago)"), when, span);
	} else
		s_field(_("last commit"), "%s", _("none since it started"));
	s_field(_("subscribers"), "%" PRId64, s_int(m, "subscribers"));
	s_field(_("feed stalls"), "%" PRId64, s_int(m, "feed_stalls"));
	s_field(_("feed seq"), "%" PRId64, s_int(m, "seq"));
	s_field(_("stores"), "%" PRId64, s_int(m, "stores"));
	s_field(_("dropped"),
	    _("%" PRId64 " unreadable, %" PRId64 " missed upstream, %" PRId64
	      " keys refused, %" PRId64 " foreign"),
	    s_int(m, "dropped"), s_int(m, "missed"), s_int(m, "refused"), s_int(m, "foreign"));
	s_format_size(s_int(m, "journal_size"), size, sizeof size);
	s_field(_("journal size"), "%s", size);
	int64_t synced = s_int(m, "catalog_synced");
	if (synced > 0) {
		s_format_span((hv_clock_ms(CLOCK_REALTIME) - synced) / 1000, span, sizeof span);
		s_field(_("catalog version"), _("%" PRId64 " (the office's, heard %s ago)"),
		    s_int(m, "catalog_version"), span);
	} else {
		s_field(_("catalog version"), "%" PRId64, s_int(m, "catalog_version"));
	}
}

/* Print the answer REPLY from EP; an HV_EXIT_*. */
static int
s_show(const zmq_msg_t *reply, const char *ep, bool json)
{
	msgpack_unpacked msg;
	const char *why;
	char op[16] = "";
	int rc = HV_EXIT_FAIL;

	if (hv_wire_unpack_map(zmq_msg_data((zmq_msg_t *)reply), zmq_msg_size((zmq_msg_t *)reply),
	        &msg, &why) < 0) {
		hv_error(_("%s answered something unreadable: %s"), ep, why);
		return rc;
	}
	if (hv_wire_get_str(&msg.data, "op", op, sizeof op) < 0 || strcmp(op, "status") != 0) {
		hv_error(_("%s did not answer a status request"), ep);
	} else if (json) {
		hv_json_msgpack(stdout, &msg.data);
		putchar('\n');
		rc = HV_EXIT_OK;
	} else {
		s_print_text(&msg.data);
		rc = HV_EXIT_OK;
	}
	msgpack_unpacked_destroy(&msg);
	return rc;
}

static int
s_run(void *settings, int argc, char **argv)
{
	const status_opts_t *o = settings;
	void *ctx, *sock;
	zmq_msg_t reply;
	int rc = HV_EXIT_FAIL;

	if (argc > 0)
		return hv_cmd_usage_error(&hv_cmd_status, _("unexpected argument '%s'"), argv[0]);
	if ((sock = hv_cmd_connect(&o->to, ZMQ_DEALER, &ctx)) == NULL)
		return HV_EXIT_USAGE;
	zmq_setsockopt(sock, ZMQ_MAXMSGSIZE, &(int64_t){REPLY_MAX}, sizeof(int64_t));
	zmq_msg_init(&reply);
	if (s_ask(sock, o->timeout * 1000, &reply) < 0)
		hv_error(_("no answer from %s within %d s: is the daemon running, and is that its "
		           "sync endpoint?"),
		    o->to.connect, o->timeout);
	else
		rc = s_show(&reply, o->to.connect, o->json);
	zmq_msg_close(&reply);
	hv_cmd_disconnect(sock, ctx);
	return rc;
}

const hv_cmd_t hv_cmd_status = {"status", &s_spec, sizeof(status_opts_t), s_run};
