/* png_grey.c - an ink mask into a grey PNG through libpng (see png_grey.h).
 *
 * Why not cairo_surface_write_to_png: it encodes with zlib's default
 * level 6 and libpng's adaptive choice among all five row filters, which
 * on a 1080 x 1920 invitation took about 30 of the 35 ms an image cost.
 * Encoding one such card, 8-bit grey unless said (Debian 12: zlib 1.2.13,
 * libpng 1.6.39; ms per image, size):
 *
 *   level 6, all filters     29.4 ms   75 KB   (cairo's choice)
 *   level 1, filter none      6.0 ms  103 KB
 *   level 1, filter up        7.0 ms   98 KB
 *   Z_RLE, filter none        5.6 ms  105 KB
 *   Z_RLE, filter up          6.2 ms   94 KB
 *   Z_RLE, none, 4-bit        4.1 ms   75 KB
 *   Z_RLE, none, 2-bit        3.2 ms   50 KB
 *
 * The paper is long runs of one value, which run-length matching (Z_RLE)
 * finds as well as a full search at a fraction of the cost, and zlib's
 * time goes with the bytes it is given: 4 bits a pixel halve them. Sixteen
 * grey levels keep the text's anti-aliased edges smooth (four do not); the
 * QR modules are pure black and white either way.
 *
 * libpng reports errors by longjmp; everything that must survive the
 * jump lives in the caller's frame or in struct png_ctx. */
#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "png_grey.h"
#include "checkin/i18n.h"

struct png_ctx {
	ck_err *err;
	volatile int failed; /* read after the longjmp */
};

static void on_error(png_structp p, png_const_charp msg)
{
	struct png_ctx *c = png_get_error_ptr(p);
	if (!c->failed)
		ck_fail(c->err, CK_IO, _("không ghi được ảnh: %s"), msg);
	c->failed = 1;
	png_longjmp(p, 1);
}

static void on_warning(png_structp p, png_const_charp msg)
{
	(void)p, (void)msg; /* nothing a user could act on */
}

static void on_write(png_structp p, png_bytep data, size_t len)
{
	FILE *fp = png_get_io_ptr(p);
	if (fwrite(data, 1, len, fp) != len)
		png_error(p, strerror(errno));
}

static void on_flush(png_structp p)
{
	(void)p; /* the caller flushes and syncs the FILE* */
}

/* Grey level (0 black .. 15 white) of an ink coverage v: (255 - v) * 15
 * / 255, rounded. */
static inline unsigned level4(unsigned v)
{
	return ((255 - v) * 15 + 127) / 255;
}

/* One row of ink to 4-bit grey, two pixels a byte, the first in the high
 * nibble. Most of a card is paper (ink 0, white 0xff out): eight pixels
 * at a time. */
static void pack4(unsigned char *out, const unsigned char *in, int w)
{
	int x = 0;
	for (; x + 8 <= w; x += 8) {
		uint64_t v;
		memcpy(&v, in + x, 8);
		if (v == 0) {
			memset(out + x / 2, 0xff, 4);
			continue;
		}
		for (int k = 0; k < 8; k += 2)
			out[(x + k) / 2] = (unsigned char)(level4(in[x + k]) << 4 | level4(in[x + k + 1]));
	}
	for (; x < w; x += 2)
		out[x / 2] = (unsigned char)(level4(in[x]) << 4 | (x + 1 < w ? level4(in[x + 1]) : 0));
}

int png_write_ink(FILE *fp, const unsigned char *ink, int w, int h, int stride, ck_err *err)
{
	struct png_ctx c = {err, 0};
	unsigned char *row = malloc((size_t)w / 2 + 1);
	png_structp p = row ? png_create_write_struct(PNG_LIBPNG_VER_STRING, &c, on_error, on_warning) : NULL;
	png_infop info = p ? png_create_info_struct(p) : NULL;
	if (!info) {
		if (p)
			png_destroy_write_struct(&p, NULL);
		free(row);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	}
	if (setjmp(png_jmpbuf(p)) == 0) {
		png_set_write_fn(p, fp, on_write, on_flush);
		png_set_compression_level(p, 1);
		png_set_compression_strategy(p, Z_RLE);
		png_set_filter(p, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
		png_set_IHDR(p, info, (png_uint_32)w, (png_uint_32)h, 4, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
		             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
		png_write_info(p, info);
		for (int y = 0; y < h; y++) {
			pack4(row, ink + (size_t)y * stride, w);
			png_write_row(p, row);
		}
		png_write_end(p, info);
	} else if (!c.failed) {
		ck_fail(err, CK_IO, _("không ghi được ảnh"));
		c.failed = 1;
	}
	png_destroy_write_struct(&p, &info);
	free(row);
	return c.failed ? -1 : 0;
}
