/* screen.c - the kiosk's screens as a state machine, free of SDL.
 *
 * Everything that decides what a delegate or staff member sees lives here,
 * so that it can be tested without a window (tests/kiosk/test_screen.c).
 * Inputs are typed text and keys (screen_text, screen_key), committed
 * results from the station (screen_result), staff search results
 * (screen_found, screen_undone) and the passing of time (screen_tick).
 * Outputs are the struct itself, drawn by draw.c, and actions for main.c
 * to hand to the decoder or the station (check in, search, undo, quit).
 *
 *                       screen_result(ok)
 *            +------------------------------------> WELCOME --+
 *            |          screen_result(already)                |
 *            +------------------------------------> ALREADY --+ screen_tick
 *            |          screen_result(revoked|foreign|invalid)| (3/4/6 s)
 *            +------------------------------------> REFUSED --+
 *            |                                                |
 *   --> WAITING <---------------------------------------------+
 *        ^   |        (a result screen is replaced at once by
 *        |   |         the next screen_result)
 *        |   | screen_key(KEY_STAFF)
 *        |   v
 *        +- STAFF_PIN -- screen_key(KEY_ENTER), right PIN --> STAFF
 *        |   screen_key(KEY_ESCAPE), screen_tick (20 s idle),    |
 *        |   wrong PIN (lock after 5), screen_result -> result   |
 *        |                                                       |
 *        +------- screen_key(KEY_ESCAPE), screen_tick (90 s idle)+
 *                 STAFF: screen_text -> ACT_SEARCH, KEY_ENTER ->
 *                 ACT_CHECKIN_ID, KEY_UNDO -> ACT_UNDO,
 *                 KEY_QUIT twice within 5 s -> ACT_QUIT
 *
 *   STAFF -- screen_key(KEY_SUBST), a delegate to act for --> STAFF_SUBST
 *     ^        (the last result's, or the search's choice       |
 *     |         when that is newer)                             |
 *     +-- screen_substituted (recorded), KEY_ESCAPE, a scanned  |
 *         code (-> ACT_SCAN) -----------------------------------+
 *         STAFF_SUBST: screen_text types the deputy's name,
 *         KEY_ENTER -> ACT_SUBSTITUTE (once until the station answers;
 *         screen_staff_refused keeps the name to correct),
 *         screen_tick (90 s idle) -> WAITING
 *
 * A scanner types its code and Enter: screen_key(KEY_ENTER) turns the
 * line into ACT_SCAN in every state (in STAFF_PIN and STAFF only when the
 * line is, or ends with, something shaped like an invitation payload;
 * else it is the PIN or the search). Outside staff mode, typing older
 * than SCREEN_LINE_STALE_MS is dropped, so a stray key press does not
 * spoil the next scan. Nothing but KEY_QUIT in staff mode ever asks to
 * quit. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "checkin/code.h"
#include "checkin/text.h"
#include "checkin/clock.h"
#include "checkin/i18n.h"
#include "screen.h"

#define copy text_copy

static void enter(struct screen *s, enum screen_kind k, int64_t now, int64_t duration)
{
	s->kind = k;
	s->entered_ms = now;
	s->expires_ms = duration ? now + duration : 0;
	s->version++;
}

static void clear_line(struct screen *s)
{
	s->line[0] = '\0';
	s->linelen = 0;
}

static void none(struct screen_action *act)
{
	act->type = ACT_NONE;
	act->text[0] = '\0';
	act->id = 0;
	act->method = METHOD_SCANNER;
}

/* An invitation payload as a scanner types it (code_shaped: the grammar
 * lives in core; blanks after it do not count, code_strip). It may follow
 * other typing: in staff mode what staff had typed, outside it a stray key
 * press or two (at most SCREEN_STRAY_MAX bytes, and not a character a code
 * is made of, so that a code with one character too many is not read as a
 * stray key and another code); then the last CODE_LEN characters before
 * any blanks are the payload. Anything longer that merely ends like one
 * ("https://...?code=GL23...") is not: outside staff mode it goes to the
 * rules whole, to be refused, as checkin-admin refuses it. NULL when there
 * is none. */
static const char *payload_in(const char *line, int staff)
{
	size_t n;
	const char *bare = code_strip(line, &n);
	n += (size_t)(bare - line); /* up to the blanks at the end */
	if (n < CODE_LEN || !code_shaped(line + n - CODE_LEN, CODE_LEN))
		return NULL;
	if (!staff && n > CODE_LEN) {
		char before = line[n - CODE_LEN - 1];
		if (n - CODE_LEN > SCREEN_STRAY_MAX || (before >= '0' && before <= '9') || (before >= 'A' && before <= 'Z'))
			return NULL;
	}
	return line + n - CODE_LEN;
}

/* Staff mode's screens: the PIN, the search, typing a deputy's name. */
static int in_staff(const struct screen *s)
{
	return s->kind == SCREEN_STAFF_PIN || s->kind == SCREEN_STAFF || s->kind == SCREEN_STAFF_SUBST;
}

static int staff_enabled(const struct screen *s)
{
	return s->pin_expected && s->pin_expected[0];
}

static void staff_message(struct screen *s, int bad, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void staff_message(struct screen *s, int bad, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->staff_msg, sizeof s->staff_msg, fmt, ap);
	va_end(ap);
	s->staff_msg_bad = bad;
	s->version++;
}

void screen_init(struct screen *s, const char *pin, int64_t now_ms)
{
	memset(s, 0, sizeof *s);
	s->pin_expected = pin;
	enter(s, SCREEN_WAITING, now_ms, 0);
}

const char *screen_kind_name(enum screen_kind k)
{
	switch (k) {
	case SCREEN_WAITING: return "waiting";
	case SCREEN_WELCOME: return "welcome";
	case SCREEN_ALREADY: return "already";
	case SCREEN_REFUSED: return "refused";
	case SCREEN_STAFF_PIN: return "staff-pin";
	case SCREEN_STAFF: return "staff";
	case SCREEN_STAFF_SUBST: return "staff-substitute";
	}
	return "unknown";
}

const char *screen_refusal_vi(const struct screen_result *r)
{
	switch (r->result) {
	case CHECKIN_REVOKED:
		switch (r->revoked) {
		case REVOKED_REPLACED: return _("Giấy mời này đã được thay bằng giấy mời mới");
		case REVOKED_VOIDED: return _("Giấy mời này đã bị thu hồi");
		case REVOKED_REMOVED: return _("Đại biểu không còn trong danh sách");
		}
		return _("Giấy mời này đã bị thu hồi");
	case CHECKIN_FOREIGN: return _("Đây là giấy mời của hội nghị khác");
	default: return _("Mã QR không hợp lệ");
	}
}

void screen_result_from(struct screen_result *r, const struct checkin_outcome *o, enum checkin_method m,
                        int64_t captured_ms)
{
	memset(r, 0, sizeof *r);
	r->result = o->result;
	r->method = m;
	r->captured_ms = captured_ms;
	if (o->result == CHECKIN_REVOKED)
		r->revoked = checkin_revoked_why(o);
	screen_person_from(&r->person, &o->delegate);
}

void screen_text(struct screen *s, const char *utf8, int64_t now_ms, struct screen_action *act)
{
	none(act);
	int staff = in_staff(s);
	if (!staff && s->linelen && now_ms - s->line_ms > SCREEN_LINE_STALE_MS)
		clear_line(s); /* a stray key press must not spoil the next scan */
	s->line_ms = now_ms;
	size_t n = strlen(utf8);
	if (s->linelen + n >= sizeof s->line)
		n = sizeof s->line - 1 - s->linelen; /* cap: an overlong line is refused as invalid */
	memcpy(s->line + s->linelen, utf8, n);
	s->linelen += n;
	s->line[s->linelen] = '\0';
	if (staff) {
		s->last_input_ms = now_ms;
		s->version++;
	}
	if (s->kind == SCREEN_STAFF) {
		act->type = ACT_SEARCH;
		copy(act->text, sizeof act->text, s->line);
	}
}

static void pin_enter(struct screen *s, int64_t now)
{
	if (now < s->pin_locked_until) {
		staff_message(s, 1, _("Đã nhập sai quá nhiều lần, vui lòng đợi một phút%s"), "");
	} else if (!strcmp(s->line, s->pin_expected)) {
		s->pin_failures = 0;
		s->nfound = s->selected = 0;
		s->quit_armed_until = 0;
		staff_message(s, 0, _("Nhập tên đại biểu để tìm%s"), "");
		enter(s, SCREEN_STAFF, now, 0);
	} else if (++s->pin_failures >= SCREEN_PIN_TRIES) {
		s->pin_failures = 0;
		s->pin_locked_until = now + SCREEN_PIN_LOCK_MS;
		staff_message(s, 1, _("Đã nhập sai quá nhiều lần, vui lòng đợi một phút%s"), "");
	} else {
		staff_message(s, 1, _("Mã PIN không đúng%s"), "");
	}
	clear_line(s);
	s->version++;
}

/* F3 in staff mode: act for the delegate of the newest of the last result
 * and the search's choice. */
static void subst_start(struct screen *s, int64_t now)
{
	const struct screen_person *p = NULL;
	int scanned = s->shown.person.id && (s->shown.result == CHECKIN_OK || s->shown.result == CHECKIN_ALREADY);
	if (s->nfound && (!s->target_scanned || !scanned))
		p = &s->found[s->selected];
	else if (scanned)
		p = &s->shown.person;
	if (!p) {
		staff_message(s, 1, _("Quét giấy mời (hoặc tìm tên) của đại biểu được mời trước, rồi nhấn F3%s"), "");
		return;
	}
	s->subst_for = *p;
	s->subst_pending = 0;
	clear_line(s);
	staff_message(s, 0, _("Gõ họ tên người đi thay đồng chí %s rồi nhấn Enter"), p->name);
	enter(s, SCREEN_STAFF_SUBST, now, 0);
}

/* Enter on the deputy's name: ask the station to record it, once. */
static void subst_enter(struct screen *s, struct screen_action *act)
{
	size_t n;
	const char *name = code_strip(s->line, &n); /* blanks around do not count */
	if (s->subst_pending || n == 0)
		return;
	act->type = ACT_SUBSTITUTE;
	act->id = s->subst_for.id;
	act->method = METHOD_MANUAL;
	copy(act->text, sizeof act->text, name);
	act->text[n < sizeof act->text ? n : sizeof act->text - 1] = '\0';
	s->subst_pending = 1;
	staff_message(s, 0, _("Đang ghi người đi thay…%s"), "");
}

void screen_substituted(struct screen *s, const struct screen_person *p, int64_t now_ms)
{
	if (s->shown.person.id == p->id)
		s->shown.person = *p;
	for (size_t i = 0; i < s->nfound; i++)
		if (s->found[i].id == p->id)
			s->found[i] = *p;
	s->subst_pending = 0;
	clear_line(s);
	staff_message(s, 0, _("Đã ghi: %s đi thay đồng chí %s"), p->sub_name, p->name);
	if (s->kind == SCREEN_STAFF_SUBST)
		enter(s, SCREEN_STAFF, now_ms, 0);
}

void screen_key(struct screen *s, enum screen_key key, int64_t now_ms, struct screen_action *act)
{
	none(act);
	int staff = in_staff(s);
	if (staff)
		s->last_input_ms = now_ms;

	switch (key) {
	case KEY_ENTER:
		if (s->linelen == 0)
			return;
		const char *payload = payload_in(s->line, staff);
		if (!payload && !staff)
			payload = s->line; /* not ours, but let the rules say why */
		if (payload) {
			act->type = ACT_SCAN;
			act->method = METHOD_SCANNER;
			copy(act->text, sizeof act->text, payload);
			clear_line(s);
			if (s->kind == SCREEN_STAFF_SUBST && !s->subst_pending) /* a new delegate to act for */
				enter(s, SCREEN_STAFF, now_ms, 0);
			if (staff)
				s->version++;
			return;
		}
		if (s->kind == SCREEN_STAFF_PIN) {
			pin_enter(s, now_ms);
			return;
		}
		if (s->kind == SCREEN_STAFF_SUBST) {
			subst_enter(s, act);
			return;
		}
		/* STAFF: check in the selected delegate of the search. */
		if (s->nfound > 0) {
			act->type = ACT_CHECKIN_ID;
			act->method = METHOD_MANUAL;
			act->id = s->found[s->selected].id;
		}
		return;
	case KEY_BACKSPACE:
		if (s->linelen == 0)
			return;
		do
			s->linelen--;
		while (s->linelen > 0 && ((unsigned char)s->line[s->linelen] & 0xC0) == 0x80);
		s->line[s->linelen] = '\0';
		if (staff)
			s->version++;
		if (s->kind == SCREEN_STAFF) {
			act->type = ACT_SEARCH;
			copy(act->text, sizeof act->text, s->line);
		}
		return;
	case KEY_UP:
	case KEY_DOWN:
		if (s->kind != SCREEN_STAFF || s->nfound == 0)
			return;
		if (key == KEY_UP && s->selected > 0)
			s->selected--;
		else if (key == KEY_DOWN && s->selected + 1 < s->nfound)
			s->selected++;
		s->target_scanned = 0;
		s->version++;
		return;
	case KEY_ESCAPE:
		if (!staff)
			return; /* a delegate pressing Escape changes nothing */
		clear_line(s);
		if (s->kind == SCREEN_STAFF_SUBST) { /* back to the search, nothing recorded */
			s->subst_pending = 0;
			staff_message(s, 0, _("Không ghi người đi thay%s"), "");
			enter(s, SCREEN_STAFF, now_ms, 0);
			return;
		}
		s->staff_msg[0] = '\0';
		enter(s, SCREEN_WAITING, now_ms, 0);
		return;
	case KEY_STAFF:
		if (staff || !staff_enabled(s))
			return;
		clear_line(s);
		s->last_input_ms = now_ms;
		if (now_ms < s->pin_locked_until)
			staff_message(s, 1, _("Đã nhập sai quá nhiều lần, vui lòng đợi một phút%s"), "");
		else
			staff_message(s, 0, _("Nhập mã PIN rồi nhấn Enter%s"), "");
		enter(s, SCREEN_STAFF_PIN, now_ms, 0);
		return;
	case KEY_UNDO:
		if (s->kind != SCREEN_STAFF)
			return;
		act->type = ACT_UNDO;
		return;
	case KEY_SUBST:
		if (s->kind == SCREEN_STAFF)
			subst_start(s, now_ms);
		return;
	case KEY_QUIT:
		if (s->kind != SCREEN_STAFF)
			return;
		if (now_ms < s->quit_armed_until) {
			act->type = ACT_QUIT;
			return;
		}
		s->quit_armed_until = now_ms + SCREEN_QUIT_CONFIRM_MS;
		staff_message(s, 1, _("Nhấn F10 lần nữa để thoát chương trình%s"), "");
		return;
	}
}

static void staff_result(struct screen *s, const struct screen_result *r)
{
	char name[3 * SCREEN_TEXT];
	if (!r->person.id)
		name[0] = '\0';
	else if (r->person.sub_name[0])
		snprintf(name, sizeof name, _("%s (đi thay đồng chí %s)"), r->person.sub_name, r->person.name);
	else
		snprintf(name, sizeof name, "%s", r->person.name);
	for (size_t i = 0; i < s->nfound; i++)
		if (s->found[i].id == r->person.id && r->person.id)
			s->found[i].arrived_at = r->person.arrived_at;
	switch (r->result) {
	case CHECKIN_OK: staff_message(s, 0, _("Đã điểm danh: %s"), name); break;
	case CHECKIN_ALREADY: staff_message(s, 0, _("Đã điểm danh từ trước: %s"), name); break;
	default: staff_message(s, 1, _("Không điểm danh được: %s"), screen_refusal_vi(r)); break;
	}
}

int screen_result(struct screen *s, const struct screen_result *r, int64_t now_ms)
{
	s->shown = *r;
	s->target_scanned = r->person.id != 0;
	if (s->kind == SCREEN_STAFF || s->kind == SCREEN_STAFF_SUBST) {
		staff_result(s, r);
		return 0;
	}
	if (s->kind == SCREEN_STAFF_PIN)
		clear_line(s);
	switch (r->result) {
	case CHECKIN_OK: enter(s, SCREEN_WELCOME, now_ms, SCREEN_WELCOME_MS); break;
	case CHECKIN_ALREADY: enter(s, SCREEN_ALREADY, now_ms, SCREEN_ALREADY_MS); break;
	default: enter(s, SCREEN_REFUSED, now_ms, SCREEN_REFUSED_MS); break;
	}
	return 1;
}

void screen_found(struct screen *s, const struct screen_person *p, size_t n, int64_t now_ms)
{
	(void)now_ms;
	if (n > SCREEN_FOUND_MAX)
		n = SCREEN_FOUND_MAX;
	memcpy(s->found, p, n * sizeof *p);
	s->nfound = n;
	s->target_scanned = 0;
	if (s->selected >= n)
		s->selected = n ? n - 1 : 0;
	s->version++;
}

void screen_undone(struct screen *s, int ok, const char *name_or_error, int64_t now_ms)
{
	(void)now_ms;
	if (ok) {
		for (size_t i = 0; i < s->nfound; i++)
			if (!strcmp(s->found[i].name, name_or_error))
				s->found[i].arrived_at = 0;
		staff_message(s, 0, _("Đã hoàn tác điểm danh của %s"), name_or_error);
	} else {
		staff_message(s, 1, _("Không hoàn tác được: %s"), name_or_error);
	}
}

void screen_staff_refused(struct screen *s, enum screen_action_type what, const char *why, int64_t now_ms)
{
	(void)now_ms;
	switch (what) {
	case ACT_SEARCH: staff_message(s, 1, _("Không tìm được: %s"), why); break;
	case ACT_CHECKIN_ID: staff_message(s, 1, _("Không điểm danh được: %s"), why); break;
	case ACT_UNDO: staff_message(s, 1, _("Không hoàn tác được: %s"), why); break;
	case ACT_SUBSTITUTE:
		s->subst_pending = 0;
		staff_message(s, 1, _("Không ghi được người đi thay: %s"), why);
		break;
	default: staff_message(s, 1, "%s", why); break;
	}
}

void screen_person_from(struct screen_person *p, const struct delegate *d)
{
	memset(p, 0, sizeof *p);
	p->id = d->id;
	copy(p->name, sizeof p->name, d->name);
	copy(p->title, sizeof p->title, d->title);
	copy(p->organization, sizeof p->organization, d->organization);
	copy(p->seat, sizeof p->seat, d->seat);
	p->arrived_at = d->arrived_at;
	copy(p->sub_name, sizeof p->sub_name, d->sub_name);
	copy(p->sub_title, sizeof p->sub_title, d->sub_title);
	copy(p->sub_organization, sizeof p->sub_organization, d->sub_organization);
}

void screen_store_error(struct screen *s, const char *msg)
{
	char next[SCREEN_TEXT];
	copy(next, sizeof next, msg);
	if (strcmp(next, s->store_error)) {
		memcpy(s->store_error, next, sizeof next);
		s->version++;
	}
}

void screen_link(struct screen *s, int online, int64_t offline_since_ms, int64_t outbox)
{
	char next[SCREEN_TEXT] = "", when[16];
	if (!online) {
		clock_local(offline_since_ms, "%H:%M", when, sizeof when);
		snprintf(next, sizeof next, _("Mất kết nối máy chủ từ %s · %lld lượt chờ đồng bộ"), when, (long long)outbox);
	} else if (outbox > 0) {
		snprintf(next, sizeof next, _("Đang đồng bộ · %lld lượt chờ"), (long long)outbox);
	}
	if (strcmp(next, s->link_note)) {
		memcpy(s->link_note, next, sizeof next);
		s->version++;
	}
}

void screen_camera(struct screen *s, int missing)
{
	if (!!missing != s->camera_missing) {
		s->camera_missing = !!missing;
		s->version++;
	}
}

int screen_tick(struct screen *s, int64_t now_ms)
{
	switch (s->kind) {
	case SCREEN_WELCOME:
	case SCREEN_ALREADY:
	case SCREEN_REFUSED:
		if (s->expires_ms && now_ms >= s->expires_ms) {
			enter(s, SCREEN_WAITING, now_ms, 0);
			return 1;
		}
		return 0;
	case SCREEN_STAFF_PIN:
	case SCREEN_STAFF:
	case SCREEN_STAFF_SUBST: {
		int64_t idle = s->kind != SCREEN_STAFF_PIN ? SCREEN_STAFF_IDLE_MS : SCREEN_PIN_IDLE_MS;
		if (now_ms - s->last_input_ms >= idle) {
			clear_line(s);
			s->subst_pending = 0;
			s->staff_msg[0] = '\0';
			enter(s, SCREEN_WAITING, now_ms, 0);
			return 1;
		}
		if (s->quit_armed_until && now_ms >= s->quit_armed_until) {
			s->quit_armed_until = 0;
			s->staff_msg[0] = '\0';
			s->version++;
			return 1;
		}
		return 0;
	}
	case SCREEN_WAITING:
		return 0;
	}
	return 0;
}
