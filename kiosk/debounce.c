/* debounce.c - remember recently seen codes (see debounce.h).
 *
 * A handful of slots is enough: only codes seen in the last few seconds
 * matter. When all are taken the stalest is reused. */
#include <stdio.h>
#include <string.h>
#include "debounce.h"

void debounce_init(struct debounce *d, int64_t window_ms)
{
	memset(d, 0, sizeof *d);
	d->window_ms = window_ms;
}

int debounce_accept(struct debounce *d, const char *text, int64_t now_ms)
{
	for (int i = 0; i < DEBOUNCE_SLOTS; i++)
		if (d->slot[i].used && !strncmp(d->slot[i].text, text, sizeof d->slot[i].text - 1)) {
			int repeat = now_ms - d->slot[i].last_ms < d->window_ms;
			d->slot[i].last_ms = now_ms;
			return !repeat;
		}
	int pick = 0;
	for (int i = 0; i < DEBOUNCE_SLOTS; i++) {
		if (!d->slot[i].used) {
			pick = i;
			break;
		}
		if (d->slot[i].last_ms < d->slot[pick].last_ms)
			pick = i;
	}
	snprintf(d->slot[pick].text, sizeof d->slot[pick].text, "%s", text);
	d->slot[pick].last_ms = now_ms;
	d->slot[pick].used = 1;
	return 1;
}
