/* invitation.h - rendering invitations (Giấy mời) with cairo, pango and
 * libqrencode.
 *
 * An inv_renderer holds what every invitation shares: the event text, the
 * font map (with the shipped assets/fonts added to fontconfig), one pango
 * context and the layouts it reuses. It is made once per run; making it
 * checks that a font covering Vietnamese is available, so a missing font is
 * reported before any file is touched.
 *
 * The renderer writes to a caller-owned FILE* (the caller does the
 * temp-file-and-rename dance: invitation_files.h) and never opens files
 * itself.
 *
 * Page order for the sheet layouts: with N invitations per sheet and S
 * sheets, sheet s slot k holds delegate k*S + s. Cutting the sheets and
 * putting stack 0 on stack 1 on ... keeps the delegates in order. */
#ifndef CHECKIN_INVITATION_H
#define CHECKIN_INVITATION_H

#include <stddef.h>
#include <stdio.h>
#include "checkin/delegate.h"
#include "checkin/event.h"
#include "fonts.h"

enum inv_layout {
	INV_A5,   /* one per A5 portrait page */
	INV_A4_2, /* two A5 cards side by side on an A4 landscape sheet */
	INV_A6_4  /* four A6 cards on an A4 portrait sheet */
};

/* "a5", "a4-2", "a6-4" -> layout; -1 when unknown. */
int inv_layout_parse(const char *name, enum inv_layout *out);
const char *inv_layout_name(enum inv_layout l);
/* Invitations per sheet (1, 2 or 4). */
int inv_layout_per_sheet(enum inv_layout l);
/* The delegate index (0-based) printed on sheet s, slot k when there are
 * n invitations; -1 when that slot stays empty. */
long inv_slot_index(enum inv_layout l, size_t n, size_t sheet, int slot);
/* Sheets needed for n invitations. */
size_t inv_sheet_count(enum inv_layout l, size_t n);

/* PNG size for phones. */
#define INV_PNG_WIDTH 1080
#define INV_PNG_HEIGHT 1920

typedef struct inv_renderer inv_renderer;

/* Make a renderer for ev (copied; ev may be released afterwards). The
 * fonts come from fontconfig after adding assets_dir/fonts (assets_dir may
 * be NULL). Fails with a clear message when no font covers Vietnamese.
 * The caller frees the renderer with inv_renderer_free(). */
int inv_renderer_new(const struct event *ev, const char *assets_dir, inv_renderer **out, ck_err *err);
void inv_renderer_free(inv_renderer *r);

/* The fonts r draws with (owned by r): for inv_unprintable_describe(). */
const struct inv_fonts *inv_renderer_fonts(const inv_renderer *r);

/* The fields of d the fonts cannot draw (name, title, organization, seat:
 * the delegate's own text on the card), laid out as the card lays them
 * out, into out[0..4); returns how many. A delegate with any cannot be
 * rendered: inv_render_pdf() and inv_render_png() refuse it (CK_INVALID).
 * Check first and leave such delegates out to print everyone else. */
int inv_check(inv_renderer *r, const struct delegate *d, struct inv_unprintable out[4]);

/* Called after each invitation with how many are done out of total. */
typedef void (*inv_progress_fn)(size_t done, size_t total, void *arg);

/* Write a PDF of the n delegates v (in this order, placed per the layout)
 * to fp. Every delegate must have a code. fp stays open (caller closes). */
int inv_render_pdf(inv_renderer *r, FILE *fp, enum inv_layout layout, const struct delegate *v, size_t n,
                   inv_progress_fn progress, void *arg, ck_err *err);

/* Write one portrait phone PNG (INV_PNG_WIDTH x INV_PNG_HEIGHT) of d to fp. */
int inv_render_png(inv_renderer *r, FILE *fp, const struct delegate *d, ck_err *err);

/* The file name for d's PNG, "<id>-<ascii-slug>.png" (malloc'd, caller
 * frees); NULL when out of memory. */
char *inv_png_name(const struct delegate *d);

#endif
