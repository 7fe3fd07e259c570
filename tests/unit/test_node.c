/*
 * test_node.c -- the node runtime (node.c) as a program sees it: settings
 * read from its table, the state directory made, timers run at their
 * interval until a TERM arrives through the signalfd, then the program's
 * drain, finish and stop in that order; the feed's seq kept in the
 * database at a clean stop and taken up again at the next start; a failed
 * start exits 1 after stop, bad settings exit 2 before anything runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "journal.h"
#include "node.h"
#include "tally.h"
#include "testutil.h"

typedef struct {
	hv_node_settings_t node;
} settings_t;

static const hv_setting_t s_table[] = {
    HV_NODE_SETTINGS_START(settings_t, node),
    HV_NODE_SETTINGS_PLACE(settings_t, node, "province", "district"),
    HV_NODE_SETTINGS_ENDPOINTS(settings_t, node, "inproc://feed", "inproc://sync"),
    HV_NODE_SETTINGS_END(settings_t, node),
    {NULL, 0, 0, 0, NULL, 0, 0, NULL, NULL, NULL, NULL},
};
static const hv_config_spec_t s_spec = {"testnode", "a node", s_table, NULL, NULL, NULL};

/* The program's state, and what happened to it. */
typedef struct {
	settings_t set;
	hv_journal_t *journal;
	hv_tally_t *tally;
	hv_sync_source_t source;
	int ticks, ticks_wanted;
	int64_t first_tick, last_tick; /* monotonic ms */
	char order[16];                /* s(tart) d(rain) f(inish) x (stop) */
	bool fail_start;
	int64_t seq_at_start; /* the feed's seq when serving began */
} prog_t;

static void
s_note(prog_t *p, char c)
{
	size_t n = strlen(p->order);
	if (n + 1 < sizeof p->order)
		p->order[n] = c;
}

static int
s_windows(void *arg, int64_t since, int64_t until,
    int (*fn)(const hv_window_t *, const char *, const char *, void *), void *fnarg)
{
	(void)arg, (void)since, (void)until, (void)fn, (void)fnarg;
	return 0;
}

static void
s_counts(void *arg, hv_sync_counts_t *c)
{
	(void)arg, (void)c;
}

/* Every 20 ms; the last tick asks the process to stop, as systemd would. */
static void
s_tick(void *arg, int64_t now)
{
	prog_t *p = arg;
	(void)now;
	p->last_tick = hv_clock_ms(CLOCK_MONOTONIC);
	if (p->ticks++ == 0)
		p->first_tick = p->last_tick;
	if (p->ticks == p->ticks_wanted)
		raise(SIGTERM);
}

static int
s_start(void *arg, hv_node_t *node)
{
	prog_t *p = arg;
	char path[4200], err[256];

	s_note(p, 's');
	if (p->fail_start || hv_node_state_path(node, "node.db", path, sizeof path) < 0)
		return -1;
	p->journal = hv_journal_open(path, false, err, sizeof err);
	p->tally = hv_tally_new(60000);
	p->source = (hv_sync_source_t){.node = "n1", .province = "", .district = "",
	    .windows = s_windows, .counts = s_counts, .arg = p};
	if (p->journal == NULL ||
	    hv_node_serve(node, p->journal, &p->source, p->tally, 50) < 0)
		return -1;
	p->seq_at_start = hv_feed_seq(hv_node_feed(node));
	return hv_node_timer(node, 20, s_tick, p) < 0 ? -1 : 0;
}

static void
s_drain(void *arg)
{
	s_note(arg, 'd');
}

static bool
s_finish(void *arg)
{
	s_note(arg, 'f');
	return true;
}

static void
s_stop(void *arg)
{
	prog_t *p = arg;
	s_note(p, 'x');
	hv_journal_destroy(&p->journal);
	hv_tally_destroy(&p->tally);
}

static int
s_run(prog_t *p, const char *state, const char *extra)
{
	hv_node_program_t prog = {&s_spec, &p->set, &p->set.node, p, s_start, s_drain, s_finish,
	    s_stop, NULL};
	char *argv[] = {"testnode", "--state", (char *)state, "--log-level", "error",
	    (char *)extra, NULL};
	return hv_node_main(&prog, extra != NULL ? 6 : 5, argv);
}

static void
runs_until_term_then_stops_in_order(void **state)
{
	(void)state;
	const char *dir = hv_test_mkdtemp();
	char path[600], err[256];
	static prog_t p1, p2;
	int64_t seq = 0;

	p1.ticks_wanted = 10;
	assert_int_equal(s_run(&p1, dir, NULL), 0);
	assert_int_equal(p1.ticks, 10);
	assert_string_equal(p1.order, "sdfx");
	/* Nine intervals of 20 ms: a timer never runs early (how late it may
	 * run under load is for the benchmarks, not a unit test). */
	assert_true(p1.last_tick - p1.first_tick >= 9 * 19); /* 1 ms: clock granularity */
	/* The seq went into node.db at the clean stop (heartbeats went out). */
	snprintf(path, sizeof path, "%s/node.db", dir);
	hv_journal_t *j = hv_journal_open(path, false, err, sizeof err);
	assert_int_equal(hv_journal_meta_get(j, "seq_reserved", &seq), 1);
	assert_true(seq >= 1 && seq < 1000);
	hv_journal_destroy(&j);
	/* The next start goes on from there. */
	p2.ticks_wanted = 1;
	assert_int_equal(s_run(&p2, dir, NULL), 0);
	assert_int_equal(p2.seq_at_start, seq);
	hv_test_rmdir(dir);
}

static void
failed_start_and_bad_settings(void **state)
{
	(void)state;
	const char *dir = hv_test_mkdtemp();
	static prog_t p1, p2;

	p1.fail_start = true;
	assert_int_equal(s_run(&p1, dir, NULL), 1);
	assert_string_equal(p1.order, "sx"); /* stopped, never drained */
	assert_int_equal(s_run(&p2, dir, "--keep-windows=0"), 2);
	assert_string_equal(p2.order, ""); /* nothing ran */
	hv_test_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(runs_until_term_then_stops_in_order),
	    cmocka_unit_test(failed_start_and_bad_settings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
