/*
 * test_endpoint.c -- which endpoints stay on this machine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "endpoint.h"

static void
loopback_or_network(void **state)
{
	(void)state;
	const char *local[] = {"tcp://127.0.0.1:5580", "tcp://127.1.2.3:1", "tcp://localhost:5580",
	    "tcp://[::1]:5580", "ipc:///run/hangviet/ingest", "inproc://x",
	    "tcp://10.0.0.5;127.0.0.1:5580"};
	const char *network[] = {"tcp://0.0.0.0:5580", "tcp://*:5580", "tcp://10.0.0.5:5580",
	    "tcp://eth0:5580", "tcp://127example.com:1", "tcp://localhost.evil:1", "pgm://x",
	    "tcp://127.evil.example:1", "tcp://127.0.0.1.evil.example:1",
	    "tcp://127.0.0.1;10.0.0.5:5580", "tcp://[::ffff:10.0.0.5]:1", "tcp://127.0.0.1"};
	for (size_t i = 0; i < sizeof local / sizeof local[0]; i++)
		assert_true(hv_endpoint_is_local(local[i]));
	for (size_t i = 0; i < sizeof network / sizeof network[0]; i++)
		assert_false(hv_endpoint_is_local(network[i]));
}

static void
endpoint_syntax(void **state)
{
	(void)state;
	const char *why;
	assert_int_equal(hv_endpoint_check("tcp://127.0.0.1:5580", &why), 0);
	assert_int_equal(hv_endpoint_check("ipc:///tmp/x", &why), 0);
	assert_int_equal(hv_endpoint_check("127.0.0.1:5580", &why), -1);
	assert_int_equal(hv_endpoint_check("tcp://127.0.0.1", &why), -1);
	assert_int_equal(hv_endpoint_check("ipc://", &why), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(loopback_or_network),
	    cmocka_unit_test(endpoint_syntax),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
