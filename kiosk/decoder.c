/* decoder.c - the decoding thread and the repeat policy (see decoder.h).
 *
 * ZBar's own symbol cache is off (core/scan.c): it ran on ZBar's wall
 * clock, so whether a code held up was reported once or twice depended on
 * how fast frames were decoded. The one policy is debounce.c, fed with
 * each frame's capture time.
 *
 * Work per frame follows the camera's frame rate (the source's nominal
 * one, or measured from the frames' sequence numbers and capture times, so
 * that a slow decoder that makes the camera drop frames does not give
 * itself more to do): about DECODER_PASSES_PER_S scanner passes a second,
 * one a frame at 30 fps and three at 10 fps, but never more than fit in
 * half the interval at the pace the last frames were decoded (a slow or
 * busy machine gets fewer). At 10 fps one pass a frame read a third of the
 * codes held up only on their second to fourth frame, 100-300 ms late.
 *
 * The scanner is warmed before the thread starts: it decodes a QR code
 * drawn here (libqrencode) through each pass of its cycle, so that the
 * first delegate's frame does not pay for ZBar's first use and the
 * scanner's buffers. */
#include <pthread.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "checkin/clock.h"
#include "checkin/i18n.h"
#include "checkin/scan.h"
#include "debounce.h"
#include "decoder.h"

#define DECODER_HITS_MAX 4
#define DECODER_PASSES_PER_S 30
#define WARM_W 1280          /* the usual camera frame */
#define WARM_H 720
#define WARM_MODULE_PX 5
/* In the invitations' alphabet ([0-9A-Z], QR alphanumeric mode), so the
 * warm-up takes the path a real code takes (a byte-mode text would send
 * ZBar through its charset guessing instead). */
#define WARM_TEXT "CHECKINKIOSKWARMUP"
#define WARM_FRAMES 8        /* one turn of the scanner's cycle of passes */

struct decoder {
	struct framebox *frames;
	void (*emit)(void *ctx, const char *payload, enum checkin_method m, int64_t captured_ms);
	void *ctx;
	pthread_mutex_t lock;  /* guards deb: offered lines come from another thread */
	struct debounce deb;
	scanner *sc;           /* made and warmed by decoder_start, then the thread's */
	int64_t warm_ms;
	int warm_read;
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

/* Passes a frame may get: the interval between frames (ms) times
 * DECODER_PASSES_PER_S, rounded, at most what fits in half the interval
 * at pass_us (the recent wall time of one pass), 1..3. */
static int passes_for(int64_t interval_ms, int64_t pass_us)
{
	if (interval_ms <= 0)
		return 1;
	int64_t n = (interval_ms * DECODER_PASSES_PER_S + 500) / 1000;
	if (pass_us > 0 && n > interval_ms * 1000 / 2 / pass_us)
		n = interval_ms * 1000 / 2 / pass_us;
	return n < 1 ? 1 : n > 3 ? 3 : (int)n;
}

static void *decoder_main(void *arg)
{
	decoder *d = arg;
	scanner *sc = d->sc;
	struct scan_hit *hits = calloc(DECODER_HITS_MAX, sizeof *hits);
	struct frame *f;
	int64_t last_ms = 0, interval = 0, pass_us = 0;
	unsigned last_seq = 0;
	int passes = 1;
	if (!hits) {
		fprintf(stderr, _("checkin-kiosk: hết bộ nhớ, không đọc được mã từ camera\n"));
		goto out;
	}
	while ((f = framebox_take(d->frames, 1))) {
		if (f->period_ms > 0)
			interval = f->period_ms;
		else if (last_seq && f->seq > last_seq)
			interval = (f->captured_ms - last_ms) / (f->seq - last_seq);
		last_ms = f->captured_ms;
		last_seq = f->seq;
		passes = passes_for(interval, pass_us);
		scanner_set_passes(sc, passes);
		int64_t t0 = clock_mono_us();
		int n = scanner_scan(sc, f->gray, f->width, f->height, f->width, hits, DECODER_HITS_MAX);
		if (n == 0) { /* every pass ran: a pass's wall time, averaged over the last frames */
			int64_t per = (clock_mono_us() - t0) / passes;
			pass_us = pass_us ? (3 * pass_us + per) / 4 : per;
		}
		for (int i = 0; i < n; i++)
			decoder_offer(d, hits[i].text, METHOD_CAMERA, f->captured_ms);
		frame_unref(f);
		/* after the hits are queued: a box that looks idle has nothing in flight */
		framebox_done(d->frames);
	}
out:
	free(hits);
	return NULL;
}

/* A grey frame with a dark-on-light QR code in the middle, or NULL. */
static unsigned char *warm_frame(void)
{
	QRcode *q = QRcode_encodeString(WARM_TEXT, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	unsigned char *g = q ? malloc((size_t)WARM_W * WARM_H) : NULL;
	if (g) {
		memset(g, 200, (size_t)WARM_W * WARM_H);
		int side = q->width * WARM_MODULE_PX, x0 = (WARM_W - side) / 2, y0 = (WARM_H - side) / 2;
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++)
				if (q->data[(y / WARM_MODULE_PX) * q->width + x / WARM_MODULE_PX] & 1)
					g[(size_t)(y0 + y) * WARM_W + x0 + x] = 30;
	}
	QRcode_free(q);
	return g;
}

/* Scan the warm-up frame through one turn of the cycle; 1 when the code
 * was read on the first frame. The scanner then forgets it was ever seen. */
static int warm(scanner *sc)
{
	unsigned char *g = warm_frame();
	struct scan_hit *hits = calloc(DECODER_HITS_MAX, sizeof *hits);
	int read = 0;
	if (g && hits)
		for (int i = 0; i < WARM_FRAMES; i++) {
			int n = scanner_scan(sc, g, WARM_W, WARM_H, WARM_W, hits, DECODER_HITS_MAX);
			if (i == 0)
				read = n > 0 && !strcmp(hits[0].text, WARM_TEXT);
		}
	scanner_reset(sc);
	free(hits);
	free(g);
	return read;
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
		int64_t t0 = clock_mono_ms();
		if (!(d->sc = scanner_new(SCAN_VIDEO))) {
			decoder_stop(d);
			return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		}
		d->warm_read = warm(d->sc);
		d->warm_ms = clock_mono_ms() - t0;
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
	scanner_free(d->sc);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

int64_t decoder_warm_ms(const decoder *d, int *read)
{
	if (read)
		*read = d->warm_read;
	return d->warm_ms;
}
