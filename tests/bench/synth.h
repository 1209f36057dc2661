/* synth.h - camera-like grayscale frames with (or without) a QR code.
 *
 * The scanner's unit tests and the frame benchmark need frames under known
 * bad conditions: small or large codes, turned and tilted, blurred, at low
 * contrast, inverted, shown on a phone screen (moire), over clutter. This
 * renders them from a payload with libqrencode, deterministically from a
 * seed, so no big binaries are committed. */
#ifndef CHECKIN_SYNTH_H
#define CHECKIN_SYNTH_H

struct synth_params {
	int width, height;     /* frame size */
	const char *payload;   /* NULL: a frame with no code */
	double module_px;      /* size of one module in pixels (before tilt) */
	double cx, cy;         /* centre of the code as a share of width/height */
	double angle;          /* turn in the image plane, degrees */
	double tilt;           /* turn about the code's vertical axis, degrees (perspective) */
	double contrast;       /* 1 = black on white; 0.4 = 40 % */
	double blur;           /* box-blur radius in pixels (applied twice), 0 = sharp */
	double noise;          /* +- noise amplitude in gray levels */
	int invert;            /* light code on a dark card */
	int screen;            /* shown on a phone screen: pixel grid -> moire, glare */
	unsigned seed;         /* background clutter and noise */
};

/* Render into gray (width*height bytes, stride width). Returns 0, or -1
 * when the payload cannot be encoded or memory runs out. */
int synth_frame(const struct synth_params *p, unsigned char *gray);

/* A payload shaped like an invitation code: tag + 34 chars of Crockford
 * base32 from seed (38 chars + NUL into out). */
void synth_payload(const char *tag, unsigned seed, char out[39]);

#endif
