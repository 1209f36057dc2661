/* scan.c - a fast and forgiving QR reader around ZBar.
 *
 * Plain ZBar (QR only, every row and column) costs 16-30 ms on a 1280x720
 * frame and misses codes on phone screens (moire), inverted codes, small
 * soft ones and some blurred or low-contrast ones. This file keeps ZBar as
 * the decoder and feeds it prepared versions of the frame ("passes"):
 *
 *   scale    box-averaged 1/2, 1/3 or 1/4 (cheap, and the averaging removes
 *            moire and noise), bilinear 2/3, 3/2 or 2x (small images)
 *   filter   none, contrast stretch, 3x3 blur, unsharp mask, or a local
 *            mean threshold (binarisation against uneven light)
 *   invert   light code on a dark background
 *   rotate   a turn of 10 or 45 degrees: it changes how ZBar's scan lines
 *            cross the finder patterns of a tilted code (stills only)
 *   crop     an overlapping quarter of the frame at full resolution, or
 *            the region around where the last code was read (video)
 *
 * SCAN_STILL runs the passes of still_passes[] in order until one reads a
 * code. SCAN_VIDEO runs one cheap pass per frame, walking video_cycle[]
 * frame by frame so that the variants are spread over consecutive frames
 * and none costs more than about half a plain scan; once a code has been
 * read it first looks around it (every other frame while it is still
 * there, so that the next delegate's code elsewhere is not missed). A code
 * is reported on every frame it is read: ZBar's symbol cache is off, so
 * that what a caller sees does not depend on how fast frames are decoded;
 * the kiosk's repeat policy (kiosk/debounce.c) decides what is new. None
 * of the passes knows about any
 * particular image: they are the generic remedies for blur, moire,
 * contrast, size and tilt, and BENCHMARKS.md has the figures that chose
 * them.
 *
 * Working buffers are owned by the scanner and reused from frame to frame;
 * a frame causes no allocation once the sizes have settled. */
#include "scan.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

typedef unsigned char u8;

#define SCAN_MAX_SIDE 16384  /* refuse absurd frames rather than overflow */
#define ROI_KEEP_FRAMES 20   /* look around the last code for this long */
#define TILE_FULL_MAX_PIXELS (1280 * 736) /* larger frames: tiles at 2/3 */

enum filter { F_NONE, F_STRETCH, F_BLUR, F_SHARPEN, F_BINARY };

struct pass {
	int num, den;     /* scale num/den */
	enum filter filter;
	int invert;
	int rotate;       /* degrees */
	enum { WHOLE, ROI, TILE } crop; /* TILE: the next quarter of the frame */
};

/* Stills: everything, cheapest and likeliest first. Upscaling and turning
 * are only tried on images of up to UPSCALE_MAX_PIXELS. */
#define UPSCALE_MAX_PIXELS (1024 * 768)
static const struct pass still_passes[] = {
	{1, 1, F_NONE, 0, 0, WHOLE},
	{1, 2, F_NONE, 0, 0, WHOLE},     /* averaging: moire, noise */
	{1, 3, F_NONE, 0, 0, WHOLE},     /* phone screens */
	{2, 3, F_NONE, 0, 0, WHOLE},
	{1, 2, F_NONE, 1, 0, WHOLE},     /* inverted */
	{1, 1, F_NONE, 1, 0, WHOLE},
	{2, 1, F_NONE, 0, 0, WHOLE},     /* small, soft modules */
	{1, 1, F_BINARY, 0, 0, WHOLE},   /* uneven light */
	{1, 1, F_BLUR, 0, 0, WHOLE},
	{1, 1, F_STRETCH, 0, 0, WHOLE},  /* low contrast */
	{1, 1, F_SHARPEN, 0, 0, WHOLE},
	{1, 2, F_BINARY, 0, 0, WHOLE},
	{3, 2, F_NONE, 0, 0, WHOLE},
	{2, 1, F_NONE, 0, 10, WHOLE},    /* tilted: a small turn changes how */
	{2, 1, F_NONE, 0, -10, WHOLE},   /*   ZBar's scan lines cross the finders */
	{1, 1, F_NONE, 0, 45, WHOLE},
	{1, 1, F_BINARY, 1, 0, WHOLE},
	{1, 4, F_NONE, 0, 0, WHOLE},
};

/* Video: one pass per frame, in this order, round and round; every pass
 * costs a fraction of a plain full-resolution scan. */
static const struct pass video_cycle[] = {
	{1, 2, F_NONE, 0, 0, WHOLE},
	{1, 3, F_NONE, 0, 0, WHOLE},
	{1, 2, F_NONE, 1, 0, WHOLE},
	{1, 1, F_NONE, 0, 0, TILE},
	{1, 2, F_NONE, 0, 0, WHOLE},
	{1, 2, F_BINARY, 0, 0, WHOLE},
	{1, 2, F_NONE, 1, 0, WHOLE},
	{1, 1, F_NONE, 0, 0, TILE},
};

struct plane {
	u8 *px;
	int w, h;       /* stride == w */
	size_t cap;
};

/* pass pixel (x, y) -> frame pixel (a*x + b*y + c, d*x + e*y + f) */
struct xform {
	double a, b, c, d, e, f;
};

struct scanner {
	enum scan_mode mode;
	zbar_image_scanner_t *zs;
	zbar_image_t *zimg;
	struct plane buf[3];
	uint32_t *integral;     /* for the local threshold */
	size_t integral_cap;
	unsigned long frame;
	unsigned step;          /* position in video_cycle */
	unsigned tile;          /* next quarter for a TILE pass */
	/* where and how the last code was read (video) */
	int roi_x, roi_y, roi_w, roi_h;
	unsigned long roi_frame;
	int roi_ok, roi_invert;
	int roi_skip;           /* the last look found the code: next frame, the cycle */
	int last_pass;          /* see scanner_last_pass() */
	int passes;             /* video: cycle passes a frame may get (scanner_set_passes) */
};

static int plane_fit(struct plane *p, int w, int h)
{
	size_t need = (size_t)w * (size_t)h;
	if (need > p->cap) {
		u8 *np = realloc(p->px, need);
		if (!np)
			return -1;
		p->px = np;
		p->cap = need;
	}
	p->w = w;
	p->h = h;
	return 0;
}

scanner *scanner_new(enum scan_mode mode)
{
	scanner *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->mode = mode;
	s->zs = zbar_image_scanner_create();
	s->zimg = zbar_image_create();
	if (!s->zs || !s->zimg) {
		scanner_free(s);
		return NULL;
	}
	zbar_image_scanner_set_config(s->zs, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(s->zs, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(s->zs, ZBAR_NONE, ZBAR_CFG_X_DENSITY, 1);
	zbar_image_scanner_set_config(s->zs, ZBAR_NONE, ZBAR_CFG_Y_DENSITY, 1);
	zbar_image_scanner_enable_cache(s->zs, 0); /* repeats are the caller's policy */
	zbar_image_set_format(s->zimg, zbar_fourcc('Y', '8', '0', '0'));
	s->passes = 1;
	return s;
}

void scanner_reset(scanner *s)
{
	if (!s)
		return;
	s->frame = 0;
	s->step = 0;
	s->tile = 0;
	s->roi_ok = 0;
	s->roi_skip = 0;
	s->last_pass = -1;
}

void scanner_set_passes(scanner *s, int n)
{
	if (s)
		s->passes = n < 1 ? 1 : n > SCAN_PASSES_MAX ? SCAN_PASSES_MAX : n;
}

void scanner_free(scanner *s)
{
	if (!s)
		return;
	if (s->zimg) {
		zbar_image_set_data(s->zimg, NULL, 0, NULL);
		zbar_image_destroy(s->zimg);
	}
	if (s->zs)
		zbar_image_scanner_destroy(s->zs);
	for (int i = 0; i < 3; i++)
		free(s->buf[i].px);
	free(s->integral);
	free(s);
}

/* ---- preparing a pass ---------------------------------------------------- */

static void copy_in(struct plane *dst, const u8 *src, int stride)
{
	for (int y = 0; y < dst->h; y++)
		memcpy(dst->px + (size_t)y * (size_t)dst->w, src + (size_t)y * (size_t)stride, (size_t)dst->w);
}

/* Box-average by an integer factor k (anti-aliased: averaging removes moire). */
static void shrink_box(struct plane *dst, const u8 *src, int sw, int sh, int stride, int k)
{
	(void)sh;
	int area = k * k;
	for (int y = 0; y < dst->h; y++) {
		u8 *q = dst->px + (size_t)y * (size_t)dst->w;
		const u8 *row = src + (size_t)y * (size_t)k * (size_t)stride;
		if (k == 2) {
			const u8 *r0 = row, *r1 = row + stride;
			for (int x = 0; x < dst->w; x++, r0 += 2, r1 += 2)
				q[x] = (u8)((r0[0] + r0[1] + r1[0] + r1[1] + 2) >> 2);
			continue;
		}
		for (int x = 0; x < dst->w; x++) {
			unsigned sum = 0;
			for (int j = 0; j < k; j++) {
				const u8 *r = row + (size_t)j * (size_t)stride + (size_t)x * (size_t)k;
				for (int i = 0; i < k; i++)
					sum += r[i];
			}
			q[x] = (u8)((sum + (unsigned)area / 2) / (unsigned)area);
		}
	}
	(void)sw;
}

/* Bilinear resample to dst->w x dst->h (for non-integer factors). When
 * shrinking, a 2x2 pre-average would be better, but 2/3 is mild enough. */
static void resample(struct plane *dst, const u8 *src, int sw, int sh, int stride)
{
	double fx = (double)sw / dst->w, fy = (double)sh / dst->h;
	for (int y = 0; y < dst->h; y++) {
		double syf = (y + 0.5) * fy - 0.5;
		if (syf < 0)
			syf = 0;
		int y0 = (int)syf;
		if (y0 > sh - 2)
			y0 = sh > 1 ? sh - 2 : 0;
		int wy = (int)((syf - y0) * 256);
		if (wy > 256)
			wy = 256;
		const u8 *r0 = src + (size_t)y0 * (size_t)stride;
		const u8 *r1 = sh > 1 ? r0 + stride : r0;
		u8 *q = dst->px + (size_t)y * (size_t)dst->w;
		for (int x = 0; x < dst->w; x++) {
			double sxf = (x + 0.5) * fx - 0.5;
			if (sxf < 0)
				sxf = 0;
			int x0 = (int)sxf;
			if (x0 > sw - 2)
				x0 = sw > 1 ? sw - 2 : 0;
			int wx = (int)((sxf - x0) * 256);
			if (wx > 256)
				wx = 256;
			int x1 = sw > 1 ? x0 + 1 : x0;
			int top = r0[x0] * (256 - wx) + r0[x1] * wx;
			int bot = r1[x0] * (256 - wx) + r1[x1] * wx;
			q[x] = (u8)((top * (256 - wy) + bot * wy + 32768) >> 16);
		}
	}
}

/* Stretch the 1st..99th percentile to 0..255. */
static void stretch(struct plane *p)
{
	size_t n = (size_t)p->w * (size_t)p->h, hist[256] = {0};
	for (size_t i = 0; i < n; i++)
		hist[p->px[i]]++;
	size_t cut = n / 100, acc = 0;
	int lo = 0, hi = 255;
	for (lo = 0; lo < 255 && (acc += hist[lo]) <= cut; lo++)
		;
	acc = 0;
	for (hi = 255; hi > 0 && (acc += hist[hi]) <= cut; hi--)
		;
	if (hi - lo < 8)
		return;
	u8 lut[256];
	for (int v = 0; v < 256; v++) {
		int o = (v - lo) * 255 / (hi - lo);
		lut[v] = (u8)(o < 0 ? 0 : o > 255 ? 255 : o);
	}
	for (size_t i = 0; i < n; i++)
		p->px[i] = lut[p->px[i]];
}

/* 3x3 blur (sharpen = 0) or unsharp mask 2*x - blur (sharpen = 1) from src
 * into dst (same size). Edges are copied. */
static void blur3(struct plane *dst, const struct plane *src, int sharpen)
{
	int w = src->w, h = src->h;
	memcpy(dst->px, src->px, (size_t)w * (size_t)h);
	for (int y = 1; y < h - 1; y++) {
		const u8 *a = src->px + (size_t)(y - 1) * (size_t)w, *b = a + w, *c = b + w;
		u8 *q = dst->px + (size_t)y * (size_t)w;
		for (int x = 1; x < w - 1; x++) {
			int sum = a[x - 1] + 2 * a[x] + a[x + 1] + 2 * b[x - 1] + 4 * b[x] + 2 * b[x + 1] +
			          c[x - 1] + 2 * c[x] + c[x + 1];
			int v = (sum + 8) >> 4;
			if (sharpen)
				v = 2 * b[x] - v;
			q[x] = (u8)(v < 0 ? 0 : v > 255 ? 255 : v);
		}
	}
}

/* Local mean threshold: black where a pixel is darker than the mean of a
 * window around it by a small margin. The window is about an eighth of the
 * shorter side, large enough to span several modules. */
static int binarize(scanner *s, struct plane *dst, const struct plane *src)
{
	int w = src->w, h = src->h;
	size_t iw = (size_t)w + 1, need = iw * ((size_t)h + 1);
	if (need > s->integral_cap) {
		uint32_t *ni = realloc(s->integral, need * sizeof *ni);
		if (!ni)
			return -1;
		s->integral = ni;
		s->integral_cap = need;
	}
	uint32_t *I = s->integral;
	memset(I, 0, iw * sizeof *I);
	for (int y = 0; y < h; y++) {
		uint32_t rowsum = 0;
		const u8 *p = src->px + (size_t)y * (size_t)w;
		uint32_t *cur = I + (size_t)(y + 1) * iw, *prev = cur - iw;
		cur[0] = 0;
		for (int x = 0; x < w; x++) {
			rowsum += p[x];
			cur[x + 1] = prev[x + 1] + rowsum;
		}
	}
	int r = (w < h ? w : h) / 16;
	if (r < 4)
		r = 4;
	for (int y = 0; y < h; y++) {
		int y0 = y - r < 0 ? 0 : y - r, y1 = y + r + 1 > h ? h : y + r + 1;
		const u8 *p = src->px + (size_t)y * (size_t)w;
		u8 *q = dst->px + (size_t)y * (size_t)w;
		const uint32_t *top = I + (size_t)y0 * iw, *bot = I + (size_t)y1 * iw;
		for (int x = 0; x < w; x++) {
			int x0 = x - r < 0 ? 0 : x - r, x1 = x + r + 1 > w ? w : x + r + 1;
			uint32_t sum = bot[x1] - bot[x0] - top[x1] + top[x0];
			uint32_t cnt = (uint32_t)((x1 - x0) * (y1 - y0));
			/* p < mean - 3%  <=>  p*cnt*100 < sum*97 */
			q[x] = (uint64_t)p[x] * cnt * 100 < (uint64_t)sum * 97 ? 0 : 255;
		}
	}
	return 0;
}

static void invert(struct plane *p)
{
	size_t n = (size_t)p->w * (size_t)p->h;
	for (size_t i = 0; i < n; i++)
		p->px[i] = (u8)(255 - p->px[i]);
}

/* Rotate src by deg about its centre into dst (sized to hold it all, white
 * padding). Sets *xf to map dst pixels back to src pixels. */
static int rotate(struct plane *dst, const struct plane *src, int deg, struct xform *xf)
{
	double t = deg * 3.14159265358979323846 / 180.0, c = cos(t), sn = sin(t);
	int w = src->w, h = src->h;
	int nw = (int)ceil(fabs(w * c) + fabs(h * sn)), nh = (int)ceil(fabs(w * sn) + fabs(h * c));
	if (plane_fit(dst, nw, nh) != 0)
		return -1;
	double cx = w / 2.0, cy = h / 2.0, ncx = nw / 2.0, ncy = nh / 2.0;
	/* dst (u,v) -> src (x,y): x = c*(u-ncx) + s*(v-ncy) + cx; y = -s*(u-ncx) + c*(v-ncy) + cy */
	xf->a = c;
	xf->b = sn;
	xf->c = cx - c * ncx - sn * ncy;
	xf->d = -sn;
	xf->e = c;
	xf->f = cy + sn * ncx - c * ncy;
	for (int v = 0; v < nh; v++) {
		u8 *q = dst->px + (size_t)v * (size_t)nw;
		for (int u = 0; u < nw; u++) {
			double x = xf->a * u + xf->b * v + xf->c, y = xf->d * u + xf->e * v + xf->f;
			int x0 = (int)floor(x), y0 = (int)floor(y);
			if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
				q[u] = 255;
				continue;
			}
			int wx = (int)((x - x0) * 256), wy = (int)((y - y0) * 256);
			const u8 *r0 = src->px + (size_t)y0 * (size_t)w + (size_t)x0, *r1 = r0 + w;
			int top = r0[0] * (256 - wx) + r0[1] * wx, bot = r1[0] * (256 - wx) + r1[1] * wx;
			q[u] = (u8)((top * (256 - wy) + bot * wy + 32768) >> 16);
		}
	}
	return 0;
}

/* ---- decoding ------------------------------------------------------------ */

/* Scan p with ZBar and append new hits (frame coordinates through xf).
 * Returns the number of QR symbols ZBar saw (repeats included), -1 on
 * failure. */
static int decode(scanner *s, const struct plane *p, const struct xform *xf,
                  struct scan_hit *hits, int max, int *n, int *last_box)
{
	int seen = 0;
	zbar_image_set_size(s->zimg, (unsigned)p->w, (unsigned)p->h);
	zbar_image_set_data(s->zimg, p->px, (unsigned long)p->w * (unsigned long)p->h, NULL);
	if (zbar_scan_image(s->zs, s->zimg) < 0)
		return -1;
	for (const zbar_symbol_t *sym = zbar_image_first_symbol(s->zimg); sym; sym = zbar_symbol_next(sym)) {
		if (zbar_symbol_get_type(sym) != ZBAR_QRCODE)
			continue;
		const char *data = zbar_symbol_get_data(sym);
		unsigned len = zbar_symbol_get_data_length(sym);
		if (!data || len == 0 || len >= SCAN_TEXT_MAX)
			continue;
		seen++;
		double x0 = 1e30, y0 = 1e30, x1 = -1e30, y1 = -1e30;
		unsigned npts = zbar_symbol_get_loc_size(sym);
		for (unsigned i = 0; i < npts; i++) {
			double u = zbar_symbol_get_loc_x(sym, i), v = zbar_symbol_get_loc_y(sym, i);
			double x = xf->a * u + xf->b * v + xf->c, y = xf->d * u + xf->e * v + xf->f;
			x0 = x < x0 ? x : x0;
			y0 = y < y0 ? y : y0;
			x1 = x > x1 ? x : x1;
			y1 = y > y1 ? y : y1;
		}
		if (npts == 0)
			x0 = y0 = x1 = y1 = 0;
		last_box[0] = (int)x0;
		last_box[1] = (int)y0;
		last_box[2] = (int)(x1 - x0) + 1;
		last_box[3] = (int)(y1 - y0) + 1;
		/* a NUL in the data would cut the text short: a code followed by
		 * a NUL and anything would read as the code. It becomes SUB
		 * (0x1A), so that the whole is refused and audited as invalid. */
		char text[SCAN_TEXT_MAX];
		memcpy(text, data, len);
		text[len] = '\0';
		for (char *z = memchr(text, 0, len); z; z = memchr(z, 0, len - (size_t)(z - text)))
			*z = 0x1A;
		int dup = 0;
		for (int i = 0; i < *n; i++)
			if (!strcmp(hits[i].text, text))
				dup = 1;
		if (dup || *n >= max)
			continue;
		struct scan_hit *h = &hits[(*n)++];
		memcpy(h->text, text, len + 1);
		h->x = last_box[0];
		h->y = last_box[1];
		h->w = last_box[2];
		h->h = last_box[3];
	}
	return seen;
}

/* Run one pass over the frame (or its crop). Returns symbols seen or -1. */
static int run_pass(scanner *s, const struct pass *ps, const u8 *gray, int width, int height,
                    int stride, struct scan_hit *hits, int max, int *n)
{
	int cx = 0, cy = 0, cw = width, ch = height;
	if (ps->crop == ROI) {
		cx = s->roi_x;
		cy = s->roi_y;
		cw = s->roi_w;
		ch = s->roi_h;
	} else if (ps->crop == TILE) {
		/* Quarters overlapping by a sixth of the shorter side, so that a
		 * small code (the reason to look at full resolution) lies wholly
		 * inside at least one of them. */
		int ov = (width < height ? width : height) / 6, q = (int)(s->tile++ % 4);
		cw = width / 2 + ov < width ? width / 2 + ov : width;
		ch = height / 2 + ov < height ? height / 2 + ov : height;
		cx = q & 1 ? width - cw : 0;
		cy = q & 2 ? height - ch : 0;
	}
	if ((ps->num > ps->den || ps->rotate) && (long)cw * ch > UPSCALE_MAX_PIXELS)
		return 0;
	const u8 *src = gray + (size_t)cy * (size_t)stride + (size_t)cx;
	int num = ps->num, den = ps->den;
	if (ps->crop == TILE && (long)width * height > TILE_FULL_MAX_PIXELS) {
		/* a 1080p quarter at 2/3 costs what a 720p quarter does */
		num = 2;
		den = 3;
	}
	if (s->mode == SCAN_VIDEO && ps->crop == WHOLE && num == 1 && den > 1) {
		/* Video shrink factors are for a 720-line camera; a 1080p one
		 * shows the same code with 1.5 times the pixels, so shrink it by
		 * 1.5 times as much (a 480p one by less). */
		den = (int)lround(den * height / 720.0);
		den = den < 1 ? 1 : den;
	}
	int w = cw * num / den, h = ch * num / den;
	if (w < 21 || h < 21)
		return 0;
	struct plane *a = &s->buf[0], *b = &s->buf[1], *c = &s->buf[2];
	if (plane_fit(a, w, h) != 0)
		return -1;
	if (num == den)
		copy_in(a, src, stride);
	else if (num == 1)
		shrink_box(a, src, cw, ch, stride, den);
	else
		resample(a, src, cw, ch, stride);
	double sc = (double)den / num;
	struct xform xf = {sc, 0, cx, 0, sc, cy};
	struct plane *cur = a;
	switch (ps->filter) {
	case F_NONE:
		break;
	case F_STRETCH:
		stretch(cur);
		break;
	case F_BLUR:
	case F_SHARPEN:
		if (plane_fit(b, w, h) != 0)
			return -1;
		blur3(b, cur, ps->filter == F_SHARPEN);
		cur = b;
		break;
	case F_BINARY:
		if (plane_fit(b, w, h) != 0 || binarize(s, b, cur) != 0)
			return -1;
		cur = b;
		break;
	}
	if (ps->invert)
		invert(cur);
	if (ps->rotate) {
		struct xform r;
		if (rotate(c, cur, ps->rotate, &r) != 0)
			return -1;
		/* compose: frame = xf(r(u, v)) */
		struct xform t = {xf.a * r.a, xf.a * r.b, xf.a * r.c + xf.c, xf.e * r.d, xf.e * r.e, xf.e * r.f + xf.f};
		xf = t;
		cur = c;
	}
	int box[4] = {0, 0, 0, 0};
	int seen = decode(s, cur, &xf, hits, max, n, box);
	if (seen > 0 && s->mode == SCAN_VIDEO) {
		/* Remember where it was, with a margin of the code's own size. */
		int mx = box[2], my = box[3];
		int x0 = box[0] - mx, y0 = box[1] - my, x1 = box[0] + box[2] + mx, y1 = box[1] + box[3] + my;
		x0 = x0 < 0 ? 0 : x0;
		y0 = y0 < 0 ? 0 : y0;
		x1 = x1 > width ? width : x1;
		y1 = y1 > height ? height : y1;
		if (x1 - x0 >= 21 && y1 - y0 >= 21) {
			s->roi_x = x0;
			s->roi_y = y0;
			s->roi_w = x1 - x0;
			s->roi_h = y1 - y0;
			s->roi_ok = 1;
			s->roi_frame = s->frame;
			s->roi_invert = ps->invert;
		}
	}
	return seen;
}

int scanner_scan(scanner *s, const unsigned char *gray, int width, int height, int stride,
                 struct scan_hit *hits, int max)
{
	int n = 0;
	if (!s || !gray || width <= 0 || height <= 0 || width > SCAN_MAX_SIDE || height > SCAN_MAX_SIDE ||
	    stride < width || max < 0 || (max > 0 && !hits))
		return -1;
	s->frame++;
	s->last_pass = -1;
	if (s->mode == SCAN_STILL) {
		for (size_t i = 0; i < sizeof still_passes / sizeof still_passes[0]; i++) {
			int seen = run_pass(s, &still_passes[i], gray, width, height, stride, hits, max, &n);
			if (seen < 0)
				return -1;
			if (n > 0) {
				s->last_pass = (int)i;
				break;
			}
		}
		return n;
	}
	/* Video: a code seen lately is most likely still there; look around
	 * it at full resolution first, it is cheaper than any whole-frame pass.
	 * While it keeps finding it (someone still holding theirs up), every
	 * other frame goes to the cycle instead, so that the next delegate's
	 * code is not missed. */
	if (s->roi_ok && s->frame - s->roi_frame <= ROI_KEEP_FRAMES &&
	    s->roi_x + s->roi_w <= width && s->roi_y + s->roi_h <= height) {
		if (s->roi_skip) {
			s->roi_skip = 0;
		} else {
			struct pass roi = {1, 1, F_NONE, s->roi_invert, 0, ROI};
			if ((long)s->roi_w * s->roi_h > (long)width * height / 4)
				roi.den = 2; /* a big code close to the camera: half is plenty */
			int seen = run_pass(s, &roi, gray, width, height, stride, hits, max, &n);
			if (seen < 0)
				return -1;
			if (seen > 0 && n > 0) {
				s->roi_skip = 1;
				s->last_pass = 100;
				return n;
			}
		}
	} else {
		s->roi_ok = 0;
		s->roi_skip = 0;
	}
	for (int i = 0; i < s->passes && n == 0; i++) {
		unsigned k = s->step++ % (unsigned)(sizeof video_cycle / sizeof video_cycle[0]);
		if (run_pass(s, &video_cycle[k], gray, width, height, stride, hits, max, &n) < 0)
			return -1;
		if (n > 0)
			s->last_pass = (int)k;
	}
	return n;
}

int scanner_last_pass(const scanner *s)
{
	return s ? s->last_pass : -1;
}
