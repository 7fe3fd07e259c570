/*
 * test_config.c -- one settings table drives defaults, the INI file and the
 * flags: flags beat the file, the file beats the defaults; bad values and
 * unknown keys are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "testutil.h"

typedef struct {
	char config[256];
	char name[16];
	int count;
	int mode;
	int feed_curve;
	char feed_key[32];
	hv_measure_table_t measures;
	char section_seen[64]; /* what the own-section callback took last */
} settings_t;

#define S(f) offsetof(settings_t, f), sizeof(((settings_t *)0)->f)
static const hv_setting_t s_table[] = {
    {"config", HV_SET_FILE, S(config), NULL, 0, 0, NULL, "FILE", "config file", NULL},
    {"name", HV_SET_STR, S(name), "anon", 0, 0, NULL, "NAME", "a name", NULL},
    {"count", HV_SET_INT, S(count), "3", 1, 10, NULL, "N", "a count", NULL},
    {"mode", HV_SET_ENUM, S(mode), "full", 0, 0, "full|normal", "M", "a mode", NULL},
    {"measure", HV_SET_MEASURE, S(measures), NULL, 0, 0, NULL, "PP=L", "layouts", NULL},
    {"feed-curve", HV_SET_BOOL, S(feed_curve), "no", 0, 0, NULL, NULL, "curve", NULL},
    {"feed-server-key", HV_SET_STR, S(feed_key), "", 0, 0, NULL, "F", "key", NULL},
    {"feed-key", HV_SET_ALIAS, 0, 0, "feed-server-key", 0, 0, NULL, NULL, NULL, NULL},
    {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL, NULL, NULL},
};

/* The program's own [peer NAME] sections: take "x", refuse anything else. */
static int
s_peer_section(
    void *settings, const char *section, const char *name, const char *value, const char **why)
{
	settings_t *st = settings;
	if (strncmp(section, "peer ", 5) != 0)
		return 0;
	if (strcmp(name, "x") != 0) {
		*why = "only x";
		return -1;
	}
	snprintf(st->section_seen, sizeof st->section_seen, "%s:%s", section + 5, value);
	return 1;
}

static const hv_config_spec_t s_spec = {"testd", "a test", s_table, s_peer_section, NULL, NULL};

static int
s_load(settings_t *st, int argc, char **argv)
{
	memset(st, 0, sizeof *st);
	return hv_config_load(&s_spec, st, argc, argv);
}

static char s_dir[512]; /* this run's temporary directory */

static int
s_group_setup(void **state)
{
	(void)state;
	snprintf(s_dir, sizeof s_dir, "%s", hv_test_mkdtemp());
	return 0;
}

static int
s_group_teardown(void **state)
{
	(void)state;
	hv_test_rmdir(s_dir);
	return 0;
}

static const char *
s_write(const char *text)
{
	static char path[600];
	snprintf(path, sizeof path, "%s/t.ini", s_dir);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void
defaults_file_then_flags(void **state)
{
	(void)state;
	settings_t st;
	char *none[] = {"testd", NULL};
	assert_int_equal(s_load(&st, 1, none), 0);
	assert_string_equal(st.name, "anon");
	assert_int_equal(st.count, 3);
	assert_int_equal(st.mode, 0);

	const char *path = s_write("name = shop\ncount = 7\n[testd]\nmode = normal\n"
	                           "[other]\nname = ignored\n[measure]\n21 = price PPPPPPVVVVVV\n");
	char *argv[] = {"testd", "--config", (char *)path, "--count", "9", NULL};
	assert_int_equal(s_load(&st, 5, argv), 0);
	assert_string_equal(st.name, "shop");
	assert_int_equal(st.count, 9); /* the flag beats the file */
	assert_int_equal(st.mode, 1);
	assert_int_equal(st.measures.by_prefix[21].kind, HV_MEASURE_PRICE);
}

static void
bad_values_refused(void **state)
{
	(void)state;
	settings_t st;
	char *a1[] = {"testd", "--count", "11", NULL};
	char *a2[] = {"testd", "--count", "2x", NULL};
	char *a3[] = {"testd", "--mode", "fast", NULL};
	char *a4[] = {"testd", "--name", "a-name-far-too-long", NULL};
	char *a5[] = {"testd", "--bogus", NULL};
	char *a6[] = {"testd", "--measure", "21price", NULL};
	char *a7[] = {"testd", "stray", NULL};
	char *a8[] = {"testd", "--count", NULL};
	assert_int_equal(s_load(&st, 3, a1), -1);
	assert_int_equal(s_load(&st, 3, a2), -1);
	assert_int_equal(s_load(&st, 3, a3), -1);
	assert_int_equal(s_load(&st, 3, a4), -1);
	assert_int_equal(s_load(&st, 2, a5), -1);
	assert_int_equal(s_load(&st, 3, a6), -1);
	assert_int_equal(s_load(&st, 2, a7), -1);
	assert_int_equal(s_load(&st, 2, a8), -1);
	const char *path = s_write("nmae = typo\n");
	char *a9[] = {"testd", "--config", (char *)path, NULL};
	assert_int_equal(s_load(&st, 3, a9), -1);
	path = s_write("just words\n");
	char *a10[] = {"testd", "--config", (char *)path, NULL};
	assert_int_equal(s_load(&st, 3, a10), -1);
}

/* [feed] curve = yes is --feed-curve; '_' stands for '-'; a misspelt key
 * in such a section is refused, not ignored; own sections reach the
 * program; other programs' sections are left alone. */
static void
sections_hold_grouped_settings(void **state)
{
	(void)state;
	settings_t st;
	const char *path = s_write("[feed]\ncurve = yes\nserver_key = a.key\n"
	                           "[peer east]\nx = 1\n[otherprog]\nwhatever = 2\n");
	char *argv[] = {"testd", "--config", (char *)path, NULL};
	assert_int_equal(s_load(&st, 3, argv), 0);
	assert_int_equal(st.feed_curve, 1);
	assert_string_equal(st.feed_key, "a.key");
	assert_string_equal(st.section_seen, "east:1");
	char *flags[] = {"testd", "--config", (char *)path, "--feed-server-key", "b.key", NULL};
	assert_int_equal(s_load(&st, 5, flags), 0);
	assert_string_equal(st.feed_key, "b.key"); /* the flag beats the section */

	path = s_write("[feed]\ncurv = yes\n");
	char *typo[] = {"testd", "--config", (char *)path, NULL};
	assert_int_equal(s_load(&st, 3, typo), -1);
	path = s_write("[peer east]\ny = 1\n");
	char *bad[] = {"testd", "--config", (char *)path, NULL};
	assert_int_equal(s_load(&st, 3, bad), -1);
}

static void
help_and_version_stop_early(void **state)
{
	(void)state;
	settings_t st;
	char *h[] = {"testd", "--help", NULL};
	char *v[] = {"testd", "--version", NULL};
	assert_int_equal(s_load(&st, 2, h), 1);
	assert_int_equal(s_load(&st, 2, v), 1);
}

/* One file serves every program: a program without variable measures
 * leaves the store daemon's [measure] section alone. */
static void
measure_section_left_to_the_daemon(void **state)
{
	(void)state;
	static const hv_setting_t table[] = {
	    {"config", HV_SET_FILE, S(config), NULL, 0, 0, NULL, "FILE", "config file", NULL},
	    {"name", HV_SET_STR, S(name), "anon", 0, 0, NULL, "NAME", "a name", NULL},
	    {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL, NULL, NULL},
	};
	const hv_config_spec_t spec = {"otherd", "another", table, NULL, NULL, NULL};
	settings_t st;
	const char *path = s_write("[otherd]\nname = node\n[measure]\n21 = price PPPPPPVVVVVV\n");
	char *argv[] = {"otherd", "--config", (char *)path, NULL};

	memset(&st, 0, sizeof st);
	assert_int_equal(hv_config_load(&spec, &st, 3, argv), 0);
	assert_string_equal(st.name, "node");
}

/* An old name sets the same field on the command line, never in a file;
 * operands are refused unless the program takes them, then left after the
 * options however they were mixed. */
static void
aliases_and_operands(void **state)
{
	(void)state;
	settings_t st;
	char *a1[] = {"testd", "--feed-key", "old.key", NULL};
	memset(&st, 0, sizeof st);
	assert_int_equal(s_load(&st, 3, a1), 0);
	assert_string_equal(st.feed_key, "old.key");

	const char *path = s_write("[feed]\nkey = x.key\n");
	char *a2[] = {"testd", "--config", (char *)path, NULL};
	memset(&st, 0, sizeof st);
	assert_int_equal(s_load(&st, 3, a2), -1);

	char *a3[] = {"testd", "one", "--count", "4", "two", NULL};
	memset(&st, 0, sizeof st);
	assert_int_equal(s_load(&st, 5, a3), -1); /* s_spec takes no operands */

	hv_config_spec_t spec = s_spec;
	spec.operands = "WORD...";
	int first = 0;
	memset(&st, 0, sizeof st);
	assert_int_equal(hv_config_parse(&spec, &st, 5, a3, &first), 0);
	assert_int_equal(st.count, 4);
	assert_int_equal(first, 3);
	assert_string_equal(a3[first], "one");
	assert_string_equal(a3[first + 1], "two");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(defaults_file_then_flags),
	    cmocka_unit_test(bad_values_refused),
	    cmocka_unit_test(sections_hold_grouped_settings),
	    cmocka_unit_test(help_and_version_stop_early),
	    cmocka_unit_test(measure_section_left_to_the_daemon),
	    cmocka_unit_test(aliases_and_operands),
	};
	return cmocka_run_group_tests(tests, s_group_setup, s_group_teardown);
}
