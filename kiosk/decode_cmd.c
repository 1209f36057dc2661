/* decode_cmd.c - the 'decode' subcommand (see decode_cmd.h). */
#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include "checkin/i18n.h"
#include "checkin/scan.h"
#include "decode_cmd.h"
#include "frame.h"
#include "frames.h"

#define DECODE_HITS_MAX 16

int decode_main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, _("cách dùng: checkin-kiosk decode IMAGE...\n"));
		return 2;
	}
	scanner *sc = scanner_new(SCAN_STILL);
	struct scan_hit *hits = calloc(DECODE_HITS_MAX, sizeof *hits);
	int rc = 0;
	if (!sc || !hits) {
		fprintf(stderr, _("lỗi: hết bộ nhớ\n"));
		rc = 1;
		goto out;
	}
	for (int i = 1; i < argc; i++) {
		struct frame *f;
		ck_err err;
		if (frame_load_image(argv[i], &f, &err) < 0) {
			fprintf(stderr, _("lỗi: %s\n"), err.msg);
			rc = 1;
			continue;
		}
		int n = scanner_scan(sc, f->gray, f->width, f->height, f->width, hits, DECODE_HITS_MAX);
		for (int k = 0; k < n; k++)
			printf("%s\t%s\n", argv[i], hits[k].text);
		if (n <= 0)
			rc = 1;
		frame_unref(f);
	}
	fflush(stdout);
out:
	free(hits);
	scanner_free(sc);
	IMG_Quit();
	SDL_Quit();
	return rc;
}
