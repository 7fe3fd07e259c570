/*
 * upstream.c -- the nodes a district node follows, and whom each may
 * speak for.
 */
#include "upstream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkout.h"
#include "endpoint.h"
#include "i18n.h"
#include "province.h"

/* Whether the comma-separated LIST holds ID. */
static bool
s_in_list(const char *list, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = list; *p != '\0'; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ','))
		if (strncmp(p, id, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* Copy VALUE into FIELD (SIZE bytes); 1, or -1 when it does not fit. */
static int
s_copy(char *field, size_t size, const char *value, const char **why)
{
	if (strlen(value) >= size) {
		*why = N_("the value is too long");
		return -1;
	}
	memcpy(field, value, strlen(value) + 1);
	return 1;
}

/* Whether VALUE is a comma-separated list of store ids. */
static int
s_check_stores(const char *value, const char **why)
{
	char id[HV_STORE_MAX + 2];
	for (const char *p = value; *p != '\0';) {
		size_t n = strcspn(p, ",");
		if (n == 0 || n > HV_STORE_MAX) {
			*why = N_("stores is a list of store ids: ID,ID,...");
			return -1;
		}
		memcpy(id, p, n);
		id[n] = '\0';
		if (!hv_checkout_store_valid(id)) {
			*why = N_("a store id is 1-32 characters of A-Z, a-z, 0-9, _ . -");
			return -1;
		}
		p += n + (p[n] == ',');
	}
	return 0;
}

/* C's province: VALUE read as the current unit (a former id is taken, an
 * unknown one refused with the nearest ids). 1, or -1 with *WHY. */
static int
s_set_province(hv_upstream_conf_t *c, const char *value, const char **why)
{
	static char explained[512]; /* read once, while the config is loaded */
	hv_province_kind_t kind = hv_province_canonical(value, c->province, sizeof c->province);

	if (kind != HV_PROVINCE_UNKNOWN)
		return 1;
	*why = hv_province_explain(value, kind, explained, sizeof explained);
	return -1;
}

/* Set KEY ('-' or '_' alike) of the section C. 1, or -1 with *WHY. */
static int
s_set_key(hv_upstream_conf_t *c, const char *key, const char *value, const char **why)
{
	char k[32];
	snprintf(k, sizeof k, "%s", key);
	for (char *p = k; *p != '\0'; p++)
		if (*p == '-')
			*p = '_';
	if (strcmp(k, "feed") == 0 || strcmp(k, "sync") == 0) {
		if (hv_endpoint_check(value, why) < 0)
			return -1;
		return s_copy(k[0] == 'f' ? c->feed : c->sync, sizeof c->feed, value, why);
	}
	if (strcmp(k, "server_public_key") == 0)
		return s_copy(c->server_public_key, sizeof c->server_public_key, value, why);
	if (strcmp(k, "stores") == 0)
		return s_check_stores(value, why) < 0
		           ? -1
		           : s_copy(c->stores, sizeof c->stores, value, why);
	if (strcmp(k, "district") == 0)
		return s_copy(c->district, sizeof c->district, value, why);
	if (strcmp(k, "province") == 0)
		return s_set_province(c, value, why);
	if (strcmp(k, "insecure") == 0 && (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0)) {
		c->insecure = strcmp(value, "yes") == 0;
		return 1;
	}
	*why = N_("not an upstream setting: feed, sync, server_public_key, stores, district, "
	          "province and insecure (yes or no) are");
	return -1;
}

int
hv_upstream_set(hv_upstream_list_t *list, const char *section, const char *key, const char *value,
    const char **why)
{
	static const char prefix[] = "upstream ";
	hv_upstream_conf_t *c = NULL;

	if (strncmp(section, prefix, sizeof prefix - 1) != 0)
		return 0;
	const char *name = section + sizeof prefix - 1;
	for (int i = 0; i < list->n && c == NULL; i++)
		if (strcmp(list->up[i].name, name) == 0)
			c = &list->up[i];
	if (c == NULL && list->n == HV_UPSTREAM_MAX) {
		*why = N_("too many upstreams");
		return -1;
	}
	if (c == NULL) {
		c = &list->up[list->n++];
		snprintf(c->name, sizeof c->name, "%s", name);
	}
	return s_set_key(c, key, value, why);
}

int
hv_upstream_check(const hv_upstream_conf_t *c, const char **why)
{
	if (c->feed[0] == '\0') {
		*why = N_("[upstream %s] needs feed = EP");
		return -1;
	}
	if (c->server_public_key[0] != '\0' && c->stores[0] == '\0' && c->district[0] == '\0' &&
	    c->province[0] == '\0') {
		*why = N_("[upstream %s] has a key, so say whom it speaks for: stores = ID,ID (a "
		          "store) or district = ID (a district node)");
		return -1;
	}
	return 0;
}

int
hv_upstream_sync_of(
    const char *feed, const char *sync_given, char *sync, size_t len, const char **why)
{
	if (sync_given != NULL && sync_given[0] != '\0') {
		snprintf(sync, len, "%s", sync_given);
		return 0;
	}
	const char *colon = strrchr(feed, ':');
	int port = colon != NULL ? atoi(colon + 1) : 0;
	if (port <= 0 || port >= 65535) {
		*why = N_("give FEED|SYNC, or a tcp feed whose port + 1 is its sync");
		return -1;
	}
	snprintf(sync, len, "%.*s:%d", (int)(colon - feed), feed, port + 1);
	return 0;
}

bool
hv_upstream_speaks_for(
    const hv_upstream_conf_t *c, const char *store, const char *district, const char *province)
{
	return c == NULL || ((store == NULL || c->stores[0] == '\0' || s_in_list(c->stores, store)) &&
	                        (c->district[0] == '\0' || strcmp(c->district, district) == 0) &&
	                        (c->province[0] == '\0' || strcmp(c->province, province) == 0));
}
