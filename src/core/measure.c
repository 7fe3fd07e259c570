/*
 * measure.c -- layouts of variable-measure codes and what a code says.
 */
#include "measure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gtin.h"
#include "i18n.h"

/* Weighted products of GS1 General Specifications section 7.9.3. */
static const int s_two_minus[10] = {0, 2, 4, 6, 8, 9, 1, 3, 5, 7};
static const int s_three[10] = {0, 3, 6, 9, 2, 5, 8, 1, 4, 7};
static const int s_five_plus[10] = {0, 5, 1, 6, 2, 7, 3, 8, 4, 9};
static const int s_five_minus[10] = {0, 5, 9, 4, 8, 3, 7, 2, 6, 1};

int
hv_measure_check_digit(const char *v, int n)
{
	int d[5];
	for (int i = 0; i < n; i++)
		d[i] = v[i] - '0';
	if (n == 4) {
		int sum =
		    s_two_minus[d[0]] + s_two_minus[d[1]] + s_three[d[2]] + s_five_minus[d[3]];
		return (sum * 3) % 10;
	}
	int sum = s_five_plus[d[0]] + s_two_minus[d[1]] + s_five_minus[d[2]] + s_five_plus[d[3]] +
	          s_two_minus[d[4]];
	int want = (10 - sum % 10) % 10;
	for (int c = 0; c < 10; c++)
		if (s_five_minus[c] == want)
			return c;
	return 0; /* not reached: s_five_minus is a permutation */
}

/* Check a 12-character pattern: P first twice, one run of V, at most one C,
 * and a C only beside a 4- or 5-digit value. */
static const char *
s_pattern_problem(const char *p)
{
	int v = 0, c = 0, runs = 0;

	if (strlen(p) != 12)
		return N_("a variable-measure pattern has exactly 12 characters of P, V and C");
	if (p[0] != 'P' || p[1] != 'P')
		return N_("a variable-measure pattern starts with PP (the prefix)");
	for (int i = 0; i < 12; i++) {
		if (p[i] == 'V') {
			v++;
			if (i == 0 || p[i - 1] != 'V')
				runs++;
		} else if (p[i] == 'C') {
			c++;
		} else if (p[i] != 'P') {
			return N_("a variable-measure pattern has only P, V and C");
		}
	}
	if (v == 0 || runs != 1)
		return N_("a variable-measure pattern has one run of V");
	if (c > 1 || (c == 1 && v != 4 && v != 5))
		return N_("a price check digit C goes with a 4- or 5-digit value only");
	return NULL;
}

int
hv_measure_layout_parse(const char *spec, hv_measure_layout_t *out, const char **why)
{
	char kind[16], pattern[32], extra[8];
	int decimals = 0;
	const char *problem;

	int n = sscanf(spec, "%15s %31s %d %7s", kind, pattern, &decimals, extra);
	if (n < 2 || n > 3) {
		*why = N_("a variable-measure layout is \"price PATTERN\" or \"weight PATTERN "
		          "DECIMALS\"");
		return -1;
	}
	if ((problem = s_pattern_problem(pattern)) != NULL) {
		*why = problem;
		return -1;
	}
	hv_measure_layout_t l = {.decimals = decimals};
	if (strcmp(kind, "price") == 0 && n == 2) {
		l.kind = HV_MEASURE_PRICE;
	} else if (strcmp(kind, "weight") == 0 && n == 3 && decimals >= 0 && decimals <= 6) {
		l.kind = HV_MEASURE_WEIGHT;
	} else {
		*why = N_("a variable-measure layout is \"price PATTERN\" or \"weight PATTERN "
		          "DECIMALS\" (0-6 decimals)");
		return -1;
	}
	memcpy(l.pattern, pattern, 13);
	*out = l;
	return 0;
}

int
hv_measure_table_set(hv_measure_table_t *t, const char *prefix, const char *spec, const char **why)
{
	hv_measure_layout_t l;

	if (strlen(prefix) != 2 || prefix[0] < '0' || prefix[0] > '9' || prefix[1] < '0' ||
	    prefix[1] > '9') {
		*why = N_("a variable-measure prefix is two digits");
		return -1;
	}
	int p = atoi(prefix);
	if (p != 2 && p != 4 && (p < 20 || p > 29)) {
		*why = N_("variable-measure codes use the restricted prefixes 02, 04 and 20-29");
		return -1;
	}
	if (hv_measure_layout_parse(spec, &l, why) < 0)
		return -1;
	t->by_prefix[p] = l;
	return 0;
}

int
hv_measure_decode(
    const hv_measure_table_t *t, const char *gtin13, hv_measure_t *out, const char **why)
{
	char v[13];
	int nv = 0, cpos = -1;

	memset(out, 0, sizeof *out);
	if (t == NULL || strlen(gtin13) != 13)
		return 0;
	const hv_measure_layout_t *l = &t->by_prefix[(gtin13[0] - '0') * 10 + gtin13[1] - '0'];
	if (l->kind == HV_MEASURE_NONE)
		return 0;

	memcpy(out->itemref, gtin13, 14);
	for (int i = 0; i < 12; i++) {
		if (l->pattern[i] == 'V') {
			v[nv++] = gtin13[i];
			out->value = out->value * 10 + (gtin13[i] - '0');
			out->itemref[i] = '0';
		} else if (l->pattern[i] == 'C') {
			cpos = i;
		}
	}
	if (cpos >= 0) {
		if (hv_measure_check_digit(v, nv) != gtin13[cpos] - '0') {
			*why =
			    N_("the price check digit inside the variable-measure code is wrong");
			memset(out, 0, sizeof *out);
			return -1;
		}
		out->itemref[cpos] = (char)('0' + hv_measure_check_digit("00000", nv));
	}
	out->itemref[12] = hv_gtin_check_digit(out->itemref, 12);
	out->kind = l->kind;
	out->decimals = l->decimals;
	return 0;
}
