/* cmd_edit.c - 'checkin-admin edit ID --field VALUE ...': correct a
 * delegate's details; codes are never touched. Warns when the invitation
 * fonts cannot draw some of the text. */
#include <stdio.h>
#include <stdlib.h>
#include "admin.h"
#include "print_check.h"

int cmd_edit(struct admin_ctx *ctx, int argc, char **argv)
{
	struct delegate d = {.method = -1}, changes = {.method = -1};
	store *st = NULL;
	ck_err err;
	int64_t id;
	int rc = 1, prc;

	if (argc < 2 || parse_id(argv[1], &id) < 0)
		return usage_msg(cmd_find("edit"));
	changes.roles = (unsigned)-1;
	changes.rank = -1; /* not given */
	prc = fields_parse(argc - 1, argv + 1, &changes, &err);
	if (prc == -2 || optind != argc - 1) {
		delegate_release(&changes);
		if (prc == -2)
			error_msg("%s", err.msg);
		return usage_msg(cmd_find("edit"));
	}
	if (prc < 0) {
		delegate_release(&changes);
		return error_msg("%s", err.msg);
	}
	if (admin_open(ctx, &st) < 0)
		goto out;
	if (delegate_get(st, id, &d, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
#define TAKE(f) if (changes.f) { free(d.f); d.f = changes.f; changes.f = NULL; }
	TAKE(name) TAKE(title) TAKE(organization) TAKE(category) TAKE(district) TAKE(seat) TAKE(phone) TAKE(email)
#undef TAKE
	if (changes.roles != (unsigned)-1)
		d.roles = changes.roles;
	if (changes.rank >= 0)
		d.rank = changes.rank;
	if (delegate_update(st, &d, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	printf(_("Đã cập nhật đại biểu %lld: "), (long long)d.id);
	escape_put(stdout, d.name, 0);
	putchar('\n');
	fflush(stdout);
	print_check_delegate(&d, stderr);
	rc = 0;
out:
	delegate_release(&d);
	delegate_release(&changes);
	store_close(st);
	return rc;
}
