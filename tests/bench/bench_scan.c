/* bench_scan.c - read rate and speed of the scanner, beside plain ZBar.
 *
 *   bench_scan [--mode still|video|plain|plain-inv] [--density N] [--passes N] [--expect]
 *              [--quiet] [--label NAME] IMAGE...
 *
 * still      core's scanner in SCAN_STILL mode, a fresh look at each image
 * video      core's scanner in SCAN_VIDEO mode; the images are consecutive
 *            frames of one stream (the cascade and the look around the
 *            last code carry over)
 * plain      ZBar as it comes: QR only, density 1
 * plain-inv  the same with ZBAR_CFG_TEST_INVERTED
 * --density  plain ZBar scans every Nth row and column (default 1)
 * --passes   video: cycle passes a frame may get (scanner_set_passes, default 1)
 *
 * Prints one line per image: IMAGE, result, CPU ms of the decoding (file
 * loading is not counted) and the payload. With --expect, the payload is
 * compared byte for byte with the N.txt beside N.png and the result is
 * ok / wrong / miss; an empty N.txt means "no code here" and the result is
 * none / false. The last line is machine-readable:
 *   SUMMARY <label> <read> <total> <median ms> <p95 ms> <mean ms> <clips read>
 *           <clips> <false reads>
 * "read" counts exact matches among images with a code (--expect), else
 * images with a hit. A clip is a run of consecutive images showing the same
 * code: "clips read" (a clip whose code was read on at least one frame) is
 * the video figure that counts; the kiosk greets a held code once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zbar.h>
#include "img_gray.h"
#include "checkin/scan.h"

#define MAX_HITS 8
#define EXPECT_MAX SCAN_TEXT_MAX

enum mode { M_STILL, M_VIDEO, M_PLAIN, M_PLAIN_INV };

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Percentile q (0..1) of sorted v[0..n), nearest rank. */
static double pct(const double *v, size_t n, double q)
{
	if (n == 0)
		return 0;
	size_t i = (size_t)(q * (double)n + 0.999999);
	if (i < 1)
		i = 1;
	if (i > n)
		i = n;
	return v[i - 1];
}

/* The expected text: N.txt beside N.png. Returns its length or -1. */
static long read_expected(const char *image, char *buf, size_t cap)
{
	char path[4096];
	const char *dot = strrchr(image, '.');
	size_t stem = dot ? (size_t)(dot - image) : strlen(image);
	if (stem + 5 > sizeof path)
		return -1;
	memcpy(path, image, stem);
	strcpy(path + stem, ".txt");
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, cap - 1, f);
	fclose(f);
	buf[n] = '\0';
	return (long)n;
}

/* Plain ZBar on one frame; hits as core's scanner would give them. */
static int plain_scan(zbar_image_scanner_t *zs, const unsigned char *gray, int w, int h,
                      struct scan_hit *hits, int max)
{
	int n = 0;
	zbar_image_t *img = zbar_image_create();
	if (!img)
		return -1;
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)w, (unsigned)h);
	zbar_image_set_data(img, gray, (unsigned long)w * (unsigned long)h, NULL);
	if (zbar_scan_image(zs, img) < 0) {
		zbar_image_destroy(img);
		return -1;
	}
	for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s && n < max; s = zbar_symbol_next(s)) {
		unsigned len = zbar_symbol_get_data_length(s);
		if (len >= SCAN_TEXT_MAX)
			continue;
		memcpy(hits[n].text, zbar_symbol_get_data(s), len);
		hits[n].text[len] = '\0';
		hits[n].x = hits[n].y = hits[n].w = hits[n].h = 0;
		n++;
	}
	zbar_image_destroy(img);
	return n;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_scan [--mode still|video|plain|plain-inv] [--density N] [--expect] "
	                "[--passes N] [--quiet] [--label NAME] IMAGE...\n");
}

int main(int argc, char **argv)
{
	enum mode mode = M_STILL;
	int expect = 0, quiet = 0, rc = 1, first = 1, density = 1, passes = 1;
	const char *label = NULL;
	scanner *sc = NULL;
	zbar_image_scanner_t *zs = NULL;
	double *times = NULL;
	size_t ntimes = 0;
	struct scan_hit *hits = NULL;
	char *want = NULL;
	long read = 0, total = 0, clips = 0, clips_read = 0, falses = 0;
	int in_clip = 0, clip_read = 0;
	char *clip_text = NULL;

	for (; first < argc && argv[first][0] == '-'; first++) {
		const char *a = argv[first];
		if (!strcmp(a, "--expect"))
			expect = 1;
		else if (!strcmp(a, "--quiet"))
			quiet = 1;
		else if (!strcmp(a, "--density") && first + 1 < argc) {
			density = atoi(argv[++first]);
			if (density < 1 || density > 8) {
				fprintf(stderr, "error: density '%s' is not 1..8\n", argv[first]);
				return 2;
			}
		} else if (!strcmp(a, "--passes") && first + 1 < argc) {
			passes = atoi(argv[++first]);
			if (passes < 1 || passes > SCAN_PASSES_MAX) {
				fprintf(stderr, "error: passes '%s' is not 1..%d\n", argv[first], SCAN_PASSES_MAX);
				return 2;
			}
		} else if (!strcmp(a, "--label") && first + 1 < argc)
			label = argv[++first];
		else if (!strcmp(a, "--mode") && first + 1 < argc) {
			const char *m = argv[++first];
			if (!strcmp(m, "still"))
				mode = M_STILL;
			else if (!strcmp(m, "video"))
				mode = M_VIDEO;
			else if (!strcmp(m, "plain"))
				mode = M_PLAIN;
			else if (!strcmp(m, "plain-inv"))
				mode = M_PLAIN_INV;
			else {
				fprintf(stderr, "error: unknown mode '%s'\n", m);
				usage();
				return 2;
			}
		} else {
			fprintf(stderr, "error: unknown option '%s'\n", a);
			usage();
			return 2;
		}
	}
	if (first >= argc) {
		usage();
		return 2;
	}
	if (!label)
		label = mode == M_STILL ? "still" : mode == M_VIDEO ? "video" : mode == M_PLAIN ? "plain" : "plain-inv";

	hits = calloc(MAX_HITS, sizeof *hits);
	want = malloc(EXPECT_MAX);
	clip_text = malloc(EXPECT_MAX);
	times = calloc((size_t)(argc - first), sizeof *times);
	if (!hits || !want || !clip_text || !times) {
		fprintf(stderr, "error: out of memory\n");
		goto out;
	}
	if (mode == M_STILL || mode == M_VIDEO) {
		sc = scanner_new(mode == M_STILL ? SCAN_STILL : SCAN_VIDEO);
		if (!sc) {
			fprintf(stderr, "error: cannot make a scanner\n");
			goto out;
		}
		scanner_set_passes(sc, passes);
	} else {
		zs = zbar_image_scanner_create();
		if (!zs) {
			fprintf(stderr, "error: cannot make a zbar scanner\n");
			goto out;
		}
		zbar_image_scanner_set_config(zs, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
		zbar_image_scanner_set_config(zs, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
		zbar_image_scanner_set_config(zs, ZBAR_NONE, ZBAR_CFG_X_DENSITY, density);
		zbar_image_scanner_set_config(zs, ZBAR_NONE, ZBAR_CFG_Y_DENSITY, density);
		if (mode == M_PLAIN_INV)
			zbar_image_scanner_set_config(zs, ZBAR_NONE, ZBAR_CFG_TEST_INVERTED, 1);
	}

	for (int i = first; i < argc; i++) {
		char err[512];
		int w, h, n;
		unsigned char *gray = img_gray_load(argv[i], &w, &h, err, sizeof err);
		if (!gray) {
			fprintf(stderr, "error: %s\n", err);
			goto out;
		}
		double t0 = cpu_ms();
		if (sc)
			n = scanner_scan(sc, gray, w, h, w, hits, MAX_HITS);
		else
			n = plain_scan(zs, gray, w, h, hits, MAX_HITS);
		double dt = cpu_ms() - t0;
		free(gray);
		if (n < 0) {
			fprintf(stderr, "error: scanning '%s' failed\n", argv[i]);
			goto out;
		}
		times[ntimes++] = dt;
		total++;
		const char *result = n > 0 ? "hit" : "miss";
		if (expect) {
			long len = read_expected(argv[i], want, EXPECT_MAX);
			if (len < 0) {
				fprintf(stderr, "error: no expected text for '%s'\n", argv[i]);
				goto out;
			}
			if (len == 0) {
				/* a frame without a code: anything read is false */
				result = n > 0 ? "false" : "none";
				falses += n > 0;
				total--;
				in_clip = 0;
			} else {
				result = n > 0 ? "wrong" : "miss";
				for (int k = 0; k < n; k++)
					if (strlen(hits[k].text) == (size_t)len && !memcmp(hits[k].text, want, (size_t)len))
						result = "ok";
				if (n > 0 && strcmp(result, "ok"))
					falses++;
				/* a clip: consecutive frames showing the same code */
				if (!in_clip || strcmp(clip_text, want) != 0) {
					clips++;
					clip_read = 0;
					in_clip = 1;
					memcpy(clip_text, want, (size_t)len + 1);
				}
				if (!strcmp(result, "ok")) {
					read++;
					if (!clip_read)
						clips_read++;
					clip_read = 1;
				}
			}
		} else if (n > 0) {
			read++;
		}
		if (!quiet) {
			printf("%s\t%s\t%.2f\t%d", argv[i], result, dt, sc ? scanner_last_pass(sc) : -1);
			for (int k = 0; k < n; k++)
				printf("\t%s", hits[k].text);
			printf("\n");
		}
	}
	qsort(times, ntimes, sizeof *times, cmp_double);
	double sum = 0;
	for (size_t i = 0; i < ntimes; i++)
		sum += times[i];
	printf("SUMMARY\t%s\t%ld\t%ld\t%.2f\t%.2f\t%.2f\t%ld\t%ld\t%ld\n", label, read, total,
	       pct(times, ntimes, 0.5), pct(times, ntimes, 0.95), ntimes ? sum / (double)ntimes : 0.0,
	       clips_read, clips, falses);
	rc = 0;
out:
	scanner_free(sc);
	if (zs)
		zbar_image_scanner_destroy(zs);
	free(times);
	free(want);
	free(clip_text);
	free(hits);
	return rc;
}
