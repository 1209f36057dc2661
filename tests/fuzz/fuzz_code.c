/* fuzz_code.c - libFuzzer target for everything that reads a scanned or
 * typed code: the payload check, the short form and the role list. A
 * random input must never verify as valid under the event's key. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "checkin/code.h"
#include "checkin/delegate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[CODE_KEYLEN] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
	char *s = malloc(size + 1), out[CODE_SHORTLEN + 1];
	unsigned roles;
	ck_err err;
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	if (code_verify(key, "GL23", s) == CODE_VALID) {
		/* only possible if the input is a genuine code: recompute to be sure */
		char grouped[64];
		code_grouped(s, grouped, sizeof grouped);
		if (strlen(s) != CODE_LEN)
			abort();
	}
	if (code_short_parse(s, out) == 0 && (strlen(out) != CODE_SHORTLEN || out[4] != '-'))
		abort();
	if (role_parse(s, &roles, &err) == 0 && (roles & ~7u))
		abort();
	free(s);
	return 0;
}
