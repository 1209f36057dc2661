/* cmd_remove.c - 'checkin-admin remove ID': take a delegate off the roster.
 * Refused once they have checked in; their code is revoked. */
#include <stdio.h>
#include "admin.h"

int cmd_remove(struct admin_ctx *ctx, int argc, char **argv)
{
	store *st = NULL;
	ck_err err;
	int64_t id;
	int rc = 1;
	if (argc != 2 || parse_id(argv[1], &id) < 0)
		return usage_msg(cmd_find("remove"));
	if (admin_open(ctx, &st) < 0)
		return 1;
	if (delegate_remove(st, id, &err) < 0)
		error_msg("%s", err.msg);
	else {
		printf(_("Đã xóa đại biểu %lld khỏi danh sách; giấy mời của đại biểu không còn hiệu lực.\n"), (long long)id);
		rc = 0;
	}
	store_close(st);
	return rc;
}
