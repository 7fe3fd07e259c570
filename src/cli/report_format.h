/*
 * report_format.h -- printing a report (report.h) for people and machines:
 * text (an aligned table for a terminal), CSV and JSON. Labels go through
 * gettext; people's numbers use the locale's separators (1.234.567 ₫ in
 * Vietnamese), machines' numbers never do.
 */
#ifndef HV_REPORT_FORMAT_H
#define HV_REPORT_FORMAT_H

#include <stdbool.h>
#include <stdio.h>

#include "report.h"

typedef struct {
	const char *title; /* the place the report is of, e.g. the state directory */
	int width;         /* terminal columns for text */
	bool color;        /* colour the share bars (a terminal without NO_COLOR) */
	char thousands[8]; /* the locale's digit group separator, "" for none */
	char decimal[8];   /* the locale's decimal point */
} hv_report_style_t;

/* The style of the environment: LC_NUMERIC's separators (English-style
 * "," and "." when the locale has none), COLUMNS or the terminal's width
 * (80 when neither), colour only on a terminal and without NO_COLOR. */
void hv_report_style_init(hv_report_style_t *s, const char *title, FILE *out);

/* N with the style's digit groups (1.234.567), and SHARE as a percentage
 * with one decimal (68,0%), into BUF; both return BUF. */
const char *hv_report_format_number(const hv_report_style_t *s, int64_t n, char *buf, size_t size);
const char *hv_report_format_share(
    const hv_report_style_t *s, double share, char *buf, size_t size);

void hv_report_write_text(FILE *out, const hv_report_t *r, const hv_report_style_t *s);
void hv_report_write_csv(FILE *out, const hv_report_t *r);
void hv_report_write_json(FILE *out, const hv_report_t *r);

#endif
