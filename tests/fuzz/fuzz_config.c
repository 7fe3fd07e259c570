/*
 * fuzz_config.c -- a config file with any content, read by the settings
 * code every program uses (inih, then each setting's type and checks:
 * strings, bounded integers, choices, yes/no, variable-measure layouts,
 * an endpoint's security section, and a program's own [upstream NAME]
 * sections). The file lives on tmpfs: programs read a file, so does this.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "endpoint.h"
#include "security.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	char config[256];
	char store[33];
	char ingest[256];
	int window;
	int durability;
	int flag;
	hv_bind_security_t feed_sec;
	hv_measure_table_t measures;
	int upstreams;
} settings_t;

#define S(f) offsetof(settings_t, f), sizeof(((settings_t *)0)->f)
static const hv_setting_t s_table[] = {
    {"config", HV_SET_FILE, S(config), NULL, 0, 0, NULL, "FILE", "", NULL},
    {"store", HV_SET_STR, S(store), "x", 0, 0, NULL, "ID", "", NULL},
    {"ingest", HV_SET_STR, S(ingest), "tcp://127.0.0.1:1", 0, 0, NULL, "EP", "",
        hv_endpoint_check},
    {"window", HV_SET_INT, S(window), "60", 1, 86400, NULL, "S", "", NULL},
    {"durability", HV_SET_ENUM, S(durability), "full", 0, 0, "full|normal", "M", "", NULL},
    {"flag", HV_SET_BOOL, S(flag), "no", 0, 0, NULL, NULL, "", NULL},
    HV_BIND_SECURITY_SETTINGS(settings_t, feed_sec, "feed"),
    {"measure", HV_SET_MEASURE, S(measures), NULL, 0, 0, NULL, "PP=L", "", NULL},
    {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL, NULL, NULL},
};

static int
s_section(void *settings, const char *section, const char *name, const char *value,
    const char **why)
{
	settings_t *st = settings;
	if (strncmp(section, "upstream ", 9) != 0)
		return 0;
	if (strcmp(name, "feed") == 0)
		return hv_endpoint_check(value, why) < 0 ? -1 : (st->upstreams++, 1);
	*why = "unknown";
	return -1;
}

static const hv_config_spec_t s_spec = {"fuzzd", "", s_table, s_section, NULL, NULL};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	settings_t st;

	if (path[0] == '\0')
		snprintf(path, sizeof path, "/dev/shm/hv-fuzz-config-%d.ini", (int)getpid());
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	char *argv[] = {"fuzzd", "--config", path, NULL};
	memset(&st, 0, sizeof st);
	hv_config_load(&s_spec, &st, 3, argv);
	return 0;
}
