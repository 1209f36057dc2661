/* speech.h - the spoken greeting, "Kính chào đồng chí NAME", for a noisy
 * hall and for delegates who cannot read the screen well.
 *
 * espeak-ng (voice vi) synthesises on a thread of its own, so the drawing
 * loop never waits for it. The queue holds one greeting: asking for a new
 * one, or speech_cancel(), cuts short the one being synthesised. Audio
 * goes to the sink chunk by chunk as it is made; the sink may refuse a
 * chunk (the greeting was cut short where it is played), which stops the
 * synthesis too. No SDL here: the kiosk's sink plays through sound.c, the
 * tests' sink collects the samples. espeak-ng is one engine per process,
 * so there is at most one speech at a time. */
#ifndef KIOSK_SPEECH_H
#define KIOSK_SPEECH_H

#include <stddef.h>
#include <stdint.h>
#include "checkin/error.h"

#define SPEECH_TEXT_MAX 512
#define SPEECH_TAG_MAX 40

/* How one greeting went, for the log: times are wall-clock UTC ms. */
struct speech_report {
	uint64_t ticket;               /* as given to speech_say */
	char tag[SPEECH_TAG_MAX];      /* as given to speech_say (the kiosk: the scan's nonce) */
	int64_t asked_ms, start_ms, end_ms;
	size_t samples;                /* audio handed to the sink */
	int rate;                      /* samples per second */
	int completed;                 /* 1 spoken to the end; 0 cut short or failed */
};

/* Called on the speech thread, never with the speech's lock held. */
struct speech_sink {
	/* Mono signed 16-bit audio at rate; n == 0 means the greeting's audio
	 * is complete. Return nonzero to stop this greeting. */
	int (*audio)(void *ctx, uint64_t ticket, const int16_t *pcm, size_t n, int rate);
	/* A greeting ended, spoken or cut short. May be NULL. */
	void (*done)(void *ctx, const struct speech_report *r);
	void *ctx;
};

typedef struct speech speech;

/* Load the voice (voice "vi") and start the thread; sink is copied.
 * -1 with a message when espeak-ng or its Vietnamese voice is missing, or
 * a speech is already running. The caller owns *out: speech_stop(). */
int speech_start(speech **out, const char *voice, const struct speech_sink *sink, ck_err *err);
/* Say text (copied; cut at SPEECH_TEXT_MAX bytes, at a character). It
 * replaces a greeting still waiting, and cuts short the one being made. */
void speech_say(speech *s, const char *text, uint64_t ticket, const char *tag);
/* Cut short the greeting being made, and drop the one waiting. */
void speech_cancel(speech *s);
/* Nonzero when nothing is waiting or being made. */
int speech_idle(speech *s);
/* Stop the thread (cutting short what it does) and free s; NULL is fine. */
void speech_stop(speech *s);

/* "Kính chào đồng chí NAME" into buf. */
void speech_greeting(const char *name, char *buf, size_t len);

#endif
