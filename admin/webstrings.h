/* webstrings.h - the dashboard page's words in the language checkin-admin
 * serve runs in (its LANG and LANGUAGE, through gettext), for /api/strings:
 * the page is written in Vietnamese and asks the server for the rest. */
#ifndef CHECKIN_ADMIN_WEBSTRINGS_H
#define CHECKIN_ADMIN_WEBSTRINGS_H

#include <jansson.h>

/* {"lang": "vi"|"en"|..., "strings": {VIETNAMESE: TRANSLATION, ...}} for
 * every text of the page; a new reference the caller owns, NULL when out
 * of memory. */
json_t *webstrings_json(void);

#endif
