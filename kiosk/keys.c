/* keys.c - the --keys test hook (see keys.h). It pushes the same SDL
 * events a USB scanner makes, so the whole path from a key press to a
 * check-in is exercised; it is not used at the door. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checkin/i18n.h"
#include "checkin/text.h"
#include "keys.h"
#include "screen.h"

int keys_load(struct keys *k, const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		fprintf(stderr, _("lỗi: không mở được '%s': %s\n"), path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	/* whole lines, however long: a scanner's overlong line is one scan
	 * (the screen keeps what fits); cut here at a character */
	while (getline(&line, &cap, fp) >= 0) {
		line[strcspn(line, "\r\n")] = '\0';
		line[text_fit(line, SCREEN_LINE_MAX - 1)] = '\0';
		if (!line[0])
			continue;
		if (k->n >= KEYS_MAX_LINES) {
			fprintf(stderr, _("lỗi: '%s' có quá %d dòng\n"), path, KEYS_MAX_LINES);
			rc = -1;
			break;
		}
		char **v = realloc(k->lines, (k->n + 1) * sizeof *v);
		char *dup = strdup(line);
		if (!v || !dup) {
			free(dup);
			if (v)
				k->lines = v;
			fprintf(stderr, _("lỗi: hết bộ nhớ\n"));
			rc = -1;
			break;
		}
		k->lines = v;
		k->lines[k->n++] = dup;
	}
	free(line);
	fclose(fp);
	return rc;
}

static void push_key(SDL_Keycode sym)
{
	SDL_Event e = {.type = SDL_KEYDOWN};
	e.key.state = SDL_PRESSED;
	e.key.keysym.sym = sym;
	e.key.keysym.scancode = SDL_GetScancodeFromKey(sym);
	e.key.timestamp = SDL_GetTicks();
	SDL_PushEvent(&e);
	e.type = SDL_KEYUP;
	e.key.state = SDL_RELEASED;
	SDL_PushEvent(&e);
}

static void push_text(const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		SDL_Event e = {.type = SDL_TEXTINPUT};
		size_t chunk = text_fit(s, sizeof e.text.text - 1); /* never split a character */
		memcpy(e.text.text, s, chunk);
		e.text.text[chunk] = '\0';
		e.text.timestamp = SDL_GetTicks();
		SDL_PushEvent(&e);
		s += chunk;
		n -= chunk;
	}
}

static void nap_ms(struct keys *k, int64_t ms)
{
	for (int64_t t = 0; t < ms && !SDL_AtomicGet(&k->stop); t += 20)
		SDL_Delay(ms - t < 20 ? (Uint32)(ms - t) : 20);
}

static void *keys_main(void *arg)
{
	struct keys *k = arg;
	nap_ms(k, KEYS_FIRST_MS);
	for (size_t i = 0; i < k->n && !SDL_AtomicGet(&k->stop); i++) {
		const char *l = k->lines[i];
		int64_t gap = KEYS_DEFAULT_GAP_MS;
		if (!strncmp(l, "@wait ", 6)) {
			gap = atoll(l + 6);
		} else if (!strncmp(l, "@text ", 6)) {
			push_text(l + 6);
			gap = 200;
		} else if (!strcmp(l, "@shot")) {
			SDL_AtomicSet(&k->shot, 1);
			SDL_Event e = {.type = k->wake_event};
			SDL_PushEvent(&e);
			gap = 0;
		} else if (!strncmp(l, "@key ", 5)) {
			SDL_Keycode sym = SDL_GetKeyFromName(l + 5);
			if (sym == SDLK_UNKNOWN)
				fprintf(stderr, _("checkin-kiosk: --keys: không có phím '%s'\n"), l + 5);
			else
				push_key(sym);
			gap = 300;
		} else {
			push_text(l);
			push_key(SDLK_RETURN);
		}
		if (i + 1 < k->n && !strncmp(k->lines[i + 1], "@wait ", 6))
			gap = atoll(k->lines[++i] + 6);
		nap_ms(k, gap);
	}
	SDL_AtomicSet(&k->done, 1);
	return NULL;
}

void keys_start(struct keys *k, Uint32 wake_event)
{
	if (!k->n)
		return;
	k->wake_event = wake_event;
	k->started = !pthread_create(&k->thread, NULL, keys_main, k);
	if (!k->started) {
		fprintf(stderr, _("checkin-kiosk: không khởi động được luồng --keys\n"));
		SDL_AtomicSet(&k->done, 1);
	}
}

int keys_finished(struct keys *k)
{
	/* the last line's events must have gone through the queue too */
	return SDL_AtomicGet(&k->done) && !SDL_HasEvents(SDL_KEYDOWN, SDL_TEXTINPUT);
}

void keys_stop(struct keys *k)
{
	if (k->started) {
		SDL_AtomicSet(&k->stop, 1);
		pthread_join(k->thread, NULL);
		k->started = 0;
	}
}

void keys_free(struct keys *k)
{
	keys_stop(k);
	for (size_t i = 0; i < k->n; i++)
		free(k->lines[i]);
	free(k->lines);
	k->lines = NULL;
	k->n = 0;
}
