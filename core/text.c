/* text.c - Unicode handling for names typed on any machine.
 *
 * Rosters come from Windows Excel (NFC) and from Macs (often NFD); staff
 * search without diacritics. libunistring does normalisation and case
 * mapping; the only Vietnamese-specific rule here is that đ/Đ, which has
 * no decomposition, folds to d. */
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>
#include "text.h"

size_t text_fit(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);
	if (n <= max)
		return n;
	n = max;
	/* back to the first byte of the character that did not fit */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

size_t text_copy(char *dst, size_t len, const char *src)
{
	if (len == 0)
		return 0;
	size_t n = src ? text_fit(src, len - 1) : 0;
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}

int text_valid_utf8(const char *s, size_t len)
{
	return u8_check((const uint8_t *)s, len) == NULL;
}

static int is_space(ucs4_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0 || c == 0x3000 ||
	       c == 0xFEFF || uc_is_property_white_space(c);
}

/* Whether s[0..len) is all ASCII (no NUL needed): then NFC, NFD and case
 * mapping are the identity or plain A-Z, and libunistring is skipped. */
static int ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

char *text_nfc(const char *s, size_t len)
{
	size_t outlen = 0;
	uint8_t *norm, *res;
	const uint8_t *p, *end, *start = NULL, *stop = NULL;
	ucs4_t c;
	int n;

	if (ascii(s, len)) { /* ASCII is its own NFC: only the trimming (most phones, ids, e-mails) */
		size_t a = 0, b = len;
		while (a < b && is_space((unsigned char)s[a]))
			a++;
		while (b > a && is_space((unsigned char)s[b - 1]))
			b--;
		res = malloc(b - a + 1);
		if (res) {
			memcpy(res, s + a, b - a);
			res[b - a] = 0;
		}
		return (char *)res;
	}
	if (!text_valid_utf8(s, len))
		return NULL;
	norm = u8_normalize(UNINORM_NFC, (const uint8_t *)s, len, NULL, &outlen);
	if (!norm)
		return NULL;
	/* trim white space at both ends */
	p = norm;
	end = norm + outlen;
	while (p < end && (n = u8_mbtouc(&c, p, end - p)) > 0) {
		if (!is_space(c)) {
			if (!start)
				start = p;
			stop = p + n;
		}
		p += n;
	}
	if (!start)
		start = stop = norm;
	res = malloc(stop - start + 1);
	if (res) {
		memcpy(res, start, stop - start);
		res[stop - start] = 0;
	}
	free(norm);
	return (char *)res;
}

char *text_fold(const char *s)
{
	size_t len = strlen(s), dlen = 0, llen = 0, o = 0;
	uint8_t *nfd = NULL, *low = NULL;
	char *out = NULL;
	const uint8_t *p, *end;
	int space = 1, n;
	ucs4_t c;

	if (ascii(s, len)) { /* the same steps, which for ASCII are tolower and the spaces */
		if (!(out = malloc(len + 1)))
			return NULL;
		for (size_t i = 0; i < len; i++) {
			unsigned char ch = (unsigned char)s[i];
			if (is_space(ch)) {
				if (!space)
					out[o++] = ' ';
				space = 1;
			} else {
				out[o++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
				space = 0;
			}
		}
		if (o > 0 && out[o - 1] == ' ')
			o--;
		out[o] = 0;
		return out;
	}
	if (!text_valid_utf8(s, len))
		return NULL;
	low = u8_tolower((const uint8_t *)s, len, NULL, NULL, NULL, &llen);
	if (!low)
		goto out;
	nfd = u8_normalize(UNINORM_NFD, low, llen, NULL, &dlen);
	if (!nfd)
		goto out;
	out = malloc(dlen + 1);
	if (!out)
		goto out;
	p = nfd;
	end = nfd + dlen;
	while (p < end && (n = u8_mbtouc(&c, p, end - p)) > 0) {
		if (is_space(c)) {
			if (!space)
				out[o++] = ' ';
			space = 1;
		} else if (uc_is_general_category(c, UC_CATEGORY_M)) {
			/* combining mark: dropped */
		} else if (c == 0x0111 || c == 0x0110) {
			out[o++] = 'd';
			space = 0;
		} else {
			memcpy(out + o, p, n);
			o += n;
			space = 0;
		}
		p += n;
	}
	if (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = 0;
out:
	free(nfd);
	free(low);
	return out;
}

char *text_slug(const char *s)
{
	char *folded = text_fold(s), *out;
	size_t o = 0;
	int dash = 0;

	if (!folded)
		return NULL;
	out = malloc(61);
	if (out) {
		for (const char *p = folded; *p && o < 60; p++) {
			unsigned char ch = (unsigned char)*p;
			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
				if (dash && o > 0 && o < 59)
					out[o++] = '-';
				dash = 0;
				out[o++] = ch;
			} else {
				dash = 1;
			}
		}
		out[o] = 0;
	}
	free(folded);
	return out;
}

int text_width(const char *s)
{
	size_t len = strlen(s);
	if (!text_valid_utf8(s, len))
		return (int)len;
	return u8_strwidth((const uint8_t *)s, "UTF-8");
}
