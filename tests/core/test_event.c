/* test_event.c - the event INI file: errors name the right line and reason,
 * indented lines continue a value, over-long lines are refused clearly, a
 * time zone must be in the tz database. */
#include <string.h>
#include <sys/stat.h>
#include "check.h"
#include "checkin/event.h"
#include "fixture.h"

static const char *write_ini(const char *name, const char *text)
{
	static char path[400];
	snprintf(path, sizeof path, "%s/%s", fixture_dir, name);
	fixture_write(path, text);
	return path;
}

#define NO_TZ_TAIL "organizer = UBND\nvenue = Hội trường 2/9\ndate = 2023-10-27\nstart = 07:30\ntag = GL23\n"
#define GOOD_TAIL "organizer = UBND\nvenue = Hội trường 2/9\ndate = 2023-10-27\nstart = 07:30\n" \
                  "timezone = Asia/Ho_Chi_Minh\ntag = GL23\n"

/* event_load of text must fail with "FILE:LINE: ..." containing want. */
static void expect_error(const char *text, int line, const char *want)
{
	struct event ev;
	ck_err err;
	char prefix[480];
	const char *path = write_ini("e.ini", text);
	int rc = event_load(path, &ev, &err);
	snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
	CHECK_MSG(rc < 0 && !strncmp(err.msg, prefix, strlen(prefix)) && strstr(err.msg, want),
	          "want '%s%s', got '%s'", prefix, want, rc < 0 ? err.msg : "success");
	CHECK(ev.title == NULL);
}

int main(void)
{
	struct event ev;
	ck_err err;
	char long_title[600] = "";

	fixture_db_path(); /* makes fixture_dir */

	/* a continuation line is joined to the value, not put in its place */
	const char *path = write_ini("ok.ini", "[event]\ntitle = Hội nghị sơ kết\n  nông thôn mới\n" GOOD_TAIL);
	CHECK_MSG(event_load(path, &ev, &err) == 0, "%s", err.msg);
	CHECK(ev.title && !strcmp(ev.title, "Hội nghị sơ kết nông thôn mới"));
	event_release(&ev);

	/* speech: off unless on (the kiosk's spoken greeting) */
	CHECK(ev.speech == 0);
	path = write_ini("speech.ini", "[event]\ntitle = T\n" GOOD_TAIL "speech = on\n");
	CHECK_MSG(event_load(path, &ev, &err) == 0, "%s", err.msg);
	CHECK(ev.speech == 1);
	event_release(&ev);
	path = write_ini("speech.ini", "[event]\ntitle = T\n" GOOD_TAIL "speech = Off\n");
	CHECK_MSG(event_load(path, &ev, &err) == 0 && ev.speech == 0, "%s", err.msg);
	event_release(&ev);
	expect_error("[event]\ntitle = T\n" GOOD_TAIL "speech = loud\n", 9, "'loud'");

	/* the first of several problems is reported, at its own line */
	expect_error("[event]\ntitle = T\n" GOOD_TAIL "staff_pin = 12\nexpected = x\n", 9, "staff_pin không hợp lệ");
	expect_error("[event]\ntitle = T\nno equals sign here\n" GOOD_TAIL "start = 7:30\n", 3, "sai cú pháp");
	expect_error("[event]\ntitle = T\n" GOOD_TAIL "date = 2023-13-01\nfoo = bar\n", 9, "date '2023-13-01' không hợp lệ");

	/* a line longer than libinih's buffer is refused where it is */
	for (int i = 0; i < 40; i++)
		strcat(long_title, "Hội nghị ");
	char text[1200];
	snprintf(text, sizeof text, "[event]\ntitle = %s\n" GOOD_TAIL, long_title);
	expect_error(text, 2, "dài quá");

	/* the longest line that fits, with CRLF line ends, is accepted whole */
	char fit[200];
	memset(fit, 'x', sizeof fit);
	snprintf(fit, sizeof fit, "title = ");
	fit[8] = 'x';
	fit[198] = 0; /* 198 bytes, then CR LF */
	snprintf(text, sizeof text, "[event]\r\n%s\r\n" GOOD_TAIL, fit);
	path = write_ini("crlf.ini", text);
	CHECK_MSG(event_load(path, &ev, &err) == 0, "%s", err.msg);
	CHECK(ev.title && strlen(ev.title) == 198 - 8);
	event_release(&ev);

	/* a misspelt time zone is refused, not taken for UTC (issue 11, item 4) */
	expect_error("[event]\ntitle = T\n" GOOD_TAIL "timezone = Asia/Ho_Chi_Mihn\n", 9,
	             "không biết múi giờ 'Asia/Ho_Chi_Mihn'");
	{
		char want[600];
		path = write_ini("tz.ini", "[event]\ntitle = T\n" GOOD_TAIL "timezone = Asia/Ho_Chi_Mihn\n");
		snprintf(want, sizeof want, "%s:9: không biết múi giờ 'Asia/Ho_Chi_Mihn'", path);
		CHECK_MSG(event_load(path, &ev, &err) < 0 && !strcmp(err.msg, want) && err.kind == CK_INVALID,
		          "want '%s', got '%s'", want, err.msg);
	}
	/* names that leave the database, directories and non-zone files */
	expect_error("[event]\ntitle = T\n" GOOD_TAIL "timezone = ../zoneinfo/UTC\n", 9, "không biết múi giờ");
	expect_error("[event]\ntitle = T\n" GOOD_TAIL "timezone = /usr/share/zoneinfo/UTC\n", 9, "không biết múi giờ");
	expect_error("[event]\ntitle = T\n" GOOD_TAIL "timezone = Asia\n", 9, "không biết múi giờ");
	expect_error("[event]\ntitle = T\n" GOOD_TAIL "timezone = UTC+7\n", 9, "không biết múi giờ");
	/* the database is $TZDIR when set: a zone file there is taken, and a
	 * file there that is not a zone is not */
	{
		char dir[400], zone[450];
		snprintf(dir, sizeof dir, "%s/zi", fixture_dir);
		mkdir(dir, 0700);
		snprintf(zone, sizeof zone, "%s/Test_Zone", dir);
		fixture_write(zone, "TZif2 not really, but the magic is what is checked\n");
		snprintf(zone, sizeof zone, "%s/Not_Zone", dir);
		fixture_write(zone, "hello\n");
		setenv("TZDIR", dir, 1);
		path = write_ini("tzdir.ini", "[event]\ntitle = T\n" NO_TZ_TAIL "timezone = Test_Zone\n");
		CHECK_MSG(event_load(path, &ev, &err) == 0, "%s", err.msg);
		CHECK(ev.timezone && !strcmp(ev.timezone, "Test_Zone"));
		event_release(&ev);
		expect_error("[event]\ntitle = T\n" NO_TZ_TAIL "timezone = Not_Zone\n", 8, "không biết múi giờ 'Not_Zone'");
		expect_error("[event]\ntitle = T\n" GOOD_TAIL, 7, "không biết múi giờ 'Asia/Ho_Chi_Minh'");
		unsetenv("TZDIR");
	}
	/* the sample event's zone and UTC are in the system's database */
	path = write_ini("utc.ini", "[event]\ntitle = T\n" GOOD_TAIL "timezone = UTC\n");
	CHECK_MSG(event_load(path, &ev, &err) == 0, "%s", err.msg);
	event_release(&ev);

	fixture_cleanup();
	return check_summary("test_event");
}
