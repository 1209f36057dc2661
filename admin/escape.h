/* escape.h - roster text made safe to show on a terminal.
 *
 * Names, titles and the lines of a CSV file come from people and files the
 * secretariat does not control. Printed raw, an ESC in a name is a
 * terminal command (colours, a cleared screen, a changed window title, on
 * some terminals worse) and a right-to-left override makes a line read
 * differently from what it holds. The core refuses control characters
 * when text comes in (delegate_validate); this is for what it cannot
 * refuse: older stores, error messages that quote a file, text shown by
 * the admin commands.
 *
 * Escaped, always, in everything a person reads (and in TSV, CSV and JSON
 * when they go to a terminal): the C0 controls (line breaks and tabs
 * too: \n \r \t), DEL and the C1 controls as \u007f, the bidirectional
 * controls U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069 as
 * \u202e, and any byte that is not UTF-8 as \xff. Everything else,
 * Vietnamese first, is left as it is. The \u form is JSON's own, so
 * escaping the inside of a JSON string keeps it JSON.
 *
 * escape_text() returns a malloc'd string the caller frees; the other
 * functions keep nothing. */
#ifndef CHECKIN_ADMIN_ESCAPE_H
#define CHECKIN_ADMIN_ESCAPE_H

#include <stdarg.h>
#include <stdio.h>

/* Keep line breaks as they are (for text that is already JSON, whose
 * strings cannot hold a raw one, or a message of several lines). */
#define ESCAPE_KEEP_NEWLINES 1

/* Nonzero when escaping s (NULL is "") would change it. */
int escape_needed(const char *s, int flags);
/* s escaped (NULL is ""); NULL only when out of memory. */
char *escape_text(const char *s, int flags);
/* Write s escaped to out. */
void escape_put(FILE *out, const char *s, int flags);
/* One line: fmt formatted, all of it escaped, then a newline. For the
 * messages that quote input (error and warning lines), whose format has
 * no line break of its own. */
void escape_line(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void escape_vline(FILE *out, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Nonzero when fp is a terminal (machine formats escape only then). */
int escape_is_tty(FILE *fp);

#endif
