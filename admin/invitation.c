/* invitation.c - the Giấy mời renderer (cairo + pango + libqrencode).
 *
 * Why: the secretariat prints one invitation per delegate and sends the
 * same card to phones; every QR must scan on the first try and every
 * Vietnamese diacritic must be right.
 *
 * How: one card design in millimetres (A5, 148 x 210) is drawn by
 * draw_card() at any scale: 1:1 on A5 and in the halves of an A4 landscape
 * sheet, 0.707 in the quarters of an A4 portrait sheet. The phone image has
 * its own geometry (1080 x 1920 px at 10 px per unit). Text sizes are in
 * points; the pango context runs at 25.4 "dpi" so that one user unit is one
 * millimetre, with hinting and glyph-position rounding off so a layout is
 * the same at every scale. Each text block is fitted into its box by
 * shrinking its font; the body is additionally clipped to its box, so
 * nothing can ever reach the QR. The QR is one cairo path of run-merged
 * rectangles (vector in PDF, pixel-aligned in PNG) with a 4-module quiet
 * zone kept free of text: 56 mm with the quiet zone on A5, so the symbol
 * itself is 44 mm on A5 and 31 mm on an A6 quarter; error correction Q.
 * The payloads are [0-9A-Z], which libqrencode puts in alphanumeric mode
 * (version 3, 29 modules; 8-bit mode would need version 4). */
#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fonts.h"
#include "invitation.h"
#include "png_grey.h"
#include "checkin/text.h"
#include "checkin/i18n.h"

#define BODY_MAX 4            /* name, title, organisation, seat */
#define QUIET 4              /* quiet zone, in modules */
#define PT_STEP 0.25         /* font shrink step, points */

struct box {
	double x, y, w, h;
};

/* Where everything goes on a card, in card units (mm on paper). */
struct card_geom {
	double w, h;
	struct box org;      /* organiser, upper case, centred */
	struct box nation;   /* national title and motto, centred */
	struct box heading;  /* GIẤY MỜI */
	struct box body;     /* Kính mời đồng chí ... Chỗ ngồi */
	struct box qr;       /* the code with its quiet zone (square: w) */
	struct box code;     /* short code under the QR */
	struct box note;     /* bring the invitation ... */
	double org_pt, nation_pt, motto_pt, heading_pt, body_pt, body_min_pt, code_pt, note_pt;
	double note_valign;  /* 0 top, 0.5 centre of the note box */
};

static const struct card_geom GEOM_A5 = {
	.w = 148, .h = 210,
	.org = {8, 10, 58, 13},
	.nation = {66, 10, 76, 13},
	.heading = {10, 31, 128, 10},
	.body = {14, 45, 120, 87},
	.qr = {84, 134, 56, 56},
	.code = {80, 191, 64, 8},
	.note = {12, 138, 68, 54},
	.org_pt = 10, .nation_pt = 9.5, .motto_pt = 10.5, .heading_pt = 21,
	.body_pt = 12, .body_min_pt = 6.5, .code_pt = 15, .note_pt = 10,
	.note_valign = 0.5,
};

/* Phone: 1080 x 1920 px drawn at 10 px per unit. */
#define PHONE_SCALE 10.0
static const struct card_geom GEOM_PHONE = {
	.w = 108, .h = 192,
	.org = {2, 6, 42, 14},
	.nation = {44, 6, 62, 14},
	.heading = {4, 24, 100, 10},
	.body = {7, 37, 94, 75},
	.qr = {22, 113, 64, 64},
	.code = {14, 177, 80, 7},
	.note = {6, 184.5, 96, 7},
	.org_pt = 7.5, .nation_pt = 7, .motto_pt = 7.5, .heading_pt = 17,
	.body_pt = 10.5, .body_min_pt = 5.5, .code_pt = 14, .note_pt = 6.5,
	.note_valign = 0,
};

/* Layouts of the text every card shares, fitted once per geometry. */
struct geom_cache {
	const struct card_geom *g;
	PangoLayout *org, *nation, *motto, *heading, *note;
	PangoLayout *ev[3];  /* Đến dự, Thời gian, Địa điểm: set once, resized per card */
	int ready;
};

struct inv_renderer {
	struct inv_fonts *fonts;      /* owned */
	PangoContext *ctx;            /* the fonts' (borrowed) */
	PangoLayout *body[BODY_MAX];  /* the delegate's own paragraphs */
	PangoLayout *code;            /* the short code */
	struct geom_cache gc[2];      /* paper, phone */
	const PangoFontDescription *regular, *bold, *italic; /* the fonts' (borrowed) */
	/* Event text, prepared once (markup-escaped where it goes into markup). */
	char *org_upper;      /* plain text */
	char *title_m;        /* markup */
	char *time_m;         /* markup */
	char *venue_m;        /* markup */
	char *note;           /* plain text */
	char *event_title;    /* plain, for PDF metadata */
};

/* ------------------------------------------------------------ layouts -- */

int inv_layout_parse(const char *name, enum inv_layout *out)
{
	if (!strcmp(name, "a5"))
		*out = INV_A5;
	else if (!strcmp(name, "a4-2"))
		*out = INV_A4_2;
	else if (!strcmp(name, "a6-4"))
		*out = INV_A6_4;
	else
		return -1;
	return 0;
}

const char *inv_layout_name(enum inv_layout l)
{
	return l == INV_A4_2 ? "a4-2" : l == INV_A6_4 ? "a6-4" : "a5";
}

int inv_layout_per_sheet(enum inv_layout l)
{
	return l == INV_A4_2 ? 2 : l == INV_A6_4 ? 4 : 1;
}

size_t inv_sheet_count(enum inv_layout l, size_t n)
{
	size_t per = (size_t)inv_layout_per_sheet(l);
	return (n + per - 1) / per;
}

long inv_slot_index(enum inv_layout l, size_t n, size_t sheet, int slot)
{
	size_t sheets = inv_sheet_count(l, n);
	if (slot < 0 || slot >= inv_layout_per_sheet(l) || sheet >= sheets)
		return -1;
	size_t i = (size_t)slot * sheets + sheet;
	return i < n ? (long)i : -1;
}

/* Sheet size in mm and slot k's box. */
static void sheet_size(enum inv_layout l, double *w, double *h)
{
	if (l == INV_A5) {
		*w = 148, *h = 210;
	} else if (l == INV_A4_2) {
		*w = 297, *h = 210;
	} else {
		*w = 210, *h = 297;
	}
}

static struct box slot_box(enum inv_layout l, int k)
{
	double w, h;
	sheet_size(l, &w, &h);
	if (l == INV_A5)
		return (struct box){0, 0, w, h};
	if (l == INV_A4_2)
		return (struct box){k * w / 2, 0, w / 2, h};
	return (struct box){(k % 2) * w / 2, (k / 2) * h / 2, w / 2, h / 2};
}

static PangoLayout *new_layout(inv_renderer *r)
{
	PangoLayout *l = pango_layout_new(r->ctx);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	return l;
}

/* --------------------------------------------------------- event text -- */

/* "07:30" -> "07 giờ 30 phút" (markup-safe: digits only). */
static char *time_vi(const char *hhmm)
{
	int h, m;
	if (!hhmm || sscanf(hhmm, "%d:%d", &h, &m) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
		return NULL;
	return g_strdup_printf("%02d giờ %02d phút", h, m);
}

/* Upper case (Unicode aware), with the customary break after the level of
 * government: "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI". */
static char *organizer_upper(const char *org)
{
	static const char *const prefixes[] = {"ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN ", "HỘI ĐỒNG NHÂN DÂN ", "BAN CHẤP HÀNH ", NULL};
	char *up = g_utf8_strup(org && *org ? org : "Ban Tổ chức", -1);
	for (int i = 0; prefixes[i]; i++) {
		size_t n = strlen(prefixes[i]);
		if (!strncmp(up, prefixes[i], n)) {
			char *s = g_strdup_printf("%.*s\n%s", (int)(n - 1), up, up + n);
			g_free(up);
			return s;
		}
	}
	return up;
}

static int prepare_event(inv_renderer *r, const struct event *ev, ck_err *err)
{
	char date[128] = "";
	event_date_vi(ev, date, sizeof date);
	char *t = time_vi(ev->start);
	r->org_upper = organizer_upper(ev->organizer);
	r->event_title = g_strdup(ev->title ? ev->title : "");
	r->title_m = g_markup_printf_escaped("Đến dự: <b>%s</b>", r->event_title);
	if (t)
		r->time_m = g_markup_printf_escaped("Thời gian: <b>%s</b>, %s", t, date);
	else
		r->time_m = g_markup_printf_escaped("Thời gian: %s", date);
	g_free(t);
	const char *venue = ev->venue ? ev->venue : "";
	const char *addr = ev->address ? ev->address : "";
	r->venue_m = g_markup_printf_escaped("Địa điểm: %s%s%s", venue, *venue && *addr ? ", " : "", addr);
	char *doors = time_vi(ev->doors_open);
	GString *note = g_string_new("Đề nghị đồng chí mang theo giấy mời và đưa mã QR trước camera tại cửa hội trường.");
	if (doors)
		g_string_append_printf(note, " Đón tiếp đại biểu từ %s.", doors);
	g_free(doors);
	r->note = g_string_free(note, FALSE);
	if (!r->org_upper || !r->title_m || !r->time_m || !r->venue_m)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	return 0;
}

int inv_renderer_new(const struct event *ev, const char *assets_dir, inv_renderer **out, ck_err *err)
{
	inv_renderer *r = calloc(1, sizeof *r);
	*out = NULL;
	if (!r)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	if (inv_fonts_open(assets_dir, &r->fonts, err) < 0 || prepare_event(r, ev, err) < 0) {
		inv_renderer_free(r);
		return -1;
	}
	r->ctx = r->fonts->ctx;
	r->regular = r->fonts->regular;
	r->bold = r->fonts->bold;
	r->italic = r->fonts->italic;
	for (int i = 0; i < BODY_MAX; i++)
		r->body[i] = new_layout(r);
	r->code = new_layout(r);
	r->gc[0].g = &GEOM_A5;
	r->gc[1].g = &GEOM_PHONE;
	*out = r;
	return 0;
}

void inv_renderer_free(inv_renderer *r)
{
	if (!r)
		return;
	for (int i = 0; i < BODY_MAX; i++)
		if (r->body[i])
			g_object_unref(r->body[i]);
	if (r->code)
		g_object_unref(r->code);
	for (int i = 0; i < 2; i++) {
		struct geom_cache *c = &r->gc[i];
		PangoLayout *ls[] = {c->org, c->nation, c->motto, c->heading, c->note, c->ev[0], c->ev[1], c->ev[2]};
		for (size_t k = 0; k < sizeof ls / sizeof ls[0]; k++)
			if (ls[k])
				g_object_unref(ls[k]);
	}
	inv_fonts_free(r->fonts);
	g_free(r->org_upper);
	g_free(r->title_m);
	g_free(r->time_m);
	g_free(r->venue_m);
	g_free(r->note);
	g_free(r->event_title);
	free(r);
}

/* ----------------------------------------------------------- drawing --- */

static void set_size(PangoLayout *l, const PangoFontDescription *base, double pt)
{
	PangoFontDescription *d = pango_font_description_copy_static(base);
	pango_font_description_set_size(d, (gint)lround(pt * PANGO_SCALE));
	pango_layout_set_font_description(l, d);
	pango_font_description_free(d);
}

static double layout_h(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double layout_w(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

/* Fit l (text already set) into a box of width w (wrapping when wrap, else
 * one line) and height h by shrinking from pt down to min_pt. Returns the
 * size used. */
static double fit(PangoLayout *l, const PangoFontDescription *base, double pt, double min_pt, double w,
                  double h, int wrap)
{
	pango_layout_set_width(l, wrap ? (int)(w * PANGO_SCALE) : -1);
	for (;;) {
		set_size(l, base, pt);
		double lw = layout_w(l), lh = layout_h(l);
		if ((wrap || lw <= w) && lh <= h)
			break;
		if (pt <= min_pt)
			break;
		/* Jump close to the answer, then walk down in small steps. */
		double ratio = wrap ? sqrt(h / lh) : fmin(w / lw, h / lh);
		double next = ratio < 0.97 ? pt * ratio + PT_STEP : pt - PT_STEP;
		if (next > pt - PT_STEP)
			next = pt - PT_STEP;
		pt = next < min_pt ? min_pt : next;
	}
	return pt;
}

/* Any glyph the fonts lack makes the invitation wrong: refuse it, naming
 * the characters. inv_check() finds these before any drawing; this is the
 * last guard. */
static int check_glyphs(inv_renderer *r, PangoLayout *l, const struct delegate *d, ck_err *err)
{
	struct inv_unprintable u = {0};
	char what[256];
	u.ncps = inv_layout_missing(l, u.cps, INV_MISSING_MAX);
	if (u.ncps == 0)
		return 0;
	inv_unprintable_describe(r->fonts, &u, what, sizeof what);
	return ck_fail(err, CK_INVALID, _("không dựng được giấy mời của đại biểu số %lld: %s"), (long long)d->id, what);
}

/* Draw l at the top of box b, horizontally aligned by its own alignment. */
static void show_at(cairo_t *cr, PangoLayout *l, double x, double y)
{
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
}

static void hline(cairo_t *cr, double x0, double x1, double y, double width)
{
	cairo_set_line_width(cr, width);
	cairo_move_to(cr, x0, y);
	cairo_line_to(cr, x1, y);
	cairo_stroke(cr);
}

/* A single line shrunk to fit width w. */
static PangoLayout *one_line(inv_renderer *r, const PangoFontDescription *f, const char *text, double pt, double w)
{
	PangoLayout *l = new_layout(r);
	pango_layout_set_text(l, text, -1);
	fit(l, f, pt, pt * 0.5, w, 1000, 0);
	return l;
}

/* Show l centred on cx with its top at y; returns its bottom. */
static double show_centred(cairo_t *cr, PangoLayout *l, double cx, double y)
{
	show_at(cr, l, cx - layout_w(l) / 2, y);
	return y + layout_h(l);
}

/* Lay out, once per geometry, the text that is the same on every card. */
static void geom_cache_ready(inv_renderer *r, struct geom_cache *c)
{
	const struct card_geom *g = c->g;
	if (c->ready)
		return;
	c->org = new_layout(r);
	pango_layout_set_text(c->org, r->org_upper, -1);
	pango_layout_set_alignment(c->org, PANGO_ALIGN_CENTER);
	fit(c->org, r->bold, g->org_pt, g->org_pt * 0.6, g->org.w, g->org.h - 2, 1);
	c->nation = one_line(r, r->bold, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", g->nation_pt, g->nation.w);
	c->motto = one_line(r, r->bold, "Độc lập - Tự do - Hạnh phúc", g->motto_pt, g->nation.w);
	c->heading = one_line(r, r->bold, "GIẤY MỜI", g->heading_pt, g->heading.w);
	c->note = new_layout(r);
	pango_layout_set_text(c->note, r->note, -1);
	pango_layout_set_alignment(c->note, g->note_valign > 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER);
	fit(c->note, r->italic, g->note_pt, g->note_pt * 0.5, g->note.w, g->note.h, 1);
	const char *ev[3] = {r->title_m, r->time_m, r->venue_m};
	for (int i = 0; i < 3; i++) {
		c->ev[i] = new_layout(r);
		pango_layout_set_markup(c->ev[i], ev[i], -1);
	}
	c->ready = 1;
}

/* Unknown glyphs in the shared text are the font's fault, not a
 * delegate's: report them without a delegate. */
static int geom_cache_check(struct geom_cache *c, ck_err *err)
{
	PangoLayout *ls[] = {c->org, c->nation, c->motto, c->heading, c->note, c->ev[0], c->ev[1], c->ev[2]};
	for (size_t k = 0; k < sizeof ls / sizeof ls[0]; k++)
		if (pango_layout_get_unknown_glyphs_count(ls[k]) > 0)
			return ck_fail(err, CK_INVALID, _("không dựng được giấy mời: phông chữ thiếu nét cho một số ký tự của '%s'"),
			                pango_layout_get_text(ls[k]));
	return 0;
}

/* Ink and paper. The phone PNG is drawn on an alpha-only surface that
 * holds the ink (alpha 0 is the paper it starts as, 1 full ink), which
 * png_write_ink() turns into grey; pixman composites ink over an A8 mask
 * faster than it takes it away (DEST_OUT on white). */
static void ink(cairo_t *cr)
{
	if (cairo_surface_get_content(cairo_get_target(cr)) == CAIRO_CONTENT_ALPHA) {
		cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
		cairo_set_source_rgba(cr, 0, 0, 0, 1);
	} else {
		cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
		cairo_set_source_rgb(cr, 0, 0, 0);
	}
}

static void paper(cairo_t *cr)
{
	if (cairo_surface_get_content(cairo_get_target(cr)) == CAIRO_CONTENT_ALPHA) {
		cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
		return;
	}
	cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
	cairo_set_source_rgba(cr, 1, 1, 1, 1);
}

/* The QR with its quiet zone in the square box b. px_per_unit > 0 snaps
 * modules to whole device pixels (PNG); 0 leaves them exact (PDF). */
static int draw_qr(cairo_t *cr, const struct box *b, const char *payload, double px_per_unit, ck_err *err)
{
	/* Payloads are [0-9A-Z]: QRcode_encodeString splits the input into
	 * modes itself and picks alphanumeric for them (version 3 at Q). */
	QRcode *q = QRcode_encodeString(payload, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
	if (!q)
		return ck_fail(err, CK_INTERNAL, _("không tạo được mã QR cho '%s'"), payload);
	int n = q->width;
	double m = b->w / (n + 2 * QUIET);
	double x0 = b->x, y0 = b->y;
	if (px_per_unit > 0) {
		double mp = floor(m * px_per_unit);
		if (mp < 1)
			mp = 1;
		m = mp / px_per_unit;
		double side = m * (n + 2 * QUIET);
		x0 = round((b->x + (b->w - side) / 2) * px_per_unit) / px_per_unit;
		y0 = round((b->y + (b->w - side) / 2) * px_per_unit) / px_per_unit;
	}
	cairo_save(cr);
	paper(cr);
	cairo_rectangle(cr, x0, y0, m * (n + 2 * QUIET), m * (n + 2 * QUIET));
	cairo_fill(cr);
	ink(cr);
	cairo_new_path(cr);
	for (int y = 0; y < n; y++) {
		const unsigned char *row = q->data + (size_t)y * n;
		for (int x = 0; x < n;) {
			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			int s = x;
			while (x < n && (row[x] & 1))
				x++;
			cairo_rectangle(cr, x0 + (QUIET + s) * m, y0 + (QUIET + y) * m, (x - s) * m, m);
		}
	}
	cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
	cairo_fill(cr);
	cairo_restore(cr);
	QRcode_free(q);
	return 0;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* The delegate's paragraphs as pango markup (g_malloc'd, the caller frees
 * them) into m[]: name, then title and organisation when given; returns
 * the index of the seat's slot, m[that] being NULL when there is no seat.
 * The event's paragraphs go between those and the seat. fields[] (may be
 * NULL) gets the field each paragraph shows. */
static int delegate_markup(const struct delegate *d, char *m[BODY_MAX], const char *fields[BODY_MAX])
{
	int n = 0;
	const char *dummy[BODY_MAX];
	if (!fields)
		fields = dummy;
	fields[n] = "name";
	m[n++] = g_markup_printf_escaped("Kính mời đồng chí: <b><big>%s</big></b>", nz(d->name));
	if (d->title && *d->title) {
		fields[n] = "title";
		m[n++] = g_markup_printf_escaped("Chức vụ: %s", d->title);
	}
	if (d->organization && *d->organization) {
		fields[n] = "organization";
		m[n++] = g_markup_printf_escaped("Đơn vị: %s", d->organization);
	}
	fields[n] = "seat";
	m[n] = d->seat && *d->seat ? g_markup_printf_escaped("Chỗ ngồi: <b>%s</b>", d->seat) : NULL;
	return n;
}

int inv_check(inv_renderer *r, const struct delegate *d, struct inv_unprintable out[4])
{
	char *m[BODY_MAX] = {0};
	const char *fields[BODY_MAX];
	int seat = delegate_markup(d, m, fields), k = 0;
	PangoLayout *l = new_layout(r);
	set_size(l, r->regular, GEOM_A5.body_pt);
	for (int i = 0; i <= seat; i++) {
		if (!m[i])
			continue;
		pango_layout_set_markup(l, m[i], -1);
		size_t n = inv_layout_missing(l, out[k].cps, INV_MISSING_MAX);
		if (n) {
			out[k].field = fields[i];
			out[k].ncps = n;
			k++;
		}
		g_free(m[i]);
	}
	g_object_unref(l);
	return k;
}

const struct inv_fonts *inv_renderer_fonts(const inv_renderer *r)
{
	return r->fonts;
}

/* Draw one card for d with cr's user space in card units. */
static int draw_card(inv_renderer *r, cairo_t *cr, struct geom_cache *c, const struct delegate *d,
                     double px_per_unit, ck_err *err)
{
	const struct card_geom *g = c->g;
	PangoLayout *para[BODY_MAX + 3];
	int np = 0, nown = 0, rc = 0;

	if (!d->code || strlen(d->code) != CODE_LEN)
		return ck_fail(err, CK_NOT_FOUND, _("'%s' (số %lld) chưa có mã hiện hành; hãy chạy 'checkin-admin reissue %lld'"),
		                nz(d->name), (long long)d->id, (long long)d->id);
	geom_cache_ready(r, c);
	if (geom_cache_check(c, err) < 0)
		return -1;

	cairo_save(cr);
	ink(cr);

	/* Organiser top left, national title and motto top right, underlined. */
	show_at(cr, c->org, g->org.x, g->org.y);
	double y = g->org.y + layout_h(c->org) + 0.8;
	hline(cr, g->org.x + g->org.w / 3, g->org.x + 2 * g->org.w / 3, y, 0.3);
	double cx = g->nation.x + g->nation.w / 2;
	y = show_centred(cr, c->nation, cx, g->nation.y);
	y = show_centred(cr, c->motto, cx, y);
	double w = layout_w(c->motto);
	hline(cr, cx - w / 2, cx + w / 2, y + 0.8, 0.3);
	show_centred(cr, c->heading, g->heading.x + g->heading.w / 2, g->heading.y);

	/* Body: the delegate's paragraphs and the event's, shrunk together
	 * until they fit. Wrapped lines hang under the label. */
	char *m[BODY_MAX] = {0};
	int seat = delegate_markup(d, m, NULL);
	nown = seat + (m[seat] != NULL);
	for (int i = 0; i < seat; i++)
		para[np++] = r->body[i];
	for (int i = 0; i < 3; i++)
		para[np++] = c->ev[i];
	if (m[seat])
		para[np++] = r->body[seat];
	for (int i = 0; i < nown; i++)
		pango_layout_set_markup(r->body[i], m[i], -1), g_free(m[i]);
	for (int i = 0; i < np; i++) {
		pango_layout_set_width(para[i], (int)(g->body.w * PANGO_SCALE));
		pango_layout_set_indent(para[i], (int)(-6 * PANGO_SCALE));
	}
	double pt = g->body_pt, total = 0, gap = 0;
	for (;;) {
		gap = pt * 0.35 * 25.4 / 72; /* a third of a line between paragraphs */
		total = 0;
		for (int i = 0; i < np; i++) {
			set_size(para[i], r->regular, pt);
			total += layout_h(para[i]) + (i ? gap : 0);
		}
		if (total <= g->body.h || pt <= g->body_min_pt)
			break;
		double next = pt * sqrt(g->body.h / total) + PT_STEP;
		if (next > pt - PT_STEP)
			next = pt - PT_STEP;
		pt = next < g->body_min_pt ? g->body_min_pt : next;
	}
	for (int i = 0; i < np && rc == 0; i++)
		rc = check_glyphs(r, para[i], d, err);
	if (rc < 0)
		goto out;
	/* Never past the box, even at the smallest size. */
	cairo_save(cr);
	cairo_rectangle(cr, g->body.x - 1, g->body.y - 1, g->body.w + 2, g->body.h + 2);
	cairo_clip(cr);
	y = g->body.y + (total < g->body.h ? (g->body.h - total) / 3 : 0);
	for (int i = 0; i < np; i++) {
		show_at(cr, para[i], g->body.x, y);
		y += layout_h(para[i]) + gap;
	}
	cairo_restore(cr);

	/* QR, short code under it, and the note. */
	if ((rc = draw_qr(cr, &g->qr, d->code, px_per_unit, err)) < 0)
		goto out;
	char shortc[CODE_SHORTLEN + 1];
	code_short(d->code, shortc);
	pango_layout_set_text(r->code, shortc, -1);
	fit(r->code, r->bold, g->code_pt, g->code_pt * 0.5, g->code.w, g->code.h, 0);
	show_centred(cr, r->code, g->code.x + g->code.w / 2, g->code.y);
	double nh = layout_h(c->note);
	show_at(cr, c->note, g->note.x, g->note.y + (nh < g->note.h ? (g->note.h - nh) * g->note_valign : 0));
out:
	cairo_restore(cr);
	return rc;
}

/* ------------------------------------------------------------- output -- */

static cairo_status_t write_fp(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, (FILE *)closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void cut_marks(cairo_t *cr, enum inv_layout l)
{
	double w, h;
	if (l == INV_A5)
		return;
	sheet_size(l, &w, &h);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.2);
	/* Ticks in the margin where the cuts go, plus a cross at the centre of
	 * a four-up sheet; all lie on the cut lines and are cut away. */
	double mx = w / 2;
	cairo_move_to(cr, mx, 2), cairo_line_to(cr, mx, 8);
	cairo_move_to(cr, mx, h - 8), cairo_line_to(cr, mx, h - 2);
	if (l == INV_A6_4) {
		double my = h / 2;
		cairo_move_to(cr, 2, my), cairo_line_to(cr, 8, my);
		cairo_move_to(cr, w - 8, my), cairo_line_to(cr, w - 2, my);
		cairo_move_to(cr, mx - 3, my), cairo_line_to(cr, mx + 3, my);
		cairo_move_to(cr, mx, my - 3), cairo_line_to(cr, mx, my + 3);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

int inv_render_pdf(inv_renderer *r, FILE *fp, enum inv_layout layout, const struct delegate *v, size_t n,
                   inv_progress_fn progress, void *arg, ck_err *err)
{
	double w, h;
	int rc = 0;
	size_t done = 0;
	const double pt_per_mm = 72.0 / 25.4;

	if (n == 0)
		return ck_fail(err, CK_INVALID, _("không có giấy mời nào để ghi"));
	for (size_t i = 0; i < n; i++)
		if (!v[i].code || strlen(v[i].code) != CODE_LEN)
			return ck_fail(err, CK_NOT_FOUND, _("'%s' (số %lld) chưa có mã hiện hành; hãy chạy 'checkin-admin reissue %lld'"),
			                nz(v[i].name), (long long)v[i].id, (long long)v[i].id);
	sheet_size(layout, &w, &h);
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_fp, fp, w * pt_per_mm, h * pt_per_mm);
	cairo_t *cr = cairo_create(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		rc = ck_fail(err, CK_IO, _("không tạo được PDF: %s"), cairo_status_to_string(cairo_surface_status(s)));
		goto out;
	}
	char *title = g_strdup_printf("Giấy mời - %s", r->event_title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "checkin-admin invitations");
	g_free(title);

	size_t sheets = inv_sheet_count(layout, n);
	int per = inv_layout_per_sheet(layout);
	for (size_t sh = 0; sh < sheets && rc == 0; sh++) {
		cairo_identity_matrix(cr);
		cairo_scale(cr, pt_per_mm, pt_per_mm);
		for (int k = 0; k < per && rc == 0; k++) {
			long i = inv_slot_index(layout, n, sh, k);
			if (i < 0)
				continue;
			struct box b = slot_box(layout, k);
			double sc = fmin(b.w / GEOM_A5.w, b.h / GEOM_A5.h);
			cairo_save(cr);
			cairo_translate(cr, b.x + (b.w - GEOM_A5.w * sc) / 2, b.y + (b.h - GEOM_A5.h * sc) / 2);
			cairo_scale(cr, sc, sc);
			rc = draw_card(r, cr, &r->gc[0], &v[i], 0, err);
			cairo_restore(cr);
			done++;
			if (progress)
				progress(done, n, arg);
		}
		cut_marks(cr, layout);
		cairo_show_page(cr);
		if (rc == 0 && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
			rc = ck_fail(err, CK_INTERNAL, _("không vẽ được PDF: %s"), cairo_status_to_string(cairo_status(cr)));
	}
out:
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (rc == 0 && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		rc = ck_fail(err, CK_IO, _("không ghi được PDF: %s"), cairo_status_to_string(cairo_surface_status(s)));
	cairo_surface_destroy(s);
	return rc;
}

int inv_render_png(inv_renderer *r, FILE *fp, const struct delegate *d, ck_err *err)
{
	int rc = 0;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, INV_PNG_WIDTH, INV_PNG_HEIGHT);
	cairo_t *cr = cairo_create(s);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		rc = ck_fail(err, CK_IO, _("không tạo được ảnh: %s"), cairo_status_to_string(cairo_status(cr)));
		goto out;
	}
	cairo_scale(cr, PHONE_SCALE, PHONE_SCALE);
	if ((rc = draw_card(r, cr, &r->gc[1], d, PHONE_SCALE, err)) < 0)
		goto out;
	cairo_surface_flush(s);
	rc = png_write_ink(fp, cairo_image_surface_get_data(s), INV_PNG_WIDTH, INV_PNG_HEIGHT,
	                   cairo_image_surface_get_stride(s), err);
out:
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return rc;
}

char *inv_png_name(const struct delegate *d)
{
	char *slug = text_slug(nz(d->name));
	char *name = malloc(128);
	if (name)
		snprintf(name, 128, "%lld%s%s.png", (long long)d->id, slug && *slug ? "-" : "", slug ? slug : "");
	free(slug);
	return name;
}
