/*
 * service.h -- telling systemd how a program is doing (sd_notify), for the
 * Type=notify units under packaging/systemd/: ready once its sockets are
 * bound and its state is open, reloading while SIGHUP is handled, stopping
 * when it begins to shut down. Built without libsystemd (configure
 * --without-systemd), or run outside systemd, each call does nothing.
 */
#ifndef HV_SERVICE_H
#define HV_SERVICE_H

/* Ready: the program serves; STATUS is a line `systemctl status` shows. */
void hv_service_ready(const char *status);

/* Reloading (SIGHUP): followed by hv_service_ready when done. */
void hv_service_reloading(void);

/* Stopping: the program has begun to shut down. */
void hv_service_stopping(void);

#endif
