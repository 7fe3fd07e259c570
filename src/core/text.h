/*
 * text.h -- small checks and copies on strings from the outside world.
 */
#ifndef HV_TEXT_H
#define HV_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Whether the N bytes at S are well-formed UTF-8 with no NUL and no
 * control characters other than tab (what a name or label may hold). */
bool hv_text_is_clean_utf8(const char *s, size_t n);

/* The columns STR takes on a terminal (not its bytes, not its code
 * points): combining marks take none, East Asian wide characters two. A
 * byte that is not UTF-8 counts as one. */
int hv_text_width(const char *str);

/* How many bytes of STR fit in COLS columns, cut at a character boundary
 * (a combining mark stays with its letter). */
size_t hv_text_fit(const char *str, int cols);

/* STR on OUT in WIDTH display columns: left-aligned (RIGHT false) or
 * right-aligned, cut with "…" when wider. What every aligned text uses. */
void hv_text_pad(FILE *out, const char *str, int width, bool right);

/* Copy SRC into DST of size DSTSZ. Returns 0, or -1 (DST then holds "")
 * when SRC does not fit. */
int hv_text_copy(char *dst, size_t dstsz, const char *src);

/* The slug of SRC into DST (DSTSZ bytes): letters without their
 * diacritics (Latin-1 and Vietnamese ones; Đ as d) in lower case, digits,
 * and each run of anything else one '-', none at either end: "Việt Nam"
 * is "viet-nam", "Côte d'Ivoire" "cote-d-ivoire". Returns 0, or -1 (DST
 * then holds "") when it does not fit. */
int hv_text_slug(const char *src, char *dst, size_t dstsz);

#endif
