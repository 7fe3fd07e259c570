/*
 * thread.h -- starting a helper thread of a node (the ZAP handler, the
 * journal's checkpointer). Signals are the node's loop's to read (through
 * its signalfd), so a helper thread takes none.
 */
#ifndef HV_THREAD_H
#define HV_THREAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/* pthread_create(THREAD, FN, ARG) with every signal blocked in the new
 * thread. Returns pthread_create's result. */
int hv_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg);

/* How a helper thread that works on a timer is told to stop: it sleeps
 * through hv_stopper_sleep, which its owner's hv_stopper_stop cuts short.
 * LOCK also guards whatever else the thread and its owner share. */
typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t wake; /* on CLOCK_MONOTONIC */
	bool stop;           /* under LOCK */
} hv_stopper_t;

void hv_stopper_init(hv_stopper_t *s);
void hv_stopper_destroy(hv_stopper_t *s);

/* Sleep MS milliseconds, or less when told to stop; whether to stop. */
bool hv_stopper_sleep(hv_stopper_t *s, int64_t ms);

/* Whether the thread has been told to stop. */
bool hv_stopper_stopping(hv_stopper_t *s);

/* Tell the thread to stop, and wait for THREAD to end. */
void hv_stopper_stop(hv_stopper_t *s, pthread_t thread);

#endif
