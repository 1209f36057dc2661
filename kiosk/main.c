/* main.c - checkin-kiosk: the full-screen check-in station at the door.
 *
 * main() parses options, loads the event and first figures, opens the
 * window and runs the loop: SDL events (a USB scanner is a keyboard that
 * types the code and Enter) go through screen.c, which says what to ask of
 * the worker (worker.c: decoding and the durable commit, on threads of its
 * own); worker messages come back and change the screen; draw.c draws it
 * whenever it changed. A result is logged as one JSON line on stdout right
 * after the first frame showing it has been presented, which is where
 * latency_ms ends.
 *
 * In full-screen mode nothing closes the kiosk but staff mode (F2, PIN,
 * then F10 twice): Escape does nothing and the window manager's close
 * request (Alt+F4) is ignored. SDL's signal handlers are off, so an
 * operator's SIGINT/SIGTERM still ends the process the ordinary way. */
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include "camera.h"
#include "checkin/clock.h"
#include "debounce.h"
#include "draw.h"
#include "frames.h"
#include "checkin/scan.h"
#include "sound.h"
#include "checkin/store.h"
#include "worker.h"

#define KEYS_MAX_LINES 2000
#define KEYS_DEFAULT_GAP_MS 1500
#define KEYS_FIRST_MS 800
#define SCAN_HITS_MAX 16

struct options {
	const char *db, *station, *camera, *frames, *screenshots, *keys;
	double fps;
	int exit_when_done, windowed, width, height;
	int64_t debounce_ms;
};

/* The --keys test hook: lines typed as SDL text input, as a scanner does,
 * from a thread of its own so that, like a real scanner, the keys arrive
 * on time whatever the drawing loop is doing. */
struct keys {
	char **lines; size_t n;
	pthread_t thread; int started;
	SDL_atomic_t shot;   /* "@shot": write a screenshot of the next frame */
	SDL_atomic_t done;   /* every line has been pushed */
	SDL_atomic_t stop;
	Uint32 wake_event;
};

struct app {
	struct options opt;
	struct event ev;
	char date_vi[128], station[64];
	struct counts counts; int have_counts;
	SDL_Window *win;
	SDL_Renderer *ren;
	draw *dr;
	sound *snd;
	worker *wk;
	frames *fr;
	camera *cam;
	struct framebox decode_box, preview_box;
	Uint32 wake_event;
	SDL_atomic_t wake_pending;
	struct screen scr;
	struct keys keys;
	int shot_seq;
	int quit;
};

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: checkin-kiosk [--db PATH] [--station NAME] [--camera DEV|none] [--frames DIR|FILE.y4m]\n"
	        "                     [--fps N] [--exit-when-done] [--screenshots DIR] [--size WxH] [--windowed]\n"
	        "                     [--keys FILE] [--debounce MS]\n"
	        "   or: checkin-kiosk decode IMAGE...\n\n"
	        "The database is --db PATH, else $CHECKIN_DB, else data/checkin.db.\n"
	        "Staff mode: F2, the event's PIN and Enter; in it F10 twice leaves the kiosk.\n"
	        "Full screen ignores Escape and window-close requests; --windowed and --size\n"
	        "windows close normally. --keys FILE types its lines as a scanner would (tests).\n");
}

static const char *assets_dir(void)
{
	const char *env = getenv("CHECKIN_ASSETS");
	return env && env[0] ? env : CHECKIN_ASSETS_DIR;
}

/* ---- checkin-kiosk decode IMAGE... ---- */

static int cmd_decode(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: checkin-kiosk decode IMAGE...\n");
		return 2;
	}
	scanner *sc = scanner_new(SCAN_STILL);
	if (!sc) {
		fprintf(stderr, "error: out of memory\n");
		return 1;
	}
	int rc = 0;
	static struct scan_hit hits[SCAN_HITS_MAX];
	for (int i = 1; i < argc; i++) {
		struct frame *f;
		ck_err err;
		if (frame_load_image(argv[i], &f, &err) < 0) {
			fprintf(stderr, "error: %s\n", err.msg);
			rc = 1;
			continue;
		}
		int n = scanner_scan(sc, f->gray, f->width, f->height, f->width, hits, SCAN_HITS_MAX);
		for (int k = 0; k < n; k++)
			printf("%s\t%s\n", argv[i], hits[k].text);
		if (n <= 0)
			rc = 1;
		frame_unref(f);
	}
	fflush(stdout);
	scanner_free(sc);
	IMG_Quit();
	SDL_Quit();
	return rc;
}

/* ---- options ---- */

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},       {"station", required_argument, NULL, 's'},
		{"camera", required_argument, NULL, 'c'},   {"frames", required_argument, NULL, 'f'},
		{"fps", required_argument, NULL, 'r'},      {"exit-when-done", no_argument, NULL, 'x'},
		{"screenshots", required_argument, NULL, 'S'}, {"size", required_argument, NULL, 'z'},
		{"windowed", no_argument, NULL, 'w'},       {"keys", required_argument, NULL, 'k'},
		{"debounce", required_argument, NULL, 'b'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof *o);
	o->camera = "/dev/video0";
	o->fps = 10;
	o->debounce_ms = DEBOUNCE_DEFAULT_MS;
	int c;
	char *end;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 's': o->station = optarg; break;
		case 'c': o->camera = optarg; break;
		case 'f': o->frames = optarg; break;
		case 'r':
			o->fps = strtod(optarg, &end);
			if (*end || !(o->fps > 0 && o->fps <= 240)) {
				fprintf(stderr, "error: bad frame rate '%s' (want 0 < N <= 240)\n", optarg);
				return 2;
			}
			break;
		case 'x': o->exit_when_done = 1; break;
		case 'S': o->screenshots = optarg; break;
		case 'z':
			if (sscanf(optarg, "%dx%d", &o->width, &o->height) != 2 || o->width < 320 || o->height < 240 ||
			    o->width > 8192 || o->height > 8192) {
				fprintf(stderr, "error: bad size '%s' (want WxH, e.g. 1920x1080)\n", optarg);
				return 2;
			}
			break;
		case 'w': o->windowed = 1; break;
		case 'k': o->keys = optarg; break;
		case 'b':
			o->debounce_ms = strtoll(optarg, &end, 10);
			if (*end || o->debounce_ms < 0 || o->debounce_ms > 600000) {
				fprintf(stderr, "error: bad debounce '%s' (milliseconds)\n", optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "error: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	return 0;
}

static int keys_load(struct keys *k, const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		fprintf(stderr, "error: cannot open '%s': %s\n", path, strerror(errno));
		return -1;
	}
	char line[SCREEN_LINE_MAX];
	int rc = 0;
	while (fgets(line, sizeof line, fp)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0])
			continue;
		if (k->n >= KEYS_MAX_LINES) {
			fprintf(stderr, "error: '%s' has more than %d lines\n", path, KEYS_MAX_LINES);
			rc = -1;
			break;
		}
		char **v = realloc(k->lines, (k->n + 1) * sizeof *v);
		char *dup = strdup(line);
		if (!v || !dup) {
			free(dup);
			if (v)
				k->lines = v;
			fprintf(stderr, "error: out of memory\n");
			rc = -1;
			break;
		}
		k->lines = v;
		k->lines[k->n++] = dup;
	}
	fclose(fp);
	return rc;
}

static void keys_stop(struct keys *k)
{
	if (k->started) {
		SDL_AtomicSet(&k->stop, 1);
		pthread_join(k->thread, NULL);
		k->started = 0;
	}
}

static void keys_free(struct keys *k)
{
	keys_stop(k);
	for (size_t i = 0; i < k->n; i++)
		free(k->lines[i]);
	free(k->lines);
}

/* ---- events from other threads ---- */

static void wake(void *ctx)
{
	struct app *a = ctx;
	if (SDL_AtomicCAS(&a->wake_pending, 0, 1)) {
		SDL_Event e = {.type = a->wake_event};
		SDL_PushEvent(&e);
	}
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
		size_t chunk = n < sizeof e.text.text - 1 ? n : sizeof e.text.text - 1;
		while (chunk > 0 && chunk < n && ((unsigned char)s[chunk] & 0xC0) == 0x80)
			chunk--; /* never split a UTF-8 sequence */
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

/* Type the --keys lines: "TEXT" (typed, then Enter), "@text TEXT" (no
 * Enter), "@key NAME" (an SDL key name: F2, F5, F10, Return, Escape, Up,
 * Down, Backspace), "@wait MS" (the pause before the next line instead
 * of the usual KEYS_DEFAULT_GAP_MS) and "@shot" (a screenshot now, with
 * --screenshots). Starts KEYS_FIRST_MS after the first frame. */
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
				fprintf(stderr, "checkin-kiosk: --keys: unknown key '%s'\n", l + 5);
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

/* ---- the loop ---- */

static void act(struct app *a, const struct screen_action *x, int64_t now)
{
	switch (x->type) {
	case ACT_NONE: break;
	case ACT_SCAN: worker_scan(a->wk, x->text, x->method, now); break;
	case ACT_SEARCH: worker_search(a->wk, x->text); break;
	case ACT_CHECKIN_ID: worker_checkin_id(a->wk, x->id, now); break;
	case ACT_UNDO: worker_undo(a->wk); break;
	case ACT_QUIT: a->quit = 1; break;
	}
}

static void handle(struct app *a, const SDL_Event *e)
{
	struct screen_action x;
	/* When the key was pressed, not when the loop got to it: latency and
	 * debouncing count from there. */
	Uint32 age = SDL_GetTicks() - e->common.timestamp;
	int64_t now = clock_mono_ms() - (age < 10000 ? (int64_t)age : 0);
	if (e->type == a->wake_event) {
		SDL_AtomicSet(&a->wake_pending, 0);
		return;
	}
	switch (e->type) {
	case SDL_QUIT:
		if (a->opt.windowed || a->opt.width) {
			a->quit = 1;
		} else {
			fprintf(stderr, "checkin-kiosk: ignoring a request to close; staff mode (F2) can leave\n");
		}
		return;
	case SDL_TEXTINPUT:
		screen_text(&a->scr, e->text.text, now, &x);
		act(a, &x, now);
		return;
	case SDL_KEYDOWN: {
		enum screen_key k;
		switch (e->key.keysym.sym) {
		case SDLK_RETURN:
		case SDLK_KP_ENTER: k = KEY_ENTER; break;
		case SDLK_BACKSPACE: k = KEY_BACKSPACE; break;
		case SDLK_UP: k = KEY_UP; break;
		case SDLK_DOWN: k = KEY_DOWN; break;
		case SDLK_ESCAPE: k = KEY_ESCAPE; break;
		case SDLK_F2: k = KEY_STAFF; break;
		case SDLK_F5: k = KEY_UNDO; break;
		case SDLK_F10: k = KEY_QUIT; break;
		default: return;
		}
		screen_key(&a->scr, k, now, &x);
		act(a, &x, now);
		return;
	}
	default: return;
	}
}

static void log_result(struct app *a, const struct screen_result *r, int64_t drawn_ms)
{
	char when[40];
	clock_iso_utc(clock_now_ms(), when, sizeof when);
	json_t *o = json_object();
	json_object_set_new(o, "time", json_string(when));
	json_object_set_new(o, "result", json_string(checkin_result_name(r->result)));
	json_object_set_new(o, "id", r->person.id ? json_integer(r->person.id) : json_null());
	json_object_set_new(o, "station", json_string(a->station));
	json_object_set_new(o, "method", json_string(method_name(r->method)));
	json_object_set_new(o, "latency_ms", json_integer(drawn_ms - r->captured_ms));
	char *s = json_dumps(o, JSON_COMPACT);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		fflush(stdout);
		free(s);
	}
	json_decref(o);
}

/* Grab the rendered screen before present; NULL when it cannot. */
static SDL_Surface *grab(struct app *a)
{
	int w, h;
	SDL_GetRendererOutputSize(a->ren, &w, &h);
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return NULL;
	if (SDL_RenderReadPixels(a->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) < 0) {
		fprintf(stderr, "checkin-kiosk: cannot read the screen: %s\n", SDL_GetError());
		SDL_FreeSurface(s);
		return NULL;
	}
	return s;
}

/* Write the PNG through a temporary name, so nobody sees half a file:
 * DIR/NNNN-KIND[-store-error][-no-camera].png. */
static void save_shot(struct app *a, SDL_Surface *s, const struct screen *scr)
{
	char path[4096], tmp[4200];
	snprintf(path, sizeof path, "%s/%04d-%s%s%s.png", a->opt.screenshots, ++a->shot_seq, screen_kind_name(scr->kind),
	         scr->store_error[0] ? "-store-error" : "", scr->camera_missing ? "-no-camera" : "");
	snprintf(tmp, sizeof tmp, "%s.tmp-%d", path, (int)getpid());
	if (IMG_SavePNG(s, tmp) < 0 || rename(tmp, path) < 0) {
		fprintf(stderr, "checkin-kiosk: cannot write '%s': %s\n", path, IMG_GetError());
		remove(tmp);
	}
}

static void cue(struct app *a, enum checkin_result r)
{
	switch (r) {
	case CHECKIN_OK: sound_play(a->snd, SOUND_WELCOME); break;
	case CHECKIN_ALREADY: sound_play(a->snd, SOUND_ALREADY); break;
	default: sound_play(a->snd, SOUND_REFUSED); break;
	}
}

static int inputs_done(struct app *a)
{
	/* the last line's events must have gone through the queue too */
	if (a->keys.n && (!SDL_AtomicGet(&a->keys.done) || SDL_HasEvents(SDL_KEYDOWN, SDL_TEXTINPUT)))
		return 0;
	if (a->fr && !frames_done(a->fr))
		return 0;
	return a->fr || a->keys.n; /* a live camera is never done */
}

static void run(struct app *a)
{
	unsigned drawn_version = ~0u;
	int drawn_minute = -1, shown_kind = -1, shown_problems = 0, more = 0, dirty = 1;
	int64_t shown_result_seq = 0, result_seq = 0;
	struct screen_result pending;
	int have_pending = 0;

	if (a->keys.n) {
		a->keys.wake_event = a->wake_event;
		a->keys.started = !pthread_create(&a->keys.thread, NULL, keys_main, &a->keys);
		if (!a->keys.started) {
			fprintf(stderr, "checkin-kiosk: cannot start the --keys thread\n");
			SDL_AtomicSet(&a->keys.done, 1);
		}
	}
	while (!a->quit) {
		SDL_Event e;
		int timeout = more ? 0 : 40;
		if (SDL_WaitEventTimeout(&e, timeout)) {
			handle(a, &e);
			while (SDL_PollEvent(&e))
				handle(a, &e);
		}
		int64_t now = clock_mono_ms();
		int shot_asked = SDL_AtomicGet(&a->keys.shot);

		struct frame *f = framebox_take(&a->preview_box, 0);
		if (f) {
			if (a->scr.kind == SCREEN_WAITING) {
				draw_preview(a->dr, f);
				dirty = 1;
			}
			frame_unref(f);
			framebox_done(&a->preview_box);
		}

		/* Every message but results at once; one result per drawn frame,
		 * so that each is seen, logged and photographed. */
		struct worker_msg m;
		more = 0;
		while (worker_poll(a->wk, &m)) {
			switch (m.type) {
			case WMSG_RESULT:
				if (screen_result(&a->scr, &m.result, now))
					cue(a, m.result.result);
				pending = m.result;
				have_pending = 1;
				result_seq++;
				break;
			case WMSG_COUNTS:
				if (!a->have_counts || m.counts.arrived != a->counts.arrived)
					fprintf(stderr, "checkin-kiosk: arrived %d / %d\n", m.counts.arrived, m.counts.expected);
				if (a->have_counts)
					counts_release(&a->counts);
				a->counts = m.counts;
				a->have_counts = 1;
				dirty = 1;
				break;
			case WMSG_FOUND: screen_found(&a->scr, m.found, m.nfound, now); break;
			case WMSG_UNDONE: screen_undone(&a->scr, m.ok, m.text, now); break;
			case WMSG_STORE:
				screen_store_error(&a->scr, m.text[0] ? m.text : NULL);
				if (m.text[0])
					fprintf(stderr, "checkin-kiosk: cannot record a check-in: %s (retrying)\n", m.text);
				break;
			}
			if (m.type == WMSG_RESULT) {
				more = 1;
				break;
			}
		}
		if (a->cam)
			screen_camera(&a->scr, camera_missing(a->cam));
		screen_tick(&a->scr, now);

		int64_t wall = clock_now_ms();
		int minute = (int)((wall / 60000) % 1440);
		if (minute != drawn_minute)
			dirty = 1;

		if (dirty || a->scr.version != drawn_version || shot_asked) {
			struct view v = {
				.organizer = a->ev.organizer, .title = a->ev.title, .date_vi = a->date_vi,
				.venue = a->ev.venue, .station = a->station,
				.counts = a->have_counts ? &a->counts : NULL, .now_ms = wall,
				.no_camera = !a->fr && !a->cam,
			};
			draw_screen(a->dr, &a->scr, &v);
			int problems = (a->scr.store_error[0] ? 1 : 0) | (a->scr.camera_missing ? 2 : 0);
			int shoot = a->opt.screenshots && (shot_asked || (int)a->scr.kind != shown_kind ||
			                                   result_seq != shown_result_seq || problems != shown_problems);
			SDL_Surface *shot = shoot ? grab(a) : NULL;
			SDL_RenderPresent(a->ren);
			int64_t drawn = clock_mono_ms();
			if (have_pending) {
				log_result(a, &pending, drawn);
				have_pending = 0;
			}
			if (shot) {
				save_shot(a, shot, &a->scr);
				SDL_FreeSurface(shot);
			}
			shown_kind = (int)a->scr.kind;
			shown_problems = problems;
			if (shot_asked)
				SDL_AtomicSet(&a->keys.shot, 0);
			shown_result_seq = result_seq;
			drawn_version = a->scr.version;
			drawn_minute = minute;
			dirty = 0;
		}
		if (a->opt.exit_when_done && !more && inputs_done(a) && worker_idle(a->wk))
			break;
	}
}

/* ---- set-up ---- */

static int load_event(struct app *a, const char *db)
{
	store *st = NULL;
	ck_err err;
	if (store_open(db, &st, &err) < 0 || store_event_load(st, &a->ev, &err) < 0 ||
	    counts_get(st, &a->counts, &err) < 0) {
		fprintf(stderr, "error: %s\n", err.msg);
		store_close(st);
		return -1;
	}
	a->have_counts = 1;
	store_close(st);
	event_apply_timezone(&a->ev);
	event_date_vi(&a->ev, a->date_vi, sizeof a->date_vi);
	return 0;
}

static int open_window(struct app *a)
{
	Uint32 flags = SDL_WINDOW_SHOWN;
	int w = a->opt.width, h = a->opt.height;
	if (!w) {
		if (a->opt.windowed) {
			w = 1280;
			h = 720;
			flags |= SDL_WINDOW_RESIZABLE;
		} else {
			flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
			w = 1920;
			h = 1080;
		}
	}
	a->win = SDL_CreateWindow("Điểm danh", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
	if (!a->win) {
		fprintf(stderr, "error: cannot open a window: %s\n", SDL_GetError());
		return -1;
	}
	/* Headless runs ask for SDL's own software renderer: under the
	 * offscreen driver the OpenGL one goes through Mesa's llvmpipe and is
	 * about three times slower. */
	const char *accel = getenv("SDL_FRAMEBUFFER_ACCELERATION");
	int software = accel && (!strcmp(accel, "0") || !strcasecmp(accel, "false"));
	a->ren = SDL_CreateRenderer(a->win, -1, software ? SDL_RENDERER_SOFTWARE : 0);
	if (!a->ren) {
		fprintf(stderr, "error: cannot draw in the window: %s\n", SDL_GetError());
		return -1;
	}
	if (!a->opt.windowed && !a->opt.width)
		SDL_ShowCursor(SDL_DISABLE);
	SDL_StartTextInput();
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "decode"))
		return cmd_decode(argc - 1, argv + 1);

	static struct app app;
	struct app *a = &app;
	int rc = 1;
	if ((rc = parse_options(argc, argv, &a->opt)))
		return rc;
	rc = 1;
	const char *db = store_path_resolve(a->opt.db);
	if (a->opt.station) {
		snprintf(a->station, sizeof a->station, "%s", a->opt.station);
	} else if (gethostname(a->station, sizeof a->station - 1) < 0 || !a->station[0]) {
		snprintf(a->station, sizeof a->station, "kiosk");
	}
	if (a->opt.screenshots) {
		struct stat sb;
		if (stat(a->opt.screenshots, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
			fprintf(stderr, "error: cannot write screenshots to '%s': not a directory\n", a->opt.screenshots);
			return 1;
		}
	}
	if (a->opt.keys && keys_load(&a->keys, a->opt.keys) < 0)
		goto out_keys;
	if (load_event(a, db) < 0)
		goto out_keys;

	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) < 0) {
		fprintf(stderr, "error: cannot start SDL: %s\n", SDL_GetError());
		goto out_event;
	}
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) == 0)
		a->snd = sound_new();
	else
		fprintf(stderr, "checkin-kiosk: no sound: %s\n", SDL_GetError());
	if (TTF_Init() < 0) {
		fprintf(stderr, "error: cannot start SDL_ttf: %s\n", TTF_GetError());
		goto out_sdl;
	}
	IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG);
	a->wake_event = SDL_RegisterEvents(1);
	if (open_window(a) < 0)
		goto out_ttf;
	ck_err err;
	a->dr = draw_new(a->ren, assets_dir(), &err);
	if (!a->dr) {
		fprintf(stderr, "error: %s\n", err.msg);
		goto out_ttf;
	}
	screen_init(&a->scr, a->ev.staff_pin, clock_mono_ms());
	struct view wv = {.organizer = a->ev.organizer, .title = a->ev.title, .date_vi = a->date_vi,
	                  .venue = a->ev.venue, .station = a->station, .counts = &a->counts, .now_ms = clock_now_ms()};
	draw_warm(a->dr, &a->scr, &wv);

	framebox_init(&a->decode_box);
	framebox_init(&a->preview_box);
	int use_source = a->opt.frames || strcmp(a->opt.camera, "none");
	struct worker_config wc = {
		.db_path = db, .station = a->station, .debounce_ms = a->opt.debounce_ms,
		.frames = use_source ? &a->decode_box : NULL, .notify = wake, .ctx = a,
	};
	if (worker_start(&a->wk, &wc, &err) < 0) {
		fprintf(stderr, "error: %s\n", err.msg);
		goto out_boxes;
	}
	struct frame_sink sink = {.decode = &a->decode_box, .preview = &a->preview_box, .notify = wake, .ctx = a};
	if (a->opt.frames) {
		sink.lossless = 1;
		if (frames_start(&a->fr, a->opt.frames, a->opt.fps, &sink, &err) < 0) {
			fprintf(stderr, "error: %s\n", err.msg);
			goto out_worker;
		}
	} else if (use_source) {
		a->cam = camera_start(a->opt.camera, &sink);
	}

	run(a);
	rc = 0;

out_worker:
	keys_stop(&a->keys); /* it pushes SDL events: before SDL goes */
	framebox_close(&a->decode_box);
	frames_stop(a->fr);
	int abandoned = camera_stop(a->cam);
	worker_stop(a->wk);
	if (abandoned)
		goto out_ttf; /* the camera thread may still touch the boxes */
out_boxes:
	framebox_destroy(&a->decode_box);
	framebox_destroy(&a->preview_box);
out_ttf:
	draw_free(a->dr);
	if (a->ren)
		SDL_DestroyRenderer(a->ren);
	if (a->win)
		SDL_DestroyWindow(a->win);
	IMG_Quit();
	TTF_Quit();
out_sdl:
	sound_free(a->snd);
	SDL_Quit();
out_event:
	if (a->have_counts)
		counts_release(&a->counts);
	event_release(&a->ev);
out_keys:
	keys_free(&a->keys);
	return rc;
}
