/*
 * cmd_unknown.c -- `hangviet unknown`: the codes no catalog knows (told by
 * the GS1 prefix only, or not at all), most sold first, with how many
 * stores sold them: at a store, what to add to its catalog; at an office,
 * across its region (its stores' product rollups, or its areas' region
 * hours: then a store count is "at least", as a region hour says how many
 * stores sold a product in that hour, not which).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

#include "catalog_csv.h"
#include "cmd.h"
#include "gtin.h"
#include "db.h"
#include "json.h"
#include "log.h"
#include "rollup.h"
#include "text.h"

enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV };

typedef struct {
	char state[4096];
	hv_cmd_period_t period;
	int format; /* FORMAT_* */
	int limit;
} options_t;

#define S(f) offsetof(options_t, f), sizeof(((options_t *)0)->f)
static const hv_setting_t s_settings[] = {
    HV_CMD_STATE_SETTING(options_t, state),
    HV_CMD_PERIOD_SETTINGS(options_t, period),
    {"format", HV_SET_ENUM, S(format), "text", 0, 0, "text|json|csv", "text|json|csv",
        N_("text, one JSON object per code, or the catalog CSV's rows to fill in"), NULL},
    {"limit", HV_SET_INT, S(limit), "100", 1, 1000000, NULL, "N", N_("list at most N codes"),
        NULL},
    HV_CMD_SETTINGS_END,
};

static const hv_config_spec_t s_spec = {"hangviet unknown",
    N_("list the codes no catalog knows, most sold first"), s_settings, NULL, NULL,
    N_("Reads journal.db (a store) or district.db (an office) without disturbing the daemon and "
       "lists, for the period (today unless --day, --month or --from/--to say otherwise), every "
       "code sold that no catalog knows -- classified by its GS1 prefix only, or not at all -- "
       "with the items and value sold, net of voids and cancels, and how many stores sold it: "
       "the codes to add to the catalog first. --format csv writes them as catalog rows with "
       "everything but the code empty: fill in made_in (and what else is known), drop the rows "
       "still unknown, and `hangviet catalog import --merge` the file.")};

/* Codes with a net quantity above 0 whose tag no catalog row gave, and the
 * stores where it is above 0: each store's own over the period, and for an
 * area known by its region hours the most stores of any one hour (so that
 * column 6 says the count is the least there may be). */
static const char s_sql[] =
    "SELECT item, class, sum(q), sum(a), sum(n), max(region) FROM ("
    " SELECT item, class, sum(qty) AS q, sum(amount) AS a, sum(qty) > 0 AS n, 0 AS region"
    "  FROM sold WHERE hour >= ?1 AND hour < ?2 AND store != '*'"
    "  AND basis NOT IN ('catalog', 'store') GROUP BY item, class, store"
    " UNION ALL SELECT item, class, sum(qty), sum(amount), max(stores), 1"
    "  FROM sold WHERE hour >= ?1 AND hour < ?2 AND store = '*'"
    "  AND basis NOT IN ('catalog', 'store') GROUP BY item, class, district)"
    " GROUP BY item, class HAVING sum(q) > 0 ORDER BY 3 DESC, 5 DESC, 1 LIMIT ?3";

/* The text table's columns: code, class, items, value, stores; each as
 * wide as its translated header at least. */
static int s_widths[] = {16, 10, 10, 14, 7};

static void
s_print(const options_t *o, sqlite3_stmt *st, int n)
{
	char item[64], cls[16];

	hv_db_text(st, 0, item, sizeof item);
	hv_db_text(st, 1, cls, sizeof cls);
	long long qty = sqlite3_column_int64(st, 2), amount = sqlite3_column_int64(st, 3);
	long long stores = sqlite3_column_int64(st, 4);
	bool at_least = sqlite3_column_int(st, 5) != 0;
	if (o->format == FORMAT_CSV) { /* a row to fill in: everything but the code empty */
		hv_product_t p = {0};
		size_t len = strlen(item);
		if ((len == 13 || len == 14) && strspn(item, "0123456789") == len &&
		    hv_gtin_check_digit(item, len - 1) == item[len - 1])
			memcpy(p.gtin, item, len + 1);
		else /* a code sold is 48 characters at most */
			snprintf(p.code, sizeof p.code, "%.*s", (int)sizeof p.code - 1, item);
		if (n == 0)
			hv_catalog_csv_header(stdout);
		hv_catalog_csv_row(stdout, &p);
		return;
	}
	if (o->format == FORMAT_JSON) {
		fputs("{\"code\":", stdout);
		hv_json_string(stdout, item);
		printf(",\"class\":\"%s\",\"items\":%lld,\"value\":%lld,\"stores\":%lld,"
		       "\"stores_at_least\":%s}\n",
		    cls, qty, amount, stores, at_least ? "true" : "false");
		return;
	}
	if (n == 0) { /* the headers, padded by display width */
		const char *heads[] = {_("code"), _("class"), _("items"), _("value ₫"), _("stores")};
		for (int k = 0; k < 5; k++)
			if (hv_text_width(heads[k]) > s_widths[k])
				s_widths[k] = hv_text_width(heads[k]);
		for (int k = 0; k < 5; k++) {
			hv_text_pad(stdout, heads[k], s_widths[k], k >= 2);
			putchar(k < 4 ? ' ' : '\n');
		}
	}
	int pad = s_widths[0] - hv_text_width(item); /* a code is never cut */
	printf("%s%*s ", item, pad > 0 ? pad : 0, "");
	hv_text_pad(stdout, _(cls), s_widths[1], false);
	char count[32];
	snprintf(count, sizeof count, "%s%lld", at_least ? "≥" : "", stores);
	printf(" %*lld %*lld ", s_widths[2], qty, s_widths[3], amount);
	hv_text_pad(stdout, count, s_widths[4], true);
	putchar('\n');
}

static int
s_run(void *settings, int argc, char **argv)
{
	const options_t *o = settings;
	char path[4200];
	int64_t from, to;
	sqlite3_stmt *st;
	int rc, n = 0;

	if (argc > 0)
		return hv_cmd_usage_error(&hv_cmd_unknown, _("unexpected argument %s"), argv[0]);
	if ((rc = hv_cmd_period(&hv_cmd_unknown, &o->period, &from, &to)) != 0)
		return rc;
	hv_journal_t *j = hv_cmd_open_journal(o->state, path, sizeof path);
	if (j == NULL)
		return HV_EXIT_FAIL;
	sqlite3 *db = hv_journal_handle(j);
	if (hv_rollup_view(j) < 0 || sqlite3_prepare_v2(db, s_sql, -1, &st, NULL) != SQLITE_OK) {
		hv_error(_("cannot read the products: %s"), sqlite3_errmsg(db));
		hv_journal_destroy(&j);
		return HV_EXIT_FAIL;
	}
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int(st, 3, o->limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		s_print(o, st, n++);
	if (rc != SQLITE_DONE)
		hv_error(_("cannot read the products: %s"), sqlite3_errmsg(db));
	else if (n == 0 && o->format == FORMAT_CSV)
		hv_catalog_csv_header(stdout); /* nothing to fill in */
	else if (n == 0 && o->format == FORMAT_TEXT)
		printf("%s\n", _("No code sold in the period is unknown to the catalog."));
	sqlite3_finalize(st);
	hv_journal_destroy(&j);
	return rc == SQLITE_DONE && fflush(stdout) == 0 ? HV_EXIT_OK : HV_EXIT_FAIL;
}

const hv_cmd_t hv_cmd_unknown = {"unknown", &s_spec, sizeof(options_t), s_run};
