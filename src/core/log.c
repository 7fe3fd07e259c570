/*
 * log.c -- levelled messages on stderr. Each message is formatted into one
 * buffer and written with a single write(2), so lines from several
 * processes sharing stderr never interleave mid-line.
 */
#include "log.h"

#include "i18n.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *s_progname = "hangviet";
static hv_log_level_t s_level = HV_LOG_INFO;
static int s_stamped;

static const char *const s_level_names[] = {N_("error"), N_("warning"), "info", "debug"};

void
hv_log_init(const char *progname, hv_log_level_t level)
{
	if (progname != NULL) {
		const char *slash = strrchr(progname, '/');
		s_progname = slash != NULL ? slash + 1 : progname;
	}
	s_level = level;
}

void
hv_log_set_stamped(int stamped)
{
	s_stamped = stamped;
}

void
hv_log_v(hv_log_level_t level, int with_errno, const char *fmt, va_list ap)
{
	char line[1024];
	size_t n = 0;
	int saved = errno;

	if (level > s_level)
		return;
	if (s_stamped) {
		struct timespec ts;
		struct tm tm;
		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		n = strftime(line, sizeof line, "%Y-%m-%d %H:%M:%S", &tm);
		n += snprintf(line + n, sizeof line - n, ".%03ld %s %s: ", ts.tv_nsec / 1000000,
		    s_progname, s_level_names[level]);
	} else if (level == HV_LOG_ERROR || level == HV_LOG_WARN) {
		/* A command-line tool's message: the level in the user's language. */
		n = snprintf(
		    line, sizeof line, "%s: %s: ", s_progname, gettext(s_level_names[level]));
	} else {
		n = snprintf(line, sizeof line, "%s: ", s_progname);
	}
	if (n < sizeof line) {
		int m = vsnprintf(line + n, sizeof line - n, fmt, ap);
		n = m < 0 ? n : n + (size_t)m;
	}
	if (with_errno && n < sizeof line)
		n += snprintf(line + n, sizeof line - n, ": %s", strerror(saved));
	if (n > sizeof line - 2)
		n = sizeof line - 2;
	line[n++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, n);
	(void)w;
	errno = saved;
}

void
hv_log(hv_log_level_t level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	hv_log_v(level, 0, fmt, ap);
	va_end(ap);
}

void
hv_log_errno(hv_log_level_t level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	hv_log_v(level, 1, fmt, ap);
	va_end(ap);
}

int
hv_log_limit(hv_log_limit_t *l, int64_t every_ms, int64_t *held)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	int64_t now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;

	if (l->at != 0 && now - l->at < every_ms) {
		l->held++;
		return 0;
	}
	*held = l->held;
	l->at = now;
	l->held = 0;
	return 1;
}
