/* escape.c - roster text made safe to show on a terminal (see escape.h).
 *
 * One function decides what is escaped, so that 'list', 'status',
 * 'checkin', the import's problem lines and every error message agree.
 * It walks UTF-8 by hand: the set is a handful of code points, and a byte
 * that is not UTF-8 must come out visible rather than stop the walk. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "escape.h"

/* Bytes of the UTF-8 sequence at p and its code point in *cp; 0 when p
 * does not start a well-formed sequence (overlong, surrogate, > U+10FFFF,
 * cut short). */
static size_t utf8_next(const unsigned char *p, unsigned *cp)
{
	unsigned c = p[0], n, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, c &= 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, c &= 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	for (unsigned i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

static int is_bidi_control(unsigned c)
{
	return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069);
}

/* The escape for the character at p (n bytes, code point c) into out
 * (at least 8 bytes); its length, or 0 when it stays as it is. */
static size_t escape_one(const unsigned char *p, size_t n, unsigned c, int flags, char *out)
{
	if (n == 0)
		return (size_t)snprintf(out, 8, "\\x%02x", p[0]);
	if (c == '\n')
		return flags & ESCAPE_KEEP_NEWLINES ? 0 : (memcpy(out, "\\n", 2), 2);
	if (c == '\r')
		return memcpy(out, "\\r", 2), 2;
	if (c == '\t')
		return memcpy(out, "\\t", 2), 2;
	if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || is_bidi_control(c))
		return (size_t)snprintf(out, 8, "\\u%04x", c);
	return 0;
}

/* Walk s, calling put(piece, len, arg) for each run of text as it is and
 * each escape. Returns nonzero when anything was escaped. */
static int walk(const char *s, int flags, void (*put)(const char *, size_t, void *), void *arg)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p;
	int changed = 0;
	while (*p) {
		unsigned c = 0;
		size_t n = utf8_next(p, &c);
		char esc[8];
		size_t e = escape_one(p, n, c, flags, esc);
		if (e == 0) {
			p += n;
			continue;
		}
		changed = 1;
		if (!put)
			return 1;
		if (p > run)
			put((const char *)run, (size_t)(p - run), arg);
		put(esc, e, arg);
		p += n ? n : 1;
		run = p;
	}
	if (put && p > run)
		put((const char *)run, (size_t)(p - run), arg);
	return changed;
}

int escape_needed(const char *s, int flags)
{
	return walk(s, flags, NULL, NULL);
}

struct buf {
	char *p;
	size_t len;
};

static void put_buf(const char *s, size_t n, void *arg)
{
	struct buf *b = arg;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

char *escape_text(const char *s, int flags)
{
	/* an escape is at most 6 bytes for a 1-byte input: 6x is always enough */
	size_t len = strlen(s ? s : "");
	struct buf b = {malloc(len * 6 + 1), 0};
	if (!b.p)
		return NULL;
	if (!walk(s, flags, put_buf, &b)) {
		memcpy(b.p, s ? s : "", len + 1);
		return b.p;
	}
	b.p[b.len] = 0;
	return b.p;
}

static void put_file(const char *s, size_t n, void *arg)
{
	fwrite(s, 1, n, (FILE *)arg);
}

void escape_put(FILE *out, const char *s, int flags)
{
	if (!walk(s, flags, NULL, NULL))
		fputs(s ? s : "", out);
	else
		walk(s, flags, put_file, out);
}

void escape_vline(FILE *out, const char *fmt, va_list ap)
{
	char small[1024], *big = NULL;
	const char *text = small;
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	if (n >= (int)sizeof small && (big = malloc((size_t)n + 1)) != NULL) {
		vsnprintf(big, (size_t)n + 1, fmt, again);
		text = big;
	}
	va_end(again);
	if (n < 0)
		text = fmt;
	escape_put(out, text, 0);
	fputc('\n', out);
	free(big);
}

void escape_line(FILE *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	escape_vline(out, fmt, ap);
	va_end(ap);
}

int escape_is_tty(FILE *fp)
{
	return isatty(fileno(fp));
}
