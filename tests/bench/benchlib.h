/*
 * benchlib.h -- what the benchmark tools share: a microsecond clock,
 * percentiles, the scan message they send, and one REQ round trip.
 */
#ifndef HV_BENCHLIB_H
#define HV_BENCHLIB_H

#include <msgpack.h>
#include <stdint.h>

/* Monotonic time in microseconds. */
double bench_now_us(void);

/* Sort the N samples in LAT and return the P-th percentile (0 < P < 1). */
double bench_percentile(double *lat, int n, double p);

/* Pack scan number I of run RUN into SB: lane 1-8, a new transaction every
 * 20 lines, one of three codes. TS (ms) is sent when it is not 0. */
void bench_pack_scan(msgpack_sbuffer *sb, const char *store, long run, int i, int64_t ts);

/* A run id no earlier run of any tool used (time and pid). */
long bench_run_id(void);

/* Send SB on the REQ socket S and wait for the reply; the round trip in
 * microseconds, or -1 when there was none within the socket's timeout. */
double bench_round_trip(void *s, const msgpack_sbuffer *sb);

/* The integer KEY of the `status` answer of the sync socket at SYNC, or
 * -1 when there was no answer within 5 s or it has no such key. */
long long bench_status_int(void *ctx, const char *sync, const char *key);

/* The resident memory of process PID in kB (VmRSS), or -1. */
long bench_rss_kb(int pid);

#endif
