/*
 * hostile_load.c -- a flood of hostile frames at hangvietd, with checkout
 * going on beside it.
 *
 *   hostile_load INGEST SYNC STORE PID FRAMES ROUNDS COUNT
 *
 * FRAMES hostile messages in all go to the ingest and sync sockets of the
 * daemon with process id PID, in ROUNDS parts, from a thread of their own:
 * random bytes, msgpack size bombs (`dd ff ff ff ff` and its kin), nesting
 * deeper than 32, wrong types, strings as long as the socket allows,
 * messages of 60 frames, messages without the empty delimiter, empty
 * bodies. Each round a REQ client times COUNT scans without the flood (A),
 * at least COUNT while the round's part of it is sent (B), and COUNT
 * without again (A'): A'/A is this run's noise, B against the mean of A and
 * A' the flood's effect. p99 is the median of the rounds' p99s.
 *
 * Accounting, exact: every message with a routable envelope gets exactly
 * one reply (ingest: bad_request or too_large; sync: an error); every other
 * one is dropped and counted by the daemon's `dropped`. The daemon's RSS is
 * read after a warm-up and at the end.
 *
 * One result line; exit 1 when a scan went unanswered or the replies and
 * drops do not add up.
 */
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "benchlib.h"

#define WINDOW                                                                                     \
	500 /* hostile requests in flight per socket: below the daemon's send HWM (1000), past which a ROUTER drops replies to a peer that does not read */
#define BIG_INGEST 8000 /* under the ingest socket's frame limit (8 KiB) */
#define BIG_SYNC   4000 /* under the sync socket's 4 KiB limit */

typedef struct {
	void *ctx;
	const char *ingest, *sync;
	long part;             /* messages this round's flood sends */
	double rate;           /* messages per second at most; 0: as fast as it goes */
	long sent[2], want[2]; /* per socket: sent, replies expected */
	long got[2];           /* replies received */
	long unroutable;       /* sent without a routable envelope */
	unsigned long long rng;
	long next; /* message number, across rounds */
} flood_t;

enum { INGEST, SYNC };

static unsigned
s_rand(flood_t *f)
{
	f->rng ^= f->rng << 13;
	f->rng ^= f->rng >> 7;
	f->rng ^= f->rng << 17;
	return (unsigned)(f->rng >> 11);
}

/* Pack a map {"op": "scan", KEY: a string of LEN bytes} into BUF. */
static size_t
s_long_string(unsigned char *buf, const char *key, size_t len)
{
	size_t n = 0, k = strlen(key);
	static const unsigned char head[] = {0x82, 0xa2, 'o', 'p', 0xa4, 's', 'c', 'a', 'n'};
	memcpy(buf, head, sizeof head);
	n = sizeof head;
	buf[n++] = (unsigned char)(0xa0 | k);
	memcpy(buf + n, key, k);
	n += k;
	buf[n++] = 0xda; /* str16 */
	buf[n++] = (unsigned char)(len >> 8);
	buf[n++] = (unsigned char)len;
	memset(buf + n, '7', len);
	return n + len;
}

/* Message number I's body into BUF for socket TO; its size. *FRAMES gets
 * how many frames to send it as: 1 (no delimiter), 2, or 60. */
static size_t
s_hostile(flood_t *f, long i, int to, unsigned char *buf, int *frames)
{
	static const unsigned char bombs[][9] = {{0xdd, 0xff, 0xff, 0xff, 0xff},
	    {0xdb, 0xff, 0xff, 0xff, 0xff, 'a'}, {0xc6, 0xff, 0xff, 0xff, 0xff},
	    {0xdf, 0xff, 0xff, 0xff, 0xff}, {0xdc, 0xff, 0xff},
	    {0x81, 0xa2, 'o', 'p', 0xdb, 0xff, 0xff, 0xff, 0xff}};
#define W(s)                                                                                       \
	{                                                                                          \
		s, sizeof s - 1                                                                    \
	}
	static const struct {
		const char *b;
		size_t n;
	} wrong[] = {
	    W("\x81\xa2op\x05"),                                                /* op: 5 */
	    W("\x93\x01\x02\x03"),                                              /* an array */
	    W("\x82\xa2op\xa4scan\xa4lane\xa1x"),                               /* lane: "x" */
	    W("\x82\xa2op\xa4scan\xa3qty\xcb\x7f\xef\xff\xff\xff\xff\xff\xff"), /* 1.8e308 */
	    W("\x82\xa2op\xa4scan\xa3qty\xd3\x80\x00\x00\x00\x00\x00\x00\x00"), /* INT64_MIN */
	    W("\x81\xa2op\xc0"),                                                /* op: nil */
	    W("\x81\xc0\xa4scan"),                                              /* a nil key */
	};
#undef W
	size_t n;

	*frames = 2;
	switch (i % 8) {
	case 0: /* random bytes */
		n = 1 + s_rand(f) % 256;
		for (size_t k = 0; k < n; k++)
			buf[k] = (unsigned char)s_rand(f);
		return n;
	case 1: { /* a size bomb */
		int b = (int)(s_rand(f) % 6);
		n = b == 5 ? 9 : b == 1 ? 6 : b == 4 ? 3 : 5;
		memcpy(buf, bombs[b], n);
		return n;
	}
	case 2: /* nesting deeper than 32: [[[...]]] or {"k": {"k": ...}} */
		n = 0;
		for (unsigned depth = 33 + s_rand(f) % 200, map = s_rand(f) & 1; depth > 0;
		     depth--) {
			buf[n++] = map ? 0x81 : 0x91;
			if (map)
				buf[n++] = 0xa1, buf[n++] = 'k';
		}
		buf[n++] = 0xc0;
		return n;
	case 3: { /* wrong types */
		int w = (int)(s_rand(f) % (sizeof wrong / sizeof wrong[0]));
		memcpy(buf, wrong[w].b, wrong[w].n);
		return wrong[w].n;
	}
	case 4: /* the longest strings the socket takes */
		return s_long_string(buf, s_rand(f) & 1 ? "code" : "store",
		    (to == INGEST ? BIG_INGEST : BIG_SYNC) - 32 - s_rand(f) % 64);
	case 5: /* a message of 60 frames */ *frames = 60; return s_long_string(buf, "txn", 10);
	case 6: /* no delimiter */ *frames = 1; return s_long_string(buf, "txn", 10);
	default: /* an empty body */ return 0;
	}
}

/* Send message I to socket S (TO); count what should come back. */
static void
s_send(flood_t *f, void *s, int to, long i, unsigned char *buf)
{
	int frames;
	size_t n = s_hostile(f, i, to, buf, &frames);

	if (frames > 1)
		zmq_send(s, "", 0, ZMQ_SNDMORE);
	for (int k = 2; k < frames; k++)
		zmq_send(s, "x", 1, ZMQ_SNDMORE);
	zmq_send(s, buf, n, 0);
	f->sent[to]++;
	/* Answered: anything enveloped on ingest; on sync only [id, "", body]. */
	if (frames == 1 || (to == SYNC && frames != 2))
		f->unroutable++;
	else
		f->want[to]++;
}

static void
s_drain_replies(flood_t *f, void *s, int to)
{
	char buf[256];
	int more;
	size_t ml = sizeof more;
	while (zmq_recv(s, buf, sizeof buf, ZMQ_DONTWAIT) >= 0) {
		more = 0;
		zmq_getsockopt(s, ZMQ_RCVMORE, &more, &ml);
		while (more) {
			zmq_recv(s, buf, sizeof buf, 0);
			zmq_getsockopt(s, ZMQ_RCVMORE, &more, &ml);
		}
		f->got[to]++;
	}
}

/* One round's flood: F->part messages, four in five to ingest, pipelined
 * up to WINDOW unanswered per socket; then wait for the last replies. */
static void
s_flood(flood_t *f)
{
	void *s[2] = {zmq_socket(f->ctx, ZMQ_DEALER), zmq_socket(f->ctx, ZMQ_DEALER)};
	unsigned char *buf = malloc(BIG_INGEST + 64);
	int zero = 0, linger = 0;
	double deadline;

	for (int k = 0; k < 2; k++) {
		zmq_setsockopt(s[k], ZMQ_SNDHWM, &zero, sizeof zero);
		zmq_setsockopt(s[k], ZMQ_RCVHWM, &zero, sizeof zero);
		zmq_setsockopt(s[k], ZMQ_LINGER, &linger, sizeof linger);
		zmq_connect(s[k], k == INGEST ? f->ingest : f->sync);
	}
	double t0 = bench_now_us();
	for (long sent = 0; sent < f->part; sent++) {
		long i = f->next++;
		if (f->rate > 0 && sent % 64 == 0) {
			double ahead = sent / f->rate * 1e6 - (bench_now_us() - t0);
			if (ahead > 0)
				usleep((useconds_t)ahead);
		}
		int to = i % 5 == 4 ? SYNC : INGEST;
		while (f->want[to] - f->got[to] >= WINDOW) {
			zmq_pollitem_t it = {s[to], 0, ZMQ_POLLIN, 0};
			zmq_poll(&it, 1, 100);
			s_drain_replies(f, s[to], to);
		}
		s_send(f, s[to], to, i, buf);
		if (sent % 64 == 0)
			for (int k = 0; k < 2; k++)
				s_drain_replies(f, s[k], k);
	}
	deadline = bench_now_us() + 30e6;
	while ((f->got[0] < f->want[0] || f->got[1] < f->want[1]) && bench_now_us() < deadline) {
		zmq_pollitem_t it[2] = {{s[0], 0, ZMQ_POLLIN, 0}, {s[1], 0, ZMQ_POLLIN, 0}};
		zmq_poll(it, 2, 100);
		for (int k = 0; k < 2; k++)
			s_drain_replies(f, s[k], k);
	}
	zmq_close(s[0]);
	zmq_close(s[1]);
	free(buf);
}

/* The flooding process: at nice 19, as a stand-in for an attacker on
 * another machine (on this one its own CPU use would otherwise be measured
 * as the daemon's). Reads a round's size from CMD, floods, writes the
 * running totals to DONE; ends when CMD closes. */
static void
s_flooder(flood_t *f, int cmd, int done)
{
	if (nice(19) < 0)
		perror("nice");
	f->ctx = zmq_ctx_new();
	while (read(cmd, &f->part, sizeof f->part) == sizeof f->part) {
		s_flood(f);
		if (write(done, f, sizeof *f) != sizeof *f)
			break;
	}
	zmq_ctx_term(f->ctx);
	_exit(0);
}

typedef struct {
	void *req;
	const char *store;
	long run;
	int next;
	msgpack_sbuffer sb;
} scans_t;

/* Time scans into LAT: COUNT of them, and while the flooder has not
 * answered on the descriptor DONE (when not -1), more, up to MAX. Returns
 * how many, or -1 when one got no reply. */
static int
s_scans(scans_t *c, double *lat, int count, int max, int done)
{
	int n = 0;
	while (n < count ||
	       (done >= 0 && n < max && poll(&(struct pollfd){done, POLLIN, 0}, 1, 0) == 0)) {
		bench_pack_scan(&c->sb, c->store, c->run, c->next++, 0);
		if ((lat[n % max] = bench_round_trip(c->req, &c->sb)) < 0)
			return -1;
		n++;
	}
	return n < max ? n : max;
}

static double
s_median(double *v, int n)
{
	return bench_percentile(v, n, 0.5);
}

int
main(int argc, char **argv)
{
	if (argc != 9) {
		fprintf(
		    stderr, "usage: hostile_load INGEST SYNC STORE PID FRAMES RATE ROUNDS COUNT\n");
		return 2;
	}
	flood_t f = {.ingest = argv[1],
	    .sync = argv[2],
	    .rng = 0x9e3779b97f4a7c15ULL,
	    .rate = atof(argv[6])};
	scans_t c = {.store = argv[3], .run = bench_run_id()};
	int pid = atoi(argv[4]), rounds = atoi(argv[7]), count = atoi(argv[8]);
	long frames = atol(argv[5]);
	int timeout = 10000, max = count * 4, cmd[2], done[2];
	enum { A, B, A2, NCOND };
	double *lat = calloc((size_t)max, sizeof *lat), p99[NCOND][64], p50[NCOND][64];
	bool ok = rounds > 0 && rounds <= 64 && count > 0 && lat != NULL;
	long bscans = 0;

	/* The flooder first: no ZeroMQ context may cross a fork. */
	if (pipe(cmd) < 0 || pipe(done) < 0)
		return 1;
	pid_t child = fork();
	if (child == 0) {
		close(cmd[1]);
		close(done[0]);
		s_flooder(&f, cmd[0], done[1]);
	}
	close(cmd[0]);
	close(done[1]);
	void *ctx = zmq_ctx_new();
	msgpack_sbuffer_init(&c.sb);
	c.req = zmq_socket(ctx, ZMQ_REQ);
	zmq_setsockopt(c.req, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	zmq_connect(c.req, f.ingest);
	ok = ok && s_scans(&c, lat, count * 2, max, -1) > 0; /* warm-up */
	long rss0 = bench_rss_kb(pid);
	long long dropped0 = bench_status_int(ctx, f.sync, "dropped");
	for (int r = 0; ok && r < rounds; r++) {
		for (int k = A; ok && k < NCOND; k++) {
			long part = frames / rounds + (r < frames % rounds);
			if (k == B && write(cmd[1], &part, sizeof part) != sizeof part)
				ok = false;
			int n = s_scans(&c, lat, count, max, k == B ? done[0] : -1);
			if (k == B) {
				ok = read(done[0], &f, sizeof f) == sizeof f && ok;
				bscans += n;
			}
			ok = ok && n > 0;
			if (ok) {
				p99[k][r] = bench_percentile(lat, n, 0.99);
				p50[k][r] = bench_percentile(lat, n, 0.5);
			}
		}
	}
	close(cmd[1]);
	waitpid(child, NULL, 0);
	long rss1 = bench_rss_kb(pid);
	long long dropped = bench_status_int(ctx, f.sync, "dropped") - dropped0;
	if (!ok) {
		fprintf(stderr, "hostile_load: a scan got no reply\n");
	} else {
		double m99[NCOND], m50[NCOND];
		for (int k = 0; k < NCOND; k++)
			m99[k] = s_median(p99[k], rounds), m50[k] = s_median(p50[k], rounds);
		printf("hostile_load: %ld hostile messages (%ld ingest, %ld sync) in %d rounds; "
		       "replies %ld/%ld ingest, %ld/%ld sync; dropped %lld of %ld unroutable; "
		       "without p50 %.0f us p99 %.0f us; flooded p50 %.0f us p99 %.0f us (%ld "
		       "scans); again without p50 %.0f us p99 %.0f us; p99 ratio %.3f; noise %.3f; "
		       "rss %ld kB -> %ld kB growth %ld kB\n",
		    f.sent[0] + f.sent[1], f.sent[0], f.sent[1], rounds, f.got[0], f.want[0],
		    f.got[1], f.want[1], dropped, f.unroutable, m50[A], m99[A], m50[B], m99[B],
		    bscans, m50[A2], m99[A2], m99[B] / ((m99[A] + m99[A2]) / 2), m99[A2] / m99[A],
		    rss0, rss1, rss1 - rss0);
		if (f.got[0] != f.want[0] || f.got[1] != f.want[1] || dropped != f.unroutable) {
			fprintf(stderr, "hostile_load: replies and drops do not add up\n");
			ok = false;
		}
	}
	zmq_close(c.req);
	zmq_ctx_term(ctx);
	msgpack_sbuffer_destroy(&c.sb);
	free(lat);
	return ok ? 0 : 1;
}
