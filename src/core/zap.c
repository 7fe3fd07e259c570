/*
 * zap.c -- the ZAP handler thread.
 */
#include "zap.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zmq.h>

#include "date.h"
#include "i18n.h"
#include "keys.h"
#include "log.h"
#include "thread.h"

#define ZAP_ENDPOINT "inproc://zeromq.zap.01"
#define MAX_DOMAINS  8
#define MAX_FRAMES   8     /* a ZAP request has 7 frames for CURVE */
#define NAME_MAX_LEN 64    /* a User-Id: the key file's name */
#define RELOAD_MS    10000 /* an unchanged allow directory is read again this often */
#define LOG_EVERY_MS 10000 /* at most one line about refusals this often */
#define POLL_MS      200   /* how soon the thread notices it must stop */

typedef struct {
	uint8_t key[32];
	char name[NAME_MAX_LEN];
} allowed_t;

typedef struct {
	char name[32];   /* the sockets' ZMQ_ZAP_DOMAIN */
	char dir[4096];  /* the allow directory */
	allowed_t *keys; /* the admitted keys */
	size_t nkeys;
	struct timespec mtime; /* of DIR when read */
	int64_t read_at;       /* monotonic ms */
} domain_t;

struct hv_zap {
	void *sock; /* REP on ZAP_ENDPOINT, used by the thread only once started */
	pthread_t thread;
	bool started;         /* the thread runs */
	pthread_mutex_t lock; /* guards the domains */
	domain_t domains[MAX_DOMAINS];
	int ndomains;
	atomic_bool stop;
	atomic_int_fast64_t refused;
	hv_log_limit_t limit; /* of the lines about refusals (the thread's) */
};

/* ------------------------------------------------------ allow lists */

static bool
s_is_pub(const char *file)
{
	size_t n = strlen(file);
	return n > 4 && file[0] != '.' && strcmp(file + n - 4, ".pub") == 0;
}

/* Read D's directory into its key list. Returns 0, or -1 with ERR. */
static int
s_read_dir(domain_t *d, char *err, size_t errlen)
{
	DIR *dir = opendir(d->dir);
	struct dirent *e;
	struct stat st;
	size_t cap = 0;

	if (dir == NULL || fstat(dirfd(dir), &st) < 0) {
		snprintf(err, errlen, _("cannot read the allow directory %s: %s"), d->dir,
		    strerror(errno));
		if (dir != NULL)
			closedir(dir);
		return -1;
	}
	d->nkeys = 0;
	while ((e = readdir(dir)) != NULL) {
		char path[4400], pub[HV_KEY_Z85 + 1], why[512];
		if (!s_is_pub(e->d_name))
			continue;
		snprintf(path, sizeof path, "%s/%s", d->dir, e->d_name);
		if (hv_keys_read_public(path, pub, why, sizeof why) < 0) {
			hv_warn(_("%s: skipped (%s)"), path, why);
			continue;
		}
		if (d->nkeys == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			allowed_t *k = realloc(d->keys, ncap * sizeof *k);
			if (k == NULL)
				break;
			d->keys = k;
			cap = ncap;
		}
		allowed_t *a = &d->keys[d->nkeys++];
		zmq_z85_decode(a->key, pub);
		snprintf(a->name, sizeof a->name, "%.*s", (int)(strlen(e->d_name) - 4), e->d_name);
	}
	closedir(dir);
	d->mtime = st.st_mtim;
	d->read_at = hv_clock_ms(CLOCK_MONOTONIC);
	return 0;
}

/* Read D's directory again when it changed, or now and then in any case
 * (a key file replaced in place leaves the directory's time alone). */
static void
s_refresh(domain_t *d)
{
	struct stat st;
	char err[512];

	if (stat(d->dir, &st) == 0 && st.st_mtim.tv_sec == d->mtime.tv_sec &&
	    st.st_mtim.tv_nsec == d->mtime.tv_nsec &&
	    hv_clock_ms(CLOCK_MONOTONIC) - d->read_at < RELOAD_MS)
		return;
	if (s_read_dir(d, err, sizeof err) < 0)
		hv_warn(_("%s; keeping the keys read before"), err);
}

/* The name KEY is admitted under on DOMAIN, or NULL. */
static const char *
s_admitted(hv_zap_t *z, const char *domain, const uint8_t *key)
{
	for (int i = 0; i < z->ndomains; i++) {
		domain_t *d = &z->domains[i];
		if (strcmp(d->name, domain) != 0)
			continue;
		s_refresh(d);
		for (size_t k = 0; k < d->nkeys; k++)
			if (memcmp(d->keys[k].key, key, 32) == 0)
				return d->keys[k].name;
	}
	return NULL;
}

/* ---------------------------------------------------------- requests */

static void
s_log_refusal(hv_zap_t *z, const char *domain, const char *address, const uint8_t *key)
{
	char pub[HV_KEY_Z85 + 1] = "?";
	int64_t held;

	if (!hv_log_limit(&z->limit, LOG_EVERY_MS, &held))
		return;
	if (key != NULL)
		zmq_z85_encode(pub, key, 32);
	hv_warn(_("refused a CurveZMQ client on %s from %s: its public key %s is not allowed "
	          "(%lld more refused since the last such line)"),
	    domain, address, pub, (long long)held);
}

/* Frame I of the request as a string of at most LEN-1 bytes. */
static void
s_frame_str(zmq_msg_t *f, int n, int i, char *out, size_t len)
{
	size_t size = i < n ? zmq_msg_size(&f[i]) : 0;
	if (size >= len)
		size = len - 1;
	if (size > 0)
		memcpy(out, zmq_msg_data(&f[i]), size);
	out[size] = '\0';
}

/* Decide one request (frames F[0..N)) and send the reply. */
static void
s_answer(hv_zap_t *z, zmq_msg_t *f, int n)
{
	char domain[32], address[64], mechanism[16];
	const char *user = NULL;
	bool ok;

	s_frame_str(f, n, 2, domain, sizeof domain);
	s_frame_str(f, n, 3, address, sizeof address);
	s_frame_str(f, n, 5, mechanism, sizeof mechanism);
	const uint8_t *key = n >= 7 && zmq_msg_size(&f[6]) == 32 ? zmq_msg_data(&f[6]) : NULL;
	if (strcmp(mechanism, "NULL") == 0) {
		ok = true; /* plaintext: allowed or refused by the endpoint's own rule */
		user = "";
	} else {
		pthread_mutex_lock(&z->lock);
		user = strcmp(mechanism, "CURVE") == 0 && key != NULL ? s_admitted(z, domain, key)
		                                                      : NULL;
		ok = user != NULL;
		pthread_mutex_unlock(&z->lock);
	}
	if (!ok) {
		atomic_fetch_add(&z->refused, 1);
		s_log_refusal(z, domain, address, key);
	} else if (user[0] != '\0') {
		hv_debug("admitted %s on %s from %s", user, domain, address);
	}
	const char *status = ok ? "200" : "400", *text = ok ? "OK" : "key not allowed";
	zmq_send(z->sock, "1.0", 3, ZMQ_SNDMORE);
	zmq_send(z->sock, n > 1 ? zmq_msg_data(&f[1]) : "", n > 1 ? zmq_msg_size(&f[1]) : 0,
	    ZMQ_SNDMORE);
	zmq_send(z->sock, status, 3, ZMQ_SNDMORE);
	zmq_send(z->sock, text, strlen(text), ZMQ_SNDMORE);
	zmq_send(z->sock, ok ? user : "", ok ? strlen(user) : 0, ZMQ_SNDMORE);
	zmq_send(z->sock, "", 0, 0);
}

/* Receive one whole request; returns its frame count, or -1. */
static int
s_receive(hv_zap_t *z, zmq_msg_t *f)
{
	int n = 0, more = 1;
	size_t ml = sizeof more;

	while (more) {
		zmq_msg_t extra, *m = n < MAX_FRAMES ? &f[n] : &extra;
		zmq_msg_init(m);
		if (zmq_msg_recv(m, z->sock, 0) < 0) {
			zmq_msg_close(m);
			for (int i = 0; i < n; i++)
				zmq_msg_close(&f[i]);
			return -1;
		}
		if (m == &extra)
			zmq_msg_close(m); /* frames past the last kept: dropped */
		else
			n++;
		zmq_getsockopt(z->sock, ZMQ_RCVMORE, &more, &ml);
	}
	return n;
}

static void *
s_thread(void *arg)
{
	hv_zap_t *z = arg;

	while (!atomic_load(&z->stop)) {
		zmq_pollitem_t item = {z->sock, 0, ZMQ_POLLIN, 0};
		zmq_msg_t f[MAX_FRAMES];
		int n;
		if (zmq_poll(&item, 1, POLL_MS) < 0) {
			if (errno == ETERM)
				break;
			continue;
		}
		if (!(item.revents & ZMQ_POLLIN) || (n = s_receive(z, f)) < 0)
			continue;
		s_answer(z, f, n);
		for (int i = 0; i < n; i++)
			zmq_msg_close(&f[i]);
	}
	return NULL;
}

/* ------------------------------------------------------------ the API */

hv_zap_t *
hv_zap_new(void *ctx, char *err, size_t errlen)
{
	hv_zap_t *z = calloc(1, sizeof *z);
	int linger = 0;

	if (z == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	pthread_mutex_init(&z->lock, NULL);
	z->sock = zmq_socket(ctx, ZMQ_REP);
	if (z->sock != NULL)
		zmq_setsockopt(z->sock, ZMQ_LINGER, &linger, sizeof linger);
	if (z->sock == NULL || zmq_bind(z->sock, ZAP_ENDPOINT) < 0) {
		snprintf(err, errlen, _("cannot start the CurveZMQ access check: %s"),
		    zmq_strerror(errno));
		hv_zap_destroy(&z);
		return NULL;
	}
	int rc = hv_thread_start(&z->thread, s_thread, z);
	if (rc != 0) {
		snprintf(err, errlen, "%s", _("cannot start the CurveZMQ access check thread"));
		hv_zap_destroy(&z);
		return NULL;
	}
	z->started = true;
	return z;
}

int
hv_zap_allow(hv_zap_t *z, const char *domain, const char *dir, char *err, size_t errlen)
{
	domain_t d = {0};
	int rc = -1;

	snprintf(d.name, sizeof d.name, "%s", domain);
	snprintf(d.dir, sizeof d.dir, "%s", dir);
	if (s_read_dir(&d, err, errlen) < 0)
		return -1;
	pthread_mutex_lock(&z->lock);
	if (z->ndomains < MAX_DOMAINS) {
		z->domains[z->ndomains++] = d;
		rc = 0;
	} else {
		snprintf(err, errlen, "%s", _("too many CurveZMQ endpoints"));
		free(d.keys);
	}
	pthread_mutex_unlock(&z->lock);
	return rc;
}

int64_t
hv_zap_refused(const hv_zap_t *z)
{
	return z != NULL ? atomic_load(&((hv_zap_t *)z)->refused) : 0;
}

void
hv_zap_destroy(hv_zap_t **zp)
{
	hv_zap_t *z = *zp;

	if (z == NULL)
		return;
	if (z->started) {
		atomic_store(&z->stop, true);
		pthread_join(z->thread, NULL);
	}
	if (z->sock != NULL)
		zmq_close(z->sock);
	for (int i = 0; i < z->ndomains; i++)
		free(z->domains[i].keys);
	pthread_mutex_destroy(&z->lock);
	free(z);
	*zp = NULL;
}
