/* frame.h - camera frames shared between threads, and the one-slot
 * mailboxes that carry them.
 *
 * A source (camera.c, frames.c) makes a frame and puts it into two boxes:
 * one for the decoder (decoder.c) and one for the preview (main.c). Frames
 * are reference counted; whoever holds a reference drops it with
 * frame_unref(), and the last one frees it. A box holds at most one frame:
 * framebox_put() replaces an unread one (a live camera drops frames the
 * decoder had no time for), framebox_put_wait() waits until the slot is
 * free (a replay loses nothing). */
#ifndef KIOSK_FRAME_H
#define KIOSK_FRAME_H

#include <pthread.h>
#include <stdint.h>

#define FRAME_MAX_SIDE 8192

struct frame {
	int width, height;
	unsigned char *gray;   /* width*height, 8-bit luma, for decoding */
	unsigned char *rgb;    /* width*height*3 RGB24, for the preview */
	int64_t captured_ms;   /* monotonic ms when it was captured */
	int period_ms;         /* the source's nominal interval between frames, 0 if unknown */
	unsigned seq;
	int refs;              /* guarded by a global lock in frame.c */
};

/* A new frame with uninitialised pixels and one reference; NULL when out
 * of memory or the size is not sane. */
struct frame *frame_new(int width, int height);
struct frame *frame_ref(struct frame *f);
void frame_unref(struct frame *f);
/* Fill f->gray from f->rgb (BT.601 luma). */
void frame_gray_from_rgb(struct frame *f);

struct framebox {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct frame *slot;    /* owned reference or NULL */
	int busy;              /* a taker is still working on the last frame */
	int closed;
};

void framebox_init(struct framebox *b);
void framebox_destroy(struct framebox *b); /* drops a frame left in it */
/* Put a reference to f (the box takes its own reference). */
void framebox_put(struct framebox *b, struct frame *f);
/* Same, but wait until the slot is empty; returns -1 when closed. */
int framebox_put_wait(struct framebox *b, struct frame *f);
/* Take the frame (caller owns the reference), NULL when empty. With wait,
 * block until a frame comes or the box is closed. A taken frame makes the
 * box busy until framebox_done(). */
struct frame *framebox_take(struct framebox *b, int wait);
void framebox_done(struct framebox *b);
/* Nonzero when no frame waits and no taker is busy. */
int framebox_idle(struct framebox *b);
void framebox_close(struct framebox *b);

/* Where a source delivers: decoder and preview boxes (either may be NULL),
 * and a callback (any thread) saying a new preview frame is there. */
struct frame_sink {
	struct framebox *decode, *preview;
	int lossless;                 /* wait for the decoder instead of dropping */
	void (*notify)(void *ctx);
	void *ctx;
};

/* Deliver f to the sink's boxes; returns -1 when the decoder box closed. */
int frame_deliver(const struct frame_sink *sink, struct frame *f);

#endif
