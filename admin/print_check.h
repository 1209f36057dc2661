/* print_check.h - warnings, at the door of the roster, about text the
 * invitation fonts cannot draw.
 *
 * 'import', 'add' and 'edit' accept a name in Chinese characters or with
 * an emoji (it is the person's name), but 'invitations' will leave that
 * delegate out, because the bundled fonts have no such letters. These
 * functions say so when the text comes in, naming the row, so that the
 * secretariat can correct it weeks before the print run. They only warn:
 * nothing here refuses a row or changes an exit status.
 *
 * The fonts are the invitations' own (fonts.h, assets_dir()); when they
 * cannot be opened, one warning says the check was not made. Warnings go
 * to the stream given, escaped (escape.h). Nothing is kept. */
#ifndef CHECKIN_ADMIN_PRINT_CHECK_H
#define CHECKIN_ADMIN_PRINT_CHECK_H

#include <stddef.h>
#include <stdio.h>
#include "checkin/delegate.h"

/* For each row of the roster CSV file path whose name,
 * title, organisation or seat holds such a character, one line per field:
 * "PATH:LINE: warning: name: U+1F600 cannot be printed with the bundled fonts",
 * like the import's other warnings.
 * Reading every distinct character of the file first, it parses the rows
 * only when one of them is missing from the fonts. Returns the number of
 * rows warned about. */
size_t print_check_roster(const char *path, FILE *out);

/* The same for one delegate (add, edit): "warning: id 231: name: U+1F600
 * cannot be printed with the bundled fonts". Returns the number of fields
 * warned about. */
size_t print_check_delegate(const struct delegate *d, FILE *out);

#endif
