/*
 * cmd_catalog.c -- `hangviet catalog import|export|show`: the catalog as
 * CSV, and what each source claims about one product.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "catalog_csv.h"
#include "date.h"
#include "gtin.h"
#include "text.h"
#include "cmd.h"
#include "i18n.h"
#include "province.h"
#include "log.h"
#include "off.h"

#define SHOW_PROBLEMS 50 /* problems printed before "and N more" */

typedef struct {
	char state[4096];
	int merge;
	int source; /* hv_source_t: the choices below are in its order */
} catalog_opts_t;

#define S(f) offsetof(catalog_opts_t, f), sizeof(((catalog_opts_t *)0)->f)
static const hv_setting_t s_settings[] = {
    HV_CMD_STATE_SETTING(catalog_opts_t, state),
    {"merge", HV_SET_BOOL, S(merge), "no", 0, 0, NULL, NULL,
        N_("import: add to the catalog instead of replacing it"), NULL},
    {"source", HV_SET_ENUM, S(source), "erp", 0, 0, "label|erp|supplier|office|ocop|off", "SOURCE",
        N_("import: whose claims the rows are when they do not say (label, erp, supplier, "
           "office, ocop, off); without --merge, the file replaces all that source claims"),
        NULL},
    HV_CMD_SETTINGS_END,
};

static const hv_config_spec_t s_spec = {"hangviet catalog",
    N_("the product catalog: import CSV, OCOP lists or Open Food Facts, export, show a "
       "product's claims"),
    s_settings, NULL,
    "import[-ocop|-off] FILE|export|show CODE",
    N_("import reads a CSV file (- for standard input) whose header names the columns\n"
       "  gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category,\n"
       "  code,listed,origin_kind,source,confidence,evidence\n"
       "(made_in and one of gtin or code are required; lines starting with # are comments). Each row is what its source (label, erp, supplier, office, ocop or off; erp when not given) claims about the product; every claim is kept, and the one of the highest precedence (label > erp > supplier > office > ocop > off, then confidence) says where the product was made. origin_kind says how the label states it: made_in, assembled, or only bottled, mixed, finished, packed or labelled there (in Vietnam: origin unknown). Every row is checked first: if any row is wrong, each problem is shown with its line number and nothing is imported. The file replaces every claim of its sources, or with --merge adds to them and replaces the claims on the same GTIN or code. A running hangvietd reads the new catalog after SIGHUP. export writes the catalog (each product as tagged, with the source that won) to standard output as the same CSV. show prints every claim about one product and which won.\n"
       "\n"
       "import-ocop reads a province's OCOP list as CSV, header\n"
       "  product,gtin,code,producer,stars,province,decision,valid_until,category\n"
       "(gtin or code, stars 3 to 5, the certifying province and the certificate's last day valid_until required): each row is a claim of source ocop that the product is Vietnamese, with its stars, province and decision; checked and imported as import does, and without --merge it replaces all the ocop claims.\n"
       "\n"
       "import-off reads the Open Food Facts JSONL dump (gzip-compressed or not, - for standard input) as it streams by: a product with a valid GTIN whose places of manufacture (manufacturing_places_tags, else manufacturing_places) name exactly one country becomes a claim of source off; where it is sold (countries_tags) and where its ingredients come from (origins) are never read as where it was made. A bad line is counted and skipped. Without --merge the dump replaces all the off claims; claims of other sources stay and win over it.\n"
       "\n"
       "Exit status: 0 done, 1 nothing imported or a failure, 2 wrong command line.")};

/* The import's reporting: problems on stderr, progress on a terminal. */
typedef struct {
	const char *file; /* the file name as given, for messages */
	long shown;       /* problems printed so far */
	bool progress;    /* stderr is a terminal */
	bool progress_shown;
} import_ui_t;

static void
s_clear_progress(import_ui_t *ui)
{
	if (ui->progress_shown)
		fputs("\r\033[K", stderr);
	ui->progress_shown = false;
}

static void
s_on_problem(void *arg, long line, const char *msg)
{
	import_ui_t *ui = arg;

	if (ui->shown++ >= SHOW_PROBLEMS)
		return;
	s_clear_progress(ui);
	if (line > 0)
		fprintf(stderr, "%s:%ld: %s\n", ui->file, line, msg);
	else
		fprintf(stderr, "%s: %s\n", ui->file, msg);
}

static void
s_on_progress(void *arg, long rows)
{
	import_ui_t *ui = arg;

	if (!ui->progress)
		return;
	fputc('\r', stderr);
	fprintf(stderr, _("%s: %ld rows read..."), ui->file, rows);
	ui->progress_shown = true;
}

static int
s_import(const char *state, const char *file, bool merge, hv_source_t source, bool ocop)
{
	char path[4200];
	import_ui_t ui = {.file = file, .progress = isatty(STDERR_FILENO)};
	hv_csv_hooks_t hooks = {s_on_problem, s_on_progress, &ui};
	hv_csv_result_t res;
	hv_catalog_t *cat;
	FILE *in;
	int rc;

	in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	if (in == NULL) {
		hv_log_errno(HV_LOG_ERROR, _("cannot open %s"), file);
		return HV_EXIT_FAIL;
	}
	if ((cat = hv_cmd_open_catalog(state, true, path, sizeof path)) == NULL) {
		if (in != stdin)
			fclose(in);
		return HV_EXIT_FAIL;
	}
	rc = ocop ? hv_catalog_ocop_import(cat, in, !merge, &hooks, &res)
	          : hv_catalog_csv_import(cat, in, !merge, source, &hooks, &res);
	s_clear_progress(&ui);
	if (in != stdin)
		fclose(in);
	if (rc == 0) {
		printf(_("imported %ld products from %s into %s (%lld in the catalog now)\n"),
		    res.rows, file, path, (long long)hv_catalog_count(cat));
		if (res.former > 0) {
			char why[512];
			printf(ngettext("%ld row names a former province, kept as the one it is part of "
			                "now; line %ld: %s\n",
			           "%ld rows name a former province, kept as the one it is part of now; "
			           "the first, line %ld: %s\n",
			           (unsigned long)res.former),
			    res.former, res.former_line,
			    hv_province_explain(res.former_id, HV_PROVINCE_FORMER, why, sizeof why));
		}
	} else {
		if (ui.shown > SHOW_PROBLEMS)
			fprintf(stderr, _("%s: ... and %ld more problems\n"), file,
			    ui.shown - SHOW_PROBLEMS);
		hv_error(_("nothing was imported from %s: fix the problems above and import again"),
		    file);
	}
	hv_catalog_destroy(&cat);
	return rc == 0 ? HV_EXIT_OK : HV_EXIT_FAIL;
}

static int
s_export(const char *state)
{
	char path[4200];
	hv_catalog_t *cat = hv_cmd_open_catalog(state, false, path, sizeof path);
	int rc;

	if (cat == NULL)
		return HV_EXIT_FAIL;
	errno = 0;
	rc = hv_catalog_csv_export(cat, stdout);
	if (rc < 0) {
		if (errno != 0)
			hv_log_errno(HV_LOG_ERROR, "%s", _("cannot write the catalog"));
		else
			hv_error("%s", hv_catalog_error(cat));
	}
	hv_catalog_destroy(&cat);
	return rc == 0 ? HV_EXIT_OK : HV_EXIT_FAIL;
}

/* import-off's progress on a terminal: lines, claims, how far through. */
static void
s_off_progress(void *arg, const hv_off_counts_t *c, long long size)
{
	import_ui_t *ui = arg;
	if (!ui->progress)
		return;
	fputc('\r', stderr);
	if (size > 0)
		fprintf(stderr, _("%s: %ld lines read, %ld products with one country (%d%%)..."),
		    ui->file, c->lines, c->by[HV_OFF_CLAIM], (int)(100 * c->bytes_in / size));
	else
		fprintf(stderr, _("%s: %ld lines read, %ld products with one country..."), ui->file,
		    c->lines, c->by[HV_OFF_CLAIM]);
	ui->progress_shown = true;
}

static int
s_import_off(const char *state, const char *file, bool merge)
{
	char path[4200], err[512];
	import_ui_t ui = {.file = file, .progress = isatty(STDERR_FILENO)};
	hv_off_counts_t c;

	hv_catalog_t *cat = hv_cmd_open_catalog(state, true, path, sizeof path);
	if (cat == NULL)
		return HV_EXIT_FAIL;
	int rc = hv_off_import(cat, file, !merge, s_off_progress, &ui, &c, err, sizeof err);
	s_clear_progress(&ui);
	if (rc < 0) {
		hv_error(_("nothing was imported from %s: %s"), file, err);
	} else {
		printf(_("%s: %ld lines: %ld products imported from Open Food Facts into %s (%lld in "
		         "the catalog now)\n"),
		    file, c.lines, c.by[HV_OFF_CLAIM], path, (long long)hv_catalog_count(cat));
		printf(_("  left out: %ld without a valid GTIN, %ld without a place of manufacture, "
		         "%ld whose places name no country or several, %ld repeated, %ld unreadable\n"),
		    c.by[HV_OFF_NO_GTIN], c.by[HV_OFF_NO_PLACE], c.by[HV_OFF_NOT_ONE], c.repeated,
		    c.by[HV_OFF_UNREADABLE]);
		if (c.first_bad_line > 0)
			hv_warn(_("%s:%ld: the first unreadable line: %s"), file, c.first_bad_line,
			    c.first_bad);
	}
	hv_catalog_destroy(&cat);
	return rc == 0 ? HV_EXIT_OK : HV_EXIT_FAIL;
}

/* `show`: one claim a line, the winner marked. */
static int
s_show_claim(const hv_claim_t *c, void *arg)
{
	int *n = arg;
	char day[11] = "";
	if (c->day != 0)
		hv_date_format(c->day, day);
	fputs(*n == 0 ? "  * " : "    ", stdout);
	hv_text_pad(stdout, hv_source_name(c->p.source), 9, false);
	printf(" %-2s  ", c->p.made_in);
	hv_text_pad(stdout, hv_origin_kind_name(c->p.origin_kind), 10, false);
	printf(" %3d  %-10s%s%s\n", c->p.confidence, day, c->evidence[0] ? "  " : "", c->evidence);
	++*n;
	return 0;
}

static int
s_show(const char *state, const char *code)
{
	char path[4200];
	const char *why, *key = code;
	hv_gtin_t g;
	hv_product_t p;
	int n = 0;

	if (hv_gtin_parse(code, HV_SYM_ANY, &g, &why) == 0)
		key = g.gtin;
	hv_catalog_t *cat = hv_cmd_open_catalog(state, false, path, sizeof path);
	if (cat == NULL)
		return HV_EXIT_FAIL;
	int rc = hv_catalog_lookup(cat, key, &p);
	if (rc <= 0) {
		if (rc < 0)
			hv_error("%s", hv_catalog_error(cat));
		else
			hv_error(_("%s is not in the catalog %s"), key, path);
		hv_catalog_destroy(&cat);
		return HV_EXIT_FAIL;
	}
	printf("%s  %s\n", key, p.name);
	printf(_("  made in %s (%s), as %s says, confidence %d\n"), p.made_in,
	    hv_origin_kind_name(p.origin_kind), hv_source_name(p.source), p.confidence);
	printf("%s\n", _("  claims, the one that won first (source, made in, as, confidence, day, "
	                 "evidence):"));
	if (hv_catalog_claims(cat, key, s_show_claim, &n) < 0)
		hv_error("%s", hv_catalog_error(cat));
	hv_catalog_destroy(&cat);
	return n > 0 ? HV_EXIT_OK : HV_EXIT_FAIL;
}

static int
s_run(void *settings, int argc, char **argv)
{
	const catalog_opts_t *o = settings;

	if (argc == 2 && strcmp(argv[0], "import") == 0)
		return s_import(o->state, argv[1], o->merge, (hv_source_t)o->source, false);
	if (argc == 2 && strcmp(argv[0], "import-ocop") == 0)
		return s_import(o->state, argv[1], o->merge, HV_SOURCE_OCOP, true);
	if (argc == 2 && strcmp(argv[0], "import-off") == 0)
		return s_import_off(o->state, argv[1], o->merge);
	if (argc >= 1 && strcmp(argv[0], "import-off") == 0)
		return hv_cmd_usage_error(&hv_cmd_catalog, "%s",
		    _("import-off takes one Open Food Facts dump (or - for standard input)"));
	if (argc == 1 && strcmp(argv[0], "export") == 0 && !o->merge)
		return s_export(o->state);
	if (argc == 2 && strcmp(argv[0], "show") == 0 && !o->merge)
		return s_show(o->state, argv[1]);
	if (argc >= 1 && strcmp(argv[0], "show") == 0)
		return hv_cmd_usage_error(&hv_cmd_catalog, "%s", _("show takes one code"));
	if (argc >= 1 && (strcmp(argv[0], "import") == 0 || strcmp(argv[0], "import-ocop") == 0))
		return hv_cmd_usage_error(&hv_cmd_catalog, "%s",
		    _("import takes one CSV file (or - for standard input)"));
	if (argc >= 1 && strcmp(argv[0], "export") == 0)
		return hv_cmd_usage_error(&hv_cmd_catalog, "%s",
		    _("export takes no file and no --merge; it writes to standard output"));
	return hv_cmd_usage_error(
	    &hv_cmd_catalog, "%s", _("say import, import-ocop, import-off, export or show"));
}

const hv_cmd_t hv_cmd_catalog = {"catalog", &s_spec, sizeof(catalog_opts_t), s_run};
