/*
 * thread.h -- starting a helper thread of a node (the ZAP handler, the
 * journal's checkpointer). Signals are the node's loop's to read (through
 * its signalfd), so a helper thread takes none.
 */
#ifndef HV_THREAD_H
#define HV_THREAD_H

#include <pthread.h>

/* pthread_create(THREAD, FN, ARG) with every signal blocked in the new
 * thread. Returns pthread_create's result. */
int hv_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg);

#endif
