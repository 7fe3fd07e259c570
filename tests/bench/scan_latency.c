/*
 * scan_latency.c -- round-trip latency of scans, in the manner of libzmq's
 * local_lat/remote_lat: one REQ client, COUNT requests one after another,
 * the clock read around each, one greppable result line.
 *
 *   scan_latency ENDPOINT STORE COUNT   scans against a running hangvietd
 *   scan_latency --echo COUNT           the baseline: the same messages to a
 *                                       bare REP echo on loopback, same run
 */
#include <msgpack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

static double
s_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
s_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Pack scan number I of this run (a new transaction every 20 lines). */
static void
s_pack_scan(msgpack_sbuffer *sb, const char *store, long run, int i)
{
	char txn[64];
	msgpack_packer pk;
	static const char *const codes[] = {"8935049500018", "8850006330012", "6901234567892"};

	snprintf(txn, sizeof txn, "bench-%ld-%d", run, i / 20);
	msgpack_sbuffer_clear(sb);
	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 8);
#define KV_STR(k, v)                                                 \
	do {                                                         \
		msgpack_pack_str(&pk, strlen(k));                    \
		msgpack_pack_str_body(&pk, k, strlen(k));            \
		msgpack_pack_str(&pk, strlen(v));                    \
		msgpack_pack_str_body(&pk, v, strlen(v));            \
	} while (0)
#define KV_INT(k, v)                                                 \
	do {                                                         \
		msgpack_pack_str(&pk, strlen(k));                    \
		msgpack_pack_str_body(&pk, k, strlen(k));            \
		msgpack_pack_int64(&pk, v);                          \
	} while (0)
	KV_STR("op", "scan");
	KV_STR("store", store);
	KV_INT("lane", 1 + i % 8);
	KV_STR("txn", txn);
	KV_INT("line", 1 + i % 20);
	KV_STR("code", codes[i % 3]);
	KV_INT("qty", 1);
	KV_INT("amount", 10000);
}

/* Measure COUNT round trips against ENDPOINT; print p50/p99/max. */
static int
s_measure(const char *label, const char *endpoint, const char *store, int count)
{
	void *ctx = zmq_ctx_new(), *s = zmq_socket(ctx, ZMQ_REQ);
	double *lat = calloc((size_t)count, sizeof *lat);
	msgpack_sbuffer sb;
	char reply[4096];
	long run = (long)time(NULL) * 1000 + getpid() % 1000;
	int timeout = 5000, failed = 0;

	msgpack_sbuffer_init(&sb);
	zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	zmq_connect(s, endpoint);
	for (int i = 0; i < count; i++) {
		s_pack_scan(&sb, store, run, i);
		double t0 = s_now_us();
		if (zmq_send(s, sb.data, sb.size, 0) < 0 || zmq_recv(s, reply, sizeof reply, 0) < 0) {
			fprintf(stderr, "%s: no reply to request %d\n", label, i);
			failed = 1;
			break;
		}
		lat[i] = s_now_us() - t0;
	}
	if (!failed) {
		qsort(lat, (size_t)count, sizeof *lat, s_cmp);
		printf("%s: %d round trips: p50 %.0f us, p99 %.0f us, max %.0f us\n", label, count,
		    lat[count / 2], lat[count * 99 / 100], lat[count - 1]);
	}
	msgpack_sbuffer_destroy(&sb);
	free(lat);
	zmq_close(s);
	zmq_ctx_term(ctx);
	return failed;
}

/* A REP socket that answers every message with itself. */
static void
s_echo(const char *endpoint, int count)
{
	void *ctx = zmq_ctx_new(), *s = zmq_socket(ctx, ZMQ_REP);
	char buf[4096];
	zmq_bind(s, endpoint);
	for (int i = 0; i < count; i++) {
		int n = zmq_recv(s, buf, sizeof buf, 0);
		if (n < 0)
			break;
		zmq_send(s, buf, (size_t)n, 0);
	}
	zmq_close(s);
	zmq_ctx_term(ctx);
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--echo") == 0) {
		int count = atoi(argv[2]);
		char ep[64];
		snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", 20000 + getpid() % 20000);
		pid_t child = fork();
		if (child == 0) {
			s_echo(ep, count);
			_exit(0);
		}
		usleep(100000);
		int rc = s_measure("echo_baseline", ep, "x", count);
		waitpid(child, NULL, 0);
		return rc;
	}
	if (argc == 4)
		return s_measure("scan_latency", argv[1], argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: scan_latency ENDPOINT STORE COUNT | --echo COUNT\n");
	return 2;
}
