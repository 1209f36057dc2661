/* cmd_export.c - 'checkin-admin export --out FILE.csv|FILE.xlsx': the
 * attendance report. Every delegate, present or not, sorted by category
 * and name, with arrival time and station. The CSV starts with a BOM so
 * that Excel reads the Vietnamese right; the .xlsx (libxlsxwriter) also
 * has a summary sheet. Both are written to a temporary name and renamed. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "admin.h"
#include "csv_writer.h"
#include "checkin/clock.h"
#include "checkin/counts.h"
#include "checkin/checkin.h"
#include "checkin/text.h"

static const char *const headers[] = {"STT", "Mã ĐB", "Họ và tên", "Chức vụ", "Đơn vị", "Nhóm", "Huyện",
                                      "Vai trò", "Chỗ ngồi", "Có mặt", "Giờ đến", "Nơi điểm danh", "Cách điểm danh",
                                      "Ghi chú", "Người đi thay", "Chức vụ người đi thay", "Đơn vị người đi thay"};
#define NHEAD (sizeof headers / sizeof *headers)

static const char *method_vi(int m)
{
	switch (m) {
	case METHOD_CAMERA: return "Camera";
	case METHOD_SCANNER: return "Máy quét";
	case METHOD_MANUAL: return "Thủ công";
	}
	return "";
}

/* The report's cells for delegate i, into cells[] (pointing into bufs). */
struct rowbuf {
	char stt[24], id[24], roles[64], when[32];
};

static void row_cells(const struct delegate *d, size_t i, struct rowbuf *b, const char *cells[NHEAD])
{
	snprintf(b->stt, sizeof b->stt, "%zu", i + 1);
	snprintf(b->id, sizeof b->id, "%lld", (long long)d->id);
	role_format_vi(d->roles, b->roles, sizeof b->roles);
	b->when[0] = 0;
	if (d->arrived_at)
		clock_local(d->arrived_at, "%H:%M:%S %d/%m/%Y", b->when, sizeof b->when);
	const char *v[NHEAD] = {b->stt, b->id, d->name, d->title, d->organization, d->category, d->district,
	                        b->roles, d->seat, d->arrived_at ? "Có mặt" : "Vắng", b->when,
	                        d->arrived_at ? d->station : "", d->arrived_at ? method_vi(d->method) : "",
	                        d->flag ? CHECKIN_FLAG_REVOKED_OFFLINE_VI : "", d->sub_name, d->sub_title,
	                        d->sub_organization};
	memcpy(cells, v, sizeof v);
}

static int write_csv(FILE *fp, const struct delegate *v, size_t n)
{
	fputs("\xEF\xBB\xBF", fp);
	if (csv_write_row(fp, headers, NHEAD, "\r\n") < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct rowbuf b = {0};
		const char *cells[NHEAD];
		row_cells(&v[i], i, &b, cells);
		if (csv_write_row(fp, cells, NHEAD, "\r\n") < 0)
			return -1;
	}
	return 0;
}

static int write_xlsx(const char *tmp, const struct event *ev, const struct counts *c, const struct delegate *v,
                      size_t n, ck_err *err)
{
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb)
		return ck_fail(err, CK_IO, _("không tạo được '%s'"), tmp);
	lxw_format *bold = workbook_add_format(wb), *title = workbook_add_format(wb), *absent = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_bold(title);
	format_set_font_size(title, 14);
	format_set_font_color(absent, LXW_COLOR_RED);
	lxw_worksheet *sum = workbook_add_worksheet(wb, "Tổng hợp");
	lxw_worksheet *list = workbook_add_worksheet(wb, "Danh sách đại biểu");
	char date[96], line[1024], roles[64];
	int r = 0;

	/* summary sheet */
	event_date_vi(ev, date, sizeof date);
	worksheet_set_column(sum, 0, 0, 34, NULL);
	worksheet_set_column(sum, 1, 4, 16, NULL);
	worksheet_write_string(sum, r++, 0, "BÁO CÁO ĐIỂM DANH ĐẠI BIỂU", title);
	worksheet_write_string(sum, r++, 0, ev->title, NULL);
	/* "date, start — venue": a long venue is cut, but never inside a
	 * character: the sheet must stay valid UTF-8 or Excel refuses the
	 * whole file */
	const char *parts[] = {date, ", ", ev->start, " — ", ev->venue};
	size_t len = 0;
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
		len += text_copy(line + len, sizeof line - len, parts[i]);
	worksheet_write_string(sum, r++, 0, line, NULL);
	r++;
	worksheet_write_string(sum, r, 0, "Nhóm", bold);
	worksheet_write_string(sum, r, 1, "Đã đến", bold);
	worksheet_write_string(sum, r, 2, "Đăng ký", bold);
	worksheet_write_string(sum, r++, 3, "Tỷ lệ", bold);
	for (size_t i = 0; i < c->ncategories; i++, r++) {
		worksheet_write_string(sum, r, 0, *c->categories[i].name ? c->categories[i].name : "(chưa phân nhóm)", NULL);
		worksheet_write_number(sum, r, 1, c->categories[i].arrived, NULL);
		worksheet_write_number(sum, r, 2, c->categories[i].registered, NULL);
		snprintf(line, sizeof line, "%d%%", c->categories[i].registered ? c->categories[i].arrived * 100 / c->categories[i].registered : 0);
		worksheet_write_string(sum, r, 3, line, NULL);
	}
	worksheet_write_string(sum, r, 0, "Tổng cộng", bold);
	worksheet_write_number(sum, r, 1, c->arrived, bold);
	worksheet_write_number(sum, r++, 2, c->registered, bold);
	worksheet_write_string(sum, r, 0, "Số đại biểu dự kiến", NULL);
	worksheet_write_number(sum, r++, 1, c->expected, NULL);
	if (c->revoked_offline) {
		worksheet_write_string(sum, r, 0, "Vào bằng mã đã thu hồi khi cửa mất kết nối (xem cột Ghi chú)", absent);
		worksheet_write_number(sum, r++, 1, c->revoked_offline, absent);
	}
	if (c->repeats_offline) {
		worksheet_write_string(sum, r, 0, "Quét lần hai ở cửa khác khi mất kết nối (không tính thêm)", NULL);
		worksheet_write_number(sum, r++, 1, c->repeats_offline, NULL);
	}
	size_t nsub = 0, nsub_in = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].sub_name) {
			nsub++;
			nsub_in += v[i].arrived_at != 0;
		}
	if (nsub) {
		worksheet_write_string(sum, r, 0, "Đại biểu cử người đi thay (xem trang Người đi thay)", NULL);
		worksheet_write_number(sum, r, 1, (double)nsub_in, NULL);
		worksheet_write_number(sum, r++, 2, (double)nsub, NULL);
	}
	r++;
	worksheet_write_string(sum, r++, 0, "Đại biểu báo cáo tham luận và nhận khen thưởng", title);
	worksheet_write_string(sum, r, 0, "Họ và tên", bold);
	worksheet_write_string(sum, r, 1, "Vai trò", bold);
	worksheet_write_string(sum, r, 2, "Đơn vị", bold);
	worksheet_write_string(sum, r++, 3, "Có mặt", bold);
	for (size_t i = 0; i < n; i++) {
		if (!(v[i].roles & (ROLE_PRESENTER | ROLE_AWARDEE)))
			continue;
		role_format_vi(v[i].roles, roles, sizeof roles);
		worksheet_write_string(sum, r, 0, v[i].name, NULL);
		worksheet_write_string(sum, r, 1, roles, NULL);
		worksheet_write_string(sum, r, 2, v[i].organization ? v[i].organization : "", NULL);
		worksheet_write_string(sum, r++, 3, v[i].arrived_at ? "Có mặt" : "Vắng", v[i].arrived_at ? NULL : absent);
	}

	/* delegates sheet */
	static const double widths[NHEAD] = {6, 7, 28, 30, 40, 14, 16, 18, 22, 9, 20, 14, 14, 30, 28, 30, 40};
	for (size_t h = 0; h < NHEAD; h++) {
		worksheet_set_column(list, (lxw_col_t)h, (lxw_col_t)h, widths[h], NULL);
		worksheet_write_string(list, 0, (lxw_col_t)h, headers[h], bold);
	}
	worksheet_freeze_panes(list, 1, 0);
	for (size_t i = 0; i < n; i++) {
		struct rowbuf b = {0};
		const char *cells[NHEAD];
		row_cells(&v[i], i, &b, cells);
		for (size_t h = 0; h < NHEAD; h++) {
			if (h < 2)
				worksheet_write_number(list, (lxw_row_t)i + 1, (lxw_col_t)h, h ? (double)v[i].id : (double)(i + 1), NULL);
			else if (cells[h])
				worksheet_write_string(list, (lxw_row_t)i + 1, (lxw_col_t)h, cells[h], h == 9 && !v[i].arrived_at ? absent : NULL);
		}
	}
	worksheet_autofilter(list, 0, 0, (lxw_row_t)n, NHEAD - 1);

	/* substitutes apart: who sat in whose seat */
	if (nsub) {
		static const char *const sh[] = {"STT", "Mã ĐB", "Đại biểu được mời", "Chức vụ", "Đơn vị", "Người đi thay",
		                                 "Chức vụ người đi thay", "Đơn vị người đi thay", "Chỗ ngồi", "Có mặt",
		                                 "Giờ đến"};
		static const double sw[] = {6, 7, 28, 30, 40, 28, 30, 40, 22, 9, 20};
		lxw_worksheet *subs = workbook_add_worksheet(wb, "Người đi thay");
		for (size_t h = 0; h < sizeof sh / sizeof *sh; h++) {
			worksheet_set_column(subs, (lxw_col_t)h, (lxw_col_t)h, sw[h], NULL);
			worksheet_write_string(subs, 0, (lxw_col_t)h, sh[h], bold);
		}
		worksheet_freeze_panes(subs, 1, 0);
		lxw_row_t row = 1;
		for (size_t i = 0; i < n; i++) {
			if (!v[i].sub_name)
				continue;
			struct rowbuf b = {0};
			const char *cells[NHEAD];
			row_cells(&v[i], i, &b, cells);
			const char *sc[] = {NULL, NULL, v[i].name, v[i].title, v[i].organization, v[i].sub_name,
			                    v[i].sub_title, v[i].sub_organization, v[i].seat, cells[9], cells[10]};
			worksheet_write_number(subs, row, 0, (double)row, NULL);
			worksheet_write_number(subs, row, 1, (double)v[i].id, NULL);
			for (size_t h = 2; h < sizeof sc / sizeof *sc; h++)
				if (sc[h])
					worksheet_write_string(subs, row, (lxw_col_t)h, sc[h],
					                       h == 9 && !v[i].arrived_at ? absent : NULL);
			row++;
		}
	}
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return ck_fail(err, CK_IO, _("không ghi được '%s': %s"), tmp, lxw_strerror(e));
	return 0;
}

int cmd_export(struct admin_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"out", required_argument, NULL, 'o'}, {0}};
	struct delegate_filter f = {.order = ORDER_CATEGORY_NAME};
	struct delegate *v = NULL;
	struct counts c = {0};
	struct event ev = {0};
	struct safe_file sf = {0};
	const char *out = NULL, *ext;
	size_t n = 0;
	store *st = NULL;
	ck_err err;
	int opt, rc = 1, xlsx;

	while ((opt = admin_getopt(argc, argv, "o:", opts)) != -1) {
		if (opt == 'o')
			out = optarg;
		else
			return usage_msg(cmd_find("export"));
	}
	if (!out || optind != argc)
		return usage_msg(cmd_find("export"));
	ext = strrchr(out, '.');
	if (!ext || (strcmp(ext, ".csv") && strcmp(ext, ".xlsx")))
		return error_msg(_("không biết định dạng của '%s' (cần .csv hoặc .xlsx)"), out);
	xlsx = !strcmp(ext, ".xlsx");
	if (safe_check_writable(out, &err) < 0)
		return error_msg("%s", err.msg);
	if (admin_open(ctx, &st) < 0)
		return 1;
	/* the summary and the list come from one snapshot, so they agree */
	if (store_read_begin(st, &err) < 0 || store_event_load(st, &ev, &err) < 0 || counts_get(st, &c, &err) < 0 ||
	    delegate_list(st, &f, &v, &n, &err) < 0) {
		store_read_end(st);
		error_msg("%s", err.msg);
		goto out;
	}
	store_read_end(st);
	if (safe_open(&sf, out, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	if (xlsx) {
		/* libxlsxwriter writes by name: let it write the temp file */
		fclose(sf.fp);
		sf.fp = NULL;
		if (write_xlsx(sf.tmp, &ev, &c, v, n, &err) < 0) {
			safe_abort(&sf);
			error_msg("%s", err.msg);
			goto out;
		}
	} else if (write_csv(sf.fp, v, n) < 0) {
		safe_abort(&sf);
		error_msg(_("không ghi được '%s'"), out);
		goto out;
	}
	if (safe_commit(&sf, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	printf(P_("Đã xuất báo cáo '%s': %zu đại biểu, %d có mặt, %zu vắng.\n",
	          "Đã xuất báo cáo '%s': %zu đại biểu, %d có mặt, %zu vắng.\n", n),
	       out, n, c.arrived, n - (size_t)c.arrived);
	rc = 0;
out:
	delegates_free(v, n);
	counts_release(&c);
	event_release(&ev);
	store_close(st);
	return rc;
}
