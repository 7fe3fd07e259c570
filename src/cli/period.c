/*
 * period.c -- the period a report covers and the journal it reads, shared by
 * the commands that read one (report, unknown): see cmd.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "date.h"
#include "log.h"
#include "state.h"

/* Local midnight starting date YMD, in Unix ms. */
static int64_t
s_midnight(int ymd)
{
	struct tm tm = {.tm_year = ymd / 10000 - 1900,
	    .tm_mon = ymd / 100 % 100 - 1,
	    .tm_mday = ymd % 100,
	    .tm_isdst = -1};
	return (int64_t)mktime(&tm) * 1000;
}

/* T: "YYYY-MM-DD" (the day's start, or with END the next day's start: a
 * date given as --to is included) or "YYYY-MM-DD HH:MM" / "...THH:MM" in
 * local time. Returns 0, or -1 when T is neither. */
static int
s_parse_time(const char *t, bool end, int64_t *ms)
{
	char date[11];
	int ymd, hh, mm;

	if (strlen(t) == 10 && hv_date_parse(t, &ymd) == 0) {
		*ms = s_midnight(ymd);
		if (end) {
			time_t next = (time_t)(*ms / 1000) + 36 * 3600; /* within the next day */
			*ms = s_midnight(hv_date_local(next));
		}
		return 0;
	}
	if (strlen(t) != 16 || (t[10] != ' ' && t[10] != 'T') || t[13] != ':')
		return -1;
	memcpy(date, t, 10);
	date[10] = '\0';
	if (hv_date_parse(date, &ymd) < 0 || sscanf(t + 11, "%2d:%2d", &hh, &mm) != 2 || hh > 23 ||
	    mm > 59 || hh < 0 || mm < 0)
		return -1;
	*ms = s_midnight(ymd) + ((int64_t)hh * 60 + mm) * 60000;
	return 0;
}

/* --month YYYY-MM: from its first local midnight to the next month's. */
static int
s_month(const hv_cmd_t *cmd, const char *month, int64_t *from, int64_t *to)
{
	char first[16];
	int ymd;

	snprintf(first, sizeof first, "%.7s-01", month);
	if (strlen(month) != 7 || hv_date_parse(first, &ymd) < 0)
		return hv_cmd_usage_error(cmd, _("--month %s is not a month YYYY-MM"), month);
	int y = ymd / 10000, m = ymd / 100 % 100;
	*from = s_midnight(ymd);
	*to = s_midnight(m == 12 ? (y + 1) * 10000 + 101 : y * 10000 + (m + 1) * 100 + 1);
	return 0;
}

int
hv_cmd_period(const hv_cmd_t *cmd, const hv_cmd_period_t *o, int64_t *from, int64_t *to)
{
	int ymd;
	int given = (o->day[0] != '\0') + (o->month[0] != '\0') +
	            (o->from[0] != '\0' || o->to[0] != '\0');

	if (given > 1)
		return hv_cmd_usage_error(cmd, "%s", _("give --day, --month or --from/--to, not two"));
	if (o->month[0] != '\0')
		return s_month(cmd, o->month, from, to);
	if (o->day[0] != '\0') {
		if (hv_date_parse(o->day, &ymd) < 0)
			return hv_cmd_usage_error(
			    cmd, _("--day %s is not a date YYYY-MM-DD"), o->day);
		return s_parse_time(o->day, false, from) == 0 && s_parse_time(o->day, true, to) == 0
		           ? 0
		           : HV_EXIT_USAGE;
	}
	if (o->from[0] == '\0' && o->to[0] == '\0') { /* today */
		char today[11];
		hv_date_format(hv_date_local(time(NULL)), today);
		s_parse_time(today, false, from);
		s_parse_time(today, true, to);
		return 0;
	}
	if (o->from[0] == '\0' || s_parse_time(o->from, false, from) < 0)
		return hv_cmd_usage_error(cmd, "%s",
		    _("--from needs a time: YYYY-MM-DD or \"YYYY-MM-DD HH:MM\" (local time)"));
	if (o->to[0] == '\0' || s_parse_time(o->to, true, to) < 0)
		return hv_cmd_usage_error(cmd, "%s",
		    _("--to needs a time: YYYY-MM-DD or \"YYYY-MM-DD HH:MM\" (local time)"));
	if (*to <= *from)
		return hv_cmd_usage_error(cmd, "%s", _("--to must be after --from"));
	return 0;
}

hv_journal_t *
hv_cmd_open_journal(const char *state_opt, char *path, size_t size)
{
	char dir[4096], err[1024];
	static const char *const files[] = {"journal.db", "district.db"};

	if (hv_state_dir(state_opt, dir, sizeof dir) < 0) {
		hv_error("%s", _("no state directory: give --state DIR or set HANGVIET_STATE"));
		return NULL;
	}
	for (size_t i = 0; i < 2; i++) {
		if (hv_state_path(dir, files[i], path, size) == 0 && access(path, R_OK) == 0) {
			hv_journal_t *j = hv_journal_open_readonly(path, err, sizeof err);
			if (j == NULL)
				hv_error("%s", err);
			return j;
		}
	}
	hv_error(
	    _("%s holds no journal.db or district.db: is it a hangviet state directory?"), dir);
	return NULL;
}

