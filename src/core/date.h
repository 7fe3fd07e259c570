/*
 * date.h -- calendar dates as the catalog and reports write them
 * (YYYY-MM-DD), held as integers YYYYMMDD so they compare with < and ==;
 * and clocks in milliseconds, as the wire and the timers count.
 */
#ifndef HV_DATE_H
#define HV_DATE_H

#include <stdint.h>
#include <time.h>

/* Parse S as a real calendar date "YYYY-MM-DD" (years 1970-9999) into
 * *YMD. Returns 0, or -1 for anything else ("2026-02-30", "2026-1-5"). */
int hv_date_parse(const char *s, int *ymd);

/* Write YMD as "YYYY-MM-DD" into BUF (11 bytes). Returns BUF. */
char *hv_date_format(int ymd, char buf[11]);

/* The date at time T in the process's local time zone (the store's). */
int hv_date_local(time_t t);

/* The start, in Unix ms, of the local day (the store's) holding NOW_MS. */
int64_t hv_date_midnight_ms(int64_t now_ms);

/* Parse an ISO 8601 date and time, "2026-11-26T09:15:00", with an optional
 * fraction (milliseconds kept) and zone (Z, +07:00, +0700); without a zone
 * it is local time (the process's zone, zone.h). Unix ms into *MS; 0, or
 * -1 for anything else. */
int hv_date_parse_iso(const char *s, long long *ms);

/* Write MS as local time "YYYY-MM-DDTHH:MM:SS" (no fraction, no zone)
 * into BUF (20 bytes). Returns BUF. */
char *hv_date_format_iso_local(long long ms, char buf[20]);

/* CLOCK (CLOCK_REALTIME: Unix time; CLOCK_MONOTONIC: for timers) in ms. */
int64_t hv_clock_ms(clockid_t clock);

#endif
