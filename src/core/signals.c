/*
 * signals.c -- signals read from a signalfd (signals.h).
 */
#include "signals.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "i18n.h"
#include "log.h"

int
hv_signals_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

bool
hv_signals_handle(int fd, void (*reload)(void *arg), void *arg)
{
	struct signalfd_siginfo si;
	bool stop = false;

	while (fd >= 0 && read(fd, &si, sizeof si) == sizeof si) {
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
			hv_info(_("signal %u: stopping"), si.ssi_signo);
			stop = true;
		} else if (reload != NULL) {
			reload(arg);
		} else {
			hv_info("%s", _("SIGHUP: nothing to reload (restart to read the config again)"));
		}
	}
	return stop;
}

bool
hv_signals_wait(int sigfd, int fd, int timeout_ms)
{
	struct pollfd p[2] = {{sigfd, POLLIN, 0}, {fd, POLLIN, 0}};

	while (poll(p, 2, timeout_ms) < 0)
		if (errno != EINTR)
			return false;
	return (p[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}
