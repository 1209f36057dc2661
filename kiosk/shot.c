/* shot.c - writing screenshots (see shot.h). */
#include <SDL_image.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "checkin/i18n.h"
#include "shot.h"

SDL_Surface *shot_grab(SDL_Renderer *ren)
{
	int w, h;
	SDL_GetRendererOutputSize(ren, &w, &h);
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return NULL;
	if (SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) < 0) {
		fprintf(stderr, _("checkin-kiosk: không đọc được màn hình: %s\n"), SDL_GetError());
		SDL_FreeSurface(s);
		return NULL;
	}
	return s;
}

/* DIR/NNNN-KIND.txt beside the picture path (ending in .png). */
static void save_text(const char *path, const char *text)
{
	char txt[4096], tmp[4200];
	size_t n = strlen(path);
	snprintf(txt, sizeof txt, "%.*s.txt", (int)(n > 4 ? n - 4 : n), path);
	snprintf(tmp, sizeof tmp, "%s.tmp-%d", txt, (int)getpid());
	FILE *f = fopen(tmp, "w");
	int ok = f && fputs(text, f) >= 0;
	if (f && fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, txt) < 0) {
		fprintf(stderr, _("checkin-kiosk: không ghi được '%s': %s\n"), txt, strerror(errno));
		remove(tmp);
	}
}

void shot_save(const char *dir, int seq, SDL_Surface *s, const struct screen *scr, const char *text)
{
	char path[4096], tmp[4200];
	snprintf(path, sizeof path, "%s/%04d-%s%s%s.png", dir, seq, screen_kind_name(scr->kind),
	         scr->store_error[0] ? "-store-error" : "", scr->camera_missing ? "-no-camera" : "");
	snprintf(tmp, sizeof tmp, "%s.tmp-%d", path, (int)getpid());
	if (IMG_SavePNG(s, tmp) < 0 || rename(tmp, path) < 0) {
		fprintf(stderr, _("checkin-kiosk: không ghi được '%s': %s\n"), path, IMG_GetError());
		remove(tmp);
		return;
	}
	const char *want = getenv("CHECKIN_SCREEN_TEXT");
	if (text && want && !strcmp(want, "1"))
		save_text(path, text);
}
