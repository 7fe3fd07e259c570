/*
 * account_conf.c -- reading [connect NAME] sections.
 */
#include "account_conf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkout.h"
#include "endpoint.h"
#include "i18n.h"

enum { K_STR, K_INT, K_ENUM, K_BOOL };

/* One key of a section: where it goes and what it may be. */
typedef struct {
	const char *key;
	int type;
	size_t offset, size;
	long min, max;       /* K_INT */
	const char *choices; /* K_ENUM: "a|b|c", stored as the index */
	const char *why;     /* what a wrong value is told */
} key_t_;

#define F(f) offsetof(hv_account_conf_t, f), sizeof(((hv_account_conf_t *)0)->f)
static const key_t_ s_keys[] = {
    {"kind", K_ENUM, F(kind), 0, 0, "kiotviet|sapo|haravan", N_("is kiotviet, sapo or haravan")},
    {"base_url", K_STR, F(base_url), 0, 0, NULL, N_("is too long")},
    {"token_url", K_STR, F(token_url), 0, 0, NULL, N_("is too long")},
    {"retailer", K_STR, F(retailer), 0, 0, NULL, N_("is too long")},
    {"client_id", K_STR, F(client_id), 0, 0, NULL, N_("is too long")},
    {"secret_file", K_STR, F(secret_file), 0, 0, NULL, N_("is too long")},
    {"ca_file", K_STR, F(ca_file), 0, 0, NULL, N_("is too long")},
    {"poll", K_INT, F(poll), 1, 86400, NULL, N_("is seconds, from 1 to 86400")},
    {"overlap", K_INT, F(overlap), 0, 86400, NULL, N_("is seconds, from 0 to 86400")},
    {"backfill", K_INT, F(backfill), 0, 7, NULL, N_("is days, from 0 to 7")},
    {"page_size", K_INT, F(page_size), 0, 250, NULL, N_("is a number of records, 0 to 250")},
    {"rate_calls", K_INT, F(rate_calls), 0, 100000, NULL, N_("is a number of calls, 0 to 100000")},
    {"rate_period", K_INT, F(rate_period), 0, 86400, NULL, N_("is seconds, from 0 to 86400")},
    {"timeout", K_INT, F(timeout), 1, 600, NULL, N_("is seconds, from 1 to 600")},
    {"listen", K_STR, F(listen), 0, 0, NULL, N_("is too long")},
    {"webhook_secret_file", K_STR, F(webhook_secret_file), 0, 0, NULL, N_("is too long")},
    {"signature_header", K_STR, F(signature_header), 0, 0, NULL, N_("is too long")},
    {"signature_encoding", K_ENUM, F(signature_encoding), 0, 0, "default|hex|base64",
        N_("is hex or base64")},
    {"signature_prefix", K_STR, F(signature_prefix), 0, 0, NULL, N_("is too long")},
    {"signature_algorithm", K_ENUM, F(signature_algorithm), 0, 0, "default|sha256|sha1",
        N_("is sha256 or sha1")},
    {"line_discount", K_ENUM, F(line_discount), 0, 0, "line|unit", N_("is line or unit")},
    {"source_name", K_STR, F(source_name), 0, 0, NULL, N_("is too long")},
    {"lane", K_INT, F(lane), 1, 9999, NULL, N_("is a lane, from 1 to 9999")},
    {"server_public_key", K_STR, F(server_public_key), 0, 0, NULL, N_("is too long")},
    {"client_key", K_STR, F(client_key), 0, 0, NULL, N_("is too long")},
    {"insecure", K_BOOL, F(insecure), 0, 0, NULL, N_("is yes or no")},
    {"keep_days", K_INT, F(keep_days), 1, 3650, NULL, N_("is days, from 1 to 3650")},
    {NULL, 0, 0, 0, 0, 0, NULL, NULL},
};

const char *
hv_vendor_kind_name(int kind)
{
	static const char *const names[] = {"kiotviet", "sapo", "haravan"};
	return kind >= 0 && kind < 3 ? names[kind] : "?";
}

/* The index of VALUE among CHOICES, or -1. */
static int
s_choice(const char *choices, const char *value)
{
	const char *c = choices;
	for (int i = 0; *c != '\0'; i++) {
		size_t n = strcspn(c, "|");
		if (strlen(value) == n && strncmp(value, c, n) == 0)
			return i;
		c += n + (c[n] == '|');
	}
	return -1;
}

static int
s_set(hv_account_conf_t *c, const key_t_ *k, const char *value)
{
	char *field = (char *)c + k->offset, *end;
	long v;

	switch (k->type) {
	case K_STR:
		if (strlen(value) >= k->size)
			return -1;
		strcpy(field, value);
		return 0;
	case K_INT:
		errno = 0;
		v = strtol(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' || v < k->min || v > k->max)
			return -1;
		*(int *)field = (int)v;
		return 0;
	case K_ENUM:
		return (*(int *)field = s_choice(k->choices, value)) < 0 ? -1 : 0;
	default:
		v = s_choice("no|yes|false|true|0|1", value);
		return v < 0 ? -1 : (*(int *)field = (int)(v % 2), 0);
	}
}

static void
s_defaults(hv_account_conf_t *c, const char *name)
{
	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	c->kind = -1;
	c->poll = 60;
	c->overlap = 300;
	c->backfill = 7;
	c->timeout = 30;
	c->lane = 900;
	c->keep_days = 90;
	strcpy(c->source_name, "pos");
}

/* branch.ID = STORE@ENDPOINT */
static int
s_branch(hv_account_conf_t *c, const char *id, const char *value, const char **why)
{
	const char *at = strchr(value, '@');
	hv_branch_t *b;

	if (c->n_branches == HV_BRANCHES_MAX) {
		*why = N_("too many branches");
		return -1;
	}
	b = &c->branches[c->n_branches];
	if (id[0] == '\0' || strlen(id) >= sizeof b->branch) {
		*why = N_("needs a branch id of 1 to 31 characters: branch.ID = STORE@ENDPOINT");
		return -1;
	}
	if (at == NULL || (size_t)(at - value) >= sizeof b->store ||
	    snprintf(b->store, sizeof b->store, "%.*s", (int)(at - value), value) < 0 ||
	    !hv_checkout_store_valid(b->store) || strlen(at + 1) >= sizeof b->endpoint ||
	    hv_endpoint_check(at + 1, &(const char *){NULL}) < 0) {
		*why = N_("is STORE@ENDPOINT: a store id, @, and its daemon's ingest endpoint");
		return -1;
	}
	snprintf(b->branch, sizeof b->branch, "%s", id);
	snprintf(b->endpoint, sizeof b->endpoint, "%s", at + 1);
	c->n_branches++;
	return 0;
}

int
hv_account_conf_set(hv_account_list_t *list, const char *section, const char *key,
    const char *value, const char **why)
{
	static const char prefix[] = "connect ";
	hv_account_conf_t *c = NULL;

	if (strncmp(section, prefix, sizeof prefix - 1) != 0)
		return 0;
	const char *name = section + sizeof prefix - 1;
	for (int i = 0; i < list->n && c == NULL; i++)
		if (strcmp(list->a[i].name, name) == 0)
			c = &list->a[i];
	if (c == NULL) {
		if (list->n == HV_ACCOUNTS_MAX || !hv_checkout_store_valid(name)) {
			*why = list->n == HV_ACCOUNTS_MAX
			           ? N_("too many [connect] sections")
			           : N_("an account's name is 1-32 characters of A-Z a-z 0-9 _ . -");
			return -1;
		}
		c = &list->a[list->n++];
		s_defaults(c, name);
	}
	if (strncmp(key, "branch.", 7) == 0)
		return s_branch(c, key + 7, value, why) < 0 ? -1 : 1;
	for (const key_t_ *k = s_keys; k->key != NULL; k++)
		if (strcmp(k->key, key) == 0) {
			if (s_set(c, k, value) < 0) {
				*why = k->why;
				return -1;
			}
			return 1;
		}
	*why = N_("is not a key of [connect NAME]");
	return -1;
}

/* What each vendor does when the config does not say. */
typedef struct {
	const char *base_url, *token_url;
	int page_size, rate_calls, rate_period;
	const char *signature_header, *signature_prefix;
	int signature_encoding, signature_algorithm;
} vendor_defaults_t;

static const vendor_defaults_t s_vendor[] = {
    /* KiotViet: 100 a page at most, 5,000 GETs an hour; the signature's
     * form is unconfirmed: hex HMAC-SHA256 after "sha1=" (as one client
     * reads it), the prefix optional. */
    {"https://public.kiotapi.com", "https://id.kiotviet.vn/connect/token", 100, 5000, 3600,
        "X-Hub-Signature", "sha1=", 1, 1},
    /* Sapo: 250 a page, a bucket of 40 (2 a second, as Shopify's). */
    {"", "", 250, 40, 20, "X-Sapo-Hmac-Sha256", "-", 2, 1},
    /* Haravan: 50 a page, a bucket of 80 leaking 4 a second. */
    {"https://apis.haravan.com", "", 50, 80, 20, "X-Haravan-Hmac-Sha256", "-", 2, 1},
};

static void
s_default_str(char *field, size_t size, const char *def)
{
	if (field[0] == '\0')
		snprintf(field, size, "%s", def);
}

/* Whether URL is https://HOST... */
static bool
s_https(const char *url)
{
	return strncmp(url, "https://", 8) == 0 && url[8] != '\0' && url[8] != '/';
}

int
hv_account_conf_finish(hv_account_conf_t *c, const char **why)
{
	if (c->kind < 0) {
		*why = N_("[connect %s] needs kind = kiotviet, sapo or haravan");
		return -1;
	}
	const vendor_defaults_t *d = &s_vendor[c->kind];
	s_default_str(c->base_url, sizeof c->base_url, d->base_url);
	s_default_str(c->token_url, sizeof c->token_url, d->token_url);
	s_default_str(c->signature_header, sizeof c->signature_header, d->signature_header);
	s_default_str(c->signature_prefix, sizeof c->signature_prefix, d->signature_prefix);
	if (c->page_size == 0 || c->page_size > d->page_size)
		c->page_size = d->page_size;
	if (c->rate_calls == 0 || c->rate_period == 0) {
		c->rate_calls = d->rate_calls;
		c->rate_period = d->rate_period;
	}
	if (c->signature_encoding == 0)
		c->signature_encoding = d->signature_encoding;
	if (c->signature_algorithm == 0)
		c->signature_algorithm = d->signature_algorithm;
	if (!s_https(c->base_url) || (c->kind == HV_KIND_KIOTVIET && !s_https(c->token_url))) {
		*why = c->base_url[0] == '\0'
		           ? N_("[connect %s] needs base_url = https://SHOP.mysapo.net")
		           : N_("[connect %s]: base_url and token_url must be https:// addresses");
		return -1;
	}
	if (c->secret_file[0] == '\0') {
		*why = N_("[connect %s] needs secret_file = FILE (mode 0600)");
		return -1;
	}
	if (c->kind == HV_KIND_KIOTVIET && (c->retailer[0] == '\0' || c->client_id[0] == '\0')) {
		*why = N_("[connect %s] needs retailer = SHOP and client_id = ID (KiotViet)");
		return -1;
	}
	if (c->n_branches == 0) {
		*why = N_("[connect %s] needs at least one branch.ID = STORE@ENDPOINT");
		return -1;
	}
	if (c->listen[0] != '\0' && c->webhook_secret_file[0] == '\0') {
		*why = N_("[connect %s] has listen, so it needs webhook_secret_file = FILE (mode 0600)");
		return -1;
	}
	return 0;
}
