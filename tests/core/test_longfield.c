/* test_longfield.c - a 10 MB CSV field is refused as too long, quickly.
 *
 * libcsv grows its field buffer 128 bytes at a time unless told otherwise,
 * so before roster.c set the block size a 10 MB field took over ten
 * minutes under ASan (issue 11, item 7). This test checks the result; the
 * time is bounded by ctest's TIMEOUT, which the old code overran. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "checkin/roster.h"

#define BIG (10u << 20)

int main(void)
{
	/* line 2: a 10 MB unquoted name; line 3: a 10 MB quoted title with a
	 * line break every 1000 bytes; then a good row */
	size_t breaks = BIG / 1000;
	size_t cap = 2 * BIG + 256;
	char *csv = malloc(cap);
	size_t o = 0;
	struct roster r;
	ck_err err = {0};

	if (!csv) {
		fprintf(stderr, "out of memory\n");
		return 2;
	}
	o += (size_t)sprintf(csv + o, "name,title\n");
	memset(csv + o, 'a', BIG);
	o += BIG;
	o += (size_t)sprintf(csv + o, ",x\nB,\"");
	for (size_t i = 0; i < BIG; i++)
		csv[o++] = i % 1000 == 999 ? '\n' : 'b';
	o += (size_t)sprintf(csv + o, "\"\nC,ok\n");

	CHECK_MSG(roster_parse(csv, o, &r, &err) == 0, "%s", err.msg);
	CHECK_MSG(r.nrows == 1 && !strcmp(r.rows[0].d.name, "C"), "rows: %zu", r.nrows);
	CHECK(r.nrows == 1 && r.rows[0].line == 4 + breaks);
	CHECK_MSG(r.nproblems == 2, "problems: %zu", r.nproblems);
	if (r.nproblems == 2) {
		CHECK(r.problems[0].line == 2 && strstr(r.problems[0].message, "dài quá"));
		CHECK(r.problems[1].line == 3 && strstr(r.problems[1].message, "dài quá"));
	}
	roster_release(&r);
	free(csv);
	return check_summary("test_longfield");
}
