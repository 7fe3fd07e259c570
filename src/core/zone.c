/*
 * zone.c -- local days in Vietnam's zone unless TZ says otherwise (zone.h).
 */
#include "zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"

#define VIETNAM_FIXED "<+07>-7" /* POSIX: UTC+7, no daylight saving */

/* Whether the tz database holds NAME. */
static int
s_known(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[1024];

	if (name[0] == '\0' || name[0] == '/' || strstr(name, "..") != NULL)
		return 0;
	snprintf(path, sizeof path, "%s/%s", dir != NULL && dir[0] != '\0' ? dir
	                                                                  : "/usr/share/zoneinfo",
	    name);
	return access(path, R_OK) == 0;
}

const char *
hv_zone_init(const char *zone)
{
	const char *tz = getenv("TZ");

	if (tz == NULL || tz[0] == '\0') {
		if (zone == NULL || zone[0] == '\0')
			zone = HV_ZONE_DEFAULT;
		if (!s_known(zone) && strcmp(zone, HV_ZONE_DEFAULT) == 0)
			zone = VIETNAM_FIXED;
		setenv("TZ", zone, 1);
	}
	tzset();
	return getenv("TZ");
}

int
hv_zone_check(const char *zone, const char **why)
{
	if (zone[0] == '\0' || strcmp(zone, HV_ZONE_DEFAULT) == 0 || s_known(zone) ||
	    strpbrk(zone, "0123456789") != NULL)
		return 0;
	*why = N_("not a time zone the tz database holds (such as Asia/Ho_Chi_Minh); is tzdata "
	          "installed?");
	return -1;
}
