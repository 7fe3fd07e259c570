/*
 * scan_latency.c -- round-trip latency of scans, in the manner of libzmq's
 * local_lat/remote_lat: one REQ client sends COUNT scans, one every
 * INTERVAL milliseconds (0: each as soon as the last is answered), the
 * clock read around each; one greppable result line with p50, p99, p999.
 *
 *   scan_latency ENDPOINT STORE COUNT [INTERVAL_MS] [LABEL]
 *
 * The baseline is the same run against tests/bench/echo (STORE is then
 * ignored by the server). Exit 1 when a reply did not come within 5 s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "benchlib.h"

/* Sleep until AT_US on bench_now_us()'s clock. */
static void
s_sleep_until(double at_us)
{
	double now = bench_now_us();
	if (at_us <= now)
		return;
	struct timespec ts = {
	    (time_t)((at_us - now) / 1e6), (long)((long long)(at_us - now) % 1000000 * 1000)};
	nanosleep(&ts, NULL);
}

/* Measure COUNT round trips against ENDPOINT, one every INTERVAL_MS. */
static int
s_measure(void *ctx, const char *label, const char *endpoint, const char *store, int count,
    double interval_ms)
{
	void *s = zmq_socket(ctx, ZMQ_REQ);
	double *lat = calloc((size_t)count, sizeof *lat);
	msgpack_sbuffer sb;
	long run = bench_run_id();
	int timeout = 5000, failed = 0;

	msgpack_sbuffer_init(&sb);
	zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	zmq_connect(s, endpoint);
	double t0 = bench_now_us();
	for (int i = 0; i < count && !failed; i++) {
		s_sleep_until(t0 + i * interval_ms * 1000);
		bench_pack_scan(&sb, store, run, i, 0);
		if ((lat[i] = bench_round_trip(s, &sb)) < 0) {
			fprintf(stderr, "%s: no reply to request %d\n", label, i);
			failed = 1;
		}
	}
	if (!failed) {
		double p50 = bench_percentile(lat, count, 0.50),
		       p99 = bench_percentile(lat, count, 0.99),
		       p999 = bench_percentile(lat, count, 0.999);
		printf(
		    "%s: %d round trips, one every %g ms: p50 %.0f us, p99 %.0f us, p999 %.0f us, "
		    "max %.0f us\n",
		    label, count, interval_ms, p50, p99, p999, lat[count - 1]);
	}
	msgpack_sbuffer_destroy(&sb);
	free(lat);
	zmq_close(s);
	return failed;
}

int
main(int argc, char **argv)
{
	if (argc < 4 || argc > 6) {
		fprintf(stderr, "usage: scan_latency ENDPOINT STORE COUNT [INTERVAL_MS] [LABEL]\n");
		return 2;
	}
	void *ctx = zmq_ctx_new();
	int rc = s_measure(ctx, argc > 5 ? argv[5] : "scan_latency", argv[1], argv[2],
	    atoi(argv[3]), argc > 4 ? atof(argv[4]) : 0);
	zmq_ctx_term(ctx);
	return rc;
}
