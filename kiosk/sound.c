/* sound.c - generated tones through SDL's queued audio (sound.h).
 *
 * Each cue is a few notes of a sine with a short attack and release, so it
 * does not click; samples are float mono at 44.1 kHz, made once. */
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "checkin/i18n.h"
#include "sound.h"

#define RATE 44100

struct note { double hz, ms, volume; };

struct sound {
	SDL_AudioDeviceID dev;
	float *cue[SOUND_COUNT];
	Uint32 bytes[SOUND_COUNT];
	/* the spoken greeting; under lock (sound_play runs on the drawing
	 * thread, sound_speak on the speech thread) */
	SDL_mutex *lock;
	unsigned gen;              /* bumped by every sound_play */
	SDL_AudioStream *speech;   /* 16-bit mono at speech_rate -> the device's format */
	int speech_rate;
	unsigned speech_gen;       /* the generation the stream's contents belong to */
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
		fprintf(stderr, _("checkin-kiosk: không có âm thanh: %s\n"), SDL_GetError());
		free(s);
		return NULL;
	}
	s->lock = SDL_CreateMutex();
	if (!s->lock) {
		fprintf(stderr, _("checkin-kiosk: không có âm thanh: %s\n"), SDL_GetError());
		SDL_CloseAudioDevice(s->dev);
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
	if (s->speech)
		SDL_FreeAudioStream(s->speech);
	SDL_DestroyMutex(s->lock);
	free(s);
}

void sound_play(sound *s, enum sound_cue cue)
{
	if (!s || !s->cue[cue])
		return;
	SDL_LockMutex(s->lock);
	s->gen++;
	SDL_ClearQueuedAudio(s->dev);
	if (SDL_QueueAudio(s->dev, s->cue[cue], s->bytes[cue]) < 0)
		fprintf(stderr, _("checkin-kiosk: không phát được âm thanh: %s\n"), SDL_GetError());
	SDL_UnlockMutex(s->lock);
}

unsigned sound_generation(sound *s)
{
	if (!s)
		return 0;
	SDL_LockMutex(s->lock);
	unsigned g = s->gen;
	SDL_UnlockMutex(s->lock);
	return g;
}

/* Move what the stream has converted into the device's queue. */
static void drain(sound *s)
{
	float buf[4096];
	int got;
	while ((got = SDL_AudioStreamGet(s->speech, buf, sizeof buf)) > 0)
		if (SDL_QueueAudio(s->dev, buf, (Uint32)got) < 0)
			break;
}

int sound_speak(sound *s, unsigned gen, const int16_t *pcm, size_t n, int rate)
{
	if (!s)
		return 1;
	int rc = 1;
	SDL_LockMutex(s->lock);
	if (gen != s->gen)
		goto out;
	if (!s->speech || s->speech_rate != rate) {
		if (s->speech)
			SDL_FreeAudioStream(s->speech);
		s->speech = SDL_NewAudioStream(AUDIO_S16SYS, 1, rate, AUDIO_F32SYS, 1, RATE);
		s->speech_rate = rate;
		if (!s->speech) {
			fprintf(stderr, _("checkin-kiosk: không phát được lời chào: %s\n"), SDL_GetError());
			goto out;
		}
		s->speech_gen = gen;
	}
	if (s->speech_gen != gen) { /* what is left of a greeting cut short */
		SDL_AudioStreamClear(s->speech);
		s->speech_gen = gen;
	}
	if (n ? SDL_AudioStreamPut(s->speech, pcm, (int)(n * sizeof *pcm)) : SDL_AudioStreamFlush(s->speech)) {
		fprintf(stderr, _("checkin-kiosk: không phát được lời chào: %s\n"), SDL_GetError());
		goto out;
	}
	drain(s);
	rc = 0;
out:
	SDL_UnlockMutex(s->lock);
	return rc;
}
