/*
 * ratelimit.h -- how often a vendor lets an account call: at most CALLS in
 * any PERIOD seconds (KiotViet: 5,000 GETs an hour; Haravan's leaky
 * bucket of 80 draining 4 a second is 80 in 20 s), kept as the times of
 * the last CALLS calls; and the vendor's own word, a Retry-After or a
 * call-limit header saying the bucket is full, which makes it wait longer.
 */
#ifndef HV_RATELIMIT_H
#define HV_RATELIMIT_H

#include <stdint.h>

typedef struct hv_ratelimit hv_ratelimit_t;

/* A limit of CALLS per PERIOD_S seconds (CALLS 0: none); NULL when out
 * of memory. */
hv_ratelimit_t *hv_ratelimit_new(int calls, int period_s);
void hv_ratelimit_free(hv_ratelimit_t **self_p);

/* How long to wait, from NOW_MS (monotonic), before the next call. */
int64_t hv_ratelimit_wait_ms(const hv_ratelimit_t *self, int64_t now_ms);

/* A call made at NOW_MS. */
void hv_ratelimit_note(hv_ratelimit_t *self, int64_t now_ms);

/* The vendor asked for a pause: no call before NOW_MS + MS. */
void hv_ratelimit_pause(hv_ratelimit_t *self, int64_t now_ms, int64_t ms);

/* A call-limit header "USED/SIZE": a bucket about full pauses a second. */
void hv_ratelimit_observe(hv_ratelimit_t *self, int64_t now_ms, const char *used_size);

#endif
