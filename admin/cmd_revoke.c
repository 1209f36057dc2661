/* cmd_revoke.c - 'checkin-admin revoke ID': void a lost invitation without
 * issuing a new one (use 'reissue' to replace it). */
#include <stdio.h>
#include "admin.h"

int cmd_revoke(struct admin_ctx *ctx, int argc, char **argv)
{
	store *st = NULL;
	ck_err err;
	int64_t id;
	int rc = 1;
	if (argc != 2 || parse_id(argv[1], &id) < 0)
		return usage_msg(cmd_find("revoke"));
	if (admin_open(ctx, &st) < 0)
		return 1;
	if (delegate_revoke(st, id, &err) < 0)
		error_msg("%s", err.msg);
	else {
		printf(_("Đã thu hồi giấy mời của đại biểu %lld.\n"), (long long)id);
		rc = 0;
	}
	store_close(st);
	return rc;
}
