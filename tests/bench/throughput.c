/*
 * throughput.c -- how many requests a second hangvietd answers.
 *
 *   throughput ENDPOINT STORE CLIENTS COUNT scan|lookup [SERVER.pub CLIENT.key]
 *
 * CLIENTS DEALER sockets, each in a thread of its own, send COUNT requests
 * each, keeping up to WINDOW unanswered (a lane that pipelines), and wait
 * for every reply. With the two key files, every socket is a CurveZMQ
 * client (the server's public key, this client's secret key, as `hangviet
 * keygen` writes them). One result line: requests, seconds, requests/s.
 * Exit 1 when a reply did not come within 10 s.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "benchlib.h"

#define WINDOW 100

typedef struct {
	void *ctx;
	const char *endpoint, *store;
	int count;
	bool scan;
	char server[41], public[41], secret[41]; /* Z85; "" for plaintext */
	long run;
} config_t;

typedef struct {
	const config_t *cfg;
	int id;
	bool ok;
} worker_t;

/* The one key in a key file: its last line that is not a comment. */
static bool
s_read_key(const char *path, char out[41])
{
	char line[256];
	FILE *f = fopen(path, "r");
	bool found = false;

	if (f == NULL)
		return false;
	while (fgets(line, sizeof line, f) != NULL)
		if (line[0] != '#' && strlen(line) >= 40) {
			memcpy(out, line, 40);
			out[40] = '\0';
			found = true;
		}
	fclose(f);
	return found;
}

static void
s_pack_lookup(msgpack_sbuffer *sb)
{
	static const char body[] = "\x82\xa2op\xa6lookup\xa4"
	                           "code\xad"
	                           "8935049500018";
	msgpack_sbuffer_clear(sb);
	msgpack_sbuffer_write(sb, body, sizeof body - 1);
}

static void *
s_worker(void *arg)
{
	worker_t *w = arg;
	const config_t *c = w->cfg;
	void *s = zmq_socket(c->ctx, ZMQ_DEALER);
	int timeout = 10000, zero = 0, out = 0;
	char reply[4096];
	msgpack_sbuffer sb;

	msgpack_sbuffer_init(&sb);
	zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof zero);
	if (c->server[0] != '\0') {
		zmq_setsockopt(s, ZMQ_CURVE_SERVERKEY, c->server, 40);
		zmq_setsockopt(s, ZMQ_CURVE_PUBLICKEY, c->public, 40);
		zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, c->secret, 40);
	}
	zmq_connect(s, c->endpoint);
	w->ok = true;
	for (int i = 0; i < c->count && w->ok; i++) {
		if (c->scan)
			bench_pack_scan(&sb, c->store, c->run * 100 + w->id, i, 0);
		else
			s_pack_lookup(&sb);
		zmq_send(s, "", 0, ZMQ_SNDMORE);
		zmq_send(s, sb.data, sb.size, 0);
		if (++out < WINDOW)
			continue;
		w->ok = zmq_recv(s, reply, sizeof reply, 0) >= 0 &&
		        zmq_recv(s, reply, sizeof reply, 0) >= 0;
		out--;
	}
	for (; out > 0 && w->ok; out--)
		w->ok = zmq_recv(s, reply, sizeof reply, 0) >= 0 &&
		        zmq_recv(s, reply, sizeof reply, 0) >= 0;
	zmq_close(s);
	msgpack_sbuffer_destroy(&sb);
	return NULL;
}

int
main(int argc, char **argv)
{
	config_t c = {0};
	bool ok = true;

	if (argc != 6 && argc != 8) {
		fprintf(stderr, "usage: throughput ENDPOINT STORE CLIENTS COUNT scan|lookup "
		                "[SERVER.pub CLIENT.key]\n");
		return 2;
	}
	c.endpoint = argv[1];
	c.store = argv[2];
	int clients = atoi(argv[3]);
	c.count = atoi(argv[4]);
	c.scan = strcmp(argv[5], "scan") == 0;
	c.run = bench_run_id();
	if (argc == 8 && (!s_read_key(argv[6], c.server) || !s_read_key(argv[7], c.secret) ||
	                     zmq_curve_public(c.public, c.secret) < 0)) {
		fprintf(stderr, "throughput: cannot read the keys %s and %s\n", argv[6], argv[7]);
		return 2;
	}
	c.ctx = zmq_ctx_new();
	worker_t *w = calloc((size_t)clients, sizeof *w);
	pthread_t *t = calloc((size_t)clients, sizeof *t);
	double t0 = bench_now_us();
	for (int i = 0; i < clients; i++) {
		w[i] = (worker_t){&c, i, false};
		pthread_create(&t[i], NULL, s_worker, &w[i]);
	}
	for (int i = 0; i < clients; i++) {
		pthread_join(t[i], NULL);
		ok = ok && w[i].ok;
	}
	double secs = (bench_now_us() - t0) / 1e6;
	long total = (long)clients * c.count;
	if (ok)
		printf("throughput: %d clients, %s%s, %ld requests in %.2f s: %.0f/s\n", clients,
		    argv[5], c.server[0] ? " over CurveZMQ" : "", total, secs, total / secs);
	else
		fprintf(stderr, "throughput: a reply did not come within 10 s\n");
	zmq_ctx_term(c.ctx);
	free(w);
	free(t);
	return ok ? 0 : 1;
}
