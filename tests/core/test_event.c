/* test_event.c - the event INI file: errors name the right line and reason,
 * indented lines continue a value, over-long lines are refused clearly. */
#include <string.h>
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

	/* the first of several problems is reported, at its own line */
	expect_error("[event]\ntitle = T\n" GOOD_TAIL "staff_pin = 12\nexpected = x\n", 9, "bad staff_pin");
	expect_error("[event]\ntitle = T\nno equals sign here\n" GOOD_TAIL "start = 7:30\n", 3, "syntax error");
	expect_error("[event]\ntitle = T\n" GOOD_TAIL "date = 2023-13-01\nfoo = bar\n", 9, "bad date");

	/* a line longer than libinih's buffer is refused where it is */
	for (int i = 0; i < 40; i++)
		strcat(long_title, "Hội nghị ");
	char text[1200];
	snprintf(text, sizeof text, "[event]\ntitle = %s\n" GOOD_TAIL, long_title);
	expect_error(text, 2, "longer than");

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

	fixture_cleanup();
	return check_summary("test_event");
}
