/* script_pdf.c - the MC's script (kịch bản) as an A4 PDF (cairo, pango).
 *
 * Why apart from `programme`'s command: it is the one drawing of the
 * script, which the tests read back with pdftotext. It prints the stage
 * (stage.h) as it is when printed: the agenda with times; at each item
 * with a presenter, how the MC reads their name and whether they are in
 * the hall, with the seat, or who could stand in; and the award ceremony
 * as one calling list per batch, with each recipient's seat and mark
 * (CÓ MẶT, NHẬN THAY, VẮNG). Text flows down the page and onto the next;
 * a recipient's block is never split across pages. */
#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checkin/assets.h"
#include "checkin/clock.h"
#include "checkin/i18n.h"
#include "fonts.h"
#include "script_pdf.h"

#define PAGE_W 210.0
#define PAGE_H 297.0
#define MARGIN 18.0
#define TEXT_W (PAGE_W - 2 * MARGIN)

struct pen {
	cairo_t *cr;
	struct inv_fonts *f;
	double y;
	int page;
	const char *footer;
};

static void footer(struct pen *p)
{
	PangoLayout *l = pango_layout_new(p->f->ctx);
	PangoFontDescription *d = pango_font_description_copy(p->f->regular);
	pango_font_description_set_size(d, 8 * PANGO_SCALE);
	pango_layout_set_font_description(l, d);
	pango_font_description_free(d);
	char text[300];
	snprintf(text, sizeof text, _("%s — trang %d"), p->footer, p->page);
	pango_layout_set_text(l, text, -1);
	cairo_move_to(p->cr, MARGIN, PAGE_H - 12);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
}

static void new_page(struct pen *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
}

/* A paragraph of Pango markup at x (mm from the margin), pt points, wrapped
 * to the text width; kept on one page (a new page first when it does not
 * fit). Returns its height. */
static double para(struct pen *p, const char *markup, double pt, double x, int bold, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(p->f->ctx);
	PangoFontDescription *d = pango_font_description_copy(bold ? p->f->bold : p->f->regular);
	pango_font_description_set_size(d, (gint)lround(pt * PANGO_SCALE));
	pango_layout_set_font_description(l, d);
	pango_font_description_free(d);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_set_width(l, (int)((TEXT_W - x) * PANGO_SCALE));
	pango_layout_set_alignment(l, align);
	pango_layout_set_markup(l, markup, -1);
	int w, h;
	pango_layout_get_size(l, &w, &h);
	double hh = (double)h / PANGO_SCALE;
	if (p->y + hh > PAGE_H - MARGIN - 8)
		new_page(p);
	cairo_move_to(p->cr, MARGIN + x, p->y);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
	p->y += hh;
	return hh;
}

/* Markup-escaped copy (g_free). */
static char *esc(const char *s)
{
	return g_markup_escape_text(s ? s : "", -1);
}

static void person_status(struct pen *p, const struct stage *s, size_t i)
{
	const struct prog_item *it = &s->prog.items[i];
	char full[700];
	const struct delegate *d = it->presenter ? stage_delegate(s, it->presenter) : NULL;
	if (it->presenter) {
		stage_full_name(d, full, sizeof full);
		char *e = esc(full);
		char *m = g_strdup_printf(_("<i>Trân trọng kính mời</i> %s"), e);
		para(p, m, 11, 8, 0, PANGO_ALIGN_LEFT);
		g_free(m);
		g_free(e);
	} else {
		char *e = esc(it->organization);
		char *m = g_strdup_printf(_("<i>Trân trọng kính mời đại diện</i> %s"), e);
		para(p, m, 11, 8, 0, PANGO_ALIGN_LEFT);
		g_free(m);
		g_free(e);
	}
	const struct delegate *sub[STAGE_MAX_STANDINS];
	size_t ns = stage_standins(s, i, sub, STAGE_MAX_STANDINS);
	char line[1200];
	if (d && d->arrived_at > 0) {
		char *seat = esc(d->seat && *d->seat ? d->seat : _("chưa xếp ghế"));
		if (d->sub_name)
			snprintf(line, sizeof line, _("<b>[ĐI THAY]</b> người đi thay có mặt, Ghế: %s"), seat);
		else
			snprintf(line, sizeof line, _("<b>[CÓ MẶT]</b> Ghế: %s"), seat);
		g_free(seat);
	} else {
		size_t o = (size_t)snprintf(line, sizeof line, "%s", it->presenter ? _("<b>[VẮNG]</b>") : "");
		if (ns) {
			o += (size_t)snprintf(line + o, o < sizeof line ? sizeof line - o : 0, "%s", _(" Có thể thay: "));
			for (size_t k = 0; k < ns && o < sizeof line; k++) {
				char nb[300];
				char *n = esc(stage_who_name(sub[k], nb, sizeof nb)), *t = esc(sub[k]->title),
				     *st = esc(sub[k]->seat);
				o += (size_t)snprintf(line + o, o < sizeof line ? sizeof line - o : 0, "%s%s, %s (%s)",
				                      k ? "; " : "", n, t, st);
				g_free(n);
				g_free(t);
				g_free(st);
			}
		} else {
			snprintf(line + o, o < sizeof line ? sizeof line - o : 0, "%s",
			         _(" Không có ai cùng đơn vị trong hội trường."));
		}
	}
	para(p, line, 10, 8, 0, PANGO_ALIGN_LEFT);
}

static void batch(struct pen *p, const struct stage *s, const struct prog_batch *b)
{
	char *t = esc(b->title ? b->title : b->id);
	p->y += 2;
	para(p, t, 11.5, 4, 1, PANGO_ALIGN_LEFT);
	g_free(t);
	for (size_t r = 0; r < b->n; r++) {
		const struct prog_recipient *rc = &b->r[r];
		const struct delegate *who;
		enum recipient_state st = stage_recipient(s, rc, &who);
		const struct delegate *d = stage_delegate(s, rc->delegate);
		char full[700], line[1600];
		stage_full_name(d, full, sizeof full);
		char *ef = esc(full);
		if (rc->collective) {
			char *ec = esc(rc->collective);
			snprintf(line, sizeof line, _("%zu. <b>%s</b> — người nhận: %s"), r + 1, ec, ef);
			g_free(ec);
		} else {
			snprintf(line, sizeof line, "%zu. <b>%s</b>", r + 1, ef);
		}
		g_free(ef);
		/* keep the two lines of a recipient together */
		if (p->y + 14 > PAGE_H - MARGIN - 8)
			new_page(p);
		para(p, line, 10.5, 8, 0, PANGO_ALIGN_LEFT);
		char *seat = esc(who && who->seat && *who->seat ? who->seat : _("chưa xếp ghế"));
		if (st == RECIPIENT_PRESENT) {
			snprintf(line, sizeof line, _("<b>[CÓ MẶT]</b> Ghế: %s"), seat);
		} else if (st == RECIPIENT_SUBSTITUTE) {
			snprintf(line, sizeof line, _("<b>[ĐI THAY]</b> người đi thay có mặt, Ghế: %s"), seat);
		} else if (st == RECIPIENT_ALTERNATE) {
			char nb[300];
			char *n = esc(stage_who_name(who, nb, sizeof nb)), *tt = esc(who->sub_name ? who->sub_title : who->title);
			snprintf(line, sizeof line, _("<b>[NHẬN THAY]</b> %s, %s — Ghế: %s"), n, tt, seat);
			g_free(n);
			g_free(tt);
		} else {
			snprintf(line, sizeof line, "%s", _("<b>[VẮNG]</b> <i>không có người nhận thay</i>"));
		}
		g_free(seat);
		para(p, line, 10, 14, 0, PANGO_ALIGN_LEFT);
		p->y += 1;
	}
}

static cairo_status_t write_fp(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, (FILE *)closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int script_pdf_write(const struct stage *s, FILE *fp, ck_err *err)
{
	const double pt_per_mm = 72.0 / 25.4;
	struct inv_fonts *f = NULL;
	int rc = 0;
	if (inv_fonts_open(assets_dir(), &f, err) < 0)
		return -1;
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_fp, fp, PAGE_W * pt_per_mm, PAGE_H * pt_per_mm);
	cairo_t *cr = cairo_create(surf);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS || cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		rc = ck_fail(err, CK_IO, _("không tạo được PDF: %s"), cairo_status_to_string(cairo_surface_status(surf)));
		goto out;
	}
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, _("Kịch bản điều hành hội nghị"));
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "checkin-admin programme script");
	cairo_scale(cr, pt_per_mm, pt_per_mm);
	cairo_set_source_rgb(cr, 0, 0, 0);

	char printed[64], footer_text[200];
	clock_local(s->now, "%H:%M %d/%m/%Y", printed, sizeof printed);
	int arrived = 0;
	for (size_t i = 0; i < s->nroster; i++)
		arrived += s->roster[i].arrived_at > 0;
	snprintf(footer_text, sizeof footer_text, _("Kịch bản in lúc %s; có mặt %d/%zu đại biểu"), printed, arrived,
	         s->nroster);
	struct pen p = {.cr = cr, .f = f, .y = MARGIN, .page = 1, .footer = footer_text};

	para(&p, _("KỊCH BẢN ĐIỀU HÀNH HỘI NGHỊ"), 15, 0, 1, PANGO_ALIGN_CENTER);
	char *et = esc(s->ev.title);
	para(&p, et, 11.5, 0, 1, PANGO_ALIGN_CENTER);
	g_free(et);
	char date[128], line[600];
	event_date_vi(&s->ev, date, sizeof date);
	char *ev = esc(s->ev.venue);
	snprintf(line, sizeof line, "%s — %s", ev, date);
	g_free(ev);
	para(&p, line, 10.5, 0, 0, PANGO_ALIGN_CENTER);
	snprintf(line, sizeof line, _("<i>Tình hình đại biểu lúc %s: có mặt %d/%zu. Đánh dấu: [CÓ MẶT], [VẮNG], "
	                              "[NHẬN THAY] (người nhận thay cho tập thể), [ĐI THAY] (người được cử đi thay).</i>"),
	         printed, arrived, s->nroster);
	p.y += 2;
	para(&p, line, 9.5, 0, 0, PANGO_ALIGN_CENTER);
	p.y += 4;

	for (size_t i = 0; i < s->prog.n; i++) {
		const struct prog_item *it = &s->prog.items[i];
		char head[400];
		char *title = esc(it->title);
		if (it->label) {
			char *label = esc(it->label);
			snprintf(head, sizeof head, "%02d:%02d   %s %s", it->minute / 60, it->minute % 60,
			         prog_kind_label_vi(it->kind), label);
			g_free(label);
		} else
			snprintf(head, sizeof head, "%02d:%02d   %s", it->minute / 60, it->minute % 60,
			         prog_kind_label_vi(it->kind));
		if (p.y + 20 > PAGE_H - MARGIN - 8)
			new_page(&p);
		p.y += 3;
		para(&p, head, 11.5, 0, 1, PANGO_ALIGN_LEFT);
		para(&p, title, 11, 8, 0, PANGO_ALIGN_LEFT);
		g_free(title);
		if (it->presenter || it->organization)
			person_status(&p, s, i);
		for (size_t b = 0; b < it->nbatches; b++)
			batch(&p, s, &it->batches[b]);
	}
	footer(&p);
	cairo_show_page(cr);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		rc = ck_fail(err, CK_INTERNAL, _("không vẽ được PDF: %s"), cairo_status_to_string(cairo_status(cr)));
out:
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	if (rc == 0 && cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
		rc = ck_fail(err, CK_IO, _("không ghi được PDF: %s"), cairo_status_to_string(cairo_surface_status(surf)));
	cairo_surface_destroy(surf);
	inv_fonts_free(f);
	return rc;
}
