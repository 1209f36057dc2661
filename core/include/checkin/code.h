/* code.h - unforgeable invitation codes (libsodium).
 *
 * A payload is "TTTT" + 26 chars of 128 random bits + 8 chars of MAC, in
 * Crockford base32 (0-9, A-Z without I L O U), 38 chars, all in QR's
 * alphanumeric mode. TTTT is the event tag; the MAC is keyed BLAKE2b over
 * tag and random part under the event's secret key. A station can tell
 * without any lookup: well formed with our tag and a good MAC -> valid;
 * well formed with another tag -> foreign; anything else -> invalid.
 *
 * The short form "ABCD-EFGH" (the first 8 random chars) is printed under
 * the QR for staff to type; it is looked up, never trusted offline. */
#ifndef CHECKIN_CODE_H
#define CHECKIN_CODE_H

#include <stddef.h>
#include "error.h"

#define CODE_LEN 38
#define CODE_KEYLEN 32
#define CODE_TAGLEN 4
#define CODE_SHORTLEN 9 /* "ABCD-EFGH" */

enum code_check { CODE_VALID, CODE_FOREIGN, CODE_INVALID };

/* A fresh random key for a new event. Fails (CK_INTERNAL) only when the
 * system has no source of randomness. */
int code_keygen(unsigned char key[CODE_KEYLEN], ck_err *err);

/* Nonzero when tag is CODE_TAGLEN chars of [0-9A-Z]. */
int code_tag_ok(const char *tag);

/* Write a new payload (CODE_LEN chars + NUL) into out. Fails as
 * code_keygen does. */
int code_generate(const unsigned char key[CODE_KEYLEN], const char *tag, char out[CODE_LEN + 1], ck_err *err);

/* The same in two steps, for many codes at once (the roster import): n
 * random bytes from the system's source in one call (fails as
 * code_keygen does), then a payload from CODE_RANDBYTES of them. */
#define CODE_RANDBYTES 16
int code_random(unsigned char *buf, size_t n, ck_err *err);
void code_from_random(const unsigned char key[CODE_KEYLEN], const char *tag, const unsigned char rnd[CODE_RANDBYTES],
                      char out[CODE_LEN + 1]);

/* Nonzero when s[0..n) has the shape of a payload: CODE_LEN characters, a
 * tag of [0-9A-Z] and the rest in the code alphabet. No key is needed, so
 * it cannot tell a forgery; it is how a station tells a scanned code from
 * other typing. The one statement of the grammar; code_verify uses it. */
int code_shaped(const char *s, size_t n);

/* The one rule for blanks around a code: what counts of a scanned or typed
 * text is the text without the ASCII spaces, tabs, CRs and LFs around it
 * (*n bytes from the returned pointer). checkin_record applies it to every
 * payload, so that the kiosk and checkin-admin accept " CODE" and "CODE\t"
 * alike. Blanks inside a code, and any other character around one (a
 * no-break or zero-width space), leave it invalid. */
const char *code_strip(const char *s, size_t *n);

/* Classify payload (exact bytes: strip it first with code_strip). Constant
 * time in the MAC comparison. */
enum code_check code_verify(const unsigned char key[CODE_KEYLEN], const char *tag, const char *payload);

/* The short form of a valid payload: "ABCD-EFGH". */
void code_short(const char *payload, char out[CODE_SHORTLEN + 1]);

/* Normalise what staff typed as a short form ("abcd efgh", "ABCD-EFGH",
 * o->0, i/l->1) into out; returns -1 when it cannot be one. */
int code_short_parse(const char *typed, char out[CODE_SHORTLEN + 1]);

/* The payload grouped for reading aloud: "GL23 ABCD EFGH ..." (buf >= 48). */
void code_grouped(const char *payload, char *buf, size_t len);

#endif
