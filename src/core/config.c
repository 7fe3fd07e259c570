/*
 * config.c -- settings from defaults, an INI file (inih) and flags.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoconfig.h"
#include "i18n.h"
#include "province.h"

#define MAX_SETTINGS 64
#define HELP_WIDTH   79 /* columns --help fills its paragraphs to */

/* Where a value came from, for messages. */
typedef struct {
	const char *file; /* config file, or NULL for the command line */
	int line;         /* line in the file (0 when unknown) */
} origin_t;

static void s_complain(const hv_config_spec_t *spec, const origin_t *o, const char *name,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
s_complain(const hv_config_spec_t *spec, const origin_t *o, const char *name, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (o->file != NULL && o->line > 0)
		fprintf(stderr, "%s: %s:%d: %s: %s\n", spec->program, o->file, o->line, name, msg);
	else if (o->file != NULL) /* inih does not say the line */
		fprintf(stderr, "%s: %s: %s: %s\n", spec->program, o->file, name, msg);
	else
		fprintf(stderr, "%s: --%s: %s\n", spec->program, name, msg);
}

/* The setters of each type: 0, or -1 after saying why. FIELD is where
 * the value goes in the settings struct. */
static int
s_set_int(const hv_config_spec_t *spec, const hv_setting_t *s, char *field, const char *value,
    const origin_t *o)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || v < s->min || v > s->max) {
		s_complain(spec, o, s->name, _("\"%s\" is not a whole number from %ld to %ld"), value,
		    s->min, s->max);
		return -1;
	}
	*(int *)field = (int)v;
	return 0;
}

static int
s_set_enum(const hv_config_spec_t *spec, const hv_setting_t *s, char *field, const char *value,
    const origin_t *o)
{
	const char *c = s->choices;
	for (int i = 0; c != NULL && *c != '\0'; i++) {
		size_t n = strcspn(c, "|");
		if (strlen(value) == n && strncmp(value, c, n) == 0) {
			*(int *)field = i;
			return 0;
		}
		c += n + (c[n] == '|');
	}
	s_complain(spec, o, s->name, _("\"%s\" is not one of %s"), value, s->choices);
	return -1;
}

static int
s_set_bool(const hv_config_spec_t *spec, const hv_setting_t *s, char *field, const char *value,
    const origin_t *o)
{
	if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0 || strcmp(value, "1") == 0) {
		*(int *)field = 1;
		return 0;
	}
	if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0 || strcmp(value, "0") == 0) {
		*(int *)field = 0;
		return 0;
	}
	s_complain(spec, o, s->name, _("\"%s\" is not yes or no"), value);
	return -1;
}

static int
s_set_measure(const hv_config_spec_t *spec, const hv_setting_t *s, char *field,
    const char *value, const origin_t *o)
{
	char prefix[3] = "";
	const char *eq = strchr(value, '='), *why = NULL;
	if (eq == NULL || eq - value != 2) {
		s_complain(spec, o, s->name,
		    _("\"%s\" is not PREFIX=LAYOUT, such as 21=price PPPPPPVVVVVV"), value);
		return -1;
	}
	memcpy(prefix, value, 2);
	if (hv_measure_table_set((hv_measure_table_t *)field, prefix, eq + 1, &why) < 0) {
		s_complain(spec, o, s->name, "\"%s\": %s", value, _(why));
		return -1;
	}
	return 0;
}

/* A province id, kept as the current unit's id: a former one is taken with
 * a warning that says what it is read as, an unknown one is refused with
 * the nearest ids. */
static int
s_set_province(const hv_config_spec_t *spec, const hv_setting_t *s, char *field,
    const char *value, const origin_t *o)
{
	char why[512];
	hv_province_kind_t kind = hv_province_canonical(value, field, s->size);

	if (kind == HV_PROVINCE_UNKNOWN) {
		s_complain(spec, o, s->name, "%s", hv_province_explain(value, kind, why, sizeof why));
		return -1;
	}
	if (kind == HV_PROVINCE_FORMER)
		s_complain(spec, o, s->name, _("warning: %s"),
		    hv_province_explain(value, kind, why, sizeof why));
	return 0;
}

/* Set one setting from its text value. Returns 0 or -1 (after saying why). */
static int
s_set(const hv_config_spec_t *spec, const hv_setting_t *s, void *settings, const char *value,
    const origin_t *o)
{
	char *field = (char *)settings + s->offset;
	const char *why = NULL;

	if (s->check != NULL && s->check(value, &why) < 0) {
		s_complain(spec, o, s->name, "\"%s\": %s", value, _(why));
		return -1;
	}
	switch (s->type) {
	case HV_SET_STR:
	case HV_SET_FILE:
		if (strlen(value) >= s->size) {
			s_complain(spec, o, s->name, _("longer than %zu characters"), s->size - 1);
			return -1;
		}
		strcpy(field, value);
		return 0;
	case HV_SET_PROVINCE: return s_set_province(spec, s, field, value, o);
	case HV_SET_INT: return s_set_int(spec, s, field, value, o);
	case HV_SET_ENUM: return s_set_enum(spec, s, field, value, o);
	case HV_SET_BOOL: return s_set_bool(spec, s, field, value, o);
	case HV_SET_MEASURE: return s_set_measure(spec, s, field, value, o);
	case HV_SET_ALIAS: break; /* s_longopts maps an alias to its setting */
	}
	return -1;
}

static const hv_setting_t *
s_find(const hv_config_spec_t *spec, const char *name)
{
	for (const hv_setting_t *s = spec->settings; s->name != NULL; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

/* The INI reader's state. */
typedef struct {
	const hv_config_spec_t *spec;
	void *settings;
	const char *file;
	int failed;
} ini_ctx_t;

/* Whether some setting is named SECTION-...: then [SECTION] holds them. */
static int
s_is_group(const hv_config_spec_t *spec, const char *section)
{
	size_t n = strlen(section);
	for (const hv_setting_t *s = spec->settings; s->name != NULL; s++)
		if (strncmp(s->name, section, n) == 0 && s->name[n] == '-')
			return 1;
	return 0;
}

/* The setting called NAME in SECTION ("" at top level), '_' as '-'. */
static const hv_setting_t *
s_find_in(const hv_config_spec_t *spec, const char *section, const char *name)
{
	char full[128];
	int n = section[0] != '\0' ? snprintf(full, sizeof full, "%s-%s", section, name)
	                           : snprintf(full, sizeof full, "%s", name);
	if (n < 0 || n >= (int)sizeof full)
		return NULL;
	for (char *p = full + (section[0] != '\0' ? strlen(section) + 1 : 0); *p != '\0'; p++)
		if (*p == '_')
			*p = '-';
	return s_find(spec, full);
}

/* A section that is the program's own through spec->section: 1 taken,
 * 0 not its own, -1 failed (said why). */
static int
s_on_own_section(ini_ctx_t *ctx, const char *section, const char *name, const char *value)
{
	const char *why = NULL;
	int rc;

	if (ctx->spec->section == NULL)
		return 0;
	rc = ctx->spec->section(ctx->settings, section, name, value, &why);
	if (rc < 0) {
		fprintf(stderr, "%s: %s: [%s] %s: %s\n", ctx->spec->program, ctx->file, section,
		    name, _(why));
		ctx->failed = 1;
	}
	return rc;
}

static int
s_on_ini(void *user, const char *section, const char *name, const char *value)
{
	ini_ctx_t *ctx = user;
	origin_t o = {ctx->file, 0};
	const hv_setting_t *s;
	char measure[128];
	int own;

	if (strcmp(section, "measure") == 0) {
		if ((s = s_find(ctx->spec, "measure")) == NULL)
			return 1; /* the store daemon's, in a file all the programs read */
		snprintf(measure, sizeof measure, "%s=%s", name, value);
		value = measure;
	} else if (section[0] == '\0' || strcmp(section, ctx->spec->program) == 0) {
		s = s_find_in(ctx->spec, "", name);
	} else if (s_is_group(ctx->spec, section)) {
		s = s_find_in(ctx->spec, section, name);
	} else if ((own = s_on_own_section(ctx, section, name, value)) != 0) {
		return own > 0;
	} else {
		return 1; /* another program's section */
	}
	if (s == NULL || s->type == HV_SET_FILE || s->type == HV_SET_ALIAS) {
		fprintf(stderr, _("%s: %s: unknown setting \"%s\" (see %s --help)\n"),
		    ctx->spec->program, ctx->file, name, ctx->spec->program);
		ctx->failed = 1;
		return 0;
	}
	if (s_set(ctx->spec, s, ctx->settings, value, &o) < 0) {
		ctx->failed = 1;
		return 0;
	}
	return 1;
}

static int
s_load_file(const hv_config_spec_t *spec, void *settings, const char *file)
{
	ini_ctx_t ctx = {spec, settings, file, 0};
	int rc = ini_parse(file, s_on_ini, &ctx);

	if (rc == -1) {
		fprintf(stderr, _("%s: cannot open the config file %s: %s\n"), spec->program, file,
		    strerror(errno));
		return -1;
	}
	if (rc > 0 && !ctx.failed)
		fprintf(stderr, _("%s: %s:%d: not a setting (write name = value)\n"), spec->program,
		    file, rc);
	return rc == 0 && !ctx.failed ? 0 : -1;
}

/* Print TEXT to OUT: each line that starts with a space as it is (a
 * table, a synopsis), every other line a paragraph filled to WIDTH
 * columns (counted in characters: UTF-8 continuation bytes take none), and
 * an empty line after the whole. */
static void
s_print_wrapped(FILE *out, const char *text, int width)
{
	for (const char *line = text; *line != '\0';) {
		size_t len = strcspn(line, "\n");
		if (line[0] == ' ' || len == 0) {
			fprintf(out, "%.*s\n", (int)len, line);
		} else {
			int col = 0;
			for (const char *w = line; w < line + len;) {
				size_t wl = strcspn(w, " \n"), chars = 0;
				for (size_t i = 0; i < wl; i++)
					chars += ((unsigned char)w[i] & 0xc0) != 0x80;
				if (col > 0 && col + 1 + (int)chars > width) {
					fputc('\n', out);
					col = 0;
				} else if (col > 0) {
					fputc(' ', out);
					col++;
				}
				fprintf(out, "%.*s", (int)wl, w);
				col += (int)chars;
				w += wl;
				while (*w == ' ')
					w++;
			}
			fputc('\n', out);
		}
		line += len + (line[len] == '\n');
	}
	fputc('\n', out);
}

void
hv_config_help(const hv_config_spec_t *spec)
{
	printf(_("Usage: %s [OPTIONS]%s%s\n"), spec->program, spec->operands != NULL ? " " : "",
	    spec->operands != NULL ? spec->operands : "");
	s_print_wrapped(stdout, _(spec->summary), HELP_WIDTH);
	if (spec->description != NULL)
		s_print_wrapped(stdout, _(spec->description), HELP_WIDTH);
	printf("%s\n", s_find(spec, "config") != NULL
	                   ? _("Options (also keys of the config file):")
	                   : _("Options:"));
	for (const hv_setting_t *s = spec->settings; s->name != NULL; s++) {
		char left[64];
		if (s->type == HV_SET_ALIAS)
			continue;
		snprintf(left, sizeof left, "--%s %s", s->name,
		    s->arg != NULL && s->type != HV_SET_BOOL ? s->arg : "");
		printf("  %-30s %s", left, _(s->help));
		if (s->def != NULL && s->def[0] != '\0')
			printf(_(" (default: %s)"), s->def);
		for (const hv_setting_t *a = spec->settings; a->name != NULL; a++)
			if (a->type == HV_SET_ALIAS && strcmp(a->def, s->name) == 0)
				printf(_(" (also --%s, its old name, until the next release)"), a->name);
		printf("\n");
	}
	printf("  %-30s %s\n  %-30s %s\n", "--help", _("show this help and exit"), "--version",
	    _("show the version and exit"));
}

/* Build getopt's table from the settings: each one's name, and each of
 * its aliases, stand for its index + 1000. */
static void
s_longopts(const hv_config_spec_t *spec, struct option *opts)
{
	int n = 0;
	for (const hv_setting_t *s = spec->settings; s->name != NULL && n < MAX_SETTINGS; s++, n++) {
		const hv_setting_t *to = s->type == HV_SET_ALIAS ? s_find(spec, s->def) : s;
		opts[n] = (struct option){s->name,
		    to->type == HV_SET_BOOL ? no_argument : required_argument, NULL,
		    1000 + (int)(to - spec->settings)};
	}
	opts[n++] = (struct option){"help", no_argument, NULL, 'h'};
	opts[n++] = (struct option){"version", no_argument, NULL, 'V'};
	opts[n] = (struct option){NULL, 0, NULL, 0};
}

int
hv_config_load(const hv_config_spec_t *spec, void *settings, int argc, char **argv)
{
	return hv_config_parse(spec, settings, argc, argv, NULL);
}

int
hv_config_parse(const hv_config_spec_t *spec, void *settings, int argc, char **argv, int *first)
{
	struct option opts[MAX_SETTINGS + 3];
	const origin_t cmdline = {NULL, 0};
	const char *file = NULL;
	int c;

	for (const hv_setting_t *s = spec->settings; s->name != NULL; s++)
		if (s->type != HV_SET_ALIAS && s->def != NULL &&
		    s_set(spec, s, settings, s->def, &cmdline) < 0)
			return -1; /* a bad default: the programmer's mistake */
	s_longopts(spec, opts);

	/* First pass: --help, --version and --config; errors in the flags. */
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hV", opts, NULL)) != -1) {
		if (c == 'h') {
			hv_config_help(spec);
			return 1;
		}
		if (c == 'V') {
			printf("%s %s\n", spec->program, PACKAGE_VERSION);
			return 1;
		}
		if (c == ':' || c == '?') {
			fprintf(stderr,
			    c == ':' ? _("%s: %s needs a value\n") : _("%s: unknown option %s\n"),
			    spec->program, argv[optind - 1]);
			fprintf(stderr, _("Run '%s --help' for the options.\n"), spec->program);
			return -1;
		}
		if (spec->settings[c - 1000].type == HV_SET_FILE)
			file = optarg;
	}
	if (optind < argc && first == NULL) {
		fprintf(stderr, _("%s: unexpected argument '%s'\n"), spec->program, argv[optind]);
		return -1;
	}
	if (file != NULL && s_load_file(spec, settings, file) < 0)
		return -1;

	/* Second pass: flags beat the file. */
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hV", opts, NULL)) != -1)
		if (c >= 1000 && s_set(spec, &spec->settings[c - 1000], settings,
		                     optarg != NULL ? optarg : "yes", &cmdline) < 0)
			return -1;
	if (first != NULL)
		*first = optind;
	return 0;
}
