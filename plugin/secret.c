/*
 * secret.c -- reading a 0600 secret file.
 */
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

int
hv_secret_read(const char *path, char *buf, size_t size, char *err, size_t errlen)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, _("cannot read the secret file %s: %s"), path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || (st.st_mode & 077) != 0) {
		snprintf(err, errlen,
		    _("the secret file %s may be read by others (mode %04o): it must be mode 0600 "
		      "(chmod 600 %s)"),
		    path, (unsigned)(st.st_mode & 07777), path);
		close(fd);
		return -1;
	}
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0) {
		snprintf(err, errlen, _("cannot read the secret file %s: %s"), path, strerror(errno));
		return -1;
	}
	if ((size_t)n == size - 1) {
		snprintf(err, errlen, _("the secret file %s holds more than a secret"), path);
		buf[0] = '\0';
		return -1;
	}
	buf[n] = '\0';
	size_t len = strcspn(buf, "\r\n");
	while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		len--;
	buf[len] = '\0';
	if (len == 0) {
		snprintf(err, errlen, _("the secret file %s is empty"), path);
		return -1;
	}
	return 0;
}
