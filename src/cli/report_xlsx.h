/*
 * report_xlsx.h -- the report as an Excel workbook (libxlsxwriter), the way
 * offices work: a sheet of the period's totals, one sheet per grouping, the
 * product sheets when the state holds products, and a sheet that defines
 * every figure. Numbers are numbers, shares are percentages; headers and
 * definitions are in the reader's language (gettext).
 */
#ifndef HV_REPORT_XLSX_H
#define HV_REPORT_XLSX_H

#include <stddef.h>

#include "report.h"

/* Write to PATH the workbook of R (its totals, and its products when it has
 * them) with one sheet for each of the N reports GROUPS (the same period,
 * each grouped otherwise); TITLE says what the report is of. Returns 0, or
 * -1 with a message in ERR. */
int hv_report_write_xlsx(const char *path, const hv_report_t *r, const hv_report_t *groups,
    size_t n, const char *title, char *err, size_t errlen);

#endif
