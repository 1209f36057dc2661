/* screen.h - what the kiosk shows, as a plain state machine.
 *
 * No SDL type appears here: the state machine takes key presses, typed
 * text, check-in results and time stamps (monotonic ms), and tells the
 * caller what to do next through struct screen_action. draw.c turns a
 * struct screen into pixels; main.c feeds it. See screen.c for the
 * state diagram. The caller owns struct screen (plain value, no heap). */
#ifndef KIOSK_SCREEN_H
#define KIOSK_SCREEN_H

#include <stddef.h>
#include <stdint.h>
#include "checkin/checkin.h"

#define SCREEN_TEXT 256      /* one displayed field, bytes */
#define SCREEN_LINE_MAX 512  /* one typed / scanned line, bytes */
#define SCREEN_FOUND_MAX 8   /* staff search results shown */
#define SCREEN_PIN_MAX 16

#define SCREEN_WELCOME_MS 3000
#define SCREEN_ALREADY_MS 4000
#define SCREEN_REFUSED_MS 6000
#define SCREEN_PIN_IDLE_MS 20000
#define SCREEN_STAFF_IDLE_MS 90000
#define SCREEN_QUIT_CONFIRM_MS 5000
#define SCREEN_PIN_TRIES 5
#define SCREEN_PIN_LOCK_MS 60000
#define SCREEN_LINE_STALE_MS 2000 /* outside staff mode, older typing is dropped */
#define SCREEN_STRAY_MAX 4 /* bytes of stray typing before a scanned code (a key or two) */

enum screen_kind {
	SCREEN_WAITING,
	SCREEN_WELCOME,   /* green: checked in now */
	SCREEN_ALREADY,   /* amber: arrived before */
	SCREEN_REFUSED,   /* red: invalid, revoked or foreign code */
	SCREEN_STAFF_PIN, /* staff asked for staff mode, typing the PIN */
	SCREEN_STAFF,     /* staff mode: search, manual check-in, undo, quit */
	SCREEN_STAFF_SUBST /* staff mode: typing the name of a deputy (đi thay) */
};

struct screen_person {
	int64_t id;           /* 0 when unknown */
	char name[SCREEN_TEXT], title[SCREEN_TEXT], organization[SCREEN_TEXT], seat[SCREEN_TEXT];
	int64_t arrived_at;   /* UTC ms of the live check-in, 0 when absent */
	/* the deputy who comes in this delegate's place (đi thay); "" when none */
	char sub_name[SCREEN_TEXT], sub_title[SCREEN_TEXT], sub_organization[SCREEN_TEXT];
};

/* One committed check-in result, as the station reported it. */
struct screen_result {
	enum checkin_result result;
	enum checkin_method method;
	struct screen_person person;  /* id 0 when the code is unknown; arrived_at:
	                               * ok this arrival, already the first (UTC ms) */
	int64_t captured_ms;          /* monotonic ms the input was captured (latency) */
	enum checkin_revoked revoked; /* for CHECKIN_REVOKED: what happened to the code */
};

/* The result to show for a committed outcome (what happened to a revoked
 * code, the person), input by m captured at captured_ms. */
void screen_result_from(struct screen_result *r, const struct checkin_outcome *o, enum checkin_method m,
                        int64_t captured_ms);

/* The fields of d a screen shows (copied, cut at a character). */
void screen_person_from(struct screen_person *p, const struct delegate *d);

enum screen_key {
	KEY_ENTER, KEY_BACKSPACE, KEY_UP, KEY_DOWN, KEY_ESCAPE,
	KEY_STAFF,  /* F2: ask for staff mode */
	KEY_UNDO,   /* F5 in staff mode: undo the last check-in here */
	KEY_SUBST,  /* F3 in staff mode: the delegate just scanned sends a deputy */
	KEY_QUIT    /* F10 in staff mode, twice: leave the kiosk */
};

enum screen_action_type {
	ACT_NONE,
	ACT_SCAN,        /* check in text (scanner line or typed code) */
	ACT_SEARCH,      /* staff search by name: text */
	ACT_CHECKIN_ID,  /* staff manual check-in of id */
	ACT_UNDO,        /* undo the newest check-in at this station */
	ACT_SUBSTITUTE,  /* staff: text comes in place of delegate id (đi thay) */
	ACT_QUIT         /* leave the program */
};

struct screen_action {
	enum screen_action_type type;
	char text[SCREEN_LINE_MAX];
	int64_t id;
	enum checkin_method method;
};

struct screen {
	enum screen_kind kind;
	int64_t entered_ms;          /* when kind was entered */
	int64_t expires_ms;          /* result screens: back to waiting then; 0 never */
	unsigned version;            /* bumped at every visible change */
	struct screen_result shown;  /* the result on a result screen */

	char line[SCREEN_LINE_MAX];  /* text typed since the last Enter */
	size_t linelen;
	int64_t line_ms;             /* when text was last typed */

	/* staff mode */
	const char *pin_expected;    /* borrowed; NULL or "" disables staff mode */
	int pin_failures;
	int64_t pin_locked_until;
	int64_t last_input_ms;
	struct screen_person found[SCREEN_FOUND_MAX];
	size_t nfound, selected;
	char staff_msg[2 * SCREEN_TEXT];
	int staff_msg_bad;           /* staff_msg is a problem, not a confirmation */
	int64_t quit_armed_until;
	int target_scanned;          /* the last result is newer than the search's choice */
	struct screen_person subst_for; /* SCREEN_STAFF_SUBST: whose deputy is typed */
	int subst_pending;           /* the deputy was sent to the station; not yet recorded */

	/* staff-facing problems, shown on every screen */
	char store_error[SCREEN_TEXT];  /* "" when the store is fine */
	int camera_missing;
	/* a door on a server: "" when online with nothing to send, else the
	 * discreet note for staff ("Mất kết nối máy chủ từ 07:12 · 14 lượt chờ
	 * đồng bộ"); the delegate's screen is otherwise the same */
	char link_note[SCREEN_TEXT];
};

/* Start on the waiting screen. pin is borrowed and must outlive s. */
void screen_init(struct screen *s, const char *pin, int64_t now_ms);

/* Typed or scanned text (UTF-8), from any keyboard. */
void screen_text(struct screen *s, const char *utf8, int64_t now_ms, struct screen_action *act);
/* A special key. Fills act (ACT_NONE when nothing is to be done). */
void screen_key(struct screen *s, enum screen_key key, int64_t now_ms, struct screen_action *act);

/* A committed check-in. Returns nonzero when it is shown full screen. */
int screen_result(struct screen *s, const struct screen_result *r, int64_t now_ms);
/* Staff search results (copied). */
void screen_found(struct screen *s, const struct screen_person *p, size_t n, int64_t now_ms);
/* The outcome of an undo, for staff: ok nonzero when done. */
void screen_undone(struct screen *s, int ok, const char *name_or_error, int64_t now_ms);
/* The deputy of ACT_SUBSTITUTE is recorded (durably): p is the delegate
 * as read after it, with the deputy. Back to SCREEN_STAFF, saying so. */
void screen_substituted(struct screen *s, const struct screen_person *p, int64_t now_ms);
/* A staff request (ACT_SEARCH, ACT_CHECKIN_ID, ACT_UNDO, ACT_SUBSTITUTE)
 * could not be done, and why (Vietnamese). */
void screen_staff_refused(struct screen *s, enum screen_action_type what, const char *why, int64_t now_ms);
/* The store failed (msg) or works again (msg NULL). */
void screen_store_error(struct screen *s, const char *msg);
void screen_camera(struct screen *s, int missing);
/* The door's link: online or not, since when (UTC ms, local time shown), entries waiting. */
void screen_link(struct screen *s, int online, int64_t offline_since_ms, int64_t outbox);

/* Time passes: result screens and idle staff mode fall back to waiting.
 * Returns nonzero when the screen changed. */
int screen_tick(struct screen *s, int64_t now_ms);

const char *screen_kind_name(enum screen_kind k); /* "waiting", "welcome", ... */


/* Plain-words Vietnamese reason for a refused result: for a revoked code,
 * whether it was replaced, revoked, or its delegate taken off the roster. */
const char *screen_refusal_vi(const struct screen_result *r);

#endif
