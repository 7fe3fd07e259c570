/*
 * gtin_lines.h -- the GTINs an import has taken so far, each with the line
 * of the file it came from, so a GTIN given twice is named with both
 * lines. Sixteen bytes a GTIN at most twice over: a million-row import
 * holds 32 MB here.
 */
#ifndef HV_GTIN_LINES_H
#define HV_GTIN_LINES_H

typedef struct hv_gtin_lines hv_gtin_lines_t;

/* An empty map, or NULL when out of memory. */
hv_gtin_lines_t *hv_gtin_lines_new(void);
void hv_gtin_lines_destroy(hv_gtin_lines_t **self_p);

/* Take GTIN (a normalised GTIN: 8 to 14 digits) from LINE: 0; 1 when it
 * was taken before, *FIRST_LINE saying from which line (nothing changes);
 * -1 when out of memory or GTIN is not digits. */
int hv_gtin_lines_add(hv_gtin_lines_t *self, const char *gtin, long line, long *first_line);

#endif
