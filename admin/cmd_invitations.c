/* cmd_invitations.c - 'checkin-admin invitations': print-ready invitations
 * (PDF) and phone images (PNG) for a selection of delegates.
 *
 * Everything that can fail cheaply is checked before any rendering: the
 * output paths are writable, the selection is not empty and a Vietnamese
 * font exists. Files are written by invitation_files.c, through a
 * temporary name, so a crash leaves either the old file or the complete
 * new one. The delegates' codes are marked printed only after the PDF is
 * safely in place.
 *
 * A delegate whose name (title, organisation, seat) has a character the
 * fonts cannot draw does not stop the run: each is reported with the
 * characters (inv_check), everyone else is printed, the PDF and the PNG
 * folder are complete for them, and the exit status is 1. Those left out
 * stay "not printed", so after a correction '--not-printed' picks them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin.h"
#include "checkin/assets.h"
#include "invitation.h"
#include "invitation_files.h"

#define MAX_IDS 100000

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Append src[0..n) to *v (taking ownership of the strings). */
static int append(struct delegate **v, size_t *nv, struct delegate *src, size_t n)
{
	if (n == 0)
		return 0;
	struct delegate *nvp = realloc(*v, (*nv + n) * sizeof **v);
	if (!nvp)
		return -1;
	memcpy(nvp + *nv, src, n * sizeof *src);
	*v = nvp;
	*nv += n;
	return 0;
}

/* The selected delegates, by id, into *out. Unknown --id values are errors. */
static int select_delegates(store *st, struct delegate_filter *f, int64_t *ids, size_t nids, struct delegate **out,
                            size_t *n, ck_err *err)
{
	*out = NULL;
	*n = 0;
	f->order = ORDER_ID;
	if (nids == 0)
		return delegate_list(st, f, out, n, err);
	qsort(ids, nids, sizeof *ids, cmp_id);
	for (size_t i = 0; i < nids; i++) {
		struct delegate *one = NULL;
		size_t k = 0;
		if (i > 0 && ids[i] == ids[i - 1])
			continue;
		f->id = ids[i];
		if (delegate_list(st, f, &one, &k, err) < 0)
			goto fail;
		if (k == 0) {
			/* Filtered out, or no such delegate? Only the latter is an error. */
			struct delegate d = {0};
			if (delegate_get(st, ids[i], &d, err) < 0)
				goto fail;
			delegate_release(&d);
		}
		if (append(out, n, one, k) < 0) {
			delegates_free(one, k);
			ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
			goto fail;
		}
		free(one); /* the strings moved into *out */
	}
	return 0;
fail:
	delegates_free(*out, *n);
	*out = NULL;
	*n = 0;
	return -1;
}

/* Nonzero, after one error line per field, when r cannot draw some of
 * d's text: "error: cannot print the invitation of id 7 'Trần 😀': name:
 * U+1F600 cannot be printed with the bundled fonts". */
static int report_unprintable(inv_renderer *r, const struct delegate *d)
{
	struct inv_unprintable u[4];
	int k = inv_check(r, d, u);
	for (int i = 0; i < k; i++) {
		char what[256];
		inv_unprintable_describe(inv_renderer_fonts(r), &u[i], what, sizeof what);
		error_msg(_("không in được giấy mời của đại biểu số %lld '%s': %s"), (long long)d->id, d->name ? d->name : "",
		          what);
	}
	return k > 0;
}

int cmd_invitations(struct admin_ctx *ctx, int argc, char **argv)
{
	enum { OUT = 1, PNGDIR, LAYOUT, ID, CATEGORY, ROLE, NOTPRINTED };
	static const struct option opts[] = {
		{"out", required_argument, NULL, OUT}, {"png-dir", required_argument, NULL, PNGDIR},
		{"layout", required_argument, NULL, LAYOUT}, {"id", required_argument, NULL, ID},
		{"category", required_argument, NULL, CATEGORY}, {"role", required_argument, NULL, ROLE},
		{"not-printed", no_argument, NULL, NOTPRINTED}, {0}};
	const struct cmd *me = cmd_find("invitations");
	struct delegate_filter f = {0};
	enum inv_layout layout = INV_A5;
	const char *out = NULL, *pngdir = NULL;
	int64_t *ids = NULL;
	size_t nids = 0, n = 0, keep = 0, skipped = 0, unprintable = 0;
	struct delegate *v = NULL;
	struct event ev = {0};
	inv_renderer *r = NULL;
	store *st = NULL;
	ck_err err;
	int c, rc = 1;

	while ((c = admin_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case OUT: out = optarg; break;
		case PNGDIR: pngdir = optarg; break;
		case CATEGORY: f.category = optarg; break;
		case NOTPRINTED: f.not_printed = 1; break;
		case LAYOUT:
			if (inv_layout_parse(optarg, &layout) < 0) {
				error_msg(_("không có khổ giấy '%s' (cần a5, a4-2 hoặc a6-4)"), optarg);
				rc = usage_msg(me);
				goto out;
			}
			break;
		case ROLE:
			if (role_parse(optarg, &f.roles, &err) < 0) {
				rc = error_msg("%s", err.msg);
				goto out;
			}
			break;
		case ID: {
			int64_t id;
			if (parse_id(optarg, &id) < 0) {
				error_msg(_("số đại biểu '%s' không hợp lệ"), optarg);
				rc = usage_msg(me);
				goto out;
			}
			if (nids >= MAX_IDS) {
				rc = error_msg(_("quá nhiều tùy chọn --id (nhiều nhất %d)"), MAX_IDS);
				goto out;
			}
			int64_t *grown = realloc(ids, (nids + 1) * sizeof *ids);
			if (!grown) {
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
	if (optind != argc || (!out && !pngdir)) {
		if (optind == argc)
			error_msg(_("không có gì để ghi: hãy cho --out FILE.pdf và/hoặc --png-dir DIR"));
		rc = usage_msg(me);
		goto out;
	}

	/* Cheap checks first: nothing is rendered into a path we cannot write. */
	if (out && inv_check_pdf_path(out, &err) < 0) {
		rc = error_msg("%s", err.msg);
		goto out;
	}
	if (pngdir && inv_check_png_dir(pngdir, &err) < 0) {
		rc = error_msg("%s", err.msg);
		goto out;
	}
	if (admin_open(ctx, &st) < 0)
		goto out;
	if (store_event_load(st, &ev, &err) < 0 || select_delegates(st, &f, ids, nids, &v, &n, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	/* A revoked code without a replacement cannot be printed. */
	for (size_t i = 0; i < n; i++) {
		if (!v[i].code) {
			escape_line(stderr, _("cảnh báo: bỏ qua '%s' (số %lld): chưa có mã hiện hành; hãy chạy 'checkin-admin reissue %lld'"),
			            v[i].name ? v[i].name : "", (long long)v[i].id, (long long)v[i].id);
			delegate_release(&v[i]);
			continue;
		}
		v[keep++] = v[i];
	}
	skipped = n - keep;
	n = keep;
	if (n > 0 && inv_renderer_new(&ev, assets_dir(), &r, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	/* Text the fonts cannot draw: report it, print everyone else. */
	keep = 0;
	for (size_t i = 0; i < n; i++) {
		if (report_unprintable(r, &v[i])) {
			unprintable++;
			delegate_release(&v[i]);
			continue;
		}
		v[keep++] = v[i];
	}
	n = keep;
	if (n == 0 && unprintable) {
		error_msg(_("không giấy mời nào đã chọn in được (xem ở trên)"));
		goto out;
	}
	if (n == 0) {
		if (f.not_printed && nids == 0 && !f.category && !f.roles) {
			printf(_("Không còn giấy mời nào chưa in.\n"));
			rc = 0;
		} else if (skipped) {
			error_msg(_("không đại biểu nào đã chọn có mã hiện hành"));
		} else {
			error_msg(_("không có đại biểu nào khớp với lựa chọn"));
		}
		goto out;
	}
	if (out) {
		if (inv_write_pdf_file(r, out, layout, v, n, 1, &err) < 0) {
			error_msg("%s", err.msg);
			goto out;
		}
		printf(P_("Đã ghi %zu giấy mời vào '%s' (khổ %s, %zu trang).\n",
		          "Đã ghi %zu giấy mời vào '%s' (khổ %s, %zu trang).\n", n),
		       n, out, inv_layout_name(layout), inv_sheet_count(layout, n));
		if (delegate_mark_printed(st, v, n, &err) < 0)
			fprintf(stderr, _("cảnh báo: đã ghi PDF nhưng không ghi nhận được là đã in: %s\n"), err.msg);
	}
	if (pngdir) {
		if (inv_write_png_files(r, pngdir, v, n, 1, &err) < 0) {
			error_msg("%s", err.msg);
			goto out;
		}
		printf(P_("Đã ghi %zu ảnh giấy mời vào thư mục '%s'.\n", "Đã ghi %zu ảnh giấy mời vào thư mục '%s'.\n", n), n, pngdir);
	}
	rc = 0;
	if (unprintable) {
		fflush(stdout);
		error_msg(P_("%zu giấy mời chưa in được (xem ở trên): sửa nội dung bằng 'checkin-admin edit ID', "
		             "rồi chạy 'checkin-admin invitations --not-printed'",
		             "%zu giấy mời chưa in được (xem ở trên): sửa nội dung bằng 'checkin-admin edit ID', "
		             "rồi chạy 'checkin-admin invitations --not-printed'", unprintable), unprintable);
		rc = 1;
	}
out:
	inv_renderer_free(r);
	delegates_free(v, n);
	event_release(&ev);
	if (st)
		store_close(st);
	free(ids);
	return rc;
}
