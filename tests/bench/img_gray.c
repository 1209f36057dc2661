/* img_gray.c - image files to grayscale buffers through SDL2_image. */
#include "img_gray.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <SDL.h>
#include <SDL_image.h>

unsigned char *img_gray_load(const char *path, int *width, int *height, char *err, size_t errlen)
{
	SDL_Surface *raw = NULL, *rgba = NULL;
	unsigned char *gray = NULL;

	raw = IMG_Load(path);
	if (!raw) {
		snprintf(err, errlen, "cannot load '%s': %s", path, IMG_GetError());
		goto out;
	}
	rgba = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGBA32, 0);
	if (!rgba) {
		snprintf(err, errlen, "cannot convert '%s': %s", path, SDL_GetError());
		goto out;
	}
	if (rgba->w <= 0 || rgba->h <= 0 || rgba->w > 16384 || rgba->h > 16384) {
		snprintf(err, errlen, "'%s' has an unusable size %dx%d", path, rgba->w, rgba->h);
		goto out;
	}
	gray = malloc((size_t)rgba->w * (size_t)rgba->h);
	if (!gray) {
		snprintf(err, errlen, "out of memory loading '%s'", path);
		goto out;
	}
	if (SDL_LockSurface(rgba) != 0) {
		snprintf(err, errlen, "cannot lock '%s': %s", path, SDL_GetError());
		free(gray);
		gray = NULL;
		goto out;
	}
	for (int y = 0; y < rgba->h; y++) {
		const unsigned char *p = (const unsigned char *)rgba->pixels + (size_t)y * (size_t)rgba->pitch;
		unsigned char *q = gray + (size_t)y * (size_t)rgba->w;
		for (int x = 0; x < rgba->w; x++, p += 4) {
			/* BT.601 luma, then over white by alpha. */
			unsigned luma = (77u * p[0] + 150u * p[1] + 29u * p[2] + 128u) >> 8;
			unsigned a = p[3];
			q[x] = (unsigned char)((luma * a + 255u * (255u - a) + 127u) / 255u);
		}
	}
	SDL_UnlockSurface(rgba);
	*width = rgba->w;
	*height = rgba->h;
out:
	SDL_FreeSurface(rgba);
	SDL_FreeSurface(raw);
	return gray;
}

static int save(const char *path, const unsigned char *gray, int width, int height, int jpg,
                char *err, size_t errlen)
{
	int rc = -1;
	SDL_Color pal[256];
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, width, height, 8, SDL_PIXELFORMAT_INDEX8);
	if (!s) {
		snprintf(err, errlen, "cannot make a surface: %s", SDL_GetError());
		return -1;
	}
	for (int i = 0; i < 256; i++) {
		pal[i].r = pal[i].g = pal[i].b = (Uint8)i;
		pal[i].a = 255;
	}
	if (SDL_SetPaletteColors(s->format->palette, pal, 0, 256) != 0) {
		snprintf(err, errlen, "cannot set a palette: %s", SDL_GetError());
		goto out;
	}
	SDL_LockSurface(s);
	for (int y = 0; y < height; y++)
		memcpy((unsigned char *)s->pixels + (size_t)y * (size_t)s->pitch, gray + (size_t)y * (size_t)width,
		       (size_t)width);
	SDL_UnlockSurface(s);
	if ((jpg ? IMG_SaveJPG(s, path, 92) : IMG_SavePNG(s, path)) != 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, IMG_GetError());
		goto out;
	}
	rc = 0;
out:
	SDL_FreeSurface(s);
	return rc;
}

int img_gray_save_png(const char *path, const unsigned char *gray, int width, int height,
                      char *err, size_t errlen)
{
	return save(path, gray, width, height, 0, err, errlen);
}

int img_gray_save_jpg(const char *path, const unsigned char *gray, int width, int height,
                      char *err, size_t errlen)
{
	return save(path, gray, width, height, 1, err, errlen);
}
