/*
 * date.h -- calendar dates as the catalog and reports write them
 * (YYYY-MM-DD), held as integers YYYYMMDD so they compare with < and ==.
 */
#ifndef HV_DATE_H
#define HV_DATE_H

#include <time.h>

/* Parse S as a real calendar date "YYYY-MM-DD" (years 1970-9999) into
 * *YMD. Returns 0, or -1 for anything else ("2026-02-30", "2026-1-5"). */
int hv_date_parse(const char *s, int *ymd);

/* Write YMD as "YYYY-MM-DD" into BUF (11 bytes). Returns BUF. */
char *hv_date_format(int ymd, char buf[11]);

/* The date at time T in the process's local time zone (the store's). */
int hv_date_local(time_t t);

#endif
