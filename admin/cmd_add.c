/* cmd_add.c - 'checkin-admin add --name NAME ...': one delegate by hand
 * (a late registration at the desk); prints the new id and code, and warns
 * when the invitation fonts cannot draw some of the text. */
#include <stdio.h>
#include "admin.h"
#include "print_check.h"

int cmd_add(struct admin_ctx *ctx, int argc, char **argv)
{
	struct delegate d = {.method = -1};
	store *st = NULL;
	ck_err err;
	char shortcode[CODE_SHORTLEN + 1];
	int rc = 1, prc = fields_parse(argc, argv, &d, &err);

	if (prc == -2 || optind != argc) {
		delegate_release(&d);
		if (prc == -2)
			error_msg("%s", err.msg);
		return usage_msg(cmd_find("add"));
	}
	if (prc < 0) {
		delegate_release(&d);
		return error_msg("%s", err.msg);
	}
	if (!d.name) {
		delegate_release(&d);
		return usage_msg(cmd_find("add"));
	}
	if (admin_open(ctx, &st) < 0)
		goto out;
	if (delegate_add(st, &d, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	code_short(d.code, shortcode);
	printf(_("Đã thêm đại biểu %lld: "), (long long)d.id);
	escape_put(stdout, d.name, 0);
	printf(_(" (mã %s)\n"), shortcode);
	fflush(stdout);
	print_check_delegate(&d, stderr);
	rc = 0;
out:
	delegate_release(&d);
	store_close(st);
	return rc;
}
