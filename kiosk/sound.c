/* sound.c - generated tones through SDL's queued audio (sound.h).
 *
 * Each cue is a few notes of a sine with a short attack and release, so it
 * does not click; samples are float mono at 44.1 kHz, made once. */
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "sound.h"

#define RATE 44100

struct note { double hz, ms, volume; };

struct sound {
	SDL_AudioDeviceID dev;
	float *cue[SOUND_COUNT];
	Uint32 bytes[SOUND_COUNT];
};

static const struct note welcome[] = {{660, 130, 0.35}, {0, 20, 0}, {880, 110, 0.35}, {1175, 220, 0.30}, {0, 0, 0}};
static const struct note already[] = {{784, 160, 0.12}, {0, 0, 0}};
static const struct note refused[] = {{220, 260, 0.40}, {0, 70, 0}, {196, 380, 0.40}, {0, 0, 0}};

static float *synth(const struct note *notes, Uint32 *bytes)
{
	size_t total = 0;
	for (const struct note *n = notes; n->ms > 0; n++)
		total += (size_t)(n->ms * RATE / 1000);
	float *buf = calloc(total ? total : 1, sizeof *buf);
	if (!buf)
		return NULL;
	size_t at = 0;
	for (const struct note *n = notes; n->ms > 0; n++) {
		size_t len = (size_t)(n->ms * RATE / 1000), edge = RATE / 200; /* 5 ms ramps */
		for (size_t i = 0; i < len && n->hz > 0; i++) {
			double env = 1.0;
			if (i < edge)
				env = (double)i / edge;
			else if (len - i < edge * 4)
				env = (double)(len - i) / (edge * 4);
			buf[at + i] = (float)(n->volume * env * sin(2 * M_PI * n->hz * i / RATE));
		}
		at += len;
	}
	*bytes = (Uint32)(total * sizeof *buf);
	return buf;
}

sound *sound_new(void)
{
	sound *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	SDL_AudioSpec want = {.freq = RATE, .format = AUDIO_F32SYS, .channels = 1, .samples = 1024};
	s->dev = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
	if (!s->dev) {
		fprintf(stderr, "checkin-kiosk: no sound: %s\n", SDL_GetError());
		free(s);
		return NULL;
	}
	s->cue[SOUND_WELCOME] = synth(welcome, &s->bytes[SOUND_WELCOME]);
	s->cue[SOUND_ALREADY] = synth(already, &s->bytes[SOUND_ALREADY]);
	s->cue[SOUND_REFUSED] = synth(refused, &s->bytes[SOUND_REFUSED]);
	SDL_PauseAudioDevice(s->dev, 0);
	return s;
}

void sound_free(sound *s)
{
	if (!s)
		return;
	SDL_CloseAudioDevice(s->dev);
	for (int i = 0; i < SOUND_COUNT; i++)
		free(s->cue[i]);
	free(s);
}

void sound_play(sound *s, enum sound_cue cue)
{
	if (!s || !s->cue[cue])
		return;
	SDL_ClearQueuedAudio(s->dev);
	if (SDL_QueueAudio(s->dev, s->cue[cue], s->bytes[cue]) < 0)
		fprintf(stderr, "checkin-kiosk: cannot play a sound: %s\n", SDL_GetError());
}
