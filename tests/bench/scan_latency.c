/*
 * scan_latency.c -- round-trip latency of scans, in the manner of libzmq's
 * local_lat/remote_lat: one REQ client, COUNT requests one after another,
 * the clock read around each, one greppable result line.
 *
 *   scan_latency ENDPOINT STORE COUNT   scans against a running hangvietd
 *   scan_latency --echo COUNT           the baseline: the same messages to a
 *                                       bare REP echo on loopback, same run
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "benchlib.h"

/* Measure COUNT round trips against ENDPOINT; print p50/p99/max. */
static int
s_measure(void *ctx, const char *label, const char *endpoint, const char *store, int count)
{
	void *s = zmq_socket(ctx, ZMQ_REQ);
	double *lat = calloc((size_t)count, sizeof *lat);
	msgpack_sbuffer sb;
	long run = bench_run_id();
	int timeout = 5000, failed = 0;

	msgpack_sbuffer_init(&sb);
	zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	zmq_connect(s, endpoint);
	for (int i = 0; i < count && !failed; i++) {
		bench_pack_scan(&sb, store, run, i, 0);
		if ((lat[i] = bench_round_trip(s, &sb)) < 0) {
			fprintf(stderr, "%s: no reply to request %d\n", label, i);
			failed = 1;
		}
	}
	if (!failed) {
		double p50 = bench_percentile(lat, count, 0.50),
		       p99 = bench_percentile(lat, count, 0.99);
		printf("%s: %d round trips: p50 %.0f us, p99 %.0f us, max %.0f us\n", label, count,
		    p50, p99, lat[count - 1]);
	}
	msgpack_sbuffer_destroy(&sb);
	free(lat);
	zmq_close(s);
	return failed;
}

/* A REP socket (bound before the thread starts) that answers every
 * message with itself until the context ends. */
static void *
s_echo(void *rep)
{
	char buf[4096];
	int n;

	while ((n = zmq_recv(rep, buf, sizeof buf, 0)) >= 0)
		zmq_send(rep, buf, (size_t)n, 0);
	zmq_close(rep);
	return NULL;
}

int
main(int argc, char **argv)
{
	void *ctx = zmq_ctx_new();
	int rc = 2;

	if (argc == 3 && strcmp(argv[1], "--echo") == 0) {
		void *rep = zmq_socket(ctx, ZMQ_REP);
		char ep[256];
		size_t len = sizeof ep;
		pthread_t echo;
		zmq_bind(rep, "tcp://127.0.0.1:*");
		zmq_getsockopt(rep, ZMQ_LAST_ENDPOINT, ep, &len);
		pthread_create(&echo, NULL, s_echo, rep);
		rc = s_measure(ctx, "echo_baseline", ep, "x", atoi(argv[2]));
		zmq_ctx_shutdown(ctx);
		pthread_join(echo, NULL);
	} else if (argc == 4) {
		rc = s_measure(ctx, "scan_latency", argv[1], argv[2], atoi(argv[3]));
	} else {
		fprintf(stderr, "usage: scan_latency ENDPOINT STORE COUNT | --echo COUNT\n");
	}
	zmq_ctx_term(ctx);
	return rc;
}
