/* nameplate.c - the name plate renderer and the seat order (see nameplate.h).
 *
 * Why apart from invitation.c: a plate has nothing of the invitation's
 * (no code, no event text) but the fonts, and its own rules: one line of
 * name as large as the paper allows, twice, one half turned over.
 *
 * Drawing: one face is 297 x 105 mm with y = 0 at the fold (the top of
 * the standing card). The lower half of the sheet is the face as it is;
 * the upper half is the same face turned by 180 degrees about the sheet's
 * centre of that half, so that its top is the fold as well. The pango
 * context is the fonts' own: 1 unit = 1 mm, sizes in points. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/hall.h"
#include "nameplate.h"

#define PT_STEP 0.25

struct np_renderer {
	struct inv_fonts *fonts; /* owned */
	PangoLayout *name, *title, *org, *mark, *seat;
};

/* Where the text goes on a face (mm from the fold, full width between margins). */
static const struct {
	double y, h, pt;
} F_NAME = {12, 44, NP_NAME_PT}, F_TITLE = {58, 13, 30}, F_ORG = {71, 12, 26}, F_MARK = {84, 8, 17},
  F_SEAT = {94.5, 5, 9};

static const char *nz(const char *s)
{
	return s ? s : "";
}

int np_renderer_new(const char *assets_dir, np_renderer **out, ck_err *err)
{
	np_renderer *r = calloc(1, sizeof *r);
	*out = NULL;
	if (!r)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	if (inv_fonts_open(assets_dir, &r->fonts, err) < 0) {
		free(r);
		return -1;
	}
	PangoLayout **ls[] = {&r->name, &r->title, &r->org, &r->mark, &r->seat};
	for (size_t i = 0; i < sizeof ls / sizeof *ls; i++) {
		*ls[i] = pango_layout_new(r->fonts->ctx);
		pango_layout_set_alignment(*ls[i], PANGO_ALIGN_CENTER);
	}
	pango_layout_set_alignment(r->seat, PANGO_ALIGN_RIGHT);
	*out = r;
	return 0;
}

void np_renderer_free(np_renderer *r)
{
	if (!r)
		return;
	PangoLayout *ls[] = {r->name, r->title, r->org, r->mark, r->seat};
	for (size_t i = 0; i < sizeof ls / sizeof *ls; i++)
		if (ls[i])
			g_object_unref(ls[i]);
	inv_fonts_free(r->fonts);
	free(r);
}

const struct inv_fonts *np_renderer_fonts(const np_renderer *r)
{
	return r->fonts;
}

void np_person_of(const struct delegate *d, struct np_person *p)
{
	if (d->sub_name && *d->sub_name) {
		*p = (struct np_person){d->sub_name, d->sub_title, d->sub_organization, d->name};
	} else {
		*p = (struct np_person){d->name, d->title, d->organization, NULL};
	}
}

/* ------------------------------------------------------------ fitting -- */

static void set_size(PangoLayout *l, const PangoFontDescription *base, double pt)
{
	PangoFontDescription *d = pango_font_description_copy_static(base);
	pango_font_description_set_size(d, (gint)lround(pt * PANGO_SCALE));
	pango_layout_set_font_description(l, d);
	pango_font_description_free(d);
}

/* Set text in l as one line at pt, shrunk until its ink and its logical
 * box fit w x h. Never cut: there is no smallest size. */
static void fit_line(PangoLayout *l, const PangoFontDescription *base, const char *text, double pt, double w,
                     double h)
{
	char *one = g_strdup(text); /* a title typed on two lines (Alt+Enter) is one line here */
	for (char *c = one; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	pango_layout_set_width(l, -1);
	pango_layout_set_text(l, one, -1);
	g_free(one);
	for (int i = 0; i < 400; i++) {
		set_size(l, base, pt);
		PangoRectangle ink, logical;
		pango_layout_get_extents(l, &ink, &logical);
		double lw = fmax(logical.width, ink.width) / (double)PANGO_SCALE;
		double lh = logical.height / (double)PANGO_SCALE;
		if ((lw <= w && lh <= h) || pt <= PT_STEP)
			break;
		double ratio = fmin(w / lw, h / lh);
		double next = ratio < 0.97 ? pt * ratio : pt - PT_STEP;
		pt = next < PT_STEP ? PT_STEP : next;
	}
}

/* Draw l centred in the width between the margins, its logical top at y. */
static void show_centred(cairo_t *cr, PangoLayout *l, double y)
{
	PangoRectangle logical;
	pango_layout_get_extents(l, NULL, &logical);
	double lw = logical.width / (double)PANGO_SCALE;
	cairo_move_to(cr, (NP_SHEET_W - lw) / 2 - logical.x / (double)PANGO_SCALE, y);
	pango_cairo_show_layout(cr, l);
}

/* The logical height of l, mm. */
static double height_of(PangoLayout *l)
{
	PangoRectangle logical;
	pango_layout_get_extents(l, NULL, &logical);
	return logical.height / (double)PANGO_SCALE;
}

/* ------------------------------------------------------------ drawing -- */

int np_check(np_renderer *r, const struct delegate *d, struct inv_unprintable out[4])
{
	struct np_person p;
	struct delegate probe = {.id = d->id, .method = -1};
	np_person_of(d, &p);
	probe.name = (char *)p.name;
	probe.title = (char *)p.title;
	probe.organization = (char *)p.organization;
	return inv_fonts_check_delegate(r->fonts, &probe, out);
}

/* One face of d's plate, upright, y = 0 at the fold. */
static void draw_face(np_renderer *r, cairo_t *cr, const struct np_person *p, const char *seat_line)
{
	const double w = NP_SHEET_W - 2 * NP_MARGIN;
	cairo_set_source_rgb(cr, 0, 0, 0);
	fit_line(r->name, r->fonts->bold, nz(p->name), F_NAME.pt, w, F_NAME.h);
	show_centred(cr, r->name, F_NAME.y + (F_NAME.h - height_of(r->name)) / 2); /* a shrunk name stays in the middle */
	if (p->title && *p->title) {
		fit_line(r->title, r->fonts->regular, p->title, F_TITLE.pt, w, F_TITLE.h);
		show_centred(cr, r->title, F_TITLE.y);
	}
	if (p->organization && *p->organization) {
		fit_line(r->org, r->fonts->regular, p->organization, F_ORG.pt, w, F_ORG.h);
		show_centred(cr, r->org, F_ORG.y);
	}
	if (p->deputy_of) {
		char *line = g_strdup_printf(_("(đi thay đồng chí %s)"), p->deputy_of);
		fit_line(r->mark, r->fonts->italic, line, F_MARK.pt, w, F_MARK.h);
		show_centred(cr, r->mark, F_MARK.y);
		g_free(line);
	}
	if (seat_line && *seat_line) { /* small, for the ushers */
		cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
		fit_line(r->seat, r->fonts->regular, seat_line, F_SEAT.pt, w / 2, F_SEAT.h);
		PangoRectangle logical;
		pango_layout_get_extents(r->seat, NULL, &logical);
		cairo_move_to(cr, NP_SHEET_W - NP_MARGIN - logical.width / (double)PANGO_SCALE, F_SEAT.y);
		pango_cairo_show_layout(cr, r->seat);
	}
}

static int glyphs_ok(np_renderer *r, const struct delegate *d, ck_err *err)
{
	struct inv_unprintable u[4];
	char what[256];
	int k = np_check(r, d, u);
	if (k == 0)
		return 0;
	inv_unprintable_describe(r->fonts, &u[0], what, sizeof what);
	return ck_fail(err, CK_INVALID, _("không in được bảng tên của đại biểu %lld: %s"), (long long)d->id, what);
}

static void draw_plate(np_renderer *r, cairo_t *cr, const struct delegate *d)
{
	struct np_person p;
	char seat_line[300];
	np_person_of(d, &p);
	snprintf(seat_line, sizeof seat_line, "%s%s%lld", nz(d->seat), d->seat && *d->seat ? " · " : "",
	         (long long)d->id);
	/* the fold: a fine dotted line across the sheet */
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.7, 0.7, 0.7);
	cairo_set_line_width(cr, 0.2);
	double dash[] = {1.5, 1.5};
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, 0, NP_FOLD_Y);
	cairo_line_to(cr, NP_SHEET_W, NP_FOLD_Y);
	cairo_stroke(cr);
	cairo_restore(cr);
	/* lower half: upright, its top at the fold */
	cairo_save(cr);
	cairo_translate(cr, 0, NP_FOLD_Y);
	draw_face(r, cr, &p, seat_line);
	cairo_restore(cr);
	/* upper half: the same face turned over, its top at the fold too */
	cairo_save(cr);
	cairo_translate(cr, NP_SHEET_W, NP_FOLD_Y);
	cairo_rotate(cr, M_PI);
	draw_face(r, cr, &p, seat_line);
	cairo_restore(cr);
}

static cairo_status_t write_fp(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, (FILE *)closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int np_render_pdf(np_renderer *r, FILE *fp, const char *doc_title, const struct delegate *v, size_t n,
                  ck_err *err)
{
	const double pt_per_mm = 72.0 / 25.4;
	int rc = 0;
	if (n == 0)
		return ck_fail(err, CK_INVALID, _("không có bảng tên nào để in"));
	for (size_t i = 0; i < n; i++)
		if (glyphs_ok(r, &v[i], err) < 0)
			return -1;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_fp, fp, NP_SHEET_W * pt_per_mm,
	                                                         NP_SHEET_H * pt_per_mm);
	cairo_t *cr = cairo_create(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		rc = ck_fail(err, CK_IO, _("không tạo được PDF: %s"), cairo_status_to_string(cairo_surface_status(s)));
		goto out;
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, doc_title ? doc_title : "");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "checkin-admin nameplates");
	for (size_t i = 0; i < n && rc == 0; i++) {
		cairo_identity_matrix(cr);
		cairo_scale(cr, pt_per_mm, pt_per_mm);
		draw_plate(r, cr, &v[i]);
		cairo_show_page(cr);
		if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
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

/* --------------------------------------------------------- seat order -- */

/* The block as plates compare it: the label's place (hall.h: folded,
 * without blanks) without a leading "khu", so that "A" and "Khu A" agree. */
static void block_key(const char *place, char *out, size_t len)
{
	const char *src = strncmp(place, "khu", 3) || !place[3] ? place : place + 3;
	size_t n = strlen(src);
	if (n >= len)
		n = len - 1;
	memcpy(out, src, n);
	out[n] = 0;
}

void np_seat_parse(const char *label, struct np_seat *out)
{
	struct hall_label_parts p;
	memset(out, 0, sizeof *out);
	out->row = out->seat = -1;
	if (hall_label_split(label, &p) < 0)
		return;
	block_key(p.place, out->block, sizeof out->block);
	out->row = p.row ? p.row : -1;
	out->seat = p.seat;
	out->seated = 1;
}

int np_seat_in_block(const char *label, const char *block)
{
	struct np_seat s;
	struct hall_label_parts want;
	char key[sizeof s.block];
	/* the block as a label's place: "Khu Báo Chí" -> "khubaochi" */
	char probe[300];
	snprintf(probe, sizeof probe, "%s - Ghế 1", block ? block : "");
	if (hall_label_split(probe, &want) < 0)
		return 0;
	block_key(want.place, key, sizeof key);
	np_seat_parse(label, &s);
	return s.seated && !strcmp(s.block, key);
}

/* Blocks named by a letter or two (A, B, ...) before blocks named in
 * words (báo chí), each in alphabetical order. */
static int block_cmp(const char *a, const char *b)
{
	int wa = strlen(a) > 2, wb = strlen(b) > 2;
	if (wa != wb)
		return wa - wb;
	return strcmp(a, b);
}

struct keyed {
	struct np_seat seat;
	struct delegate d;
};

static int keyed_cmp(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	if (a->seat.seated != b->seat.seated)
		return b->seat.seated - a->seat.seated;
	if (a->seat.seated) {
		int c = block_cmp(a->seat.block, b->seat.block);
		if (c)
			return c;
		if (a->seat.row != b->seat.row)
			return a->seat.row < b->seat.row ? -1 : 1;
		if (a->seat.seat != b->seat.seat)
			return a->seat.seat < b->seat.seat ? -1 : 1;
	}
	return a->d.id < b->d.id ? -1 : a->d.id > b->d.id;
}

void np_sort_by_seat(struct delegate *v, size_t n)
{
	struct keyed *k = n ? malloc(n * sizeof *k) : NULL;
	if (!k)
		return; /* nothing to sort, or out of memory: left by id, as listed */
	for (size_t i = 0; i < n; i++) {
		np_seat_parse(v[i].seat, &k[i].seat);
		k[i].d = v[i];
	}
	qsort(k, n, sizeof *k, keyed_cmp);
	for (size_t i = 0; i < n; i++)
		v[i] = k[i].d;
	free(k);
}
