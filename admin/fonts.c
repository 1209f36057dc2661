/* fonts.c - choosing the invitation fonts and asking which characters
 * they can draw (see fonts.h).
 *
 * The choice was the renderer's; it moved here so that 'import', 'add' and
 * 'edit' can ask the same fonts about a name without an event or a page.
 * It is made with fontconfig alone (the family must resolve to itself and
 * have every Vietnamese letter); pango's font map is then made on that
 * configuration for drawing.
 *
 * Two questions, two answers that agree:
 *  - inv_layout_missing() reads a laid-out paragraph: pango marks a
 *    character no font has with an "unknown" glyph that carries the
 *    character itself. It is what the renderer checks, exactly.
 *  - inv_fonts_missing() asks, character by character, whether any font
 *    of pango's fallback for the family (fontconfig's sort, TrueType and
 *    CFF fonts) has it. It needs no layout and no pango, so an import of
 *    many rows asks once per distinct character, and quickly. (Asking
 *    pango's own fontsets instead left fontconfig patterns behind now and
 *    then: pango 1.50 matches and sorts in a thread of its own, and a
 *    short process could exit before that thread was done, which
 *    LeakSanitizer reported.) Characters a layout never draws (spaces,
 *    line breaks, default-ignorable format characters) are left out, as
 *    pango leaves them out. tests/admin/test_fonts.c checks that the two
 *    agree. */
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fonts.h"
#include "checkin/i18n.h"

/* Characters whose glyphs a usable font must have: every letter of
 * Vietnamese (with ASCII, what inv_fonts_sure() vouches for). */
static const char VI_PROBE[] = "ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệ"
                               "ỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
                               "ĐđĂăÂâÊêÔôƠơƯư"
                               "ÀÁÃÈÉÌÍÒÓÕÙÚÝàáãèéìíòóõùúýĨĩŨũ";

static const char *const FONT_CANDIDATES[] = {"Noto Sans", "Noto Serif", "DejaVu Sans", "Liberation Sans", NULL};

static const char *assets_fonts_dir(const char *assets_dir, char *buf, size_t len)
{
	if (!assets_dir || !*assets_dir)
		return NULL;
	snprintf(buf, len, "%s/fonts", assets_dir);
	return buf;
}

/* Nonzero when family, asked of cfg as pango would ask (bold or not),
 * resolves to that family itself (fontconfig substitutes freely) and the
 * font has every letter of Vietnamese. */
static int family_covers_vietnamese(FcConfig *cfg, const char *family, int bold)
{
	FcPattern *p = FcPatternCreate(), *m = NULL;
	FcResult res;
	FcChar8 *got = NULL;
	FcCharSet *cs = NULL;
	int ok = 0;
	if (!p)
		return 0;
	FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(p, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcConfigSubstitute(cfg, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	m = FcFontMatch(cfg, p, &res);
	if (m && FcPatternGetString(m, FC_FAMILY, 0, &got) == FcResultMatch &&
	    !g_ascii_strcasecmp((const char *)got, family) && FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) == FcResultMatch) {
		ok = 1;
		for (const char *q = VI_PROBE; ok && *q; q = g_utf8_next_char(q))
			ok = FcCharSetHasChar(cs, g_utf8_get_char(q));
	}
	if (m)
		FcPatternDestroy(m);
	FcPatternDestroy(p);
	return ok;
}

/* The first family of the candidates (or want alone) that covers
 * Vietnamese in cfg, g_malloc'd; NULL when none does. */
static char *choose_family(FcConfig *cfg, const char *want)
{
	for (int i = 0; want ? i == 0 : FONT_CANDIDATES[i] != NULL; i++) {
		const char *fam = want ? want : FONT_CANDIDATES[i];
		if (family_covers_vietnamese(cfg, fam, 0) && family_covers_vietnamese(cfg, fam, 1))
			return g_strdup(fam);
	}
	return NULL;
}

/* Add dir to a bare config, with the usual per-user cache directory so
 * that fontconfig can cache the scan. Nonzero on success. */
static int add_font_dir(FcConfig *cfg, const char *dir)
{
	/* Fall back to a private cache under the temporary directory when the
	 * user's cache cannot be written (else fontconfig complains on stderr). */
	char *tmpcache = g_strdup_printf("%s/checkin-fontconfig-%ld", g_get_tmp_dir(), (long)getuid());
	char *edir = g_markup_escape_text(dir, -1), *ecache = g_markup_escape_text(tmpcache, -1);
	char *xml = g_strdup_printf("<?xml version=\"1.0\"?><fontconfig><dir>%s</dir>"
	                            "<cachedir prefix=\"xdg\">fontconfig</cachedir><cachedir>%s</cachedir>"
	                            "</fontconfig>", edir, ecache);
	int ok = FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)xml, FcFalse) && FcConfigBuildFonts(cfg);
	g_free(tmpcache);
	g_free(ecache);
	g_free(edir);
	g_free(xml);
	return ok;
}

/* The fontconfig side of the choice: f->cfg, f->family, f->bundled. */
static int choose_fonts(struct inv_fonts *f, const char *assets_dir, ck_err *err)
{
	char dirbuf[4096];
	const char *fdir = assets_fonts_dir(assets_dir, dirbuf, sizeof dirbuf);
	const char *want = getenv("CHECKIN_FONT");
	if (want && !*want)
		want = NULL;

	/* First only the shipped fonts, in a config of their own: the printout
	 * then does not depend on the machine's font set (and fontconfig does
	 * not parse the system configuration at all). */
	if (fdir && !want) {
		FcConfig *cfg = FcConfigCreate();
		if (cfg && add_font_dir(cfg, fdir) && (f->family = choose_family(cfg, NULL)) != NULL) {
			f->cfg = cfg;
			f->bundled = 1;
			return 0;
		}
		if (cfg)
			FcConfigDestroy(cfg);
	}
	/* Then whatever fontconfig finds on the machine. */
	FcConfig *cfg = FcInitLoadConfigAndFonts();
	if (!cfg)
		return ck_fail(err, CK_INTERNAL, _("không khởi tạo được fontconfig"));
	if (fdir)
		FcConfigAppFontAddDir(cfg, (const FcChar8 *)fdir);
	f->cfg = cfg;
	f->family = choose_family(cfg, want);
	if (f->family)
		return 0;
	if (want)
		return ck_fail(err, CK_INVALID, _("không tìm thấy phông chữ '%s' hoặc phông chữ không có dấu tiếng Việt (ệ, ữ, ậ ...); "
		                              "hãy bỏ CHECKIN_FONT hoặc chọn phông chữ khác"), want);
	return ck_fail(err, CK_INVALID, _("không có phông chữ nào có dấu tiếng Việt (ệ, ữ, ậ ...); hãy cài fonts-noto-core "
	                              "hoặc đặt NotoSans-Regular.ttf và NotoSans-Bold.ttf vào '%s'"), fdir ? fdir : "assets/fonts");
}

/* The pango side: a font map on f->cfg (made fontconfig's current
 * configuration, which pango's cairo font maps use) and the context. */
static int pango_side(struct inv_fonts *f, ck_err *err)
{
	if (!FcConfigSetCurrent(f->cfg))
		return ck_fail(err, CK_INTERNAL, _("không dùng được cấu hình fontconfig của phông chữ"));
	f->fontmap = pango_cairo_font_map_new();
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(f->fontmap), 25.4);
	f->ctx = pango_font_map_create_context(f->fontmap);
	pango_cairo_context_set_resolution(f->ctx, 25.4);
	pango_context_set_round_glyph_positions(f->ctx, FALSE);
	pango_context_set_language(f->ctx, pango_language_from_string("vi"));
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(f->ctx, fo);
	cairo_font_options_destroy(fo);

	f->regular = pango_font_description_new();
	pango_font_description_set_family(f->regular, f->family);
	f->bold = pango_font_description_copy(f->regular);
	pango_font_description_set_weight(f->bold, PANGO_WEIGHT_BOLD);
	f->italic = pango_font_description_copy(f->regular);
	pango_font_description_set_style(f->italic, PANGO_STYLE_ITALIC);
	return 0;
}

static int open_fonts(const char *assets_dir, int with_pango, struct inv_fonts **out, ck_err *err)
{
	struct inv_fonts *f = calloc(1, sizeof *f);
	*out = NULL;
	if (!f)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	if (choose_fonts(f, assets_dir, err) < 0 || (with_pango && pango_side(f, err) < 0)) {
		inv_fonts_free(f);
		return -1;
	}
	*out = f;
	return 0;
}

int inv_fonts_open(const char *assets_dir, struct inv_fonts **out, ck_err *err)
{
	return open_fonts(assets_dir, 1, out, err);
}

int inv_fonts_open_cover(const char *assets_dir, struct inv_fonts **out, ck_err *err)
{
	return open_fonts(assets_dir, 0, out, err);
}

void inv_fonts_free(struct inv_fonts *f)
{
	if (!f)
		return;
	for (int i = 0; i < 2; i++)
		if (f->sorted[i])
			FcFontSetDestroy(f->sorted[i]);
	if (f->regular)
		pango_font_description_free(f->regular);
	if (f->bold)
		pango_font_description_free(f->bold);
	if (f->italic)
		pango_font_description_free(f->italic);
	if (f->ctx)
		g_object_unref(f->ctx);
	if (f->fontmap)
		g_object_unref(f->fontmap);
	g_free(f->family);
	if (f->cfg)
		FcConfigDestroy(f->cfg);
	free(f);
}

const char *inv_fonts_name(const struct inv_fonts *f, char *buf, size_t len)
{
	if (f->bundled)
		snprintf(buf, len, "%s", _("phông chữ đi kèm"));
	else
		snprintf(buf, len, _("phông chữ '%s'"), f->family);
	return buf;
}

/* Add c to the distinct list cps (n so far, room for max). */
static size_t add_cp(uint32_t *cps, size_t n, size_t max, uint32_t c, size_t *seen_beyond)
{
	for (size_t i = 0; i < n && i < max; i++)
		if (cps[i] == c)
			return n;
	if (n < max) {
		cps[n] = c;
		return n + 1;
	}
	/* past max only the count matters; repeats there may count twice,
	 * which only makes "and N more" approximate */
	(*seen_beyond)++;
	return n + 1;
}

/* Characters a layout never gives a glyph of its own: spaces (harfbuzz
 * makes any missing space from U+0020), line breaks and tabs, and the
 * default-ignorable format characters (ZWJ, bidi marks, variation
 * selectors, ...), which pango shows as nothing. */
static int never_drawn(gunichar c)
{
	GUnicodeType t = g_unichar_type(c);
	if (c == '\n' || c == '\r' || c == '\t')
		return 1;
	if (t == G_UNICODE_SPACE_SEPARATOR || t == G_UNICODE_LINE_SEPARATOR || t == G_UNICODE_PARAGRAPH_SEPARATOR)
		return 1;
	if (t == G_UNICODE_FORMAT)
		return 1;
	return c == 0x034F || (c >= 0x180B && c <= 0x180F) || (c >= 0xFE00 && c <= 0xFE0F) ||
	       (c >= 0xE0100 && c <= 0xE01EF);
}

/* The fonts pango falls back on for the family (bold or not), in its
 * order: fontconfig's sort of everything in the configuration, as pango
 * 1.50 asks for it (FcFontSort, not trimmed), loaded on first use. */
static FcFontSet *fallback(struct inv_fonts *f, int bold)
{
	if (!f->sorted[bold]) {
		FcPattern *p = FcPatternCreate();
		FcResult res;
		if (!p)
			return NULL;
		FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)f->family);
		FcPatternAddInteger(p, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
		FcPatternAddString(p, FC_LANG, (const FcChar8 *)"vi");
		FcConfigSubstitute(f->cfg, p, FcMatchPattern);
		FcDefaultSubstitute(p);
		f->sorted[bold] = FcFontSort(f->cfg, p, FcFalse, NULL, &res);
		FcPatternDestroy(p);
	}
	return f->sorted[bold];
}

/* Nonzero when a font pango can use (TrueType or CFF: harfbuzz shapes
 * only those) in the fallback has c. */
static int in_fallback(FcFontSet *set, gunichar c)
{
	for (int i = 0; set && i < set->nfont; i++) {
		FcChar8 *format = NULL;
		FcCharSet *cs = NULL;
		if (FcPatternGetString(set->fonts[i], FC_FONTFORMAT, 0, &format) != FcResultMatch ||
		    (strcmp((const char *)format, "TrueType") && strcmp((const char *)format, "CFF")))
			continue;
		if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch && FcCharSetHasChar(cs, c))
			return 1;
	}
	return 0;
}

/* Nonzero when pango's fallback for c finds a font with it, in the
 * regular and in the bold fonts (a name is bold on the card). */
static int can_draw(struct inv_fonts *f, gunichar c)
{
	return in_fallback(fallback(f, 0), c) && in_fallback(fallback(f, 1), c);
}

int inv_fonts_sure(uint32_t c)
{
	char u[8];
	if (c >= 0x20 && c < 0x7F)
		return 1; /* every font that has Vietnamese has ASCII */
	if (c < 0xC0 || c > 0x1EF9)
		return 0;
	u[g_unichar_to_utf8(c, u)] = 0;
	return strstr(VI_PROBE, u) != NULL; /* whole characters: UTF-8 never matches mid-character */
}

size_t inv_fonts_missing(struct inv_fonts *f, const char *s, uint32_t *cps, size_t max)
{
	size_t n = 0, beyond = 0;
	if (!s)
		return 0;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2)
			break; /* not UTF-8: the store never holds such text */
		if (inv_fonts_sure(c) || never_drawn(c) || can_draw(f, c))
			continue;
		n = add_cp(cps, n, max, c, &beyond);
	}
	return n;
}

size_t inv_layout_missing(PangoLayout *l, uint32_t *cps, size_t max)
{
	size_t n = 0, beyond = 0;
	if (pango_layout_get_unknown_glyphs_count(l) == 0)
		return 0;
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		if (!run)
			continue;
		for (int i = 0; i < run->glyphs->num_glyphs; i++) {
			PangoGlyph g = run->glyphs->glyphs[i].glyph;
			if ((g & PANGO_GLYPH_UNKNOWN_FLAG) && g != PANGO_GLYPH_INVALID_INPUT && g != PANGO_GLYPH_EMPTY)
				n = add_cp(cps, n, max, g & ~PANGO_GLYPH_UNKNOWN_FLAG, &beyond);
		}
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	return n;
}

int inv_fonts_check_delegate(struct inv_fonts *f, const struct delegate *d, struct inv_unprintable out[4])
{
	const struct { const char *name; const char *v; } fields[] = {
		{"name", d->name}, {"title", d->title}, {"organization", d->organization}, {"seat", d->seat}};
	int k = 0;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		size_t n = inv_fonts_missing(f, fields[i].v, out[k].cps, INV_MISSING_MAX);
		if (n) {
			out[k].field = fields[i].name;
			out[k].ncps = n;
			k++;
		}
	}
	return k;
}

const char *inv_unprintable_describe(const struct inv_fonts *f, const struct inv_unprintable *u, char *buf,
                                     size_t len)
{
	char fonts[160];
	size_t used = u->field ? (size_t)snprintf(buf, len, "%s: ", u->field) : (buf[0] = 0, 0);
	for (size_t i = 0; i < u->ncps && i < INV_MISSING_MAX && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%sU+%04X", i ? ", " : "", (unsigned)u->cps[i]);
	if (u->ncps > INV_MISSING_MAX && used < len)
		used += (size_t)snprintf(buf + used, len - used, P_(" và %zu ký tự khác", " và %zu ký tự khác", u->ncps - INV_MISSING_MAX),
		                         u->ncps - INV_MISSING_MAX);
	if (used < len)
		snprintf(buf + used, len - used, _(" không in được bằng %s"), inv_fonts_name(f, fonts, sizeof fonts));
	return buf;
}
