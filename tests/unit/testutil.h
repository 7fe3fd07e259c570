/*
 * testutil.h -- small helpers the unit tests share: temporary directories
 * and files. Header-only so each test program stays one file.
 */
#ifndef HV_TESTUTIL_H
#define HV_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A fresh directory under $TMPDIR (or /tmp); the path is static storage
 * valid until the next call. Removed by hv_test_rmdir. */
static inline const char *
hv_test_mkdtemp(void)
{
	static char dir[512];
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/hvtest.XXXXXX", tmp != NULL ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
	return dir;
}

/* Remove DIR and everything in it. */
static inline void
hv_test_rmdir(const char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

/* A read-only stream over the string TEXT. */
static inline FILE *
hv_test_stream(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	if (f == NULL) {
		perror("fmemopen");
		abort();
	}
	return f;
}

#endif
