/* make_frames.c - write the mixed frame set for the frame benchmark.
 *
 *   make_frames OUTDIR
 *   make_frames --replay CODES.txt N OUTDIR
 *
 * Writes OUTDIR/720/NNNN.png (1280x720) and OUTDIR/1080/NNNN.png
 * (1920x1080), each a stream of 6-frame clips as a camera would see them:
 * no code at all, or one code held up (moving a little from frame to frame)
 * under one bad condition - small, turned, tilted, blurred, 40 % contrast,
 * inverted, on a phone screen. Beside each frame, NNNN.txt holds the
 * payload (empty when there is no code). Deterministic: the same frames on
 * every machine, so nothing big is committed.
 *
 * --replay writes a kiosk replay into OUTDIR/NNNNN.jpg (1280x720): for
 * each of the first N codes of CODES.txt (one payload a line), 4 frames of
 * the room without a code, then 8 of the code held up, turning through the
 * conditions of the issue (printed, phone screen, tilted, inverted, 40 %
 * contrast and blurred, small).
 *
 * --replay10 writes the same scenes as PNG (OUTDIR/NNNNN.png), 5 frames of
 * the room and 5 of the code: at 10 fps each code is held up for 0.5 s
 * (issue 15's replay). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "img_gray.h"
#include "synth.h"

#define CLIP_FRAMES 6

struct clip {
	int code;
	double module_px, angle, tilt, contrast, blur;
	int invert, screen;
};

static const struct clip clips[] = {
	{0, 0, 0, 0, 1, 0, 0, 0},
	{1, 5.0, 0, 0, 1, 0, 0, 0},
	{1, 3.0, 12, 0, 1, 0.6, 0, 0},
	{0, 0, 0, 0, 1, 1, 0, 0},
	{1, 6.0, -8, 0, 1, 0, 0, 1},
	{1, 4.0, 5, 0, 0.4, 1, 0, 0},
	{0, 0, 0, 0, 0.6, 0, 0, 0},
	{1, 5.0, 0, 0, 1, 0, 1, 0},
	{1, 5.0, 10, 45, 1, 0, 0, 0},
	{1, 4.5, 45, 0, 1, 0, 0, 0},
	{0, 0, 0, 0, 1, 0, 0, 0},
	{1, 7.0, -20, 20, 0.6, 2, 0, 0},
	{1, 8.0, 30, 0, 1, 0, 0, 1},
	{1, 2.5, 0, 0, 1, 0, 0, 0},
	{0, 0, 0, 0, 1, 2, 0, 0},
	{1, 10.0, 3, 15, 0.5, 1, 1, 0},
};

static int write_set(const char *dir, int w, int h, unsigned seed0)
{
	int rc = -1, frame = 0;
	unsigned char *gray = malloc((size_t)w * (size_t)h);
	if (!gray)
		return -1;
	for (size_t c = 0; c < sizeof clips / sizeof clips[0]; c++) {
		const struct clip *k = &clips[c];
		char payload[39];
		synth_payload("GL26", seed0 + (unsigned)c, payload);
		for (int f = 0; f < CLIP_FRAMES; f++, frame++) {
			struct synth_params p = {
				.width = w, .height = h, .payload = k->code ? payload : NULL,
				.module_px = k->module_px * h / 720.0,
				.cx = 0.45 + 0.01 * f + 0.02 * (double)(c % 3), .cy = 0.5 - 0.006 * f,
				.angle = k->angle + 0.7 * f, .tilt = k->tilt, .contrast = k->contrast,
				.blur = k->blur, .noise = 6, .invert = k->invert, .screen = k->screen,
				.seed = seed0 * 1000 + (unsigned)c * 10 + (unsigned)(f / 3),
			};
			char path[4096], err[512];
			if (synth_frame(&p, gray) != 0) {
				fprintf(stderr, "error: cannot render frame %d\n", frame);
				goto out;
			}
			snprintf(path, sizeof path, "%s/%04d.png", dir, frame);
			if (img_gray_save_png(path, gray, w, h, err, sizeof err) != 0) {
				fprintf(stderr, "error: %s\n", err);
				goto out;
			}
			snprintf(path, sizeof path, "%s/%04d.txt", dir, frame);
			FILE *t = fopen(path, "wb");
			if (!t || (k->code && fputs(payload, t) == EOF) || fclose(t) != 0) {
				fprintf(stderr, "error: cannot write '%s': %s\n", path, strerror(errno));
				goto out;
			}
		}
	}
	rc = 0;
out:
	free(gray);
	return rc;
}

static const struct clip replay_clips[] = {
	{1, 5.0, 3, 0, 1, 0, 0, 0},
	{1, 6.0, -5, 0, 1, 0, 0, 1},
	{1, 5.5, 10, 30, 1, 0.6, 0, 0},
	{1, 5.0, 0, 0, 1, 0, 1, 0},
	{1, 5.0, -8, 0, 0.4, 1, 0, 0},
	{1, 3.5, 20, 0, 1, 0, 0, 0},
};

/* One render per clip, moved 3 px per frame: cheap, and like a hand. */
static int write_replay(const char *codes, long n, const char *dir, int png)
{
	const int room = png ? 5 : 4, held = png ? 5 : 8;
	const int w = 1280, h = 720;
	int rc = -1, frame = 0;
	char line[256];
	unsigned char *base = malloc((size_t)w * h), *out = malloc((size_t)w * h);
	FILE *f = fopen(codes, "r");
	if (!base || !out || !f) {
		fprintf(stderr, "error: cannot read '%s': %s\n", codes, f ? "out of memory" : strerror(errno));
		goto out;
	}
	for (long i = 0; i < n && fgets(line, sizeof line, f); i++) {
		line[strcspn(line, "\r\n")] = '\0';
		const struct clip *k = &replay_clips[i % (long)(sizeof replay_clips / sizeof replay_clips[0])];
		for (int part = 0; part < 2; part++) {
			struct synth_params p = {
				.width = w, .height = h, .payload = part ? line : NULL,
				.module_px = k->module_px, .cx = 0.4 + 0.05 * (double)(i % 4), .cy = 0.5,
				.angle = k->angle, .tilt = k->tilt, .contrast = part ? k->contrast : 1,
				.blur = part ? k->blur : 0, .noise = 4, .invert = k->invert, .screen = k->screen,
				.seed = 7000 + (unsigned)i,
			};
			if (synth_frame(&p, base) != 0) {
				fprintf(stderr, "error: cannot render a frame for '%s'\n", line);
				goto out;
			}
			for (int j = 0; j < (part ? held : room); j++, frame++) {
				char path[4096], err[512];
				int shift = 3 * j;
				for (int y = 0; y < h; y++) {
					memcpy(out + (size_t)y * w + shift, base + (size_t)y * w, (size_t)(w - shift));
					memset(out + (size_t)y * w, base[(size_t)y * w], (size_t)shift);
				}
				snprintf(path, sizeof path, "%s/%05d.%s", dir, frame, png ? "png" : "jpg");
				if ((png ? img_gray_save_png(path, out, w, h, err, sizeof err)
				         : img_gray_save_jpg(path, out, w, h, err, sizeof err)) != 0) {
					fprintf(stderr, "error: %s\n", err);
					goto out;
				}
			}
		}
	}
	rc = 0;
out:
	if (f)
		fclose(f);
	free(base);
	free(out);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 5 && (!strcmp(argv[1], "--replay") || !strcmp(argv[1], "--replay10"))) {
		if (mkdir(argv[4], 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "error: cannot make '%s': %s\n", argv[4], strerror(errno));
			return 1;
		}
		return write_replay(argv[2], atol(argv[3]), argv[4], !strcmp(argv[1], "--replay10")) == 0 ? 0 : 1;
	}
	char d720[4096], d1080[4096];
	if (argc != 2) {
		fprintf(stderr, "usage: make_frames OUTDIR\n       make_frames --replay|--replay10 CODES.txt N OUTDIR\n");
		return 2;
	}
	snprintf(d720, sizeof d720, "%s/720", argv[1]);
	snprintf(d1080, sizeof d1080, "%s/1080", argv[1]);
	if ((mkdir(argv[1], 0777) != 0 && errno != EEXIST) || (mkdir(d720, 0777) != 0 && errno != EEXIST) ||
	    (mkdir(d1080, 0777) != 0 && errno != EEXIST)) {
		fprintf(stderr, "error: cannot make '%s': %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (write_set(d720, 1280, 720, 1) != 0 || write_set(d1080, 1920, 1080, 2) != 0)
		return 1;
	return 0;
}
