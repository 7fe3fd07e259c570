/*
 * catalog_csv.c -- catalog import and export as CSV. Parsing is libcsv's
 * (quoted fields with commas, quotes and newlines); each row becomes a
 * product, is checked, and is staged; the stage lands only if every row
 * was good.
 */
#include "catalog_csv.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "date.h"
#include "i18n.h"
#include "province.h"
#include "text.h"

enum {
	COL_GTIN,
	COL_NAME,
	COL_BRAND,
	COL_MADE_IN,
	COL_BRAND_COUNTRY,
	COL_OCOP,
	COL_OCOP_UNTIL,
	COL_PROVINCE,
	COL_CATEGORY,
	COL_CODE,
	COL_LISTED,
	COL_ORIGIN_KIND,
	COL_SOURCE,
	COL_CONFIDENCE,
	COL_EVIDENCE, /* imported, not exported: `catalog show` prints it */
	COL_COUNT
};
#define COL_EXPORTED COL_EVIDENCE

static const char *const s_columns[COL_COUNT] = {"gtin", "name", "brand", "made_in",
    "brand_country", "ocop", "ocop_until", "province", "category", "code", "listed", "origin_kind",
    "source", "confidence", "evidence"};

/* An OCOP list's columns, as the same fields (NULL: not in such a list):
 * the product, its producer, stars, the certifying province, the decision
 * that certified it (the claim's evidence) and the certificate's last day.
 * Every product on it is Vietnamese (made_in VN). */
static const char *const s_ocop_columns[COL_COUNT] = {"gtin", "product", "producer", NULL, NULL,
    "stars", "valid_until", "province", "category", "code", NULL, NULL, NULL, NULL, "decision"};

#define MAX_FIELDS 32   /* more fields than this in a row is a problem */
#define FIELD_MAX  1024 /* a longer field is a problem (and not kept) */

/* The state of one import while libcsv calls back. */
typedef struct {
	hv_catalog_t *cat;
	const hv_csv_hooks_t *hooks;
	hv_csv_result_t *result;
	long line;              /* the line being fed to the parser */
	long row_line;          /* the line where the current row began */
	long row_pending;       /* the line where the next row may begin */
	bool header_done;       /* the header row has been read */
	int ncols;              /* fields in the header */
	int col_of[MAX_FIELDS]; /* header position -> COL_*, or -1 */
	int nfields;            /* fields so far in this row */
	bool too_long;          /* a field of this row was over FIELD_MAX */
	char fields[MAX_FIELDS][FIELD_MAX + 1];
	bool failed; /* the import cannot go on: a database error, or a header too wide */
	hv_source_t source; /* whose claims rows without a source are */
	bool ocop;          /* an OCOP list (s_ocop_columns), not a catalog CSV */
} import_t;

/* Column C's name in the file being read ("ocop" in a catalog, "stars" in
 * an OCOP list). */
static const char *
s_colname(const import_t *im, int c)
{
	const char *name = (im->ocop ? s_ocop_columns : s_columns)[c];
	return name != NULL ? name : s_columns[c];
}

static void s_problem(import_t *im, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
s_problem(import_t *im, long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	im->result->problems++;
	if (im->hooks == NULL || im->hooks->problem == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	im->hooks->problem(im->hooks->arg, line, msg);
}

/* libcsv: one field read. */
static void
s_on_field(void *data, size_t len, void *arg)
{
	import_t *im = arg;

	if (im->nfields == 0)
		im->row_line = im->row_pending;
	if (im->nfields < MAX_FIELDS) {
		if (len > FIELD_MAX) {
			im->too_long = true;
			len = 0;
		}
		memcpy(im->fields[im->nfields], data, len);
		im->fields[im->nfields][len] = '\0';
	}
	im->nfields++;
}

static void
s_trim(char *s)
{
	size_t n = strlen(s), start = 0;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[start]))
		start++;
	memmove(s, s + start, n - start + 1);
}

static void
s_read_header(import_t *im)
{
	bool seen[COL_COUNT] = {false};

	im->header_done = true;
	im->ncols = im->nfields;
	if (im->nfields > MAX_FIELDS) {
		s_problem(im, im->row_line, _("the header has more than %d columns"), MAX_FIELDS);
		im->failed = true; /* its rows cannot be read: col_of holds MAX_FIELDS */
		return;
	}
	for (int i = 0; i < im->nfields; i++) {
		char *name = im->fields[i];
		s_trim(name);
		for (char *c = name; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		im->col_of[i] = -1;
		const char *const *names = im->ocop ? s_ocop_columns : s_columns;
		for (int c = 0; c < COL_COUNT; c++)
			if (names[c] != NULL && strcmp(name, names[c]) == 0)
				im->col_of[i] = c;
		if (im->col_of[i] < 0 && im->ocop) {
			s_problem(im, im->row_line,
			    _("unknown column \"%s\" in the header (expected "
			      "product,gtin,code,producer,stars,province,decision,valid_until,category)"),
			    name);
		} else if (im->col_of[i] < 0) {
			s_problem(im, im->row_line,
			    _("unknown column \"%s\" in the header (expected "
			      "gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,"
			      "category,code,listed,origin_kind,source,confidence,evidence)"),
			    name);
		} else if (seen[im->col_of[i]]) {
			s_problem(
			    im, im->row_line, _("column \"%s\" appears twice in the header"), name);
		} else {
			seen[im->col_of[i]] = true;
		}
	}
	if (im->ocop && ((!seen[COL_GTIN] && !seen[COL_CODE]) || !seen[COL_OCOP] ||
	                    !seen[COL_PROVINCE] || !seen[COL_OCOP_UNTIL]))
		s_problem(im, im->row_line,
		    _("an OCOP list's header must name the columns stars, province, valid_until and "
		      "gtin (or code, or both)"));
	else if (!im->ocop && ((!seen[COL_GTIN] && !seen[COL_CODE]) || !seen[COL_MADE_IN]))
		s_problem(im, im->row_line,
		    _("the header must name the columns made_in and gtin (or code, or both)"));
}

/* Copy a text field into DST, or report it as too long. */
static bool
s_text_field(import_t *im, const char *col, const char *src, char *dst, size_t dstsz)
{
	if (hv_text_copy(dst, dstsz, src) == 0)
		return true;
	s_problem(im, im->row_line, _("%s is longer than %zu bytes"), col, dstsz - 1);
	return false;
}

/* The province field into DST, as the current unit's id: a former one is
 * counted in the result (the import says so once), an unknown one is
 * reported with the nearest ids. */
static bool
s_province_field(import_t *im, const char *src, char *dst, size_t dstsz)
{
	char why[512];
	hv_province_kind_t kind = hv_province_canonical(src, dst, dstsz);

	if (kind == HV_PROVINCE_UNKNOWN) {
		s_problem(im, im->row_line, "province: %s", hv_province_explain(src, kind, why, sizeof why));
		return false;
	}
	if (kind == HV_PROVINCE_FORMER && im->result->former++ == 0) {
		im->result->former_line = im->row_line;
		snprintf(im->result->former_id, sizeof im->result->former_id, "%s", src);
	}
	return true;
}

/* Copy a country code field into DST (3 bytes) in capitals ("vn" is VN);
 * report it unless it is an ISO code, or empty where that is allowed. */
static bool
s_country_field(import_t *im, int col, const char *src, bool required, char *dst)
{
	size_t n = strlen(src);

	if (n == 0 && !required) {
		dst[0] = '\0';
		return true;
	}
	if (n == 2) {
		dst[0] = (char)toupper((unsigned char)src[0]);
		dst[1] = (char)toupper((unsigned char)src[1]);
		dst[2] = '\0';
		if (hv_country_valid(dst))
			return true;
	}
	s_problem(im, im->row_line,
	    _("%s \"%s\" is not an ISO 3166-1 alpha-2 country code (such as VN, TH, CN)"),
	    s_columns[col], src);
	return false;
}

/* The row's key into *P: its GTIN (normalised), or its store code when
 * the gtin field is empty. Reports what is wrong. */
static bool
s_key_fields(import_t *im, const char *gtin, const char *code, hv_product_t *p)
{
	const char *why;
	hv_gtin_t g;

	if (gtin[0] == '\0' && code[0] != '\0') {
		if (strlen(code) > HV_CODE_MAX) {
			s_problem(im, im->row_line, _("code is longer than %d bytes"), HV_CODE_MAX);
			return false;
		}
		strcpy(p->code, code);
		return true; /* the rest is hv_product_problem's */
	}
	if (gtin[0] != '\0' && code[0] != '\0') {
		s_problem(im, im->row_line,
		    _("a row has a gtin or a code (for a product without a GTIN), not both"));
		return false;
	}
	if (hv_gtin_parse(gtin, HV_SYM_ANY, &g, &why) < 0) {
		s_problem(im, im->row_line, _("gtin \"%s\": %s"), gtin, _(why));
		return false;
	}
	strcpy(p->gtin, g.gtin);
	return true;
}

/* The row's origin_kind, source and confidence into *P (empty: made_in,
 * erp, 100); report what is wrong. */
static bool
s_provenance_fields(import_t *im, const char *const *f, hv_product_t *p)
{
	bool ok = true;
	char *end;

	if (hv_origin_kind_parse(f[COL_ORIGIN_KIND], &p->origin_kind) < 0) {
		s_problem(im, im->row_line, _("origin_kind \"%s\" is not one of %s"),
		    f[COL_ORIGIN_KIND], hv_origin_kinds_list());
		ok = false;
	}
	if (f[COL_SOURCE][0] == '\0') {
		p->source = im->source;
	} else if (hv_source_parse(f[COL_SOURCE], &p->source) < 0) {
		s_problem(im, im->row_line, _("source \"%s\" is not one of %s"), f[COL_SOURCE],
		    hv_sources_list());
		ok = false;
	}
	p->confidence = HV_CONFIDENCE_MAX;
	if (f[COL_CONFIDENCE][0] != '\0') {
		long c = strtol(f[COL_CONFIDENCE], &end, 10);
		if (*end != '\0' || c < 0 || c > HV_CONFIDENCE_MAX) {
			s_problem(im, im->row_line, _("confidence \"%s\" is not a number from 0 to 100"),
			    f[COL_CONFIDENCE]);
			ok = false;
		} else {
			p->confidence = (int)c;
		}
	}
	return ok;
}

/* An OCOP list's row: stars, province and the certificate's last day are
 * what it is for; each missing one is reported. */
static bool
s_ocop_fields(import_t *im, const char *const *f)
{
	bool ok = true;
	if (f[COL_OCOP][0] == '\0' || strcmp(f[COL_OCOP], "0") == 0) {
		s_problem(im, im->row_line, "%s", _("stars: an OCOP product has 3, 4 or 5"));
		ok = false;
	}
	if (f[COL_PROVINCE][0] == '\0') {
		s_problem(im, im->row_line, "%s", _("province: the province that certified it is missing"));
		ok = false;
	}
	if (f[COL_OCOP_UNTIL][0] == '\0') {
		s_problem(im, im->row_line, "%s",
		    _("valid_until: the certificate's last day (YYYY-MM-DD) is missing"));
		ok = false;
	}
	return ok;
}

/* Turn the current row's fields into *P; report what is wrong. */
static bool
s_row_product(import_t *im, hv_product_t *p)
{
	const char *f[COL_COUNT] = {NULL};
	const char *why;
	bool ok = true;

	for (int i = 0; i < im->ncols; i++)
		if (im->col_of[i] >= 0)
			f[im->col_of[i]] = im->fields[i];
	for (int c = 0; c < COL_COUNT; c++)
		if (f[c] == NULL)
			f[c] = "";
	memset(p, 0, sizeof *p);

	ok = s_key_fields(im, f[COL_GTIN], f[COL_CODE], p);
	if (im->ocop) {
		f[COL_MADE_IN] = "VN"; /* an OCOP product is a Vietnamese one */
		ok = s_ocop_fields(im, f) && ok;
	}
	ok = s_country_field(im, COL_MADE_IN, f[COL_MADE_IN], true, p->made_in) && ok;
	ok =
	    s_country_field(im, COL_BRAND_COUNTRY, f[COL_BRAND_COUNTRY], false, p->brand_country) &&
	    ok;
	if (strcmp(f[COL_OCOP], "") == 0 || strcmp(f[COL_OCOP], "0") == 0) {
		p->ocop = 0;
	} else if (strlen(f[COL_OCOP]) == 1 && f[COL_OCOP][0] >= '3' && f[COL_OCOP][0] <= '5') {
		p->ocop = f[COL_OCOP][0] - '0';
	} else {
		s_problem(im, im->row_line, _("%s \"%s\" is not 0, 3, 4 or 5 (OCOP stars)"),
		    s_colname(im, COL_OCOP), f[COL_OCOP]);
		ok = false;
	}
	if (f[COL_OCOP_UNTIL][0] != '\0' && hv_date_parse(f[COL_OCOP_UNTIL], &p->ocop_until) < 0) {
		s_problem(im, im->row_line, _("%s \"%s\" is not a date YYYY-MM-DD"),
		    s_colname(im, COL_OCOP_UNTIL), f[COL_OCOP_UNTIL]);
		ok = false;
	}
	ok = s_text_field(im, s_colname(im, COL_NAME), f[COL_NAME], p->name, sizeof p->name) && ok;
	ok = s_text_field(im, s_colname(im, COL_BRAND), f[COL_BRAND], p->brand, sizeof p->brand) && ok;
	ok = s_province_field(im, f[COL_PROVINCE], p->province, sizeof p->province) && ok;
	ok = s_text_field(im, "category", f[COL_CATEGORY], p->category, sizeof p->category) && ok;
	if (strcmp(f[COL_LISTED], "1") == 0) {
		p->listed = 1;
	} else if (f[COL_LISTED][0] != '\0' && strcmp(f[COL_LISTED], "0") != 0) {
		s_problem(im, im->row_line, _("listed \"%s\" is not 0 or 1"), f[COL_LISTED]);
		ok = false;
	}
	ok = s_provenance_fields(im, f, p) && ok;
	if (ok && (why = hv_product_problem(p)) != NULL) {
		s_problem(im, im->row_line, "%s %s: %s", p->gtin[0] ? "gtin" : "code",
		    hv_product_key(p), _(why));
		ok = false;
	}
	return ok;
}

/* libcsv: end of a row. */
static void
s_on_row(int c, void *arg)
{
	import_t *im = arg;
	hv_product_t p;
	long first;
	(void)c;

	im->row_pending = im->line + 1;
	if (im->failed)
		goto next;
	if (!im->header_done) {
		s_read_header(im);
		goto next;
	}
	im->result->rows++;
	if (im->hooks != NULL && im->hooks->progress != NULL && im->result->rows % 65536 == 0)
		im->hooks->progress(im->hooks->arg, im->result->rows);
	if (im->nfields != im->ncols) {
		s_problem(im, im->row_line, _("the row has %d fields, the header has %d"),
		    im->nfields, im->ncols);
		goto next;
	}
	if (im->too_long) {
		s_problem(im, im->row_line, _("a field is longer than %d bytes"), FIELD_MAX);
		goto next;
	}
	if (!s_row_product(im, &p))
		goto next;
	const char *evidence = "";
	for (int i = 0; i < im->ncols; i++)
		if (im->col_of[i] == COL_EVIDENCE)
			evidence = im->fields[i];
	if (!hv_text_is_clean_utf8(evidence, strlen(evidence)) || strlen(evidence) > HV_EVIDENCE_MAX) {
		s_problem(im, im->row_line, _("evidence is longer than %d bytes, or not clean UTF-8"),
		    HV_EVIDENCE_MAX);
		goto next;
	}
	switch (hv_catalog_stage_put(im->cat, &p, evidence, im->row_line, &first)) {
	case 0: break;
	case 1:
		s_problem(im, im->row_line, _("%s %s is already on line %ld"),
		    p.gtin[0] ? "gtin" : "code", hv_product_key(&p), first);
		break;
	default: s_problem(im, 0, "%s", hv_catalog_error(im->cat)); im->failed = true;
	}
next:
	im->nfields = 0;
	im->too_long = false;
}

/* Feed every line of IN to the parser, tracking line numbers. */
static int
s_feed(import_t *im, struct csv_parser *parser, FILE *in)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&buf, &cap, in)) > 0) {
		char *s = buf;
		im->line++;
		if (im->line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
			s += 3; /* a UTF-8 byte order mark, as spreadsheets write */
			n -= 3;
		}
		if (parser->pstate == 0) { /* between rows: a row may start here */
			if (s[0] == '#')
				continue; /* a comment line: a row starting with a code "#..." is quoted */
			im->row_pending = im->line;
		}
		if (csv_parse(parser, s, (size_t)n, s_on_field, s_on_row, im) != (size_t)n) {
			s_problem(im, im->row_pending, _("malformed CSV: %s"),
			    csv_strerror(csv_error(parser)));
			free(buf);
			return -1;
		}
	}
	free(buf);
	if (ferror(in)) {
		s_problem(im, 0, _("reading the file: %s"), strerror(errno));
		return -1;
	}
	if (csv_fini(parser, s_on_field, s_on_row, im) != 0) {
		s_problem(
		    im, im->row_pending, _("malformed CSV: %s"), csv_strerror(csv_error(parser)));
		return -1;
	}
	return 0;
}

/* Import IN as a catalog CSV or (OCOP) an OCOP list. */
static int
s_import(hv_catalog_t *cat, FILE *in, bool replace, hv_source_t source, bool ocop,
    const hv_csv_hooks_t *hooks, hv_csv_result_t *result)
{
	struct csv_parser parser;
	import_t *im = calloc(1, sizeof *im);
	int rc = -1;

	memset(result, 0, sizeof *result);
	if (im == NULL)
		return -1;
	im->cat = cat;
	im->hooks = hooks;
	im->result = result;
	im->row_pending = 1;
	im->source = source;
	im->ocop = ocop;
	if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		free(im);
		return -1;
	}
	if (hv_catalog_stage_begin(cat, replace) < 0) {
		s_problem(im, 0, "%s", hv_catalog_error(cat));
		goto out;
	}
	hv_catalog_stage_source(cat, source);
	if (s_feed(im, &parser, in) == 0 && !im->header_done)
		s_problem(im, 1, "%s", _("the file is empty: it needs at least the header"));
	if (result->problems == 0 && !im->failed) {
		if (hv_catalog_stage_commit(cat) == 0)
			rc = 0;
		else
			s_problem(im, 0, "%s", hv_catalog_error(cat));
	}
out:
	hv_catalog_stage_abort(cat);
	csv_free(&parser);
	free(im);
	return rc;
}

int
hv_catalog_csv_import(hv_catalog_t *cat, FILE *in, bool replace, hv_source_t source,
    const hv_csv_hooks_t *hooks, hv_csv_result_t *result)
{
	return s_import(cat, in, replace, source, false, hooks, result);
}

int
hv_catalog_ocop_import(
    hv_catalog_t *cat, FILE *in, bool replace, const hv_csv_hooks_t *hooks, hv_csv_result_t *result)
{
	return s_import(cat, in, replace, HV_SOURCE_OCOP, true, hooks, result);
}

/* Write one CSV field, quoted only when it must be. */
static void
s_put_field(FILE *out, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' &&
	    (s[0] == '\0' || s[strlen(s) - 1] != ' ')) {
		fputs(s, out);
	} else {
		putc('"', out);
		for (; *s; s++) {
			if (*s == '"')
				putc('"', out);
			putc(*s, out);
		}
		putc('"', out);
	}
	putc(last ? '\n' : ',', out);
}

void
hv_catalog_csv_header(FILE *out)
{
	for (int c = 0; c < COL_EXPORTED; c++)
		s_put_field(out, s_columns[c], c == COL_EXPORTED - 1);
}

int
hv_catalog_csv_row(FILE *out, const hv_product_t *p)
{
	char ocop[2] = {(char)('0' + p->ocop), '\0'};
	char until[11] = "", listed[2] = {(char)('0' + p->listed), '\0'};

	if (p->ocop_until != 0)
		hv_date_format(p->ocop_until, until);
	s_put_field(out, p->gtin, false);
	s_put_field(out, p->name, false);
	s_put_field(out, p->brand, false);
	s_put_field(out, p->made_in, false);
	s_put_field(out, p->brand_country, false);
	s_put_field(out, ocop, false);
	s_put_field(out, until, false);
	s_put_field(out, p->province, false);
	s_put_field(out, p->category, false);
	s_put_field(out, p->code, false);
	s_put_field(out, listed, false);
	if (p->made_in[0] == '\0') /* an origin still to be found: nothing about it */
		fputs(",,\n", out);
	else {
		s_put_field(out, hv_origin_kind_name(p->origin_kind), false);
		s_put_field(out, hv_source_name(p->source), false);
		fprintf(out, "%d\n", p->confidence);
	}
	return ferror(out) ? -1 : 0;
}

static int
s_export_row(const hv_product_t *p, void *arg)
{
	return hv_catalog_csv_row(arg, p);
}

int
hv_catalog_csv_export(hv_catalog_t *cat, FILE *out)
{
	hv_catalog_csv_header(out);
	if (hv_catalog_each(cat, s_export_row, out) != 0)
		return -1;
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
