/* nameplate.h - name plates (bảng tên) for the hall's tables: one A4 tent
 * card per delegate, drawn with cairo and pango in the invitations' fonts
 * (fonts.h).
 *
 * The A4 sheet lies landscape and folds along its middle: both halves
 * carry the name, large (a cap height of about 21 mm, readable at 5 m),
 * with the title and the organisation below; the upper half is drawn
 * upside down, so that the folded card reads from both sides of the
 * table. A long name shrinks until it fits one line; it is never cut. A
 * delegate with a deputy (đi thay, substitute.h) gets the deputy's plate,
 * with a line saying whose seat it is. Plates come in seat order (block,
 * row, seat, parsed from the seat label: np_seat_parse), the unseated
 * last, so that an usher lays them out walking along a row.
 *
 * An np_renderer owns its fonts; np_renderer_free() releases it. The
 * renderer writes to a FILE* the caller owns. */
#ifndef CHECKIN_ADMIN_NAMEPLATE_H
#define CHECKIN_ADMIN_NAMEPLATE_H

#include <stddef.h>
#include <stdio.h>
#include "checkin/delegate.h"
#include "fonts.h"

/* The sheet and the card's geometry, in mm (A4 landscape, folded in two). */
#define NP_SHEET_W 297.0
#define NP_SHEET_H 210.0
#define NP_FOLD_Y (NP_SHEET_H / 2)
#define NP_NAME_PT 84.0     /* the name's size before any shrinking: cap height ~21 mm */
#define NP_MARGIN 10.0      /* no text closer to a paper edge or the fold */

typedef struct np_renderer np_renderer;

/* The fonts from assets_dir/fonts (NULL: fontconfig's), as invitations. */
int np_renderer_new(const char *assets_dir, np_renderer **out, ck_err *err);
void np_renderer_free(np_renderer *r);
const struct inv_fonts *np_renderer_fonts(const np_renderer *r);

/* Who a plate names: the deputy when d has one (deputy_of is then the
 * delegate's name), else the delegate. Points into d. */
struct np_person {
	const char *name, *title, *organization, *deputy_of;
};
void np_person_of(const struct delegate *d, struct np_person *p);

/* The fields of d's plate (its person's name, title, organisation) the
 * fonts cannot draw, into out[0..3); returns how many. A plate with any
 * is refused by np_render_pdf: check first and leave it out. */
int np_check(np_renderer *r, const struct delegate *d, struct inv_unprintable out[4]);

/* One page per delegate of v[0..n), in that order, to fp; doc_title is
 * the PDF's title. */
int np_render_pdf(np_renderer *r, FILE *fp, const char *doc_title, const struct delegate *v, size_t n,
                  ck_err *err);

/* A seat label as the roster writes it, "Khu A - Hàng 1 - Ghế 01" (any
 * case or diacritics; read by core/hall.c's hall_label_split, the one
 * reader of seat labels, with or without a hall): the block (folded,
 * without blanks or a leading "khu": "a", "baochi"; the stage's name for
 * its seats), the row (-1 for none: the stage) and the seat. seated is 0
 * when the label does not end in a seat ("Ghế N"): a hand-typed "Hàng 3"
 * or "Ghế 5 - Hàng 2" is not a seat the hall knows, and its plate comes
 * after the seated ones, in roster order. */
struct np_seat {
	int seated;
	char block[128];
	long row, seat;
};
void np_seat_parse(const char *label, struct np_seat *out);
/* Whether the seat label is in block ("A", "Khu A", "khu a"). */
int np_seat_in_block(const char *label, const char *block);
/* Sort v by seat: block, row, seat; the unseated last; then by id. */
void np_sort_by_seat(struct delegate *v, size_t n);

#endif
