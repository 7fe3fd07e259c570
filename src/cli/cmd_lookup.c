/*
 * cmd_lookup.c -- `hangviet lookup`: tag codes as the daemon would, without
 * recording anything.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "date.h"
#include "i18n.h"
#include "json.h"
#include "log.h"
#include "tagger.h"

typedef struct {
	char state[4096];
	char province[64];
	char sym[32];
	int json;
} lookup_opts_t;

static int
s_check_sym(const char *v, const char **why)
{
	hv_sym_t sym;
	if (hv_sym_from_name(v, &sym) == 0)
		return 0;
	*why = N_("not one of ean13, ean8, upca, upce, gs1-128, gs1-datamatrix");
	return -1;
}

#define S(f) offsetof(lookup_opts_t, f), sizeof(((lookup_opts_t *)0)->f)
static const hv_setting_t s_settings[] = {
    HV_CMD_STATE_SETTING(lookup_opts_t, state),
    {"province", HV_SET_PROVINCE, S(province), "", 0, 0, NULL, "ID",
        N_("the store's province, to tell local products"), NULL},
    {"sym", HV_SET_STR, S(sym), "", 0, 0, NULL, "SYM",
        N_("the symbology scanned: ean13, ean8, upca, upce, gs1-128, gs1-datamatrix (an "
           "8-digit code is a GTIN-8 unless upce)"),
        s_check_sym},
    HV_CMD_FORMAT_SETTING(lookup_opts_t, json,
        N_("text, or json: one object per line with the keys of the daemon's reply")),
    HV_CMD_SETTINGS_END,
};

static const hv_config_spec_t s_spec = {"hangviet lookup",
    N_("tag barcodes as the store daemon would, recording nothing"), s_settings, NULL,
    "CODE... | -",
    N_("Each CODE (or each line of standard input for -) is read as a GTIN-8, UPC-A, UPC-E, EAN-13, GTIN-14 or GS1 element string and tagged from the catalog, else from its GS1 prefix. Text output is one line per code:\n"
       "  CODE  CLASS  COUNTRY  BASIS  NAME\n"
       "class is domestic, imported or unknown; basis is catalog, store (in-store code), prefix (GS1 prefix only) or none. A code that is not a GTIN (a store's own code, a mistyped number) is looked up among the catalog's store codes, else it is unknown; either way a note after a tab says why it is no GTIN.\n"
       "\n"
       "Exit status: 0 every code was a GTIN, 1 some code was not (or a failure), 2 wrong command line.")};

typedef struct {
	hv_tagger_t tagger;
	hv_sym_t sym;
	bool json;
	int today;
	long bad; /* codes that were not GTINs */
} lookup_t;

static void
s_print_json(const char *code, const hv_tag_t *tag, bool dup, const char *why)
{
	fputs("{\"code\":", stdout);
	hv_json_string(stdout, code);
	if (why != NULL) {
		fputs(",\"ok\":false,\"err\":\"bad_request\",\"msg\":", stdout);
		hv_json_string(stdout, why);
		fputs("}\n", stdout);
		return;
	}
	printf(",\"ok\":true,\"class\":\"%s\",\"country\":\"%s\",\"basis\":\"%s\",\"ocop\":%d,"
	       "\"local\":%s,\"vn_brand\":%s,\"name\":",
	    hv_class_name(tag->cls), tag->country, hv_basis_name(tag->basis), tag->ocop,
	    tag->local ? "true" : "false", tag->vn_brand ? "true" : "false");
	hv_json_string(stdout, tag->name);
	printf(",\"gtin\":\"%s\",\"dup\":%s", tag->gtin, dup ? "true" : "false");
	if (tag->note[0] != '\0') {
		fputs(",\"note\":", stdout);
		hv_json_string(stdout, tag->note);
	}
	if (tag->measure.kind != HV_MEASURE_NONE)
		printf(",\"measure\":\"%s\",\"value\":%lld,\"decimals\":%d",
		    tag->measure.kind == HV_MEASURE_PRICE ? "price" : "weight",
		    (long long)tag->measure.value, tag->measure.decimals);
	fputs("}\n", stdout);
}

/* One tag as text: CODE CLASS COUNTRY BASIS, then the name, then the note
 * (why the code is not a GTIN) after a tab. */
static void
s_print_text(const char *code, const hv_tag_t *tag, const char *why)
{
	if (why != NULL) {
		printf("%-16s %-8s %s\n", code, "bad_request", why);
		return;
	}
	const char *country = tag->country[0] != '\0' ? tag->country : "-";
	if (tag->name[0] != '\0')
		printf("%-16s %-8s %-2s %-7s %s", code, hv_class_name(tag->cls), country,
		    hv_basis_name(tag->basis), tag->name);
	else
		printf("%-16s %-8s %-2s %s", code, hv_class_name(tag->cls), country,
		    hv_basis_name(tag->basis));
	if (tag->note[0] != '\0')
		printf("\t(%s)", tag->note);
	putchar('\n');
}

void
hv_cmd_print_tag(const char *code, const hv_tag_t *tag, bool dup, const char *why, bool json)
{
	if (json)
		s_print_json(code, tag, dup, why);
	else
		s_print_text(code, tag, why);
}

/* Tag one code; a code that cannot be a code at all (over 48 bytes,
 * control characters) is said so, as the daemon would refuse it. */
static void
s_lookup_one(lookup_t *lk, const char *code)
{
	hv_tag_t tag = {0};

	if (!hv_code_is_valid(code)) {
		lk->bad++;
		hv_cmd_print_tag(code, &tag, false,
		    _("not a code: 1-48 bytes of UTF-8 text, no control characters"), lk->json);
		return;
	}
	hv_tagger_tag(&lk->tagger, code, lk->sym, lk->today, &tag);
	lk->bad += hv_tag_is_not_gtin(&tag);
	hv_cmd_print_tag(code, &tag, false, NULL, lk->json);
}

/* Codes from standard input, one a line; blank lines are skipped. */
static void
s_lookup_stdin(lookup_t *lk)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, stdin)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0)
			s_lookup_one(lk, line);
	}
	free(line);
}

static int
s_run(void *settings, int argc, char **argv)
{
	const lookup_opts_t *o = settings;
	lookup_t lk = {.today = hv_date_local(time(NULL)), .json = o->json};
	char path[4200];

	hv_sym_from_name(o->sym, &lk.sym);
	lk.tagger.province = o->province;
	if (argc == 0)
		return hv_cmd_usage_error(&hv_cmd_lookup, "%s",
		    _("give one or more codes, or - to read them from standard input"));
	if ((lk.tagger.catalog = hv_cmd_open_catalog(o->state, false, path, sizeof path)) == NULL)
		return HV_EXIT_FAIL;
	/* One snapshot for the whole run: much faster; failing it only costs speed. */
	hv_catalog_snapshot_begin(lk.tagger.catalog);
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0)
			s_lookup_stdin(&lk);
		else
			s_lookup_one(&lk, argv[i]);
	}
	hv_catalog_snapshot_end(lk.tagger.catalog);
	hv_catalog_destroy(&lk.tagger.catalog);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		hv_log_errno(HV_LOG_ERROR, "%s", _("cannot write the results"));
		return HV_EXIT_FAIL;
	}
	return lk.bad > 0 ? HV_EXIT_FAIL : HV_EXIT_OK;
}

const hv_cmd_t hv_cmd_lookup = {"lookup", &s_spec, sizeof(lookup_opts_t), s_run};
