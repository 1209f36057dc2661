/* cmd_import.c - 'checkin-admin import [--skip-invalid] FILE': load the roster.
 * Every refused row is listed as FILE:LINE: reason; the exit status is 1
 * whenever a row was refused, even when the good rows were imported.
 * Rows with characters the invitation fonts cannot draw are imported, with
 * a warning naming each (print_check.h). */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>
#include "checkin/clock.h"
#include "admin.h"
#include "checkin/roster.h"
#include "print_check.h"

/* A progress line on a terminal, once an import has run for a second. */
struct progress {
	int64_t start;
	int shown;
};

static void show_progress(void *ctx, size_t done, size_t total)
{
	struct progress *p = ctx;
	if (clock_mono_ms() - p->start < 1000)
		return;
	fputc('\r', stderr);
	fprintf(stderr, _("Đang nhập: %zu / %zu dòng…"), done, total);
	fflush(stderr);
	p->shown = 1;
}

int cmd_import(struct admin_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"skip-invalid", no_argument, NULL, 's'}, {0}};
	struct import_report rep;
	store *st = NULL;
	ck_err err;
	int c, skip = 0, rc = 1, ok;

	while ((c = admin_getopt(argc, argv, "s", opts)) != -1) {
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
	struct progress pr = {.start = clock_mono_ms()};
	struct import_opts io = {.skip_invalid = skip, .progress = isatty(2) ? show_progress : NULL, .ctx = &pr};
	ok = roster_import_with(st, path, &io, &rep, &err) == 0;
	if (pr.shown)
		fprintf(stderr, "\r\033[K");
	for (size_t i = 0; i < rep.nproblems; i++)
		escape_line(stderr, "%s:%zu: %s", path, rep.problems[i].line, rep.problems[i].message);
	for (size_t i = 0; i < rep.nwarnings; i++)
		escape_line(stderr, _("%s:%zu: cảnh báo: %s"), path, rep.warnings[i].line, rep.warnings[i].message);
	size_t unprintable = print_check_roster(path, stderr);
	if (unprintable && ok)
		fprintf(stderr, P_("cảnh báo: %zu dòng không in được bằng phông chữ của giấy mời: đã nhập, nhưng "
		                   "'invitations' bỏ qua cho đến khi sửa xong\n",
		                   "cảnh báo: %zu dòng không in được bằng phông chữ của giấy mời: đã nhập, nhưng "
		                   "'invitations' bỏ qua cho đến khi sửa xong\n", unprintable),
		        unprintable);
	if (!ok) {
		error_msg("%s", err.msg);
		goto out;
	}
	printf(_("Đã nhập '%s': %zu đại biểu mới, %zu cập nhật, %zu không đổi"), path, rep.added, rep.updated,
	       rep.unchanged);
	if (rep.nproblems)
		printf(P_(", %zu dòng bị từ chối", ", %zu dòng bị từ chối", rep.nproblems), rep.nproblems);
	printf(".\n");
	rc = rep.nproblems ? 1 : 0;
out:
	import_report_release(&rep);
	store_close(st);
	return rc;
}
