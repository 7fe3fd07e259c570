/*
 * cmd_catalog.c -- `hangviet catalog import|export`: the catalog as CSV.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "catalog_csv.h"
#include "cmd.h"
#include "i18n.h"
#include "province.h"
#include "log.h"

#define SHOW_PROBLEMS 50 /* problems printed before "and N more" */

typedef struct {
	char state[4096];
	int merge;
} catalog_opts_t;

#define S(f) offsetof(catalog_opts_t, f), sizeof(((catalog_opts_t *)0)->f)
static const hv_setting_t s_settings[] = {
    HV_CMD_STATE_SETTING(catalog_opts_t, state),
    {"merge", HV_SET_BOOL, S(merge), "no", 0, 0, NULL, NULL,
        N_("import: add to the catalog instead of replacing it"), NULL},
    HV_CMD_SETTINGS_END,
};

static const hv_config_spec_t s_spec = {"hangviet catalog",
    N_("import or export the product catalog as CSV"), s_settings, NULL,
    "import FILE.csv | export",
    N_("import reads a CSV file (- for standard input) whose header names the columns\n"
       "  gtin,name,brand,made_in,brand_country,ocop,ocop_until,province,category,\n"
       "  code,listed\n"
       "(made_in and one of gtin or code are required; lines starting with # are comments). Every row is checked first: if any row is wrong, each problem is shown with its line number and nothing is imported. The file replaces the whole catalog, or with --merge adds to it and replaces rows with the same GTIN or code. A running hangvietd reads the new catalog after SIGHUP. export writes the catalog to standard output as the same CSV.\n"
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
s_import(const char *state, const char *file, bool merge)
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
	rc = hv_catalog_csv_import(cat, in, !merge, &hooks, &res);
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

static int
s_run(void *settings, int argc, char **argv)
{
	const catalog_opts_t *o = settings;

	if (argc == 2 && strcmp(argv[0], "import") == 0)
		return s_import(o->state, argv[1], o->merge);
	if (argc == 1 && strcmp(argv[0], "export") == 0 && !o->merge)
		return s_export(o->state);
	if (argc >= 1 && strcmp(argv[0], "import") == 0)
		return hv_cmd_usage_error(&hv_cmd_catalog, "%s",
		    _("import takes one CSV file (or - for standard input)"));
	if (argc >= 1 && strcmp(argv[0], "export") == 0)
		return hv_cmd_usage_error(&hv_cmd_catalog, "%s",
		    _("export takes no file and no --merge; it writes to standard output"));
	return hv_cmd_usage_error(&hv_cmd_catalog, "%s", _("say import or export"));
}

const hv_cmd_t hv_cmd_catalog = {"catalog", &s_spec, sizeof(catalog_opts_t), s_run};
