/*
 * signals.c -- signals read from a signalfd (signals.h).
 */
#include "signals.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

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

int
hv_signals_take(int fd)
{
	struct signalfd_siginfo si;

	if (fd < 0 || read(fd, &si, sizeof si) != sizeof si)
		return 0;
	return (int)si.ssi_signo;
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

bool
hv_signals_is_stop(int signo)
{
	return signo == SIGTERM || signo == SIGINT;
}
