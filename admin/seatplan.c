/* seatplan.c - the seating chart (see seatplan.h).
 *
 * Why: on the morning of the event the ushers walk the rows with a sheet
 * in hand; the chart shows the hall as it is (to scale, the stage at the
 * top, as one stands at the back looking at the stage) and who sits in
 * each seat, and the index finds a seat from a name.
 *
 * How: one A3 landscape page for the hall, in millimetres (the pango
 * context of fonts.h runs at 1 unit = 1 mm); metres of the hall file are
 * scaled to fill the page. A seat is a box with its number and the short
 * name on two lines, each shrunk to the box's width, never cut. Then as
 * many index pages as the roster needs: three columns of name and seat,
 * sorted by given name as Vietnamese lists are. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/seating.h"
#include "checkin/text.h"
#include "fonts.h"
#include "seatplan.h"

#define PAGE_W 420.0
#define PAGE_H 297.0
#define MARGIN 12.0
#define STAGE_DEPTH 3.2 /* metres of stage drawn above the hall's first row */

const char *seat_short_name(const char *name, char *buf, size_t len)
{
	char *words[16];
	int n = 0;
	char *copy = g_strdup(name ? name : "");
	char *save = NULL;
	size_t o = 0;
	for (char *w = strtok_r(copy, " \t\n", &save); w && n < 16; w = strtok_r(NULL, " \t\n", &save))
		words[n++] = w;
	buf[0] = 0;
	for (int i = 0; i + 1 < n && o + 8 < len; i++) {
		gunichar c = g_unichar_toupper(g_utf8_get_char(words[i]));
		o += (size_t)g_unichar_to_utf8(c, buf + o);
		buf[o++] = '.';
		buf[o] = 0;
	}
	if (n)
		snprintf(buf + o, len - o, "%s%s", o ? " " : "", words[n - 1]);
	g_free(copy);
	return buf;
}

struct chart {
	struct inv_fonts *fonts;
	cairo_t *cr;
	const struct hall *h;
	double scale, ox, oy; /* mm per metre; page position of hall (0, -STAGE_DEPTH) */
};

static PangoLayout *layout(struct chart *c, const PangoFontDescription *f, const char *text, double pt)
{
	PangoLayout *l = pango_layout_new(c->fonts->ctx);
	PangoFontDescription *d = pango_font_description_copy_static(f);
	pango_font_description_set_size(d, (gint)lround(pt * PANGO_SCALE));
	pango_layout_set_font_description(l, d);
	pango_font_description_free(d);
	pango_layout_set_text(l, text, -1);
	return l;
}

static void size_of(PangoLayout *l, double *w, double *h)
{
	int iw, ih;
	pango_layout_get_size(l, &iw, &ih);
	*w = (double)iw / PANGO_SCALE;
	*h = (double)ih / PANGO_SCALE;
}

/* text in one line, shrunk until it is at most w wide, drawn with its
 * centre (align 0.5), left (0) or right (1) edge at x and its top at y.
 * Returns the height drawn. */
static double text_at(struct chart *c, const PangoFontDescription *f, const char *text, double pt, double w,
                      double x, double y, double align)
{
	PangoLayout *l = layout(c, f, text, pt);
	double lw, lh;
	size_of(l, &lw, &lh);
	if (w > 0 && lw > w) {
		double npt = fmax(pt * w / lw * 0.98, 1.0);
		g_object_unref(l);
		l = layout(c, f, text, npt);
		size_of(l, &lw, &lh);
	}
	cairo_move_to(c->cr, x - lw * align, y);
	pango_cairo_show_layout(c->cr, l);
	g_object_unref(l);
	return lh;
}

static double px(struct chart *c, double x)
{
	return c->ox + x * c->scale;
}

static double py(struct chart *c, double y)
{
	return c->oy + (y + STAGE_DEPTH) * c->scale;
}

static const double group_fill[][3] = {
	[GROUP_PRESIDIUM] = {0.98, 0.80, 0.80}, [GROUP_LEADER] = {1.00, 0.88, 0.78},
	[GROUP_PRESENTER] = {0.80, 0.88, 1.00}, [GROUP_AWARDEE] = {1.00, 0.95, 0.70},
	[GROUP_PRESS] = {0.88, 0.88, 0.88},     [GROUP_GENERAL] = {0.86, 0.96, 0.86},
};

static void seat_box(struct chart *c, struct hall_seat s, const struct delegate *d, int presidium)
{
	const struct hall *h = c->h;
	double x, y, w = h->seat_width * 0.92 * c->scale, ht = h->row_depth * 0.72 * c->scale;
	char num[8], shortname[160];
	hall_seat_pos(h, s, &x, &y);
	if (s.block < 0)
		w = h->seat_width * 1.35 * c->scale;
	double bx = px(c, x) - w / 2, by = py(c, y) - ht / 2;
	cairo_t *cr = c->cr;
	cairo_rectangle(cr, bx, by, w, ht);
	if (d) {
		enum seat_group g = presidium ? GROUP_PRESIDIUM : seating_group(d);
		cairo_set_source_rgb(cr, group_fill[g][0], group_fill[g][1], group_fill[g][2]);
	} else {
		cairo_set_source_rgb(cr, 1, 1, 1);
	}
	cairo_fill_preserve(cr);
	cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
	cairo_set_line_width(cr, 0.2);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
	snprintf(num, sizeof num, "%d", s.seat);
	double nh = text_at(c, c->fonts->regular, num, 3.2, w - 0.6, bx + w / 2, by + 0.2, 0.5);
	if (!d)
		return;
	cairo_set_source_rgb(cr, 0, 0, 0);
	seat_short_name(d->name, shortname, sizeof shortname);
	char *sp = strrchr(shortname, ' ');
	double y0 = by + 0.2 + nh * 0.85;
	if (sp) {
		*sp = 0;
		double lh = text_at(c, c->fonts->regular, shortname, 4.0, w - 0.6, bx + w / 2, y0, 0.5);
		text_at(c, c->fonts->bold, sp + 1, 4.8, w - 0.6, bx + w / 2, y0 + lh * 0.85, 0.5);
	} else {
		text_at(c, c->fonts->bold, shortname, 4.8, w - 0.6, bx + w / 2, y0 + 1, 0.5);
	}
}

static void draw_hall(struct chart *c, const struct event *ev, const struct delegate *v, size_t n,
                      const long *who, const char *presidium_flag)
{
	const struct hall *h = c->h;
	cairo_t *cr = c->cr;
	char buf[400];

	/* the heading */
	cairo_set_source_rgb(cr, 0, 0, 0);
	char *up = g_utf8_strup(h->name, -1);
	snprintf(buf, sizeof buf, _("SƠ ĐỒ CHỖ NGỒI - %s"), up);
	g_free(up);
	double th = text_at(c, c->fonts->bold, buf, 16, PAGE_W - 2 * MARGIN, PAGE_W / 2, MARGIN - 4, 0.5);
	if (ev && ev->title)
		text_at(c, c->fonts->regular, ev->title, 9, PAGE_W - 2 * MARGIN, PAGE_W / 2, MARGIN - 4 + th, 0.5);

	/* the room and the stage */
	cairo_set_line_width(cr, 0.5);
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	cairo_rectangle(cr, px(c, 0), py(c, -STAGE_DEPTH), h->width * c->scale, (h->depth + STAGE_DEPTH) * c->scale);
	cairo_stroke(cr);
	double sx0 = h->width * 0.18, sx1 = h->width * 0.82;
	cairo_rectangle(cr, px(c, sx0), py(c, -STAGE_DEPTH), (sx1 - sx0) * c->scale, (STAGE_DEPTH - 0.3) * c->scale);
	cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
	cairo_fill_preserve(cr);
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	cairo_stroke(cr);
	text_at(c, c->fonts->bold, _("SÂN KHẤU"), 9, 0, px(c, sx0) + 2, py(c, -STAGE_DEPTH) + 1, 0);
	if (h->stage_seats > 0) {
		double x0, x1, y;
		hall_seat_pos(h, (struct hall_seat){-1, 0, 1}, &x0, &y);
		hall_seat_pos(h, (struct hall_seat){-1, 0, h->stage_seats}, &x1, &y);
		double pad = h->seat_width;
		cairo_rectangle(cr, px(c, x0 - pad), py(c, y + h->row_depth * 0.45), (x1 - x0 + 2 * pad) * c->scale,
		                0.35 * c->scale);
		cairo_set_source_rgb(cr, 0.55, 0.35, 0.2);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		text_at(c, c->fonts->bold, h->stage_name, 8, 0, px(c, x1 + pad) + 2, py(c, y) - 2, 0);
	}

	/* blocks: name above, row numbers at the left */
	for (size_t b = 0; b < h->nblocks; b++) {
		const struct hall_block *bl = &h->blocks[b];
		double bw = bl->maxseats * h->seat_width;
		cairo_set_source_rgb(cr, 0, 0, 0);
		text_at(c, c->fonts->bold, bl->name, 9, bw * c->scale, px(c, bl->x + bw / 2), py(c, bl->y) - 5, 0.5);
		for (int r = 1; r <= bl->nrows; r++) {
			double x, y;
			hall_seat_pos(h, (struct hall_seat){(int)b, r, 1}, &x, &y);
			snprintf(buf, sizeof buf, _("H%d"), r);
			cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
			text_at(c, c->fonts->regular, buf, 4.5, 0, px(c, x - h->seat_width / 2) - 0.8, py(c, y) - 1.6, 1);
		}
	}
	for (size_t i = 0; i < h->nseats; i++) {
		struct hall_seat s = hall_seat_at(h, i);
		seat_box(c, s, who[i] >= 0 ? &v[who[i]] : NULL, who[i] >= 0 && presidium_flag[i]);
	}
	(void)n;

	/* the legend */
	static const char *const names[] = {
		[GROUP_PRESIDIUM] = N_("Đoàn chủ tịch"), [GROUP_LEADER] = N_("Lãnh đạo"),
		[GROUP_PRESENTER] = N_("Tham luận"),     [GROUP_AWARDEE] = N_("Khen thưởng"),
		[GROUP_PRESS] = N_("Báo chí"),           [GROUP_GENERAL] = N_("Đại biểu"),
	};
	double lx = MARGIN, ly = PAGE_H - MARGIN + 2;
	for (int g = 0; g <= GROUP_GENERAL; g++) {
		cairo_rectangle(cr, lx, ly, 5, 3.5);
		cairo_set_source_rgb(cr, group_fill[g][0], group_fill[g][1], group_fill[g][2]);
		cairo_fill_preserve(cr);
		cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
		cairo_set_line_width(cr, 0.2);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		PangoLayout *l = layout(c, c->fonts->regular, _(names[g]), 8);
		double lw, lh;
		size_of(l, &lw, &lh);
		cairo_move_to(cr, lx + 6.5, ly - 0.2);
		pango_cairo_show_layout(cr, l);
		g_object_unref(l);
		lx += 6.5 + lw + 6;
	}
	snprintf(buf, sizeof buf, _("Ghế trắng: còn trống. Ghế đánh số từ trái sang phải khi nhìn lên sân khấu; "
	                            "H1 là hàng gần sân khấu nhất. Tỷ lệ 1:%.0f."), 1000.0 / c->scale);
	text_at(c, c->fonts->regular, buf, 8, PAGE_W - MARGIN - lx, lx, ly - 0.2, 0);
}

static const struct delegate *idx_base;

static int by_given_name(const void *a, const void *b)
{
	const struct delegate *x = &idx_base[*(const size_t *)a], *y = &idx_base[*(const size_t *)b];
	char *fx = text_fold(x->name ? x->name : ""), *fy = text_fold(y->name ? y->name : "");
	int c = 0;
	if (fx && fy) {
		const char *gx = strrchr(fx, ' '), *gy = strrchr(fy, ' ');
		c = strcmp(gx ? gx + 1 : fx, gy ? gy + 1 : fy);
		if (!c)
			c = strcmp(fx, fy);
	}
	free(fx);
	free(fy);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

#define IDX_COLS 3
#define IDX_ROW 4.6
#define IDX_TOP (MARGIN + 14)

static int draw_index(struct chart *c, const struct delegate *v, size_t n, const long *seat_of, double pt_per_mm)
{
	size_t *order = malloc(sizeof *order * (n ? n : 1));
	const int per_col = (int)((PAGE_H - IDX_TOP - MARGIN) / IDX_ROW) - 1;
	const size_t per_page = (size_t)per_col * IDX_COLS;
	const double colw = (PAGE_W - 2 * MARGIN) / IDX_COLS;
	size_t pages = n ? (n + per_page - 1) / per_page : 0;
	char buf[300];
	cairo_t *cr = c->cr;
	(void)pt_per_mm;
	if (!order)
		return -1;
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	idx_base = v;
	qsort(order, n, sizeof *order, by_given_name);
	for (size_t p = 0; p < pages; p++) {
		cairo_show_page(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		snprintf(buf, sizeof buf, _("DANH SÁCH ĐẠI BIỂU VÀ CHỖ NGỒI (trang %zu/%zu)"), p + 1, pages);
		text_at(c, c->fonts->bold, buf, 13, PAGE_W - 2 * MARGIN, PAGE_W / 2, MARGIN - 4, 0.5);
		for (int col = 0; col < IDX_COLS; col++) {
			double x = MARGIN + col * colw;
			text_at(c, c->fonts->bold, _("Họ và tên"), 8.5, 0, x, IDX_TOP - IDX_ROW - 1, 0);
			text_at(c, c->fonts->bold, _("Chỗ ngồi"), 8.5, 0, x + colw * 0.52, IDX_TOP - IDX_ROW - 1, 0);
			cairo_set_line_width(cr, 0.3);
			cairo_move_to(cr, x, IDX_TOP - 0.8);
			cairo_line_to(cr, x + colw - 4, IDX_TOP - 0.8);
			cairo_stroke(cr);
		}
		for (size_t k = 0; k < per_page && p * per_page + k < n; k++) {
			const struct delegate *d = &v[order[p * per_page + k]];
			double x = MARGIN + (double)(k / (size_t)per_col) * colw, y = IDX_TOP + (double)(k % (size_t)per_col) * IDX_ROW;
			const char *seat = d->seat && *d->seat ? d->seat : _("(chưa có chỗ)");
			cairo_set_source_rgb(cr, 0, 0, 0);
			text_at(c, c->fonts->regular, d->name ? d->name : "", 8.5, colw * 0.52 - 2, x, y, 0);
			if (seat_of[order[p * per_page + k]] < 0 && d->seat && *d->seat)
				cairo_set_source_rgb(cr, 0.7, 0, 0); /* a seat typed by hand that the hall lacks */
			text_at(c, c->fonts->regular, seat, 8.5, colw * 0.48 - 4, x + colw * 0.52, y, 0);
		}
	}
	free(order);
	return 0;
}

static cairo_status_t write_fp(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, (FILE *)closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int seatplan_write_pdf(const struct hall *h, const struct event *ev, const struct delegate *v, size_t n,
                       const char *assets_dir, FILE *fp, ck_err *err)
{
	const double pt_per_mm = 72.0 / 25.4;
	struct chart c = {.h = h};
	long *who = malloc(sizeof *who * (h->nseats ? h->nseats : 1));
	long *seat_of = malloc(sizeof *seat_of * (n ? n : 1));
	char *pres = calloc(h->nseats ? h->nseats : 1, 1);
	int rc = -1;

	if (!who || !seat_of || !pres) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		goto out;
	}
	for (size_t i = 0; i < h->nseats; i++)
		who[i] = -1;
	for (size_t i = 0; i < n; i++) {
		struct hall_seat s;
		seat_of[i] = -1;
		if (v[i].seat && hall_seat_parse(h, v[i].seat, &s) == 0) {
			long k = hall_seat_index(h, s);
			if (who[k] < 0) {
				who[k] = (long)i;
				seat_of[i] = k;
				pres[k] = s.block < 0;
			}
		}
	}
	if (inv_fonts_open(assets_dir, &c.fonts, err) < 0)
		goto out;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_fp, fp, PAGE_W * pt_per_mm, PAGE_H * pt_per_mm);
	c.cr = cairo_create(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		ck_fail(err, CK_IO, _("không tạo được tệp PDF: %s"), cairo_status_to_string(cairo_surface_status(s)));
	} else {
		char title[300];
		snprintf(title, sizeof title, _("Sơ đồ chỗ ngồi - %s"), h->name);
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "checkin-admin seats plan");
		cairo_scale(c.cr, pt_per_mm, pt_per_mm);
		/* the hall, scaled to the space under the heading and above the legend */
		double aw = PAGE_W - 2 * MARGIN, top = MARGIN + 14, ah = PAGE_H - MARGIN - 4 - top;
		c.scale = fmin(aw / h->width, ah / (h->depth + STAGE_DEPTH));
		c.ox = MARGIN + (aw - h->width * c.scale) / 2;
		c.oy = top;
		draw_hall(&c, ev, v, n, who, pres);
		if (draw_index(&c, v, n, seat_of, pt_per_mm) < 0)
			ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		else
			rc = 0;
		cairo_show_page(c.cr);
	}
	cairo_destroy(c.cr);
	cairo_surface_finish(s);
	if (rc == 0 && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		rc = ck_fail(err, CK_IO, _("không ghi được tệp PDF: %s"), cairo_status_to_string(cairo_surface_status(s)));
	cairo_surface_destroy(s);
out:
	inv_fonts_free(c.fonts);
	free(who);
	free(seat_of);
	free(pres);
	return rc;
}
