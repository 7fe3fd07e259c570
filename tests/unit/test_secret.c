/*
 * test_secret.c -- secret files (plugin/secret.h): a 0600 file's first line
 * is the secret, trimmed; a file others may read, an empty one, one that
 * holds more than a secret, or none at all is refused, naming the file and
 * never what it holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "secret.h"
#include "testutil.h"

static void
s_write(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static void
secret_files_are_read_or_refused(void **state)
{
	const char *dir = hv_test_mkdtemp();
	char path[600], buf[64], err[1024];

	(void)state;
	snprintf(path, sizeof path, "%s/s", dir);
	s_write(path, "t0p-s3cret  \r\nsecond line\n", 0600);
	assert_int_equal(hv_secret_read(path, buf, sizeof buf, err, sizeof err), 0);
	assert_string_equal(buf, "t0p-s3cret");
	chmod(path, 0400);
	assert_int_equal(hv_secret_read(path, buf, sizeof buf, err, sizeof err), 0);
	chmod(path, 0640);
	assert_int_equal(hv_secret_read(path, buf, sizeof buf, err, sizeof err), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "0640"));
	assert_null(strstr(err, "s3cret"));
	assert_string_equal(buf, "");
	s_write(path, "\n", 0600);
	assert_int_equal(hv_secret_read(path, buf, sizeof buf, err, sizeof err), -1);
	assert_non_null(strstr(err, "empty"));
	char big[200];
	memset(big, 'k', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	s_write(path, big, 0600);
	assert_int_equal(hv_secret_read(path, buf, sizeof buf, err, sizeof err), -1);
	assert_string_equal(buf, "");
	snprintf(path, sizeof path, "%s/none", dir);
	assert_int_equal(hv_secret_read(path, buf, sizeof buf, err, sizeof err), -1);
	assert_non_null(strstr(err, path));
	hv_test_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(secret_files_are_read_or_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
