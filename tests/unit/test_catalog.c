/*
 * test_catalog.c -- catalog.db: schema version, lookups, staged imports
 * that land whole or not at all, each source's claims and the product row
 * made of them by precedence, and product validation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "testutil.h"

typedef struct {
	const char *dir;
	char path[600];
} fixture_t;

static int
s_setup(void **state)
{
	static fixture_t fx;
	fx.dir = hv_test_mkdtemp();
	snprintf(fx.path, sizeof fx.path, "%s/catalog.db", fx.dir);
	*state = &fx;
	return 0;
}

static int
s_teardown(void **state)
{
	fixture_t *fx = *state;
	hv_test_rmdir(fx->dir);
	return 0;
}

static hv_product_t
s_product(const char *gtin, const char *name, const char *made_in)
{
	hv_product_t p = {0};
	strcpy(p.gtin, gtin);
	strcpy(p.name, name);
	strcpy(p.made_in, made_in);
	return p;
}

static hv_catalog_t *
s_open(fixture_t *fx, bool writable)
{
	char err[256] = "";
	hv_catalog_t *cat = hv_catalog_open(fx->path, writable, err, sizeof err);
	if (cat == NULL)
		fail_msg("open: %s", err);
	return cat;
}

static void
s_put_all(hv_catalog_t *cat, const hv_product_t *ps, size_t n, bool replace)
{
	long first;
	assert_int_equal(hv_catalog_stage_begin(cat, replace), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(hv_catalog_stage_put(cat, &ps[i], NULL, (long)i + 2, &first), 0);
	assert_int_equal(hv_catalog_stage_commit(cat), 0);
}

static void
missing_file_is_empty_catalog_when_reading(void **state)
{
	fixture_t *fx = *state;
	hv_product_t p;
	hv_catalog_t *cat = s_open(fx, false);
	assert_int_equal(hv_catalog_lookup(cat, "8935049500018", &p), 0);
	assert_int_equal(hv_catalog_count(cat), 0);
	hv_catalog_destroy(&cat);
	assert_null(cat);
	hv_catalog_destroy(&cat); /* twice is fine */
	FILE *f = fopen(fx->path, "r");
	assert_null(f); /* reading created nothing */
}

static void
new_catalog_has_schema_version_5(void **state)
{
	fixture_t *fx = *state;
	sqlite3 *db;
	sqlite3_stmt *st;
	hv_catalog_t *cat = s_open(fx, true);
	hv_catalog_destroy(&cat);

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 5);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* A catalog written by hangviet 0.1 (schema 1): the daemon reads it as it
 * is, the next import brings it to schema 2 with its rows, and the ocop
 * check still holds. */
static void
version_1_catalog_is_read_then_migrated(void **state)
{
	fixture_t *fx = *state;
	sqlite3 *db;
	hv_product_t out;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
	        "CREATE TABLE product (gtin TEXT PRIMARY KEY NOT NULL,"
	        " name TEXT NOT NULL DEFAULT '', brand TEXT NOT NULL DEFAULT '',"
	        " made_in TEXT NOT NULL, brand_country TEXT NOT NULL DEFAULT '',"
	        " ocop INTEGER NOT NULL DEFAULT 0 CHECK (ocop IN (0, 3, 4, 5)),"
	        " ocop_until TEXT NOT NULL DEFAULT '', province TEXT NOT NULL DEFAULT '',"
	        " category TEXT NOT NULL DEFAULT '') WITHOUT ROWID;"
	        "INSERT INTO product (gtin, name, made_in, ocop)"
	        " VALUES ('8935049500018', 'Chè Thái', 'VN', 4);"
	        "PRAGMA user_version = 1;",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);

	hv_catalog_t *reader = s_open(fx, false);
	assert_int_equal(hv_catalog_lookup(reader, "8935049500018", &out), 1);
	assert_string_equal(out.name, "Chè Thái");
	assert_int_equal(out.listed, 0); /* no listed column before schema 3 */
	assert_string_equal(out.code, "");
	hv_catalog_destroy(&reader);

	hv_catalog_t *writer = s_open(fx, true);
	assert_int_equal(hv_catalog_lookup(writer, "8935049500018", &out), 1);
	assert_int_equal(out.ocop, 4);
	hv_catalog_destroy(&writer);
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_not_equal(
	    sqlite3_exec(db, "INSERT INTO product (gtin, made_in, ocop) VALUES ('1', 'VN', 2)",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "INSERT INTO product (gtin, made_in, ocop) VALUES ('2', 'VN', 5)",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
}

static void
newer_schema_refused_with_message(void **state)
{
	fixture_t *fx = *state;
	sqlite3 *db;
	char err[256] = "";
	hv_catalog_t *cat = s_open(fx, true);
	hv_catalog_destroy(&cat);
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	assert_null(hv_catalog_open(fx->path, true, err, sizeof err));
	assert_non_null(strstr(err, "99"));
	assert_null(hv_catalog_open(fx->path, false, err, sizeof err));
	assert_non_null(strstr(err, "99"));
}

static void
lookup_after_commit(void **state)
{
	fixture_t *fx = *state;
	hv_product_t in[2] = {s_product("8935049500018", "Sữa tươi", "VN"),
	    s_product("8850006330012", "Bánh, kẹo \"Thái\"", "TH")};
	in[0].ocop = 4;
	in[0].ocop_until = 20271231;
	strcpy(in[0].province, "thai-nguyen");
	strcpy(in[0].category, "dairy");
	strcpy(in[0].brand_country, "VN");
	hv_product_t out;

	hv_catalog_t *cat = s_open(fx, true);
	s_put_all(cat, in, 2, true);
	hv_catalog_destroy(&cat);

	cat = s_open(fx, false);
	assert_int_equal(hv_catalog_lookup(cat, "8935049500018", &out), 1);
	assert_string_equal(out.name, "Sữa tươi");
	assert_string_equal(out.made_in, "VN");
	assert_string_equal(out.brand_country, "VN");
	assert_int_equal(out.ocop, 4);
	assert_int_equal(out.ocop_until, 20271231);
	assert_string_equal(out.province, "thai-nguyen");
	assert_string_equal(out.category, "dairy");
	assert_int_equal(hv_catalog_lookup(cat, "8850006330012", &out), 1);
	assert_string_equal(out.name, "Bánh, kẹo \"Thái\"");
	assert_int_equal(out.ocop_until, 0);
	assert_int_equal(hv_catalog_lookup(cat, "4006381333931", &out), 0);
	assert_int_equal(hv_catalog_count(cat), 2);
	hv_catalog_destroy(&cat);
}

static void
abort_leaves_catalog_unchanged(void **state)
{
	fixture_t *fx = *state;
	hv_product_t a = s_product("8935049500018", "A", "VN");
	hv_product_t b = s_product("8850006330012", "B", "TH");
	hv_product_t out;
	long first;

	hv_catalog_t *cat = s_open(fx, true);
	s_put_all(cat, &a, 1, true);
	assert_int_equal(hv_catalog_stage_begin(cat, false), 0);
	assert_int_equal(hv_catalog_stage_put(cat, &b, NULL, 2, &first), 0);
	hv_catalog_stage_abort(cat);
	assert_int_equal(hv_catalog_lookup(cat, "8850006330012", &out), 0);
	assert_int_equal(hv_catalog_lookup(cat, "8935049500018", &out), 1);
	/* Destroy in the middle of a stage is an abort too. */
	assert_int_equal(hv_catalog_stage_begin(cat, false), 0);
	assert_int_equal(hv_catalog_stage_put(cat, &b, NULL, 2, &first), 0);
	hv_catalog_destroy(&cat);
	cat = s_open(fx, false);
	assert_int_equal(hv_catalog_count(cat), 1);
	hv_catalog_destroy(&cat);
}

/* A claim of SOURCE (made_in COUNTRY, CONFIDENCE) about GTIN. */
static hv_product_t
s_claim(const char *gtin, hv_source_t source, const char *country, int confidence)
{
	hv_product_t p = s_product(gtin, "", country);
	p.source = source;
	p.confidence = confidence;
	return p;
}

static int
s_collect(const hv_claim_t *c, void *arg)
{
	char *out = arg;
	snprintf(out + strlen(out), 200 - strlen(out), "%s%s:%s:%s", out[0] ? " " : "",
	    hv_source_name(c->p.source), c->p.made_in, c->evidence);
	return 0;
}

/* Open Food Facts says one thing, the ERP another, an OCOP list gives the
 * stars: the ERP's origin wins (label > erp > supplier > office > ocop >
 * off), the OCOP list's stars and the OFF name fill what the ERP left out,
 * and every claim is kept, the winner's first. */
static void
claims_kept_and_the_highest_precedence_wins(void **state)
{
	fixture_t *fx = *state;
	hv_product_t out;
	char seen[200] = "";
	long first;
	const char *g = "8935049500018";

	hv_catalog_t *cat = s_open(fx, true);
	hv_product_t off = s_claim(g, HV_SOURCE_OFF, "CN", 60);
	strcpy(off.name, "Tra xanh (OFF)");
	strcpy(off.category, "tea");
	s_put_all(cat, &off, 1, false);
	assert_int_equal(hv_catalog_lookup(cat, g, &out), 1);
	assert_string_equal(out.made_in, "CN");
	assert_int_equal(out.source, HV_SOURCE_OFF);

	hv_product_t erp = s_claim(g, HV_SOURCE_ERP, "VN", 100);
	strcpy(erp.name, "Trà xanh Thái Nguyên");
	hv_product_t ocop = s_claim(g, HV_SOURCE_OCOP, "VN", 100);
	ocop.ocop = 4;
	ocop.ocop_until = 20271231;
	strcpy(ocop.province, "thai-nguyen");
	assert_int_equal(hv_catalog_stage_begin(cat, false), 0);
	assert_int_equal(hv_catalog_stage_put(cat, &erp, "ERP export 2026-12", 2, &first), 0);
	assert_int_equal(hv_catalog_stage_commit(cat), 0);
	assert_int_equal(hv_catalog_stage_begin(cat, false), 0);
	assert_int_equal(hv_catalog_stage_put(cat, &ocop, "QĐ 123/QĐ-UBND", 2, &first), 0);
	assert_int_equal(hv_catalog_stage_commit(cat), 0);

	assert_int_equal(hv_catalog_lookup(cat, g, &out), 1);
	assert_string_equal(out.made_in, "VN");
	assert_int_equal(out.source, HV_SOURCE_ERP);
	assert_string_equal(out.name, "Trà xanh Thái Nguyên"); /* the winner's own */
	assert_string_equal(out.category, "tea");              /* from OFF: the ERP gave none */
	assert_int_equal(out.ocop, 4);                         /* from the OCOP list */
	assert_int_equal(out.ocop_until, 20271231);
	assert_string_equal(out.province, "thai-nguyen");
	assert_int_equal(hv_catalog_claims(cat, g, s_collect, seen), 3);
	assert_string_equal(seen, "erp:VN:ERP export 2026-12 ocop:VN:QĐ 123/QĐ-UBND off:CN:");

	/* the label in hand beats them all, whatever its confidence */
	hv_product_t label = s_claim(g, HV_SOURCE_LABEL, "VN", 10);
	label.origin_kind = HV_ORIGIN_PACKED;
	s_put_all(cat, &label, 1, false);
	assert_int_equal(hv_catalog_lookup(cat, g, &out), 1);
	assert_int_equal(out.source, HV_SOURCE_LABEL);
	assert_int_equal(out.origin_kind, HV_ORIGIN_PACKED);
	assert_int_equal(out.confidence, 10);
	hv_catalog_destroy(&cat);
}

/* A source's new claim replaces its old one; a replacing import drops
 * only its own source's claims, and a product nobody claims any more
 * leaves the catalog. */
static void
a_replacing_import_drops_only_its_sources_claims(void **state)
{
	fixture_t *fx = *state;
	hv_product_t out;
	const char *a = "8935049500018", *b = "8850006330012";

	hv_catalog_t *cat = s_open(fx, true);
	hv_product_t offs[2] = {s_claim(a, HV_SOURCE_OFF, "TH", 80), s_claim(b, HV_SOURCE_OFF, "TH", 80)};
	s_put_all(cat, offs, 2, true);
	hv_product_t erp = s_claim(a, HV_SOURCE_ERP, "VN", 100);
	s_put_all(cat, &erp, 1, true); /* replaces the ERP's claims: there were none */
	assert_int_equal(hv_catalog_count(cat), 2);
	assert_int_equal(hv_catalog_lookup(cat, a, &out), 1);
	assert_string_equal(out.made_in, "VN");

	hv_product_t off_again = s_claim(b, HV_SOURCE_OFF, "MY", 90);
	s_put_all(cat, &off_again, 1, true); /* OFF's claim on A goes; the ERP's stays */
	assert_int_equal(hv_catalog_lookup(cat, a, &out), 1);
	assert_string_equal(out.made_in, "VN");
	assert_int_equal(hv_catalog_lookup(cat, b, &out), 1);
	assert_string_equal(out.made_in, "MY");

	assert_int_equal(hv_catalog_stage_begin(cat, true), 0); /* an empty ERP file */
	hv_catalog_stage_source(cat, HV_SOURCE_ERP);
	assert_int_equal(hv_catalog_stage_commit(cat), 0);
	assert_int_equal(hv_catalog_lookup(cat, a, &out), 0); /* nobody claims it now */
	assert_int_equal(hv_catalog_count(cat), 1);
	hv_catalog_destroy(&cat);
}

static void
replace_and_merge(void **state)
{
	fixture_t *fx = *state;
	hv_product_t first[2] = {
	    s_product("8935049500018", "A", "VN"), s_product("8850006330012", "B", "TH")};
	hv_product_t second = s_product("8935049500018", "A2", "VN");
	hv_product_t out;

	hv_catalog_t *cat = s_open(fx, true);
	s_put_all(cat, first, 2, true);
	s_put_all(cat, &second, 1, false); /* merge: B stays, A renamed */
	assert_int_equal(hv_catalog_count(cat), 2);
	assert_int_equal(hv_catalog_lookup(cat, "8935049500018", &out), 1);
	assert_string_equal(out.name, "A2");
	s_put_all(cat, &second, 1, true); /* replace: only A2 */
	assert_int_equal(hv_catalog_count(cat), 1);
	assert_int_equal(hv_catalog_lookup(cat, "8850006330012", &out), 0);
	hv_catalog_destroy(&cat);
}

static void
duplicate_in_stage_names_first_line(void **state)
{
	fixture_t *fx = *state;
	hv_product_t a = s_product("8935049500018", "A", "VN");
	long first = 0;

	hv_catalog_t *cat = s_open(fx, true);
	assert_int_equal(hv_catalog_stage_begin(cat, false), 0);
	assert_int_equal(hv_catalog_stage_put(cat, &a, NULL, 7, &first), 0);
	assert_int_equal(hv_catalog_stage_put(cat, &a, NULL, 12, &first), 1);
	assert_int_equal(first, 7);
	hv_catalog_stage_abort(cat);
	hv_catalog_destroy(&cat);
}

static void
snapshot_hides_imports_until_it_ends(void **state)
{
	fixture_t *fx = *state;
	hv_product_t a = s_product("8935049500018", "A", "VN");
	hv_product_t b = s_product("8850006330012", "B", "TH");
	hv_product_t out;

	hv_catalog_t *writer = s_open(fx, true);
	s_put_all(writer, &a, 1, true);
	hv_catalog_t *reader = s_open(fx, false);
	assert_int_equal(hv_catalog_snapshot_begin(reader), 0);
	assert_int_equal(hv_catalog_lookup(reader, "8935049500018", &out), 1);
	s_put_all(writer, &b, 1, false); /* an import lands meanwhile */
	assert_int_equal(hv_catalog_lookup(reader, "8850006330012", &out), 0);
	assert_int_equal(hv_catalog_snapshot_end(reader), 0);
	assert_int_equal(hv_catalog_lookup(reader, "8850006330012", &out), 1);
	assert_string_equal(out.name, "B");
	hv_catalog_destroy(&reader);
	hv_catalog_destroy(&writer);
}

/* Lookups remembered in one snapshot are answered again in the next, and
 * forgotten once an import (by another connection, or by this one) has
 * changed the catalog: a product found, one absent, both changed. */
static void
snapshots_remember_lookups_until_the_catalog_changes(void **state)
{
	fixture_t *fx = *state;
	hv_product_t a = s_product("8935049500018", "A", "VN");
	hv_product_t a2 = s_product("8935049500018", "A, new name", "TH");
	hv_product_t b = s_product("8850006330012", "B", "TH");
	hv_product_t out;

	hv_catalog_t *writer = s_open(fx, true);
	s_put_all(writer, &a, 1, true);
	hv_catalog_t *reader = s_open(fx, false);
	for (int round = 0; round < 2; round++) { /* filled, then from memory */
		assert_int_equal(hv_catalog_snapshot_begin(reader), 0);
		memset(&out, 0x55, sizeof out);
		assert_int_equal(hv_catalog_lookup(reader, "8935049500018", &out), 1);
		assert_string_equal(out.gtin, "8935049500018");
		assert_string_equal(out.name, "A");
		assert_string_equal(out.made_in, "VN");
		assert_string_equal(out.brand, "");
		assert_int_equal(hv_catalog_lookup(reader, "8850006330012", &out), 0);
		assert_int_equal(hv_catalog_snapshot_end(reader), 0);
	}
	s_put_all(writer, &a2, 1, false);
	s_put_all(writer, &b, 1, false);
	assert_int_equal(hv_catalog_snapshot_begin(reader), 0);
	assert_int_equal(hv_catalog_lookup(reader, "8935049500018", &out), 1);
	assert_string_equal(out.name, "A, new name");
	assert_string_equal(out.made_in, "TH");
	assert_int_equal(hv_catalog_lookup(reader, "8850006330012", &out), 1);
	assert_string_equal(out.name, "B");
	assert_int_equal(hv_catalog_snapshot_end(reader), 0);

	/* The writer's own lookups, before and after its own import. */
	assert_int_equal(hv_catalog_snapshot_begin(writer), 0);
	assert_int_equal(hv_catalog_lookup(writer, "8935049500018", &out), 1);
	assert_string_equal(out.name, "A, new name");
	assert_int_equal(hv_catalog_snapshot_end(writer), 0);
	s_put_all(writer, &a, 1, true);
	assert_int_equal(hv_catalog_snapshot_begin(writer), 0);
	assert_int_equal(hv_catalog_lookup(writer, "8935049500018", &out), 1);
	assert_string_equal(out.name, "A");
	assert_int_equal(hv_catalog_lookup(writer, "8850006330012", &out), 0);
	assert_int_equal(hv_catalog_snapshot_end(writer), 0);
	hv_catalog_destroy(&reader);
	hv_catalog_destroy(&writer);
}

static void
product_problems(void **state)
{
	(void)state;
	hv_product_t p = s_product("8935049500018", "Trà", "VN");
	assert_null(hv_product_problem(&p));
	p.ocop = 2;
	assert_non_null(strstr(hv_product_problem(&p), "ocop"));
	p.ocop = 5;
	strcpy(p.made_in, "XX");
	assert_non_null(strstr(hv_product_problem(&p), "made_in"));
	strcpy(p.made_in, "VN");
	strcpy(p.brand_country, "EU");
	assert_non_null(strstr(hv_product_problem(&p), "brand_country"));
	strcpy(p.brand_country, "");
	strcpy(p.name, "bad \xc3\x28 utf8");
	assert_non_null(strstr(hv_product_problem(&p), "UTF-8"));
	strcpy(p.name, "ok");
	strcpy(p.gtin, "8935049500015");
	assert_non_null(strstr(hv_product_problem(&p), "gtin"));
}
/* What hv_catalog_changes gives after version SINCE, as "version full|part
 * key:made_in key:gone ..." in the order given. */
static void
s_changes(hv_catalog_t *cat, int64_t since, char *out, size_t size)
{
	int64_t version = -1;
	bool full = false, deleted;
	hv_product_t p;
	assert_int_equal(hv_catalog_changes_begin(cat, since, &version, &full), 0);
	snprintf(out, size, "%lld %s", (long long)version, full ? "full" : "part");
	int rc;
	while ((rc = hv_catalog_changes_next(cat, &p, &deleted)) == 1)
		snprintf(out + strlen(out), size - strlen(out), " %s:%s", hv_product_key(&p),
		    deleted ? "gone" : p.made_in);
	assert_int_equal(rc, 0);
	hv_catalog_changes_end(cat);
}

/* Each import that changes a row is the next version; one that says again
 * what is held is none; a product dropped is given as gone after its
 * version; a reader at 0, or ahead of the catalog, gets all of it. */
static void
versions_count_the_imports_that_change_rows(void **state)
{
	fixture_t *fx = *state;
	char got[400];
	hv_product_t v1[] = {s_product("8935049500018", "a", "VN"),
	    s_product("4006381333931", "b", "DE")};
	hv_catalog_t *cat = s_open(fx, true);
	assert_int_equal(hv_catalog_meta(cat, HV_CATALOG_VERSION), 0);
	s_put_all(cat, v1, 2, true);
	assert_int_equal(hv_catalog_meta(cat, HV_CATALOG_VERSION), 1);
	s_put_all(cat, v1, 2, true); /* the same again */
	assert_int_equal(hv_catalog_meta(cat, HV_CATALOG_VERSION), 1);
	strcpy(v1[1].made_in, "CN");
	s_put_all(cat, v1, 2, true);
	assert_int_equal(hv_catalog_meta(cat, HV_CATALOG_VERSION), 2);
	s_changes(cat, 1, got, sizeof got);
	assert_string_equal(got, "2 part 4006381333931:CN");
	s_put_all(cat, v1, 1, true); /* 4006381333931 leaves */
	s_changes(cat, 2, got, sizeof got);
	assert_string_equal(got, "3 part 4006381333931:gone");
	s_changes(cat, 3, got, sizeof got);
	assert_string_equal(got, "3 part");
	s_changes(cat, 0, got, sizeof got);
	assert_string_equal(got, "3 full 8935049500018:VN");
	s_changes(cat, 7, got, sizeof got); /* it followed another catalog */
	assert_string_equal(got, "3 full 8935049500018:VN");
	hv_catalog_destroy(&cat);
}

/* A store following an office: the office's claim is dropped and the
 * store's own row stands; meta keeps the office version applied. */
static void
dropping_a_sources_claim_leaves_the_others(void **state)
{
	fixture_t *fx = *state;
	hv_product_t out, erp = s_claim("8935049500018", HV_SOURCE_ERP, "VN", 100),
	                  office = s_claim("8935049500018", HV_SOURCE_OFFICE, "TH", 90),
	                  only = s_claim("4006381333931", HV_SOURCE_OFFICE, "DE", 90);
	long first;
	hv_catalog_t *cat = s_open(fx, true);
	s_put_all(cat, &erp, 1, false);
	assert_int_equal(hv_catalog_stage_begin(cat, false), 0);
	assert_int_equal(hv_catalog_stage_put(cat, &office, NULL, 1, &first), 0);
	assert_int_equal(hv_catalog_stage_put(cat, &only, NULL, 2, &first), 0);
	assert_int_equal(hv_catalog_stage_meta(cat, HV_CATALOG_OFFICE_VERSION, 4), 0);
	assert_int_equal(hv_catalog_stage_commit(cat), 0);
	assert_int_equal(hv_catalog_lookup(cat, "8935049500018", &out), 1);
	assert_string_equal(out.made_in, "VN"); /* erp > office */
	assert_int_equal(hv_catalog_meta(cat, HV_CATALOG_OFFICE_VERSION), 4);

	assert_int_equal(hv_catalog_stage_begin(cat, false), 0);
	assert_int_equal(hv_catalog_stage_drop(cat, "8935049500018", HV_SOURCE_OFFICE), 0);
	assert_int_equal(hv_catalog_stage_drop(cat, "4006381333931", HV_SOURCE_OFFICE), 0);
	assert_int_equal(hv_catalog_stage_drop(cat, "0000000000000", HV_SOURCE_OFFICE), 0);
	assert_int_equal(hv_catalog_stage_commit(cat), 0);
	assert_int_equal(hv_catalog_lookup(cat, "8935049500018", &out), 1);
	assert_int_equal(out.source, HV_SOURCE_ERP);
	assert_int_equal(hv_catalog_lookup(cat, "4006381333931", &out), 0);
	hv_catalog_destroy(&cat);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        missing_file_is_empty_catalog_when_reading, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(new_catalog_has_schema_version_5, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(newer_schema_refused_with_message, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        version_1_catalog_is_read_then_migrated, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(lookup_after_commit, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(abort_leaves_catalog_unchanged, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(replace_and_merge, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        claims_kept_and_the_highest_precedence_wins, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        a_replacing_import_drops_only_its_sources_claims, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        duplicate_in_stage_names_first_line, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        snapshot_hides_imports_until_it_ends, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        snapshots_remember_lookups_until_the_catalog_changes, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        versions_count_the_imports_that_change_rows, s_setup, s_teardown),
	    cmocka_unit_test_setup_teardown(
	        dropping_a_sources_claim_leaves_the_others, s_setup, s_teardown),
	    cmocka_unit_test(product_problems),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
