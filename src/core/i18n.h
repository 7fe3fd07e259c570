/*
 * i18n.h -- user-facing text in English and Vietnamese through gettext.
 * Wrap every sentence a person reads in _(); mark strings that are
 * translated later (tables, reasons returned by modules) with N_().
 */
#ifndef HV_I18N_H
#define HV_I18N_H

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)

/* Take the locale from the environment and bind the message catalog, from
 * $HANGVIET_LOCALEDIR when set (tests, an uninstalled build), else from the
 * installed locale directory. */
void hv_i18n_init(void);

#endif
