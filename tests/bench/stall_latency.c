/*
 * stall_latency.c -- does a stalled feed subscriber slow checkout?
 *
 *   stall_latency INGEST FEED SYNC STORE ROUNDS WARMUP COUNT
 *
 * Against a hangvietd started with `--window 1`: every scan carries a
 * timestamp in a past one-second window of its own, so every scan makes a
 * feed message at once. A reading subscriber drains the feed all along.
 * Each round runs A without, B with a second subscriber that never reads
 * (its queues kept tiny), and A' without again: A'/A is how much two
 * identical measurements differ in this run (the noise), B/A the effect. Each round starts with WARMUP unmeasured
 * scans, alike in A and B; in B the stalled subscriber connects first and
 * the daemon's status must show its queue found full by the end of them
 * (the daemon drops its messages from then on), so every B sample is taken
 * while the stall is real. COUNT scans are timed per round, A and B interleaved so that drift in a noisy machine
 * falls on both alike. p99 is the median of the rounds' p99s; p50 is over
 * all samples.
 *
 * One result line: p50 and p99 of each, the p99 ratio of B to the mean of
 * A and A' (which bracket it, so steady drift cancels), A'/A, and
 * the feed stalls the daemon counted without and with the stalled one. Exit 1 when no reply
 * came or the stall never happened.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "benchlib.h"

typedef struct {
	void *ctx;
	const char *ingest, *feed, *sync, *store;
	void *req; /* the scanning client */
	void *sub; /* the subscriber that reads */
	long run;
	int next;   /* scan number */
	int64_t t0; /* ms: the first scan's window */
	msgpack_sbuffer sb;
} bench_t;

/* The daemon's count of feed stalls (a subscriber found full), or -1. */
static long long
s_stalls(bench_t *b)
{
	return bench_status_int(b->ctx, b->sync, "feed_stalls");
}

/* One scan in a past window of its own; its round trip in us, or -1. */
static double
s_scan(bench_t *b)
{
	int i = b->next++;
	bench_pack_scan(&b->sb, b->store, b->run, i, b->t0 + (int64_t)i * 1000);
	return bench_round_trip(b->req, &b->sb);
}

/* The reading subscriber: drain whatever the feed sends. */
static void *
s_reader(void *arg)
{
	bench_t *b = arg;
	char buf[65536];

	while (zmq_recv(b->sub, buf, sizeof buf, 0) >= 0)
		;
	return NULL;
}

/* A subscriber that never reads, with queues as small as libzmq allows. */
static void *
s_stalled_subscriber(bench_t *b)
{
	void *s = zmq_socket(b->ctx, ZMQ_SUB);
	int hwm = 1, buf = 1024, linger = 0;

	zmq_setsockopt(s, ZMQ_RCVHWM, &hwm, sizeof hwm);
	zmq_setsockopt(s, ZMQ_RCVBUF, &buf, sizeof buf);
	zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
	zmq_setsockopt(s, ZMQ_SUBSCRIBE, "", 0);
	zmq_connect(s, b->feed);
	return s;
}

/* The median over ROUNDS rounds of each round's p99 (LAT holds ROUNDS
 * runs of COUNT samples): one round hit by a hiccup of the machine does
 * not decide the result, a steady slowdown does. */
static double
s_median_p99(double *lat, int rounds, int count)
{
	double *p99 = calloc((size_t)rounds, sizeof *p99), m;

	for (int r = 0; r < rounds; r++)
		p99[r] = bench_percentile(lat + r * count, count, 0.99);
	m = bench_percentile(p99, rounds, 0.5);
	free(p99);
	return m;
}

/* Time COUNT scans into LAT; false when one got no reply. */
static bool
s_round(bench_t *b, double *lat, int count)
{
	for (int i = 0; i < count; i++)
		if ((lat[i] = s_scan(b)) < 0)
			return false;
	return true;
}

/* Run WARMUP unmeasured scans; false when one got no reply. */
static bool
s_warm_up(bench_t *b, int warmup)
{
	for (int i = 0; i < warmup; i++)
		if (s_scan(b) < 0)
			return false;
	return true;
}

/* One A or B round: WARMUP unmeasured scans (with a stalled subscriber
 * connected first when STALL), then COUNT timed into LAT. The daemon's
 * feed stalls during the round go to *STALLS. */
static bool
s_ab_round(bench_t *b, bool stall, int warmup, double *lat, int count, long long *stalls)
{
	long long s0 = s_stalls(b), during;
	void *stalled = stall ? s_stalled_subscriber(b) : NULL;
	bool ok = s_warm_up(b, warmup);

	during = s_stalls(b) - s0;
	if (ok && stall && during == 0) {
		fprintf(stderr,
		    "stall_latency: the stalled subscriber's queue was never full after "
		    "%d scans\n",
		    warmup);
		ok = false;
	}
	ok = ok && s_round(b, lat, count);
	*stalls += s_stalls(b) - s0;
	if (stalled != NULL)
		zmq_close(stalled);
	return ok;
}

int
main(int argc, char **argv)
{
	bench_t b = {0};
	pthread_t reader;
	int timeout = 5000, unlimited = 0;

	if (argc != 8) {
		fprintf(
		    stderr, "usage: stall_latency INGEST FEED SYNC STORE ROUNDS WARMUP COUNT\n");
		return 2;
	}
	b.ingest = argv[1], b.feed = argv[2], b.sync = argv[3], b.store = argv[4];
	int rounds = atoi(argv[5]), warmup = atoi(argv[6]), count = atoi(argv[7]);
	/* Per round: A, B, then A again (A'): A'/A is the noise of this run. */
	enum { A, B, A2, NCOND };
	double *lat[NCOND];
	long long stalls[NCOND] = {0};
	bool ok = rounds > 0 && count > 0;

	for (int c = 0; c < NCOND; c++)
		ok = (lat[c] = calloc((size_t)(rounds * count), sizeof(double))) != NULL && ok;
	b.ctx = zmq_ctx_new();
	b.run = bench_run_id();
	b.t0 = ((int64_t)time(NULL) - 6 * 86400) * 1000; /* past windows the daemon believes */
	msgpack_sbuffer_init(&b.sb);
	b.req = zmq_socket(b.ctx, ZMQ_REQ);
	zmq_setsockopt(b.req, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	zmq_connect(b.req, b.ingest);
	b.sub = zmq_socket(b.ctx, ZMQ_SUB);
	zmq_setsockopt(b.sub, ZMQ_RCVHWM, &unlimited, sizeof unlimited);
	zmq_setsockopt(b.sub, ZMQ_SUBSCRIBE, "", 0);
	zmq_connect(b.sub, b.feed);
	pthread_create(&reader, NULL, s_reader, &b);

	for (int r = 0; ok && r < rounds; r++)
		for (int c = 0; ok && c < NCOND; c++)
			ok = s_ab_round(&b, c == B, warmup, lat[c] + r * count, count, &stalls[c]);
	if (ok) {
		double p50[NCOND], p99[NCOND];
		for (int c = 0; c < NCOND; c++) {
			p99[c] = s_median_p99(lat[c], rounds, count);
			p50[c] = bench_percentile(lat[c], rounds * count, 0.5);
		}
		printf(
		    "stall_latency: %d rounds of %d scans each way: without p50 %.0f us p99 %.0f "
		    "us; stalled subscriber p50 %.0f us p99 %.0f us; again without p50 %.0f us "
		    "p99 %.0f us; p99 ratio %.3f; noise %.3f; feed stalls %lld without, %lld "
		    "with\n",
		    rounds, count, p50[A], p99[A], p50[B], p99[B], p50[A2], p99[A2],
		    p99[B] / ((p99[A] + p99[A2]) / 2), p99[A2] / p99[A], stalls[A] + stalls[A2],
		    stalls[B]);
	} else {
		fprintf(stderr, "stall_latency: a scan got no reply\n");
	}
	zmq_close(b.req);
	zmq_ctx_shutdown(b.ctx); /* ends the reader's recv */
	pthread_join(reader, NULL);
	zmq_close(b.sub);
	zmq_ctx_term(b.ctx);
	msgpack_sbuffer_destroy(&b.sb);
	for (int c = 0; c < NCOND; c++)
		free(lat[c]);
	return ok ? 0 : 1;
}
