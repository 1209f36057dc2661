/* debounce.h - ignore a code seen again within a few seconds.
 *
 * A camera decodes the same code on every frame while a delegate holds it
 * up, and a scanner may be triggered twice. debounce_accept() says whether
 * a payload is new: it is not while it was last seen less than window_ms
 * ago (each sighting renews the window, so a code held up for a minute is
 * reported once). Plain value, caller owned, one thread at a time. */
#ifndef KIOSK_DEBOUNCE_H
#define KIOSK_DEBOUNCE_H

#include <stdint.h>

#define DEBOUNCE_SLOTS 16
#define DEBOUNCE_TEXT_MAX 512
#define DEBOUNCE_DEFAULT_MS 3000

struct debounce {
	int64_t window_ms;
	struct { char text[DEBOUNCE_TEXT_MAX]; int64_t last_ms; int used; } slot[DEBOUNCE_SLOTS];
};

void debounce_init(struct debounce *d, int64_t window_ms);
/* 1 when text should be acted on, 0 when it is a repeat. */
int debounce_accept(struct debounce *d, const char *text, int64_t now_ms);

#endif
