/*
 * report_html.c -- the report as one self-contained HTML page: inline
 * style, SVG charts drawn here (share by hour, value by class per
 * category, top imported products), nothing fetched from anywhere, and a
 * layout that reads on a phone.
 */
#include "report_html.h"

#include <string.h>
#include <time.h>

#include "i18n.h"

#define COLOR_DOM "#c8102e" /* the flag's red: Vietnamese goods */
#define COLOR_IMP "#5b7083"
#define COLOR_UNK "#c9ccd1"

/* TEXT with &, <, > and " escaped. */
static void
s_esc(FILE *out, const char *text)
{
	for (const char *p = text; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*p, out);
		}
	}
}

static void
s_head(FILE *out, const hv_report_style_t *s, const char *lang)
{
	fprintf(out,
	    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<link rel=\"icon\" href=\"data:,\">\n<title>",
	    lang);
	s_esc(out, _("hangviet report"));
	fputs("</title>\n<style>\n"
	      "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;"
	      "max-width:60rem;padding:1rem;color:#1d2329;line-height:1.4}\n"
	      "h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.6rem 0 .4rem}\n"
	      ".cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{flex:1 1 10rem;border:1px solid "
	      "#dde1e6;border-radius:.5rem;padding:.6rem}.big{font-size:1.6rem;font-weight:600;"
	      "color:" COLOR_DOM "}\n"
	      "svg{width:100%;height:auto;display:block}svg text{font-size:11px;fill:#1d2329}\n"
	      ".scroll{overflow-x:auto}table{border-collapse:collapse;width:100%}"
	      "td,th{padding:.25rem .5rem;border-bottom:1px solid #eef0f2;text-align:right;"
	      "white-space:nowrap}td:first-child,th:first-child{text-align:left}\n"
	      ".legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 .8rem;"
	      "vertical-align:middle}\n"
	      "</style>\n</head>\n<body>\n<h1>",
	    out);
	s_esc(out, _("hangviet report"));
	fputs("</h1>\n<p>", out);
	s_esc(out, s->title);
	fputs("</p>\n", out);
}

static void
s_num(FILE *out, const hv_report_style_t *s, int64_t n)
{
	char buf[48];
	fputs(hv_report_format_number(s, n, buf, sizeof buf), out);
}

static void
s_pct(FILE *out, const hv_report_style_t *s, double share)
{
	char buf[48];
	fputs(hv_report_format_share(s, share, buf, sizeof buf), out);
}

static void
s_cards(FILE *out, const hv_report_t *r, const hv_report_style_t *s)
{
	const hv_counters_t *c = &r->total;
	struct {
		const char *label;
		int64_t part, whole;
	} cards[] = {
	    {N_("Vietnamese share of items"), c->v[HV_C_ITEMS_DOM], hv_report_items(c)},
	    {N_("Vietnamese share of value"), c->v[HV_C_VALUE_DOM], hv_report_value(c)},
	    {N_("OCOP share of value"), c->v[HV_C_VALUE_OCOP], hv_report_value(c)},
	    {N_("Local products' share of value"), c->v[HV_C_VALUE_LOCAL], hv_report_value(c)},
	};

	fputs("<div class=\"cards\">\n", out);
	for (size_t i = 0; i < sizeof cards / sizeof cards[0]; i++) {
		fputs("<div class=\"card\"><div class=\"big\">", out);
		s_pct(out, s, hv_report_share(cards[i].part, cards[i].whole));
		fputs("</div>", out);
		s_esc(out, _(cards[i].label));
		fputs("</div>\n", out);
	}
	char n1[48], n2[48], n3[48];
	fputs("</div>\n<p>", out);
	fprintf(out, _("Items: %s, value: %s ₫, transactions: %s."),
	    hv_report_format_number(s, hv_report_items(c), n1, sizeof n1),
	    hv_report_format_number(s, hv_report_value(c), n2, sizeof n2),
	    hv_report_format_number(s, c->v[HV_C_TXNS], n3, sizeof n3));
	fputs("</p>\n", out);
}

/* The x of hour I of N on a chart from LEFT to RIGHT: spread over the
 * width, or in the middle when there is one hour only. */
static double
s_hour_x(size_t i, size_t n, int left, int right)
{
	return n > 1 ? left + (double)(right - left) * (double)i / (double)(n - 1)
	             : (left + right) / 2.0;
}

/* Share of items and of value by hour: two lines over 0-100%, each hour a
 * marked point (so that a period of one hour still shows its figures). */
static void
s_chart_hours(FILE *out, const hv_report_t *h, const hv_report_style_t *s)
{
	const int w = 640, ht = 220, left = 36, right = 8, top = 10, bottom = 30;
	static const char *const lines[] = {"items", "value"};

	fprintf(out, "<h2>%s</h2>\n", _("Vietnamese share by hour"));
	fprintf(out, "<svg viewBox=\"0 0 %d %d\" role=\"img\" id=\"chart-hours\">\n", w, ht);
	for (int p = 0; p <= 100; p += 25) {
		double y = top + (ht - top - bottom) * (1 - p / 100.0);
		fprintf(out,
		    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eef0f2\"/>"
		    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n",
		    left, w - right, y, y, left - 4, y + 4, p);
	}
	for (int line = 0; line < 2; line++) {
		const char *color = line ? COLOR_IMP : COLOR_DOM;
		fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"", color,
		    line ? " stroke-dasharray=\"4 3\"" : "");
		for (int pass = 0; pass < 2; pass++) { /* the line's points, then its markers */
			for (size_t i = 0; i < h->ngroups; i++) {
				const hv_counters_t *c = &h->groups[i].c;
				double share =
				    line ? hv_report_share(c->v[HV_C_VALUE_DOM], hv_report_value(c))
				         : hv_report_share(c->v[HV_C_ITEMS_DOM], hv_report_items(c));
				double x = s_hour_x(i, h->ngroups, left, w - right);
				double y = top + (ht - top - bottom) * (1 - share);
				if (pass == 0)
					fprintf(out, "%.1f,%.1f ", x, y);
				else
					fprintf(out,
					    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" "
					    "data-share-%s=\"%.4f\" data-hour=\"%s\"/>\n",
					    x, y, color, lines[line], share, h->groups[i].key);
			}
			if (pass == 0)
				fputs("\"/>\n", out);
		}
	}
	size_t every = h->ngroups / 8 + 1;
	for (size_t i = 0; i < h->ngroups; i += every) /* "2026-11-26 08:00" -> "26 08h" */
		fprintf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.2s %.2sh</text>\n",
		    s_hour_x(i, h->ngroups, left, w - right), ht - 10, h->groups[i].key + 8,
		    h->groups[i].key + 11);
	fputs("</svg>\n<p class=\"legend\">", out);
	fprintf(out,
	    "<span style=\"background:%s\"></span>%s<span style=\"background:%s\"></span>%s",
	    COLOR_DOM, _("items"), COLOR_IMP, _("value"));
	fputs("</p>\n", out);
	(void)s;
}

/* Horizontal bars, one row per LABELS[i], split in up to three parts. */
static void
s_bars(FILE *out, const char *id, size_t n, const char *const *labels, const int64_t (*parts)[3],
    int nparts)
{
	static const char *const colors[] = {COLOR_DOM, COLOR_IMP, COLOR_UNK};
	const int w = 640, row = 22, label = 190;
	int64_t max = 1;

	for (size_t i = 0; i < n; i++) {
		int64_t sum = 0;
		for (int k = 0; k < nparts; k++)
			sum += parts[i][k] > 0 ? parts[i][k] : 0;
		if (sum > max)
			max = sum;
	}
	fprintf(out, "<svg viewBox=\"0 0 %d %zu\" role=\"img\" id=\"%s\">\n", w, n * row + 4, id);
	for (size_t i = 0; i < n; i++) {
		double x = label;
		fprintf(
		    out, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\">", label - 6, i * row + 15);
		s_esc(out, labels[i]);
		fputs("</text>", out);
		for (int k = 0; k < nparts; k++) {
			double len = parts[i][k] > 0
			                 ? (double)parts[i][k] / (double)max * (w - label - 4)
			                 : 0;
			fprintf(out,
			    "<rect x=\"%.1f\" y=\"%zu\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
			    x, i * row + 3, len, row - 6, colors[k]);
			x += len;
		}
		fputc('\n', out);
	}
	fputs("</svg>\n", out);
}

static void
s_chart_categories(FILE *out, const hv_report_t *cats)
{
	const char *labels[64];
	int64_t parts[64][3];
	size_t n = cats->ngroups < 64 ? cats->ngroups : 64;

	fprintf(out, "<h2>%s</h2>\n", _("Value by class per category (₫)"));
	for (size_t i = 0; i < n; i++) {
		const hv_counters_t *c = &cats->groups[i].c;
		labels[i] = cats->groups[i].key[0] ? cats->groups[i].key : _("(none)");
		parts[i][0] = c->v[HV_C_VALUE_DOM];
		parts[i][1] = c->v[HV_C_VALUE_IMP];
		parts[i][2] = c->v[HV_C_VALUE_UNK];
	}
	s_bars(out, "chart-categories", n, labels, (const int64_t(*)[3])parts, 3);
	fprintf(out,
	    "<p class=\"legend\"><span style=\"background:%s\"></span>%s<span "
	    "style=\"background:%s\"></span>%s<span style=\"background:%s\"></span>%s</p>\n",
	    COLOR_DOM, _("domestic"), COLOR_IMP, _("imported"), COLOR_UNK, _("unknown"));
}

static void
s_chart_imported(FILE *out, const hv_report_t *r)
{
	const char *labels[HV_REPORT_TOP];
	int64_t parts[HV_REPORT_TOP][3] = {{0}};

	fprintf(out, "<h2>%s</h2>\n", _("Top imported products by value"));
	for (size_t i = 0; i < r->nimported; i++) {
		labels[i] = r->imported[i].name[0] ? r->imported[i].name : r->imported[i].gtin;
		parts[i][1] = r->imported[i].value;
	}
	s_bars(out, "chart-imported", r->nimported, labels, (const int64_t(*)[3])parts, 2);
}

static void
s_table_prices(FILE *out, const hv_report_t *r, const hv_report_style_t *s)
{
	fprintf(out,
	    "<h2>%s</h2>\n<div "
	    "class=\"scroll\"><table>\n<tr><th>%s</th><th>%s</th><th>%s</th></tr>\n",
	    _("Average unit price by category (₫ per item)"), _("category"), _("domestic"),
	    _("imported"));
	for (size_t i = 0; i < r->nprices; i++) {
		const hv_report_price_t *p = &r->prices[i];
		fputs("<tr><td>", out);
		s_esc(out, p->category[0] ? p->category : _("(none)"));
		for (int k = 0; k < 2; k++) {
			fputs("</td><td>", out);
			if (p->items[k] > 0)
				s_num(out, s, p->value[k] / p->items[k]);
			else
				fputs("–", out);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</table></div>\n", out);
}

static void
s_table_unknown(FILE *out, const hv_report_t *r, const hv_report_style_t *s)
{
	fprintf(out,
	    "<h2>%s</h2>\n<div class=\"scroll\"><table>\n<tr><th>%s</th><th>%s</th></tr>\n",
	    _("Top unknown codes (add them to the catalog)"), _("code"), _("items"));
	for (size_t i = 0; i < r->nunknown; i++) {
		fputs("<tr><td>", out);
		s_esc(out, r->unknown[i].gtin);
		fputs("</td><td>", out);
		s_num(out, s, r->unknown[i].items);
		fputs("</td></tr>\n", out);
	}
	fputs("</table></div>\n", out);
}

/* The catalog products' items by how their labels state the origin; each
 * row carries its kind's name as a data attribute, for machines. */
static void
s_table_kinds(FILE *out, const hv_report_t *r, const hv_report_style_t *s)
{
	fprintf(out,
	    "<h2>%s</h2>\n<div class=\"scroll\"><table id=\"kinds\">\n<tr><th>%s</th><th>%s</th>"
	    "</tr>\n",
	    _("How the labels state the origin"), _("origin"), _("items"));
	for (int k = 0; k < HV_ORIGIN_KIND_COUNT; k++) {
		fprintf(out, "<tr data-kind=\"%s\"><td>", hv_origin_kind_name((hv_origin_kind_t)k));
		s_esc(out, hv_report_kind_label((hv_origin_kind_t)k));
		fputs("</td><td>", out);
		s_num(out, s, r->kinds[k]);
		fputs("</td></tr>\n", out);
	}
	fputs("</table></div>\n", out);
}

/* The groups of R (--by): each with its items, value, the Vietnamese share
 * of both, the OCOP and local shares of items, and its transactions. Each
 * row carries its key and counts as data attributes, for machines. */
static void
s_table_groups(FILE *out, const hv_report_t *r, const hv_report_style_t *s)
{
	const char *heads[] = {_(hv_report_by_label(r->by)), _("items"), _("VN items"), _("value ₫"),
	    _("VN value"), "OCOP", _("local"), _("txns")};

	fputs("<h2>", out);
	s_esc(out, _("By group"));
	fputs(": ", out);
	s_esc(out, heads[0]);
	fputs("</h2>\n<div class=\"scroll\"><table id=\"groups\">\n<tr>", out);
	for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++) {
		fputs("<th>", out);
		s_esc(out, heads[k]);
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (size_t i = 0; i < r->ngroups; i++) {
		const hv_counters_t *c = &r->groups[i].c;
		int64_t items = hv_report_items(c), value = hv_report_value(c);
		fputs("<tr data-key=\"", out);
		s_esc(out, r->groups[i].key);
		fprintf(out, "\" data-items=\"%lld\" data-value=\"%lld\" data-items-dom=\"%lld\"><td>",
		    (long long)items, (long long)value, (long long)c->v[HV_C_ITEMS_DOM]);
		s_esc(out, hv_report_key_label(r->by, r->groups[i].key));
		const double shares[] = {hv_report_share(c->v[HV_C_ITEMS_DOM], items),
		    hv_report_share(c->v[HV_C_VALUE_DOM], value),
		    hv_report_share(c->v[HV_C_ITEMS_OCOP], items),
		    hv_report_share(c->v[HV_C_ITEMS_LOCAL], items)};
		fputs("</td><td>", out);
		s_num(out, s, items);
		fputs("</td><td>", out);
		s_pct(out, s, shares[0]);
		fputs("</td><td>", out);
		s_num(out, s, value);
		for (int k = 1; k < 4; k++) {
			fputs("</td><td>", out);
			s_pct(out, s, shares[k]);
		}
		fputs("</td><td>", out);
		s_num(out, s, c->v[HV_C_TXNS]);
		fputs("</td></tr>\n", out);
	}
	fputs("</table></div>\n", out);
}

void
hv_report_write_html(FILE *out, const hv_report_t *r, const hv_report_t *hours,
    const hv_report_t *cats, const hv_report_style_t *s, const char *lang)
{
	s_head(out, s, lang);
	s_cards(out, r, s);
	if (r->by != HV_BY_NONE)
		s_table_groups(out, r, s);
	s_chart_hours(out, hours, s);
	s_chart_categories(out, cats);
	if (r->has_events) {
		s_chart_imported(out, r);
		s_table_unknown(out, r, s);
		s_table_prices(out, r, s);
	}
	if (r->has_kinds)
		s_table_kinds(out, r, s);
	fputs("</body>\n</html>\n", out);
}
