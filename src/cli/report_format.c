/*
 * report_format.c -- text, CSV and JSON reports (see report_format.h).
 */
#include "report_format.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "json.h"
#include "text.h"

#define BAR_MAX 20

void
hv_report_style_init(hv_report_style_t *s, const char *title, FILE *out)
{
	locale_t loc = newlocale(LC_NUMERIC_MASK, "", (locale_t)0);
	const char *cols = getenv("COLUMNS");
	struct winsize ws;

	memset(s, 0, sizeof *s);
	s->title = title;
	snprintf(s->thousands, sizeof s->thousands, "%s", ",");
	snprintf(s->decimal, sizeof s->decimal, "%s", ".");
	if (loc != (locale_t)0) {
		const char *dp = nl_langinfo_l(RADIXCHAR, loc), *ts = nl_langinfo_l(THOUSEP, loc);
		if (ts != NULL && *ts != '\0' && dp != NULL && *dp != '\0') {
			snprintf(s->thousands, sizeof s->thousands, "%s", ts);
			snprintf(s->decimal, sizeof s->decimal, "%s", dp);
		}
		freelocale(loc);
	}
	s->width = 80;
	if (cols != NULL && atoi(cols) >= 40)
		s->width = atoi(cols);
	else if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		s->width = ws.ws_col;
	const char *nc = getenv("NO_COLOR");
	s->color = isatty(fileno(out)) && (nc == NULL || *nc == '\0');
}

/* ------------------------------------------------------------- people */

const char *
hv_report_format_number(const hv_report_style_t *s, int64_t n, char *buf, size_t size)
{
	char digits[32], *p = buf;
	unsigned long long u = n < 0 ? -(unsigned long long)n : (unsigned long long)n;
	int len = snprintf(digits, sizeof digits, "%llu", u);
	size_t sl = strlen(s->thousands);

	if (n < 0)
		*p++ = '-';
	for (int i = 0; i < len && (size_t)(p - buf) + sl + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0) {
			memcpy(p, s->thousands, sl);
			p += sl;
		}
		*p++ = digits[i];
	}
	*p = '\0';
	return buf;
}

const char *
hv_report_format_share(const hv_report_style_t *s, double share, char *buf, size_t size)
{
	long tenths = (long)(share * 1000 + (share < 0 ? -0.5 : 0.5));
	snprintf(buf, size, "%s%ld%s%ld%%", tenths < 0 ? "-" : "", labs(tenths) / 10, s->decimal,
	    labs(tenths) % 10);
	return buf;
}

/* Columns a UTF-8 string takes (one per code point). */
/* STR in WIDTH display columns (text.h): Vietnamese letters take more
 * bytes than columns. */
static void
s_cell(FILE *out, const char *str, int width, bool right)
{
	hv_text_pad(out, str, width, right);
}

/* A space, then STR right-aligned in WIDTH columns: a column of figures. */
static void
s_col(FILE *out, const char *str, int width)
{
	fputc(' ', out);
	s_cell(out, str, width, true);
}

/* A bar of WIDTH cells, SHARE of it full, in eighths. */
static void
s_bar(FILE *out, const hv_report_style_t *s, double share, int width)
{
	static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	int total = (int)(share < 0 ? 0 : share > 1 ? 8 * width : share * 8 * width + 0.5);
	int full = total / 8, part = total % 8, used = full + (part > 0);

	if (width <= 0)
		return;
	if (s->color)
		fputs("\033[32m", out);
	for (int i = 0; i < full; i++)
		fputs("█", out);
	fputs(eighths[part], out);
	if (s->color)
		fputs("\033[0m", out);
	for (int i = used; i < width; i++)
		fputs("░", out);
}

static void
s_period(FILE *out, const hv_report_t *r)
{
	char a[32], b[32];
	time_t f = (time_t)(r->from / 1000), t = (time_t)(r->to / 1000);
	struct tm tm;

	strftime(a, sizeof a, "%Y-%m-%d %H:%M", localtime_r(&f, &tm));
	strftime(b, sizeof b, "%Y-%m-%d %H:%M", localtime_r(&t, &tm));
	fprintf(out, "%s – %s", a, b);
}

/* One FMT line of a part of the sales (OCOP, local): its items and
 * value (counters ITEMS and VALUE of C) and their shares of all. */
static void
s_text_part(FILE *out, const hv_report_style_t *s, const char *fmt, const hv_counters_t *c,
    int items, int value)
{
	char n1[32], n2[32], p1[32], p2[32];

	fprintf(out, fmt, hv_report_format_number(s, c->v[items], n1, sizeof n1),
	    hv_report_format_share(
	        s, hv_report_share(c->v[items], hv_report_items(c)), p1, sizeof p1),
	    hv_report_format_number(s, c->v[value], n2, sizeof n2),
	    hv_report_format_share(
	        s, hv_report_share(c->v[value], hv_report_value(c)), p2, sizeof p2));
}

/* FMT with the count of N's CLASSES (2 or 3) products, their Vietnamese
 * share, then each class's count. */
static void
s_text_products(FILE *out, const hv_report_style_t *s, const char *fmt, const int64_t *n,
    int classes)
{
	char all[32], share[32], k[3][32];
	int64_t sum = 0;

	for (int i = 0; i < classes; i++) {
		sum += n[i];
		hv_report_format_number(s, n[i], k[i], sizeof k[i]);
	}
	hv_report_format_number(s, sum, all, sizeof all);
	hv_report_format_share(s, hv_report_share(n[0], sum), share, sizeof share);
	fprintf(out, fmt, all, share, k[0], k[1], classes > 2 ? k[2] : "");
}

/* The whole period: items and value by class, shares, OCOP and local. */
static void
s_text_summary(FILE *out, const hv_report_t *r, const hv_report_style_t *s)
{
	const hv_counters_t *c = &r->total;
	char n1[32], n2[32], n3[32], p1[32];
	int bar = s->width - 70 > BAR_MAX ? BAR_MAX : s->width - 70;

	s_cell(out, "", 14, false);
	s_col(out, _("domestic"), 14);
	s_col(out, _("imported"), 14);
	s_col(out, _("unknown"), 14);
	fprintf(out, "  %s\n", _("Vietnamese share"));
	for (int v = 0; v < 2; v++) {
		int base = v ? HV_C_VALUE_DOM : HV_C_ITEMS_DOM;
		int64_t all = v ? hv_report_value(c) : hv_report_items(c);
		double share = hv_report_share(c->v[base], all);
		s_cell(out, v ? _("Value (₫)") : _("Items"), 14, false);
		s_col(out, hv_report_format_number(s, c->v[base], n1, sizeof n1), 14);
		s_col(out, hv_report_format_number(s, c->v[base + 1], n2, sizeof n2), 14);
		s_col(out, hv_report_format_number(s, c->v[base + 2], n3, sizeof n3), 14);
		fputc(' ', out);
		s_col(out, hv_report_format_share(s, share, p1, sizeof p1), 7);
		fputc(' ', out);
		s_bar(out, s, share, bar);
		fputc('\n', out);
	}
	s_text_part(
	    out, s, _("OCOP: %s items (%s), %s ₫ (%s)\n"), c, HV_C_ITEMS_OCOP, HV_C_VALUE_OCOP);
	s_text_part(out, s, _("Local products: %s items (%s), %s ₫ (%s)\n"), c, HV_C_ITEMS_LOCAL,
	    HV_C_VALUE_LOCAL);
	fprintf(out, _("Lines: %s, voids: %s, transactions: %s\n"),
	    hv_report_format_number(s, c->v[HV_C_LINES], n1, sizeof n1),
	    hv_report_format_number(s, c->v[HV_C_VOIDS], n2, sizeof n2),
	    hv_report_format_number(s, c->v[HV_C_TXNS], n3, sizeof n3));
	if (r->has_events)
		s_text_products(out, s, _("Products sold (each counted once): %s, Vietnamese %s "
		                          "(%s domestic, %s imported, %s unknown)\n"),
		    r->products, 3);
	if (r->has_listed)
		s_text_products(out, s,
		    _("Products the store lists (catalog): %s, Vietnamese %s (%s made in Vietnam, %s "
		      "not)\n"),
		    r->listed, 2);
}

static void
s_text_basis(FILE *out, const hv_report_t *r, const hv_report_style_t *s)
{
	const char *label[2] = {_("Confirmed by the catalog"), _("Guessed from the GS1 prefix")};
	char n1[32], p1[32];

	fputc('\n', out);
	for (int k = 0; k < 2; k++) {
		const int64_t *it = r->basis.items[k];
		int64_t all = it[0] + it[1] + it[2];
		fprintf(out, _("%s: Vietnamese share %s of %s items\n"), label[k],
		    hv_report_format_share(s, hv_report_share(it[0], all), p1, sizeof p1),
		    hv_report_format_number(s, all, n1, sizeof n1));
	}
}

/* How the labels of the catalog's products sold state the origin: the
 * kinds that sold, each with its items (bottled ... labelled in Vietnam
 * make a product unknown, so an analyst sees why). */
static void
s_text_kinds(FILE *out, const hv_report_t *r, const hv_report_style_t *s)
{
	char n1[32];
	int shown = 0;

	fprintf(out, "%s", _("How the labels state the origin, catalog products' items:"));
	for (int k = 0; k < HV_ORIGIN_KIND_COUNT; k++) {
		if (r->kinds[k] == 0 && k != HV_ORIGIN_MADE_IN)
			continue;
		fprintf(out, "%s %s %s", shown++ ? "," : "", hv_report_kind_label((hv_origin_kind_t)k),
		    hv_report_format_number(s, r->kinds[k], n1, sizeof n1));
	}
	fputc('\n', out);
}

/* The figures of a group's row, in the order of s_group_heads. */
enum { G_ITEMS, G_VN_ITEMS, G_VALUE, G_VN_VALUE, G_OCOP, G_LOCAL, G_TXNS, G_COLS };

static const struct {
	const char *head; /* its header (translated when printed) */
	int min;          /* its width at least, in display columns */
} s_group_heads[G_COLS] = {{N_("items"), 10}, {N_("VN items"), 8}, {N_("value ₫"), 15},
    {N_("VN value"), 8}, {"OCOP", 7}, {N_("local"), 7}, {N_("txns"), 8}};

/* The cells of one row of the groups table for counters C. */
static void
s_group_cells(const hv_report_style_t *s, const hv_counters_t *c, char cell[G_COLS][32])
{
	int64_t items = hv_report_items(c), value = hv_report_value(c);

	hv_report_format_number(s, items, cell[G_ITEMS], 32);
	hv_report_format_share(s, hv_report_share(c->v[HV_C_ITEMS_DOM], items), cell[G_VN_ITEMS], 32);
	hv_report_format_number(s, value, cell[G_VALUE], 32);
	hv_report_format_share(s, hv_report_share(c->v[HV_C_VALUE_DOM], value), cell[G_VN_VALUE], 32);
	hv_report_format_share(s, hv_report_share(c->v[HV_C_ITEMS_OCOP], items), cell[G_OCOP], 32);
	hv_report_format_share(s, hv_report_share(c->v[HV_C_ITEMS_LOCAL], items), cell[G_LOCAL], 32);
	hv_report_format_number(s, c->v[HV_C_TXNS], cell[G_TXNS], 32);
}

/* One row: KEY (WIDTHS[G_COLS] wide), then the cells in their WIDTHS, with a bar of BAR cells
 * (none when BAR <= 0) showing SHARE after the Vietnamese share of items;
 * CELL NULL prints the headers. */
static void
s_group_row(FILE *out, const hv_report_style_t *s, const char *key, char (*cell)[32],
    const int *widths, int bar, double share)
{
	s_cell(out, key, widths[G_COLS], false);
	for (int k = 0; k < G_COLS; k++) {
		s_col(out, cell != NULL ? cell[k] : _(s_group_heads[k].head), widths[k]);
		if (k == G_VN_ITEMS && bar > 0) {
			fputc(' ', out);
			if (cell != NULL)
				s_bar(out, s, share, bar);
			else
				fprintf(out, "%*s", bar, "");
		}
	}
	fputc('\n', out);
}

/* The key column's width: its widest key or header, 18 to 32 columns. */
static int
s_key_width(const hv_report_t *r)
{
	int w = hv_text_width(_(hv_report_by_label(r->by)));

	for (size_t i = 0; i < r->ngroups; i++) {
		int k = hv_text_width(hv_report_key_label(r->by, r->groups[i].key));
		w = k > w ? k : w;
	}
	return w < 18 ? 18 : w > 32 ? 32 : w;
}

static void
s_text_groups(FILE *out, const hv_report_t *r, const hv_report_style_t *s)
{
	int widths[G_COLS + 1], used;
	char cell[G_COLS][32];

	for (int k = 0; k < G_COLS; k++) { /* a translated header widens its column */
		int w = hv_text_width(_(s_group_heads[k].head));
		widths[k] = w > s_group_heads[k].min ? w : s_group_heads[k].min;
	}
	widths[G_COLS] = s_key_width(r);
	used = widths[G_COLS];
	for (int k = 0; k < G_COLS; k++)
		used += widths[k] + 1;
	int bar = s->width - used - 2 > BAR_MAX ? BAR_MAX : s->width - used - 2;
	fputc('\n', out);
	s_group_row(out, s, _(hv_report_by_label(r->by)), NULL, widths, bar, 0);
	for (size_t i = 0; i < r->ngroups; i++) {
		const hv_counters_t *c = &r->groups[i].c;
		s_group_cells(s, c, cell);
		s_group_row(out, s, hv_report_key_label(r->by, r->groups[i].key), cell, widths, bar,
		    hv_report_share(c->v[HV_C_ITEMS_DOM], hv_report_items(c)));
	}
}

static void
s_text_top(FILE *out, const char *title, const hv_report_item_t *items, size_t n,
    const hv_report_style_t *s)
{
	char n1[32], n2[32];
	int name = s->width - 52 < 10 ? 10 : s->width - 52;

	fprintf(out, "\n%s\n", title);
	if (n == 0)
		fprintf(out, "  %s\n", _("none"));
	for (size_t i = 0; i < n; i++) {
		int pad = 14 - hv_text_width(items[i].gtin); /* a code is never cut */
		fprintf(out, "%3zu  %s%*s  ", i + 1, items[i].gtin, pad > 0 ? pad : 0, "");
		s_cell(out, items[i].name, name, false);
		s_col(out, hv_report_format_number(s, items[i].items, n1, sizeof n1), 8);
		s_col(out, hv_report_format_number(s, items[i].value, n2, sizeof n2), 15);
		fputc('\n', out);
	}
}

static void
s_text_prices(FILE *out, const hv_report_t *r, const hv_report_style_t *s)
{
	char n1[32], n2[32];

	fprintf(out, "\n%s\n", _("Average unit price by category (₫ per item)"));
	s_cell(out, _("category"), 24, false);
	s_col(out, _("domestic"), 16);
	s_col(out, _("imported"), 16);
	fputc('\n', out);
	for (size_t i = 0; i < r->nprices; i++) {
		const hv_report_price_t *p = &r->prices[i];
		s_cell(out, p->category[0] ? p->category : _("(none)"), 24, false);
		for (int k = 0; k < 2; k++)
			s_col(out, p->items[k] > 0 ? hv_report_format_number(
			                                 s, p->value[k] / p->items[k], k ? n2 : n1, 32)
			                           : "–", 16);
		fputc('\n', out);
	}
}

void
hv_report_write_text(FILE *out, const hv_report_t *r, const hv_report_style_t *s)
{
	fprintf(out, _("hangviet report: %s\n"), s->title);
	s_period(out, r);
	fputs("\n\n", out);
	s_text_summary(out, r, s);
	if (r->has_events)
		s_text_basis(out, r, s);
	if (r->has_kinds)
		s_text_kinds(out, r, s);
	if (r->by != HV_BY_NONE)
		s_text_groups(out, r, s);
	if (!r->has_events) {
		fprintf(out, "\n%s\n",
		    _("Products, unknown codes and prices are not known for this period: no hour of "
		      "the product rollup is held here for it."));
		return;
	}
	if (r->by != HV_BY_NONE && r->by != HV_BY_LANE && !hv_report_group_products(r))
		fprintf(out, "\n%s\n",
		    _("Products are not counted by group here: this office keeps its areas' region "
		      "hours, not each store's (store-products = no)."));
	s_text_top(out, _("Top imported products by value"), r->imported, r->nimported, s);
	s_text_top(
	    out, _("Top unknown codes (add them to the catalog)"), r->unknown, r->nunknown, s);
	s_text_prices(out, r, s);
}

/* ----------------------------------------------------------- machines */

/* KEY as a CSV field (RFC 4180): quoted, quotes doubled. */
static void
s_csv_field(FILE *out, const char *key)
{
	fputc('"', out);
	for (const char *p = key; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

static void
s_csv_row(FILE *out, const char *key, const hv_counters_t *c)
{
	s_csv_field(out, key);
	for (int i = 0; i < HV_NCOUNTERS; i++)
		fprintf(out, ",%lld", (long long)c->v[i]);
	fprintf(out, ",%.4f,%.4f\n", hv_report_share(c->v[HV_C_ITEMS_DOM], hv_report_items(c)),
	    hv_report_share(c->v[HV_C_VALUE_DOM], hv_report_value(c)));
}

void
hv_report_write_csv(FILE *out, const hv_report_t *r)
{
	fputs("group", out);
	for (int i = 0; i < HV_NCOUNTERS; i++)
		fprintf(out, ",%s", hv_counter_name(i));
	fputs(",share_items,share_value\n", out);
	s_csv_row(out, "total", &r->total);
	for (size_t i = 0; i < r->ngroups; i++)
		s_csv_row(out, r->groups[i].key, &r->groups[i].c);
}

static void
s_json_counters(FILE *out, const hv_counters_t *c)
{
	for (int i = 0; i < HV_NCOUNTERS; i++)
		fprintf(out, "%s\"%s\":%lld", i ? "," : "", hv_counter_name(i), (long long)c->v[i]);
	fprintf(out, ",\"share_items\":%.4f,\"share_value\":%.4f",
	    hv_report_share(c->v[HV_C_ITEMS_DOM], hv_report_items(c)),
	    hv_report_share(c->v[HV_C_VALUE_DOM], hv_report_value(c)));
}

static void
s_json_items(FILE *out, const char *key, const hv_report_item_t *items, size_t n)
{
	fprintf(out, ",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%s{\"gtin\":", i ? "," : "");
		hv_json_string(out, items[i].gtin);
		fputs(",\"name\":", out);
		hv_json_string(out, items[i].name);
		fprintf(out, ",\"items\":%lld,\"value\":%lld}", (long long)items[i].items,
		    (long long)items[i].value);
	}
	fputc(']', out);
}

static void
s_json_events(FILE *out, const hv_report_t *r)
{
	static const char *const cls[] = {"domestic", "imported", "unknown"};
	static const char *const basis[] = {"catalog", "prefix"};

	fputs(",\"basis\":{", out);
	for (int k = 0; k < 2; k++) {
		fprintf(out, "%s\"%s\":{\"items\":{", k ? "," : "", basis[k]);
		for (int c = 0; c < 3; c++)
			fprintf(out, "%s\"%s\":%lld", c ? "," : "", cls[c],
			    (long long)r->basis.items[k][c]);
		fputs("},\"value\":{", out);
		for (int c = 0; c < 3; c++)
			fprintf(out, "%s\"%s\":%lld", c ? "," : "", cls[c],
			    (long long)r->basis.value[k][c]);
		fputs("}}", out);
	}
	fputc('}', out);
	s_json_items(out, "top_imported", r->imported, r->nimported);
	s_json_items(out, "top_unknown", r->unknown, r->nunknown);
	fputs(",\"prices\":[", out);
	for (size_t i = 0; i < r->nprices; i++) {
		fprintf(out, "%s{\"category\":", i ? "," : "");
		hv_json_string(out, r->prices[i].category);
		for (int k = 0; k < 2; k++)
			fprintf(out, ",\"%s\":{\"items\":%lld,\"value\":%lld}", cls[k],
			    (long long)r->prices[i].items[k], (long long)r->prices[i].value[k]);
		fputc('}', out);
	}
	fputc(']', out);
}

/* ,"KEY":{"domestic":N,"imported":N,"unknown":N,"share":S}: distinct
 * products (or the listed ones) by class, and the Vietnamese share of them. */
static void
s_json_products(FILE *out, const char *key, const int64_t *n, int classes)
{
	static const char *const cls[] = {"domestic", "imported", "unknown"};
	int64_t all = 0;

	fprintf(out, ",\"%s\":{", key);
	for (int k = 0; k < classes; k++) {
		fprintf(out, "%s\"%s\":%lld", k ? "," : "", classes == 2 && k ? "other" : cls[k],
		    (long long)n[k]);
		all += n[k];
	}
	fprintf(out, ",\"share\":%.4f}", hv_report_share(n[0], all));
}

void
hv_report_write_json(FILE *out, const hv_report_t *r)
{
	bool grouped = hv_report_group_products(r);

	fprintf(out, "{\"from\":%lld,\"to\":%lld,\"by\":\"%s\",\"total\":{", (long long)r->from,
	    (long long)r->to, hv_report_by_name(r->by));
	s_json_counters(out, &r->total);
	if (r->has_events)
		s_json_products(out, "products", r->products, 3);
	fputs("},\"groups\":[", out);
	for (size_t i = 0; i < r->ngroups; i++) {
		fprintf(out, "%s{\"key\":", i ? "," : "");
		hv_json_string(out, r->groups[i].key);
		fputc(',', out);
		s_json_counters(out, &r->groups[i].c);
		if (grouped)
			s_json_products(out, "products", r->groups[i].products, 3);
		fputc('}', out);
	}
	fprintf(out, "],\"events\":%s,\"regions\":%s", r->has_events ? "true" : "false",
	    r->regions ? "true" : "false");
	if (r->has_listed)
		s_json_products(out, "listed", r->listed, 2);
	if (r->has_kinds) {
		fputs(",\"origin_kinds\":{", out);
		for (int k = 0; k < HV_ORIGIN_KIND_COUNT; k++)
			fprintf(out, "%s\"%s\":%lld", k ? "," : "", hv_origin_kind_name((hv_origin_kind_t)k),
			    (long long)r->kinds[k]);
		fputc('}', out);
	}
	if (r->has_events)
		s_json_events(out, r);
	fputs("}\n", out);
}
