/*
 * test_account_conf.c -- [connect NAME] sections (plugin/account_conf.h):
 * each key read into its account, wrong values and unknown keys refused
 * with a reason, branch.ID = STORE@ENDPOINT checked, and a finished
 * account given its vendor's defaults or told what it lacks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "account_conf.h"

static hv_account_list_t s_list;

static int
s_set(const char *section, const char *key, const char *value, const char **why)
{
	*why = NULL;
	return hv_account_conf_set(&s_list, section, key, value, why);
}

static void
keys_go_to_their_account(void **state)
{
	const char *why;

	(void)state;
	memset(&s_list, 0, sizeof s_list);
	assert_int_equal(s_set("hangvietd", "store", "x", &why), 0); /* not ours */
	assert_int_equal(s_set("connect shop-a", "kind", "kiotviet", &why), 1);
	assert_int_equal(s_set("connect shop-b", "kind", "haravan", &why), 1);
	assert_int_equal(s_set("connect shop-a", "poll", "15", &why), 1);
	assert_int_equal(s_set("connect shop-a", "branch.1234", "bigc-tn-01@tcp://127.0.0.1:5580", &why), 1);
	assert_int_equal(s_set("connect shop-a", "insecure", "yes", &why), 1);
	assert_int_equal(s_list.n, 2);
	assert_string_equal(s_list.a[0].name, "shop-a");
	assert_int_equal(s_list.a[0].kind, HV_KIND_KIOTVIET);
	assert_int_equal(s_list.a[0].poll, 15);
	assert_int_equal(s_list.a[0].insecure, 1);
	assert_int_equal(s_list.a[0].n_branches, 1);
	assert_string_equal(s_list.a[0].branches[0].branch, "1234");
	assert_string_equal(s_list.a[0].branches[0].store, "bigc-tn-01");
	assert_string_equal(s_list.a[0].branches[0].endpoint, "tcp://127.0.0.1:5580");
	assert_int_equal(s_list.a[1].kind, HV_KIND_HARAVAN);
	assert_int_equal(s_list.a[1].poll, 60); /* its default */
}

static void
wrong_values_are_refused_with_a_reason(void **state)
{
	const char *why;

	(void)state;
	memset(&s_list, 0, sizeof s_list);
	assert_int_equal(s_set("connect a", "kind", "misa", &why), -1);
	assert_string_equal(why, "is kiotviet, sapo or haravan");
	assert_int_equal(s_set("connect a", "poll", "0", &why), -1);
	assert_int_equal(s_set("connect a", "backfill", "8", &why), -1);
	assert_string_equal(why, "is days, from 0 to 7");
	assert_int_equal(s_set("connect a", "lane", "12x", &why), -1);
	assert_int_equal(s_set("connect a", "colour", "red", &why), -1);
	assert_string_equal(why, "is not a key of [connect NAME]");
	assert_int_equal(s_set("connect a", "branch.1", "no-at-sign", &why), -1);
	assert_int_equal(s_set("connect a", "branch.1", "bad store@tcp://127.0.0.1:1", &why), -1);
	assert_int_equal(s_set("connect a", "branch.1", "st@not-an-endpoint", &why), -1);
	assert_int_equal(s_set("connect a", "branch.", "st@tcp://127.0.0.1:1", &why), -1);
	assert_int_equal(s_set("connect bad name", "kind", "sapo", &why), -1);
}

static void
a_finished_account_has_its_vendors_defaults(void **state)
{
	const char *why = NULL;
	hv_account_conf_t *c;

	(void)state;
	memset(&s_list, 0, sizeof s_list);
	s_set("connect k", "kind", "kiotviet", &why);
	c = &s_list.a[0];
	assert_int_equal(hv_account_conf_finish(c, &why), -1);
	assert_non_null(strstr(why, "secret_file"));
	s_set("connect k", "secret_file", "/etc/s", &why);
	assert_int_equal(hv_account_conf_finish(c, &why), -1);
	assert_non_null(strstr(why, "retailer"));
	s_set("connect k", "retailer", "shop", &why);
	s_set("connect k", "client_id", "id", &why);
	assert_int_equal(hv_account_conf_finish(c, &why), -1);
	assert_non_null(strstr(why, "branch."));
	s_set("connect k", "branch.1", "st@tcp://127.0.0.1:5580", &why);
	s_set("connect k", "listen", "127.0.0.1:8090", &why);
	assert_int_equal(hv_account_conf_finish(c, &why), -1);
	assert_non_null(strstr(why, "webhook_secret_file"));
	s_set("connect k", "webhook_secret_file", "/etc/h", &why);
	assert_int_equal(hv_account_conf_finish(c, &why), 0);
	assert_string_equal(c->base_url, "https://public.kiotapi.com");
	assert_string_equal(c->token_url, "https://id.kiotviet.vn/connect/token");
	assert_int_equal(c->page_size, 100);
	assert_int_equal(c->rate_calls, 5000);
	assert_int_equal(c->rate_period, 3600);
	assert_string_equal(c->signature_header, "X-Hub-Signature");
	assert_int_equal(c->signature_encoding, 1);

	/* Sapo needs its shop's address; plain http is refused. */
	s_set("connect s", "kind", "sapo", &why);
	s_set("connect s", "secret_file", "/etc/s", &why);
	s_set("connect s", "branch.9", "st@tcp://127.0.0.1:5580", &why);
	c = &s_list.a[1];
	assert_int_equal(hv_account_conf_finish(c, &why), -1);
	assert_non_null(strstr(why, "mysapo.net"));
	s_set("connect s", "base_url", "http://shop.mysapo.net", &why);
	assert_int_equal(hv_account_conf_finish(c, &why), -1);
	assert_non_null(strstr(why, "https://"));
	s_set("connect s", "base_url", "https://shop.mysapo.net", &why);
	s_set("connect s", "page_size", "250", &why);
	assert_int_equal(hv_account_conf_finish(c, &why), 0);
	assert_int_equal(c->page_size, 250);
	assert_int_equal(c->signature_encoding, 2);
	assert_string_equal(c->signature_header, "X-Sapo-Hmac-Sha256");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(keys_go_to_their_account),
	    cmocka_unit_test(wrong_values_are_refused_with_a_reason),
	    cmocka_unit_test(a_finished_account_has_its_vendors_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
