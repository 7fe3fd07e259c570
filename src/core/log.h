/*
 * log.h -- one place where every program writes what it has to say to
 * people running it: to stderr, one line per message, with a level.
 */
#ifndef HV_LOG_H
#define HV_LOG_H

#include <stdarg.h>
#include <stdint.h>

typedef enum {
	HV_LOG_ERROR = 0, /* something failed; the program may go on */
	HV_LOG_WARN,      /* something is off and a person should look */
	HV_LOG_INFO,      /* what an operator wants to see in the journal */
	HV_LOG_DEBUG      /* what a developer wants to see */
} hv_log_level_t;

/* Set the program name shown on every line and the least important level
 * that is still written (HV_LOG_INFO unless changed). */
void hv_log_init(const char *progname, hv_log_level_t level);

/* Whether lines carry a time stamp and level word (daemons) or read like a
 * command-line tool's messages ("hangviet: ..."). Default: plain. */
void hv_log_set_stamped(int stamped);

/* Write one message at LEVEL. The _errno variants append ": " and the
 * text of the current errno. All are safe to call before hv_log_init. */
void hv_log(hv_log_level_t level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hv_log_errno(hv_log_level_t level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hv_log_v(hv_log_level_t level, int with_errno, const char *fmt, va_list ap);

/* A rate limit for a line that a peer can cause over and over (a refused
 * key, a forged tally): at most one line per period. Zero-initialise. */
typedef struct {
	int64_t at;   /* when the last line was let through, monotonic ms */
	int64_t held; /* occurrences held back since */
} hv_log_limit_t;

/* Whether to log an occurrence now (at most once per EVERY_MS); when so,
 * *HELD gets how many were held back since the last line, else the
 * occurrence is counted. */
int hv_log_limit(hv_log_limit_t *l, int64_t every_ms, int64_t *held);

#define hv_error(...) hv_log(HV_LOG_ERROR, __VA_ARGS__)
#define hv_warn(...)  hv_log(HV_LOG_WARN, __VA_ARGS__)
#define hv_info(...)  hv_log(HV_LOG_INFO, __VA_ARGS__)
#define hv_debug(...) hv_log(HV_LOG_DEBUG, __VA_ARGS__)

#endif
