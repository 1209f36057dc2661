/* decoder.h - from camera frames and scanner lines to fresh payloads.
 *
 * The decoder owns the QR scanner (core/scan.h) and its thread, which
 * takes frames from a framebox, and the door's single repeat policy
 * (debounce.h): a payload seen again within repeat_ms of its previous
 * sighting is not passed on, whether it came from the camera or from a
 * USB scanner. Time is the input's own capture time (monotonic ms), never
 * the decoder's clock, so what is passed on does not depend on how fast
 * the machine decodes. Fresh payloads go to the emit callback (the
 * station's queue). */
#ifndef KIOSK_DECODER_H
#define KIOSK_DECODER_H

#include <stdint.h>
#include "checkin/delegate.h"
#include "checkin/error.h"
#include "frame.h"

typedef struct decoder decoder;

struct decoder_config {
	struct framebox *frames;   /* camera frames to decode; NULL: scanner lines only */
	int64_t repeat_ms;         /* the repeat window (DEBOUNCE_DEFAULT_MS) */
	/* A fresh payload; called from the decoder's thread or from the
	 * thread calling decoder_offer. */
	void (*emit)(void *ctx, const char *payload, enum checkin_method m, int64_t captured_ms);
	void *ctx;
};

/* Start the decoder (and its thread when cfg->frames is set, after a
 * warm-up of its scanner on a QR code of its own). Stop it with
 * decoder_stop(). */
int decoder_start(decoder **out, const struct decoder_config *cfg, ck_err *err);
/* Close cfg->frames first so that the thread wakes up; frees d. */
void decoder_stop(decoder *d);

/* A payload read some other way (a USB scanner's line), captured at
 * captured_ms: passed on unless it is a repeat. Any thread. */
void decoder_offer(decoder *d, const char *payload, enum checkin_method m, int64_t captured_ms);

/* How long the scanner's warm-up took (0 without frames); *read (may be
 * NULL) says whether it read its own code. */
int64_t decoder_warm_ms(const decoder *d, int *read);

#endif
