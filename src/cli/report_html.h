/*
 * report_html.h -- the report as one self-contained HTML page with SVG
 * charts (no network fetches), readable on a phone.
 */
#ifndef HV_REPORT_HTML_H
#define HV_REPORT_HTML_H

#include <stdio.h>

#include "report.h"
#include "report_format.h"

/* Write R (the period) as HTML in language LANG ("vi" or "en"), with the
 * share-by-hour chart from HOURS (R's period grouped by hour) and the
 * value-by-category chart from CATS (grouped by category). */
void hv_report_write_html(FILE *out, const hv_report_t *r, const hv_report_t *hours,
    const hv_report_t *cats, const hv_report_style_t *s, const char *lang);

#endif
