/* test_scan.c - unit tests of core's scanner on rendered camera frames.
 *
 * Every frame comes from synth.c with a fixed seed (printed on failure), so
 * a failure can be replayed. Stills must read each hard condition the door
 * will meet (issue 6: printed and on a phone screen, tilted up to 45
 * degrees, blurred, 40 % contrast, inverted); video must read each code
 * within two turns of its cascade, report it once while it is held up, and
 * report nothing on frames without a code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checkin/scan.h"
#include "debounce.h"
#include "synth.h"

#define W 1280
#define H 720
#define MAXHITS 4

static int failures;

#define CHECK(cond, ...)                                              \
	do {                                                          \
		if (!(cond)) {                                        \
			failures++;                                   \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);   \
			printf(__VA_ARGS__);                          \
			printf("\n");                                 \
		}                                                     \
	} while (0)

struct cond {
	const char *name;
	double module_px, angle, tilt, contrast, blur;
	int invert, screen;
};

/* The conditions of issue 6 and the kiosk's camera-like frames. */
static const struct cond conds[] = {
	{"printed", 5, 0, 0, 1, 0, 0, 0},
	{"small modules (3 px)", 3, 0, 0, 1, 0, 0, 0},
	{"far away (2.5 px)", 2.5, 4, 0, 1, 0, 0, 0},
	{"close (14 px)", 14, -3, 0, 1, 0, 0, 0},
	{"turned 45", 5, 45, 0, 1, 0, 0, 0},
	{"turned 30", 4, 30, 0, 1, 0, 0, 0},
	{"tilted 45 away", 6, 0, 45, 1, 0, 0, 0},
	{"tilted 45 and turned 20", 6, 20, 45, 1, 0, 0, 0},
	{"slightly blurred", 5, 7, 0, 1, 1, 0, 0},
	{"blurred", 7, 0, 0, 1, 2, 0, 0},
	{"40% contrast", 5, 0, 0, 0.4, 0, 0, 0},
	{"40% contrast, blurred, turned", 5, 12, 0, 0.4, 1, 0, 0},
	{"inverted", 5, 0, 0, 1, 0, 1, 0},
	{"inverted, 40% contrast, tilted", 5, 10, 30, 0.4, 1, 1, 0},
	{"phone screen", 6, 0, 0, 1, 0, 0, 1},
	{"phone screen, close", 9, -10, 0, 1, 0, 0, 1},
	{"phone screen, turned 25", 6, 25, 0, 1, 0, 0, 1},
	{"phone screen, tilted 30", 7, 0, 30, 1, 0, 0, 1},
	{"phone screen, 40% contrast", 7, 0, 0, 0.4, 0, 0, 1},
};

static void params(struct synth_params *p, const struct cond *c, const char *payload, unsigned seed,
                   double dx)
{
	memset(p, 0, sizeof *p);
	p->width = W;
	p->height = H;
	p->payload = payload;
	p->module_px = c ? c->module_px : 5;
	p->cx = 0.5 + dx;
	p->cy = 0.48;
	p->angle = c ? c->angle : 0;
	p->tilt = c ? c->tilt : 0;
	p->contrast = c ? c->contrast : 1;
	p->blur = c ? c->blur : 0;
	p->noise = 6;
	p->invert = c ? c->invert : 0;
	p->screen = c ? c->screen : 0;
	p->seed = seed;
}

static int has(const struct scan_hit *hits, int n, const char *text)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(hits[i].text, text))
			return i;
	return -1;
}

static void test_arguments(struct scan_hit *hits)
{
	unsigned char px[64 * 64];
	memset(px, 200, sizeof px);
	scanner *s = scanner_new(SCAN_STILL);
	CHECK(s != NULL, "scanner_new");
	CHECK(scanner_scan(NULL, px, 64, 64, 64, hits, MAXHITS) == -1, "NULL scanner");
	CHECK(scanner_scan(s, NULL, 64, 64, 64, hits, MAXHITS) == -1, "NULL frame");
	CHECK(scanner_scan(s, px, 0, 64, 64, hits, MAXHITS) == -1, "zero width");
	CHECK(scanner_scan(s, px, 64, -1, 64, hits, MAXHITS) == -1, "negative height");
	CHECK(scanner_scan(s, px, 64, 64, 32, hits, MAXHITS) == -1, "stride < width");
	CHECK(scanner_scan(s, px, 64, 64, 64, NULL, 1) == -1, "NULL hits");
	CHECK(scanner_scan(s, px, 64, 64, 64, hits, MAXHITS) == 0, "blank frame");
	CHECK(scanner_scan(s, px, 8, 8, 64, hits, MAXHITS) == 0, "tiny frame");
	CHECK(scanner_last_pass(s) == -1, "last pass after a miss");
	scanner_free(s);
	scanner_free(NULL);

	/* Odd shapes, every pass of both modes: nothing read, nothing broken
	 * (ASan watches the edges). */
	static const int shapes[][2] = {{1, 1}, {1, 700}, {700, 1}, {21, 21}, {22, 65}, {333, 23}, {97, 101}};
	for (int mode = 0; mode < 2; mode++) {
		s = scanner_new(mode ? SCAN_VIDEO : SCAN_STILL);
		for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
			int w = shapes[i][0], h = shapes[i][1], stride = w + 3;
			unsigned char *img = malloc((size_t)stride * (size_t)h);
			for (size_t k = 0; img && k < (size_t)stride * (size_t)h; k++)
				img[k] = (unsigned char)((k * 2654435761u) >> 24);
			for (int f = 0; img && f < (mode ? 9 : 1); f++)
				CHECK(scanner_scan(s, img, w, h, stride, hits, MAXHITS) == 0, "%dx%d: not 0", w, h);
			free(img);
		}
		scanner_free(s);
	}
}

/* Stills: each condition read exactly, with a box around the code. */
static void test_still(unsigned char *frame, struct scan_hit *hits)
{
	scanner *s = scanner_new(SCAN_STILL);
	for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++) {
		char payload[39];
		struct synth_params p;
		unsigned seed = 100 + (unsigned)i;
		synth_payload("GL26", seed, payload);
		params(&p, &conds[i], payload, seed, 0);
		if (synth_frame(&p, frame) != 0) {
			CHECK(0, "cannot render '%s'", conds[i].name);
			continue;
		}
		int n = scanner_scan(s, frame, W, H, W, hits, MAXHITS);
		int k = has(hits, n, payload);
		CHECK(n == 1 && k == 0, "still '%s' (seed %u): %d hits, expected '%s'", conds[i].name, seed, n,
		      payload);
		if (k == 0) {
			int cx = (int)(p.cx * W), cy = (int)(p.cy * H);
			CHECK(hits[0].x <= cx && cx <= hits[0].x + hits[0].w && hits[0].y <= cy &&
			              cy <= hits[0].y + hits[0].h,
			      "still '%s': box %d,%d %dx%d misses the centre %d,%d", conds[i].name, hits[0].x,
			      hits[0].y, hits[0].w, hits[0].h, cx, cy);
			CHECK(scanner_last_pass(s) >= 0, "still '%s': no pass reported", conds[i].name);
			printf("ok still %-34s pass %d\n", conds[i].name, scanner_last_pass(s));
		}
	}
	scanner_free(s);
}

/* A frame inside a bigger buffer (stride > width), and no code at all. */
static void test_stride_and_empty(unsigned char *frame, struct scan_hit *hits)
{
	const int pad = 40, stride = W + pad;
	char payload[39];
	struct synth_params p;
	unsigned char *big = malloc((size_t)stride * H);
	scanner *s = scanner_new(SCAN_STILL);
	CHECK(big && s, "out of memory");
	if (!big || !s)
		goto out;
	synth_payload("GL26", 7, payload);
	params(&p, &conds[0], payload, 7, 0.2);
	synth_frame(&p, frame);
	memset(big, 0, (size_t)stride * H);
	for (int y = 0; y < H; y++)
		memcpy(big + (size_t)y * stride, frame + (size_t)y * W, W);
	int n = scanner_scan(s, big, W, H, stride, hits, MAXHITS);
	CHECK(n == 1 && has(hits, n, payload) == 0, "stride: %d hits", n);
	for (unsigned seed = 1; seed <= 3; seed++) {
		params(&p, NULL, NULL, seed, 0);
		synth_frame(&p, frame);
		n = scanner_scan(s, frame, W, H, W, hits, MAXHITS);
		CHECK(n == 0, "clutter without a code (seed %u): %d hits", seed, n);
	}
out:
	scanner_free(s);
	free(big);
}

/* A payload longer than a kiosk code, returned whole. */
static void test_long_payload(unsigned char *frame, struct scan_hit *hits)
{
	char text[1201];
	struct synth_params p;
	for (int i = 0; i < 1200; i++)
		text[i] = (char)('A' + i % 26);
	text[1200] = '\0';
	scanner *s = scanner_new(SCAN_STILL);
	struct cond c = {"long", 4, 0, 0, 1, 0, 0, 0};
	params(&p, &c, text, 9, 0);
	CHECK(synth_frame(&p, frame) == 0, "cannot render the long payload");
	int n = scanner_scan(s, frame, W, H, W, hits, MAXHITS);
	CHECK(n == 1 && has(hits, n, text) == 0, "long payload: %d hits", n);
	scanner_free(s);
}

/* Video: blank frames, then each condition held up for 17 frames (half a
 * second), at alternating places. Each code is reported once, within two
 * turns of the cascade (16 frames: small codes need the full-resolution
 * quarters, which take two turns to cover the frame). "Reported" is what
 * the kiosk's decoder passes on: the scanner's hits through the one repeat
 * policy (kiosk/debounce.c), on a frame clock of 30 fps, so the result is
 * the same on a fast or a loaded machine. */
#define FRAME_MS 33
static void test_video(unsigned char *frame, struct scan_hit *hits)
{
	scanner *s = scanner_new(SCAN_VIDEO);
	struct debounce deb;
	int64_t t = 0;
	debounce_init(&deb, DEBOUNCE_DEFAULT_MS);
	struct synth_params p;
	unsigned char *base = malloc((size_t)W * H);
	CHECK(s && base, "out of memory");
	if (!s || !base)
		goto out;
	for (unsigned f = 0; f < 6; f++) {
		params(&p, NULL, NULL, 50 + f / 3, 0);
		synth_frame(&p, frame);
		int n = scanner_scan(s, frame, W, H, W, hits, MAXHITS);
		CHECK(n == 0, "video: frame %u without a code gave %d hits", f, n);
	}
	for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++) {
		char payload[39];
		unsigned seed = 300 + (unsigned)i;
		int reported = 0, first = -1;
		synth_payload("GL26", seed, payload);
		for (int f = 0; f < 17; f++) {
			/* a fresh render every 6 frames, moved by 2 px per frame between */
			int shift = 2 * (f % 6);
			if (f % 6 == 0) {
				params(&p, &conds[i], payload, seed + (unsigned)f, (i % 2 ? 0.2 : -0.2));
				p.cy = i % 3 ? 0.4 : 0.6;
				p.angle += 0.5 * f;
				synth_frame(&p, base);
			}
			for (int y = 0; y < H; y++) {
				unsigned char *row = frame + (size_t)y * W;
				memcpy(row + shift, base + (size_t)y * W, (size_t)(W - shift));
				memset(row, base[(size_t)y * W], (size_t)shift);
			}
			int n = scanner_scan(s, frame, W, H, W, hits, MAXHITS);
			t += FRAME_MS;
			CHECK(n >= 0, "video: scan failed");
			for (int k = 0; k < n; k++) {
				CHECK(!strcmp(hits[k].text, payload), "video '%s': read '%s'", conds[i].name,
				      hits[k].text);
				if (debounce_accept(&deb, hits[k].text, t) && !strcmp(hits[k].text, payload)) {
					reported++;
					if (first < 0)
						first = f;
				}
			}
		}
		CHECK(reported == 1, "video '%s' (seed %u): reported %d times", conds[i].name, seed, reported);
		CHECK(first >= 0 && first < 16, "video '%s' (seed %u): first read at frame %d", conds[i].name,
		      seed, first);
		if (reported == 1)
			printf("ok video %-34s frame %d\n", conds[i].name, first);
	}
	/* The last code shown again within the window (the delegate lowered
	 * it for a moment) is not reported again; after the window has passed
	 * without a sighting (a delegate coming back), it is. */
	{
		size_t last = sizeof conds / sizeof conds[0] - 1;
		char payload[39];
		synth_payload("GL26", 300 + (unsigned)last, payload);
		params(&p, &conds[last], payload, 300 + (unsigned)last, -0.2);
		synth_frame(&p, frame);
		for (int round = 0; round < 2; round++) {
			int reported = 0, seen = 0;
			t += round == 0 ? DEBOUNCE_DEFAULT_MS / 2 : DEBOUNCE_DEFAULT_MS + 500;
			for (int f = 0; f < 17; f++) {
				int n = scanner_scan(s, frame, W, H, W, hits, MAXHITS);
				t += FRAME_MS;
				for (int k = 0; k < n; k++)
					if (!strcmp(hits[k].text, payload)) {
						seen++;
						reported += debounce_accept(&deb, hits[k].text, t);
					}
			}
			CHECK(seen > 0, "video: the code shown again was not read");
			CHECK(reported == round, "video: a code back after %s was reported %d times",
			      round ? "the window" : "half the window", reported);
		}
	}
out:
	free(base);
	scanner_free(s);
}

/* Video: one delegate keeps holding a code up while the next shows
 * theirs; the second code is read too, and the first not again. */
static void test_video_second_code(unsigned char *frame, struct scan_hit *hits)
{
	scanner *s = scanner_new(SCAN_VIDEO);
	struct debounce deb;
	debounce_init(&deb, DEBOUNCE_DEFAULT_MS);
	unsigned char *a = malloc((size_t)W * H), *b = malloc((size_t)W * H);
	char pa[39], pb[39];
	struct synth_params p;
	int got_a = 0, got_b = 0, first_b = -1;
	CHECK(s && a && b, "out of memory");
	if (!s || !a || !b)
		goto out;
	synth_payload("GL26", 901, pa);
	synth_payload("GL26", 902, pb);
	params(&p, &conds[0], pa, 901, -0.25);
	synth_frame(&p, a);
	params(&p, &conds[0], pb, 901, 0.25); /* same seed: same background */
	synth_frame(&p, b);
	for (int f = 0; f < 40; f++) {
		/* A alone for 8 frames, then A on the left and B on the right */
		for (int y = 0; y < H; y++) {
			memcpy(frame + (size_t)y * W, a + (size_t)y * W, W / 2);
			memcpy(frame + (size_t)y * W + W / 2, (f < 8 ? a : b) + (size_t)y * W + W / 2, W / 2);
		}
		int n = scanner_scan(s, frame, W, H, W, hits, MAXHITS);
		int64_t t = (int64_t)f * FRAME_MS;
		got_a += has(hits, n, pa) >= 0 && debounce_accept(&deb, pa, t);
		if (has(hits, n, pb) >= 0 && debounce_accept(&deb, pb, t)) {
			got_b++;
			if (first_b < 0)
				first_b = f - 8;
		}
	}
	CHECK(got_a == 1, "video, two codes: the first reported %d times", got_a);
	CHECK(got_b == 1 && first_b >= 0 && first_b < 24, "video, two codes: the second reported %d times, "
	      "first after %d frames", got_b, first_b);
	if (got_b == 1)
		printf("ok video second code while the first is held  frame %d\n", first_b);
out:
	free(a);
	free(b);
	scanner_free(s);
}

int main(void)
{
	unsigned char *frame = malloc((size_t)W * H);
	struct scan_hit *hits = calloc(MAXHITS, sizeof *hits);
	if (!frame || !hits) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	test_arguments(hits);
	test_still(frame, hits);
	test_stride_and_empty(frame, hits);
	test_long_payload(frame, hits);
	test_video(frame, hits);
	test_video_second_code(frame, hits);
	free(frame);
	free(hits);
	if (failures) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	printf("all scanner tests passed\n");
	return 0;
}
