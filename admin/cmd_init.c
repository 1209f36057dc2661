/* cmd_init.c - 'checkin-admin init --event FILE': set up or update the event. */
#include <getopt.h>
#include <stdio.h>
#include "admin.h"

int cmd_init(struct admin_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"event", required_argument, NULL, 'e'}, {0}};
	const char *path = NULL;
	struct event ev = {0};
	store *st = NULL;
	ck_err err;
	int c, rc = 1;

	while ((c = admin_getopt(argc, argv, "e:", opts)) != -1) {
		if (c == 'e')
			path = optarg;
		else
			return usage_msg(cmd_find("init"));
	}
	if (!path || optind != argc)
		return usage_msg(cmd_find("init"));
	if (event_load(path, &ev, &err) < 0)
		return error_msg("%s", err.msg);
	if (admin_open(ctx, &st) < 0)
		goto out;
	if (store_event_init(st, &ev, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	printf(_("Đã thiết lập hội nghị: %s\n  %s — %s, %s\n  Cơ sở dữ liệu: %s\n"), ev.title, ev.date, ev.venue,
	       ev.start, ctx->db_path);
	rc = 0;
out:
	event_release(&ev);
	store_close(st);
	return rc;
}
