/*
 * state.h -- where a program keeps its state: --state DIR, else
 * $HANGVIET_STATE, else $XDG_STATE_HOME/hangviet, else
 * ~/.local/state/hangviet. The packaged service uses /var/lib/hangviet.
 */
#ifndef HV_STATE_H
#define HV_STATE_H

#include <stddef.h>

/* Write the state directory into BUF (size LEN), from EXPLICIT when not
 * NULL, else from the environment as above. Returns 0, or -1 when there is
 * no way to tell (no HOME) or it does not fit. */
int hv_state_dir(const char *explicit_dir, char *buf, size_t len);

/* Write DIR/FILE into BUF. Returns 0, or -1 when it does not fit. */
int hv_state_path(const char *dir, const char *file, char *buf, size_t len);

/* Create DIR and its missing parents (mode 0750). Returns 0, or -1 with
 * errno set. */
int hv_state_mkdir(const char *dir);

#endif
