/*
 * days.h -- the day rows an office keeps beside its windows (district.db's
 * tally_day): for each store, local day, dimension and key, the sum of the
 * windows it holds of that day. Triggers of the office's own connection
 * keep them in step as windows are written and deleted, so that a report
 * of a month at an office of 10,000 stores reads a row per store and day,
 * not one per store and minute. Days are the office's local days (zone.h);
 * a report in another zone reads the windows.
 */
#ifndef HV_DAYS_H
#define HV_DAYS_H

#include <stdint.h>

#include "journal.h"
#include "tally.h"

/* An office: keep J's day rows from now on (its connection's triggers),
 * filled from its windows the first time. 0, or -1 with hv_journal_error. */
int hv_days_keep(hv_journal_t *j);

/* As hv_journal_rows_each over [FROM, TO), in order of start, reading the
 * day rows for the whole local days inside it where J keeps them (START is
 * then the day's), the windows for the rest. */
int hv_days_rows_each(hv_journal_t *j, int64_t from, int64_t to, const char *dim,
    int (*fn)(const char *store, int64_t start, const char *key, const hv_counters_t *c, void *arg),
    void *arg);

#endif
