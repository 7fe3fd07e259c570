/*
 * keys.c -- CurveZMQ key files, and putting them on a socket.
 */
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

#include "i18n.h"

#define KEY_FILE_MAX 4096 /* a key file is a few lines; anything longer is not one */

int
hv_keys_z85_valid(const char *text)
{
	uint8_t raw[32];

	return strlen(text) == HV_KEY_Z85 && zmq_z85_decode(raw, text) != NULL;
}

/* Write TEXT to a new file PATH with MODE; never replaces a file. */
static int
s_write_new(const char *path, mode_t mode, const char *text, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	size_t len = strlen(text);

	if (fd < 0) {
		snprintf(err, errlen, _("cannot create %s: %s"), path, strerror(errno));
		return -1;
	}
	/* open() narrows MODE by the umask; set it exactly. */
	if (fchmod(fd, mode) < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) < 0) {
		snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return close(fd);
}

int
hv_keys_generate(const char *name, char *err, size_t errlen)
{
	char keypath[4096], pubpath[4096], text[512];
	hv_keypair_t kp;
	struct stat st;

	if (name[0] == '\0' ||
	    snprintf(keypath, sizeof keypath, "%s.key", name) >= (int)sizeof keypath ||
	    snprintf(pubpath, sizeof pubpath, "%s.pub", name) >= (int)sizeof pubpath) {
		snprintf(err, errlen, "%s", _("the key name is empty or too long"));
		return -1;
	}
	for (const char *p = keypath; p != NULL; p = p == keypath ? pubpath : NULL)
		if (lstat(p, &st) == 0) {
			snprintf(
			    err, errlen, _("%s already exists: keys are never overwritten"), p);
			return -1;
		}
	if (zmq_curve_keypair(kp.pub, kp.sec) < 0) {
		snprintf(err, errlen, _("cannot make a key pair: %s"), zmq_strerror(errno));
		return -1;
	}
	snprintf(text, sizeof text,
	    "# hangviet CurveZMQ secret key \"%s\": keep it private, never copy it elsewhere\n%s\n",
	    name, kp.sec);
	if (s_write_new(keypath, 0600, text, err, errlen) < 0)
		return -1;
	snprintf(text, sizeof text,
	    "# hangviet CurveZMQ public key \"%s\": give it to the nodes that must admit it\n%s\n",
	    name, kp.pub);
	if (s_write_new(pubpath, 0644, text, err, errlen) < 0) {
		unlink(keypath);
		return -1;
	}
	memset(&kp, 0, sizeof kp);
	memset(text, 0, sizeof text);
	return 0;
}

/* Read the one key in the file PATH (already open as FD) into OUT. */
static int
s_read_key(int fd, const char *path, char out[HV_KEY_Z85 + 1], char *err, size_t errlen)
{
	char buf[KEY_FILE_MAX + 1];
	ssize_t n = read(fd, buf, KEY_FILE_MAX + 1);
	int found = 0;

	if (n < 0) {
		snprintf(err, errlen, _("cannot read %s: %s"), path, strerror(errno));
		return -1;
	}
	if (n > KEY_FILE_MAX) {
		snprintf(err, errlen, _("%s is too long to be a key file"), path);
		return -1;
	}
	buf[n] = '\0';
	for (char *save = NULL, *line = strtok_r(buf, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		line += strspn(line, " \t");
		line[strcspn(line, " \t\r")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (found || !hv_keys_z85_valid(line)) {
			found = -1;
			break;
		}
		memcpy(out, line, HV_KEY_Z85 + 1);
		found = 1;
	}
	memset(buf, 0, sizeof buf);
	if (found != 1) {
		snprintf(err, errlen,
		    _("%s is not a key file: it must hold one key of 40 Z85 characters (make one "
		      "with hangviet keygen)"),
		    path);
		return -1;
	}
	return 0;
}

/* Open the key file PATH for reading; fills ST. Returns the fd or -1. */
static int
s_open(const char *path, struct stat *st, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, st) < 0) {
		snprintf(err, errlen, _("cannot open the key file %s: %s"), path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		snprintf(err, errlen, _("%s is not a regular file"), path);
		close(fd);
		return -1;
	}
	return fd;
}

int
hv_keys_read_secret(const char *path, hv_keypair_t *kp, char *err, size_t errlen)
{
	struct stat st;
	int fd = s_open(path, &st, err, errlen), rc;

	if (fd < 0)
		return -1;
	if (st.st_mode & (S_IROTH | S_IWOTH)) {
		snprintf(err, errlen,
		    _("%s holds a secret key but anyone on this machine may read it; run chmod 600 "
		      "%s"),
		    path, path);
		close(fd);
		return -1;
	}
	rc = s_read_key(fd, path, kp->sec, err, errlen);
	close(fd);
	if (rc == 0 && zmq_curve_public(kp->pub, kp->sec) < 0) {
		snprintf(err, errlen, _("cannot derive the public key of %s"), path);
		rc = -1;
	}
	return rc;
}

int
hv_keys_read_public(const char *path, char pub[HV_KEY_Z85 + 1], char *err, size_t errlen)
{
	struct stat st;
	int fd = s_open(path, &st, err, errlen), rc;

	if (fd < 0)
		return -1;
	rc = s_read_key(fd, path, pub, err, errlen);
	close(fd);
	return rc;
}

/* Set the CURVE options NAMES[i] to VALUES[i] (Z85) on SOCK. */
static int
s_setsockopts(
    void *sock, const int *names, const char *const *values, int n, char *err, size_t errlen)
{
	for (int i = 0; i < n; i++)
		if (zmq_setsockopt(sock, names[i], values[i], HV_KEY_Z85) < 0) {
			snprintf(err, errlen, _("cannot set up CurveZMQ: %s"), zmq_strerror(errno));
			return -1;
		}
	return 0;
}

int
hv_keys_apply_server(void *sock, const char *key, char *err, size_t errlen)
{
	hv_keypair_t kp;
	int one = 1, rc = -1;

	if (hv_keys_read_secret(key, &kp, err, errlen) < 0)
		return -1;
	if (zmq_setsockopt(sock, ZMQ_CURVE_SERVER, &one, sizeof one) < 0)
		snprintf(err, errlen, _("cannot set up CurveZMQ: %s"), zmq_strerror(errno));
	else
		rc = s_setsockopts(
		    sock, (int[]){ZMQ_CURVE_SECRETKEY}, (const char *[]){kp.sec}, 1, err, errlen);
	memset(&kp, 0, sizeof kp);
	return rc;
}

int
hv_keys_apply_client(
    void *sock, const char *server_pub, const char *client_key, char *err, size_t errlen)
{
	char server[HV_KEY_Z85 + 1];
	hv_keypair_t kp;
	int rc;

	if (hv_keys_read_public(server_pub, server, err, errlen) < 0 ||
	    hv_keys_read_secret(client_key, &kp, err, errlen) < 0)
		return -1;
	rc = s_setsockopts(sock,
	    (int[]){ZMQ_CURVE_SERVERKEY, ZMQ_CURVE_PUBLICKEY, ZMQ_CURVE_SECRETKEY},
	    (const char *[]){server, kp.pub, kp.sec}, 3, err, errlen);
	memset(&kp, 0, sizeof kp);
	return rc;
}
