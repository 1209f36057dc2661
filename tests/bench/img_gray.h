/* img_gray.h - load a PNG/JPEG into an 8-bit grayscale buffer (SDL2_image).
 *
 * The benchmarks and scanner tests feed ZBar "Y800" frames; this is the one
 * place that turns image files into those. Transparent pixels are laid over
 * white, the way a viewer shows them. */
#ifndef CHECKIN_IMG_GRAY_H
#define CHECKIN_IMG_GRAY_H

#include <stddef.h>

/* Load path into a new width*height buffer (stride == width) that the
 * caller frees with free(). Returns NULL and a message in err on failure. */
unsigned char *img_gray_load(const char *path, int *width, int *height, char *err, size_t errlen);

/* Write a grayscale buffer as PNG (for looking at what a pass saw). */
int img_gray_save_png(const char *path, const unsigned char *gray, int width, int height,
                      char *err, size_t errlen);

/* The same as JPEG at quality 92 (a camera's compression). */
int img_gray_save_jpg(const char *path, const unsigned char *gray, int width, int height,
                      char *err, size_t errlen);

#endif
