/* draw.h - drawing the kiosk's screens with SDL2 and SDL2_ttf.
 *
 * draw.c only turns a struct screen (screen.h) and the figures around it
 * into pixels; it decides nothing. Layouts scale with the window and
 * switch to a stacked layout in portrait, so 1920x1080, 1280x720 and
 * 1080x1920 all fit. Rendered text is cached as textures. */
#ifndef KIOSK_DRAW_H
#define KIOSK_DRAW_H

#include <SDL.h>
#include "checkin/counts.h"
#include "checkin/error.h"
#include "frame.h"
#include "screen.h"

/* What the screens show besides the screen state; all borrowed. */
struct view {
	const char *organizer, *title, *date_vi, *venue, *station;
	const struct counts *counts;  /* NULL until the first figures */
	int64_t now_ms;               /* wall clock, UTC ms */
	int no_camera;                /* --camera none: scanners only */
};

typedef struct draw draw;

/* Open the fonts under assets_dir/fonts. Caller frees with draw_free(). */
draw *draw_new(SDL_Renderer *r, const char *assets_dir, ck_err *err);
void draw_free(draw *d);
/* Draw every screen once off-screen and render the Vietnamese alphabet in
 * every font size they use, so that the first greeting is not slowed by
 * opening fonts and rasterising glyphs. Leaves the renderer cleared. */
void draw_warm(draw *d, const struct screen *s, const struct view *v);
/* Upload f as the camera preview (main thread). */
void draw_preview(draw *d, const struct frame *f);
/* Draw the whole screen into the renderer (no present). */
void draw_screen(draw *d, const struct screen *s, const struct view *v);
/* The text of the last draw_screen, one line per piece of text drawn, in
 * drawing order (owned by d, valid until the next draw_screen). Tests read
 * it beside a screenshot to see what a delegate reads, in which language. */
const char *draw_text(const draw *d);

#endif
