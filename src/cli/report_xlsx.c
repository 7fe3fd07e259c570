/*
 * report_xlsx.c -- the report as an Excel workbook (see report_xlsx.h).
 */
#include "report_xlsx.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "i18n.h"

/* The workbook being written and its cell formats. */
typedef struct {
	lxw_workbook *wb;
	lxw_format *head;    /* bold headers */
	lxw_format *number;  /* #,##0 */
	lxw_format *percent; /* 0.0% */
	lxw_format *wrap;    /* a definition's text */
} book_t;

/* What each counter is called in a header (hv_counter_name order). */
static const char *const s_counter_heads[HV_NCOUNTERS] = {N_("domestic items"),
    N_("imported items"), N_("unknown items"), N_("domestic value (₫)"), N_("imported value (₫)"),
    N_("unknown value (₫)"), N_("OCOP items"), N_("OCOP value (₫)"), N_("local items"),
    N_("local value (₫)"), N_("lines"), N_("voids"), N_("transactions")};

/* The shares every row ends with, after the counters. */
enum { SH_ITEMS, SH_VALUE, SH_OCOP, SH_LOCAL, SH_COUNT };
static const char *const s_share_heads[SH_COUNT] = {N_("Vietnamese share of items"),
    N_("Vietnamese share of value"), N_("OCOP share of items"), N_("local share of items")};

/* The distinct products' columns, after the shares (when the state holds
 * the product rollup). */
static const char *const s_product_heads[4] = {N_("domestic products"), N_("imported products"),
    N_("unknown products"), N_("Vietnamese share of products")};

/* Each figure and what it counts, for the definitions sheet. */
static const struct {
	const char *figure, *meaning;
} s_definitions[] = {
    {N_("domestic / imported / unknown items"),
        N_("Items sold, by where they were made: the store's catalog says so (made_in), else "
           "the GS1 prefix of the barcode hints at it; unknown when neither tells. A weighed "
           "line (0.42 kg) is one item. Returns count negative; voided lines and cancelled "
           "sales are taken back out.")},
    {N_("domestic / imported / unknown value (₫)"),
        N_("What those items were sold for, in đồng, net of returns, voids and cancels.")},
    {N_("Vietnamese share of items"),
        N_("Domestic items divided by all items (domestic, imported and unknown).")},
    {N_("Vietnamese share of value"), N_("Domestic value divided by all value.")},
    {N_("OCOP items, OCOP share of items"),
        N_("Items of products with a valid OCOP certificate (3 to 5 stars) on the day sold, and "
           "their share of all items.")},
    {N_("local items, local share of items"),
        N_("Items of products made in the store's own province (through the 2025 merger: a "
           "Bắc Kạn product is local in Thái Nguyên), and their share of all items.")},
    {N_("lines, voids, transactions"),
        N_("Lines that still count, lines voided at the till, and sales completed (less those "
           "cancelled after they ended).")},
    {N_("domestic / imported / unknown products, Vietnamese share of products"),
        N_("Distinct products sold in the period (by GTIN, or the store's code), each counted "
           "once however many were sold and in however many stores, net of returns, voids and "
           "cancels; the share is the domestic ones out of all.")},
    {N_("products the store lists"),
        N_("The products the store's catalog marks as listed (on its shelves), made in Vietnam "
           "or not, whether they sold or not.")},
    {N_("items by origin kind"),
        N_("Items of the catalog's products sold, by how their labels state the origin "
           "(Decree 111/2021/NĐ-CP): made in, assembled in, or only bottled, mixed, finished, "
           "packed or labelled in a country. A product only bottled ... labelled in Vietnam is "
           "of unknown origin. As the catalog says now.")},
    {N_("area, chain, ownership, channel"),
        N_("What each store's configuration says of it: the area of its office, its chain, who "
           "owns the chain (domestic or foreign) and its trade channel (modern or "
           "traditional). Stores that do not say are grouped as (none).")},
};

/* A sheet name from TEXT: at most 31 characters (not bytes), none of
 * []:*?/\ (Excel's rule), never empty. */
static void
s_sheet_name(char *buf, size_t size, const char *text)
{
	size_t n = 0;
	int chars = 0;

	for (const char *p = text; *p != '\0' && n + 4 < size; p++) {
		if ((*p & 0xc0) != 0x80 && ++chars > 31)
			break;
		buf[n++] = strchr("[]:*?/\\", *p) != NULL ? '-' : *p;
	}
	buf[n] = '\0';
	if (n == 0)
		snprintf(buf, size, "-");
}

/* A new sheet named from TEXT, or NULL when the workbook refuses it (the
 * sheet is then left out). */
static lxw_worksheet *
s_sheet(const book_t *b, const char *text)
{
	char name[128];
	s_sheet_name(name, sizeof name, text);
	return workbook_add_worksheet(b->wb, name);
}

/* Row ROW of WS: LABEL (when not NULL) at column 0, then C's counters and
 * shares, then PRODUCTS' distinct counts and their share when not NULL. */
static void
s_counters_row(const book_t *b, lxw_worksheet *ws, int row, const char *label,
    const hv_counters_t *c, const int64_t *products)
{
	int64_t items = hv_report_items(c);
	const double shares[SH_COUNT] = {hv_report_share(c->v[HV_C_ITEMS_DOM], items),
	    hv_report_share(c->v[HV_C_VALUE_DOM], hv_report_value(c)),
	    hv_report_share(c->v[HV_C_ITEMS_OCOP], items),
	    hv_report_share(c->v[HV_C_ITEMS_LOCAL], items)};

	if (label != NULL)
		worksheet_write_string(ws, (lxw_row_t)row, 0, label, NULL);
	for (int i = 0; i < HV_NCOUNTERS; i++)
		worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)(1 + i), (double)c->v[i], b->number);
	for (int k = 0; k < SH_COUNT; k++)
		worksheet_write_number(
		    ws, (lxw_row_t)row, (lxw_col_t)(1 + HV_NCOUNTERS + k), shares[k], b->percent);
	if (products == NULL)
		return;
	lxw_col_t col = (lxw_col_t)(1 + HV_NCOUNTERS + SH_COUNT);
	for (int k = 0; k < 3; k++)
		worksheet_write_number(ws, (lxw_row_t)row, col + (lxw_col_t)k, (double)products[k], b->number);
	worksheet_write_number(ws, (lxw_row_t)row, col + 3,
	    hv_report_share(products[0], products[0] + products[1] + products[2]), b->percent);
}

/* The header row ROW of a table of counters whose first column is FIRST,
 * with the distinct products' columns when PRODUCTS. */
static void
s_counters_head(const book_t *b, lxw_worksheet *ws, int row, const char *first, bool products)
{
	worksheet_write_string(ws, (lxw_row_t)row, 0, first, b->head);
	for (int i = 0; i < HV_NCOUNTERS; i++)
		worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)(1 + i), _(s_counter_heads[i]), b->head);
	for (int k = 0; k < SH_COUNT; k++)
		worksheet_write_string(
		    ws, (lxw_row_t)row, (lxw_col_t)(1 + HV_NCOUNTERS + k), _(s_share_heads[k]), b->head);
	for (int k = 0; products && k < 4; k++)
		worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)(1 + HV_NCOUNTERS + SH_COUNT + k),
		    _(s_product_heads[k]), b->head);
	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)(HV_NCOUNTERS + SH_COUNT + 4), 16, NULL);
	worksheet_freeze_panes(ws, (lxw_row_t)(row + 1), 1);
}

/* The totals sheet: what the report is of, its period, its one row. */
static void
s_totals(const book_t *b, const hv_report_t *r, const char *title)
{
	char from[32], to[32];
	time_t f = (time_t)(r->from / 1000), t = (time_t)(r->to / 1000);
	struct tm tm;

	lxw_worksheet *ws = s_sheet(b, _("Totals"));
	if (ws == NULL)
		return;
	strftime(from, sizeof from, "%Y-%m-%d %H:%M", localtime_r(&f, &tm));
	strftime(to, sizeof to, "%Y-%m-%d %H:%M", localtime_r(&t, &tm));
	worksheet_write_string(ws, 0, 0, title, b->head);
	worksheet_write_string(ws, 1, 0, _("from"), NULL);
	worksheet_write_string(ws, 1, 1, from, NULL);
	worksheet_write_string(ws, 2, 0, _("to"), NULL);
	worksheet_write_string(ws, 2, 1, to, NULL);
	s_counters_head(b, ws, 4, "", r->has_events);
	s_counters_row(b, ws, 5, _("the period"), &r->total, r->has_events ? r->products : NULL);
	if (r->has_listed) {
		worksheet_write_string(ws, 7, 0, _("products the store lists"), b->head);
		worksheet_write_string(ws, 7, 1, _("made in Vietnam"), b->head);
		worksheet_write_string(ws, 7, 2, _("not"), b->head);
		worksheet_write_string(ws, 7, 3, _("Vietnamese share"), b->head);
		worksheet_write_number(ws, 8, 1, (double)r->listed[0], b->number);
		worksheet_write_number(ws, 8, 2, (double)r->listed[1], b->number);
		worksheet_write_number(ws, 8, 3,
		    hv_report_share(r->listed[0], r->listed[0] + r->listed[1]), b->percent);
	}
	if (r->has_kinds) { /* the catalog products' items, by how the label states the origin */
		worksheet_write_string(ws, 10, 0, _("items by origin kind"), b->head);
		for (int k = 0; k < HV_ORIGIN_KIND_COUNT; k++) {
			worksheet_write_string(ws, 10, (lxw_col_t)(1 + k),
			    hv_report_kind_label((hv_origin_kind_t)k), b->head);
			worksheet_write_number(ws, 11, (lxw_col_t)(1 + k), (double)r->kinds[k], b->number);
		}
	}
}

/* One sheet of G's groups, named for its grouping. */
static void
s_groups(const book_t *b, const hv_report_t *g)
{
	lxw_worksheet *ws = s_sheet(b, _(hv_report_by_label(g->by)));
	if (ws == NULL)
		return;
	bool products = hv_report_group_products(g);
	s_counters_head(b, ws, 0, _(hv_report_by_label(g->by)), products);
	for (size_t i = 0; i < g->ngroups; i++)
		s_counters_row(b, ws, (int)i + 1, hv_report_key_label(g->by, g->groups[i].key),
		    &g->groups[i].c, products ? g->groups[i].products : NULL);
}

/* A sheet of the top products (imported by value, unknown codes by items). */
static void
s_top(const book_t *b, const char *title, const hv_report_item_t *items, size_t n)
{
	const char *heads[] = {_("code"), _("name"), _("items"), _("value (₫)")};

	lxw_worksheet *ws = s_sheet(b, title);
	if (ws == NULL)
		return;
	for (int k = 0; k < 4; k++)
		worksheet_write_string(ws, 0, (lxw_col_t)k, heads[k], b->head);
	for (size_t i = 0; i < n; i++) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		worksheet_write_string(ws, row, 0, items[i].gtin, NULL);
		worksheet_write_string(ws, row, 1, items[i].name, NULL);
		worksheet_write_number(ws, row, 2, (double)items[i].items, b->number);
		worksheet_write_number(ws, row, 3, (double)items[i].value, b->number);
	}
	worksheet_set_column(ws, 0, 0, 18, NULL);
	worksheet_set_column(ws, 1, 1, 40, NULL);
	worksheet_set_column(ws, 2, 3, 14, NULL);
}

/* The average unit price per category, domestic against imported. */
static void
s_prices(const book_t *b, const hv_report_t *r)
{
	const char *heads[] = {_("category"), _("domestic items"), _("domestic value (₫)"),
	    _("domestic price per item (₫)"), _("imported items"), _("imported value (₫)"),
	    _("imported price per item (₫)")};

	lxw_worksheet *ws = s_sheet(b, _("Prices"));
	if (ws == NULL)
		return;
	for (int k = 0; k < 7; k++)
		worksheet_write_string(ws, 0, (lxw_col_t)k, heads[k], b->head);
	for (size_t i = 0; i < r->nprices; i++) {
		const hv_report_price_t *p = &r->prices[i];
		lxw_row_t row = (lxw_row_t)(i + 1);
		worksheet_write_string(ws, row, 0, p->category[0] ? p->category : _("(none)"), NULL);
		for (int k = 0; k < 2; k++) {
			lxw_col_t col = (lxw_col_t)(1 + 3 * k);
			worksheet_write_number(ws, row, col, (double)p->items[k], b->number);
			worksheet_write_number(ws, row, col + 1, (double)p->value[k], b->number);
			if (p->items[k] > 0) /* no price where nothing sold */
				worksheet_write_number(ws, row, col + 2,
				    (double)p->value[k] / (double)p->items[k], b->number);
		}
	}
	worksheet_set_column(ws, 0, 6, 20, NULL);
}

/* What every figure counts. */
static void
s_definitions_sheet(const book_t *b)
{
	lxw_worksheet *ws = s_sheet(b, _("Definitions"));
	if (ws == NULL)
		return;
	worksheet_write_string(ws, 0, 0, _("figure"), b->head);
	worksheet_write_string(ws, 0, 1, _("what it counts"), b->head);
	for (size_t i = 0; i < sizeof s_definitions / sizeof s_definitions[0]; i++) {
		worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, _(s_definitions[i].figure), NULL);
		worksheet_write_string(ws, (lxw_row_t)(i + 1), 1, _(s_definitions[i].meaning), b->wrap);
	}
	worksheet_set_column(ws, 0, 0, 36, NULL);
	worksheet_set_column(ws, 1, 1, 100, NULL);
}

int
hv_report_write_xlsx(const char *path, const hv_report_t *r, const hv_report_t *groups, size_t n,
    const char *title, char *err, size_t errlen)
{
	book_t b = {workbook_new(path), NULL, NULL, NULL, NULL};

	if (b.wb == NULL) {
		snprintf(err, errlen, _("cannot write %s"), path);
		return -1;
	}
	b.head = workbook_add_format(b.wb);
	format_set_bold(b.head);
	b.number = workbook_add_format(b.wb);
	format_set_num_format(b.number, "#,##0");
	b.percent = workbook_add_format(b.wb);
	format_set_num_format(b.percent, "0.0%");
	b.wrap = workbook_add_format(b.wb);
	format_set_text_wrap(b.wrap);
	s_totals(&b, r, title);
	for (size_t i = 0; i < n; i++)
		s_groups(&b, &groups[i]);
	if (r->has_events) {
		s_top(&b, _("Top imported"), r->imported, r->nimported);
		s_top(&b, _("Top unknown codes"), r->unknown, r->nunknown);
		s_prices(&b, r);
	}
	s_definitions_sheet(&b);
	lxw_error rc = workbook_close(b.wb);
	if (rc != LXW_NO_ERROR) {
		snprintf(err, errlen, _("cannot write %s: %s"), path, lxw_strerror(rc));
		return -1;
	}
	return 0;
}
