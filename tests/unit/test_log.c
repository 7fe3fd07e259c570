/*
 * test_log.c -- what people see on stderr: "prog: error: message", the
 * errno text appended on request, levels below the threshold dropped, and
 * time-stamped lines for daemons.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* Run FN with stderr sent to a pipe; return what it wrote. */
static const char *
s_capture(void (*fn)(void))
{
	static char buf[4096];
	int fds[2], saved = dup(STDERR_FILENO);
	assert_int_equal(pipe(fds), 0);
	dup2(fds[1], STDERR_FILENO);
	close(fds[1]);
	fn();
	dup2(saved, STDERR_FILENO);
	close(saved);
	ssize_t n = read(fds[0], buf, sizeof buf - 1);
	close(fds[0]);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static void
s_plain(void)
{
	hv_log_init("/usr/bin/hangviet", HV_LOG_INFO);
	hv_log_set_stamped(0);
	hv_error("catalog %s is broken", "x.db");
	hv_info("imported %d", 3);
	hv_debug("not shown");
	errno = ENOENT;
	hv_log_errno(HV_LOG_WARN, "cannot open %s", "y.csv");
}

static void
plain_lines_name_program_and_level(void **state)
{
	(void)state;
	assert_string_equal(s_capture(s_plain), "hangviet: error: catalog x.db is broken\n"
	                                        "hangviet: imported 3\n"
	                                        "hangviet: warning: cannot open y.csv: "
	                                        "No such file or directory\n");
}

static void
s_stamped(void)
{
	hv_log_init("hangvietd", HV_LOG_DEBUG);
	hv_log_set_stamped(1);
	hv_debug("window %d closed", 7);
}

static void
stamped_lines_carry_time_and_level(void **state)
{
	(void)state;
	const char *out = s_capture(s_stamped);
	int y, mo, d, h, mi, s, ms;
	char rest[128];
	assert_int_equal(sscanf(out, "%4d-%2d-%2d %2d:%2d:%2d.%3d %127[^\n]", &y, &mo, &d, &h, &mi,
	                     &s, &ms, rest),
	    8);
	assert_string_equal(rest, "hangvietd debug: window 7 closed");
}

static void
s_long(void)
{
	char big[3000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	hv_log_init("hangviet", HV_LOG_INFO);
	hv_log_set_stamped(0);
	hv_info("%s", big);
}

static void
long_message_cut_to_one_line(void **state)
{
	(void)state;
	const char *out = s_capture(s_long);
	size_t n = strlen(out);
	assert_in_range(n, 1000, 1024);
	assert_ptr_equal(strchr(out, '\n'), out + n - 1); /* one line, ended */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(plain_lines_name_program_and_level),
	    cmocka_unit_test(stamped_lines_carry_time_and_level),
	    cmocka_unit_test(long_message_cut_to_one_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
