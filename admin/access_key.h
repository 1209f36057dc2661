/* access_key.h - the dashboard's access key and the --key-file that keeps
 * it across restarts.
 *
 * A key is ACCESS_KEY_CHARS characters (80 random bits from libsodium) of
 * an alphabet without look-alikes, so it can be typed from a screen. The
 * caller owns the key buffer and should sodium_memzero() it when done. */
#ifndef CHECKIN_ADMIN_ACCESS_KEY_H
#define CHECKIN_ADMIN_ACCESS_KEY_H

#include "checkin/error.h"

#define ACCESS_KEY_BYTES 10   /* 80 bits, 16 base32 characters */
#define ACCESS_KEY_CHARS (ACCESS_KEY_BYTES * 8 / 5)

/* A new random key. libsodium must be initialised (sodium_init). */
void access_key_make(char key[ACCESS_KEY_CHARS + 1]);

/* The key kept in path; when the file does not exist, make a key and keep
 * it there (mode 0600), so that phones stay in after a restart. Returns 0,
 * or -1 with err set (unreadable file, bad key in it, cannot create). */
int access_key_from_file(const char *path, char key[ACCESS_KEY_CHARS + 1], ck_err *err);

#endif
