/*
 * connect.c -- hangviet-connect, for shops whose POS runs in the cloud
 * (KiotViet, Sapo, Haravan): each [connect NAME] account's sales, read
 * from the vendor's web API, are sent to the store daemons as the events
 * a till would have sent (account.h), and its webhooks prompt a poll
 * (webhook.h). Foreground, logs to stderr, stops cleanly on TERM or INT.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "account_conf.h"
#include "config.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "secret.h"
#include "service.h"
#include "signals.h"
#include "state.h"
#include "webhook.h"
#include "zone.h"

typedef struct {
	char config[4096];
	char state[4096];
	int once;
	int log_level;
	char timezone[64];
	hv_account_list_t accounts;
} settings_t;

#define S(f) offsetof(settings_t, f), sizeof(((settings_t *)0)->f)
static const hv_setting_t s_settings[] = {
    {"config", HV_SET_FILE, S(config), NULL, 0, 0, NULL, "FILE",
        N_("read settings and the [connect NAME] accounts from this INI file"), NULL},
    {"state", HV_SET_STR, S(state), "", 0, 0, NULL, "DIR",
        N_("the state directory (cursors and spools go to DIR/connect)"), NULL},
    {"once", HV_SET_BOOL, S(once), "no", 0, 0, NULL, NULL,
        N_("poll every account once, then exit (1 when one failed)"), NULL},
    HV_ZONE_SETTING(settings_t, timezone),
    {"log-level", HV_SET_ENUM, S(log_level), "info", 0, 0, "error|warning|info|debug", "LEVEL",
        N_("least important messages logged"), NULL},
    {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL, NULL, NULL},
};

static int
s_section(void *settings, const char *section, const char *key, const char *value, const char **why)
{
	return hv_account_conf_set(&((settings_t *)settings)->accounts, section, key, value, why);
}

static const hv_config_spec_t s_spec = {"hangviet-connect",
    N_("Feeds the sales of cloud POS accounts (KiotViet, Sapo, Haravan) to hangviet store daemons."),
    s_settings, s_section, NULL,
    N_("Each [connect NAME] section of the config file is one account at a cloud POS: its kind, "
       "its API's address and credentials (in files of mode 0600), and which store each of its "
       "branches is (branch.ID = STORE@ENDPOINT). See hangviet-connect(1).")};

/* The accounts that run, and the secrets they were started with. */
typedef struct {
	hv_account_t *run[HV_ACCOUNTS_MAX];
	char hook_secret[HV_ACCOUNTS_MAX][1024];
	hv_webhook_route_t routes[HV_ACCOUNTS_MAX];
	int n, n_routes;
} running_t;

static void
s_prompt(void *arg)
{
	hv_account_prompt(arg);
}

/* Check every account and read its secrets: 0, or -1 after saying why
 * (exit 2 for a wrong config, 1 for a secret file). */
static int
s_check(settings_t *set)
{
	const char *why = NULL;

	if (set->accounts.n == 0) {
		hv_log(HV_LOG_ERROR, "%s", _("no accounts: give one [connect NAME] section per cloud POS "
		                             "account in the config file (--config FILE)"));
		return -1;
	}
	for (int i = 0; i < set->accounts.n; i++)
		if (hv_account_conf_finish(&set->accounts.a[i], &why) < 0) {
			char msg[512];
			snprintf(msg, sizeof msg, _(why), set->accounts.a[i].name);
			hv_log(HV_LOG_ERROR, "%s", msg);
			return -1;
		}
	return 0;
}

/* Start every account and its webhook route. 0, or -1 after saying why. */
static int
s_start(const settings_t *set, const char *state, running_t *r)
{
	char err[1024], secret[1024];

	for (int i = 0; i < set->accounts.n; i++) {
		const hv_account_conf_t *c = &set->accounts.a[i];
		err[0] = '\0';
		if (hv_secret_read(c->secret_file, secret, sizeof secret, err, sizeof err) < 0 ||
		    (c->listen[0] != '\0' && hv_secret_read(c->webhook_secret_file, r->hook_secret[i],
		                                 sizeof r->hook_secret[i], err, sizeof err) < 0) ||
		    (r->run[r->n] = hv_account_start(c, state, secret, set->once, err, sizeof err)) == NULL) {
			explicit_bzero(secret, sizeof secret);
			hv_log(HV_LOG_ERROR, "[connect %s] %s", c->name, err);
			return -1;
		}
		explicit_bzero(secret, sizeof secret);
		if (c->listen[0] != '\0' && !set->once)
			r->routes[r->n_routes++] = (hv_webhook_route_t){c->listen, c->name, r->hook_secret[i],
			    c->signature_header, c->signature_encoding, c->signature_prefix,
			    c->signature_algorithm, s_prompt, r->run[r->n]};
		hv_log(HV_LOG_INFO, _("[connect %s] %s account, %d branch(es), polling every %d s%s%s"),
		    c->name, hv_vendor_kind_name(c->kind), c->n_branches, c->poll,
		    c->listen[0] && !set->once ? _(", webhooks on ") : "", set->once ? "" : c->listen);
		r->n++;
	}
	return 0;
}

/* Until TERM or INT (or, with --once, until every account has polled). */
static void
s_wait(const settings_t *set, running_t *r, int sigfd)
{
	for (;;) {
		hv_signals_wait(sigfd, -1, set->once ? 100 : 1000);
		if (hv_signals_handle(sigfd, NULL, NULL))
			return;
		bool all = true;
		for (int i = 0; i < r->n; i++)
			all = all && hv_account_finished(r->run[i]);
		if (set->once && all)
			return;
	}
}

int
main(int argc, char **argv)
{
	static settings_t set;
	static running_t r;
	char state[4096];
	hv_webhooks_t *hooks = NULL;
	int rc, sigfd, failed = 0;

	hv_i18n_init();
	hv_log_init("hangviet-connect", HV_LOG_INFO);
	if ((rc = hv_config_load(&s_spec, &set, argc, argv)) != 0)
		return rc > 0 ? 0 : 2;
	hv_log_init(NULL, (hv_log_level_t)set.log_level);
	hv_log_set_stamped(1);
	hv_zone_init(set.timezone);
	if (s_check(&set) < 0)
		return 2;
	if (hv_state_dir(set.state, state, sizeof state) < 0 || hv_state_mkdir(state) < 0) {
		hv_log(HV_LOG_ERROR, _("no usable state directory: give --state DIR"));
		return 1;
	}
	if ((sigfd = hv_signals_open()) < 0 || hv_http_global_init() < 0) {
		hv_log_errno(HV_LOG_ERROR, "cannot start");
		return 1;
	}
	char err[1024] = "";
	if (s_start(&set, state, &r) < 0 ||
	    (r.n_routes > 0 && (hooks = hv_webhooks_start(r.routes, r.n_routes, err, sizeof err)) == NULL)) {
		if (err[0] != '\0')
			hv_log(HV_LOG_ERROR, "%s", err);
		failed = 1;
	} else {
		hv_service_ready("polling");
		s_wait(&set, &r, sigfd);
		hv_service_stopping();
	}
	hv_webhooks_stop(&hooks);
	/* A poll that failed is only the exit status of --once: a running
	 * connector says it in the log and tries again. */
	for (int i = 0; i < r.n; i++)
		failed |= hv_account_stop(&r.run[i]) && set.once;
	for (int i = 0; i < HV_ACCOUNTS_MAX; i++)
		explicit_bzero(r.hook_secret[i], sizeof r.hook_secret[i]);
	hv_http_global_cleanup();
	return failed ? 1 : 0;
}
