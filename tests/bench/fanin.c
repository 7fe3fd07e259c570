/*
 * fanin.c -- how many store tallies a second a district node absorbs, and
 * how far its region total lags behind them. It plays the upstream side:
 * one node publishing the tallies of STORES stores (as a lower district
 * node forwards its stores' tallies), each store once a second, spread
 * evenly over the second, for ROUNDS seconds; it answers the node's
 * history requests (nothing to catch up on); and it subscribes to the
 * node's feed for its region total.
 *
 *   fanin FEED SYNC NODE_FEED PROVINCE DISTRICT STORES ROUNDS [PRODUCTS]
 *
 * FEED and SYNC are bound here (the node's --upstream FEED|SYNC);
 * NODE_FEED is the node's own feed. In round r every store's window (one
 * window, the minute the run started in) holds r domestic items, so once
 * round r is absorbed the region total holds exactly STORES * r: the lag
 * of round r is the time from its last tally sent to the first region
 * total that holds it. One result line; exit 1 when the final region total
 * is not exactly STORES * ROUNDS within 30 s (a tally lost or counted
 * twice; a node merely late shows as a lag of seconds, over any bound).
 *
 * With PRODUCTS, the hour's end besides: every store sends its closed hour
 * of the product rollup (PRODUCTS rows, from a pool of POOL products), each
 * store once, spread evenly over the rounds, while the tallies go on; the
 * region total's lag is measured as before, and the node's own region hour
 * (store "*") must come to hold every store's rows exactly, within 120 s:
 * the line says how long after the last hour was sent it did.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "benchlib.h"
#include "feed.h"
#include "wire.h"

#define SLICES 100 /* sending bursts a second */
#define POOL   20000 /* the products the stores sell, all told */

typedef struct {
	void *ctx, *pub, *router, *sub;
	hv_feed_t *feed;
	const char *province, *district;
	int64_t window;  /* the one window start every tally is for */
	int64_t items;   /* the highest region total heard */
	double *done_at; /* per round: when its last tally was sent, us */
	double *seen_at; /* per round: when the region first held it, us */
	int rounds, stores;
	int products;          /* rows of each store's hour; 0: no products */
	int64_t hour;          /* the closed hour they are of */
	int64_t want_qty;      /* the items all those rows hold */
	int64_t region_qty;    /* the most the node's region hour held */
	double products_at;    /* when it held them all, us */
	void *psub;            /* the node's region hours */
} fanin_t;

/* Answer a history request on the sync ROUTER: nothing to catch up on. */
static void
s_on_sync(fanin_t *f)
{
	zmq_msg_t id, part;
	msgpack_sbuffer sb;
	msgpack_packer pk;
	int more = 1;
	size_t ml = sizeof more;

	zmq_msg_init(&id);
	if (zmq_msg_recv(&id, f->router, ZMQ_DONTWAIT) < 0) {
		zmq_msg_close(&id);
		return;
	}
	while (zmq_getsockopt(f->router, ZMQ_RCVMORE, &more, &ml) == 0 && more) {
		zmq_msg_init(&part);
		zmq_msg_recv(&part, f->router, 0);
		zmq_msg_close(&part);
	}
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 2);
	hv_wire_kv_str(&pk, "op", "done");
	hv_wire_kv_int(&pk, "seq", hv_feed_seq(f->feed));
	zmq_msg_send(&id, f->router, ZMQ_SNDMORE);
	zmq_send(f->router, "", 0, ZMQ_SNDMORE);
	zmq_send(f->router, sb.data, sb.size, 0);
	msgpack_sbuffer_destroy(&sb);
	zmq_msg_close(&id);
}

/* A message of the node's feed: a region total of our window? */
static void
s_on_region(fanin_t *f)
{
	char topic[256], body[65536];
	hv_feed_tally_t t;

	if (zmq_recv(f->sub, topic, sizeof topic, ZMQ_DONTWAIT) < 0)
		return;
	int n = zmq_recv(f->sub, body, sizeof body, 0);
	if (n <= 0 || n > (int)sizeof body || hv_feed_read_tally(body, (size_t)n, &t) < 0)
		return;
	if (strcmp(t.w.store, "*") == 0 && t.w.start == f->window) {
		int64_t items = t.w.total.v[HV_C_ITEMS_DOM];
		if (items > f->items)
			f->items = items;
		for (int r = 1; r <= f->rounds && (int64_t)r * f->stores <= items; r++)
			if (f->seen_at[r] == 0 && f->done_at[r] != 0)
				f->seen_at[r] = bench_now_us();
	}
	hv_window_clear(&t.w);
}

/* A message of the node's region hours: does ours hold every row yet? */
static void
s_on_region_products(fanin_t *f)
{
	zmq_msg_t topic, body;
	hv_feed_products_t m;

	zmq_msg_init(&topic);
	zmq_msg_init(&body);
	if (zmq_msg_recv(&topic, f->psub, ZMQ_DONTWAIT) >= 0 && zmq_msg_recv(&body, f->psub, 0) >= 0 &&
	    hv_feed_read_products(zmq_msg_data(&body), zmq_msg_size(&body), &m) == 0) {
		if (strcmp(m.r.store, "*") == 0 && m.r.hour == f->hour) {
			int64_t qty = 0;
			for (size_t i = 0; i < m.r.n; i++)
				qty += m.r.rows[i].qty;
			if (qty > f->region_qty)
				f->region_qty = qty;
			if (qty == f->want_qty && f->products_at == 0)
				f->products_at = bench_now_us();
		}
		hv_rollup_clear(&m.r);
	}
	zmq_msg_close(&topic);
	zmq_msg_close(&body);
}

/* Serve the sockets until AT (us). */
static void
s_serve_until(fanin_t *f, double at)
{
	for (;;) {
		double left = at - bench_now_us();
		zmq_pollitem_t items[] = {{f->router, 0, ZMQ_POLLIN, 0}, {f->sub, 0, ZMQ_POLLIN, 0},
		    {f->psub, 0, ZMQ_POLLIN, 0}};
		if (zmq_poll(items, 3, left > 0 ? (long)(left / 1000) : 0) <= 0)
			return;
		if (items[0].revents & ZMQ_POLLIN)
			s_on_sync(f);
		if (items[1].revents & ZMQ_POLLIN)
			s_on_region(f);
		if (items[2].revents & ZMQ_POLLIN)
			s_on_region_products(f);
		if (left <= 0)
			return;
	}
}

/* Send store I's closed hour of products: PRODUCTS distinct rows of the
 * pool, I's own mix. */
static void
s_send_products(fanin_t *f, int i)
{
	hv_rollup_t r = {0};
	hv_rollup_row_t row = {0};

	snprintf(r.store, sizeof r.store, "s%05d", i);
	r.hour = f->hour;
	r.rev = 1;
	for (int k = 0; k < f->products; k++) {
		int p = (i * 31 + k * 17) % POOL; /* 17 is prime to POOL: distinct */
		snprintf(row.item, sizeof row.item, "893%09d", p);
		snprintf(row.cls, sizeof row.cls, "%s", p % 3 ? "domestic" : "imported");
		snprintf(row.basis, sizeof row.basis, "catalog");
		snprintf(row.category, sizeof row.category, "cat%d", p % 10);
		snprintf(row.name, sizeof row.name, "Product %d", p);
		row.qty = 1 + (i + k) % 5;
		row.amount = row.qty * 1000 * (1 + p % 50);
		hv_rollup_add(&r, &row);
	}
	hv_feed_send_products(f->feed, f->province, f->district, &r, true);
	hv_rollup_clear(&r);
}

/* Send store I's window as of round R. */
static void
s_send(fanin_t *f, int i, int r)
{
	hv_window_t w = {0};

	snprintf(w.store, sizeof w.store, "s%05d", i);
	w.start = f->window;
	w.span = 60000;
	w.rev = r;
	w.total.v[HV_C_ITEMS_DOM] = r;
	w.total.v[HV_C_LINES] = r;
	hv_feed_send_tally(f->feed, f->province, f->district, &w, false);
}

/* Wait until the node subscribes to our feed (its upstream connected). */
static int
s_wait_subscriber(fanin_t *f)
{
	char buf[256];
	int timeout = 10000;
	zmq_setsockopt(f->pub, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
	return zmq_recv(f->pub, buf, sizeof buf, 0) < 0 ? -1 : 0;
}

int
main(int argc, char **argv)
{
	fanin_t f = {0};
	int hwm = 1000000;

	if (argc != 8 && argc != 9) {
		fprintf(stderr,
		    "usage: fanin FEED SYNC NODE_FEED PROVINCE DISTRICT STORES ROUNDS [PRODUCTS]\n");
		return 2;
	}
	f.province = argv[4];
	f.district = argv[5];
	f.stores = atoi(argv[6]);
	f.rounds = atoi(argv[7]);
	f.products = argc == 9 ? atoi(argv[8]) : 0;
	f.hour = (int64_t)time(NULL) * 1000 / 3600000 * 3600000 - 3600000;
	for (int i = 0; i < f.stores && f.products > 0; i++)
		for (int k = 0; k < f.products; k++)
			f.want_qty += 1 + (i + k) % 5;
	f.done_at = calloc((size_t)f.rounds + 1, sizeof(double));
	f.seen_at = calloc((size_t)f.rounds + 1, sizeof(double));
	f.window = (int64_t)time(NULL) * 1000 / 60000 * 60000;
	f.ctx = zmq_ctx_new();
	f.pub = zmq_socket(f.ctx, ZMQ_XPUB);
	f.router = zmq_socket(f.ctx, ZMQ_ROUTER);
	f.sub = zmq_socket(f.ctx, ZMQ_SUB);
	f.psub = zmq_socket(f.ctx, ZMQ_SUB);
	zmq_setsockopt(f.pub, ZMQ_SNDHWM, &hwm, sizeof hwm);
	zmq_setsockopt(f.sub, ZMQ_RCVHWM, &hwm, sizeof hwm);
	if (zmq_bind(f.pub, argv[1]) < 0 || zmq_bind(f.router, argv[2]) < 0 ||
	    zmq_connect(f.sub, argv[3]) < 0 || zmq_connect(f.psub, argv[3]) < 0) {
		fprintf(stderr, "fanin: cannot bind %s and %s, or connect to %s\n", argv[1],
		    argv[2], argv[3]);
		return 2;
	}
	char topic[256];
	hv_feed_topic(topic, sizeof topic, "tally", f.province, f.district, "*");
	zmq_setsockopt(f.sub, ZMQ_SUBSCRIBE, topic, strlen(topic));
	hv_feed_topic(topic, sizeof topic, "products", f.province, f.district, "*");
	zmq_setsockopt(f.psub, ZMQ_SUBSCRIBE, topic, strlen(topic));
	f.feed = hv_feed_new(f.pub, "fanin", f.province, f.district, 0);
	if (s_wait_subscriber(&f) < 0) {
		fprintf(stderr, "fanin: the node did not subscribe within 10 s\n");
		return 1;
	}
	s_serve_until(&f, bench_now_us() + 500000); /* its history request; our SUB joins */

	double t0 = bench_now_us();
	for (int r = 1; r <= f.rounds; r++) {
		for (int slice = 0; slice < SLICES; slice++) {
			for (int i = f.stores * slice / SLICES; i < f.stores * (slice + 1) / SLICES;
			     i++) {
				s_send(&f, i, r);
				if (f.products > 0 && i % f.rounds == r - 1)
					s_send_products(&f, i); /* each store's hour once */
			}
			s_serve_until(&f, t0 + ((r - 1) * SLICES + slice + 1) * 1e6 / SLICES);
		}
		f.done_at[r] = bench_now_us();
	}
	double sent = bench_now_us() - t0;
	int64_t expect = (int64_t)f.stores * f.rounds;
	s_serve_until(&f, bench_now_us() + 200000);
	for (double end = bench_now_us() + 30e6; f.items < expect && bench_now_us() < end;)
		s_serve_until(&f, bench_now_us() + 100000);

	double products_sent = t0 + sent; /* the last hour went out then */
	for (double end = bench_now_us() + 120e6;
	     f.products > 0 && f.products_at == 0 && bench_now_us() < end;)
		s_serve_until(&f, bench_now_us() + 100000);

	double *lag = calloc((size_t)f.rounds, sizeof *lag);
	int nlag = 0;
	for (int r = 1; r <= f.rounds; r++)
		if (f.seen_at[r] != 0)
			lag[nlag++] = (f.seen_at[r] - f.done_at[r]) / 1000;
	int ok = f.items == expect && nlag == f.rounds;
	int products_ok = f.products == 0 || f.products_at != 0;
	double p50 = ok ? bench_percentile(lag, nlag, 0.5) : 0; /* sorts LAG */
	if (ok && products_ok) {
		printf("district_fanin: %d stores, %d rounds: %lld tallies in %.2f s (%.0f/s); region "
		       "total exactly %lld items; lag after a round: p50 %.0f ms, max %.0f ms",
		    f.stores, f.rounds, (long long)expect, sent / 1e6, expect / (sent / 1e6),
		    (long long)expect, p50, lag[nlag - 1]);
		if (f.products > 0)
			printf("; %d closed hours of %d products (%lld rows), the region hour exact "
			       "%.1f s after the last sent",
			    f.stores, f.products, (long long)f.stores * f.products,
			    (f.products_at - products_sent) / 1e6);
		printf("\n");
	} else if (!ok) {
		fprintf(stderr, "district_fanin: the region total is %lld items, expected %lld\n",
		    (long long)f.items, (long long)expect);
	} else {
		fprintf(stderr,
		    "district_fanin: the region hour holds %lld items of products, expected %lld\n",
		    (long long)f.region_qty, (long long)f.want_qty);
	}
	hv_feed_destroy(&f.feed);
	zmq_close(f.pub);
	zmq_close(f.router);
	zmq_close(f.sub);
	zmq_close(f.psub);
	zmq_ctx_term(f.ctx);
	free(lag);
	free(f.done_at);
	free(f.seen_at);
	return ok && products_ok ? 0 : 1;
}
