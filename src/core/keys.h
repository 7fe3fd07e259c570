/*
 * keys.h -- CurveZMQ key files, as `hangviet keygen NAME` writes them, and
 * putting them on a socket:
 * NAME.key holds the secret key (mode 0600), NAME.pub the public key, each
 * as one line of Z85 text (40 characters) after '#' comment lines. A
 * secret key file says nothing else: its public key is derived from it.
 * No function here ever logs or prints a secret key.
 */
#ifndef HV_KEYS_H
#define HV_KEYS_H

#include <stddef.h>

#define HV_KEY_Z85 40 /* characters of a key in Z85 */

typedef struct {
	char pub[HV_KEY_Z85 + 1]; /* Z85, NUL-terminated */
	char sec[HV_KEY_Z85 + 1];
} hv_keypair_t;

/* Make a new key pair and write NAME.key (0600) and NAME.pub (0644).
 * Refuses when either file exists; on any failure neither file is left
 * behind. Returns 0, or -1 with a message for a person in ERR. */
int hv_keys_generate(const char *name, char *err, size_t errlen);

/* Read the secret key file PATH into KP (its public key derived). Refuses
 * a file that users other than its owner and its group may read or write.
 * Returns 0, or -1 with ERR. */
int hv_keys_read_secret(const char *path, hv_keypair_t *kp, char *err, size_t errlen);

/* Read the public key file PATH into PUB (Z85). Returns 0, or -1 with
 * ERR. */
int hv_keys_read_public(const char *path, char pub[HV_KEY_Z85 + 1], char *err, size_t errlen);

/* Make the ZeroMQ socket SOCK a CurveZMQ server with the secret key file
 * KEY. Returns 0, or -1 with ERR. */
int hv_keys_apply_server(void *sock, const char *key, char *err, size_t errlen);

/* Make SOCK a CurveZMQ client of the server whose public key file is
 * SERVER_PUB, with this node's secret key file CLIENT_KEY. Returns 0, or
 * -1 with ERR. */
int hv_keys_apply_client(
    void *sock, const char *server_pub, const char *client_key, char *err, size_t errlen);

/* Whether TEXT is exactly one key in Z85 (40 characters that decode). */
int hv_keys_z85_valid(const char *text);

#endif
