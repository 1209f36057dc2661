/* cmd_undo.c - 'checkin-admin undo ID': a check-in made by mistake is
 * marked undone; the audit log keeps it. */
#include <stdio.h>
#include "admin.h"
#include "checkin/checkin.h"
#include "checkin/clock.h"

int cmd_undo(struct admin_ctx *ctx, int argc, char **argv)
{
	store *st = NULL;
	ck_err err;
	int64_t id;
	int rc = 1;
	if (argc != 2 || parse_id(argv[1], &id) < 0)
		return usage_msg(cmd_find("undo"));
	if (admin_open(ctx, &st) < 0)
		return 1;
	if (checkin_undo(st, id, "admin", clock_now_ms(), NULL, &err) < 0)
		error_msg("%s", err.msg);
	else {
		printf(_("Đã hủy điểm danh của đại biểu %lld.\n"), (long long)id);
		rc = 0;
	}
	store_close(st);
	return rc;
}
