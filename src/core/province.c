/*
 * province.c -- province ids through the 2025 merger (see province.h).
 */
#include "province.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"

const hv_province_t *
hv_province_find(const char *id)
{
	size_t lo = 0, hi = hv_province_table_len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcasecmp(id, hv_province_table[mid].id);
		if (c == 0)
			return &hv_province_table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const hv_province_t *
hv_province_current(const hv_province_t *p)
{
	return &hv_province_table[p->current];
}

hv_province_kind_t
hv_province_canonical(const char *id, char *out, size_t size)
{
	if (id[0] == '\0') {
		out[0] = '\0';
		return HV_PROVINCE_NONE;
	}
	const hv_province_t *p = hv_province_find(id);
	if (p == NULL) {
		if (size > 0)
			out[0] = '\0';
		return HV_PROVINCE_UNKNOWN;
	}
	const hv_province_t *now = hv_province_current(p);
	snprintf(out, size, "%s", now->id);
	return now == p ? HV_PROVINCE_CURRENT : HV_PROVINCE_FORMER;
}

hv_province_kind_t
hv_province_normalise(char *id, size_t size)
{
	char now[64];
	hv_province_kind_t kind = hv_province_canonical(id, now, sizeof now);

	if (kind == HV_PROVINCE_FORMER || kind == HV_PROVINCE_CURRENT)
		snprintf(id, size, "%s", now);
	return kind;
}

/* Edits (insert, delete, replace a letter) that turn A into B; A and B are
 * short (ids of at most 63 letters, longer ones count as far). */
static size_t
s_distance(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), row[64];

	if (na > 63 || nb > 63)
		return 64;
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t best = diag + ((a[i - 1] | 0x20) != (b[j - 1] | 0x20));
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (up + 1 < best)
				best = up + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[nb];
}

/* The three ids nearest ID, nearest first (ties in table order), into BUF:
 * "bac-kan, bac-ninh, ca-mau". */
static void
s_nearest(const char *id, char *buf, size_t size)
{
	size_t best[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX}, dist[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};

	for (size_t i = 0; i < hv_province_table_len; i++) {
		size_t d = s_distance(id, hv_province_table[i].id);
		for (int k = 0; k < 3; k++) {
			if (d < dist[k]) {
				for (int m = 2; m > k; m--) {
					dist[m] = dist[m - 1];
					best[m] = best[m - 1];
				}
				dist[k] = d;
				best[k] = i;
				break;
			}
		}
	}
	snprintf(buf, size, "%s, %s, %s", hv_province_table[best[0]].id,
	    hv_province_table[best[1]].id, hv_province_table[best[2]].id);
}

char *
hv_province_explain(const char *id, hv_province_kind_t kind, char *buf, size_t size)
{
	const hv_province_t *p = hv_province_find(id);
	char near[200];

	switch (kind) {
	case HV_PROVINCE_FORMER:
		snprintf(buf, size, _("\"%s\" (%s) is a former province: read as %s (%s), which it has "
		                      "been part of since %s"),
		    id, p->name, hv_province_current(p)->id, hv_province_current(p)->name, p->since);
		break;
	case HV_PROVINCE_UNKNOWN:
		s_nearest(id, near, sizeof near);
		snprintf(buf, size, _("no province has the id \"%s\" (the nearest are %s; the ids are "
		                      "listed in hangviet.conf(5))"),
		    id, near);
		break;
	default: snprintf(buf, size, "%s", id); break;
	}
	return buf;
}

bool
hv_province_same(const char *a, const char *b)
{
	const hv_province_t *pa = a[0] != '\0' ? hv_province_find(a) : NULL;
	const hv_province_t *pb = pa != NULL && b[0] != '\0' ? hv_province_find(b) : NULL;

	return pb != NULL && pa->current == pb->current;
}

const char *
hv_province_name(const char *id)
{
	const hv_province_t *p = id[0] != '\0' ? hv_province_find(id) : NULL;

	return p != NULL ? p->name : id;
}
