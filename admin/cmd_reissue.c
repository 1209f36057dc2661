/* cmd_reissue.c - 'checkin-admin reissue ID [--out FILE.pdf]': replace a
 * lost or leaked invitation. The old code is revoked (the door refuses it
 * from then on) and a new one issued; with --out the new invitation is
 * written in the same step.
 *
 * Everything that could stop the PDF (bad path, no font, no event, a
 * name the fonts cannot draw) is checked before the code changes, so a failed run does not leave the
 * delegate with a new code and no invitation. */
#include <getopt.h>
#include <stdio.h>
#include "admin.h"
#include "checkin/assets.h"
#include "invitation.h"
#include "invitation_files.h"

int cmd_reissue(struct admin_ctx *ctx, int argc, char **argv)
{
	enum { OUT = 1, LAYOUT };
	static const struct option opts[] = {
		{"out", required_argument, NULL, OUT}, {"layout", required_argument, NULL, LAYOUT}, {0}};
	const struct cmd *me = cmd_find("reissue");
	enum inv_layout layout = INV_A5;
	const char *out = NULL;
	char code[CODE_LEN + 1], shortc[CODE_SHORTLEN + 1];
	struct delegate d = {0};
	struct event ev = {0};
	inv_renderer *r = NULL;
	store *st = NULL;
	ck_err err;
	int64_t id;
	int c, rc = 1;

	while ((c = admin_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case OUT: out = optarg; break;
		case LAYOUT:
			if (inv_layout_parse(optarg, &layout) < 0) {
				error_msg(_("không có khổ giấy '%s' (cần a5, a4-2 hoặc a6-4)"), optarg);
				return usage_msg(me);
			}
			break;
		default: return usage_msg(me);
		}
	}
	if (optind + 1 != argc || parse_id(argv[optind], &id) < 0)
		return usage_msg(me);
	if (out && inv_check_pdf_path(out, &err) < 0)
		return error_msg("%s", err.msg);
	if (admin_open(ctx, &st) < 0)
		return 1;
	if (delegate_get(st, id, &d, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	if (out && (store_event_load(st, &ev, &err) < 0 || inv_renderer_new(&ev, assets_dir(), &r, &err) < 0)) {
		error_msg("%s", err.msg);
		goto out;
	}
	struct inv_unprintable u[4];
	int bad = out ? inv_check(r, &d, u) : 0;
	for (int i = 0; i < bad; i++) {
		char what[256];
		error_msg(_("không in được giấy mời của đại biểu số %lld '%s': %s; mã vẫn giữ nguyên"), (long long)id,
		          d.name ? d.name : "", inv_unprintable_describe(inv_renderer_fonts(r), &u[i], what, sizeof what));
	}
	if (bad)
		goto out;
	if (delegate_reissue(st, id, code, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	code_short(code, shortc);
	printf(_("Đã cấp mã mới cho đại biểu "));
	escape_put(stdout, d.name, 0);
	printf(_(" (số %lld); mã cũ không còn dùng được.\nMã ngắn: %s\n"), (long long)id, shortc);
	if (!out) {
		rc = 0;
		goto out;
	}
	delegate_release(&d);
	if (delegate_get(st, id, &d, &err) < 0 || inv_write_pdf_file(r, out, layout, &d, 1, 0, &err) < 0) {
		error_msg("%s", err.msg);
		fprintf(stderr, _("gợi ý: mã mới đã được cấp; in giấy mời bằng "
		                  "'checkin-admin invitations --id %lld --out FILE.pdf'\n"), (long long)id);
		goto out;
	}
	if (delegate_mark_printed(st, &d, 1, &err) < 0)
		fprintf(stderr, _("cảnh báo: đã ghi PDF nhưng không ghi nhận được là đã in: %s\n"), err.msg);
	printf(_("Đã ghi giấy mời mới vào '%s'.\n"), out);
	rc = 0;
out:
	inv_renderer_free(r);
	delegate_release(&d);
	event_release(&ev);
	store_close(st);
	return rc;
}
