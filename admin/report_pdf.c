/* report_pdf.c - the attendance report drawn as an A4 PDF (see report_pdf.h).
 *
 * Why apart from the invitations: a report is flowing text and tables
 * over as many pages as the roster needs, not a fixed card. It shares the
 * fonts (fonts.c: Noto Sans from assets/fonts, every Vietnamese letter)
 * and the units: the pango context runs at 25.4 "dpi", so one user unit
 * is one millimetre and font sizes are in points.
 *
 * How: a cursor (y, in mm) goes down the page; need() starts a new page
 * when the next block does not fit and repeats the running table's
 * header. Every page has a footer with its number and the start of the
 * audit digest. The chart (arrivals per bucket as bars, the running total
 * as a line on its own scale) is drawn with cairo from the report's
 * buckets. Roster text is set as plain text, never as markup. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/clock.h"
#include "checkin/i18n.h"
#include "fonts.h"
#include "report_pdf.h"

#define PAGE_W 210.0
#define PAGE_H 297.0
#define MARGIN_L 18.0
#define MARGIN_R 18.0
#define MARGIN_T 16.0
#define MARGIN_B 20.0
#define CONTENT_W (PAGE_W - MARGIN_L - MARGIN_R)
#define BODY_PT 9.5
#define TABLE_PT 8.5
#define CELL_PAD 1.2
#define MAX_COLS 6

enum align { LEFT, RIGHT, CENTRE };

struct col {
	double w;            /* mm */
	enum align align;
};

struct pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	struct inv_fonts *fonts;
	PangoLayout *l;
	double y;
	int page;
	int started;         /* the current page has been begun */
	char footer[160];
	/* the running table, whose header is repeated on a new page */
	const struct col *cols;
	int ncols;
	const char *head[MAX_COLS];
};

static cairo_status_t write_fp(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, (FILE *)closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void set_font(struct pdf *p, const PangoFontDescription *base, double pt)
{
	PangoFontDescription *d = pango_font_description_copy_static(base);
	pango_font_description_set_size(d, (gint)lround(pt * PANGO_SCALE));
	pango_layout_set_font_description(p->l, d);
	pango_font_description_free(d);
}

/* Lay out text (plain) in the shared layout: width w (wrapping), or one
 * line when w <= 0. Returns its height. */
static double lay(struct pdf *p, const PangoFontDescription *f, double pt, const char *text, double w, enum align a)
{
	int lw, lh;
	set_font(p, f, pt);
	pango_layout_set_width(p->l, w > 0 ? (int)(w * PANGO_SCALE) : -1);
	pango_layout_set_wrap(p->l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(p->l, a == RIGHT ? PANGO_ALIGN_RIGHT : a == CENTRE ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
	pango_layout_set_text(p->l, text ? text : "", -1);
	pango_layout_get_size(p->l, &lw, &lh);
	return (double)lh / PANGO_SCALE;
}

static double lay_width(struct pdf *p)
{
	int lw, lh;
	pango_layout_get_size(p->l, &lw, &lh);
	return (double)lw / PANGO_SCALE;
}

static void show(struct pdf *p, double x, double y)
{
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, p->l);
}

static void footer(struct pdf *p)
{
	char num[64];
	cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
	cairo_set_line_width(p->cr, 0.2);
	cairo_move_to(p->cr, MARGIN_L, PAGE_H - MARGIN_B + 6);
	cairo_line_to(p->cr, PAGE_W - MARGIN_R, PAGE_H - MARGIN_B + 6);
	cairo_stroke(p->cr);
	lay(p, p->fonts->regular, 7, p->footer, CONTENT_W - 25, LEFT);
	show(p, MARGIN_L, PAGE_H - MARGIN_B + 7.5);
	snprintf(num, sizeof num, _("Trang %d"), p->page);
	lay(p, p->fonts->regular, 7, num, 25, RIGHT);
	show(p, PAGE_W - MARGIN_R - 25, PAGE_H - MARGIN_B + 7.5);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void begin_page(struct pdf *p)
{
	p->page++;
	p->started = 1;
	p->y = MARGIN_T;
	cairo_identity_matrix(p->cr);
	cairo_scale(p->cr, 72.0 / 25.4, 72.0 / 25.4);
	footer(p);
}

static void table_head(struct pdf *p);

/* Make room for h mm: a new page when it does not fit on this one. */
static void need(struct pdf *p, double h)
{
	if (!p->started) {
		begin_page(p);
		return;
	}
	if (p->y + h <= PAGE_H - MARGIN_B)
		return;
	cairo_show_page(p->cr);
	begin_page(p);
	if (p->cols)
		table_head(p);
}

static void para(struct pdf *p, const PangoFontDescription *f, double pt, const char *text, enum align a,
                 double after)
{
	double h = lay(p, f, pt, text, CONTENT_W, a);
	need(p, h);
	lay(p, f, pt, text, CONTENT_W, a);
	show(p, MARGIN_L, p->y);
	p->y += h + after;
}

static void heading(struct pdf *p, const char *text)
{
	double h = lay(p, p->fonts->bold, 11.5, text, CONTENT_W, LEFT);
	need(p, h + 18); /* never a heading alone at the foot of a page */
	p->y += 3;
	lay(p, p->fonts->bold, 11.5, text, CONTENT_W, LEFT);
	show(p, MARGIN_L, p->y);
	p->y += h + 2;
}

static void subheading(struct pdf *p, const char *text)
{
	double h = lay(p, p->fonts->bold, 10, text, CONTENT_W, LEFT);
	need(p, h + 12);
	p->y += 1.5;
	lay(p, p->fonts->bold, 10, text, CONTENT_W, LEFT);
	show(p, MARGIN_L, p->y);
	p->y += h + 1.5;
}

/* ------------------------------------------------------------ tables -- */

static double row_height(struct pdf *p, const PangoFontDescription *f, const char *const *cells)
{
	double h = 0;
	for (int i = 0; i < p->ncols; i++) {
		double ch = lay(p, f, TABLE_PT, cells[i], p->cols[i].w - 2 * CELL_PAD, p->cols[i].align);
		if (ch > h)
			h = ch;
	}
	return h + 2 * CELL_PAD;
}

static void draw_row(struct pdf *p, const PangoFontDescription *f, const char *const *cells, double h, int shade)
{
	double x = MARGIN_L;
	if (shade) {
		cairo_set_source_rgb(p->cr, 0.9, 0.92, 0.95);
		cairo_rectangle(p->cr, MARGIN_L, p->y, CONTENT_W, h);
		cairo_fill(p->cr);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
	}
	for (int i = 0; i < p->ncols; i++) {
		lay(p, f, TABLE_PT, cells[i], p->cols[i].w - 2 * CELL_PAD, p->cols[i].align);
		show(p, x + CELL_PAD, p->y + CELL_PAD);
		x += p->cols[i].w;
	}
	cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(p->cr, 0.15);
	cairo_move_to(p->cr, MARGIN_L, p->y + h);
	cairo_line_to(p->cr, MARGIN_L + CONTENT_W, p->y + h);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	p->y += h;
}

static void table_head(struct pdf *p)
{
	double h = row_height(p, p->fonts->bold, p->head);
	draw_row(p, p->fonts->bold, p->head, h, 1);
}

/* Start a table: widths are fractions of the content width. */
static void table_begin(struct pdf *p, struct col *cols, int n, const char *const *head)
{
	double sum = 0;
	for (int i = 0; i < n; i++)
		sum += cols[i].w;
	for (int i = 0; i < n; i++)
		cols[i].w = cols[i].w / sum * CONTENT_W;
	p->cols = cols;
	p->ncols = n;
	for (int i = 0; i < n; i++)
		p->head[i] = head[i];
	double hh = row_height(p, p->fonts->bold, head);
	p->cols = NULL; /* need() must not repeat a header not yet drawn */
	need(p, hh + 8);
	p->cols = cols;
	table_head(p);
}

static void table_row(struct pdf *p, const char *const *cells, int bold)
{
	const PangoFontDescription *f = bold ? p->fonts->bold : p->fonts->regular;
	double h = row_height(p, f, cells);
	need(p, h);
	draw_row(p, f, cells, h, 0);
}

static void table_end(struct pdf *p)
{
	p->cols = NULL;
	p->ncols = 0;
	p->y += 2;
}

/* ------------------------------------------------------------- chart -- */

/* A round step for about five ticks up to max. */
static int nice_step(int max)
{
	int step = 1;
	while (step * 5 < max) {
		if (step * 2 * 5 >= max)
			return step * 2;
		if (step * 5 * 5 >= max)
			return step * 5;
		step *= 10;
	}
	return step;
}

static void small_text(struct pdf *p, const char *text, double x, double y, enum align a)
{
	lay(p, p->fonts->regular, 7, text, -1, LEFT);
	double w = lay_width(p);
	show(p, a == RIGHT ? x - w : a == CENTRE ? x - w / 2 : x, y);
}

static void chart(struct pdf *p, const struct report *r)
{
	const double h = 62, top_pad = 8;
	char buf[64];
	need(p, h + top_pad + 12);
	double x0 = MARGIN_L + 12, x1 = MARGIN_L + CONTENT_W - 14;
	double y0 = p->y + top_pad, y1 = p->y + top_pad + h;
	int maxbar = 1, total = 0;
	for (size_t i = 0; i < r->nbuckets; i++) {
		if (r->buckets[i] > maxbar)
			maxbar = r->buckets[i];
		total += r->buckets[i];
	}
	int lstep = nice_step(maxbar), rstep = nice_step(total > 0 ? total : 1);
	int lmax = (maxbar + lstep - 1) / lstep * lstep, rmax = (total + rstep - 1) / rstep * rstep;
	if (rmax < rstep)
		rmax = rstep;
	cairo_t *cr = p->cr;

	/* legend */
	int minutes = (int)(r->bucket_ms / 60000);
	cairo_set_source_rgb(cr, 0.33, 0.52, 0.75);
	cairo_rectangle(cr, x0, p->y + 1.5, 4, 2.5);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	snprintf(buf, sizeof buf, _("Số đại biểu đến trong mỗi %d phút (trục trái)"), minutes);
	small_text(p, buf, x0 + 5.5, p->y + 1, LEFT);
	double lx = x0 + 5.5 + lay_width(p) + 8;
	cairo_set_source_rgb(cr, 0.75, 0.2, 0.15);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, lx, p->y + 2.75);
	cairo_line_to(cr, lx + 6, p->y + 2.75);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	small_text(p, _("Cộng dồn (trục phải)"), lx + 7.5, p->y + 1, LEFT);

	/* grid and axes */
	cairo_set_line_width(cr, 0.12);
	for (int v = 0; v <= lmax; v += lstep) {
		double y = y1 - h * v / lmax;
		cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
		cairo_move_to(cr, x0, y);
		cairo_line_to(cr, x1, y);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		snprintf(buf, sizeof buf, "%d", v);
		small_text(p, buf, x0 - 1.5, y - 1.6, RIGHT);
	}
	for (int v = 0; v <= rmax; v += rstep) {
		snprintf(buf, sizeof buf, "%d", v);
		cairo_set_source_rgb(cr, 0.6, 0.15, 0.1);
		small_text(p, buf, x1 + 1.5, y1 - h * v / rmax - 1.6, LEFT);
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.3);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x0, y1);
	cairo_line_to(cr, x1, y1);
	cairo_line_to(cr, x1, y0);
	cairo_stroke(cr);

	size_t n = r->nbuckets;
	if (n == 0) {
		small_text(p, _("Chưa có đại biểu nào điểm danh."), (x0 + x1) / 2, (y0 + y1) / 2, CENTRE);
		p->y = y1 + 10;
		return;
	}
	double bw = (x1 - x0) / (double)n;
	/* bars */
	cairo_set_source_rgb(cr, 0.33, 0.52, 0.75);
	for (size_t i = 0; i < n; i++) {
		double bh = h * r->buckets[i] / lmax;
		if (bh > 0) {
			cairo_rectangle(cr, x0 + bw * (double)i + bw * 0.12, y1 - bh, bw * 0.76, bh);
			cairo_fill(cr);
		}
	}
	/* the running total */
	cairo_set_source_rgb(cr, 0.75, 0.2, 0.15);
	cairo_set_line_width(cr, 0.6);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_move_to(cr, x0, y1);
	int cum = 0;
	for (size_t i = 0; i < n; i++) {
		cum += r->buckets[i];
		cairo_line_to(cr, x0 + bw * (double)(i + 1), y1 - h * cum / rmax);
	}
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	/* times under the axis: about a dozen labels */
	size_t every = (n + 11) / 12;
	cairo_set_line_width(cr, 0.2);
	for (size_t i = 0; i <= n; i += every) {
		double x = x0 + bw * (double)i;
		clock_local(r->start_ms + (int64_t)i * r->bucket_ms, "%H:%M", buf, sizeof buf);
		cairo_move_to(cr, x, y1);
		cairo_line_to(cr, x, y1 + 1);
		cairo_stroke(cr);
		small_text(p, buf, x, y1 + 1.3, CENTRE);
	}
	p->y = y1 + 6;
	char first[16], last[16], line[256];
	clock_local(r->first_at, "%H:%M", first, sizeof first);
	clock_local(r->last_at, "%H:%M", last, sizeof last);
	snprintf(line, sizeof line, _("Đại biểu đầu tiên điểm danh lúc %s, người cuối cùng lúc %s."), first, last);
	para(p, p->fonts->italic, 8.5, line, LEFT, 1);
}

/* ---------------------------------------------------------- sections -- */

static const char *nz(const char *s)
{
	return s ? s : "";
}

static int pct(int a, int b)
{
	return b ? a * 100 / b : 0;
}

static void title_block(struct pdf *p, const struct report *r, const struct event *ev)
{
	char date[128], line[1024], when[64];
	char *org = g_utf8_strup(ev->organizer && *ev->organizer ? ev->organizer : _("Ban Tổ chức"), -1);
	need(p, 40);
	para(p, p->fonts->bold, 10, org, LEFT, 0.5);
	g_free(org);
	para(p, p->fonts->regular, 9, _("Ban Tổ chức hội nghị"), LEFT, 6);
	para(p, p->fonts->bold, 15, _("BÁO CÁO KẾT QUẢ ĐIỂM DANH ĐẠI BIỂU"), CENTRE, 2);
	para(p, p->fonts->bold, 10.5, nz(ev->title), CENTRE, 4);
	event_date_vi(ev, date, sizeof date);
	if (ev->end && *ev->end)
		snprintf(line, sizeof line, _("Thời gian: %s – %s, %s"), nz(ev->start), ev->end, date);
	else
		snprintf(line, sizeof line, _("Thời gian: %s, %s"), nz(ev->start), date);
	para(p, p->fonts->regular, BODY_PT, line, LEFT, 0.8);
	snprintf(line, sizeof line, _("Địa điểm: %s%s%s"), nz(ev->venue), ev->address && *ev->address ? ", " : "",
	         nz(ev->address));
	para(p, p->fonts->regular, BODY_PT, line, LEFT, 0.8);
	clock_local(r->generated_at, "%H:%M, %d/%m/%Y", when, sizeof when);
	snprintf(line, sizeof line, _("Báo cáo lập lúc %s, từ dữ liệu điểm danh tại cửa hội trường."), when);
	para(p, p->fonts->regular, BODY_PT, line, LEFT, 2);
}

static void summary(struct pdf *p, const struct report *r)
{
	const struct counts *c = &r->counts;
	char line[512], a[16], b[16], q[16];
	heading(p, _("1. Tổng hợp"));
	snprintf(line, sizeof line, _("Đại biểu đã đến: %d / %d đại biểu được mời (%d%%)."), c->arrived, c->expected,
	         pct(c->arrived, c->expected));
	para(p, p->fonts->bold, 10, line, LEFT, 0.8);
	snprintf(line, sizeof line, _("Có tên trong danh sách: %d · Chưa đến: %d."), c->registered,
	         c->registered - c->arrived);
	para(p, p->fonts->regular, BODY_PT, line, LEFT, 2);
	struct col cols[] = {{5, LEFT}, {1.3, RIGHT}, {1.3, RIGHT}, {1.3, RIGHT}, {1.3, RIGHT}};
	const char *head[] = {_("Nhóm đại biểu"), _("Được mời"), _("Có mặt"), _("Vắng"), _("Tỷ lệ")};
	table_begin(p, cols, 5, head);
	for (size_t i = 0; i < c->ncategories; i++) {
		const struct category_count *k = &c->categories[i];
		snprintf(a, sizeof a, "%d", k->registered);
		snprintf(b, sizeof b, "%d", k->arrived);
		snprintf(q, sizeof q, "%d", k->registered - k->arrived);
		char pc[16];
		snprintf(pc, sizeof pc, "%d%%", pct(k->arrived, k->registered));
		const char *cells[] = {*k->name ? k->name : _("(không thuộc nhóm nào)"), a, b, q, pc};
		table_row(p, cells, 0);
	}
	snprintf(a, sizeof a, "%d", c->registered);
	snprintf(b, sizeof b, "%d", c->arrived);
	snprintf(q, sizeof q, "%d", c->registered - c->arrived);
	char pc[16];
	snprintf(pc, sizeof pc, "%d%%", pct(c->arrived, c->registered));
	const char *total[] = {_("Tổng cộng"), a, b, q, pc};
	table_row(p, total, 1);
	table_end(p);
	if (c->revoked_offline) {
		snprintf(line, sizeof line, _("Trong số đã đến, %d đại biểu vào bằng mã đã thu hồi khi cửa mất kết nối."),
		         c->revoked_offline);
		para(p, p->fonts->italic, 8.5, line, LEFT, 1);
	}
}

static void groups(struct pdf *p, const char *title, const char *first_col, const struct report_group *v, size_t n,
                   int with_district)
{
	char a[16], b[16], stt[24];
	heading(p, title);
	if (n == 0) {
		para(p, p->fonts->regular, BODY_PT, _("Không có."), LEFT, 1);
		return;
	}
	struct col cols_d[] = {{0.6, RIGHT}, {5, LEFT}, {1.3, RIGHT}, {1.3, RIGHT}};
	struct col cols_c[] = {{0.6, RIGHT}, {4.2, LEFT}, {2.6, LEFT}, {1.1, RIGHT}, {1.1, RIGHT}};
	const char *head_d[] = {_("STT"), first_col, _("Được mời"), _("Có mặt")};
	const char *head_c[] = {_("STT"), first_col, _("Huyện, thị xã, thành phố"), _("Được mời"), _("Có mặt")};
	if (with_district)
		table_begin(p, cols_c, 5, head_c);
	else
		table_begin(p, cols_d, 4, head_d);
	int ta = 0, tr = 0;
	for (size_t i = 0; i < n; i++) {
		/* the delegates of no district are not one of them: no number */
		snprintf(stt, sizeof stt, *v[i].name ? "%zu" : "", i + 1);
		snprintf(a, sizeof a, "%d", v[i].registered);
		snprintf(b, sizeof b, "%d", v[i].arrived);
		ta += v[i].arrived;
		tr += v[i].registered;
		const char *name = *v[i].name ? v[i].name : _("(không thuộc huyện nào: cấp tỉnh, báo chí)");
		if (with_district) {
			const char *cells[] = {stt, name, nz(v[i].district), a, b};
			table_row(p, cells, 0);
		} else {
			const char *cells[] = {stt, name, a, b};
			table_row(p, cells, 0);
		}
	}
	snprintf(a, sizeof a, "%d", tr);
	snprintf(b, sizeof b, "%d", ta);
	if (with_district) {
		const char *cells[] = {"", _("Tổng cộng"), "", a, b};
		table_row(p, cells, 1);
	} else {
		const char *cells[] = {"", _("Tổng cộng"), a, b};
		table_row(p, cells, 1);
	}
	table_end(p);
}

static void absent_list(struct pdf *p, const char *title, const struct delegate *v, size_t n)
{
	char line[256], stt[24], id[24];
	snprintf(line, sizeof line, "%s (%zu)", title, n);
	subheading(p, line);
	if (n == 0) {
		para(p, p->fonts->regular, BODY_PT, _("Không ai vắng."), LEFT, 1);
		return;
	}
	struct col cols[] = {{0.6, RIGHT}, {0.9, RIGHT}, {2.6, LEFT}, {4.5, LEFT}, {2.6, LEFT}};
	const char *head[] = {_("STT"), _("Mã ĐB"), _("Họ và tên"), _("Chức vụ, đơn vị"), _("Chỗ ngồi")};
	table_begin(p, cols, 5, head);
	for (size_t i = 0; i < n; i++) {
		const struct delegate *d = &v[i];
		snprintf(stt, sizeof stt, "%zu", i + 1);
		snprintf(id, sizeof id, "%lld", (long long)d->id);
		char *who = g_strdup_printf("%s%s%s", nz(d->title), d->title && d->organization ? ", " : "",
		                            nz(d->organization));
		const char *cells[] = {stt, id, nz(d->name), who, nz(d->seat)};
		table_row(p, cells, 0);
		g_free(who);
	}
	table_end(p);
}

static void absent(struct pdf *p, const struct report *r)
{
	heading(p, _("5. Đại biểu vắng mặt"));
	para(p, p->fonts->italic, 8.5,
	     _("Lãnh đạo: đại biểu có vai trò vip. Một đại biểu có nhiều vai trò có tên trong mỗi danh sách tương ứng; "
	       "“Đại biểu khác” là những người không có vai trò nào."),
	     LEFT, 1);
	absent_list(p, _("5.1. Lãnh đạo"), r->leaders, r->nleaders);
	absent_list(p, r->presenters_from_programme ? _("5.2. Người trình bày theo chương trình hội nghị")
	                                            : _("5.2. Đại biểu tham luận"),
	            r->presenters, r->npresenters);
	absent_list(p, r->awardees_from_programme ? _("5.3. Người nhận khen thưởng theo chương trình hội nghị")
	                                          : _("5.3. Đại biểu nhận khen thưởng"),
	            r->awardees, r->nawardees);
	absent_list(p, _("5.4. Đại biểu khác"), r->others, r->nothers);
}

static void substitutes(struct pdf *p, const struct report *r)
{
	char stt[24], when[16];
	heading(p, _("6. Đại biểu đi thay"));
	if (!r->substitutes_known) {
		para(p, p->fonts->regular, BODY_PT,
		     _("Dữ liệu điểm danh của phiên bản này không ghi nhận đại biểu đi thay."), LEFT, 1);
		return;
	}
	if (r->nsubstitutes == 0) {
		para(p, p->fonts->regular, BODY_PT, _("Không có đại biểu đi thay."), LEFT, 1);
		return;
	}
	struct col cols[] = {{0.6, RIGHT}, {3.4, LEFT}, {4.4, LEFT}, {1.8, LEFT}, {1, RIGHT}};
	const char *head[] = {_("STT"), _("Đại biểu được mời"), _("Người đi thay"), _("Ghi nhận lúc, tại"), _("Giờ đến")};
	table_begin(p, cols, 5, head);
	for (size_t i = 0; i < r->nsubstitutes; i++) {
		const struct report_substitute *s = &r->substitutes[i];
		char rec[96] = "", t[16];
		snprintf(stt, sizeof stt, "%zu", i + 1);
		when[0] = 0;
		if (s->arrived_at)
			clock_local(s->arrived_at, "%H:%M", when, sizeof when);
		if (s->recorded_at) {
			clock_local(s->recorded_at, "%H:%M", t, sizeof t);
			snprintf(rec, sizeof rec, "%s, %s", t, s->station ? s->station : _("văn phòng"));
		}
		char *inv = g_strdup_printf("%s%s%s", nz(s->delegate_name), s->delegate_title ? ", " : "",
		                            nz(s->delegate_title));
		char *who = g_strdup_printf("%s%s%s%s%s", nz(s->name), s->title ? ", " : "", nz(s->title),
		                            s->organization ? ", " : "", nz(s->organization));
		const char *cells[] = {stt, inv, who, rec, when};
		table_row(p, cells, 0);
		g_free(inv);
		g_free(who);
	}
	table_end(p);
}

static void checkins(struct pdf *p, const struct report *r)
{
	char stt[24], at[16], und[128], line[256];
	heading(p, _("7. Điểm danh thủ công và điểm danh đã hủy"));
	snprintf(line, sizeof line, _("7.1. Điểm danh thủ công (%zu)"), r->nmanual);
	subheading(p, line);
	if (r->nmanual == 0) {
		para(p, p->fonts->regular, BODY_PT, _("Không có."), LEFT, 1);
	} else {
		struct col cols[] = {{0.6, RIGHT}, {0.9, LEFT}, {4.4, LEFT}, {1.8, LEFT}, {2.6, LEFT}};
		const char *head[] = {_("STT"), _("Giờ"), _("Đại biểu"), _("Nơi điểm danh"), _("Ghi chú")};
		table_begin(p, cols, 5, head);
		for (size_t i = 0; i < r->nmanual; i++) {
			const struct report_checkin *k = &r->manual[i];
			snprintf(stt, sizeof stt, "%zu", i + 1);
			clock_local(k->at, "%H:%M:%S", at, sizeof at);
			und[0] = 0;
			if (k->undone_at) {
				char t[16];
				clock_local(k->undone_at, "%H:%M:%S", t, sizeof t);
				snprintf(und, sizeof und, _("đã hủy lúc %s tại %s"), t, nz(k->undone_station));
			}
			const char *cells[] = {stt, at, nz(k->name), nz(k->station), und};
			table_row(p, cells, 0);
		}
		table_end(p);
	}
	snprintf(line, sizeof line, _("7.2. Điểm danh đã hủy (%zu)"), r->nundone);
	subheading(p, line);
	if (r->nundone == 0) {
		para(p, p->fonts->regular, BODY_PT, _("Không có."), LEFT, 1);
		return;
	}
	struct col cols[] = {{0.6, RIGHT}, {4, LEFT}, {2.7, LEFT}, {2.7, LEFT}};
	const char *head[] = {_("STT"), _("Đại biểu"), _("Điểm danh lúc, tại"), _("Hủy lúc, tại")};
	table_begin(p, cols, 4, head);
	for (size_t i = 0; i < r->nundone; i++) {
		const struct report_checkin *k = &r->undone[i];
		char t1[16], t2[16], c1[128];
		snprintf(stt, sizeof stt, "%zu", i + 1);
		clock_local(k->at, "%H:%M:%S", t1, sizeof t1);
		clock_local(k->undone_at, "%H:%M:%S", t2, sizeof t2);
		snprintf(c1, sizeof c1, "%s, %s", t1, nz(k->station));
		snprintf(und, sizeof und, "%s, %s", t2, nz(k->undone_station));
		const char *cells[] = {stt, nz(k->name), c1, und};
		table_row(p, cells, 0);
	}
	table_end(p);
}

static void digest(struct pdf *p, const struct report *r)
{
	char line[512], dl[192];
	heading(p, _("8. Xác thực nhật ký điểm danh"));
	snprintf(line, sizeof line,
	         _("Mã SHA-256 của nhật ký điểm danh (%lld bản ghi, đến bản ghi số %lld) lúc lập báo cáo:"),
	         (long long)r->digest.rows, (long long)r->digest.last_id);
	para(p, p->fonts->regular, BODY_PT, line, LEFT, 1.5);
	para(p, p->fonts->bold, 9, r->digest.sha256, LEFT, 1.5);
	para(p, p->fonts->regular, 7.5, report_digest_format(&r->digest, dl, sizeof dl), LEFT, 1.5);
	para(p, p->fonts->italic, 8.5,
	     _("Kiểm tra một bản sao của nhật ký với báo cáo này: checkin-admin report --verify <tệp PDF> "
	       "(hoặc --verify <mã SHA-256>). Bản ghi thêm vào sau khi lập báo cáo không làm thay đổi mã này; "
	       "sửa hoặc xóa một bản ghi cũ thì mã không còn khớp."),
	     LEFT, 1);
}

int report_write_pdf(const struct report *r, const struct event *ev, const char *assets_dir, FILE *fp, ck_err *err)
{
	struct pdf p = {0};
	char dl[192], title[512], sec[128];
	int rc = 0;

	if (inv_fonts_open(assets_dir, &p.fonts, err) < 0)
		return -1;
	p.surface = cairo_pdf_surface_create_for_stream(write_fp, fp, PAGE_W * 72 / 25.4, PAGE_H * 72 / 25.4);
	p.cr = cairo_create(p.surface);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS || cairo_status(p.cr) != CAIRO_STATUS_SUCCESS) {
		rc = ck_fail(err, CK_IO, _("không tạo được PDF: %s"), cairo_status_to_string(cairo_surface_status(p.surface)));
		goto out;
	}
	p.l = pango_layout_new(p.fonts->ctx);
	report_digest_format(&r->digest, dl, sizeof dl);
	snprintf(title, sizeof title, _("Báo cáo điểm danh – %s"), nz(ev->title));
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_KEYWORDS, dl);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "checkin-admin report");
	snprintf(p.footer, sizeof p.footer, _("Báo cáo điểm danh · nhật ký SHA-256 %.16s…"), r->digest.sha256);

	title_block(&p, r, ev);
	summary(&p, r);
	snprintf(sec, sizeof sec, _("2. Đại biểu đến theo thời gian"));
	heading(&p, sec);
	chart(&p, r);
	groups(&p, _("3. Theo huyện, thị xã, thành phố"), _("Huyện, thị xã, thành phố"), r->districts, r->ndistricts, 0);
	snprintf(sec, sizeof sec, _("4. Theo xã (%zu xã)"), r->ncommunes);
	groups(&p, sec, _("Xã"), r->communes, r->ncommunes, 1);
	absent(&p, r);
	substitutes(&p, r);
	checkins(&p, r);
	digest(&p, r);
	cairo_show_page(p.cr);
	if (cairo_status(p.cr) != CAIRO_STATUS_SUCCESS)
		rc = ck_fail(err, CK_INTERNAL, _("không vẽ được PDF: %s"), cairo_status_to_string(cairo_status(p.cr)));
out:
	if (p.l)
		g_object_unref(p.l);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	if (rc == 0 && cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS)
		rc = ck_fail(err, CK_IO, _("không ghi được PDF: %s"), cairo_status_to_string(cairo_surface_status(p.surface)));
	cairo_surface_destroy(p.surface);
	inv_fonts_free(p.fonts);
	return rc;
}
