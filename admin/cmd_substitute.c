/* cmd_substitute.c - 'checkin-admin substitute ID --name NAME [--title T]
 * [--organization O]' records that NAME comes in place of delegate ID
 * (đi thay); 'substitute ID --clear' undoes it. The invitation stays
 * valid: the deputy carries it, and the kiosk greets them by name. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin.h"
#include "checkin/clock.h"
#include "checkin/delegate.h"
#include "checkin/i18n.h"
#include "checkin/substitute.h"
#include "print_check.h"

int cmd_substitute(struct admin_ctx *ctx, int argc, char **argv)
{
	enum { NAME = 1, TITLE, ORG, CLEAR };
	static const struct option opts[] = {
		{"name", required_argument, NULL, NAME}, {"title", required_argument, NULL, TITLE},
		{"organization", required_argument, NULL, ORG}, {"clear", no_argument, NULL, CLEAR}, {0}};
	struct substitute sub = {0};
	struct delegate d = {.method = -1};
	store *st = NULL;
	ck_err err;
	int64_t id;
	int c, clear = 0, rc = 1;

	if (argc < 2 || parse_id(argv[1], &id) < 0)
		return usage_msg(cmd_find("substitute"));
	optind = 2;
	while ((c = admin_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case NAME: sub.name = optarg; break;
		case TITLE: sub.title = optarg; break;
		case ORG: sub.organization = optarg; break;
		case CLEAR: clear = 1; break;
		default: return usage_msg(cmd_find("substitute"));
		}
	}
	if (optind != argc)
		return usage_msg(cmd_find("substitute"));
	if (clear && (sub.name || sub.title || sub.organization)) {
		error_msg(_("--clear không đi cùng --name, --title hay --organization"));
		return usage_msg(cmd_find("substitute"));
	}
	if (!clear && !sub.name) {
		error_msg(_("cần --name TÊN người đi thay (hoặc --clear để bỏ)"));
		return usage_msg(cmd_find("substitute"));
	}
	if (!clear) {
		const char *field;
		if (substitute_validate(&sub, &field, &err) < 0)
			return error_msg("--%s: %s", field, err.msg);
	}
	if (admin_open(ctx, &st) < 0)
		return 1;
	if (clear ? substitute_clear(st, id, "admin", clock_now_ms(), &err)
	          : substitute_set(st, id, &sub, "admin", clock_now_ms(), &err)) {
		error_msg("%s", err.msg);
		goto out;
	}
	if (delegate_get(st, id, &d, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	if (clear) {
		printf(_("Đã bỏ người đi thay của đại biểu %lld: "), (long long)id);
		escape_put(stdout, d.name, 0);
		printf(_(" sẽ tự đến dự.\n"));
	} else {
		printf(_("Đại biểu %lld: "), (long long)id);
		escape_put(stdout, d.sub_name, 0);
		printf(_(" đi thay đồng chí "));
		escape_put(stdout, d.name, 0);
		printf(_(". Giấy mời cũ vẫn dùng được; in lại bảng tên: checkin-admin nameplates --id %lld --out FILE.pdf\n"),
		       (long long)id);
		/* the same warning as add and edit when the fonts cannot draw it */
		struct delegate probe = {.name = d.sub_name, .title = d.sub_title, .organization = d.sub_organization,
		                         .id = d.id, .method = -1};
		print_check_delegate(&probe, stderr);
	}
	fflush(stdout);
	rc = 0;
out:
	delegate_release(&d);
	store_close(st);
	return rc;
}
