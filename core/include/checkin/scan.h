/* scan.h - finding QR codes in camera frames and still images (ZBar).
 *
 * A scanner wraps a ZBar image scanner set to QR only, plus whatever
 * preprocessing cascade makes it fast and forgiving (see scan.c).
 * One scanner belongs to one thread; the caller owns it (scanner_free). */
#ifndef CHECKIN_SCAN_H
#define CHECKIN_SCAN_H

/* The longest QR payload is 7089 digits; ZBar may also widen bytes to UTF-8. */
#define SCAN_TEXT_MAX 7168

struct scan_hit {
	char text[SCAN_TEXT_MAX];  /* decoded payload, NUL-terminated; a NUL inside
	                            * the QR's data reads as SUB (0x1A) */
	int x, y, w, h;            /* bounding box in the frame's pixels */
};

enum scan_mode {
	SCAN_VIDEO, /* a stream: spread expensive passes over consecutive frames
	             * and look around the last code first. A code is reported on
	             * every frame it is read: telling a repeat from a new sighting
	             * is the caller's policy, on the caller's clock */
	SCAN_STILL  /* one image: try every pass before giving up */
};

typedef struct scanner scanner;

scanner *scanner_new(enum scan_mode mode); /* NULL when out of memory */
void scanner_free(scanner *s);

/* Forget the stream (where the last code was, the place in the cycle of
 * passes) but keep the buffers: after a warm-up scan, or for a new stream. */
void scanner_reset(scanner *s);

/* SCAN_VIDEO: how many passes of the cycle one frame may get while none
 * reads a code (1 at first, at most SCAN_PASSES_MAX). A slow camera leaves
 * time between frames: with n passes a code held up is read on its first
 * frame more often, for the same scanning work per second as one pass at
 * n times the frame rate. */
#define SCAN_PASSES_MAX 4
void scanner_set_passes(scanner *s, int n);

/* Look for codes in an 8-bit grayscale frame. Writes up to max hits and
 * returns how many; 0 when none, -1 on failure. */
int scanner_scan(scanner *s, const unsigned char *gray, int width, int height, int stride,
                 struct scan_hit *hits, int max);

/* Which pass read the last code, for benchmarks and tuning: an index into
 * still_passes[] or video_cycle[] in scan.c, 100 for the look around the
 * last code (video); -1 when the last scan found nothing new. */
int scanner_last_pass(const scanner *s);

#endif
