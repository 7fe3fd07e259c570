/*
 * zone.h -- the time zone of local days and hours (doc/protocol.md
 * "Counting"): `TZ` when the environment sets it, else the program's
 * `timezone` setting, Asia/Ho_Chi_Minh unless said otherwise -- never the
 * machine's own zone (an office's server in a cloud often runs UTC, and
 * its days would be seven hours off).
 */
#ifndef HV_ZONE_H
#define HV_ZONE_H

#define HV_ZONE_DEFAULT "Asia/Ho_Chi_Minh"

/* The settings table row of the char[64] FIELD of TYPE: --timezone, the
 * zone of local days when TZ is not set (needs config.h and i18n.h). */
#define HV_ZONE_SETTING(type, field)                                                               \
	{                                                                                          \
		"timezone", HV_SET_STR, offsetof(type, field), sizeof(((type *)0)->field),         \
		    HV_ZONE_DEFAULT, 0, 0, NULL, "ZONE",                                           \
		    N_("the time zone of local days and hours when TZ is not set"), hv_zone_check  \
	}

/* Make ZONE (a tz database name; NULL or "" for HV_ZONE_DEFAULT) the
 * process's zone, unless TZ is set. Without the tz database installed,
 * Asia/Ho_Chi_Minh is Vietnam's fixed UTC+7 (no daylight saving since
 * 1975). Returns the TZ now in force. */
const char *hv_zone_init(const char *zone);

/* A settings check: ZONE is a name the tz database holds (or the default,
 * or a POSIX TZ string such as "<+07>-7"). 0, or -1 with *WHY. */
int hv_zone_check(const char *zone, const char **why);

#endif
