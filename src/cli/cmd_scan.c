/*
 * cmd_scan.c -- `hangviet scan`: test scans sent to a running store daemon
 * the way a lane sends them (DESIGN.md "Command line"), to check an
 * installation end to end: one transaction of one line per CODE, then its
 * end. Each line's tag is printed as `hangviet lookup` prints it, then the
 * receipt line. The scans are recorded and counted like any other, on
 * lane 9999 unless --lane says otherwise.
 */
#include <getopt.h>
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
s_run(int argc, char **argv)
{
	static const struct option longopts[] = {
	    HV_CMD_CONNECT_OPTIONS,
	    {"lane", required_argument, NULL, 'l'},
	    {"txn", required_argument, NULL, 't'},
	    {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	scan_t s = {NULL, "tcp://127.0.0.1:5580", 3000};
	hv_connect_security_t sec = {"", "", 0};
	hv_request_t req = {.lane = TEST_LANE, .qty = 1};
	bool json = false;
	int c;

	snprintf(req.txn, sizeof req.txn, "TEST-%lld", (long long)time(NULL));
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":" HV_CMD_CONNECT_SHORT "l:t:f:h", longopts, NULL)) !=
	       -1) {
		if (hv_cmd_connect_option(c, &s.ep, &sec))
			continue;
		switch (c) {
		case 'l':
			req.lane = atoi(optarg);
			if (req.lane < 1 || req.lane > 9999)
				return hv_cmd_usage_error(
				    &hv_cmd_scan, "%s", _("--lane takes 1-9999"));
			break;
		case 't':
			if (!hv_checkout_txn_valid(optarg))
				return hv_cmd_usage_error(&hv_cmd_scan, "%s",
				    _("--txn takes 1-64 printable ASCII characters"));
			snprintf(req.txn, sizeof req.txn, "%s", optarg);
			break;
		case 'f':
			if (hv_cmd_format_json(&hv_cmd_scan, optarg, &json) < 0)
				return HV_EXIT_USAGE;
			break;
		case 'h': return hv_cmd_help(&hv_cmd_scan);
		default: return hv_cmd_bad_option(&hv_cmd_scan, c, argv);
		}
	}
	if (optind >= argc)
		return hv_cmd_usage_error(&hv_cmd_scan, "%s", _("no CODE to scan"));
	for (int i = optind; i < argc; i++)
		if (strlen(argv[i]) > HV_CODE_MAX)
			return hv_cmd_usage_error(
			    &hv_cmd_scan, _("'%s' is too long for a code"), argv[i]);

	void *ctx = zmq_ctx_new();
	int zero = 0, rc = HV_EXIT_FAIL;
	hv_reply_t r;
	s.sock = zmq_socket(ctx, ZMQ_REQ);
	zmq_setsockopt(s.sock, ZMQ_LINGER, &zero, sizeof zero);
	zmq_setsockopt(s.sock, ZMQ_RCVTIMEO, &s.timeout_ms, sizeof s.timeout_ms);
	if (hv_security_connect(s.sock, s.ep, &sec) < 0)
		rc = HV_EXIT_USAGE;
	else if (s_call(&s, &(hv_request_t){.op = HV_OP_PING}, &r) == 0) {
		/* The daemon's own store id: a test scan is for the store it is. */
		snprintf(req.store, sizeof req.store, "%s", r.store);
		rc = s_send_all(&s, &req, argv + optind, argc - optind, json);
	}
	zmq_close(s.sock);
	zmq_ctx_term(ctx);
	return rc;
}

const hv_cmd_t hv_cmd_scan = {
    .name = "scan",
    .usage = "[--connect EP] [--lane N] [--txn ID] [--format text|json]\n"
             "       [--server-key FILE.pub --key FILE.key | --insecure] CODE...",
    .summary = N_("send test scans to a running store daemon"),
    .help = N_("Sends one transaction to a store daemon the way a lane does: one line per\n"
               "CODE, then its end. Prints each line's tag as `hangviet lookup` does, then\n"
               "the receipt line. The scans are recorded and counted like any other: on\n"
               "lane 9999 unless --lane says otherwise, in transaction TEST-<time>.\n\n"
               "Options:\n"
               "  --connect EP     the daemon's ingest endpoint (default tcp://127.0.0.1:5580)\n"
               "  --lane N         the lane (default 9999)\n"
               "  --txn ID         the transaction id (default TEST-<Unix time>)\n"
               "  --format F       text (default) or json: one object per line\n"
               "  --server-key FILE.pub  the daemon's public key, when its ingest is CurveZMQ\n"
               "  --key FILE.key   this client's secret key (hangviet keygen)\n"
               "  --insecure       plaintext to a daemon on the network (not recommended)\n\n"
               "Exit status: 0 every code was a GTIN, 1 a code was not (it is still\n"
               "recorded, as unknown) or was refused, or the daemon did not answer,\n"
               "2 wrong command line.\n"),
    .run = s_run,
};
