/*
 * test_state.c -- the state directory: --state, then $HANGVIET_STATE, then
 * $XDG_STATE_HOME/hangviet, then ~/.local/state/hangviet; and mkdir -p.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "state.h"
#include "testutil.h"

static void
resolution_order(void **state)
{
	(void)state;
	char buf[256];

	setenv("HOME", "/home/thu", 1);
	unsetenv("HANGVIET_STATE");
	unsetenv("XDG_STATE_HOME");
	assert_int_equal(hv_state_dir(NULL, buf, sizeof buf), 0);
	assert_string_equal(buf, "/home/thu/.local/state/hangviet");
	setenv("XDG_STATE_HOME", "/xdg", 1);
	assert_int_equal(hv_state_dir(NULL, buf, sizeof buf), 0);
	assert_string_equal(buf, "/xdg/hangviet");
	setenv("HANGVIET_STATE", "/var/lib/hangviet", 1);
	assert_int_equal(hv_state_dir(NULL, buf, sizeof buf), 0);
	assert_string_equal(buf, "/var/lib/hangviet");
	assert_int_equal(hv_state_dir("/srv/store1", buf, sizeof buf), 0);
	assert_string_equal(buf, "/srv/store1");
	assert_int_equal(hv_state_dir("/a/very/long/path", buf, 8), -1);
	unsetenv("HANGVIET_STATE");
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	assert_int_equal(hv_state_dir(NULL, buf, sizeof buf), -1);
}

static void
mkdir_creates_parents(void **state)
{
	(void)state;
	char dir[600], path[700];
	struct stat st;

	snprintf(dir, sizeof dir, "%s", hv_test_mkdtemp());
	snprintf(path, sizeof path, "%s/a/b/c", dir);
	assert_int_equal(hv_state_mkdir(path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(hv_state_mkdir(path), 0); /* already there */
	hv_test_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(resolution_order),
	    cmocka_unit_test(mkdir_creates_parents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
