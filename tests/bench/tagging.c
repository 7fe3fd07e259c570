/*
 * tagging.c -- tags per second through the tagger on a warm catalog,
 * against a raw prepared SELECT by primary key on the same table, both in
 * this process, on the same codes, in the same run.
 *
 *   tagging CATALOG.db COUNT [store|uniform]
 *
 * Two workloads (or the one named), one result line each:
 *   store    COUNT codes as a store's lanes scan them: 90% of scans are of ASSORTMENT
 *            products of the catalog, 7% of UNCATALOGUED imported
 *            products the catalog lacks (prefix 69), 3% of IN_STORE
 *            in-store codes (prefix 20); within each, by popularity
 *            (Zipf, s = 1: the n-th best seller sells 1/n of the best);
 *   uniform  COUNT / 4 codes, each a product drawn uniformly from the whole catalog
 *            (no store sells a million products; the worst case).
 * The baseline is given its best case: one read transaction, and a page
 * cache that holds the whole table once warm (the catalog connection the
 * tagger uses keeps SQLite's default). The tagger runs in snapshots of
 * 256 codes, as the daemon's batches do.
 * Exit 1 when the two disagree on how many codes the catalog has.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "benchlib.h"
#include "catalog.h"
#include "date.h"
#include "tagger.h"

#define ASSORTMENT   30000 /* catalogued products a store sells */
#define UNCATALOGUED 2000  /* products it sells that the catalog lacks */
#define IN_STORE     1000  /* its own in-store codes */
#define SNAPSHOT     256
#define CODE_LEN     16

static uint64_t s_rng = 88172645463325252ull;
static volatile size_t s_sink; /* what the baseline read, so it is not optimised away */

/* xorshift64: the same workload in every run. */
static uint64_t
s_rand(void)
{
	s_rng ^= s_rng << 13;
	s_rng ^= s_rng >> 7;
	s_rng ^= s_rng << 17;
	return s_rng;
}

/* A 13-digit code: the 12 digits of BODY and their GS1 check digit. */
static void
s_ean13(char out[CODE_LEN], const char *body)
{
	int sum = 0;
	for (int k = 0; k < 12; k++)
		sum += (body[k] - '0') * (k % 2 ? 3 : 1);
	snprintf(out, CODE_LEN, "%.12s%d", body, (10 - sum % 10) % 10);
}

/* N GTINs of the catalog drawn at random; each product once while the
 * catalog has enough of them, then over again. */
static char (*s_sample(sqlite3 *db, int n))[CODE_LEN]
{
	char(*out)[CODE_LEN] = calloc((size_t)n, CODE_LEN);
	sqlite3_stmt *st;
	int i = 0;

	sqlite3_prepare_v2(
	    db, "SELECT gtin FROM product ORDER BY random() LIMIT ?1", -1, &st, NULL);
	sqlite3_bind_int(st, 1, n);
	while (i < n && sqlite3_step(st) == SQLITE_ROW)
		snprintf(out[i++], CODE_LEN, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (i == 0) {
		fprintf(stderr, "tagging: the catalog is empty\n");
		exit(2);
	}
	for (int k = i; k < n; k++)
		memcpy(out[k], out[k % i], CODE_LEN);
	return out;
}

/* N codes made of PREFIX, random digits and a check digit. */
static char (*s_made_up(const char *prefix, int n))[CODE_LEN]
{
	char(*out)[CODE_LEN] = calloc((size_t)n, CODE_LEN);
	char body[16];

	for (int i = 0; i < n; i++) {
		snprintf(body, sizeof body, "%s%010llu", prefix,
		    (unsigned long long)(s_rand() % 10000000000ull));
		s_ean13(out[i], body);
	}
	return out;
}

/* The items of one kind a store sells, and how often each is scanned. */
typedef struct {
	char (*codes)[CODE_LEN];
	int n;
	double *cdf; /* Zipf, s = 1 */
} items_t;

static items_t
s_items(char (*codes)[CODE_LEN], int n)
{
	items_t it = {codes, n, malloc((size_t)n * sizeof(double))};
	double total = 0;
	for (int r = 0; r < n; r++)
		it.cdf[r] = (total += 1.0 / (r + 1));
	return it;
}

/* One item of IT, drawn by popularity. */
static const char *
s_draw(const items_t *it)
{
	double u = (double)(s_rand() % 1000000000) / 1e9 * it->cdf[it->n - 1];
	int lo = 0, hi = it->n - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (it->cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return it->codes[lo];
}

/* COUNT codes as a store's lanes scan them (see the top of the file). */
static char (*s_store_codes(sqlite3 *db, int count))[CODE_LEN]
{
	items_t kinds[] = {
	    s_items(s_sample(db, ASSORTMENT), ASSORTMENT),        /* 90%: in the catalog */
	    s_items(s_made_up("69", UNCATALOGUED), UNCATALOGUED), /* 7%: imports it lacks */
	    s_items(s_made_up("20", IN_STORE), IN_STORE),         /* 3%: weighed, packed here */
	};
	char(*codes)[CODE_LEN] = calloc((size_t)count, CODE_LEN);

	for (int i = 0; i < count; i++) {
		int pct = (int)(s_rand() % 100);
		memcpy(codes[i], s_draw(&kinds[pct < 90 ? 0 : pct < 97 ? 1 : 2]), CODE_LEN);
	}
	for (int k = 0; k < 3; k++) {
		free(kinds[k].codes);
		free(kinds[k].cdf);
	}
	return codes;
}

/* The baseline: each code looked up by a prepared SELECT, every column
 * read. Returns how many were found. */
static long
s_select_pass(sqlite3 *db, char (*codes)[CODE_LEN], int count)
{
	sqlite3_stmt *st;
	long found = 0;
	size_t bytes = 0;

	sqlite3_prepare_v2(db,
	    "SELECT gtin, name, brand, made_in, brand_country, ocop, ocop_until, province,"
	    " category FROM product WHERE gtin = ?1",
	    -1, &st, NULL);
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (int i = 0; i < count; i++) {
		sqlite3_bind_text(st, 1, codes[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			found++;
			for (int c = 0; c < 9; c++)
				bytes += (size_t)sqlite3_column_bytes(st, c) +
				         (sqlite3_column_text(st, c) != NULL);
		}
		sqlite3_reset(st);
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_finalize(st);
	s_sink += bytes;
	return found;
}

/* Ours: each code through the tagger. Returns how many the catalog had. */
static long
s_tagger_pass(hv_catalog_t *cat, char (*codes)[CODE_LEN], int count)
{
	hv_tagger_t t = {cat, "thai-nguyen", NULL};
	int today = hv_date_local(time(NULL));
	hv_tag_t tag;
	long found = 0;

	for (int i = 0; i < count; i += SNAPSHOT) {
		hv_catalog_snapshot_begin(cat);
		for (int k = i; k < count && k < i + SNAPSHOT; k++) {
			hv_tagger_tag(&t, codes[k], HV_SYM_ANY, today, &tag);
			found += tag.basis == HV_BASIS_CATALOG || tag.basis == HV_BASIS_STORE;
		}
		hv_catalog_snapshot_end(cat);
	}
	return found;
}

/* Time both passes over CODES: each once to warm up, then ROUNDS timed
 * rounds in turns, the fastest of each kept (noise only ever adds time). */
static int
s_compare(const char *label, sqlite3 *db, hv_catalog_t *cat, char (*codes)[CODE_LEN], int count,
    int rounds)
{
	long select_found = s_select_pass(db, codes, count);
	long tagger_found = s_tagger_pass(cat, codes, count);
	double best_select = 1e30, best_tagger = 1e30;

	if (select_found != tagger_found) {
		fprintf(stderr, "tagging: %s: the SELECT found %ld codes, the tagger %ld\n", label,
		    select_found, tagger_found);
		return 1;
	}
	for (int round = 0; round < rounds; round++) {
		double t0 = bench_now_us();
		s_select_pass(db, codes, count);
		double t1 = bench_now_us();
		s_tagger_pass(cat, codes, count);
		double t2 = bench_now_us();
		if (t1 - t0 < best_select)
			best_select = t1 - t0;
		if (t2 - t1 < best_tagger)
			best_tagger = t2 - t1;
	}
	double ours = count / (best_tagger / 1e6), base = count / (best_select / 1e6);
	printf("tagging: %s, %d codes, %.0f%% in the catalog: tagger %.0f/s, "
	       "prepared SELECT %.0f/s; ratio %.2f\n",
	    label, count, 100.0 * tagger_found / count, ours, base, ours / base);
	return 0;
}

int
main(int argc, char **argv)
{
	sqlite3 *db;
	char err[512];

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: tagging CATALOG.db COUNT [store|uniform]\n");
		return 2;
	}
	const char *only = argc == 4 ? argv[3] : "";
	int count = atoi(argv[2]);
	hv_catalog_t *cat = hv_catalog_open(argv[1], false, err, sizeof err);
	if (cat == NULL || sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "tagging: cannot open %s: %s\n", argv[1], cat ? "" : err);
		return 2;
	}
	/* Warm means in memory: room for the whole table in SQLite's cache. */
	sqlite3_exec(db, "PRAGMA cache_size = -1000000", NULL, NULL, NULL);
	int rc = 0;
	if (strcmp(only, "uniform") != 0) {
		char(*store)[CODE_LEN] = s_store_codes(db, count);
		rc |= s_compare("store", db, cat, store, count, 5);
		free(store);
	}
	if (strcmp(only, "store") != 0) {
		int n = count / 4 > 0 ? count / 4 : 1; /* slow on both sides, and not judged */
		char(*uniform)[CODE_LEN] = s_sample(db, n);
		rc |= s_compare("uniform", db, cat, uniform, n, 3);
		free(uniform);
	}
	sqlite3_close(db);
	hv_catalog_destroy(&cat);
	return rc;
}
