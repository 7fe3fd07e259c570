/*
 * cmd_report.c -- `hangviet report`: a store manager's summary of a
 * period, read from journal.db (or a district node's district.db) while
 * the daemon runs.
 */
#include <errno.h>
#include <stddef.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "date.h"
#include "i18n.h"
#include "log.h"
#include "report.h"
#include "report_format.h"
#include "report_html.h"
#include "report_xlsx.h"
#include "state.h"

typedef enum { FMT_TEXT, FMT_CSV, FMT_JSON, FMT_HTML, FMT_XLSX } format_t;

/* The options; an empty string was not given. */
typedef struct {
	char state[4096], output[4096];
	hv_cmd_period_t period;
	int by;     /* hv_report_by_t: none, hour, ..., store, area, chain, ownership, channel */
	int format; /* format_t */
} options_t;

typedef struct {
	hv_report_t r, hours, cats;
	format_t format;
	const char *title;
} output_t;

static void
s_write(FILE *out, const output_t *o)
{
	hv_report_style_t style;
	const char *messages = setlocale(LC_MESSAGES, NULL);

	hv_report_style_init(&style, o->title, out);
	switch (o->format) {
	case FMT_TEXT: hv_report_write_text(out, &o->r, &style); break;
	case FMT_CSV: hv_report_write_csv(out, &o->r); break;
	case FMT_JSON: hv_report_write_json(out, &o->r); break;
	case FMT_HTML:
		style.color = false;
		hv_report_write_html(out, &o->r, &o->hours, &o->cats, &style,
		    messages != NULL && strncmp(messages, "vi", 2) == 0 ? "vi" : "en");
		break;
	case FMT_XLSX: break; /* a workbook is a file: s_xlsx */
	}
}

/* Write the report to PATH whole or not at all: a temporary file renamed
 * over it once complete. */
static int
s_write_file(const char *path, const output_t *o)
{
	char tmp[4200];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	if ((f = fopen(tmp, "w")) == NULL) {
		hv_log_errno(HV_LOG_ERROR, _("cannot write %s"), tmp);
		return HV_EXIT_FAIL;
	}
	s_write(f, o);
	if (fflush(f) != 0 || ferror(f) || fclose(f) != 0 || rename(tmp, path) != 0) {
		hv_log_errno(HV_LOG_ERROR, _("cannot write %s"), path);
		unlink(tmp);
		return HV_EXIT_FAIL;
	}
	return HV_EXIT_OK;
}

#define S(f) offsetof(options_t, f), sizeof(((options_t *)0)->f)
static const hv_setting_t s_settings[] = {
    HV_CMD_STATE_SETTING(options_t, state),
    HV_CMD_PERIOD_SETTINGS(options_t, period),
    {"by", HV_SET_ENUM, S(by), "none", 0, 0,
        "none|hour|day|category|lane|store|area|chain|ownership|channel",
        "none|hour|day|category|lane|store|area|chain|ownership|channel",
        N_("one group of rows per hour, day, category, lane, store, or what the stores' "
           "places say: area, chain, ownership (domestic or foreign), channel"),
        NULL},
    {"format", HV_SET_ENUM, S(format), "text", 0, 0, "text|csv|json|html|xlsx",
        "text|csv|json|html|xlsx",
        N_("how the report is written (xlsx: a workbook with a sheet per grouping)"), NULL},
    {"output", HV_SET_STR, S(output), "", 0, 0, NULL, "FILE",
        N_("write the report to FILE, whole or not at all (default: standard output)"), NULL},
    HV_CMD_SETTINGS_END,
};

static const hv_config_spec_t s_spec = {"hangviet report",
    N_("summarise a period for the store manager"), s_settings, NULL, NULL,
    N_("Reads journal.db (or a district node's district.db) without disturbing the daemon and prints, for the period: items and value by class, the Vietnamese share by items and by value, OCOP and local shares, lines, voids and transactions; per group with --by; the shares of catalog-confirmed and prefix-guessed tags; the top 10 imported products and unknown codes; the average unit price per category.\n"
       "\n"
       "The period is today unless --day or --from/--to say otherwise; T is YYYY-MM-DD (a date given as --to is included) or \"YYYY-MM-DD HH:MM\", in local time.")};

/* Copy the file at PATH to standard output. 0, or -1. */
static int
s_cat(const char *path)
{
	char buf[65536];
	size_t n;
	FILE *f = fopen(path, "rb");
	int rc = f != NULL ? 0 : -1;

	while (rc == 0 && (n = fread(buf, 1, sizeof buf, f)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			rc = -1;
	if (f != NULL && (ferror(f) || fclose(f) != 0))
		rc = -1;
	return rc == 0 && fflush(stdout) == 0 ? 0 : -1;
}

/* The workbook of the report of [FROM, TO) in J: R, and a sheet for R's
 * grouping and for each other one that tells apart two groups or more
 * (a store's own report has no sheet of its one chain). Written to O's
 * --output whole or not at all, else to standard output. */
static int
s_xlsx(const options_t *o, hv_journal_t *j, const output_t *out, int64_t from, int64_t to)
{
	static const hv_report_by_t others[] = {HV_BY_DAY, HV_BY_CATEGORY, HV_BY_LANE, HV_BY_STORE,
	    HV_BY_AREA, HV_BY_CHAIN, HV_BY_OWNERSHIP, HV_BY_CHANNEL};
	hv_report_t groups[1 + sizeof others / sizeof others[0]];
	char tmp[4200], err[1024] = "";
	size_t n = 0;
	int rc = 0;

	if (out->r.by != HV_BY_NONE)
		groups[n++] = out->r; /* borrowed: not cleared here */
	for (size_t i = 0; i < sizeof others / sizeof others[0] && rc == 0; i++) {
		if (others[i] == out->r.by)
			continue;
		rc = hv_report_build(j, from, to, others[i], &groups[n], err, sizeof err);
		if (rc == 0 && groups[n].ngroups < 2)
			hv_report_clear(&groups[n]);
		else if (rc == 0)
			n++;
	}
	if (o->output[0] != '\0')
		snprintf(tmp, sizeof tmp, "%s.tmp%ld", o->output, (long)getpid());
	else
		snprintf(tmp, sizeof tmp, "%s/hangviet-report-%ld.xlsx",
		    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp", (long)getpid());
	if (rc == 0)
		rc = hv_report_write_xlsx(tmp, &out->r, groups, n, out->title, err, sizeof err);
	if (rc == 0 && (o->output[0] != '\0' ? rename(tmp, o->output) : s_cat(tmp)) != 0) {
		snprintf(err, sizeof err, _("cannot write %s: %s"),
		    o->output[0] ? o->output : _("standard output"), strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		hv_error("%s", err);
	unlink(tmp);
	for (size_t i = out->r.by != HV_BY_NONE; i < n; i++)
		hv_report_clear(&groups[i]);
	return rc == 0 ? HV_EXIT_OK : HV_EXIT_FAIL;
}

/* The catalog.db beside the journal at PATH (a store's, or an office's that
 * its stores follow): R's items by origin kind, and, at a store, the
 * products it lists. */
static int
s_catalog_figures(hv_report_t *r, hv_journal_t *j, const char *path, char *err, size_t errlen)
{
	char cat[4200];
	const char *slash = strrchr(path, '/');
	size_t dir = slash != NULL ? (size_t)(slash - path + 1) : 0;

	snprintf(cat, sizeof cat, "%.*scatalog.db", (int)dir, path);
	if (hv_report_kinds(r, j, cat, err, errlen) < 0)
		return -1;
	return strcmp(path + dir, "journal.db") == 0 ? hv_report_listed(r, cat, err, errlen) : 0;
}

/* Build the report of [FROM, TO) from J as O asks, and write it. */
static int
s_report(const options_t *o, hv_journal_t *j, const char *path, int64_t from, int64_t to)
{
	output_t out = {.format = (format_t)o->format, .title = path};
	hv_report_by_t by = (hv_report_by_t)o->by;
	char err[1024];
	int rc;

	if (hv_report_build(j, from, to, by, &out.r, err, sizeof err) < 0 ||
	    s_catalog_figures(&out.r, j, path, err, sizeof err) < 0 ||
	    (o->format == FMT_HTML &&
	        (hv_report_build(j, from, to, HV_BY_HOUR, &out.hours, err, sizeof err) < 0 ||
	            hv_report_build(j, from, to, HV_BY_CATEGORY, &out.cats, err, sizeof err) <
	                0))) {
		hv_error("%s", err);
		rc = HV_EXIT_FAIL;
	} else if (o->format == FMT_XLSX) {
		rc = s_xlsx(o, j, &out, from, to);
	} else if (o->output[0] != '\0') {
		rc = s_write_file(o->output, &out);
	} else {
		s_write(stdout, &out);
		rc = fflush(stdout) == 0 ? HV_EXIT_OK : HV_EXIT_FAIL;
	}
	hv_report_clear(&out.r);
	hv_report_clear(&out.hours);
	hv_report_clear(&out.cats);
	return rc;
}

static int
s_run(void *settings, int argc, char **argv)
{
	const options_t *o = settings;
	char path[4200];
	int64_t from, to;
	int rc;

	if (argc > 0)
		return hv_cmd_usage_error(&hv_cmd_report, _("unexpected argument %s"), argv[0]);
	if ((rc = hv_cmd_period(&hv_cmd_report, &o->period, &from, &to)) != 0)
		return rc;
	hv_journal_t *j = hv_cmd_open_journal(o->state, path, sizeof path);
	if (j == NULL)
		return HV_EXIT_FAIL;
	rc = s_report(o, j, path, from, to);
	hv_journal_destroy(&j);
	return rc;
}

const hv_cmd_t hv_cmd_report = {"report", &s_spec, sizeof(options_t), s_run};
