/* fuzz_roster.c - libFuzzer target for the roster CSV parser. Whatever the
 * bytes, parsing must not crash, leak or read out of bounds, and every
 * good row must have an NFC, valid UTF-8 name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "checkin/roster.h"
#include "checkin/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct roster r;
	ck_err err;
	if (roster_parse((const char *)data, size, &r, &err) < 0) {
		if (!err.msg[0])
			abort(); /* a refusal must say why */
		return 0;
	}
	for (size_t i = 0; i < r.nrows; i++) {
		const char *name = r.rows[i].d.name;
		if (!name || !*name || !text_valid_utf8(name, strlen(name)))
			abort();
	}
	for (size_t i = 0; i < r.nproblems; i++)
		if (!r.problems[i].message || r.problems[i].line == 0)
			abort();
	roster_release(&r);
	return 0;
}
