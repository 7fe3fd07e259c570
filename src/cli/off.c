/*
 * off.c -- the Open Food Facts dump read into `off` claims (see off.h).
 * Each line is parsed by json-c; the file is read through zlib, which
 * reads an uncompressed file as it is.
 */
#include "off.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "country.h"
#include "gtin.h"
#include "i18n.h"
#include "text.h"

#define LINE_MAX_BYTES  (16 << 20) /* a longer line is unreadable (and skipped) */
#define PROGRESS_EVERY  65536
#define MAX_PLACES      16 /* places looked at in one product */

/* How sure a claim is, by how plainly the dump says it. */
#define CONF_TAGS        70 /* tags, every one of them the country */
#define CONF_TAGS_MIXED  60 /* tags naming the country and places in it (a city) */
#define CONF_TEXT        50 /* free text, every part the country */
#define CONF_TEXT_MIXED  40 /* free text with other places */

struct hv_off_reader {
	json_tokener *tok;
};

hv_off_reader_t *
hv_off_reader_new(void)
{
	hv_off_reader_t *self = calloc(1, sizeof *self);
	if (self != NULL && (self->tok = json_tokener_new()) == NULL) {
		free(self);
		return NULL;
	}
	return self;
}

void
hv_off_reader_destroy(hv_off_reader_t **self_p)
{
	if (*self_p == NULL)
		return;
	json_tokener_free((*self_p)->tok);
	free(*self_p);
	*self_p = NULL;
}

/* KEY of OBJ as a string, or "" (absent, null, not a string). */
static const char *
s_str(json_object *obj, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

/* Copy SRC into DST (SIZE bytes), cut at a character boundary when longer;
 * "" when it is not clean UTF-8 (a name the catalog could not hold). */
static void
s_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--; /* src[n] starts a character: cut before it */
	}
	if (!hv_text_is_clean_utf8(src, n))
		n = 0;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The places a product gives: what country they name. */
typedef struct {
	const char *country; /* the first country named, NULL for none */
	int countries;       /* 1 when every country named is that one; more when not */
	int others;          /* places that are no country (a city, a region) */
	int given;           /* places given */
} places_t;

static void
s_place(places_t *pl, const char *place)
{
	while (*place == ' ')
		place++;
	if (*place == '\0')
		return;
	pl->given++;
	const char *c = hv_country_by_name(place);
	if (c == NULL)
		pl->others++;
	else if (pl->country == NULL)
		pl->country = c, pl->countries = 1;
	else if (strcmp(pl->country, c) != 0)
		pl->countries++; /* another than the first: not one country, however many */
}

/* The free text's places, split at commas, semicolons and slashes. */
static void
s_text_places(places_t *pl, const char *text)
{
	char part[256];
	for (int k = 0; *text != '\0' && k < MAX_PLACES; k++) {
		size_t n = strcspn(text, ",;/");
		size_t m = n < sizeof part - 1 ? n : sizeof part - 1;
		memcpy(part, text, m);
		part[m] = '\0';
		s_place(pl, part);
		text += n + (text[n] != '\0');
	}
}

/* EVIDENCE: the field's name and what it said. */
static void
s_evidence(char *evidence, const char *field, const char *said)
{
	char buf[2 * (HV_EVIDENCE_MAX + 1)]; /* room for both: s_copy cuts at a character */
	snprintf(buf, sizeof buf, "%s: %.*s", field, HV_EVIDENCE_MAX, said);
	s_copy(evidence, HV_EVIDENCE_MAX + 1, buf);
}

/* Where OBJ says it was made, into *PL and EVIDENCE; the confidence that
 * has, or 0 when the tags and the text name no place. */
static int
s_made_in(json_object *obj, places_t *pl, char *evidence)
{
	json_object *tags;
	char said[HV_EVIDENCE_MAX + 1] = "";
	size_t used = 0;

	if (json_object_object_get_ex(obj, "manufacturing_places_tags", &tags) &&
	    json_object_is_type(tags, json_type_array)) {
		size_t n = json_object_array_length(tags);
		for (size_t i = 0; i < n && i < MAX_PLACES; i++) {
			json_object *t = json_object_array_get_idx(tags, i);
			if (!json_object_is_type(t, json_type_string))
				continue;
			const char *tag = json_object_get_string(t);
			s_place(pl, tag);
			used += (size_t)snprintf(said + used, sizeof said - used, "%s%s",
			    pl->given > 1 ? "," : "", tag);
			if (used >= sizeof said)
				used = sizeof said - 1;
		}
		if (pl->given > 0) {
			s_evidence(evidence, "manufacturing_places_tags", said);
			return pl->others == 0 ? CONF_TAGS : CONF_TAGS_MIXED;
		}
	}
	const char *text = s_str(obj, "manufacturing_places");
	s_text_places(pl, text);
	if (pl->given == 0)
		return 0;
	s_evidence(evidence, "manufacturing_places", text);
	return pl->others == 0 ? CONF_TEXT : CONF_TEXT_MIXED;
}

/* OBJ's code as a trade GTIN into P, or false: absent, not digits of a
 * GTIN's length, a wrong check digit, or a store's own number. */
static bool
s_gtin(json_object *obj, hv_product_t *p)
{
	json_object *v;
	const char *why;
	hv_gtin_t g;
	if (!json_object_object_get_ex(obj, "code", &v) ||
	    !(json_object_is_type(v, json_type_string) || json_object_is_type(v, json_type_int)))
		return false;
	const char *code = json_object_get_string(v);
	size_t n = strlen(code);
	if (strspn(code, "0123456789") != n || (n != 8 && n != 12 && n != 13 && n != 14) ||
	    hv_gtin_parse(code, HV_SYM_ANY, &g, &why) < 0 || g.restricted ||
	    hv_gtin_is_restricted(g.gtin))
		return false;
	memcpy(p->gtin, g.gtin, sizeof p->gtin);
	return true;
}

/* The first brand of a comma-separated list; the first category tag
 * without its language ("en:teas" is "teas"). */
static void
s_descriptions(json_object *obj, hv_product_t *p)
{
	json_object *cats;
	const char *name = s_str(obj, "product_name");

	s_copy(p->name, sizeof p->name, name[0] != '\0' ? name : s_str(obj, "product_name_en"));
	s_copy(p->brand, sizeof p->brand, s_str(obj, "brands"));
	p->brand[strcspn(p->brand, ",")] = '\0';
	if (json_object_object_get_ex(obj, "categories_tags", &cats) &&
	    json_object_is_type(cats, json_type_array) && json_object_array_length(cats) > 0) {
		const char *c = json_object_get_string(json_object_array_get_idx(cats, 0));
		const char *colon = c != NULL ? strchr(c, ':') : NULL;
		s_copy(p->category, sizeof p->category,
		    c == NULL ? "" : colon != NULL && colon - c == 2 ? colon + 1 : c);
	}
}

/* Past the blanks from AT, not beyond END. */
static const char *
s_blanks(const char *at, const char *end)
{
	while (at < end && (*at == ' ' || *at == '\t'))
		at++;
	return at;
}

/* Whether KEY (quoted, as JSON writes a key) is in the LEN bytes at LINE
 * with a value other than EMPTY ("" or []), blanks allowed around. A key
 * absent, or found only with an empty value, is false. Bytes inside a
 * string value never match a key: their quotes would be escaped. */
static bool
s_has_value(const char *line, size_t len, const char *key, char open, char close)
{
	size_t klen = strlen(key);
	const char *at = line, *end = line + len;
	while ((at = memmem(at, (size_t)(end - at), key, klen)) != NULL) {
		at += klen;
		const char *v = s_blanks(at, end);
		if (v >= end || *v != ':')
			continue; /* the name inside a value, not a key */
		v = s_blanks(v + 1, end);
		if (v < end && *v == open) {
			v = s_blanks(v + 1, end);
			if (v < end && *v == close)
				continue; /* empty */
		}
		return true;
	}
	return false;
}

/* Most of the dump gives no place of manufacture: such a line is not
 * parsed at all (four times as fast), whatever else is wrong with it. */
static bool
s_no_place(const char *line, size_t len)
{
	return !s_has_value(line, len, "\"manufacturing_places_tags\"", '[', ']') &&
	       !s_has_value(line, len, "\"manufacturing_places\"", '"', '"');
}

hv_off_result_t
hv_off_read(hv_off_reader_t *self, const char *line, size_t len, hv_product_t *p,
    char evidence[HV_EVIDENCE_MAX + 1], const char **why)
{
	places_t pl = {NULL, 0, 0, 0};
	hv_off_result_t r;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len > 0 && s_no_place(line, len))
		return HV_OFF_NO_PLACE;
	json_tokener_reset(self->tok);
	json_object *obj = json_tokener_parse_ex(self->tok, line, (int)len);
	enum json_tokener_error e = json_tokener_get_error(self->tok);
	if (obj == NULL || e != json_tokener_success || !json_object_is_type(obj, json_type_object) ||
	    json_tokener_get_parse_end(self->tok) != len) {
		*why = obj == NULL || e != json_tokener_success ? json_tokener_error_desc(e)
		                                                : N_("not one JSON object");
		json_object_put(obj);
		return HV_OFF_UNREADABLE;
	}
	memset(p, 0, sizeof *p);
	evidence[0] = '\0';
	int confidence;
	if (!s_gtin(obj, p))
		r = HV_OFF_NO_GTIN;
	else if ((confidence = s_made_in(obj, &pl, evidence)) == 0)
		r = HV_OFF_NO_PLACE;
	else if (pl.countries != 1)
		r = HV_OFF_NOT_ONE;
	else {
		memcpy(p->made_in, pl.country, 3);
		p->origin_kind = HV_ORIGIN_MADE_IN;
		p->source = HV_SOURCE_OFF;
		p->confidence = confidence;
		s_descriptions(obj, p);
		r = hv_product_problem(p) == NULL ? HV_OFF_CLAIM : HV_OFF_NO_GTIN;
	}
	json_object_put(obj);
	return r;
}

/* ------------------------------------------------------------ import */

/* One line of GZ into *BUF (grown as needed, up to LINE_MAX_BYTES: a
 * longer line is read to its end and *TOO_LONG set). Its length, 0 at the
 * end of the file, -1 on a read error. */
static long
s_getline(gzFile gz, char **buf, size_t *cap, bool *too_long)
{
	size_t len = 0;
	*too_long = false;
	for (;;) {
		if (*cap - len < 2) {
			size_t ncap = *cap < 65536 ? 65536 : *cap * 2;
			if (ncap > LINE_MAX_BYTES) {
				*too_long = true;
				len = 0; /* keep reading into the same space, to the line's end */
				ncap = *cap;
			}
			char *nb = ncap != *cap ? realloc(*buf, ncap) : *buf;
			if (nb == NULL)
				return -1;
			*buf = nb;
			*cap = ncap;
		}
		if (gzgets(gz, *buf + len, (int)(*cap - len)) == NULL) {
			int errnum;
			gzerror(gz, &errnum);
			return errnum != Z_OK && errnum != Z_BUF_ERROR ? -1 : (long)len;
		}
		len += strlen(*buf + len);
		if (len > 0 && (*buf)[len - 1] == '\n')
			return (long)len;
	}
}

/* A claim put: 0, or -1 on a database error. */
static int
s_put(hv_catalog_t *cat, const hv_product_t *p, const char *evidence, hv_off_counts_t *c)
{
	long first;
	switch (hv_catalog_stage_put(cat, p, evidence, c->lines, &first)) {
	case 0: c->by[HV_OFF_CLAIM]++; return 0;
	case 1: c->repeated++; return 0;
	default: return -1;
	}
}

/* Read every line of GZ into CAT's open import. */
static int
s_read_all(gzFile gz, hv_catalog_t *cat, hv_off_progress_fn progress, void *arg, long long size,
    hv_off_counts_t *c, char *err, size_t errlen)
{
	hv_off_reader_t *rd = hv_off_reader_new();
	char *buf = NULL, evidence[HV_EVIDENCE_MAX + 1];
	size_t cap = 0;
	hv_product_t p;
	bool too_long;
	long len;
	int rc = 0;

	if (rd == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	while (rc == 0 && (len = s_getline(gz, &buf, &cap, &too_long)) > 0) {
		const char *why = N_("the line is longer than 16 MiB");
		c->lines++;
		hv_off_result_t r =
		    too_long ? HV_OFF_UNREADABLE : hv_off_read(rd, buf, (size_t)len, &p, evidence, &why);
		if (r == HV_OFF_CLAIM) {
			if ((rc = s_put(cat, &p, evidence, c)) < 0)
				snprintf(err, errlen, "%s", hv_catalog_error(cat));
		} else {
			c->by[r]++;
		}
		if (r == HV_OFF_UNREADABLE && c->first_bad_line == 0) {
			c->first_bad_line = c->lines;
			snprintf(c->first_bad, sizeof c->first_bad, "%s", _(why));
		}
		if (progress != NULL && c->lines % PROGRESS_EVERY == 0) {
			c->bytes_in = gzoffset(gz);
			progress(arg, c, size);
		}
	}
	if (rc == 0 && len < 0) {
		int errnum;
		snprintf(err, errlen, _("reading line %ld: %s"), c->lines + 1, gzerror(gz, &errnum));
		rc = -1;
	}
	c->bytes_in = gzoffset(gz);
	free(buf);
	hv_off_reader_destroy(&rd);
	return rc;
}

int
hv_off_import(hv_catalog_t *cat, const char *path, int replace, hv_off_progress_fn progress,
    void *arg, hv_off_counts_t *counts, char *err, size_t errlen)
{
	struct stat st;
	int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : -1;
	gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : gzopen(path, "rb");

	memset(counts, 0, sizeof *counts);
	if (gz == NULL) {
		snprintf(err, errlen, _("cannot open %s"), path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	gzbuffer(gz, 1 << 17);
	long long size = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : 0;
	int rc = hv_catalog_stage_begin(cat, replace != 0);
	if (rc < 0) {
		snprintf(err, errlen, "%s", hv_catalog_error(cat));
	} else {
		hv_catalog_stage_source(cat, HV_SOURCE_OFF);
		rc = s_read_all(gz, cat, progress, arg, size, counts, err, errlen);
		if (rc == 0 && (rc = hv_catalog_stage_commit(cat)) < 0)
			snprintf(err, errlen, "%s", hv_catalog_error(cat));
		hv_catalog_stage_abort(cat);
	}
	gzclose(gz);
	return rc;
}
