/* text.h - Unicode text helpers (libunistring): NFC, search folding, slugs.
 * The functions that return a string return a malloc'd one the caller
 * frees, or NULL. */
#ifndef CHECKIN_TEXT_H
#define CHECKIN_TEXT_H

#include <stddef.h>

/* Nonzero when s[0..len) is well-formed UTF-8. */
int text_valid_utf8(const char *s, size_t len);

/* Copy src (NULL = "") into dst[len], cut if need be between two UTF-8
 * characters, so that a long name never ends in half a letter. Returns
 * the bytes copied. The one place text is shortened to fit a buffer. */
size_t text_copy(char *dst, size_t len, const char *src);
/* How many bytes of s (at most max) end between two UTF-8 characters:
 * where to cut s into pieces of at most max bytes. */
size_t text_fit(const char *s, size_t max);

/* NFC form of s[0..len) with surrounding white space trimmed;
 * NULL when s is not valid UTF-8 or memory ran out. */
char *text_nfc(const char *s, size_t len);

/* Search key: lower case, without diacritics (đ -> d), runs of white space
 * collapsed to one space, trimmed. "  Nguyễn Thị HỒNG " -> "nguyen thi hong". */
char *text_fold(const char *s);

/* ASCII file-name slug: "Nguyễn Thị Hồng" -> "nguyen-thi-hong" (at most 60 chars). */
char *text_slug(const char *s);

/* Columns s takes on a terminal (East Asian width aware). */
int text_width(const char *s);

#endif
