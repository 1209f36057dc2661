/* cmd_import.c - 'checkin-admin import [--skip-invalid] FILE': load the roster.
 * Every refused row is listed as FILE:LINE: reason; the exit status is 1
 * whenever a row was refused, even when the good rows were imported. */
#include <getopt.h>
#include <stdio.h>
#include "admin.h"
#include "checkin/roster.h"

int cmd_import(struct admin_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"skip-invalid", no_argument, NULL, 's'}, {0}};
	struct import_report rep;
	store *st = NULL;
	ck_err err;
	int c, skip = 0, rc = 1, ok;

	while ((c = getopt_long(argc, argv, "s", opts, NULL)) != -1) {
		if (c == 's')
			skip = 1;
		else
			return usage_msg(cmd_find("import"));
	}
	if (optind != argc - 1)
		return usage_msg(cmd_find("import"));
	const char *path = argv[optind];
	if (admin_open(ctx, &st) < 0)
		return 1;
	ok = roster_import(st, path, skip, &rep, &err) == 0;
	for (size_t i = 0; i < rep.nproblems; i++)
		fprintf(stderr, "%s:%zu: %s\n", path, rep.problems[i].line, rep.problems[i].message);
	if (!ok) {
		error_msg("%s", err.msg);
		goto out;
	}
	printf("Đã nhập '%s': %zu đại biểu mới, %zu cập nhật, %zu không đổi", path, rep.added, rep.updated,
	       rep.unchanged);
	if (rep.nproblems)
		printf(", %zu dòng bị từ chối", rep.nproblems);
	printf(".\n");
	rc = rep.nproblems ? 1 : 0;
out:
	import_report_release(&rep);
	store_close(st);
	return rc;
}
