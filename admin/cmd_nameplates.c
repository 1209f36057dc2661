/* cmd_nameplates.c - 'checkin-admin nameplates --out FILE.pdf [--id N]...
 * [--category C] [--role R] [--block B]': name plates (bảng tên), one A4
 * tent card per delegate, in seat order (nameplate.h). A delegate with a
 * deputy (đi thay) gets the deputy's plate; reprint one with --id.
 *
 * As with invitations, the path is checked before any drawing, the PDF is
 * written through a temporary name, and a plate whose text the fonts
 * cannot draw is named and left out while the others are printed (exit
 * status 1). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin.h"
#include "checkin/assets.h"
#include "checkin/i18n.h"
#include "invitation_files.h"
#include "nameplate.h"

/* Whether id is among ids[0..n). */
static int wanted(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* Render v[0..n) to path through a temporary file. */
static int write_pdf(np_renderer *r, const char *path, const char *title, const struct delegate *v, size_t n,
                     ck_err *err)
{
	struct safe_file sf = {0};
	if (safe_open(&sf, path, err) < 0)
		return -1;
	if (np_render_pdf(r, sf.fp, title, v, n, err) < 0) {
		safe_abort(&sf);
		return -1;
	}
	return safe_commit(&sf, err);
}

int cmd_nameplates(struct admin_ctx *ctx, int argc, char **argv)
{
	enum { OUT = 1, ID, CATEGORY, ROLE, BLOCK };
	static const struct option opts[] = {
		{"out", required_argument, NULL, OUT}, {"id", required_argument, NULL, ID},
		{"category", required_argument, NULL, CATEGORY}, {"role", required_argument, NULL, ROLE},
		{"block", required_argument, NULL, BLOCK}, {0}};
	const struct cmd *me = cmd_find("nameplates");
	struct delegate_filter f = {.order = ORDER_ID};
	const char *out = NULL, *block = NULL;
	int64_t *ids = NULL;
	size_t nids = 0, n = 0, keep = 0, unprintable = 0;
	struct delegate *v = NULL;
	struct event ev = {0};
	np_renderer *r = NULL;
	store *st = NULL;
	ck_err err;
	char *title = NULL;
	int c, rc = 1;

	while ((c = admin_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case OUT: out = optarg; break;
		case CATEGORY: f.category = optarg; break;
		case BLOCK: block = optarg; break;
		case ROLE:
			if (role_parse(optarg, &f.roles, &err) < 0) {
				rc = error_msg("%s", err.msg);
				goto out;
			}
			break;
		case ID: {
			int64_t id, *grown;
			if (parse_id(optarg, &id) < 0) {
				error_msg(_("mã đại biểu không hợp lệ '%s'"), optarg);
				rc = usage_msg(me);
				goto out;
			}
			if (!(grown = realloc(ids, (nids + 1) * sizeof *ids))) {
				rc = error_msg(_("hết bộ nhớ"));
				goto out;
			}
			ids = grown;
			ids[nids++] = id;
			break;
		}
		default: rc = usage_msg(me); goto out;
		}
	}
	if (optind != argc || !out) {
		if (optind == argc)
			error_msg(_("cần --out FILE.pdf"));
		rc = usage_msg(me);
		goto out;
	}
	if (inv_check_pdf_path(out, &err) < 0) {
		rc = error_msg("%s", err.msg);
		goto out;
	}
	if (admin_open(ctx, &st) < 0)
		goto out;
	for (size_t i = 0; i < nids; i++) { /* an unknown id is an error, not an empty selection */
		struct delegate d;
		if (delegate_get(st, ids[i], &d, &err) < 0) {
			rc = error_msg("%s", err.msg);
			goto out;
		}
		delegate_release(&d);
	}
	if (store_event_load(st, &ev, &err) < 0 || delegate_list(st, &f, &v, &n, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if ((nids && !wanted(ids, nids, v[i].id)) || (block && !np_seat_in_block(v[i].seat, block))) {
			delegate_release(&v[i]);
			continue;
		}
		v[keep++] = v[i];
	}
	n = keep;
	if (n == 0) {
		error_msg(_("không có đại biểu nào khớp với lựa chọn"));
		goto out;
	}
	np_sort_by_seat(v, n);
	if (np_renderer_new(assets_dir(), &r, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	/* text the fonts cannot draw: name it, print everyone else */
	keep = 0;
	for (size_t i = 0; i < n; i++) {
		struct inv_unprintable u[4];
		int k = np_check(r, &v[i], u);
		for (int j = 0; j < k; j++) {
			char what[256];
			inv_unprintable_describe(np_renderer_fonts(r), &u[j], what, sizeof what);
			error_msg(_("không in được bảng tên của đại biểu %lld '%s': %s"), (long long)v[i].id,
			          v[i].name ? v[i].name : "", what);
		}
		if (k) {
			unprintable++;
			delegate_release(&v[i]);
			continue;
		}
		v[keep++] = v[i];
	}
	n = keep;
	if (n == 0) {
		error_msg(_("không bảng tên nào in được (xem ở trên)"));
		goto out;
	}
	title = malloc(strlen(ev.title ? ev.title : "") + 32);
	if (!title) {
		error_msg(_("hết bộ nhớ"));
		goto out;
	}
	sprintf(title, _("Bảng tên - %s"), ev.title ? ev.title : "");
	if (write_pdf(r, out, title, v, n, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	size_t subs = 0;
	for (size_t i = 0; i < n; i++)
		subs += v[i].sub_name != NULL;
	printf(_("Đã ghi %zu bảng tên vào '%s' (A4 ngang, gấp đôi theo đường giữa; theo thứ tự chỗ ngồi"), n, out);
	if (subs)
		printf(_("; %zu bảng tên của người đi thay"), subs);
	printf(").\n");
	rc = 0;
	if (unprintable) {
		fflush(stdout);
		error_msg(_("%zu bảng tên không in được (xem ở trên): sửa bằng 'checkin-admin edit ID' hoặc "
		            "'checkin-admin substitute ID', rồi in lại với --id"), unprintable);
		rc = 1;
	}
out:
	np_renderer_free(r);
	delegates_free(v, n);
	event_release(&ev);
	store_close(st);
	free(ids);
	free(title);
	return rc;
}
