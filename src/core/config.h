/*
 * config.h -- one table of settings drives the config file, the command
 * line, the defaults and --help, so they never disagree (as Redis does).
 *
 * A program describes its settings as an array of hv_setting_t ending with
 * a zeroed entry, each naming a field of the program's own settings struct.
 * The INI file's keys are the long option names, at top level or in any
 * section named after the program ('_' may stand for '-'); a section [X]
 * holds the settings named X-KEY as KEY (so [feed] curve = yes is
 * --feed-curve); the [measure] section holds variable-measure layouts
 * ("21 = price PPPPPPVVVVVV"). Flags beat the file; the file beats the
 * defaults.
 */
#ifndef HV_CONFIG_H
#define HV_CONFIG_H

#include <stddef.h>

#include "measure.h"

typedef enum {
	HV_SET_STR,     /* a string of at most size-1 bytes */
	HV_SET_INT,     /* an int within [min, max] */
	HV_SET_ENUM,    /* one of `choices` ("full|normal"); stored as its index */
	HV_SET_MEASURE, /* PP=SPEC into an hv_measure_table_t; repeatable */
	HV_SET_FILE,    /* the config file itself (--config) */
	HV_SET_BOOL,    /* a flag without a value; yes/no in the file; stored as int */
	HV_SET_PROVINCE, /* a province id (province.h), stored as the current unit's id */
	/* An older name of the setting named by `def`, still taken on the
	 * command line for one release after a rename (--help says so). */
	HV_SET_ALIAS
} hv_setting_type_t;

typedef struct {
	const char *name;       /* long option and INI key; NULL ends the table */
	hv_setting_type_t type; /* how the value is read */
	size_t offset;          /* offsetof the field in the settings struct */
	size_t size;            /* HV_SET_STR: the field's size in bytes */
	const char *def;        /* default value as text; NULL: none */
	long min, max;          /* HV_SET_INT bounds */
	const char *choices;    /* HV_SET_ENUM: "a|b|c" */
	const char *arg;        /* placeholder in --help: "EP", "SECONDS" */
	const char *help;       /* one line for --help, translatable */
	int (*check)(const char *value, const char **why); /* extra check; may be NULL */
} hv_setting_t;

/* What a program tells hv_config_load about itself. */
typedef struct {
	const char *program;          /* "hangvietd" */
	const char *summary;          /* one line for --help, translatable */
	const hv_setting_t *settings; /* the table */
	/* Sections of the program's own (such as [upstream NAME]), or NULL:
	 * takes NAME = VALUE of SECTION; returns 1 when it did, 0 when the
	 * section is not its own (it is left to other programs), -1 with
	 * *WHY (translatable) when the value is wrong. */
	int (*section)(void *settings, const char *section, const char *name, const char *value,
	    const char **why);
	/* What follows the options, for --help ("CODE... | -"), or NULL when
	 * the program takes no operands. */
	const char *operands;
	/* Paragraphs of --help after the summary (translatable), or NULL: one
	 * line of the string a paragraph, filled to the terminal's usual 79
	 * columns when printed; a line that starts with a space is printed as
	 * it is. */
	const char *description;
} hv_config_spec_t;

/* Fill SETTINGS (the program's struct) from defaults, the config file named
 * by --config, and the flags in ARGV. Handles --help and --version itself.
 * Returns 0 to go on, 1 when the program should exit 0 (help or version was
 * printed), or -1 after printing what was wrong (exit 2). */
int hv_config_load(const hv_config_spec_t *spec, void *settings, int argc, char **argv);

/* hv_config_load for a program that takes operands (SPEC->operands): they
 * are left in ARGV from *FIRST (getopt moves them after the options). */
int hv_config_parse(
    const hv_config_spec_t *spec, void *settings, int argc, char **argv, int *first);

/* Print --help for SPEC to stdout. */
void hv_config_help(const hv_config_spec_t *spec);

#endif
