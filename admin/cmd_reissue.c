/* cmd_reissue.c - 'checkin-admin reissue ID': replace a lost invitation's
 * code; the old code is refused as revoked from now on.
 * (The invitations engineer extends this with --out FILE.pdf.) */
#include <stdio.h>
#include "admin.h"

int cmd_reissue(struct admin_ctx *ctx, int argc, char **argv)
{
	char code[CODE_LEN + 1], shortcode[CODE_SHORTLEN + 1];
	store *st = NULL;
	ck_err err;
	int64_t id;
	int rc = 1;
	if (argc != 2 || parse_id(argv[1], &id) < 0)
		return usage_msg(cmd_find("reissue"));
	if (admin_open(ctx, &st) < 0)
		return 1;
	if (delegate_reissue(st, id, code, &err) < 0)
		error_msg("%s", err.msg);
	else {
		code_short(code, shortcode);
		printf("Đã cấp mã mới cho đại biểu %lld: %s\n", (long long)id, shortcode);
		rc = 0;
	}
	store_close(st);
	return rc;
}
