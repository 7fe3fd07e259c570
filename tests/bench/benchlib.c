/*
 * benchlib.c -- helpers shared by the benchmark tools.
 */
#include "benchlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

double
bench_now_us(void)
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

double
bench_percentile(double *lat, int n, double p)
{
	int k = (int)(n * p);

	qsort(lat, (size_t)n, sizeof *lat, s_cmp);
	return lat[k < n ? k : n - 1];
}

static void
s_pack_str(msgpack_packer *pk, const char *s)
{
	msgpack_pack_str(pk, strlen(s));
	msgpack_pack_str_body(pk, s, strlen(s));
}

static void
s_kv_str(msgpack_packer *pk, const char *k, const char *v)
{
	s_pack_str(pk, k);
	s_pack_str(pk, v);
}

static void
s_kv_int(msgpack_packer *pk, const char *k, int64_t v)
{
	s_pack_str(pk, k);
	msgpack_pack_int64(pk, v);
}

void
bench_pack_scan(msgpack_sbuffer *sb, const char *store, long run, int i, int64_t ts)
{
	char txn[64];
	msgpack_packer pk;
	static const char *const codes[] = {"8935049500018", "8850006330012", "6901234567892"};

	snprintf(txn, sizeof txn, "bench-%ld-%d", run, i / 20);
	msgpack_sbuffer_clear(sb);
	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, ts ? 9 : 8);
	s_kv_str(&pk, "op", "scan");
	s_kv_str(&pk, "store", store);
	s_kv_int(&pk, "lane", 1 + i % 8);
	s_kv_str(&pk, "txn", txn);
	s_kv_int(&pk, "line", 1 + i % 20);
	s_kv_str(&pk, "code", codes[i % 3]);
	s_kv_int(&pk, "qty", 1);
	s_kv_int(&pk, "amount", 10000);
	if (ts)
		s_kv_int(&pk, "ts", ts);
}

long
bench_run_id(void)
{
	return (long)time(NULL) * 1000 + getpid() % 1000;
}

double
bench_round_trip(void *s, const msgpack_sbuffer *sb)
{
	char reply[4096];
	double t0 = bench_now_us();

	if (zmq_send(s, sb->data, sb->size, 0) < 0 || zmq_recv(s, reply, sizeof reply, 0) < 0)
		return -1;
	return bench_now_us() - t0;
}
