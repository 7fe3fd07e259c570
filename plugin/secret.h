/*
 * secret.h -- the files that hold an account's secrets (a client secret,
 * an API key:secret pair, a token, a webhook secret). Each must be a
 * regular file that only its owner may read or write (mode 0600 or
 * stricter); what it holds is never logged or printed.
 */
#ifndef HV_SECRET_H
#define HV_SECRET_H

#include <stddef.h>

/* Read the secret in PATH (its first line, trimmed) into BUF. 0, or -1
 * with ERR saying what is wrong with the file, never what it holds. */
int hv_secret_read(const char *path, char *buf, size_t size, char *err, size_t errlen);

#endif
