/*
 * account_conf.h -- the [connect NAME] sections of hangviet-connect's
 * config: one per account at a cloud POS (doc/hangviet-connect.1 lists
 * every key and its default). Secrets are named by file, never written in
 * the config.
 */
#ifndef HV_ACCOUNT_CONF_H
#define HV_ACCOUNT_CONF_H

#include <stddef.h>

#define HV_ACCOUNTS_MAX 32
#define HV_BRANCHES_MAX 64

typedef enum { HV_KIND_KIOTVIET, HV_KIND_SAPO, HV_KIND_HARAVAN } hv_vendor_kind_t;

/* branch.ID = STORE@ENDPOINT: the vendor's branch (or location) ID is
 * the store STORE, whose daemon takes events at ENDPOINT. */
typedef struct {
	char branch[32];
	char store[33];
	char endpoint[256];
} hv_branch_t;

typedef struct {
	char name[64];              /* the section's NAME */
	int kind;                   /* hv_vendor_kind_t; -1 until given */
	char base_url[512];         /* the API's root, https:// */
	char token_url[512];        /* kiotviet: where tokens are issued */
	char retailer[128];         /* kiotviet: the Retailer header */
	char client_id[256];        /* kiotviet: the client id */
	char secret_file[4096];     /* the client secret, KEY:SECRET, or the token (0600) */
	char ca_file[4096];         /* a CA bundle to verify the API with ("": the system's) */
	int poll;                   /* seconds between polls */
	int overlap;                /* seconds each poll reaches back before its cursor */
	int backfill;               /* days a first poll reaches back (at most 7) */
	int page_size;              /* records a page (0: the vendor's largest) */
	int rate_calls, rate_period; /* at most RATE_CALLS calls in RATE_PERIOD s (0: the vendor's) */
	int timeout;                /* seconds for one HTTP request */
	char listen[128];           /* webhook receiver, HOST:PORT ("": none) */
	char webhook_secret_file[4096];
	char signature_header[64];  /* where the webhook's signature comes ("": the vendor's) */
	int signature_encoding;     /* 0 the vendor's, 1 hex, 2 base64 */
	char signature_prefix[16];  /* text before the signature ("sha1="), or "-" for none */
	int signature_algorithm;    /* 0 the vendor's, 1 sha256, 2 sha1 */
	int line_discount;          /* kiotviet: a line's discount is 0 for the line, 1 per unit */
	char source_name[32];       /* haravan: only orders from this source ("*": all) */
	int lane;                   /* the lane events carry */
	hv_branch_t branches[HV_BRANCHES_MAX];
	int n_branches;
	char server_public_key[1024]; /* CurveZMQ to daemons on the network */
	char client_key[1024];
	int insecure;
	int keep_days;              /* days a sale is remembered after it was last seen */
} hv_account_conf_t;

typedef struct {
	hv_account_conf_t a[HV_ACCOUNTS_MAX];
	int n;
} hv_account_list_t;

/* Take KEY = VALUE of SECTION when it is "connect NAME" (a config.h
 * section callback): 1 taken, 0 not such a section, -1 with *WHY
 * (translatable) when the key or value is wrong. */
int hv_account_conf_set(hv_account_list_t *list, const char *section, const char *key,
    const char *value, const char **why);

/* Whether the section C is whole, with the vendor's defaults filled in:
 * 0, or -1 with *WHY (translatable, one %s for the section's name). */
int hv_account_conf_finish(hv_account_conf_t *c, const char **why);

/* The vendor's name: "kiotviet", "sapo", "haravan". */
const char *hv_vendor_kind_name(int kind);

#endif
