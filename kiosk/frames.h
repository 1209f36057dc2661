/* frames.h - replaying frames from files instead of a camera.
 *
 * For tests, demos and benchmarks: a folder of images (PNG, JPEG, BMP;
 * loaded with SDL2_image, in name order) or a YUV4MPEG2 file, delivered
 * at a fixed rate on a thread of its own. The replay is lossless: it waits
 * for the decoder rather than drop a frame. */
#ifndef KIOSK_FRAMES_H
#define KIOSK_FRAMES_H

#include "checkin/error.h"
#include "frame.h"

typedef struct frames frames;

/* Check path and start replaying at fps. The caller owns *out and stops it
 * with frames_stop(). sink is copied. */
int frames_start(frames **out, const char *path, double fps, const struct frame_sink *sink, ck_err *err);
/* Nonzero once the last frame has been delivered. */
int frames_done(frames *fr);
void frames_stop(frames *fr);

/* Load one image file into a new frame (alpha composited on white).
 * Caller owns *out (frame_unref). */
int frame_load_image(const char *path, struct frame **out, ck_err *err);

#endif
