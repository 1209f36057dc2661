/* fonts.h - the fonts invitations are drawn with, and which characters of
 * a delegate's text they can draw.
 *
 * Why apart from the renderer: a name in a script the fonts lack (Chinese
 * characters, an emoji) cannot be printed, and the secretariat should hear
 * of it when the name is typed or imported, not on the morning of the
 * event. 'import', 'add' and 'edit' warn with the same fonts and the same
 * rule that 'invitations' uses to leave such a delegate out.
 *
 * The fonts: only those in ASSETS/fonts, in a fontconfig configuration of
 * their own, so that a printout does not depend on the machine; else
 * whatever fontconfig finds; $CHECKIN_FONT names one family instead. The
 * first family that has every Vietnamese letter is used. Opening for
 * drawing makes that configuration fontconfig's current one
 * (process-wide).
 *
 * struct inv_fonts owns everything it points to; inv_fonts_free() releases
 * it. */
#ifndef CHECKIN_ADMIN_FONTS_H
#define CHECKIN_ADMIN_FONTS_H

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stddef.h>
#include <stdint.h>
#include "checkin/delegate.h"

struct inv_fonts {
	FcConfig *cfg;              /* the fontconfig configuration they come from */
	char *family;               /* the family in use (g_malloc'd) */
	int bundled;                /* 1 when the fonts are ASSETS/fonts only */
	FcFontSet *sorted[2];       /* pango's fallback order, regular and bold: loaded on first use */
	/* pango's view, for drawing (inv_fonts_open only; NULL after inv_fonts_open_cover): */
	PangoFontMap *fontmap;
	PangoContext *ctx;          /* 25.4 "dpi" (1 unit = 1 mm), no hinting, language vi */
	PangoFontDescription *regular, *bold, *italic;
};

/* Pick the fonts (see above) for assets_dir (NULL: none shipped) and make
 * pango's font map on them: for drawing. Fails with a clear message when
 * no font covers Vietnamese. */
int inv_fonts_open(const char *assets_dir, struct inv_fonts **out, ck_err *err);
/* The same choice, fontconfig only (no pango: quicker, and no threads of
 * pango's still busy at exit): enough for inv_fonts_missing() and
 * inv_fonts_check_delegate(). */
int inv_fonts_open_cover(const char *assets_dir, struct inv_fonts **out, ck_err *err);
void inv_fonts_free(struct inv_fonts *f);

/* "the bundled fonts" or "the font 'DejaVu Sans'": for messages. */
const char *inv_fonts_name(const struct inv_fonts *f, char *buf, size_t len);

/* Nonzero when c is drawn by any font that can be chosen (ASCII and the
 * Vietnamese letters, which the choice insists on): no need to ask. */
int inv_fonts_sure(uint32_t c);

/* The distinct characters of the UTF-8 text s that no font in use can
 * draw, in order, into cps[0..max); returns how many there are (which may
 * exceed max). Spaces, line breaks and the invisible format characters a
 * layout never draws (zero-width joiner, variation selectors, ...) count as
 * drawable; other control characters do not. */
size_t inv_fonts_missing(struct inv_fonts *f, const char *s, uint32_t *cps, size_t max);

/* The characters a laid-out paragraph shows as boxes because no font had
 * them (pango's unknown glyphs), distinct, in order, into cps[0..max);
 * returns how many there are. What the renderer checks before drawing. */
size_t inv_layout_missing(PangoLayout *l, uint32_t *cps, size_t max);

/* One field of a delegate that cannot be printed. */
#define INV_MISSING_MAX 4
struct inv_unprintable {
	const char *field;              /* "name", "title", "organization", "seat"; NULL: unnamed */
	uint32_t cps[INV_MISSING_MAX];  /* the first characters the fonts lack */
	size_t ncps;                    /* how many the field has (may exceed INV_MISSING_MAX) */
};

/* The printed fields of d (name, title, organization, seat) that hold a
 * character the fonts cannot draw, into out[0..4); returns how many. */
int inv_fonts_check_delegate(struct inv_fonts *f, const struct delegate *d, struct inv_unprintable out[4]);

/* "name: U+1F600 cannot be printed with the bundled fonts" (with up to
 * INV_MISSING_MAX characters, then "and N more") into buf. */
const char *inv_unprintable_describe(const struct inv_fonts *f, const struct inv_unprintable *u, char *buf,
                                     size_t len);

#endif
