/* main.c - checkin-kiosk: the full-screen check-in station at the door.
 *
 * The door is a pipeline of small parts, each with one job:
 *
 *   camera / frames --> decoder --> station --> screen --> draw
 *   USB scanner keys --^  (repeats)  (store)    (states)   (pixels)
 *
 * camera.c and frames.c deliver frames; decoder.c reads codes and applies
 * the one repeat policy; station.c commits check-ins durably on a thread
 * of its own and reports outcomes; screen.c decides what is shown; draw.c
 * draws it; sound.c plays the chimes and, with --speech, speech.c says the
 * greeting aloud from a thread of its own, asked only once the greeting is
 * on screen. This file wires them together and runs the SDL loop: events
 * (a USB scanner is a keyboard that types the code and Enter) go through
 * screen.c, which says what to ask of the decoder or the station; station
 * messages come back and change the screen. A result is logged as one
 * JSON line right after the first frame showing it has been presented,
 * which is where latency_ms ends.
 *
 * In full-screen mode nothing closes the kiosk but staff mode (F2, PIN,
 * then F10 twice): Escape does nothing and the window manager's close
 * request (Alt+F4) is ignored. SIGINT and SIGTERM (an operator, or the
 * system shutting down) end the loop; the station then finishes every
 * queued check-in (each is logged as a result line) or logs it as NOT
 * RECORDED before the process exits. */
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include "camera.h"
#include "camlist.h"
#include "checkin/i18n.h"
#include "checkin/assets.h"
#include "checkin/clock.h"
#include "checkin/replica.h"
#include "checkin/text.h"
#include "decode_cmd.h"
#include "decoder.h"
#include "draw.h"
#include "frames.h"
#include "keys.h"
#include "options.h"
#include "resultlog.h"
#include "shot.h"
#include "sound.h"
#include "speech.h"
#include "station.h"

#define SYNC_WAIT_MS 30000 /* --exit-when-done: how long a door waits to send its outbox */

struct app {
	struct options opt;
	const char *db;          /* the store the kiosk reads: the file, or a door's replica */
	const char *server;      /* a door on a shared server: its connection string */
	char replica[4096];
	struct event ev;
	char date_vi[128], station_name[64];
	struct counts counts;
	int have_counts;
	/* SDL and drawing */
	int sdl_up, ttf_up;
	SDL_Window *win;
	SDL_Renderer *ren;
	draw *dr;
	sound *snd;
	speech *sp;              /* the spoken greeting, NULL when off */
	Uint32 wake_event;
	SDL_atomic_t wake_pending;
	/* the pipeline */
	int boxes_up, use_source;
	struct framebox decode_box, preview_box;
	frames *fr;
	camera *cam;
	decoder *dec;
	station *st;
	struct screen scr;
	struct keys keys;
	int shot_seq;
	int quit;
	int64_t started_ms, warm_screen_ms; /* monotonic; how long draw_warm took */
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* ---- from other threads ---- */

static void wake(void *ctx)
{
	struct app *a = ctx;
	if (SDL_AtomicCAS(&a->wake_pending, 0, 1)) {
		SDL_Event e = {.type = a->wake_event};
		SDL_PushEvent(&e);
	}
}

/* The decoder passes a fresh payload on: the station records it. */
static void emit(void *ctx, const char *payload, enum checkin_method m, int64_t captured_ms)
{
	struct app *a = ctx;
	station_scan(a->st, payload, m, captured_ms);
}

/* ---- input ---- */

static void act(struct app *a, const struct screen_action *x, int64_t now)
{
	switch (x->type) {
	case ACT_NONE: break;
	case ACT_SCAN: decoder_offer(a->dec, x->text, x->method, now); break;
	case ACT_SEARCH: station_search(a->st, x->text); break;
	case ACT_CHECKIN_ID: station_checkin_id(a->st, x->id, now); break;
	case ACT_UNDO: station_undo(a->st); break;
	case ACT_SUBSTITUTE: station_substitute(a->st, x->id, x->text); break;
	case ACT_QUIT: a->quit = 1; break;
	}
}

static int key_of(SDL_Keycode sym, enum screen_key *k)
{
	switch (sym) {
	case SDLK_RETURN:
	case SDLK_KP_ENTER: *k = KEY_ENTER; return 1;
	case SDLK_BACKSPACE: *k = KEY_BACKSPACE; return 1;
	case SDLK_UP: *k = KEY_UP; return 1;
	case SDLK_DOWN: *k = KEY_DOWN; return 1;
	case SDLK_ESCAPE: *k = KEY_ESCAPE; return 1;
	case SDLK_F2: *k = KEY_STAFF; return 1;
	case SDLK_F3: *k = KEY_SUBST; return 1;
	case SDLK_F5: *k = KEY_UNDO; return 1;
	case SDLK_F10: *k = KEY_QUIT; return 1;
	default: return 0;
	}
}

static void handle(struct app *a, const SDL_Event *e)
{
	struct screen_action x;
	enum screen_key k;
	/* When the key was pressed, not when the loop got to it: latency and
	 * the repeat window count from there. */
	Uint32 age = SDL_GetTicks() - e->common.timestamp;
	int64_t now = clock_mono_ms() - (age < 10000 ? (int64_t)age : 0);
	if (e->type == a->wake_event) {
		SDL_AtomicSet(&a->wake_pending, 0);
		return;
	}
	switch (e->type) {
	case SDL_QUIT:
		if (a->opt.windowed || a->opt.width)
			a->quit = 1;
		else
			fprintf(stderr, _("checkin-kiosk: bỏ qua yêu cầu đóng cửa sổ; muốn thoát hãy vào chế độ nhân viên (F2)\n"));
		return;
	case SDL_TEXTINPUT:
		screen_text(&a->scr, e->text.text, now, &x);
		act(a, &x, now);
		return;
	case SDL_KEYDOWN:
		if (!key_of(e->key.keysym.sym, &k))
			return;
		screen_key(&a->scr, k, now, &x);
		act(a, &x, now);
		return;
	default: return;
	}
}

/* ---- station messages ---- */

/* Why a staff request could not be done, for staff, in Vietnamese. */
static const char *staff_reason_vi(const struct station_msg *m)
{
	if (m->req == REQ_SUBST && m->err.kind == CK_STATE)
		return _("máy chưa kết nối được máy chủ; ghi ở bàn lễ tân (checkin-admin substitute)");
	if (m->req == REQ_SUBST && m->err.kind == CK_INVALID)
		return _("tên có ký tự không dùng được");
	switch (m->err.kind) {
	case CK_NOT_FOUND: return m->req == REQ_UNDO ? _("đại biểu không còn trong danh sách") : _("không có đại biểu này");
	case CK_STATE: return _("đại biểu chưa điểm danh");
	case CK_INVALID: return _("nội dung không hợp lệ");
	default: return _("lỗi dữ liệu");
	}
}

static enum screen_action_type action_of(enum station_req r)
{
	switch (r) {
	case REQ_SEARCH: return ACT_SEARCH;
	case REQ_ID: return ACT_CHECKIN_ID;
	case REQ_UNDO: return ACT_UNDO;
	case REQ_SUBST: return ACT_SUBSTITUTE;
	case REQ_SCAN: break;
	}
	return ACT_SCAN;
}

static void cue(struct app *a, enum checkin_result r)
{
	speech_cancel(a->sp); /* the next delegate: the last greeting stops */
	switch (r) {
	case CHECKIN_OK: sound_play(a->snd, SOUND_WELCOME); break;
	case CHECKIN_ALREADY: sound_play(a->snd, SOUND_ALREADY); break;
	default: sound_play(a->snd, SOUND_REFUSED); break;
	}
}

/* Apply one message; returns 1 for a check-in result (one per drawn
 * frame, so that each is seen, logged and photographed). */
static int take(struct app *a, struct station_msg *m, int64_t now, struct screen_result *res,
                struct result_times *times)
{
	struct screen_person found[SCREEN_FOUND_MAX];
	switch (m->type) {
	case SMSG_CHECKIN:
		screen_result_from(res, &m->outcome, m->method, m->captured_ms);
		if (screen_result(&a->scr, res, now))
			cue(a, res->result);
		*times = (struct result_times){.captured = m->captured_ms, .queued = m->queued_ms,
		                               .committed = m->done_ms, .offline = m->offline};
		snprintf(times->nonce, sizeof times->nonce, "%s", m->nonce);
		return 1;
	case SMSG_COUNTS:
		if (!a->have_counts || m->counts.arrived != a->counts.arrived)
			fprintf(stderr, _("checkin-kiosk: đã đến %d / %d\n"), m->counts.arrived, m->counts.expected);
		counts_release(&a->counts);
		a->counts = m->counts;
		memset(&m->counts, 0, sizeof m->counts); /* moved */
		a->have_counts = 1;
		a->scr.version++;
		return 0;
	case SMSG_FOUND:
		for (size_t i = 0; i < m->nfound && i < SCREEN_FOUND_MAX; i++)
			screen_person_from(&found[i], &m->found[i]);
		screen_found(&a->scr, found, m->nfound < SCREEN_FOUND_MAX ? m->nfound : SCREEN_FOUND_MAX, now);
		return 0;
	case SMSG_UNDONE:
		if (m->undone.id)
			screen_undone(&a->scr, 1, m->undone.name, now);
		else
			screen_undone(&a->scr, 0, _("chưa có lượt điểm danh nào tại máy này"), now);
		return 0;
	case SMSG_SUBST: {
		struct screen_person p;
		screen_person_from(&p, &m->outcome.delegate);
		screen_substituted(&a->scr, &p, now);
		fprintf(stderr, _("checkin-kiosk: đã ghi người đi thay cho đại biểu %lld\n"), (long long)p.id);
		return 0;
	}
	case SMSG_REFUSED:
		if (m->req == REQ_SUBST)
			fprintf(stderr, _("checkin-kiosk: chưa ghi được người đi thay: %s\n"), m->err.msg);
		screen_staff_refused(&a->scr, action_of(m->req), staff_reason_vi(m), now);
		return 0;
	case SMSG_STORE:
		screen_store_error(&a->scr, m->err.kind != CK_NONE ? m->err.msg : NULL);
		if (m->err.kind != CK_NONE)
			fprintf(stderr, _("checkin-kiosk: không ghi được lượt điểm danh: %s%s\n"), m->err.msg,
			        ck_transient(&m->err) ? _(" (đang thử lại)") : "");
		return 0;
	case SMSG_LOST:
		return 0; /* the station has logged it on stderr */
	case SMSG_LINK:
		screen_link(&a->scr, m->online, m->offline_since, m->outbox);
		fprintf(stderr, _("checkin-kiosk: %s (%lld lượt chờ đồng bộ)\n"), m->online ? _("trực tuyến") : _("mất kết nối"),
		        (long long)m->outbox);
		return 0;
	}
	return 0;
}

/* ---- the loop ---- */

static int inputs_done(struct app *a)
{
	if (a->keys.n && !keys_finished(&a->keys))
		return 0;
	if (a->fr && !frames_done(a->fr))
		return 0;
	return a->fr || a->keys.n; /* a live camera is never done */
}

/* Nothing left in flight: no frame being decoded, no request queued. The
 * decoder queues its hits before it marks a frame done, so looking at the
 * frames first cannot miss one. */
static int pipeline_idle(struct app *a)
{
	if (a->use_source && !framebox_idle(&a->decode_box))
		return 0;
	return station_idle(a->st);
}

static void run(struct app *a)
{
	unsigned drawn_version = ~0u;
	int drawn_minute = -1, shown_kind = -1, shown_problems = 0, more = 0, dirty = 1;
	int64_t shown_result_seq = 0, result_seq = 0;
	struct screen_result pending;
	struct result_times times = {0};
	int have_pending = 0;
	int64_t sync_wait_from = 0;

	keys_start(&a->keys, a->wake_event);
	while (!a->quit && !stop_signal) {
		SDL_Event e;
		if (SDL_WaitEventTimeout(&e, more ? 0 : 40)) {
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

		struct station_msg m;
		more = 0;
		while (!more && station_poll(a->st, &m)) {
			if (take(a, &m, now, &pending, &times)) {
				have_pending = more = 1;
				result_seq++;
			}
			station_msg_release(&m);
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
				.venue = a->ev.venue, .station = a->station_name,
				.counts = a->have_counts ? &a->counts : NULL, .now_ms = wall,
				.no_camera = !a->fr && !a->cam,
			};
			draw_screen(a->dr, &a->scr, &v);
			times.drawn = clock_mono_ms();
			int problems = (a->scr.store_error[0] ? 1 : 0) | (a->scr.camera_missing ? 2 : 0);
			int shoot = a->opt.screenshots && (shot_asked || (int)a->scr.kind != shown_kind ||
			                                   result_seq != shown_result_seq || problems != shown_problems);
			SDL_Surface *shot = shoot ? shot_grab(a->ren) : NULL;
			SDL_RenderPresent(a->ren);
			times.presented = clock_mono_ms();
			if (have_pending) {
				resultlog_write(&pending, a->station_name, &times);
				have_pending = 0;
				/* only now, with the greeting on screen, is it spoken */
				if (a->sp && pending.result == CHECKIN_OK) {
					char text[SPEECH_TEXT_MAX];
					speech_greeting(pending.person.name, text, sizeof text);
					speech_say(a->sp, text, sound_generation(a->snd), times.nonce);
				}
			}
			if (shot) {
				shot_save(a->opt.screenshots, ++a->shot_seq, shot, &a->scr, draw_text(a->dr));
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
		if (a->opt.exit_when_done && !more && inputs_done(a) && pipeline_idle(a)) {
			/* a door on a server leaves only once its outbox is sent, or
			 * after waiting SYNC_WAIT_MS for the server to come back */
			int64_t t = clock_mono_ms();
			if (station_synced(a->st))
				break;
			if (!sync_wait_from) {
				sync_wait_from = t;
				fprintf(stderr, _("checkin-kiosk: chờ tối đa %d giây để máy chủ nhận hàng chờ gửi\n"),
				        SYNC_WAIT_MS / 1000);
			} else if (t - sync_wait_from > SYNC_WAIT_MS) {
				fprintf(stderr, _("checkin-kiosk: hàng chờ gửi chưa gửi xong; vẫn giữ trong %s cho lần chạy sau\n"),
				        a->db);
				break;
			}
		}
	}
	if (stop_signal)
		fprintf(stderr, _("checkin-kiosk: dừng lại (tín hiệu %d)\n"), (int)stop_signal);
}

/* ---- set-up and tear-down ---- */

static int load_event(struct app *a)
{
	store *st = NULL;
	ck_err err;
	int rc = -1;
	/* a damaged store is refused before it greets anybody (issue 11) */
	if (store_open(a->db, &st, &err) < 0 || store_check(st, &err) < 0 ||
	    store_event_load(st, &a->ev, &err) < 0 || counts_get(st, &a->counts, &err) < 0) {
		fprintf(stderr, _("lỗi: %s\n"), err.msg);
		goto out;
	}
	a->have_counts = 1;
	event_apply_timezone(&a->ev);
	event_date_vi(&a->ev, a->date_vi, sizeof a->date_vi);
	rc = 0;
out:
	store_close(st);
	return rc;
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
	a->win = SDL_CreateWindow(_("Điểm danh"), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
	if (!a->win) {
		fprintf(stderr, _("lỗi: không mở được cửa sổ: %s\n"), SDL_GetError());
		return -1;
	}
	/* Headless runs ask for SDL's own software renderer: under the
	 * offscreen driver the OpenGL one goes through Mesa's llvmpipe and is
	 * about three times slower. */
	const char *accel = getenv("SDL_FRAMEBUFFER_ACCELERATION");
	int software = accel && (!strcmp(accel, "0") || !strcasecmp(accel, "false"));
	a->ren = SDL_CreateRenderer(a->win, -1, software ? SDL_RENDERER_SOFTWARE : 0);
	if (!a->ren) {
		fprintf(stderr, _("lỗi: không vẽ được trong cửa sổ: %s\n"), SDL_GetError());
		return -1;
	}
	if (!a->opt.windowed && !a->opt.width)
		SDL_ShowCursor(SDL_DISABLE);
	SDL_StartTextInput();
	return 0;
}

/* ---- the spoken greeting (on the speech thread) ---- */

static int speak_audio(void *ctx, uint64_t ticket, const int16_t *pcm, size_t n, int rate)
{
	struct app *a = ctx;
	return sound_speak(a->snd, (unsigned)ticket, pcm, n, rate);
}

static void speak_done(void *ctx, const struct speech_report *r)
{
	(void)ctx;
	char asked[40], start[40], end[40];
	clock_iso_utc(r->asked_ms, asked, sizeof asked);
	clock_iso_utc(r->start_ms, start, sizeof start);
	clock_iso_utc(r->end_ms, end, sizeof end);
	fprintf(stderr, _("checkin-kiosk: lời chào của lượt quét %s %s: yêu cầu %s, bắt đầu %s, kết thúc %s\n"),
	        r->tag, r->completed ? _("đã đọc hết") : _("bị cắt ngang"), asked, start, end);
}

static void open_speech(struct app *a)
{
	ck_err err;
	struct speech_sink sink = {.audio = speak_audio, .done = speak_done, .ctx = a};
	if (!a->snd)
		fprintf(stderr, _("checkin-kiosk: không có thiết bị âm thanh, lời chào sẽ không được đọc\n"));
	else if (speech_start(&a->sp, "vi", &sink, &err) < 0)
		fprintf(stderr, _("checkin-kiosk: không đọc được lời chào: %s\n"), err.msg);
}

static int open_display(struct app *a)
{
	ck_err err;
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) < 0) {
		fprintf(stderr, _("lỗi: không khởi động được SDL: %s\n"), SDL_GetError());
		return -1;
	}
	a->sdl_up = 1;
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) == 0)
		a->snd = sound_new();
	else
		fprintf(stderr, _("checkin-kiosk: không có âm thanh: %s\n"), SDL_GetError());
	if (a->opt.speech || a->ev.speech)
		open_speech(a);
	if (TTF_Init() < 0) {
		fprintf(stderr, _("lỗi: không khởi động được SDL_ttf: %s\n"), TTF_GetError());
		return -1;
	}
	a->ttf_up = 1;
	IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG);
	a->wake_event = SDL_RegisterEvents(1);
	if (open_window(a) < 0)
		return -1;
	a->dr = draw_new(a->ren, assets_dir(), &err);
	if (!a->dr) {
		fprintf(stderr, _("lỗi: %s\n"), err.msg);
		return -1;
	}
	screen_init(&a->scr, a->ev.staff_pin, clock_mono_ms());
	struct view wv = {.organizer = a->ev.organizer, .title = a->ev.title, .date_vi = a->date_vi,
	                  .venue = a->ev.venue, .station = a->station_name, .counts = &a->counts,
	                  .now_ms = clock_now_ms()};
	int64_t t0 = clock_mono_ms();
	draw_warm(a->dr, &a->scr, &wv);
	a->warm_screen_ms = clock_mono_ms() - t0;
	return 0;
}

/* Everything is warm: say so, with what each warm-up took, before the
 * camera's first frame. */
static void say_ready(struct app *a)
{
	int64_t store_ms, checkin_ms;
	int read = 0;
	int64_t scanner_ms = decoder_warm_ms(a->dec, &read);
	station_warm_ms(a->st, &store_ms, &checkin_ms);
	if (a->use_source && !read)
		fprintf(stderr, _("checkin-kiosk: máy quét không đọc được mã thử của nó lúc khởi động\n"));
	fprintf(stderr, _("checkin-kiosk: sẵn sàng sau %lld ms (làm nóng, ms: store=%lld checkin=%lld scanner=%lld "
	                  "screen=%lld)\n"),
	        (long long)(clock_mono_ms() - a->started_ms), (long long)store_ms, (long long)checkin_ms,
	        (long long)scanner_ms, (long long)a->warm_screen_ms);
}

static int open_pipeline(struct app *a)
{
	ck_err err;
	framebox_init(&a->decode_box);
	framebox_init(&a->preview_box);
	a->boxes_up = 1;
	a->use_source = a->opt.frames || strcmp(a->opt.camera, "none");
	struct station_config sc = {.db_path = a->db, .server = a->server, .timeout_ms = a->opt.offline_after_ms,
	                            .station = a->station_name, .notify = wake, .ctx = a};
	if (station_start(&a->st, &sc, &err) < 0) {
		fprintf(stderr, _("lỗi: %s\n"), err.msg);
		return -1;
	}
	struct decoder_config dc = {.frames = a->use_source ? &a->decode_box : NULL,
	                            .repeat_ms = a->opt.debounce_ms, .emit = emit, .ctx = a};
	if (decoder_start(&a->dec, &dc, &err) < 0) {
		fprintf(stderr, _("lỗi: %s\n"), err.msg);
		return -1;
	}
	say_ready(a);
	struct frame_sink sink = {.decode = &a->decode_box, .preview = &a->preview_box, .notify = wake, .ctx = a};
	if (a->opt.frames) {
		sink.lossless = 1;
		if (frames_start(&a->fr, a->opt.frames, a->opt.fps, &sink, &err) < 0) {
			fprintf(stderr, _("lỗi: %s\n"), err.msg);
			return -1;
		}
	} else if (a->use_source) {
		a->cam = camera_start(a->opt.camera, &sink);
	}
	return 0;
}

/* Everything before the loop, in order; -1 at the first failure (said on
 * stderr). app_close undoes whatever was done. */
static int app_open(struct app *a)
{
	a->db = store_path_resolve(a->opt.db);
	if (a->opt.station)
		text_copy(a->station_name, sizeof a->station_name, a->opt.station);
	else if (gethostname(a->station_name, sizeof a->station_name - 1) < 0 || !a->station_name[0])
		snprintf(a->station_name, sizeof a->station_name, "kiosk");
	if (store_is_conninfo(a->db)) {
		/* a door on a shared server: everything local reads its replica */
		ck_err err;
		a->server = a->db;
		if (a->opt.replica)
			text_copy(a->replica, sizeof a->replica, a->opt.replica);
		else if (replica_default_path(a->server, a->station_name, a->replica, sizeof a->replica, &err) < 0) {
			fprintf(stderr, _("lỗi: %s\n"), err.msg);
			return -1;
		}
		if (station_prepare_replica(a->server, a->replica, a->opt.offline_after_ms, &err) < 0) {
			fprintf(stderr, _("lỗi: %s\n"), err.msg);
			return -1;
		}
		a->db = a->replica;
	}
	if (a->opt.screenshots) {
		struct stat sb;
		if (stat(a->opt.screenshots, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
			fprintf(stderr, _("lỗi: không ghi được ảnh màn hình vào '%s': không phải thư mục\n"), a->opt.screenshots);
			return -1;
		}
	}
	if (a->opt.keys && keys_load(&a->keys, a->opt.keys) < 0)
		return -1;
	if (load_event(a) < 0 || open_display(a) < 0 || open_pipeline(a) < 0)
		return -1;
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return 0;
}

static void app_close(struct app *a)
{
	keys_stop(&a->keys); /* it pushes SDL events: before SDL goes */
	int abandoned = 0;
	if (a->boxes_up) {
		framebox_close(&a->decode_box); /* wakes the decoder */
		frames_stop(a->fr);
		abandoned = camera_stop(a->cam);
	}
	decoder_stop(a->dec);
	if (a->st) {
		/* finish, or log, every queued check-in; those committed now are
		 * logged as results too, though no screen shows them any more */
		station_drain(a->st);
		struct station_msg m;
		while (station_poll(a->st, &m)) {
			if (m.type == SMSG_CHECKIN) {
				struct screen_result r;
				screen_result_from(&r, &m.outcome, m.method, m.captured_ms);
				int64_t now = clock_mono_ms();
				struct result_times t = {.captured = m.captured_ms, .queued = m.queued_ms,
				                         .committed = m.done_ms, .drawn = now, .presented = now,
				                         .offline = m.offline};
				snprintf(t.nonce, sizeof t.nonce, "%s", m.nonce);
				resultlog_write(&r, a->station_name, &t);
			}
			station_msg_release(&m);
		}
	}
	station_stop(a->st);
	if (a->boxes_up && !abandoned) { /* else the camera thread may still touch them */
		framebox_destroy(&a->decode_box);
		framebox_destroy(&a->preview_box);
	}
	draw_free(a->dr);
	if (a->ren)
		SDL_DestroyRenderer(a->ren);
	if (a->win)
		SDL_DestroyWindow(a->win);
	if (a->ttf_up) {
		IMG_Quit();
		TTF_Quit();
	}
	speech_stop(a->sp); /* it plays through a->snd */
	sound_free(a->snd);
	if (a->sdl_up)
		SDL_Quit();
	counts_release(&a->counts);
	event_release(&a->ev);
	keys_free(&a->keys);
}

/* --list-cameras: the cameras plugged in, for staff choosing --camera. */
static int list_cameras(void)
{
	struct cam_list l;
	ck_err err;
	if (camlist_scan("/dev", "/dev/v4l/by-id", &l, &err) < 0) {
		fprintf(stderr, _("lỗi: %s\n"), err.msg);
		return 1;
	}
	camlist_print(stdout, &l);
	camlist_free(&l);
	return 0;
}

int main(int argc, char **argv)
{
	static struct app app;
	app.started_ms = clock_mono_ms();
	i18n_init();
	if (argc > 1 && !strcmp(argv[1], "decode"))
		return decode_main(argc - 1, argv + 1);
	int rc = options_parse(argc, argv, &app.opt);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (app.opt.list_cameras)
		return list_cameras();
	rc = app_open(&app);
	if (rc == 0)
		run(&app);
	app_close(&app);
	return rc == 0 ? 0 : 1;
}
