/*
 * state.c -- resolving and creating the state directory.
 */
#include "state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int
s_fits(int n, size_t len)
{
	return n >= 0 && (size_t)n < len ? 0 : -1;
}

int
hv_state_dir(const char *explicit_dir, char *buf, size_t len)
{
	const char *env;

	if (explicit_dir != NULL && *explicit_dir != '\0')
		return s_fits(snprintf(buf, len, "%s", explicit_dir), len);
	if ((env = getenv("HANGVIET_STATE")) != NULL && *env != '\0')
		return s_fits(snprintf(buf, len, "%s", env), len);
	if ((env = getenv("XDG_STATE_HOME")) != NULL && *env == '/')
		return s_fits(snprintf(buf, len, "%s/hangviet", env), len);
	if ((env = getenv("HOME")) != NULL && *env != '\0')
		return s_fits(snprintf(buf, len, "%s/.local/state/hangviet", env), len);
	return -1;
}

int
hv_state_path(const char *dir, const char *file, char *buf, size_t len)
{
	return s_fits(snprintf(buf, len, "%s/%s", dir, file), len);
}

int
hv_state_mkdir(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0750) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(path, 0750) < 0 && errno != EEXIST)
		return -1;
	return 0;
}
