/*
 * service.c -- sd_notify when built with libsystemd; nothing otherwise.
 * sd_notify itself does nothing when NOTIFY_SOCKET is not set (the program
 * was not started by systemd as Type=notify).
 */
#include "service.h"

#include <stdio.h>

#include "autoconfig.h"

#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>

void
hv_service_ready(const char *status)
{
	sd_notifyf(0, "READY=1\nSTATUS=%s", status);
}

void
hv_service_reloading(void)
{
	sd_notify(0, "RELOADING=1");
}

void
hv_service_stopping(void)
{
	sd_notify(0, "STOPPING=1");
}

#else

void
hv_service_ready(const char *status)
{
	(void)status;
}

void
hv_service_reloading(void)
{
}

void
hv_service_stopping(void)
{
}

#endif
