/*
 * signals.h -- the one way every long-running program takes signals: TERM,
 * INT and HUP are blocked and read from a signalfd, which the program polls
 * with its sockets and files, so a signal is handled between two pieces of
 * work, never inside one. PIPE is ignored (a peer gone is an error return),
 * and so is XFSZ: a write past a file size limit fails with EFBIG and is
 * handled as a write error instead of killing the process.
 */
#ifndef HV_SIGNALS_H
#define HV_SIGNALS_H

#include <stdbool.h>

/* Block TERM, INT and HUP, ignore PIPE and XFSZ, and return a non-blocking
 * signalfd that reads the blocked ones; -1 with errno set. */
int hv_signals_open(void);

/* The next signal waiting on FD (a number such as SIGHUP), or 0 when none
 * waits. Never blocks. */
int hv_signals_take(int fd);

/* Wait until FD (a file or socket descriptor; -1 for none) is readable, a
 * signal waits on SIGFD, or TIMEOUT_MS pass (-1: no limit). True when FD
 * is readable; a waiting signal is left to hv_signals_take. */
bool hv_signals_wait(int sigfd, int fd, int timeout_ms);

/* A signal that asks the program to stop: TERM or INT. */
bool hv_signals_is_stop(int signo);

#endif
