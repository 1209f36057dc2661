/* sound.h - the kiosk's short tones, generated at start-up (SDL audio).
 *
 * A rising two-note chime for a welcome, a soft single note for someone
 * already here, and a distinct low double tone for a refusal. Without an
 * audio device the kiosk stays silent and says so once on stderr. The
 * spoken greeting is played here too, after the welcome chime. */
#ifndef KIOSK_SOUND_H
#define KIOSK_SOUND_H

#include <stddef.h>
#include <stdint.h>

enum sound_cue { SOUND_WELCOME, SOUND_ALREADY, SOUND_REFUSED, SOUND_COUNT };

typedef struct sound sound;

/* Open the default device; NULL (silent) when there is none. SDL_INIT_AUDIO
 * must be initialised. Caller frees with sound_free(). */
sound *sound_new(void);
void sound_free(sound *s);
/* Play cue now, cutting off whatever was playing (a spoken greeting too). */
void sound_play(sound *s, enum sound_cue cue);

/* The spoken greeting (speech.h) follows the cue it belongs to. Each
 * sound_play() starts a new generation; sound_generation() is the current
 * one. sound_speak() queues mono 16-bit audio at rate after what is
 * playing, converted to the device's format, if gen is still current;
 * n == 0 ends that greeting's audio. Returns 1 when gen is over (the
 * greeting was cut short), 0 when queued. Safe from any thread. */
unsigned sound_generation(sound *s);
int sound_speak(sound *s, unsigned gen, const int16_t *pcm, size_t n, int rate);

#endif
