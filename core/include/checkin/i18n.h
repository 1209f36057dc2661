/* i18n.h - translated messages. Vietnamese is the source language: every
 * string a person reads is written in Vietnamese inside _() and the
 * catalogues under po/ give other languages (po/en.po: English, chosen by
 * LANG=en_US.UTF-8 or LANGUAGE=en). Strings in static tables use N_() and
 * are translated with _() where they are printed. */
#ifndef CHECKIN_I18N_H
#define CHECKIN_I18N_H

#include <libintl.h>

#define CHECKIN_TEXT_DOMAIN "checkin"
#define _(s) dgettext(CHECKIN_TEXT_DOMAIN, s)
#define N_(s) (s)
/* Plural forms: ngettext with the text domain. */
#define P_(one, many, n) dngettext(CHECKIN_TEXT_DOMAIN, one, many, n)

/* Set the message language from the environment (LC_ALL, LC_MESSAGES,
 * LANG, LANGUAGE) and find the catalogues: beside the program when
 * installed (bin/../share/locale), the build tree's when run from a build.
 * Only LC_CTYPE and LC_MESSAGES follow the environment: numbers, dates
 * and sorting stay as the program writes them (JSON, CSV, the log).
 * Call once at the start of main, before any message. */
void i18n_init(void);

/* The language messages come out in: "vi" (the source) or a catalogue's
 * code such as "en". Never NULL; a static string. */
const char *i18n_language(void);

#endif
