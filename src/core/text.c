/*
 * text.c -- UTF-8 validation, display widths and bounded copies.
 */
#include "text.h"

#include <stdio.h>
#include <string.h>

/* The code point at S (N bytes left) into *CP; its length in bytes, or 0
 * when S does not start a well-formed one (overlong, surrogate, cut short,
 * past U+10FFFF). */
static size_t
s_decode(const unsigned char *s, size_t n, unsigned int *cp)
{
	unsigned char c = s[0];
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		*cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		*cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		*cp = c & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[k] & 0x3f);
	}
	if ((len == 3 && *cp < 0x800) || (len == 4 && (*cp < 0x10000 || *cp > 0x10ffff)) ||
	    (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

bool
hv_text_is_clean_utf8(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned int cp;

	for (size_t i = 0, len; i < n; i += len) {
		if ((len = s_decode(s + i, n - i, &cp)) == 0)
			return false;
		if ((cp < 0x20 && cp != '\t') || cp == 0x7f)
			return false;
	}
	return true;
}

/* Columns a terminal gives CP: 0 for combining marks and zero-width
 * characters (Vietnamese written decomposed, NFD, puts its tone marks
 * there), 2 for East Asian wide and emoji, else 1. */
static int
s_columns(unsigned int cp)
{
	static const unsigned int zero[][2] = {{0x0300, 0x036f}, {0x0483, 0x0489},
	    {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff}, {0x200b, 0x200f}, {0x20d0, 0x20ff},
	    {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f}, {0xfeff, 0xfeff}};
	static const unsigned int wide[][2] = {{0x1100, 0x115f}, {0x2e80, 0x303e},
	    {0x3041, 0x33ff}, {0x3400, 0x4dbf}, {0x4e00, 0x9fff}, {0xa000, 0xa4cf},
	    {0xac00, 0xd7a3}, {0xf900, 0xfaff}, {0xfe30, 0xfe4f}, {0xff00, 0xff60},
	    {0xffe0, 0xffe6}, {0x1f300, 0x1f64f}, {0x1f900, 0x1f9ff}, {0x20000, 0x3fffd}};

	for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
		if (cp >= zero[i][0] && cp <= zero[i][1])
			return 0;
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}

int
hv_text_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	unsigned int cp;
	int cols = 0;

	for (size_t i = 0, len; i < n; i += len) {
		if ((len = s_decode(s + i, n - i, &cp)) == 0) {
			len = 1; /* a stray byte: one column, as a terminal shows it */
			cols++;
			continue;
		}
		cols += s_columns(cp);
	}
	return cols;
}

size_t
hv_text_fit(const char *str, int cols)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0, len;
	unsigned int cp;
	int used = 0;

	for (; i < n; i += len) {
		int w = (len = s_decode(s + i, n - i, &cp)) == 0 ? 1 : s_columns(cp);
		if (len == 0)
			len = 1;
		if (used + w > cols)
			break;
		used += w;
	}
	return i;
}

void
hv_text_pad(FILE *out, const char *str, int width, bool right)
{
	int pad = width - hv_text_width(str);
	if (pad < 0) {
		fprintf(out, "%.*s…", (int)hv_text_fit(str, width - 1), str);
		return;
	}
	if (right)
		fprintf(out, "%*s%s", pad, "", str);
	else
		fprintf(out, "%s%*s", str, pad, "");
}

int
hv_text_copy(char *dst, size_t dstsz, const char *src)
{
	size_t n = strlen(src);

	if (n >= dstsz) {
		dst[0] = '\0';
		return -1;
	}
	memcpy(dst, src, n + 1);
	return 0;
}

/* The ASCII letter CP is with its diacritics removed, in lower case, or 0
 * when it is not a letter this knows. Latin-1's accented letters (those
 * that decompose: not Æ, Ø, ß, Ð, Þ), Vietnamese's (Ă Â Đ Ê Ô Ơ Ư and the
 * tone-marked ones, U+1EA0..U+1EF9), and Ĩ Ũ. */
static char
s_fold(unsigned int cp)
{
	static const char latin1[] = /* U+00C0..U+00FF, upper and lower alike */
	    "aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0\0"
	    "aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0y";
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ? (char)cp
		       : cp >= 'A' && cp <= 'Z'                             ? (char)(cp - 'A' + 'a')
		                                                           : 0;
	if (cp >= 0xc0 && cp <= 0xff)
		return latin1[cp - 0xc0];
	switch (cp) {
	case 0x102: case 0x103: return 'a';
	case 0x110: case 0x111: return 'd';
	case 0x128: case 0x129: return 'i';
	case 0x168: case 0x169: return 'u';
	case 0x1a0: case 0x1a1: return 'o';
	case 0x1af: case 0x1b0: return 'u';
	}
	if (cp >= 0x1ea0 && cp <= 0x1ef9) /* Vietnamese: vowels by block */
		return cp < 0x1eb8 ? 'a' : cp < 0x1ec8 ? 'e' : cp < 0x1ecc ? 'i' : cp < 0x1ee4 ? 'o'
		       : cp < 0x1ef2                                                   ? 'u'
		                                                                       : 'y';
	return 0;
}

int
hv_text_slug(const char *src, char *dst, size_t dstsz)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t n = strlen(src), out = 0, len;
	bool dash = false;
	unsigned int cp;

	for (size_t i = 0; i < n; i += len) {
		if ((len = s_decode(s + i, n - i, &cp)) == 0)
			len = 1, cp = 0;
		if (cp >= 0x300 && cp <= 0x36f) /* a combining mark: the letter's already in */
			continue;
		char c = s_fold(cp);
		if (c == 0) {
			dash = out > 0;
			continue;
		}
		if (out + (dash ? 2 : 1) >= dstsz) {
			dst[0] = '\0';
			return -1;
		}
		if (dash)
			dst[out++] = '-';
		dst[out++] = c;
		dash = false;
	}
	if (dstsz > 0)
		dst[out] = '\0';
	return dstsz > 0 ? 0 : -1;
}
