/*
 * i18n.c -- locale and message catalog set-up shared by every program.
 */
#include "i18n.h"

#include <locale.h>
#include <stdlib.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/share/locale"
#endif

void
hv_i18n_init(void)
{
	const char *dir = getenv("HANGVIET_LOCALEDIR");

	setlocale(LC_ALL, "");
	/* printf and strtod stay machine-readable (JSON, CSV, config files);
	 * reports ask the environment's LC_NUMERIC for people's separators. */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain("hangviet", dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
	bind_textdomain_codeset("hangviet", "UTF-8");
	textdomain("hangviet");
}
