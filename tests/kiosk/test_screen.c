/* test_screen.c - the kiosk's screen state machine and debouncer, without
 * a window: every transition of the diagram in kiosk/screen.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "checkin/text.h"
#include "debounce.h"
#include "screen.h"

static int failures;

#define CHECK(cond)                                                                 \
	do {                                                                            \
		if (!(cond)) {                                                              \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                                             \
		}                                                                           \
	} while (0)

static struct screen_result result(enum checkin_result r, int64_t id, const char *name)
{
	struct screen_result x;
	memset(&x, 0, sizeof x);
	x.result = r;
	x.method = METHOD_CAMERA;
	x.person.id = id;
	snprintf(x.person.name, sizeof x.person.name, "%s", name);
	x.person.arrived_at = 1698367320000; /* 2023-10-27 00:42 UTC */
	return x;
}

static void type(struct screen *s, const char *text, int64_t now, struct screen_action *a)
{
	screen_text(s, text, now, a);
}

static void test_results(void)
{
	struct screen s;
	struct screen_action a;
	screen_init(&s, "2468", 0);
	CHECK(s.kind == SCREEN_WAITING);
	CHECK(!strcmp(screen_kind_name(s.kind), "waiting"));

	struct screen_result ok = result(CHECKIN_OK, 7, "Nguyễn Thị Hồng");
	unsigned v = s.version;
	CHECK(screen_result(&s, &ok, 1000) == 1);
	CHECK(s.kind == SCREEN_WELCOME && s.version != v);
	CHECK(s.shown.person.id == 7);
	CHECK(screen_tick(&s, 1000 + SCREEN_WELCOME_MS - 1) == 0 && s.kind == SCREEN_WELCOME);
	CHECK(screen_tick(&s, 1000 + SCREEN_WELCOME_MS) == 1 && s.kind == SCREEN_WAITING);

	/* the next scan replaces a result screen at once */
	struct screen_result al = result(CHECKIN_ALREADY, 7, "Nguyễn Thị Hồng");
	screen_result(&s, &ok, 5000);
	screen_result(&s, &al, 5500);
	CHECK(s.kind == SCREEN_ALREADY);
	CHECK(screen_tick(&s, 5500 + SCREEN_WELCOME_MS) == 0); /* already stays longer than welcome */
	CHECK(screen_tick(&s, 5500 + SCREEN_ALREADY_MS) == 1 && s.kind == SCREEN_WAITING);

	enum checkin_result refused[] = {CHECKIN_REVOKED, CHECKIN_FOREIGN, CHECKIN_INVALID};
	for (int i = 0; i < 3; i++) {
		struct screen_result r = result(refused[i], 0, "");
		screen_result(&s, &r, 10000);
		CHECK(s.kind == SCREEN_REFUSED);
		CHECK(screen_refusal_vi(&r)[0] != '\0');
	}
	/* what happened to a revoked code, each in its own words */
	struct screen_result rv = result(CHECKIN_REVOKED, 7, "Nguyễn Thị Hồng");
	rv.revoked = REVOKED_REPLACED;
	CHECK(strstr(screen_refusal_vi(&rv), "giấy mời mới"));
	rv.revoked = REVOKED_VOIDED;
	CHECK(strstr(screen_refusal_vi(&rv), "đã bị thu hồi") && !strstr(screen_refusal_vi(&rv), "mới"));
	rv = result(CHECKIN_REVOKED, 0, "");
	rv.revoked = REVOKED_REMOVED;
	CHECK(strstr(screen_refusal_vi(&rv), "không còn trong danh sách"));
	/* ... also as the outcome core gives it */
	{
		struct checkin_outcome o = {.result = CHECKIN_REVOKED};
		struct screen_result from;
		screen_result_from(&from, &o, METHOD_CAMERA, 5);
		CHECK(from.revoked == REVOKED_REMOVED && from.captured_ms == 5 && from.person.id == 0);
		o.delegate.id = 3;
		o.delegate.name = (char *)"Ba";
		screen_result_from(&from, &o, METHOD_CAMERA, 5);
		CHECK(from.revoked == REVOKED_VOIDED && from.person.id == 3);
		o.delegate.code = (char *)"GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB";
		screen_result_from(&from, &o, METHOD_CAMERA, 5);
		CHECK(from.revoked == REVOKED_REPLACED);
	}
	struct screen_result fr = result(CHECKIN_FOREIGN, 0, ""), inv = result(CHECKIN_INVALID, 0, "");
	CHECK(strstr(screen_refusal_vi(&fr), "hội nghị khác"));
	CHECK(strstr(screen_refusal_vi(&inv), "không hợp lệ"));
	CHECK(screen_tick(&s, 10000 + SCREEN_REFUSED_MS) == 1 && s.kind == SCREEN_WAITING);

	/* a scanner line becomes a scan in waiting and result screens */
	type(&s, "GL23ABCDEFGH", 20000, &a);
	CHECK(a.type == ACT_NONE);
	type(&s, "JKMNPQRSTVWXYZ0123456789AB", 20001, &a);
	screen_key(&s, KEY_ENTER, 20002, &a);
	CHECK(a.type == ACT_SCAN && a.method == METHOD_SCANNER);
	CHECK(!strcmp(a.text, "GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB"));
	CHECK(s.linelen == 0);
	screen_key(&s, KEY_ENTER, 20003, &a); /* an empty line does nothing */
	CHECK(a.type == ACT_NONE);

	/* a stray key press long before a scan does not spoil it */
	type(&s, "x", 20100, &a);
	type(&s, "GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB", 20100 + SCREEN_LINE_STALE_MS + 1, &a);
	screen_key(&s, KEY_ENTER, 20100 + SCREEN_LINE_STALE_MS + 2, &a);
	CHECK(a.type == ACT_SCAN && !strcmp(a.text, "GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB"));
	/* nor does one just before it */
	type(&s, "q", 30000, &a);
	type(&s, "GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB", 30010, &a);
	screen_key(&s, KEY_ENTER, 30020, &a);
	CHECK(a.type == ACT_SCAN && !strcmp(a.text, "GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB"));
	/* anything else is handed on whole, for the rules to refuse */
	type(&s, "hello", 30100, &a);
	screen_key(&s, KEY_ENTER, 30110, &a);
	CHECK(a.type == ACT_SCAN && !strcmp(a.text, "hello"));
	/* ... also a code inside more than a stray key or two (a URL) */
	type(&s, "https://x.vn/?c=GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB", 30200, &a);
	screen_key(&s, KEY_ENTER, 30210, &a);
	CHECK(a.type == ACT_SCAN && !strncmp(a.text, "https://", 8));
	type(&s, "abcdGL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB", 30300, &a); /* SCREEN_STRAY_MAX */
	screen_key(&s, KEY_ENTER, 30310, &a);
	CHECK(a.type == ACT_SCAN && !strcmp(a.text, "GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB"));
	type(&s, "abcdeGL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB", 30400, &a);
	screen_key(&s, KEY_ENTER, 30410, &a);
	CHECK(a.type == ACT_SCAN && !strncmp(a.text, "abcde", 5));
	/* a code with a character too many is not a stray key and another code */
	type(&s, "GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB0", 30500, &a);
	screen_key(&s, KEY_ENTER, 30510, &a);
	CHECK(a.type == ACT_SCAN && !strcmp(a.text, "GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB0"));

	/* Escape does nothing for a delegate; neither does F10 */
	screen_key(&s, KEY_ESCAPE, 20004, &a);
	CHECK(a.type == ACT_NONE && s.kind == SCREEN_WAITING);
	screen_key(&s, KEY_QUIT, 20005, &a);
	screen_key(&s, KEY_QUIT, 20006, &a);
	CHECK(a.type == ACT_NONE);
}

static void test_staff(void)
{
	struct screen s;
	struct screen_action a;
	screen_init(&s, "2468", 0);

	screen_key(&s, KEY_STAFF, 100, &a);
	CHECK(s.kind == SCREEN_STAFF_PIN);
	type(&s, "1111", 200, &a);
	CHECK(a.type == ACT_NONE);
	screen_key(&s, KEY_ENTER, 300, &a);
	CHECK(s.kind == SCREEN_STAFF_PIN && s.staff_msg_bad && a.type == ACT_NONE);
	CHECK(s.linelen == 0);
	/* PIN screen falls back to waiting when left alone */
	CHECK(screen_tick(&s, 300 + SCREEN_PIN_IDLE_MS) == 1 && s.kind == SCREEN_WAITING);

	screen_key(&s, KEY_STAFF, 100000, &a);
	type(&s, "2468", 100001, &a);
	screen_key(&s, KEY_ENTER, 100002, &a);
	CHECK(s.kind == SCREEN_STAFF);

	/* typing searches; Enter checks in the selected delegate */
	type(&s, "hong", 100010, &a);
	CHECK(a.type == ACT_SEARCH && !strcmp(a.text, "hong"));
	screen_key(&s, KEY_BACKSPACE, 100011, &a);
	CHECK(a.type == ACT_SEARCH && !strcmp(a.text, "hon"));
	type(&s, "g", 100012, &a);
	struct screen_person found[3];
	memset(found, 0, sizeof found);
	for (int i = 0; i < 3; i++) {
		found[i].id = 10 + i;
		snprintf(found[i].name, sizeof found[i].name, "Người %d", i);
	}
	screen_found(&s, found, 3, 100020);
	CHECK(s.nfound == 3 && s.selected == 0);
	screen_key(&s, KEY_DOWN, 100021, &a);
	screen_key(&s, KEY_DOWN, 100022, &a);
	screen_key(&s, KEY_DOWN, 100023, &a);
	CHECK(s.selected == 2);
	screen_key(&s, KEY_UP, 100024, &a);
	CHECK(s.selected == 1);
	screen_key(&s, KEY_ENTER, 100025, &a);
	CHECK(a.type == ACT_CHECKIN_ID && a.id == 11 && a.method == METHOD_MANUAL);

	/* a result in staff mode stays in staff mode and marks the row */
	struct screen_result ok = result(CHECKIN_OK, 11, "Người 1");
	CHECK(screen_result(&s, &ok, 100030) == 0);
	CHECK(s.kind == SCREEN_STAFF && s.found[1].arrived_at == ok.person.arrived_at && !s.staff_msg_bad);

	/* a scanner still works in staff mode, also one that sends blanks
	 * after the code (code_strip: the same rule as checkin-admin's) */
	type(&s, "GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB", 100040, &a);
	screen_key(&s, KEY_ENTER, 100041, &a);
	CHECK(a.type == ACT_SCAN);
	type(&s, "GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB \t", 100042, &a);
	screen_key(&s, KEY_ENTER, 100043, &a);
	CHECK(a.type == ACT_SCAN && !strncmp(a.text, "GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB", CODE_LEN));

	screen_key(&s, KEY_UNDO, 100050, &a);
	CHECK(a.type == ACT_UNDO);
	screen_undone(&s, 1, "Người 1", 100051);
	CHECK(s.found[1].arrived_at == 0);
	screen_undone(&s, 0, "chưa có lượt điểm danh nào", 100052);
	CHECK(s.staff_msg_bad);

	/* a staff request that cannot be done says which one failed */
	screen_staff_refused(&s, ACT_SEARCH, "không có đại biểu này", 100053);
	CHECK(s.staff_msg_bad && strstr(s.staff_msg, "Không tìm được") && !strstr(s.staff_msg, "hoàn tác"));
	screen_staff_refused(&s, ACT_CHECKIN_ID, "không có đại biểu này", 100054);
	CHECK(s.staff_msg_bad && strstr(s.staff_msg, "Không điểm danh được"));
	screen_staff_refused(&s, ACT_UNDO, "đại biểu chưa điểm danh", 100055);
	CHECK(s.staff_msg_bad && strstr(s.staff_msg, "Không hoàn tác được"));

	/* in staff mode only what core calls a payload is a scan: a name
	 * in capitals, or letters the code alphabet lacks (I, L, O, U), is
	 * a search */
	type(&s, "GL23ABCDEFGHIKMNPQRSTVWXYZ0123456789AB", 100056, &a);
	screen_key(&s, KEY_ENTER, 100057, &a);
	CHECK(a.type != ACT_SCAN);
	screen_key(&s, KEY_ESCAPE, 100058, &a);
	screen_key(&s, KEY_STAFF, 100059, &a);
	type(&s, "2468", 100059, &a);
	screen_key(&s, KEY_ENTER, 100059, &a);
	CHECK(s.kind == SCREEN_STAFF);

	/* F10 once arms, twice within the window quits; the arm expires */
	screen_key(&s, KEY_QUIT, 100060, &a);
	CHECK(a.type == ACT_NONE);
	screen_tick(&s, 100060 + SCREEN_QUIT_CONFIRM_MS);
	screen_key(&s, KEY_QUIT, 100060 + SCREEN_QUIT_CONFIRM_MS + 1, &a);
	CHECK(a.type == ACT_NONE);
	screen_key(&s, KEY_QUIT, 100060 + SCREEN_QUIT_CONFIRM_MS + 2, &a);
	CHECK(a.type == ACT_QUIT);

	/* Escape leaves staff mode; so does idleness */
	screen_key(&s, KEY_ESCAPE, 200000, &a);
	CHECK(s.kind == SCREEN_WAITING);
	screen_key(&s, KEY_STAFF, 200001, &a);
	type(&s, "2468", 200002, &a);
	screen_key(&s, KEY_ENTER, 200003, &a);
	CHECK(s.kind == SCREEN_STAFF);
	CHECK(screen_tick(&s, 200003 + SCREEN_STAFF_IDLE_MS) == 1 && s.kind == SCREEN_WAITING);

	/* five wrong PINs lock staff mode for a minute */
	screen_key(&s, KEY_STAFF, 300000, &a);
	for (int i = 0; i < SCREEN_PIN_TRIES; i++) {
		type(&s, "0000", 300001 + i, &a);
		screen_key(&s, KEY_ENTER, 300001 + i, &a);
	}
	type(&s, "2468", 300010, &a);
	screen_key(&s, KEY_ENTER, 300011, &a);
	CHECK(s.kind == SCREEN_STAFF_PIN && s.staff_msg_bad);
	type(&s, "2468", 300011 + SCREEN_PIN_LOCK_MS, &a);
	screen_key(&s, KEY_ENTER, 300012 + SCREEN_PIN_LOCK_MS, &a);
	CHECK(s.kind == SCREEN_STAFF);

	/* a delegate's scan during PIN entry shows the delegate's result */
	screen_init(&s, "2468", 0);
	screen_key(&s, KEY_STAFF, 10, &a);
	type(&s, "24", 11, &a);
	struct screen_result r = result(CHECKIN_OK, 3, "Ba");
	CHECK(screen_result(&s, &r, 12) == 1 && s.kind == SCREEN_WELCOME && s.linelen == 0);

	/* no PIN in the event: no staff mode */
	screen_init(&s, "", 0);
	screen_key(&s, KEY_STAFF, 10, &a);
	CHECK(s.kind == SCREEN_WAITING);
}

static void test_problems(void)
{
	struct screen s;
	screen_init(&s, "2468", 0);
	unsigned v = s.version;
	screen_store_error(&s, "database is locked");
	CHECK(s.version != v && !strcmp(s.store_error, "database is locked"));
	v = s.version;
	screen_store_error(&s, "database is locked");
	CHECK(s.version == v);
	screen_store_error(&s, NULL);
	CHECK(s.store_error[0] == '\0' && s.version != v);
	screen_camera(&s, 1);
	CHECK(s.camera_missing);
	screen_camera(&s, 0);
	CHECK(!s.camera_missing);

	/* an overlong line is capped, not overflowed */
	char big[3000];
	memset(big, 'A', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	struct screen_action a;
	screen_text(&s, big, 1, &a);
	CHECK(s.linelen == SCREEN_LINE_MAX - 1);
	screen_key(&s, KEY_ENTER, 2, &a);
	CHECK(a.type == ACT_SCAN && strlen(a.text) == SCREEN_LINE_MAX - 1);

	/* copies (core's text_copy) cut between UTF-8 characters */
	char small[6];
	text_copy(small, sizeof small, "Hồng"); /* H ồ(3 bytes) n g */
	CHECK(!strcmp(small, "Hồn"));
	text_copy(small, 5, "Hồng");
	CHECK(!strcmp(small, "Hồ"));
	text_copy(small, 3, "Hồng");
	CHECK(!strcmp(small, "H"));
	text_copy(small, sizeof small, NULL);
	CHECK(small[0] == '\0');
	CHECK(text_fit("Hồng", 2) == 1 && text_fit("Hồng", 4) == 4 && text_fit("Hồng", 40) == 6);

	/* backspace removes a whole character */
	screen_init(&s, "2468", 0);
	screen_key(&s, KEY_STAFF, 1, &a);
	screen_key(&s, KEY_ENTER, 2, &a);
	type(&s, "24", 3, &a);
	screen_key(&s, KEY_ENTER, 3, &a); /* wrong: too short */
	type(&s, "2468", 4, &a);
	screen_key(&s, KEY_ENTER, 5, &a);
	type(&s, "Đỗ", 6, &a);
	screen_key(&s, KEY_BACKSPACE, 7, &a);
	CHECK(!strcmp(s.line, "Đ"));
}

static void test_debounce(void)
{
	struct debounce d;
	debounce_init(&d, 3000);
	CHECK(debounce_accept(&d, "A", 0) == 1);
	CHECK(debounce_accept(&d, "A", 1000) == 0);
	CHECK(debounce_accept(&d, "B", 1000) == 1);
	/* each sighting renews the window: held up for long, reported once */
	for (int t = 2000; t <= 20000; t += 1000)
		CHECK(debounce_accept(&d, "A", t) == 0);
	CHECK(debounce_accept(&d, "A", 23001) == 1);
	/* many codes: the stalest slot is reused, recent ones are kept */
	for (int i = 0; i < 40; i++) {
		char c[8];
		snprintf(c, sizeof c, "C%d", i);
		CHECK(debounce_accept(&d, c, 30000 + i) == 1);
	}
	CHECK(debounce_accept(&d, "C39", 30100) == 0);
	CHECK(debounce_accept(&d, "C30", 30100) == 0);
}

/* A door's link: a discreet note for staff, empty when all is sent. */
static void test_link_note(void)
{
	struct screen s;
	screen_init(&s, "1234", 0);
	unsigned v = s.version;
	screen_link(&s, 1, 0, 0);
	CHECK(!s.link_note[0] && s.version == v);
	/* 07:12 local time (the test runs in UTC) */
	screen_link(&s, 0, (int64_t)(7 * 3600 + 12 * 60) * 1000, 14);
	CHECK(!strcmp(s.link_note, "Mất kết nối máy chủ từ 07:12 · 14 lượt chờ đồng bộ"));
	CHECK(s.version != v && s.kind == SCREEN_WAITING);
	screen_link(&s, 1, 0, 3);
	CHECK(!strcmp(s.link_note, "Đang đồng bộ · 3 lượt chờ"));
	screen_link(&s, 1, 0, 0);
	CHECK(!s.link_note[0]);
}

/* STAFF_SUBST: after a scan, F3 and the deputy's name (đi thay); the
 * greeting of a delegate with a deputy carries both people. */
static void test_substitute(void)
{
	struct screen s;
	struct screen_action a;
	screen_init(&s, "2468", 0);

	/* a delegate's deputy is part of what a screen shows */
	struct delegate d = {.id = 5, .name = "Nguyễn Văn An", .title = "Chủ tịch", .organization = "UBND huyện",
	                     .sub_name = "Trần Thị Bình", .sub_title = "Phó Chủ tịch", .method = -1};
	struct screen_person dp;
	screen_person_from(&dp, &d);
	CHECK(!strcmp(dp.sub_name, "Trần Thị Bình") && !strcmp(dp.sub_title, "Phó Chủ tịch") && !dp.sub_organization[0]);
	CHECK(!strcmp(dp.name, "Nguyễn Văn An"));

	/* F3 outside staff mode, or in it with nobody to act for, does nothing */
	screen_key(&s, KEY_SUBST, 10, &a);
	CHECK(s.kind == SCREEN_WAITING && a.type == ACT_NONE);
	screen_key(&s, KEY_STAFF, 20, &a);
	type(&s, "2468", 21, &a);
	screen_key(&s, KEY_ENTER, 22, &a);
	CHECK(s.kind == SCREEN_STAFF);
	screen_key(&s, KEY_SUBST, 30, &a);
	CHECK(s.kind == SCREEN_STAFF && s.staff_msg_bad && a.type == ACT_NONE);

	/* a scan in staff mode, then F3: the deputy's name is typed, not searched */
	struct screen_result ok = result(CHECKIN_OK, 7, "Nguyễn Thị Hồng");
	CHECK(screen_result(&s, &ok, 40) == 0 && s.kind == SCREEN_STAFF);
	screen_key(&s, KEY_SUBST, 50, &a);
	CHECK(s.kind == SCREEN_STAFF_SUBST && a.type == ACT_NONE && s.subst_for.id == 7);
	CHECK(!strcmp(screen_kind_name(s.kind), "staff-substitute"));
	CHECK(strstr(s.staff_msg, "Nguyễn Thị Hồng") != NULL);
	screen_key(&s, KEY_UNDO, 55, &a); /* F5 and F10 are not for this screen */
	CHECK(a.type == ACT_NONE && s.kind == SCREEN_STAFF_SUBST);
	screen_key(&s, KEY_QUIT, 56, &a);
	screen_key(&s, KEY_QUIT, 57, &a);
	CHECK(a.type == ACT_NONE && s.kind == SCREEN_STAFF_SUBST);
	screen_key(&s, KEY_ENTER, 58, &a); /* nothing typed: nothing sent */
	CHECK(a.type == ACT_NONE);
	type(&s, "  Lê Văn", 60, &a);
	CHECK(a.type == ACT_NONE); /* no search */
	type(&s, " Cườngx", 61, &a);
	screen_key(&s, KEY_BACKSPACE, 62, &a);
	CHECK(a.type == ACT_NONE);
	type(&s, " ", 63, &a);
	screen_key(&s, KEY_ENTER, 70, &a);
	CHECK(a.type == ACT_SUBSTITUTE && a.id == 7 && !strcmp(a.text, "Lê Văn Cường"));
	CHECK(s.kind == SCREEN_STAFF_SUBST && s.subst_pending);
	/* once: a second Enter before the answer sends nothing */
	screen_key(&s, KEY_ENTER, 71, &a);
	CHECK(a.type == ACT_NONE);
	/* nothing is confirmed before the station has recorded it */
	CHECK(!strstr(s.staff_msg, "Đã ghi"));
	/* refused: stays, the name kept to correct, Enter sends again */
	screen_staff_refused(&s, ACT_SUBSTITUTE, "máy chưa kết nối được máy chủ", 80);
	CHECK(s.kind == SCREEN_STAFF_SUBST && s.staff_msg_bad && !s.subst_pending && s.linelen > 0);
	screen_key(&s, KEY_ENTER, 90, &a);
	CHECK(a.type == ACT_SUBSTITUTE && a.id == 7);
	/* recorded: back to the search, saying who stands in for whom */
	struct screen_person p = ok.person;
	snprintf(p.sub_name, sizeof p.sub_name, "Lê Văn Cường");
	screen_substituted(&s, &p, 100);
	CHECK(s.kind == SCREEN_STAFF && !s.staff_msg_bad && s.linelen == 0);
	CHECK(strstr(s.staff_msg, "Lê Văn Cường") && strstr(s.staff_msg, "đi thay đồng chí Nguyễn Thị Hồng"));
	CHECK(!strcmp(s.shown.person.sub_name, "Lê Văn Cường"));

	/* the search's choice when it is newer than the last result */
	struct screen_person found[2];
	memset(found, 0, sizeof found);
	found[0].id = 20;
	found[1].id = 21;
	snprintf(found[0].name, sizeof found[0].name, "Hai Mươi");
	snprintf(found[1].name, sizeof found[1].name, "Hai Mốt");
	screen_found(&s, found, 2, 110);
	screen_key(&s, KEY_DOWN, 111, &a);
	screen_key(&s, KEY_SUBST, 112, &a);
	CHECK(s.kind == SCREEN_STAFF_SUBST && s.subst_for.id == 21);
	/* Escape: back to the search, nothing recorded */
	type(&s, "Ai đó", 113, &a);
	screen_key(&s, KEY_ESCAPE, 114, &a);
	CHECK(s.kind == SCREEN_STAFF && a.type == ACT_NONE && s.linelen == 0);
	/* a newer scan wins over the search's choice */
	struct screen_result al = result(CHECKIN_ALREADY, 9, "Chín");
	screen_result(&s, &al, 120);
	screen_key(&s, KEY_SUBST, 121, &a);
	CHECK(s.kind == SCREEN_STAFF_SUBST && s.subst_for.id == 9);
	/* a scanned code while typing is a scan, and leaves this screen */
	type(&s, "GL23ABCDEFGHJKMNPQRSTVWXYZ0123456789AB", 130, &a);
	screen_key(&s, KEY_ENTER, 131, &a);
	CHECK(a.type == ACT_SCAN && s.kind == SCREEN_STAFF);
	/* a refused code is no one to act for */
	struct screen_result bad = result(CHECKIN_INVALID, 0, "");
	screen_result(&s, &bad, 140);
	screen_found(&s, found, 0, 141);
	screen_key(&s, KEY_SUBST, 142, &a);
	CHECK(s.kind == SCREEN_STAFF && s.staff_msg_bad);
	/* idle: back to waiting like the search */
	screen_result(&s, &ok, 150);
	screen_key(&s, KEY_SUBST, 151, &a);
	CHECK(s.kind == SCREEN_STAFF_SUBST);
	CHECK(screen_tick(&s, 151 + SCREEN_STAFF_IDLE_MS) == 1 && s.kind == SCREEN_WAITING && !s.subst_pending);

	/* a scan of a delegate with a deputy outside staff mode: welcome, deputy carried */
	struct screen_result dep = result(CHECKIN_OK, 5, "Nguyễn Văn An");
	dep.person = dp;
	CHECK(screen_result(&s, &dep, 200) == 1 && s.kind == SCREEN_WELCOME);
	CHECK(!strcmp(s.shown.person.sub_name, "Trần Thị Bình") && !strcmp(s.shown.person.name, "Nguyễn Văn An"));
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_link_note();
	test_results();
	test_staff();
	test_substitute();
	test_problems();
	test_debounce();
	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	puts("screen: all checks passed");
	return 0;
}
