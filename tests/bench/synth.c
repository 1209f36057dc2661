/* synth.c - render camera-like frames of QR codes (see synth.h).
 *
 * Each pixel is mapped back onto the code's plane: undo the turn, then the
 * perspective of a card turned by `tilt` about its vertical axis, seen from
 * three code-widths away, and each sensor pixel averages 3x3 samples of
 * it (4x4 on a screen). A phone screen is drawn with the dark gaps
 * between its pixels; sampled near the sensor's own pitch, that grid
 * aliases into moire as it does in a real camera. Blur, contrast and noise are
 * applied to the whole frame afterwards. */
#include "synth.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <qrencode.h>

#define NRECTS 40

struct rng {
	unsigned long long s;
};

static unsigned rnd(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (unsigned)(r->s >> 16);
}

static double rndf(struct rng *r)
{
	return (rnd(r) & 0xffffff) / (double)0x1000000;
}

void synth_payload(const char *tag, unsigned seed, char out[39])
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	struct rng r = {0x9E3779B97F4A7C15ull ^ ((unsigned long long)seed * 0x100000001B3ull)};
	size_t i = 0;
	for (; i < 4 && tag[i]; i++)
		out[i] = tag[i];
	for (; i < 38; i++)
		out[i] = b32[rnd(&r) % 32];
	out[38] = '\0';
}

struct rect {
	int x0, y0, x1, y1;
	int v;
};

static void box_blur(unsigned char *g, int w, int h, int r, unsigned char *tmp)
{
	if (r <= 0)
		return;
	int win = 2 * r + 1;
	for (int y = 0; y < h; y++) {
		unsigned char *row = g + (size_t)y * (size_t)w, *out = tmp + (size_t)y * (size_t)w;
		int sum = 0;
		for (int x = -r; x <= r; x++)
			sum += row[x < 0 ? 0 : x >= w ? w - 1 : x];
		for (int x = 0; x < w; x++) {
			out[x] = (unsigned char)(sum / win);
			int add = x + r + 1, sub = x - r;
			sum += row[add >= w ? w - 1 : add] - row[sub < 0 ? 0 : sub];
		}
	}
	for (int x = 0; x < w; x++) {
		int sum = 0;
		for (int y = -r; y <= r; y++)
			sum += tmp[(size_t)(y < 0 ? 0 : y >= h ? h - 1 : y) * (size_t)w + (size_t)x];
		for (int y = 0; y < h; y++) {
			g[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)(sum / win);
			int add = y + r + 1, sub = y - r;
			sum += tmp[(size_t)(add >= h ? h - 1 : add) * (size_t)w + (size_t)x] -
			       tmp[(size_t)(sub < 0 ? 0 : sub) * (size_t)w + (size_t)x];
		}
	}
}

/* The code plane under image point (x, y): module coordinates, or 0 when
 * the point is behind the card's horizon. */
static int to_plane(const struct synth_params *p, int n, double x, double y, double *mx, double *my)
{
	double dx = x - p->cx * p->width, dy = y - p->cy * p->height;
	double a = p->angle * M_PI / 180.0, t = p->tilt * M_PI / 180.0;
	double u = cos(a) * dx + sin(a) * dy, v = -sin(a) * dx + cos(a) * dy;
	double d = 3.0 * (n + 8) * p->module_px;
	double den = d * cos(t) - u * sin(t);
	if (den <= 1e-6)
		return 0;
	double X = u * d / den, Y = v * (d + X * sin(t)) / d;
	*mx = X / p->module_px + n / 2.0;
	*my = Y / p->module_px + n / 2.0;
	return 1;
}

int synth_frame(const struct synth_params *p, unsigned char *gray)
{
	int w = p->width, h = p->height, n = 0, rc = -1;
	QRcode *qr = NULL;
	unsigned char *tmp = NULL;
	struct rng r = {0x2545F4914F6CDD1Dull ^ ((unsigned long long)(p->seed + 1) * 0x9E3779B97F4A7C15ull)};
	struct rect rects[NRECTS];

	if (p->payload) {
		qr = QRcode_encodeString8bit(p->payload, 0, QR_ECLEVEL_M);
		if (!qr)
			goto out;
		n = qr->width;
	}
	tmp = malloc((size_t)w * (size_t)h);
	if (!tmp)
		goto out;

	/* Clutter: a lit gradient and overlapping boxes of every gray. */
	double gx = (rndf(&r) - 0.5) * 120.0 / w, gy = (rndf(&r) - 0.5) * 120.0 / h;
	int base = 60 + (int)(rnd(&r) % 120);
	for (int i = 0; i < NRECTS; i++) {
		int cw = 10 + (int)(rnd(&r) % (unsigned)(w / 3)), ch = 4 + (int)(rnd(&r) % (unsigned)(h / 3));
		rects[i].x0 = (int)(rnd(&r) % (unsigned)w) - cw / 2;
		rects[i].y0 = (int)(rnd(&r) % (unsigned)h) - ch / 2;
		rects[i].x1 = rects[i].x0 + cw;
		rects[i].y1 = rects[i].y0 + ch;
		rects[i].v = (int)(rnd(&r) % 256);
	}
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			double v = base + gx * (x - w / 2) + gy * (y - h / 2);
			for (int i = 0; i < NRECTS; i++)
				if (x >= rects[i].x0 && x < rects[i].x1 && y >= rects[i].y0 && y < rects[i].y1)
					v = rects[i].v;
			gray[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
		}
	}

	if (qr) {
		/* Card (paper or screen) spans [-margin, n + margin) modules. */
		double margin = p->screen ? 6.0 : 5.0, bezel = p->screen ? 2.5 : 0.0;
		double dark = p->screen ? 25 : 35, light = p->screen ? 215 : 230;
		double pitch = 1.0 / 6.7; /* screen pixels per module: a phone at ~400 ppi */
		double glx = rndf(&r) * n, gly = rndf(&r) * n;
		int ss = p->screen ? 4 : 3; /* a sensor pixel integrates light over its area */
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double acc = 0, cmx, cmy, lim = margin + bezel + 2.0;
				int hit = 0;
				if (!to_plane(p, n, x + 0.5, y + 0.5, &cmx, &cmy) || cmx < -lim || cmy < -lim ||
				    cmx >= n + lim || cmy >= n + lim)
					continue;
				for (int j = 0; j < ss; j++) {
					for (int i = 0; i < ss; i++) {
						double mx, my, v;
						double sx = x + (i + 0.5) / ss, sy = y + (j + 0.5) / ss;
						if (!to_plane(p, n, sx, sy, &mx, &my) || mx < -margin - bezel ||
						    my < -margin - bezel || mx >= n + margin + bezel || my >= n + margin + bezel) {
							acc += gray[(size_t)y * (size_t)w + (size_t)x];
							continue;
						}
						hit = 1;
						if (mx < -margin || my < -margin || mx >= n + margin || my >= n + margin) {
							acc += 12; /* phone bezel */
							continue;
						}
						int on = 0;
						if (mx >= 0 && my >= 0 && mx < n && my < n)
							on = qr->data[(int)my * n + (int)mx] & 1;
						if (p->invert)
							on = !on;
						v = on ? dark : light;
						if (p->screen) {
							/* the dark gaps between the screen's pixels (the
							 * R, G and B stripes of a white pixel average out
							 * to gray in luma) */
							double fx = mx / pitch, fy = my / pitch;
							double col = fmod(fx, 1.0), row = fmod(fy, 1.0);
							if (col < 0)
								col += 1;
							if (row < 0)
								row += 1;
							double g = (col < 0.75 ? 1.0 : 0.25) * (row < 0.8 ? 1.0 : 0.35);
							v *= g;
							/* glare: a soft bright patch */
							double ddx = mx - glx, ddy = my - gly;
							v += 70.0 * exp(-(ddx * ddx + ddy * ddy) / (0.08 * n * n));
						}
						acc += v;
					}
				}
				if (hit)
					gray[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)(acc / (ss * ss) > 255 ? 255 : acc / (ss * ss));
			}
		}
	}

	box_blur(gray, w, h, (int)lround(p->blur), tmp);
	box_blur(gray, w, h, (int)lround(p->blur), tmp);

	double c = p->contrast > 0 ? p->contrast : 1.0;
	for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
		double v = 128 + (gray[i] - 128) * c;
		if (p->noise > 0)
			v += (rndf(&r) * 2 - 1) * p->noise;
		gray[i] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
	}
	rc = 0;
out:
	free(tmp);
	if (qr)
		QRcode_free(qr);
	return rc;
}
