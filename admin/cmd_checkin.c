/* cmd_checkin.c - 'checkin-admin checkin': reception checks a delegate in
 * by the code (full or the short form under the QR), by id, or by name. A
 * name that matches several delegates lists them and checks nobody in. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "admin.h"
#include "checkin/checkin.h"
#include "checkin/clock.h"

/* The delegate as the check-in's own transaction read it. */
static void describe(const struct delegate *d)
{
	if (!d->id)
		return;
	printf("  ");
	escape_put(stdout, d->name, 0);
	if (d->title)
		printf(" — "), escape_put(stdout, d->title, 0);
	if (d->organization)
		printf(", "), escape_put(stdout, d->organization, 0);
	if (d->seat)
		printf(_("\n  Chỗ ngồi: ")), escape_put(stdout, d->seat, 0);
	putchar('\n');
}

int cmd_checkin(struct admin_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"id", required_argument, NULL, 'i'},
	                                     {"name", required_argument, NULL, 'n'},
	                                     {"station", required_argument, NULL, 's'}, {0}};
	const char *name = NULL, *station = "admin", *code = NULL;
	int64_t id = 0;
	struct checkin_outcome out = {0};
	struct delegate *v = NULL;
	size_t n = 0;
	store *st = NULL;
	ck_err err;
	int c, rc = 1, ways;
	char when[16];

	while ((c = admin_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'i':
			if (parse_id(optarg, &id) < 0) {
				error_msg(_("số đại biểu '%s' không hợp lệ"), optarg);
				return usage_msg(cmd_find("checkin"));
			}
			break;
		case 'n': name = optarg; break;
		case 's': station = optarg; break;
		default: return usage_msg(cmd_find("checkin"));
		}
	}
	if (optind == argc - 1)
		code = argv[optind];
	else if (optind != argc)
		return usage_msg(cmd_find("checkin"));
	ways = (code != NULL) + (id != 0) + (name != NULL);
	if (ways != 1)
		return usage_msg(cmd_find("checkin"));
	if (admin_open(ctx, &st) < 0)
		return 1;
	if (name) {
		struct delegate_filter f = {.name = name};
		if (delegate_list(st, &f, &v, &n, &err) < 0) {
			error_msg("%s", err.msg);
			goto out;
		}
		if (n == 0) {
			error_msg(_("không có đại biểu nào khớp với '%s'"), name);
			goto out;
		}
		if (n > 1) {
			error_msg(_("'%s' khớp với %zu đại biểu; chưa điểm danh ai. Hãy dùng --id:"), name, n);
			for (size_t i = 0; i < n && i < 30; i++)
				escape_line(stderr, "  %lld  %s  %s  %s", (long long)v[i].id, v[i].name,
				            v[i].title ? v[i].title : "", v[i].organization ? v[i].organization : "");
			goto out;
		}
		id = v[0].id;
	}
	if (code ? checkin_code(st, code, station, METHOD_MANUAL, clock_now_ms(), &out, &err)
	         : checkin_delegate(st, id, station, METHOD_MANUAL, clock_now_ms(), &out, &err)) {
		error_msg("%s", err.msg);
		goto out;
	}
	switch (out.result) {
	case CHECKIN_OK:
		clock_local(out.delegate.arrived_at, "%H:%M", when, sizeof when);
		printf(_("Đã điểm danh lúc %s:\n"), when);
		describe(&out.delegate);
		rc = 0;
		break;
	case CHECKIN_ALREADY:
		clock_local(out.delegate.arrived_at, "%H:%M", when, sizeof when);
		printf(_("Đại biểu đã điểm danh trước đó lúc %s (tại "), when);
		escape_put(stdout, out.delegate.station ? out.delegate.station : "?", 0);
		printf("):\n");
		describe(&out.delegate);
		rc = 0;
		break;
	case CHECKIN_REVOKED:
		switch (checkin_revoked_why(&out)) {
		case REVOKED_REPLACED:
			error_msg(_("mã '%s' đã được thay bằng mã của giấy mời mới"), code);
			break;
		case REVOKED_VOIDED:
			error_msg(_("mã '%s' đã bị thu hồi"), code);
			break;
		case REVOKED_REMOVED:
			error_msg(_("mã '%s' là của một đại biểu không còn trong danh sách"), code);
			break;
		}
		describe(&out.delegate);
		break;
	case CHECKIN_FOREIGN:
		error_msg(_("mã '%s' là giấy mời của hội nghị khác"), code);
		break;
	case CHECKIN_INVALID:
		error_msg(_("mã '%s' không hợp lệ"), code);
		break;
	}
out:
	checkin_outcome_release(&out);
	delegates_free(v, n);
	store_close(st);
	return rc;
}
