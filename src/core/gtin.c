/*
 * gtin.c -- scanned string to validated, normalised GTIN.
 */
#include "gtin.h"

#include <string.h>

#include "i18n.h"
#include "text.h"

#define GS '\x1d' /* FNC1 as a scanner transmits it inside element strings */

static const struct {
	const char *name;
	hv_sym_t sym;
} s_sym_names[] = {
    {"ean13", HV_SYM_EAN13},
    {"ean8", HV_SYM_EAN8},
    {"upca", HV_SYM_UPCA},
    {"upce", HV_SYM_UPCE},
    {"gs1-128", HV_SYM_GS1_128},
    {"gs1-datamatrix", HV_SYM_GS1_DATAMATRIX},
};

bool
hv_code_is_valid(const char *code)
{
	char text[HV_CODE_MAX + 1];
	size_t n = code != NULL ? strlen(code) : 0;

	if (n == 0 || n > HV_CODE_MAX)
		return false;
	for (size_t i = 0; i <= n; i++) /* FNC1 is no control character here */
		text[i] = code[i] == GS ? ' ' : code[i] == '\t' ? '\x01' : code[i];
	return hv_text_is_clean_utf8(text, n);
}

int
hv_sym_from_name(const char *name, hv_sym_t *sym)
{
	if (name == NULL || *name == '\0') {
		*sym = HV_SYM_ANY;
		return 0;
	}
	for (size_t i = 0; i < sizeof s_sym_names / sizeof s_sym_names[0]; i++) {
		if (strcmp(name, s_sym_names[i].name) == 0) {
			*sym = s_sym_names[i].sym;
			return 0;
		}
	}
	return -1;
}

const char *
hv_sym_name(hv_sym_t sym)
{
	for (size_t i = 0; i < sizeof s_sym_names / sizeof s_sym_names[0]; i++)
		if (s_sym_names[i].sym == sym)
			return s_sym_names[i].name;
	return "";
}

static bool
s_all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

char
hv_gtin_check_digit(const char *digits, size_t n)
{
	int sum = 0;
	/* Weights 3,1,3,1... from the rightmost digit leftwards. */
	for (size_t i = 0; i < n; i++) {
		int d = digits[n - 1 - i] - '0';
		sum += (i % 2 == 0) ? 3 * d : d;
	}
	return (char)('0' + (10 - sum % 10) % 10);
}

/* The GS1 prefix and whether the number is for restricted circulation,
 * from P, the 13 digits after a GTIN-14's indicator digit. */
static void
s_prefix(const char *p, int *prefix, bool *restricted)
{
	bool eight = memcmp(p, "00000", 5) == 0; /* a GTIN-8 in its padded form */
	if (eight)
		p += 5;
	*prefix = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	*restricted = eight
	                  ? p[0] == '0' || p[0] == '2' /* RCN-8 */
	                  : (*prefix >= 20 && *prefix <= 29) || (*prefix >= 40 && *prefix <= 49) ||
	                        (*prefix >= 200 && *prefix <= 299);
}

int
hv_gtin_prefix_of(const char *gtin)
{
	int prefix;
	bool restricted;
	s_prefix(strlen(gtin) == 14 ? gtin + 1 : gtin, &prefix, &restricted);
	return prefix;
}

bool
hv_gtin_is_restricted(const char *gtin)
{
	int prefix;
	bool restricted;
	s_prefix(strlen(gtin) == 14 ? gtin + 1 : gtin, &prefix, &restricted);
	return restricted;
}

/* Expand the 8-digit UPC-E at E into the 12-digit UPC-A at A (12 bytes, not
 * terminated). Returns -1 when the number system is not 0 or 1. */
static int
s_upce_expand(const char *e, char *a)
{
	const char *x = e + 1; /* x[0..5]: the six UPC-E data digits */

	if (e[0] != '0' && e[0] != '1')
		return -1;
	a[0] = e[0];
	switch (x[5]) {
	case '0':
	case '1':
	case '2':
		memcpy(a + 1, (char[]){x[0], x[1], x[5], '0', '0'}, 5);
		memcpy(a + 6, (char[]){'0', '0', x[2], x[3], x[4]}, 5);
		break;
	case '3':
		memcpy(a + 1, (char[]){x[0], x[1], x[2], '0', '0'}, 5);
		memcpy(a + 6, (char[]){'0', '0', '0', x[3], x[4]}, 5);
		break;
	case '4':
		memcpy(a + 1, (char[]){x[0], x[1], x[2], x[3], '0'}, 5);
		memcpy(a + 6, (char[]){'0', '0', '0', '0', x[4]}, 5);
		break;
	default:
		memcpy(a + 1, x, 5);
		memcpy(a + 6, (char[]){'0', '0', '0', '0', x[5]}, 5);
		break;
	}
	a[11] = e[7];
	return 0;
}

/* Length of the value of the AI starting at S when the AI's length is
 * predefined by its first two digits (GS1 General Specifications, figure
 * 5.10.1-2), with the AI's own digits in *AI_LEN; 0 for a variable-length AI,
 * which runs to the next FNC1. */
static size_t
s_ai_fixed_len(const char *s, size_t *ai_len)
{
	int two = (s[0] - '0') * 10 + (s[1] - '0');

	*ai_len = 2;
	if (two == 0)
		return 18;
	if (two >= 1 && two <= 3)
		return 14;
	if (two == 4)
		return 16;
	if (two >= 11 && two <= 19)
		return 6;
	if (two == 20)
		return 2;
	if (two >= 31 && two <= 36) {
		*ai_len = 4;
		return 6;
	}
	if (two == 41) {
		*ai_len = 3;
		return 13;
	}
	return 0;
}

/* Find the 14 digits of AI (01) in the element string S (FNC1-separated,
 * parentheses already removed) and copy them to OUT. Returns 0 or -1. */
static int
s_element_gtin(const char *s, char *out)
{
	while (*s != '\0') {
		size_t ai_len, len;
		if (*s == GS) {
			s++;
			continue;
		}
		if (!s_all_digits(s, 2))
			return -1;
		len = s_ai_fixed_len(s, &ai_len);
		if (strlen(s) < ai_len)
			return -1;
		if (s[0] == '0' && s[1] == '1') {
			if (strlen(s + 2) < 14 || !s_all_digits(s + 2, 14))
				return -1;
			memcpy(out, s + 2, 14);
			return 0;
		}
		if (len > 0) {
			if (strlen(s + ai_len) < len)
				return -1;
			s += ai_len + len;
		} else {
			const char *gs = strchr(s, GS);
			s = gs != NULL ? gs : s + strlen(s);
		}
	}
	return -1;
}

/* Rewrite "(01)0893...(10)ABC" as "010893...<GS>10ABC": the form a scanner
 * sends, so one reader serves both. Returns -1 on unbalanced parentheses. */
static int
s_unparen(const char *s, char *out, size_t outsz)
{
	size_t n = 0;
	bool first = true;

	while (*s != '\0') {
		if (*s == '(') {
			const char *close = strchr(s, ')');
			if (close == NULL || n + (size_t)(close - s) + 2 >= outsz)
				return -1;
			if (!first)
				out[n++] = GS;
			memcpy(out + n, s + 1, (size_t)(close - s - 1));
			n += (size_t)(close - s - 1);
			s = close + 1;
			first = false;
		} else if (*s == ')') {
			return -1;
		} else {
			if (n + 2 >= outsz)
				return -1;
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
	return 0;
}

/* Copy CODE without surrounding white space and without an AIM symbology
 * identifier into BUF; set *GS1 when the identifier says element string. */
static size_t
s_clean(const char *code, char *buf, bool *gs1)
{
	size_t n = strlen(code);

	while (n > 0 && (code[n - 1] == ' ' || code[n - 1] == '\t' || code[n - 1] == '\r' ||
	                    code[n - 1] == '\n'))
		n--;
	while (n > 0 && (*code == ' ' || *code == '\t')) {
		code++;
		n--;
	}
	*gs1 = false;
	if (n >= 3 && code[0] == ']') {
		static const char *const gs1_ids[] = {"C1", "d2", "Q3", "e0", "J1"};
		for (size_t i = 0; i < sizeof gs1_ids / sizeof gs1_ids[0]; i++)
			if (strncmp(code + 1, gs1_ids[i], 2) == 0)
				*gs1 = true;
		code += 3;
		n -= 3;
	}
	memcpy(buf, code, n);
	buf[n] = '\0';
	return n;
}

static int
s_fail(const char **why, const char *reason)
{
	*why = reason;
	return -1;
}

/* Fill OUT from the N valid digits at D (8, 12, 13 or 14 of them). */
static void
s_normalise(const char *d, size_t n, int scanned_len, hv_gtin_t *out)
{
	char g14[15];

	memset(g14, '0', 14 - n);
	memcpy(g14 + 14 - n, d, n);
	g14[14] = '\0';
	const char *g = g14[0] == '0' ? g14 + 1 : g14;
	memcpy(out->gtin, g, (size_t)(g14 + sizeof g14 - g));
	out->scanned_len = scanned_len;
	s_prefix(g14 + 1, &out->prefix, &out->restricted);
}

int
hv_gtin_parse(const char *code, hv_sym_t sym, hv_gtin_t *out, const char **why)
{
	char buf[HV_CODE_MAX + 1], digits[15];
	bool gs1;
	size_t n;

	memset(out, 0, sizeof *out);
	if (code == NULL || *code == '\0')
		return s_fail(why, N_("the code is empty"));
	/* The common case, a bare GTIN-8/12/13/14 (not a UPC-E): what the
	 * general path below makes of it, without copying and scanning it
	 * again (a lane's every scan goes through here). */
	n = strnlen(code, 15);
	if ((n == 12 || n == 13 || n == 14 || (n == 8 && sym != HV_SYM_UPCE)) &&
	    s_all_digits(code, n)) {
		if (hv_gtin_check_digit(code, n - 1) != code[n - 1])
			return s_fail(why, N_("the check digit is wrong"));
		s_normalise(code, n, (int)n, out);
		return 0;
	}
	if (strlen(code) > HV_CODE_MAX)
		return s_fail(why, N_("the code is longer than 48 characters"));
	n = s_clean(code, buf, &gs1);
	if (n == 0)
		return s_fail(why, N_("the code is empty"));

	bool plain = s_all_digits(buf, n) && (n == 8 || n == 12 || n == 13 || n == 14);
	if (strchr(buf, '(') != NULL || strchr(buf, GS) != NULL ||
	    (!plain && (gs1 || sym == HV_SYM_GS1_128 || sym == HV_SYM_GS1_DATAMATRIX ||
	                   (n > 14 && s_all_digits(buf, n) && buf[0] == '0' && buf[1] == '1')))) {
		char flat[HV_CODE_MAX + 1];
		if (s_unparen(buf, flat, sizeof flat) < 0)
			return s_fail(why, N_("the GS1 element string has unbalanced parentheses"));
		if (s_element_gtin(flat, digits) < 0)
			return s_fail(why, N_("the GS1 element string carries no GTIN in AI (01)"));
		if (hv_gtin_check_digit(digits, 13) != digits[13])
			return s_fail(why, N_("the check digit is wrong"));
		s_normalise(digits, 14, 14, out);
		return 0;
	}
	if (!s_all_digits(buf, n))
		return s_fail(why, N_("the code has characters other than digits"));
	if (n == 8 && sym == HV_SYM_UPCE) {
		if (s_upce_expand(buf, digits) < 0)
			return s_fail(why, N_("a UPC-E code must start with 0 or 1"));
		if (hv_gtin_check_digit(digits, 11) != digits[11])
			return s_fail(why, N_("the check digit is wrong"));
		s_normalise(digits, 12, 12, out);
		return 0;
	}
	if (n != 8 && n != 12 && n != 13 && n != 14)
		return s_fail(why, N_("wrong length: a GTIN has 8, 12, 13 or 14 digits"));
	if (hv_gtin_check_digit(buf, n - 1) != buf[n - 1])
		return s_fail(why, N_("the check digit is wrong"));
	s_normalise(buf, n, (int)n, out);
	return 0;
}
