/* bench_invitations.c - how long the sample's invitations take to render.
 *
 * Reads the sample roster and event, gives every delegate a fresh code and
 * times, in this process: the renderer set-up (fonts), the PDF in each
 * layout and one phone PNG per delegate, each the best and mean of 3
 * runs. Output goes to anonymous temporary files, so the disk is in the
 * figures. The goals, on the 2-core box: under 1.5 s for the PDF of all
 * 230, and the 230 PNGs in under 5 times the A5 PDF of the same run
 * (issue 15); the last line compares the two.
 *
 * Usage: bench_invitations [ROSTER.csv [EVENT.ini [ASSETS_DIR]]]
 * (the assets default to the core's assets_dir(): $CHECKIN_ASSETS or the
 * source tree's). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "invitation.h"
#include "checkin/assets.h"
#include "checkin/roster.h"

#define RUNS 3

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = 0;
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	const char *roster_path = argc > 1 ? argv[1] : CHECKIN_SOURCE_DIR "/data/roster-sample.csv";
	const char *event_path = argc > 2 ? argv[2] : CHECKIN_SOURCE_DIR "/data/event.ini";
	const char *assets = argc > 3 ? argv[3] : assets_dir();
	struct event ev = {0};
	struct roster ro = {0};
	struct delegate *v = NULL;
	char (*codes)[CODE_LEN + 1] = NULL;
	unsigned char key[CODE_KEYLEN];
	inv_renderer *r = NULL;
	ck_err err;
	size_t len = 0, n;
	int rc = 1;

	char *csv = slurp(roster_path, &len);
	if (!csv) {
		fprintf(stderr, "error: cannot read '%s'\n", roster_path);
		return 1;
	}
	if (event_load(event_path, &ev, &err) < 0 || roster_parse(csv, len, &ro, &err) < 0) {
		fprintf(stderr, "error: %s\n", err.msg);
		goto out;
	}
	n = ro.nrows;
	v = calloc(n ? n : 1, sizeof *v);
	codes = calloc(n ? n : 1, sizeof *codes);
	if (!v || !codes) {
		fprintf(stderr, "error: out of memory\n");
		goto out;
	}
	code_keygen(key, NULL);
	for (size_t i = 0; i < n; i++) {
		v[i] = ro.rows[i].d; /* borrowed strings; ro owns them */
		if (!v[i].id)
			v[i].id = (int64_t)i + 1;
		code_generate(key, ev.tag ? ev.tag : "GL23", codes[i], NULL);
		v[i].code = codes[i];
	}

	double t0 = now_s();
	if (inv_renderer_new(&ev, assets, &r, &err) < 0) {
		fprintf(stderr, "error: %s\n", err.msg);
		goto out;
	}
	printf("invitations: %zu delegates from %s\n", n, roster_path);
	printf("%-22s %8.3f s\n", "renderer set-up", now_s() - t0);

	const enum inv_layout ls[] = {INV_A5, INV_A4_2, INV_A6_4};
	double pdf_a5 = 0;
	for (int li = 0; li < 3; li++) {
		double best = 1e9, sum = 0;
		long bytes = 0;
		for (int run = 0; run < RUNS; run++) {
			FILE *fp = tmpfile();
			double t = now_s();
			if (!fp || inv_render_pdf(r, fp, ls[li], v, n, NULL, NULL, &err) < 0 || fflush(fp) != 0) {
				fprintf(stderr, "error: %s\n", fp ? err.msg : "cannot make a temporary file");
				if (fp)
					fclose(fp);
				goto out;
			}
			t = now_s() - t;
			bytes = ftell(fp);
			fclose(fp);
			best = t < best ? t : best;
			sum += t;
		}
		char label[64];
		snprintf(label, sizeof label, "PDF %s", inv_layout_name(ls[li]));
		if (ls[li] == INV_A5)
			pdf_a5 = best;
		printf("%-22s %8.3f s best, %.3f s mean of %d (%zu pages, %.1f MB)%s\n", label, best, sum / RUNS, RUNS,
		       inv_sheet_count(ls[li], n), bytes / 1e6,
		       ls[li] == INV_A5 ? (best < 1.5 ? "  [goal < 1.5 s: met]" : "  [goal < 1.5 s: MISSED]") : "");
	}

	double best = 1e9, sum = 0;
	long png_bytes = 0;
	for (int run = 0; run < RUNS; run++) {
		double t = now_s();
		png_bytes = 0;
		for (size_t i = 0; i < n; i++) {
			FILE *fp = tmpfile();
			if (!fp || inv_render_png(r, fp, &v[i], &err) < 0 || fflush(fp) != 0) {
				fprintf(stderr, "error: %s\n", fp ? err.msg : "cannot make a temporary file");
				if (fp)
					fclose(fp);
				goto out;
			}
			png_bytes += ftell(fp);
			fclose(fp);
		}
		t = now_s() - t;
		best = t < best ? t : best;
		sum += t;
	}
	printf("%-22s %8.3f s best, %.3f s mean of %d (%.1f ms each, %.0f KB each, %dx%d)\n", "PNG (phones)", best,
	       sum / RUNS, RUNS, n ? 1000 * best / n : 0, n ? png_bytes / 1024.0 / n : 0, INV_PNG_WIDTH,
	       INV_PNG_HEIGHT);
	if (pdf_a5 > 0)
		printf("%-22s %8.1f x  (PNG best %.3f s / PDF a5 best %.3f s, this run)  [goal < 5: %s]\n", "PNG / PDF a5",
		       best / pdf_a5, best, pdf_a5, best < 5 * pdf_a5 ? "met" : "MISSED");
	rc = 0;
out:
	inv_renderer_free(r);
	free(v);
	free(codes);
	roster_release(&ro);
	event_release(&ev);
	free(csv);
	return rc;
}
