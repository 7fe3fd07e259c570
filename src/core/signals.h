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

/* Handle every signal waiting on FD (never blocks): HUP calls
 * RELOAD(ARG), or with RELOAD NULL says in the log that there is nothing to
 * reload; TERM and INT are said in the log. True when TERM or INT came:
 * the program should finish what is in hand and stop. */
bool hv_signals_handle(int fd, void (*reload)(void *arg), void *arg);

/* Wait until FD (a file or socket descriptor; -1 for none) is readable, a
 * signal waits on SIGFD, or TIMEOUT_MS pass (-1: no limit). True when FD
 * is readable; a waiting signal is left to hv_signals_handle. */
bool hv_signals_wait(int sigfd, int fd, int timeout_ms);

#endif
