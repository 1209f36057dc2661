/* keys.h - the --keys test hook: a file's lines typed as a USB scanner
 * types them, from a thread of its own so that, like a real scanner, the
 * keys arrive on time whatever the drawing loop is doing.
 *
 * Lines: "TEXT" (typed, then Enter), "@text TEXT" (no Enter), "@key NAME"
 * (an SDL key name: F2, F5, F10, Return, Escape, Up, Down, Backspace),
 * "@wait MS" (the pause before the next line instead of the usual
 * KEYS_DEFAULT_GAP_MS) and "@shot" (ask for a screenshot now). Typing
 * starts KEYS_FIRST_MS after keys_start(). The caller owns struct keys;
 * keys_free() stops the thread and frees the lines. */
#ifndef KIOSK_KEYS_H
#define KIOSK_KEYS_H

#include <SDL.h>
#include <pthread.h>
#include <stddef.h>

#define KEYS_MAX_LINES 2000
#define KEYS_DEFAULT_GAP_MS 1500
#define KEYS_FIRST_MS 800

struct keys {
	char **lines; size_t n;
	pthread_t thread; int started;
	SDL_atomic_t shot;   /* "@shot": write a screenshot of the next frame */
	SDL_atomic_t done;   /* every line has been pushed */
	SDL_atomic_t stop;
	Uint32 wake_event;
};

/* Read path's lines into k (zeroed by the caller). Prints why and returns
 * -1 on failure. */
int keys_load(struct keys *k, const char *path);
/* Start typing (after SDL is up); wake_event is pushed for "@shot". */
void keys_start(struct keys *k, Uint32 wake_event);
/* Nonzero when every line has been typed and its events handled. */
int keys_finished(struct keys *k);
void keys_stop(struct keys *k);
void keys_free(struct keys *k);

#endif
