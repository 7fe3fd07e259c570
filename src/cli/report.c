/*
 * report.c -- building a report from a journal (see report.h).
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "days.h"
#include "db.h"
#include "i18n.h"
#include "rollup.h"

static const char *const s_by_names[] = {"none", "hour", "day", "category", "lane", "store",
    "area", "chain", "ownership", "channel"};

const char *
hv_report_by_name(hv_report_by_t by)
{
	return s_by_names[by];
}

const char *
hv_report_by_label(hv_report_by_t by)
{
	static const char *const heads[] = {"", N_("hour"), N_("day"), N_("category"), N_("lane"),
	    N_("store"), N_("area"), N_("chain"), N_("ownership"), N_("channel")};
	return heads[by];
}

const char *
hv_report_key_label(hv_report_by_t by, const char *key)
{
	if (by == HV_BY_OWNERSHIP || by == HV_BY_CHANNEL)
		key = _(hv_place_label(key)); /* "domestic" -> "domestic-owned" */
	return key[0] ? key : _("(none)");
}

int
hv_report_by_parse(const char *s)
{
	for (size_t i = 0; i < sizeof s_by_names / sizeof s_by_names[0]; i++)
		if (strcmp(s, s_by_names[i]) == 0)
			return (int)i;
	return -1;
}

int64_t
hv_report_items(const hv_counters_t *c)
{
	return c->v[HV_C_ITEMS_DOM] + c->v[HV_C_ITEMS_IMP] + c->v[HV_C_ITEMS_UNK];
}

int64_t
hv_report_value(const hv_counters_t *c)
{
	return c->v[HV_C_VALUE_DOM] + c->v[HV_C_VALUE_IMP] + c->v[HV_C_VALUE_UNK];
}

double
hv_report_share(int64_t part, int64_t whole)
{
	return whole == 0 ? 0.0 : (double)part / (double)whole;
}

/* ------------------------------------------------------------ groups */

/* Key order: lanes by number, everything else by bytes (which is time
 * order for the hour and day keys). */
static int
s_key_cmp(hv_report_by_t by, const char *a, const char *b)
{
	if (by == HV_BY_LANE) {
		long x = strtol(a, NULL, 10), y = strtol(b, NULL, 10);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return strcmp(a, b);
}

/* The group KEY of R, or NULL (groups are in s_key_cmp order). */
static hv_report_group_t *
s_find_group(hv_report_t *r, const char *key)
{
	size_t lo = 0, hi = r->ngroups;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = s_key_cmp(r->by, r->groups[mid].key, key);
		if (c == 0)
			return &r->groups[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The counters of group KEY, inserted in order when missing; NULL when
 * out of memory. */
static hv_counters_t *
s_group(hv_report_t *r, size_t *cap, const char *key)
{
	size_t lo = 0, hi = r->ngroups;

	if (hi > 0 && s_key_cmp(r->by, r->groups[hi - 1].key, key) == 0)
		return &r->groups[hi - 1].c; /* windows come in time order */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = s_key_cmp(r->by, r->groups[mid].key, key);
		if (c == 0)
			return &r->groups[mid].c;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (r->ngroups == *cap) {
		size_t n = *cap ? *cap * 2 : 64;
		hv_report_group_t *g = realloc(r->groups, n * sizeof *g);
		if (g == NULL)
			return NULL;
		r->groups = g;
		*cap = n;
	}
	memmove(&r->groups[lo + 1], &r->groups[lo], (r->ngroups - lo) * sizeof *r->groups);
	memset(&r->groups[lo], 0, sizeof *r->groups);
	snprintf(r->groups[lo].key, sizeof r->groups[lo].key, "%s", key);
	r->ngroups++;
	return &r->groups[lo].c;
}

typedef struct {
	hv_report_t *r;
	size_t cap;
	hv_place_t *places; /* by store id, when grouped by what places say */
	size_t nplaces, capplaces;
} build_t;

static int
s_place_cmp(const void *a, const void *b)
{
	return strcmp(((const hv_place_t *)a)->store, ((const hv_place_t *)b)->store);
}

static int
s_keep_place(const hv_place_t *p, void *arg)
{
	build_t *b = arg;
	if (b->nplaces == b->capplaces) {
		size_t n = b->capplaces ? b->capplaces * 2 : 64;
		hv_place_t *more = realloc(b->places, n * sizeof *more);
		if (more == NULL)
			return -1;
		b->places = more;
		b->capplaces = n;
	}
	b->places[b->nplaces++] = *p;
	return 0;
}

/* The group key of STORE by what its place says ("" when it says nothing
 * or the store has none). */
static const char *
s_place_key(const build_t *b, const char *store)
{
	hv_place_t key;
	if (b->nplaces == 0)
		return "";
	snprintf(key.store, sizeof key.store, "%s", store);
	const hv_place_t *p = bsearch(&key, b->places, b->nplaces, sizeof *p, s_place_cmp);
	if (p == NULL)
		return "";
	switch (b->r->by) {
	case HV_BY_AREA: return p->district;
	case HV_BY_CHAIN: return p->chain;
	case HV_BY_OWNERSHIP: return p->ownership;
	case HV_BY_CHANNEL: return p->channel;
	default: return "";
	}
}

static int
s_add(build_t *b, const char *key, const hv_counters_t *c)
{
	hv_counters_t *g = s_group(b->r, &b->cap, key);
	if (g == NULL)
		return -1;
	hv_counters_merge(g, c);
	return 0;
}

/* A total row: into the period's total, and its hour, day or store. */
static int
s_add_total(const char *store, int64_t start, const char *key, const hv_counters_t *c, void *arg)
{
	build_t *b = arg;
	hv_report_t *r = b->r;
	char k[HV_PART_KEY_MAX + 1];
	time_t t = (time_t)(start / 1000);
	struct tm tm;

	(void)key;
	hv_counters_merge(&r->total, c);
	switch (r->by) {
	case HV_BY_HOUR:
	case HV_BY_DAY:
		localtime_r(&t, &tm);
		strftime(k, sizeof k, r->by == HV_BY_HOUR ? "%Y-%m-%d %H:00" : "%Y-%m-%d", &tm);
		return s_add(b, k, c);
	case HV_BY_STORE: return s_add(b, store, c);
	case HV_BY_AREA:
	case HV_BY_CHAIN:
	case HV_BY_OWNERSHIP:
	case HV_BY_CHANNEL: return s_add(b, s_place_key(b, store), c);
	default: return 0;
	}
}

/* A category or lane row: into its group. */
static int
s_add_part(const char *store, int64_t start, const char *key, const hv_counters_t *c, void *arg)
{
	(void)store;
	(void)start;
	return s_add(arg, key, c);
}

/* ------------------------------------------------------------ events */

/* What each product sold in the period, net of voids and cancels, from
 * the journal's hourly product rollup (hours starting in the period): the
 * view `sold` (rollup.h) of stores' hours and areas' region hours. */
static const char s_net_sql[] =
    "CREATE TEMP TABLE net AS SELECT class, basis, item, max(name) AS name, category,"
    " sum(qty) AS qty, sum(amount) AS amount FROM sold"
    " WHERE hour >= %lld AND hour < %lld GROUP BY class, basis, item, category";

static int
s_class_index(const char *cls)
{
	return strcmp(cls, "domestic") == 0 ? 0 : strcmp(cls, "imported") == 0 ? 1 : 2;
}

static int
s_basis(sqlite3 *db, hv_report_t *r)
{
	sqlite3_stmt *st;
	char cls[16], basis[16];

	if (sqlite3_prepare_v2(db,
	        "SELECT class, basis, sum(qty), sum(amount) FROM net GROUP BY class, basis", -1,
	        &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		hv_db_text(st, 0, cls, sizeof cls);
		hv_db_text(st, 1, basis, sizeof basis);
		int k = strcmp(basis, "prefix") == 0                                   ? 1
		        : strcmp(basis, "catalog") == 0 || strcmp(basis, "store") == 0 ? 0
		                                                                       : -1;
		if (k < 0)
			continue; /* no basis: a code nothing is known of */
		r->basis.items[k][s_class_index(cls)] += sqlite3_column_int64(st, 2);
		r->basis.value[k][s_class_index(cls)] += sqlite3_column_int64(st, 3);
	}
	return sqlite3_finalize(st) == SQLITE_OK ? 0 : -1;
}

/* The top rows of SQL (gtin, name, items, value) into ITEMS. */
static int
s_top(sqlite3 *db, const char *sql, hv_report_item_t *items, size_t *n)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (*n < HV_REPORT_TOP && sqlite3_step(st) == SQLITE_ROW) {
		hv_report_item_t *it = &items[(*n)++];
		hv_db_text(st, 0, it->gtin, sizeof it->gtin);
		hv_db_text(st, 1, it->name, sizeof it->name);
		it->items = sqlite3_column_int64(st, 2);
		it->value = sqlite3_column_int64(st, 3);
	}
	return sqlite3_finalize(st) == SQLITE_OK ? 0 : -1;
}

static int
s_prices(sqlite3 *db, hv_report_t *r)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	char cat[HV_PART_KEY_MAX + 1], cls[16];

	if (sqlite3_prepare_v2(db,
	        "SELECT category, class, sum(qty), sum(amount) FROM net"
	        " WHERE class != 'unknown' GROUP BY category, class ORDER BY category",
	        -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		hv_db_text(st, 0, cat, sizeof cat);
		hv_db_text(st, 1, cls, sizeof cls);
		if (r->nprices == 0 || strcmp(r->prices[r->nprices - 1].category, cat) != 0) {
			if (r->nprices == cap) {
				cap = cap ? cap * 2 : 16;
				hv_report_price_t *p = realloc(r->prices, cap * sizeof *p);
				if (p == NULL)
					break;
				r->prices = p;
			}
			memset(&r->prices[r->nprices], 0, sizeof *r->prices);
			snprintf(
			    r->prices[r->nprices].category, sizeof r->prices->category, "%s", cat);
			r->nprices++;
		}
		int k = s_class_index(cls);
		r->prices[r->nprices - 1].items[k] = sqlite3_column_int64(st, 2);
		r->prices[r->nprices - 1].value[k] = sqlite3_column_int64(st, 3);
	}
	return sqlite3_finalize(st) == SQLITE_OK ? 0 : -1;
}

/* Whether grouping BY splits an area: a region's rows tell nothing then. */
static bool
s_splits_area(hv_report_by_t by)
{
	return by == HV_BY_STORE || by == HV_BY_CHAIN || by == HV_BY_OWNERSHIP ||
	       by == HV_BY_CHANNEL;
}

/* SQL hv_group(store, hour, category, district): the key of the group a
 * row of `sold` is in, for the report being built (its user data); NULL
 * when the grouping is not one the row can tell (lanes; a region's row
 * split by store, chain, ownership or channel). */
static void
s_sql_group(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const build_t *b = sqlite3_user_data(ctx);
	const char *store = (const char *)sqlite3_value_text(argv[0]);
	time_t t = (time_t)(sqlite3_value_int64(argv[1]) / 1000);
	const char *category = (const char *)sqlite3_value_text(argv[2]);
	const char *district = (const char *)sqlite3_value_text(argv[3]);
	char k[32];
	struct tm tm;

	(void)argc;
	if (store != NULL && strcmp(store, "*") == 0 && s_splits_area(b->r->by)) {
		sqlite3_result_null(ctx); /* a region's row: no store within it is known */
		return;
	}
	if (store != NULL && strcmp(store, "*") == 0 && b->r->by == HV_BY_AREA) {
		sqlite3_result_text(ctx, district ? district : "", -1, SQLITE_TRANSIENT);
		return;
	}
	switch (b->r->by) {
	case HV_BY_HOUR:
	case HV_BY_DAY:
		strftime(k, sizeof k, b->r->by == HV_BY_HOUR ? "%Y-%m-%d %H:00" : "%Y-%m-%d",
		    localtime_r(&t, &tm));
		sqlite3_result_text(ctx, k, -1, SQLITE_TRANSIENT);
		return;
	case HV_BY_CATEGORY:
		sqlite3_result_text(ctx, category ? category : "", -1, SQLITE_TRANSIENT);
		return;
	case HV_BY_STORE: sqlite3_result_text(ctx, store ? store : "", -1, SQLITE_TRANSIENT); return;
	case HV_BY_AREA:
	case HV_BY_CHAIN:
	case HV_BY_OWNERSHIP:
	case HV_BY_CHANNEL:
		sqlite3_result_text(ctx, s_place_key(b, store ? store : ""), -1, SQLITE_TRANSIENT);
		return;
	default: sqlite3_result_null(ctx);
	}
}

/* Distinct products sold in the period, net of voids and cancels, by class:
 * for the whole (a product sold in two stores is one) and for each group. */
static int
s_distinct(sqlite3 *db, build_t *b)
{
	static const char sql[] =
	    "SELECT g, class, count(*) FROM (SELECT hv_group(store, hour, category, district) AS g,"
	    " class, item FROM sold WHERE hour >= ?1 AND hour < ?2 GROUP BY g, class, item"
	    " HAVING sum(qty) > 0 AND g IS NOT NULL) GROUP BY g, class";
	static const char whole[] =
	    "SELECT class, count(*) FROM (SELECT class, item FROM sold WHERE hour >= ?1"
	    " AND hour < ?2 GROUP BY class, item HAVING sum(qty) > 0) GROUP BY class";
	sqlite3_stmt *st;
	char cls[16];

	if (sqlite3_create_function(db, "hv_group", 4, SQLITE_UTF8, b, s_sql_group, NULL, NULL) !=
	        SQLITE_OK ||
	    sqlite3_prepare_v2(db, whole, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, b->r->from);
	sqlite3_bind_int64(st, 2, b->r->to);
	while (sqlite3_step(st) == SQLITE_ROW) {
		hv_db_text(st, 0, cls, sizeof cls);
		b->r->products[s_class_index(cls)] += sqlite3_column_int64(st, 1);
	}
	if (sqlite3_finalize(st) != SQLITE_OK)
		return -1;
	if (b->r->by == HV_BY_NONE || !hv_report_group_products(b->r))
		return 0; /* no groups, or none the rollup tells */
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, b->r->from);
	sqlite3_bind_int64(st, 2, b->r->to);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char key[HV_PART_KEY_MAX + 1];
		hv_db_text(st, 0, key, sizeof key);
		hv_db_text(st, 1, cls, sizeof cls);
		hv_report_group_t *g = s_find_group(b->r, key); /* only groups the tallies have */
		if (g != NULL)
			g->products[s_class_index(cls)] += sqlite3_column_int64(st, 2);
	}
	return sqlite3_finalize(st) == SQLITE_OK ? 0 : -1;
}

int
hv_report_listed(hv_report_t *r, const char *catalog_path, char *err, size_t errlen)
{
	if (access(catalog_path, R_OK) != 0)
		return 0;
	hv_catalog_t *cat = hv_catalog_open(catalog_path, false, err, errlen);
	if (cat == NULL)
		return -1;
	int rc = hv_catalog_listed(cat, &r->listed[0], &r->listed[1]);
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", catalog_path, hv_catalog_error(cat));
	r->has_listed = rc == 0;
	hv_catalog_destroy(&cat);
	return rc;
}

const char *
hv_report_kind_label(hv_origin_kind_t kind)
{
	static const char *const labels[HV_ORIGIN_KIND_COUNT] = {N_("made in"),
	    N_("assembled in"), N_("bottled in"), N_("mixed in"), N_("finished in"),
	    N_("packed in"), N_("labelled in")};
	return kind < HV_ORIGIN_KIND_COUNT ? _(labels[kind]) : "";
}

int
hv_report_kinds(hv_report_t *r, hv_journal_t *j, const char *catalog_path, char *err,
    size_t errlen)
{
	sqlite3_stmt *st;
	char item[64];
	hv_product_t p;

	if (!r->has_events || access(catalog_path, R_OK) != 0)
		return 0;
	hv_catalog_t *cat = hv_catalog_open(catalog_path, false, err, errlen);
	if (cat == NULL)
		return -1;
	sqlite3 *db = hv_journal_handle(j);
	int rc = sqlite3_prepare_v2(db,
	             "SELECT item, sum(qty) FROM temp.net WHERE basis IN ('catalog', 'store')"
	             " GROUP BY item",
	             -1, &st, NULL) == SQLITE_OK
	             ? 0
	             : -1;
	hv_catalog_snapshot_begin(cat);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		hv_db_text(st, 0, item, sizeof item);
		int found = hv_catalog_lookup(cat, item, &p);
		if (found < 0)
			rc = -1;
		else if (found > 0)
			r->kinds[p.origin_kind] += sqlite3_column_int64(st, 1);
	}
	hv_catalog_snapshot_end(cat);
	if (sqlite3_finalize(st) != SQLITE_OK || rc < 0)
		snprintf(err, errlen, _("cannot count the items by origin kind: %s"),
		    st != NULL && rc < 0 ? hv_catalog_error(cat) : sqlite3_errmsg(db));
	else
		r->has_kinds = true;
	hv_catalog_destroy(&cat);
	return r->has_kinds ? 0 : -1;
}

/* Whether `sold` has areas' region rows in [FROM, TO). */
static bool
s_has_regions(sqlite3 *db, int64_t from, int64_t to)
{
	sqlite3_stmt *st;
	bool yes = false;
	if (sqlite3_prepare_v2(db,
	        "SELECT 1 FROM sold WHERE store = '*' AND hour >= ?1 AND hour < ?2 LIMIT 1", -1,
	        &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, from);
		sqlite3_bind_int64(st, 2, to);
		yes = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return yes;
}

/* The sections only the product rollup tells (a node that has kept no
 * product hours has none, nor do hours before the store's first event):
 * then has_events stays false. */
static int
s_events(hv_journal_t *j, build_t *b, char *err, size_t errlen)
{
	hv_report_t *r = b->r;
	sqlite3 *db = hv_journal_handle(j);
	char sql[sizeof s_net_sql + 64];
	sqlite3_stmt *st;
	int64_t oldest = -1;

	if (hv_rollup_view(j) < 0) {
		snprintf(err, errlen, _("cannot read the products: %s"), hv_journal_error(j));
		return -1;
	}
	if (sqlite3_prepare_v2(db, "SELECT min(hour) FROM sold", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		oldest = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (oldest < 0 || oldest >= r->to)
		return 0;
	r->regions = s_has_regions(db, r->from, r->to);
	snprintf(sql, sizeof sql, s_net_sql, (long long)r->from, (long long)r->to);
	/* The last build's products stay until the next (hv_report_kinds). */
	sqlite3_exec(db, "DROP TABLE IF EXISTS temp.net", NULL, NULL, NULL);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, _("cannot read the products: %s"), sqlite3_errmsg(db));
		return -1;
	}
	r->has_events = true;
	int rc = s_basis(db, r);
	if (rc == 0)
		rc = s_top(db,
		    "SELECT item, max(name), sum(qty), sum(amount) FROM net WHERE class = "
		    "'imported'"
		    " GROUP BY item HAVING sum(amount) > 0 ORDER BY 4 DESC, 1",
		    r->imported, &r->nimported);
	if (rc == 0)
		rc = s_top(db,
		    "SELECT item, max(name), sum(qty), sum(amount) FROM net WHERE class = 'unknown'"
		    " GROUP BY item HAVING sum(qty) > 0 ORDER BY 3 DESC, 1",
		    r->unknown, &r->nunknown);
	if (rc == 0)
		rc = s_prices(db, r);
	if (rc == 0)
		rc = s_distinct(db, b);
	if (rc != 0)
		snprintf(err, errlen, _("cannot read the products: %s"), sqlite3_errmsg(db));
	return rc;
}

int
hv_report_build(hv_journal_t *j, int64_t from, int64_t to, hv_report_by_t by, hv_report_t *r,
    char *err, size_t errlen)
{
	build_t b = {r, 0, NULL, 0, 0};

	memset(r, 0, sizeof *r);
	r->from = from;
	r->to = to;
	r->by = by;
	const char *part = by == HV_BY_CATEGORY ? "category" : by == HV_BY_LANE ? "lane" : NULL;
	int rc = by >= HV_BY_AREA ? hv_journal_places_each(j, s_keep_place, &b) : 0;
	if (b.nplaces > 1)
		qsort(b.places, b.nplaces, sizeof *b.places, s_place_cmp);
	/* By hour: the windows; else an office's day rows where they serve. */
	int (*rows)(hv_journal_t *, int64_t, int64_t, const char *,
	    int (*)(const char *, int64_t, const char *, const hv_counters_t *, void *), void *) =
	    by == HV_BY_HOUR ? hv_journal_rows_each : hv_days_rows_each;
	if (rc == 0)
		rc = rows(j, from, to, "total", s_add_total, &b);
	if (rc == 0 && part != NULL)
		rc = rows(j, from, to, part, s_add_part, &b);
	if (rc != 0) {
		free(b.places);
		snprintf(err, errlen, _("cannot read the tallies: %s"), hv_journal_error(j));
		return -1;
	}
	rc = s_events(j, &b, err, errlen);
	free(b.places);
	return rc < 0 ? -1 : 0;
}

bool
hv_report_group_products(const hv_report_t *r)
{
	if (!r->has_events || r->by == HV_BY_LANE)
		return false;
	return !r->regions || !s_splits_area(r->by);
}

void
hv_report_clear(hv_report_t *r)
{
	free(r->groups);
	free(r->prices);
	memset(r, 0, sizeof *r);
}
