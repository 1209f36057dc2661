/* decoder.c - the decoding thread and the repeat policy (see decoder.h).
 *
 * ZBar's own symbol cache is off (core/scan.c): it ran on ZBar's wall
 * clock, so whether a code held up was reported once or twice depended on
 * how fast frames were decoded. The one policy is debounce.c, fed with
 * each frame's capture time. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "checkin/i18n.h"
#include "checkin/scan.h"
#include "debounce.h"
#include "decoder.h"

#define DECODER_HITS_MAX 4

struct decoder {
	struct framebox *frames;
	void (*emit)(void *ctx, const char *payload, enum checkin_method m, int64_t captured_ms);
	void *ctx;
	pthread_mutex_t lock;  /* guards deb: offered lines come from another thread */
	struct debounce deb;
	pthread_t thread;
	int have_thread;
};

void decoder_offer(decoder *d, const char *payload, enum checkin_method m, int64_t captured_ms)
{
	pthread_mutex_lock(&d->lock);
	int fresh = debounce_accept(&d->deb, payload, captured_ms);
	pthread_mutex_unlock(&d->lock);
	if (fresh)
		d->emit(d->ctx, payload, m, captured_ms);
}

static void *decoder_main(void *arg)
{
	decoder *d = arg;
	scanner *sc = scanner_new(SCAN_VIDEO);
	struct scan_hit *hits = calloc(DECODER_HITS_MAX, sizeof *hits);
	struct frame *f;
	if (!sc || !hits) {
		fprintf(stderr, _("checkin-kiosk: hết bộ nhớ, không đọc được mã từ camera\n"));
		goto out;
	}
	while ((f = framebox_take(d->frames, 1))) {
		int n = scanner_scan(sc, f->gray, f->width, f->height, f->width, hits, DECODER_HITS_MAX);
		for (int i = 0; i < n; i++)
			decoder_offer(d, hits[i].text, METHOD_CAMERA, f->captured_ms);
		frame_unref(f);
		/* after the hits are queued: a box that looks idle has nothing in flight */
		framebox_done(d->frames);
	}
out:
	free(hits);
	scanner_free(sc);
	return NULL;
}

int decoder_start(decoder **out, const struct decoder_config *cfg, ck_err *err)
{
	decoder *d = calloc(1, sizeof *d);
	*out = NULL;
	if (!d)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	d->frames = cfg->frames;
	d->emit = cfg->emit;
	d->ctx = cfg->ctx;
	pthread_mutex_init(&d->lock, NULL);
	debounce_init(&d->deb, cfg->repeat_ms);
	if (d->frames) {
		if (pthread_create(&d->thread, NULL, decoder_main, d)) {
			decoder_stop(d);
			return ck_fail(err, CK_INTERNAL, _("không khởi động được luồng đọc mã"));
		}
		d->have_thread = 1;
	}
	*out = d;
	return 0;
}

void decoder_stop(decoder *d)
{
	if (!d)
		return;
	if (d->have_thread)
		pthread_join(d->thread, NULL);
	pthread_mutex_destroy(&d->lock);
	free(d);
}
