/* sound.h - the kiosk's short tones, generated at start-up (SDL audio).
 *
 * A rising two-note chime for a welcome, a soft single note for someone
 * already here, and a distinct low double tone for a refusal. Without an
 * audio device the kiosk stays silent and says so once on stderr. */
#ifndef KIOSK_SOUND_H
#define KIOSK_SOUND_H

enum sound_cue { SOUND_WELCOME, SOUND_ALREADY, SOUND_REFUSED, SOUND_COUNT };

typedef struct sound sound;

/* Open the default device; NULL (silent) when there is none. SDL_INIT_AUDIO
 * must be initialised. Caller frees with sound_free(). */
sound *sound_new(void);
void sound_free(sound *s);
/* Play cue now, cutting off whatever was playing. */
void sound_play(sound *s, enum sound_cue cue);

#endif
