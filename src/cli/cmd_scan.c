/*
 * cmd_scan.c -- `hangviet scan`: test scans sent to a running store daemon
 * the way a lane sends them (doc/protocol.md "Checkout channel"), to check an
 * installation end to end: one transaction of one line per CODE, then its
 * end. Each line's tag is printed as `hangviet lookup` prints it, then the
 * receipt line. The scans are recorded and counted like any other, on
 * lane 9999 unless --lane says otherwise.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "checkout.h"
#include "cmd.h"
#include "date.h"
#include "i18n.h"
#include "log.h"
#include "security.h"

#define TEST_LANE 9999

typedef struct {
	hv_cmd_connect_t to;
	int lane;
	char txn[HV_TXN_MAX + 1];
	int json;
} scan_opts_t;

static int
s_check_txn(const char *v, const char **why)
{
	if (hv_checkout_txn_valid(v))
		return 0;
	*why = N_("a transaction id is 1-64 printable ASCII characters");
	return -1;
}

#define S(f) offsetof(scan_opts_t, f), sizeof(((scan_opts_t *)0)->f)
static const hv_setting_t s_settings[] = {
    HV_CMD_CONNECT_SETTINGS(scan_opts_t, to, HV_EP_STORE_INGEST, N_("the daemon's ingest endpoint")),
    {"lane", HV_SET_INT, S(lane), "9999", 1, 9999, NULL, "N", N_("the lane"), NULL},
    {"txn", HV_SET_STR, S(txn), NULL, 0, 0, NULL, "ID",
        N_("the transaction id (default: TEST-<Unix time>)"), s_check_txn},
    HV_CMD_FORMAT_SETTING(scan_opts_t, json, N_("text, or json: one object per line")),
    HV_CMD_SETTINGS_END,
};

static const hv_config_spec_t s_spec = {"hangviet scan",
    N_("send test scans to a running store daemon"), s_settings, NULL, "CODE...",
    N_("Sends one transaction to a store daemon the way a lane does: one line per CODE, then its end. Prints each line's tag as `hangviet lookup` does, then the receipt line. The scans are recorded and counted like any other: on lane 9999 unless --lane says otherwise, in transaction TEST-<time>.\n"
       "\n"
       "Exit status: 0 every code was a GTIN, 1 a code was not (it is still recorded, as unknown) or was refused, or the daemon did not answer, 2 wrong command line.")};

typedef struct {
	void *sock; /* REQ to the ingest endpoint */
	const char *ep;
	int timeout_ms;
} scan_t;

/* Send REQ and read its reply into OUT. 0, or -1 after saying why. */
static int
s_call(scan_t *s, const hv_request_t *req, hv_reply_t *out)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	char buf[HV_CHECKOUT_MAX_BODY];
	int n = -1;

	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	hv_checkout_pack_request(&pk, req);
	if (zmq_send(s->sock, sb.data, sb.size, 0) >= 0)
		n = zmq_recv(s->sock, buf, sizeof buf, 0);
	msgpack_sbuffer_destroy(&sb);
	if (n < 0) {
		hv_error(_("no answer from %s within %d s: is hangvietd running, and is that its "
		           "ingest endpoint?"),
		    s->ep, s->timeout_ms / 1000);
		return -1;
	}
	if (n > (int)sizeof buf || hv_checkout_read_reply(buf, (size_t)n, out) < 0) {
		hv_error(_("%s answered something unreadable"), s->ep);
		return -1;
	}
	return 0;
}

/* Scan CODES as lines 1..N of TXN, then end it. The exit status. */
static int
s_send_all(scan_t *s, hv_request_t *req, char **codes, int ncodes, bool json)
{
	hv_reply_t r;
	int rc = HV_EXIT_OK;

	for (int i = 0; i < ncodes; i++) {
		req->op = HV_OP_SCAN;
		req->line = i + 1;
		snprintf(req->code, sizeof req->code, "%s", codes[i]);
		if (s_call(s, req, &r) < 0)
			return HV_EXIT_FAIL;
		if (!r.ok && r.err != HV_ERR_BAD_REQUEST) {
			hv_error("%s: %s (%s)", codes[i], r.msg, hv_err_name(r.err));
			return HV_EXIT_FAIL;
		}
		hv_cmd_print_tag(codes[i], &r.tag, r.dup, r.ok ? NULL : r.msg, json);
		if (!r.ok || r.tag.gtin[0] == '\0')
			rc = HV_EXIT_FAIL; /* refused, or not a GTIN: as lookup says */
	}
	req->op = HV_OP_END;
	if (s_call(s, req, &r) < 0)
		return HV_EXIT_FAIL;
	if (!r.ok) {
		hv_error("%s: %s (%s)", req->txn, r.msg, hv_err_name(r.err));
		return HV_EXIT_FAIL;
	}
	if (!json)
		printf("%s: %s\n", req->txn, r.receipt);
	return rc;
}

static int
s_run(void *settings, int argc, char **argv)
{
	const scan_opts_t *o = settings;
	scan_t s = {NULL, o->to.connect, 3000};
	hv_request_t req = {.lane = o->lane, .qty = 1};
	void *ctx;
	hv_reply_t r;
	int rc = HV_EXIT_FAIL;

	if (o->txn[0] != '\0')
		snprintf(req.txn, sizeof req.txn, "%s", o->txn);
	else
		snprintf(req.txn, sizeof req.txn, "TEST-%lld", (long long)time(NULL));
	if (argc == 0)
		return hv_cmd_usage_error(&hv_cmd_scan, "%s", _("no CODE to scan"));
	for (int i = 0; i < argc; i++)
		if (strlen(argv[i]) > HV_CODE_MAX)
			return hv_cmd_usage_error(
			    &hv_cmd_scan, _("'%s' is too long for a code"), argv[i]);
	if ((s.sock = hv_cmd_connect(&o->to, ZMQ_REQ, &ctx)) == NULL)
		return HV_EXIT_USAGE;
	zmq_setsockopt(s.sock, ZMQ_RCVTIMEO, &s.timeout_ms, sizeof s.timeout_ms);
	if (s_call(&s, &(hv_request_t){.op = HV_OP_PING}, &r) == 0) {
		/* The daemon's own store id: a test scan is for the store it is. */
		snprintf(req.store, sizeof req.store, "%s", r.store);
		rc = s_send_all(&s, &req, argv, argc, o->json);
	}
	hv_cmd_disconnect(s.sock, ctx);
	return rc;
}

const hv_cmd_t hv_cmd_scan = {"scan", &s_spec, sizeof(scan_opts_t), s_run};
