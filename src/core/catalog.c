/*
 * catalog.c -- catalog.db: schema, migrations, lookups and staged imports.
 */
#include "catalog.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "country.h"
#include "db.h"
#include "date.h"
#include "gtin_lines.h"
#include "i18n.h"
#include "product_cache.h"
#include "rowmap.h"
#include "text.h"

/* A store code an import has put, and its line: codes given twice are
 * named with both lines (GTINs go to gtin_lines, which packs digits). */
typedef struct {
	char code[HV_CODE_MAX + 1];
	long line;
} code_line_t;

struct hv_catalog {
	sqlite3 *db;             /* NULL: an empty catalog (read-only, no file) */
	sqlite3_stmt *lookup;    /* SELECT one product by gtin */
	sqlite3_stmt *stage_put; /* INSERT OR REPLACE a claim of the import */
	sqlite3_stmt *claims_of; /* SELECT a product's claims, the winner first */
	sqlite3_stmt *winner_put; /* upsert the product row made of them, when it changed */
	sqlite3_stmt *winner_del; /* DELETE the product row no claim holds up */
	sqlite3_stmt *gone_put;   /* and note that it left */
	sqlite3_stmt *claim_del;  /* DELETE one source's claim on a product */
	int64_t batch;           /* this import's number, in each claim it puts */
	int64_t next_version;    /* the catalog version this import makes */
	int64_t changed;         /* product rows it changed or dropped so far */
	sqlite3_stmt *changes[2]; /* hv_catalog_changes_*: the gone keys, then the rows */
	int changes_at;           /* which of them is being read; 2: done */
	unsigned sources;        /* bit per hv_source_t this import speaks for */
	unsigned held;           /* bit per hv_source_t that has claims (or may have) */
	bool replace;            /* at commit, drop those sources' claims not put again */
	int today;               /* YYYYMMDD: the day its claims are dated */
	hv_gtin_lines_t *seen;   /* the import's GTINs so far, and their lines */
	hv_rowmap_t seen_codes;  /* its store codes so far (code_line_t) */
	int schema;              /* the file's schema version */
	sqlite3_stmt *version;   /* PRAGMA data_version: changes with others' commits */
	bool staging;            /* between stage_begin and commit/abort */
	bool in_snapshot;        /* between snapshot_begin and end */
	/* Lookups made in a snapshot, kept while data_version says the
	 * catalog is the one they were made in; NULL when out of memory. */
	hv_product_cache_t *cache;
	int64_t cache_version;
	char error[256]; /* last error, for a person */
};

/* Schema migrations: entry N takes user_version N to N+1. Append only. */
static const char *const s_migrations[] = {
    /* 0 -> 1: the product table. */
    "CREATE TABLE product ("
    " gtin TEXT PRIMARY KEY NOT NULL,"
    " name TEXT NOT NULL DEFAULT '',"
    " brand TEXT NOT NULL DEFAULT '',"
    " made_in TEXT NOT NULL,"
    " brand_country TEXT NOT NULL DEFAULT '',"
    " ocop INTEGER NOT NULL DEFAULT 0 CHECK (ocop IN (0, 3, 4, 5)),"
    " ocop_until TEXT NOT NULL DEFAULT '',"
    " province TEXT NOT NULL DEFAULT '',"
    " category TEXT NOT NULL DEFAULT ''"
    ") WITHOUT ROWID;",
    /* 1 -> 2: the same table, its ocop check written as comparisons:
     * "IN (0, 3, 4, 5)" built a list for every row, 45% of an import. */
    "CREATE TABLE product2 ("
    " gtin TEXT PRIMARY KEY NOT NULL,"
    " name TEXT NOT NULL DEFAULT '',"
    " brand TEXT NOT NULL DEFAULT '',"
    " made_in TEXT NOT NULL,"
    " brand_country TEXT NOT NULL DEFAULT '',"
    " ocop INTEGER NOT NULL DEFAULT 0 CHECK (ocop = 0 OR (ocop >= 3 AND ocop <= 5)),"
    " ocop_until TEXT NOT NULL DEFAULT '',"
    " province TEXT NOT NULL DEFAULT '',"
    " category TEXT NOT NULL DEFAULT ''"
    ") WITHOUT ROWID;"
    "INSERT INTO product2 SELECT * FROM product;"
    "DROP TABLE product;"
    "ALTER TABLE product2 RENAME TO product;",
    /* 2 -> 3: whether the store lists the product. The gtin column now
     * also keys products without a GTIN by the store's code (never a
     * GTIN, so never equal to a normalised one). */
    "ALTER TABLE product ADD COLUMN listed INTEGER NOT NULL DEFAULT 0"
    " CHECK (listed = 0 OR listed = 1);",
    /* 3 -> 4: provenance. Every source's claim about a product is kept
     * (rank: its source's precedence, higher wins; batch: the import
     * that put it; day: YYYYMMDD); the product row is made of them and
     * says how the label states the origin, who said it, how sure. The
     * rows held so far were the store's own imports: its ERP's claims. */
    "CREATE TABLE claim ("
    " gtin TEXT NOT NULL, source TEXT NOT NULL, rank INTEGER NOT NULL,"
    " name TEXT NOT NULL DEFAULT '', brand TEXT NOT NULL DEFAULT '', made_in TEXT NOT NULL,"
    " brand_country TEXT NOT NULL DEFAULT '', ocop INTEGER NOT NULL DEFAULT 0,"
    " ocop_until TEXT NOT NULL DEFAULT '', province TEXT NOT NULL DEFAULT '',"
    " category TEXT NOT NULL DEFAULT '', listed INTEGER NOT NULL DEFAULT 0,"
    " origin_kind TEXT NOT NULL DEFAULT 'made_in', confidence INTEGER NOT NULL DEFAULT 100,"
    " evidence TEXT NOT NULL DEFAULT '', day INTEGER NOT NULL DEFAULT 0,"
    " batch INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (gtin, source)) WITHOUT ROWID;"
    "CREATE INDEX claim_batch ON claim (source, batch);"
    "ALTER TABLE product ADD COLUMN origin_kind TEXT NOT NULL DEFAULT 'made_in';"
    "ALTER TABLE product ADD COLUMN source TEXT NOT NULL DEFAULT 'erp';"
    "ALTER TABLE product ADD COLUMN confidence INTEGER NOT NULL DEFAULT 100;"
    "INSERT INTO claim (gtin, source, rank, name, brand, made_in, brand_country, ocop,"
    " ocop_until, province, category, listed)"
    " SELECT gtin, 'erp', 5, name, brand, made_in, brand_country, ocop, ocop_until, province,"
    " category, listed FROM product;",
    /* 4 -> 5: versions, for an office serving its catalog (the `catalog`
     * sync op). Each import that changes a product row is a version of
     * the catalog (meta 'version'); a row carries the version that last
     * changed it, and a product that left keeps its key in `gone` with the
     * version it left in. meta also says which office version a store
     * following an office's catalog has applied ('office_version'). */
    "ALTER TABLE product ADD COLUMN version INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX product_version ON product (version);"
    "CREATE TABLE gone (gtin TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX gone_version ON gone (version);"
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL) WITHOUT ROWID;",
};
#define SCHEMA_VERSION ((int)(sizeof s_migrations / sizeof s_migrations[0]))

#define PRODUCT_COLUMNS                                                                            \
	"gtin, name, brand, made_in, brand_country, ocop, ocop_until, province, category, listed,"    \
	" origin_kind, source, confidence"
/* The same from older schemas, read as they are (read-only): their rows
 * were the store's own imports. */
#define PRODUCT_COLUMNS_V3                                                                         \
	"gtin, name, brand, made_in, brand_country, ocop, ocop_until, province, category, listed,"    \
	" 'made_in', 'erp', 100"
#define PRODUCT_COLUMNS_V2                                                                         \
	"gtin, name, brand, made_in, brand_country, ocop, ocop_until, province, category, 0,"         \
	" 'made_in', 'erp', 100"

/* A claim's columns: a product's, then what the source said and when. */
#define CLAIM_COLUMNS                                                                              \
	"gtin, name, brand, made_in, brand_country, ocop, ocop_until, province, category, listed,"    \
	" origin_kind, source, confidence, evidence, day"

/* A product's claims (?1: its key), the winner first: the precedence rule. */
#define CLAIMS_OF                                                                                  \
	"SELECT " CLAIM_COLUMNS " FROM claim WHERE gtin = ?1"                                           \
	" ORDER BY rank DESC, confidence DESC, day DESC"

/* Write a product row made of its claims (PRODUCT_COLUMNS, then ?14: this
 * import's version), and only when it differs from the row held: an
 * import that says again what the catalog holds makes no new version. */
#define WINNER_PUT                                                                                 \
	"INSERT INTO product (" PRODUCT_COLUMNS ", version)"                                         \
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"                       \
	" ON CONFLICT (gtin) DO UPDATE SET name = excluded.name, brand = excluded.brand,"            \
	" made_in = excluded.made_in, brand_country = excluded.brand_country,"                       \
	" ocop = excluded.ocop, ocop_until = excluded.ocop_until, province = excluded.province,"     \
	" category = excluded.category, listed = excluded.listed,"                                   \
	" origin_kind = excluded.origin_kind, source = excluded.source,"                             \
	" confidence = excluded.confidence, version = excluded.version"                              \
	" WHERE (name, brand, made_in, brand_country, ocop, ocop_until, province, category, listed," \
	" origin_kind, source, confidence) IS NOT (excluded.name, excluded.brand, excluded.made_in," \
	" excluded.brand_country, excluded.ocop, excluded.ocop_until, excluded.province,"            \
	" excluded.category, excluded.listed, excluded.origin_kind, excluded.source,"                \
	" excluded.confidence)"

/* The product columns a catalog of SCHEMA holds, as PRODUCT_COLUMNS. */
static const char *
s_product_columns(int schema)
{
	return schema >= 4 ? PRODUCT_COLUMNS : schema == 3 ? PRODUCT_COLUMNS_V3 : PRODUCT_COLUMNS_V2;
}

static uint32_t
s_code_hash(const void *row)
{
	const code_line_t *c = row;
	return hv_fnv(HV_FNV_SEED, c->code, strlen(c->code));
}

static bool
s_code_same(const void *a, const void *b)
{
	return strcmp(((const code_line_t *)a)->code, ((const code_line_t *)b)->code) == 0;
}

const char *
hv_product_key(const hv_product_t *p)
{
	return p->gtin[0] != '\0' ? p->gtin : p->code;
}

/* Whether KEY, as the gtin column holds it, is a normalised GTIN (13 or
 * 14 digits, the check digit right) rather than a store code. */
static bool
s_key_is_gtin(const char *key)
{
	size_t n = strspn(key, "0123456789");
	return (n == 13 || n == 14) && key[n] == '\0' && hv_gtin_check_digit(key, n - 1) == key[n - 1];
}

static int
s_fail(hv_catalog_t *self, const char *what)
{
	snprintf(self->error, sizeof self->error, "%s: %s", what,
	    self->db != NULL ? sqlite3_errmsg(self->db) : "no database");
	return -1;
}

hv_catalog_t *
hv_catalog_open(const char *path, bool writable, char *err, size_t errlen)
{
	hv_catalog_t *self = calloc(1, sizeof *self);
	int flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;

	if (self == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	if (!writable && access(path, F_OK) != 0)
		return self; /* no catalog yet: every lookup misses */
	if (sqlite3_open_v2(path, &self->db, flags, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(self->db, 5000);
	if (writable) {
		if (sqlite3_exec(self->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) !=
		    SQLITE_OK)
			goto fail;
		if (hv_db_migrate(self->db, "catalog.db", s_migrations, SCHEMA_VERSION, self->error,
		        sizeof self->error) < 0)
			goto fail_msg;
	} else if (hv_db_version(self->db) < 1 || hv_db_version(self->db) > SCHEMA_VERSION) {
		/* Older versions hold the same columns: they are read as they are
		 * (the next import brings them up to date). */
		int v = hv_db_version(self->db);
		snprintf(self->error, sizeof self->error,
		    v < 0 ? _("not a catalog database")
		          : _("catalog.db has schema version %d, this hangviet reads version %d; "
		              "re-import the catalog or upgrade hangviet"),
		    v, SCHEMA_VERSION);
		goto fail_msg;
	}
	self->schema = hv_db_version(self->db);
	self->seen_codes = HV_ROWMAP_INIT(code_line_t, s_code_hash, s_code_same);
	char sql[400];
	snprintf(sql, sizeof sql, "SELECT %s FROM product WHERE gtin = ?1",
	    s_product_columns(self->schema));
	if (sqlite3_prepare_v3(self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &self->lookup, NULL) !=
	        SQLITE_OK ||
	    sqlite3_prepare_v3(self->db, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
	        &self->version, NULL) != SQLITE_OK)
		goto fail;
	self->cache = hv_product_cache_new(HV_PRODUCT_CACHE_ENTRIES);
	return self;

fail:
	s_fail(self, _("cannot open the catalog"));
fail_msg:
	snprintf(err, errlen, "%s: %s", path, self->error);
	hv_catalog_destroy(&self);
	return NULL;
}

void
hv_catalog_destroy(hv_catalog_t **self_p)
{
	hv_catalog_t *self;

	if (self_p == NULL || (self = *self_p) == NULL)
		return;
	if (self->staging)
		hv_catalog_stage_abort(self);
	hv_catalog_changes_end(self);
	sqlite3_finalize(self->lookup);
	sqlite3_finalize(self->version);
	hv_rowmap_free(&self->seen_codes);
	sqlite3_close(self->db);
	hv_product_cache_destroy(&self->cache);
	free(self);
	*self_p = NULL;
}

const char *
hv_catalog_error(hv_catalog_t *self)
{
	return self->error;
}

/* Fill *P from the current row of ST, whose columns are PRODUCT_COLUMNS. */
static void
s_row_to_product(sqlite3_stmt *st, hv_product_t *p)
{
	char until[16], key[HV_CODE_MAX + 1];

	hv_db_text(st, 0, key, sizeof key);
	p->gtin[0] = p->code[0] = '\0';
	if (s_key_is_gtin(key))
		memcpy(p->gtin, key, HV_GTIN_MAX + 1);
	else
		memcpy(p->code, key, sizeof p->code);
	hv_db_text(st, 1, p->name, sizeof p->name);
	hv_db_text(st, 2, p->brand, sizeof p->brand);
	hv_db_text(st, 3, p->made_in, sizeof p->made_in);
	hv_db_text(st, 4, p->brand_country, sizeof p->brand_country);
	p->ocop = sqlite3_column_int(st, 5);
	hv_db_text(st, 6, until, sizeof until);
	if (hv_date_parse(until, &p->ocop_until) < 0)
		p->ocop_until = 0;
	hv_db_text(st, 7, p->province, sizeof p->province);
	hv_db_text(st, 8, p->category, sizeof p->category);
	p->listed = sqlite3_column_int(st, 9) != 0;
	hv_db_text(st, 10, until, sizeof until);
	if (hv_origin_kind_parse(until, &p->origin_kind) < 0)
		p->origin_kind = HV_ORIGIN_MADE_IN;
	hv_db_text(st, 11, until, sizeof until);
	if (hv_source_parse(until, &p->source) < 0)
		p->source = HV_SOURCE_ERP;
	p->confidence = sqlite3_column_int(st, 12);
}

/* Fill *C from the current row of ST, whose columns are CLAIM_COLUMNS. */
static void
s_row_to_claim(sqlite3_stmt *st, hv_claim_t *c)
{
	s_row_to_product(st, &c->p);
	hv_db_text(st, 13, c->evidence, sizeof c->evidence);
	c->day = sqlite3_column_int(st, 14);
}

int
hv_catalog_lookup(hv_catalog_t *self, const char *key, hv_product_t *out)
{
	int rc;

	if (self->db == NULL)
		return 0;
	bool cached = self->in_snapshot && self->cache != NULL;
	if (cached && (rc = hv_product_cache_get(self->cache, key, out)) >= 0)
		return rc;
	sqlite3_bind_text(self->lookup, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(self->lookup);
	if (rc == SQLITE_ROW)
		s_row_to_product(self->lookup, out);
	sqlite3_reset(self->lookup);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return s_fail(self, "looking up a product");
	if (cached)
		hv_product_cache_put(self->cache, key, rc == SQLITE_ROW ? out : NULL);
	return rc == SQLITE_ROW;
}

/* In a snapshot: empty the cache when another connection has committed
 * to the catalog since it was filled (PRAGMA data_version, which also
 * starts the snapshot's read). */
static int
s_check_cache(hv_catalog_t *self)
{
	int rc = sqlite3_step(self->version);
	int64_t version = sqlite3_column_int64(self->version, 0);

	sqlite3_reset(self->version);
	if (rc != SQLITE_ROW)
		return -1;
	if (self->cache != NULL && version != self->cache_version)
		hv_product_cache_clear(self->cache);
	self->cache_version = version;
	return 0;
}

int
hv_catalog_snapshot_begin(hv_catalog_t *self)
{
	if (self == NULL || self->db == NULL)
		return 0;
	if (sqlite3_exec(self->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return s_fail(self, "starting a read");
	if (s_check_cache(self) < 0) {
		s_fail(self, "starting a read");
		sqlite3_exec(self->db, "COMMIT", NULL, NULL, NULL);
		return -1;
	}
	self->in_snapshot = true;
	return 0;
}

int
hv_catalog_snapshot_end(hv_catalog_t *self)
{
	if (self == NULL || self->db == NULL)
		return 0;
	self->in_snapshot = false;
	if (sqlite3_exec(self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return s_fail(self, "ending a read");
	return 0;
}

int
hv_catalog_listed(hv_catalog_t *self, int64_t *domestic, int64_t *other)
{
	sqlite3_stmt *st;
	int rc;

	*domestic = *other = 0;
	if (self->db == NULL)
		return 0;
	if (sqlite3_prepare_v2(self->db,
	        "SELECT made_in = 'VN', count(*) FROM product WHERE listed GROUP BY 1", -1, &st,
	        NULL) != SQLITE_OK)
		return s_fail(self, "counting listed products");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*(sqlite3_column_int(st, 0) ? domestic : other) = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : s_fail(self, "counting listed products");
}

int64_t
hv_catalog_count(hv_catalog_t *self)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (self->db == NULL)
		return 0;
	if (sqlite3_prepare_v2(self->db, "SELECT count(*) FROM product", -1, &st, NULL) ==
	        SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		s_fail(self, "counting products");
	sqlite3_finalize(st);
	return n;
}

int
hv_catalog_each(hv_catalog_t *self, int (*fn)(const hv_product_t *p, void *arg), void *arg)
{
	sqlite3_stmt *st;
	hv_product_t p;
	int rc, stop = 0;

	if (self->db == NULL)
		return 0;
	char sql[400];
	snprintf(sql, sizeof sql, "SELECT %s FROM product ORDER BY gtin",
	    s_product_columns(self->schema));
	if (sqlite3_prepare_v2(self->db, sql, -1, &st, NULL) != SQLITE_OK)
		return s_fail(self, "reading the catalog");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s_row_to_product(st, &p);
		if ((stop = fn(&p, arg)) != 0)
			break;
	}
	if (stop == 0 && rc != SQLITE_DONE)
		stop = s_fail(self, "reading the catalog");
	sqlite3_finalize(st);
	return stop;
}

int
hv_catalog_claims(hv_catalog_t *self, const char *key,
    int (*fn)(const hv_claim_t *c, void *arg), void *arg)
{
	sqlite3_stmt *st;
	hv_claim_t c;
	int rc, n = 0, stop = 0;

	if (self->db == NULL || self->schema < 4)
		return 0; /* no claims kept before schema 4: hv_catalog_lookup has the row */
	if (sqlite3_prepare_v2(self->db,
	        CLAIMS_OF,
	        -1, &st, NULL) != SQLITE_OK)
		return s_fail(self, "reading a product's claims");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	while (stop == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		s_row_to_claim(st, &c);
		n++;
		stop = fn(&c, arg);
	}
	sqlite3_finalize(st);
	if (stop != 0)
		return stop < 0 ? stop : n;
	return rc == SQLITE_DONE ? n : s_fail(self, "reading a product's claims");
}

const char *
hv_product_problem(const hv_product_t *p)
{
	hv_gtin_t g;
	const char *why;

	if ((p->gtin[0] != '\0') == (p->code[0] != '\0'))
		return N_("a product has a gtin or, when it has none, a code: exactly one of them");
	if (p->gtin[0] != '\0' &&
	    (hv_gtin_parse(p->gtin, HV_SYM_ANY, &g, &why) < 0 || strcmp(g.gtin, p->gtin) != 0))
		return N_("gtin is not a normalised GTIN");
	if (p->code[0] != '\0' && !hv_code_is_valid(p->code))
		return N_("code holds control characters or is not UTF-8");
	if (p->code[0] != '\0' && hv_gtin_parse(p->code, HV_SYM_ANY, &g, &why) == 0)
		return N_("code is a GTIN: put it in the gtin column");
	if (p->listed != 0 && p->listed != 1)
		return N_("listed is 0 or 1");
	if (p->confidence < 0 || p->confidence > HV_CONFIDENCE_MAX)
		return N_("confidence is a number from 0 to 100");
	if ((unsigned)p->origin_kind >= HV_ORIGIN_KIND_COUNT || (unsigned)p->source >= HV_SOURCE_COUNT)
		return N_("origin_kind or source is not one catalogs know");
	if (!hv_country_valid(p->made_in))
		return N_("made_in is not an ISO 3166-1 alpha-2 country code (such as VN, TH, CN)");
	if (p->brand_country[0] != '\0' && !hv_country_valid(p->brand_country))
		return N_(
		    "brand_country is not an ISO 3166-1 alpha-2 country code (such as VN, TH, CN)");
	if (p->ocop != 0 && (p->ocop < 3 || p->ocop > 5))
		return N_("ocop is the number of OCOP stars: 0, 3, 4 or 5");
	if (!hv_text_is_clean_utf8(p->name, strlen(p->name)) ||
	    !hv_text_is_clean_utf8(p->brand, strlen(p->brand)) ||
	    !hv_text_is_clean_utf8(p->province, strlen(p->province)) ||
	    !hv_text_is_clean_utf8(p->category, strlen(p->category)))
		return N_("a text field is not valid UTF-8 or holds control characters");
	return NULL;
}

/* Leave an import: its statements and its GTINs freed, SQL run (ROLLBACK,
 * or "" after a commit). */
static void
s_stage_end(hv_catalog_t *self, const char *sql)
{
	sqlite3_stmt **st[] = {&self->stage_put, &self->claims_of, &self->winner_put,
	    &self->winner_del, &self->gone_put, &self->claim_del};
	for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
		sqlite3_finalize(*st[i]);
		*st[i] = NULL;
	}
	hv_gtin_lines_destroy(&self->seen);
	hv_rowmap_clear(&self->seen_codes);
	if (sql[0] != '\0')
		sqlite3_exec(self->db, sql, NULL, NULL, NULL);
	self->staging = false;
}

/* The next import's number: above every batch a claim holds; and which
 * sources hold claims. */
static int
s_next_batch(hv_catalog_t *self)
{
	sqlite3_stmt *st;
	self->batch = 0;
	self->held = 0;
	if (sqlite3_prepare_v2(self->db, "SELECT max(batch) FROM claim WHERE source = ?1", -1, &st,
	        NULL) != SQLITE_OK)
		return -1;
	for (int i = 0; i < HV_SOURCE_COUNT; i++) { /* each an index lookup */
		sqlite3_bind_text(st, 1, hv_source_name((hv_source_t)i), -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
			self->held |= 1u << i;
			if (sqlite3_column_int64(st, 0) > self->batch)
				self->batch = sqlite3_column_int64(st, 0);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	self->batch++;
	return 0;
}

int
hv_catalog_stage_begin(hv_catalog_t *self, bool replace)
{
	if (self->db == NULL || self->staging || self->schema < 4)
		return s_fail(self, "starting an import");
	if ((self->seen = hv_gtin_lines_new()) == NULL) {
		snprintf(self->error, sizeof self->error, "%s", _("out of memory"));
		return -1;
	}
	self->replace = replace;
	self->sources = 0;
	self->changed = 0;
	self->today = hv_date_local(time(NULL));
	if (sqlite3_exec(self->db,
	        "PRAGMA cache_size = -65536;" /* 64 MiB: a million rows stay in memory */
	        "BEGIN IMMEDIATE;",
	        NULL, NULL, NULL) != SQLITE_OK ||
	    s_next_batch(self) < 0 ||
	    (self->next_version = hv_catalog_meta(self, HV_CATALOG_VERSION) + 1) <= 0 ||
	    sqlite3_prepare_v2(self->db,
	        "INSERT OR REPLACE INTO claim (" CLAIM_COLUMNS ", rank, batch)"
	        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
	        -1, &self->stage_put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(self->db,
	        CLAIMS_OF,
	        -1, &self->claims_of, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(self->db, WINNER_PUT, -1, &self->winner_put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(self->db, "DELETE FROM product WHERE gtin = ?1", -1,
	        &self->winner_del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(self->db, "INSERT OR REPLACE INTO gone VALUES (?1, ?2)", -1,
	        &self->gone_put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(self->db, "DELETE FROM claim WHERE gtin = ?1 AND source = ?2", -1,
	        &self->claim_del, NULL) != SQLITE_OK) {
		s_fail(self, "starting an import");
		s_stage_end(self, "ROLLBACK");
		return -1;
	}
	self->staging = true;
	return 0;
}

void
hv_catalog_stage_source(hv_catalog_t *self, hv_source_t source)
{
	self->sources |= 1u << source;
}

/* As hv_gtin_lines_add, for a store code. */
static int
s_code_seen(hv_catalog_t *self, const char *code, long line, long *first_line)
{
	code_line_t row = {.line = line};
	const code_line_t *old;

	snprintf(row.code, sizeof row.code, "%s", code);
	if ((old = hv_rowmap_find(&self->seen_codes, &row)) != NULL) {
		*first_line = old->line;
		return 1;
	}
	return hv_rowmap_add(&self->seen_codes, &row) != NULL ? 0 : -1;
}

/* Bind P's columns (PRODUCT_COLUMNS, from ?1) to ST. UNTIL holds the
 * formatted ocop_until for as long as ST runs. */
static void
s_bind_product(sqlite3_stmt *st, const hv_product_t *p, char until[11])
{
	until[0] = '\0';
	if (p->ocop_until != 0)
		hv_date_format(p->ocop_until, until);
	const char *text[] = {hv_product_key(p), p->name, p->brand, p->made_in, p->brand_country};
	for (int i = 0; i < 5; i++)
		sqlite3_bind_text(st, i + 1, text[i], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, p->ocop);
	sqlite3_bind_text(st, 7, until, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, p->province, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, p->category, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, p->listed);
	sqlite3_bind_text(st, 11, hv_origin_kind_name(p->origin_kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, hv_source_name(p->source), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 13, p->confidence);
}

/* Fill what WIN does not say from a claim below it. */
static void
s_fill(hv_product_t *win, const hv_product_t *p)
{
	struct {
		char *dst;
		const char *src;
		size_t size;
	} text[] = {{win->name, p->name, sizeof win->name}, {win->brand, p->brand, sizeof win->brand},
	    {win->brand_country, p->brand_country, sizeof win->brand_country},
	    {win->province, p->province, sizeof win->province},
	    {win->category, p->category, sizeof win->category}};
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		if (text[i].dst[0] == '\0')
			snprintf(text[i].dst, text[i].size, "%s", text[i].src);
	if (win->ocop == 0 && p->ocop != 0) {
		win->ocop = p->ocop;
		win->ocop_until = p->ocop_until;
	}
	win->listed |= p->listed;
}

/* Write KEY's product row: WIN, when it differs from the row held; or,
 * WIN NULL, none (the key then goes to `gone`). Each change counts
 * towards the import's version. */
static int
s_write_winner(hv_catalog_t *self, const char *key, const hv_product_t *win)
{
	sqlite3_stmt *st = win != NULL ? self->winner_put : self->winner_del;
	char until[11];

	if (win != NULL) {
		s_bind_product(st, win, until);
		sqlite3_bind_int64(st, 14, self->next_version);
	} else {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	}
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	int n = rc == SQLITE_DONE ? sqlite3_changes(self->db) : 0;
	if (rc == SQLITE_DONE && win == NULL && n > 0) {
		sqlite3_bind_text(self->gone_put, 1, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(self->gone_put, 2, self->next_version);
		rc = sqlite3_step(self->gone_put);
		sqlite3_reset(self->gone_put);
	}
	if (rc != SQLITE_DONE)
		return s_fail(self, "importing a product");
	self->changed += n;
	return 0;
}

/* Make KEY's product row anew from its claims (header's rule), or drop it
 * when none is left. */
static int
s_merge(hv_catalog_t *self, const char *key)
{
	sqlite3_stmt *st = self->claims_of;
	hv_claim_t c;
	hv_product_t win;
	int rc, n = 0;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s_row_to_claim(st, &c);
		if (n++ == 0)
			win = c.p;
		else
			s_fill(&win, &c.p);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return s_fail(self, "reading a product's claims");
	return s_write_winner(self, key, n > 0 ? &win : NULL);
}

int
hv_catalog_stage_put(
    hv_catalog_t *self, const hv_product_t *p, const char *evidence, long line, long *first_line)
{
	sqlite3_stmt *st = self->stage_put;
	char until[11];

	switch (p->gtin[0] != '\0' ? hv_gtin_lines_add(self->seen, p->gtin, line, first_line)
	                            : s_code_seen(self, p->code, line, first_line)) {
	case 1: return 1;
	case -1: snprintf(self->error, sizeof self->error, "%s", _("out of memory")); return -1;
	}
	hv_catalog_stage_source(self, p->source);
	s_bind_product(st, p, until);
	sqlite3_bind_text(st, 14, evidence != NULL ? evidence : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 15, self->today);
	sqlite3_bind_int(st, 16, hv_source_rank(p->source));
	sqlite3_bind_int64(st, 17, self->batch);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return s_fail(self, "importing a product");
	self->held |= 1u << p->source;
	if ((self->held & ~(1u << p->source)) != 0)
		return s_merge(self, hv_product_key(p));
	/* No other source holds a claim: the product is this claim (the usual
	 * import, and three times faster than reading the claims back). */
	return s_write_winner(self, hv_product_key(p), p);
}

int
hv_catalog_stage_drop(hv_catalog_t *self, const char *key, hv_source_t source)
{
	sqlite3_stmt *st = self->claim_del;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hv_source_name(source), -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return s_fail(self, "dropping a product");
	return sqlite3_changes(self->db) > 0 ? s_merge(self, key) : 0;
}

int
hv_catalog_stage_meta(hv_catalog_t *self, const char *key, int64_t value)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(self->db, "INSERT OR REPLACE INTO meta VALUES (?1, ?2)", -1, &st,
	        NULL) != SQLITE_OK)
		return s_fail(self, "saving the catalog's version");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, value);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : s_fail(self, "saving the catalog's version");
}

int64_t
hv_catalog_meta(hv_catalog_t *self, const char *key)
{
	sqlite3_stmt *st;
	int64_t value = 0;

	if (self->db == NULL || self->schema < 5)
		return 0;
	if (sqlite3_prepare_v2(self->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return s_fail(self, "reading the catalog's version");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		value = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? value : s_fail(self, "reading the catalog's version");
}

/* Run ST, which takes a source as ?1 and this import's batch as ?2, for
 * each source the import speaks for. SQLITE_DONE, or SQLite's error. */
static int
s_each_source(hv_catalog_t *self, sqlite3_stmt *st)
{
	int rc = SQLITE_DONE;
	for (int i = 0; i < HV_SOURCE_COUNT && rc == SQLITE_DONE; i++) {
		if (!(self->sources & (1u << i)))
			continue;
		sqlite3_bind_text(st, 1, hv_source_name((hv_source_t)i), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, self->batch);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	return rc;
}

/* A replacing import, before it commits: each source it speaks for keeps
 * only the claims it put, and the products whose claims went are made
 * anew (or dropped). */
static int
s_drop_stale(hv_catalog_t *self)
{
	static const char *const sql[] = {
	    "INSERT OR IGNORE INTO temp.stale SELECT gtin FROM claim WHERE source = ?1 AND batch != ?2",
	    "DELETE FROM claim WHERE source = ?1 AND batch != ?2",
	    "SELECT gtin FROM temp.stale",
	};
	sqlite3_stmt *st[3] = {NULL, NULL, NULL};
	int rc = -1;

	if (sqlite3_exec(self->db, "CREATE TEMP TABLE IF NOT EXISTS stale (gtin TEXT PRIMARY KEY);"
	                           "DELETE FROM temp.stale;",
	        NULL, NULL, NULL) != SQLITE_OK)
		return s_fail(self, "replacing the catalog");
	for (int i = 0; i < 3; i++)
		if (sqlite3_prepare_v2(self->db, sql[i], -1, &st[i], NULL) != SQLITE_OK)
			goto out;
	if (s_each_source(self, st[0]) != SQLITE_DONE || s_each_source(self, st[1]) != SQLITE_DONE)
		goto out;
	int step;
	while ((step = sqlite3_step(st[2])) == SQLITE_ROW)
		if (s_merge(self, (const char *)sqlite3_column_text(st[2], 0)) < 0)
			goto out;
	rc = step == SQLITE_DONE ? 0 : -1;
out:
	for (int i = 0; i < 3; i++)
		sqlite3_finalize(st[i]);
	return rc < 0 ? s_fail(self, "replacing the catalog") : 0;
}

int
hv_catalog_stage_commit(hv_catalog_t *self)
{
	if (!self->staging)
		return s_fail(self, "finishing an import");
	if ((self->replace && s_drop_stale(self) < 0) ||
	    (self->changed > 0 && hv_catalog_stage_meta(self, HV_CATALOG_VERSION,
	                              self->next_version) < 0)) {
		s_stage_end(self, "ROLLBACK");
		return -1;
	}
	if (sqlite3_exec(self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		s_fail(self, "saving the import");
		s_stage_end(self, "ROLLBACK");
		return -1;
	}
	s_stage_end(self, "");
	if (self->cache != NULL) /* data_version does not count our own commits */
		hv_product_cache_clear(self->cache);
	return 0;
}

void
hv_catalog_stage_abort(hv_catalog_t *self)
{
	if (self->staging)
		s_stage_end(self, "ROLLBACK");
}

int
hv_catalog_changes_begin(hv_catalog_t *self, int64_t since, int64_t *version, bool *full)
{
	char sql[400];

	if (self->db == NULL || self->schema < 5 || self->changes[0] != NULL)
		return s_fail(self, "reading the catalog's changes");
	if (sqlite3_exec(self->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return s_fail(self, "reading the catalog's changes");
	if ((*version = hv_catalog_meta(self, HV_CATALOG_VERSION)) < 0) {
		sqlite3_exec(self->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	*full = since <= 0 || since > *version; /* a reader ahead of us: it had another catalog */
	if (*full)
		since = 0;
	snprintf(sql, sizeof sql, "SELECT %s FROM product WHERE version > ?1", PRODUCT_COLUMNS);
	if (sqlite3_prepare_v2(self->db, "SELECT gtin FROM gone WHERE version > ?1", -1,
	        &self->changes[0], NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(self->db, sql, -1, &self->changes[1], NULL) != SQLITE_OK) {
		s_fail(self, "reading the catalog's changes");
		hv_catalog_changes_end(self);
		return -1;
	}
	for (int i = 0; i < 2; i++)
		sqlite3_bind_int64(self->changes[i], 1, since);
	self->changes_at = *full ? 1 : 0; /* a whole catalog has nothing to take back */
	return 0;
}

int
hv_catalog_changes_next(hv_catalog_t *self, hv_product_t *p, bool *deleted)
{
	while (self->changes_at < 2) {
		sqlite3_stmt *st = self->changes[self->changes_at];
		int rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			self->changes_at++;
			continue;
		}
		if (rc != SQLITE_ROW)
			return s_fail(self, "reading the catalog's changes");
		*deleted = self->changes_at == 0;
		if (*deleted) {
			char key[HV_CODE_MAX + 1];
			memset(p, 0, sizeof *p);
			hv_db_text(st, 0, key, sizeof key);
			snprintf(s_key_is_gtin(key) ? p->gtin : p->code,
			    s_key_is_gtin(key) ? sizeof p->gtin : sizeof p->code, "%s", key);
		} else {
			s_row_to_product(st, p);
		}
		return 1;
	}
	return 0;
}

void
hv_catalog_changes_end(hv_catalog_t *self)
{
	for (int i = 0; i < 2; i++) {
		sqlite3_finalize(self->changes[i]);
		self->changes[i] = NULL;
	}
	if (self->db != NULL && !sqlite3_get_autocommit(self->db))
		sqlite3_exec(self->db, "COMMIT", NULL, NULL, NULL);
}
