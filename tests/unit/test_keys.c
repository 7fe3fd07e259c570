/*
 * test_keys.c -- key files: keygen writes a secret (0600) and a public key
 * that belong together, never overwrites, and leaves nothing behind when it
 * fails; the readers take exactly one Z85 key and refuse anything else,
 * and refuse a secret key others may read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

#include "keys.h"
#include "testutil.h"

static char s_dir[512];

static int
s_setup(void **state)
{
	(void)state;
	snprintf(s_dir, sizeof s_dir, "%s", hv_test_mkdtemp());
	return 0;
}

static int
s_teardown(void **state)
{
	(void)state;
	hv_test_rmdir(s_dir);
	return 0;
}

static const char *
s_path(const char *file)
{
	static char path[4][700];
	static int i;
	i = (i + 1) % 4;
	snprintf(path[i], sizeof path[i], "%s/%s", s_dir, file);
	return path[i];
}

static void
s_write(const char *file, const char *text, mode_t mode)
{
	FILE *f = fopen(s_path(file), "w");
	fputs(text, f);
	fclose(f);
	chmod(s_path(file), mode);
}

static void
generate_then_read(void **state)
{
	(void)state;
	char err[512], pub[HV_KEY_Z85 + 1], derived[HV_KEY_Z85 + 1];
	hv_keypair_t kp;
	struct stat st;

	assert_int_equal(hv_keys_generate(s_path("node"), err, sizeof err), 0);
	assert_int_equal(stat(s_path("node.key"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(s_path("node.pub"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(hv_keys_read_secret(s_path("node.key"), &kp, err, sizeof err), 0);
	assert_int_equal(hv_keys_read_public(s_path("node.pub"), pub, err, sizeof err), 0);
	assert_string_equal(kp.pub, pub);
	assert_int_equal(zmq_curve_public(derived, kp.sec), 0); /* libzmq agrees */
	assert_string_equal(derived, pub);
	assert_string_not_equal(kp.sec, pub);

	/* Never overwritten: both files stay as they were. */
	assert_int_equal(hv_keys_generate(s_path("node"), err, sizeof err), -1);
	assert_non_null(strstr(err, "already exists"));
	hv_keypair_t again;
	assert_int_equal(hv_keys_read_secret(s_path("node.key"), &again, err, sizeof err), 0);
	assert_string_equal(again.sec, kp.sec);

	/* A .pub in the way: no .key is left behind. */
	s_write("lone.pub", "x\n", 0644);
	assert_int_equal(hv_keys_generate(s_path("lone"), err, sizeof err), -1);
	assert_int_equal(access(s_path("lone.key"), F_OK), -1);
	assert_int_equal(hv_keys_generate(s_path("no/such/dir/k"), err, sizeof err), -1);
}

static void
bad_files_refused(void **state)
{
	(void)state;
	char err[512], pub[HV_KEY_Z85 + 1];
	hv_keypair_t kp;
	char two[200];

	assert_int_equal(hv_keys_read_public(s_path("missing.pub"), pub, err, sizeof err), -1);
	assert_non_null(strstr(err, "missing.pub"));
	s_write("empty.pub", "# only a comment\n\n", 0644);
	assert_int_equal(hv_keys_read_public(s_path("empty.pub"), pub, err, sizeof err), -1);
	s_write("short.pub", "abc\n", 0644);
	assert_int_equal(hv_keys_read_public(s_path("short.pub"), pub, err, sizeof err), -1);
	/* 40 characters, one not in Z85's alphabet */
	s_write("alpha.pub", "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf~\n", 0644);
	assert_int_equal(hv_keys_read_public(s_path("alpha.pub"), pub, err, sizeof err), -1);
	snprintf(two, sizeof two, "%s\n%s\n", "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7",
	    "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7");
	s_write("two.pub", two, 0644);
	assert_int_equal(hv_keys_read_public(s_path("two.pub"), pub, err, sizeof err), -1);
	s_write("ok.pub", "# a comment\n  rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7 \r\n", 0644);
	assert_int_equal(hv_keys_read_public(s_path("ok.pub"), pub, err, sizeof err), 0);
	assert_string_equal(pub, "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7");

	/* A secret key anyone may read is refused, and not quoted. */
	s_write("open.key", "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6\n", 0644);
	assert_int_equal(hv_keys_read_secret(s_path("open.key"), &kp, err, sizeof err), -1);
	assert_non_null(strstr(err, "chmod 600"));
	assert_null(strstr(err, "JTKVSB"));
	chmod(s_path("open.key"), 0600);
	assert_int_equal(hv_keys_read_secret(s_path("open.key"), &kp, err, sizeof err), 0);
	/* The libzmq test vector: this secret key's public key. */
	assert_string_equal(kp.pub, "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(generate_then_read),
	    cmocka_unit_test(bad_files_refused),
	};
	return cmocka_run_group_tests(tests, s_setup, s_teardown);
}
