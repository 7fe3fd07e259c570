/*
 * date.c -- strict YYYY-MM-DD dates, and ISO 8601 date-times.
 */
#include "date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int
s_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 ? 28 + leap : days[m - 1];
}

int
hv_date_parse(const char *s, int *ymd)
{
	int y = 0, m = 0, d = 0;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return -1;
	}
	sscanf(s, "%4d-%2d-%2d", &y, &m, &d);
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > s_days_in_month(y, m))
		return -1;
	*ymd = y * 10000 + m * 100 + d;
	return 0;
}

char *
hv_date_format(int ymd, char buf[11])
{
	unsigned y = (unsigned)(ymd / 10000) % 10000u, m = (unsigned)(ymd / 100) % 100u,
	         d = (unsigned)ymd % 100u;
	snprintf(buf, 11, "%04u-%02u-%02u", y, m, d);
	return buf;
}

int
hv_date_local(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

int64_t
hv_date_midnight_ms(int64_t now_ms)
{
	time_t t = (time_t)(now_ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1; /* mktime decides */
	return (int64_t)mktime(&tm) * 1000;
}

int64_t
hv_clock_ms(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
hv_date_parse_iso(const char *s, long long *ms)
{
	struct tm tm = {0};
	const char *p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	long frac = 0, scale = 1000;
	time_t t;

	if (p == NULL)
		return -1;
	if (*p == '.' || *p == ',')
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (scale > 1) {
				scale /= 10;
				frac += (*p - '0') * scale;
			}
	if (*p == '\0') {
		tm.tm_isdst = -1;
		t = mktime(&tm);
	} else if (*p == 'Z' && p[1] == '\0') {
		t = timegm(&tm);
	} else if ((*p == '+' || *p == '-') && strlen(p) >= 5 &&
	           strspn(p + 1, "0123456789:") == strlen(p + 1)) {
		int hh = (p[1] - '0') * 10 + (p[2] - '0');
		const char *m = p[3] == ':' ? p + 4 : p + 3;
		int mm = (m[0] - '0') * 10 + (m[1] - '0');
		if (hh > 14 || mm > 59 || m[2] != '\0')
			return -1;
		t = timegm(&tm) - (*p == '+' ? 1 : -1) * (hh * 3600 + mm * 60);
	} else {
		return -1;
	}
	if (t == (time_t)-1)
		return -1;
	*ms = (long long)t * 1000 + frac;
	return 0;
}

char *
hv_date_format_iso_local(long long ms, char buf[20])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, 20, "%Y-%m-%dT%H:%M:%S", &tm);
	return buf;
}
