/* print_check.c - warnings about text the invitation fonts cannot draw,
 * for 'import', 'add' and 'edit' (see print_check.h).
 *
 * An import of 100,000 rows must not pay a font lookup per row: the file's
 * distinct characters are collected in one pass over the bytes (a bitmap
 * of the code points), the fonts are asked about those once, and only
 * when one is missing are the rows parsed to find where it is. A roster
 * in Vietnamese (ASCII and Vietnamese letters, which any chosen font has)
 * does not open the fonts at all. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "checkin/assets.h"
#include "checkin/roster.h"
#include "escape.h"
#include "fonts.h"
#include "print_check.h"
#include "checkin/i18n.h"

static int open_fonts(struct inv_fonts **f, FILE *out)
{
	ck_err err;
	if (inv_fonts_open_cover(assets_dir(), f, &err) == 0)
		return 0;
	escape_line(out, _("cảnh báo: không kiểm tra được giấy mời in được những ký tự nào: %s"), err.msg);
	return -1;
}

/* The distinct characters of data that inv_fonts_sure() cannot vouch for,
 * as one UTF-8 string (malloc'd): empty for a roster in Vietnamese, which
 * then needs no fonts at all. Bytes that are not UTF-8 are skipped (the
 * import refuses them). NULL when out of memory. */
static char *distinct_chars(const char *data, size_t len)
{
	enum { NCP = 0x110000 };
	uint8_t *seen = calloc(NCP / 8, 1);
	size_t cap = 256, n = 0;
	char *s = malloc(cap);
	if (!seen || !s)
		goto fail;
	for (size_t i = 0; i < len;) {
		unsigned char b = (unsigned char)data[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		size_t k = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
		if (k == 1 || i + k > len) {
			i++;
			continue;
		}
		uint32_t c = b & (0xFF >> (k + 1));
		size_t j = 1;
		for (; j < k && ((unsigned char)data[i + j] & 0xC0) == 0x80; j++)
			c = c << 6 | ((unsigned char)data[i + j] & 0x3F);
		if (j < k || c >= NCP) {
			i++;
			continue;
		}
		/* seen marks every character once, vouched for or not: asking
		 * inv_fonts_sure() of each of a 100,000-row file's characters
		 * was 8% of its import */
		int fresh = !(seen[c / 8] & (1u << (c % 8)));
		seen[c / 8] |= (uint8_t)(1u << (c % 8));
		if (fresh && !inv_fonts_sure(c)) {
			if (n + k + 1 > cap) {
				char *grown = realloc(s, cap * 2);
				if (!grown)
					goto fail;
				s = grown;
				cap *= 2;
			}
			memcpy(s + n, data + i, k);
			n += k;
		}
		i += k;
	}
	s[n] = 0;
	free(seen);
	return s;
fail:
	free(seen);
	free(s);
	return NULL;
}

/* One line per field of d the fonts cannot draw: "PATH:LINE: ..." for a
 * row of a file (path not NULL), else "warning: id N: ...". */
static size_t warn_fields(struct inv_fonts *f, const struct delegate *d, FILE *out, const char *path, size_t line)
{
	struct inv_unprintable u[4];
	int k = inv_fonts_check_delegate(f, d, u);
	for (int i = 0; i < k; i++) {
		char what[256];
		inv_unprintable_describe(f, &u[i], what, sizeof what);
		if (path)
			escape_line(out, _("%s:%zu: cảnh báo: %s"), path, line, what);
		else
			escape_line(out, _("cảnh báo: số %lld: %s"), (long long)d->id, what);
	}
	return (size_t)k;
}

/* The whole of path (malloc'd, NUL-terminated) and its length; NULL when
 * it cannot be read (the import says why). */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	if (!fp)
		return NULL;
	do {
		if (cap - n < 65536) {
			char *grown = realloc(buf, cap ? cap * 2 : 65536 + 1);
			if (!grown) {
				free(buf);
				fclose(fp);
				return NULL;
			}
			buf = grown;
			cap = cap ? cap * 2 : 65536 + 1;
		}
		got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
	} while (got > 0);
	if (ferror(fp)) {
		free(buf);
		buf = NULL;
	} else {
		buf[n] = 0;
		*len = n;
	}
	fclose(fp);
	return buf;
}

size_t print_check_roster(const char *path, FILE *out)
{
	struct inv_fonts *f = NULL;
	struct roster ro = {0};
	ck_err err;
	size_t rows = 0, len = 0;
	uint32_t one;
	char *data = slurp(path, &len);
	char *chars = data ? distinct_chars(data, len) : NULL;
	if (!chars || !*chars)
		goto out; /* ASCII only (or no memory for a check that only warns) */
	if (open_fonts(&f, out) < 0 || inv_fonts_missing(f, chars, &one, 1) == 0)
		goto out;
	if (roster_parse(data, len, &ro, &err) < 0)
		goto out; /* the import says why */
	for (size_t i = 0; i < ro.nrows; i++)
		if (warn_fields(f, &ro.rows[i].d, out, path, ro.rows[i].line))
			rows++;
out:
	roster_release(&ro);
	inv_fonts_free(f);
	free(chars);
	free(data);
	return rows;
}

/* Nonzero when some printed text of d has a character inv_fonts_sure()
 * cannot vouch for: only then are the fonts worth opening. */
static int needs_fonts(const struct delegate *d)
{
	const char *fields[] = {d->name, d->title, d->organization, d->seat};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		for (const char *p = fields[i]; p && *p; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char_validated(p, -1);
			if (c == (gunichar)-1 || c == (gunichar)-2)
				break;
			if (!inv_fonts_sure(c))
				return 1;
		}
	return 0;
}

size_t print_check_delegate(const struct delegate *d, FILE *out)
{
	struct inv_fonts *f = NULL;
	size_t n = 0;
	if (needs_fonts(d) && open_fonts(&f, out) == 0)
		n = warn_fields(f, d, out, NULL, 0);
	inv_fonts_free(f);
	return n;
}
