/* shot.h - screenshots of the kiosk's screens (--screenshots DIR), the
 * way tests and the documentation see what a delegate sees. */
#ifndef KIOSK_SHOT_H
#define KIOSK_SHOT_H

#include <SDL.h>
#include "screen.h"

/* The rendered screen before present; NULL when it cannot be read (said
 * on stderr). The caller frees it with SDL_FreeSurface. */
SDL_Surface *shot_grab(SDL_Renderer *ren);
/* Write s as DIR/NNNN-KIND[-store-error][-no-camera].png through a
 * temporary name, so nobody sees half a file. */
void shot_save(const char *dir, int seq, SDL_Surface *s, const struct screen *scr, const char *text);
/* With CHECKIN_SCREEN_TEXT=1 in the environment (tests), shot_save also
 * writes text, the screen's lines as drawn (draw_text), beside the picture
 * as DIR/NNNN-KIND....txt. */

#endif
