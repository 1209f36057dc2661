/* shot.c - writing screenshots (see shot.h). */
#include <SDL_image.h>
#include <stdio.h>
#include <unistd.h>
#include "shot.h"

SDL_Surface *shot_grab(SDL_Renderer *ren)
{
	int w, h;
	SDL_GetRendererOutputSize(ren, &w, &h);
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return NULL;
	if (SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) < 0) {
		fprintf(stderr, "checkin-kiosk: cannot read the screen: %s\n", SDL_GetError());
		SDL_FreeSurface(s);
		return NULL;
	}
	return s;
}

void shot_save(const char *dir, int seq, SDL_Surface *s, const struct screen *scr)
{
	char path[4096], tmp[4200];
	snprintf(path, sizeof path, "%s/%04d-%s%s%s.png", dir, seq, screen_kind_name(scr->kind),
	         scr->store_error[0] ? "-store-error" : "", scr->camera_missing ? "-no-camera" : "");
	snprintf(tmp, sizeof tmp, "%s.tmp-%d", path, (int)getpid());
	if (IMG_SavePNG(s, tmp) < 0 || rename(tmp, path) < 0) {
		fprintf(stderr, "checkin-kiosk: cannot write '%s': %s\n", path, IMG_GetError());
		remove(tmp);
	}
}
