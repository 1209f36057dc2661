/* fuzz_programme.c - libFuzzer target for the programme file parser
 * (core/programme.c): any bytes either parse into a programme whose
 * invariants hold or fail with a "NAME:LINE: why" message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checkin/programme.h"

static int check_id(void *arg, int64_t id, int line)
{
	(void)arg;
	if (id <= 0 || line <= 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct programme p;
	ck_err err;
	if (programme_parse("f.ini", (const char *)data, size, &p, &err) == 0) {
		if (p.n == 0)
			abort();
		for (size_t i = 0; i < p.n; i++) {
			const struct prog_item *it = &p.items[i];
			if (!it->id || !it->title || it->minute < 0 || it->minute >= 24 * 60 || it->line <= 0)
				abort();
			if (i && it->minute < p.items[i - 1].minute)
				abort();
			if (it->kind == PROG_PRESENTATION && !it->presenter && !it->organization)
				abort();
			if ((it->kind == PROG_AWARDS) != (it->nbatches > 0))
				abort();
			for (size_t b = 0; b < it->nbatches; b++)
				if (it->batches[b].n == 0)
					abort();
			(void)prog_kind_label_vi(it->kind);
		}
		programme_each_delegate(&p, check_id, NULL);
		programme_release(&p);
	} else if (strncmp(err.msg, "f.ini:", 6) != 0 || err.kind != CK_INVALID) {
		abort();
	}
	return 0;
}
