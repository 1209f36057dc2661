/* code.c - making and checking invitation codes (see code.h for the format).
 *
 * The MAC is computed over the payload's characters, not over decoded
 * bytes, so that every one-character change of the random part or of the
 * MAC is caught, including changes to base32 padding bits. */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "code.h"
#include "i18n.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; /* Crockford */
#define RANDLEN 26
#define MACLEN 8

/* sodium_init only fails when the system has no entropy source at all;
 * then no code can be made, and the caller says so. */
static int sodium_ready(ck_err *err)
{
	if (sodium_init() < 0)
		return ck_fail(err, CK_INTERNAL, _("libsodium không khởi động được (không có nguồn số ngẫu nhiên)"));
	return 0;
}

int code_keygen(unsigned char key[CODE_KEYLEN], ck_err *err)
{
	if (sodium_ready(err) < 0)
		return -1;
	randombytes_buf(key, CODE_KEYLEN);
	return 0;
}

int code_tag_ok(const char *tag)
{
	if (!tag || strlen(tag) != CODE_TAGLEN)
		return 0;
	for (int i = 0; i < CODE_TAGLEN; i++)
		if (!((tag[i] >= '0' && tag[i] <= '9') || (tag[i] >= 'A' && tag[i] <= 'Z')))
			return 0;
	return 1;
}

/* n bytes -> base32 chars, 5 bits each, high bits first. */
static void b32(const unsigned char *in, size_t n, char *out, size_t nchars)
{
	unsigned acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < n && o < nchars; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5 && o < nchars) {
			out[o++] = alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0 && o < nchars)
		out[o++] = alphabet[(acc << (5 - bits)) & 31];
	out[o] = 0;
}

static void mac(const unsigned char key[CODE_KEYLEN], const char *text, size_t len, char out[MACLEN + 1])
{
	unsigned char h[crypto_generichash_BYTES_MIN];
	crypto_generichash(h, sizeof h, (const unsigned char *)text, len, key, CODE_KEYLEN);
	b32(h, 5, out, MACLEN);
}

int code_generate(const unsigned char key[CODE_KEYLEN], const char *tag, char out[CODE_LEN + 1], ck_err *err)
{
	unsigned char rnd[CODE_RANDBYTES];
	if (code_random(rnd, sizeof rnd, err) < 0)
		return -1;
	code_from_random(key, tag, rnd, out);
	sodium_memzero(rnd, sizeof rnd);
	return 0;
}

int code_random(unsigned char *buf, size_t n, ck_err *err)
{
	if (sodium_ready(err) < 0)
		return -1;
	randombytes_buf(buf, n);
	return 0;
}

void code_from_random(const unsigned char key[CODE_KEYLEN], const char *tag, const unsigned char rnd[CODE_RANDBYTES],
                      char out[CODE_LEN + 1])
{
	memcpy(out, tag, CODE_TAGLEN);
	b32(rnd, CODE_RANDBYTES, out + CODE_TAGLEN, RANDLEN);
	mac(key, out, CODE_TAGLEN + RANDLEN, out + CODE_TAGLEN + RANDLEN);
	out[CODE_LEN] = 0;
}

static int in_alphabet(char c)
{
	return c && strchr(alphabet, c) != NULL;
}

int code_shaped(const char *s, size_t n)
{
	if (!s || n != CODE_LEN)
		return 0;
	for (size_t i = 0; i < CODE_TAGLEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
			return 0;
	for (size_t i = CODE_TAGLEN; i < CODE_LEN; i++)
		if (!in_alphabet(s[i]))
			return 0;
	return 1;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *code_strip(const char *s, size_t *n)
{
	size_t len = strlen(s);
	while (len && blank(*s)) {
		s++;
		len--;
	}
	while (len && blank(s[len - 1]))
		len--;
	*n = len;
	return s;
}

enum code_check code_verify(const unsigned char key[CODE_KEYLEN], const char *tag, const char *payload)
{
	char want[MACLEN + 1];
	char tagpart[CODE_TAGLEN + 1];

	if (!payload || !code_shaped(payload, strlen(payload)))
		return CODE_INVALID;
	memcpy(tagpart, payload, CODE_TAGLEN);
	tagpart[CODE_TAGLEN] = 0;
	/* the last random char carries 2 padding bits that must be zero */
	if ((strchr(alphabet, payload[CODE_TAGLEN + RANDLEN - 1]) - alphabet) & 3)
		return CODE_INVALID;
	if (memcmp(tagpart, tag, CODE_TAGLEN) != 0)
		return CODE_FOREIGN;
	mac(key, payload, CODE_TAGLEN + RANDLEN, want);
	if (sodium_memcmp(want, payload + CODE_TAGLEN + RANDLEN, MACLEN) != 0)
		return CODE_INVALID;
	return CODE_VALID;
}

void code_short(const char *payload, char out[CODE_SHORTLEN + 1])
{
	snprintf(out, CODE_SHORTLEN + 1, "%.4s-%.4s", payload + CODE_TAGLEN, payload + CODE_TAGLEN + 4);
}

int code_short_parse(const char *typed, char out[CODE_SHORTLEN + 1])
{
	char raw[9];
	int n = 0;
	for (const char *p = typed; *p; p++) {
		char c = (char)toupper((unsigned char)*p);
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (!in_alphabet(c) || n >= 8)
			return -1;
		raw[n++] = c;
	}
	if (n != 8)
		return -1;
	snprintf(out, CODE_SHORTLEN + 1, "%.4s-%.4s", raw, raw + 4);
	return 0;
}

void code_grouped(const char *payload, char *buf, size_t len)
{
	size_t o = 0, n = strlen(payload);
	if (!len)
		return;
	/* room for the character (and the space before it) and the NUL */
	for (size_t i = 0; i < n && o + 1 < len; i++) {
		if (i > 0 && i % 4 == 0) {
			if (o + 2 >= len)
				break;
			buf[o++] = ' ';
		}
		buf[o++] = payload[i];
	}
	buf[o] = 0;
}
