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

long long
bench_status_int(void *ctx, const char *sync, const char *key)
{
	void *s = zmq_socket(ctx, ZMQ_DEALER);
	static const char req[] = "\x81\xa2op\xa6status";
	zmq_msg_t part;
	long long value = -1;
	int timeout = 5000, more = 1, linger = 0;

	zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
	zmq_connect(s, sync);
	zmq_send(s, "", 0, ZMQ_SNDMORE);
	zmq_send(s, req, sizeof req - 1, 0);
	zmq_msg_init(&part);
	while (more && zmq_msg_recv(&part, s, 0) >= 0) {
		more = zmq_msg_more(&part);
		if (more)
			continue;
		msgpack_unpacked u;
		msgpack_unpacked_init(&u);
		if (msgpack_unpack_next(&u, zmq_msg_data(&part), zmq_msg_size(&part), NULL) > 0 &&
		    u.data.type == MSGPACK_OBJECT_MAP) {
			msgpack_object_map *m = &u.data.via.map;
			for (uint32_t i = 0; i < m->size; i++) {
				msgpack_object *k = &m->ptr[i].key;
				if (k->type == MSGPACK_OBJECT_STR &&
				    k->via.str.size == strlen(key) &&
				    memcmp(k->via.str.ptr, key, strlen(key)) == 0)
					value = (long long)m->ptr[i].val.via.u64;
			}
		}
		msgpack_unpacked_destroy(&u);
	}
	zmq_msg_close(&part);
	zmq_close(s);
	return value;
}

long
bench_rss_kb(int pid)
{
	char path[64], line[256];
	long kb = -1;
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = atol(line + 6);
	fclose(f);
	return kb;
}
