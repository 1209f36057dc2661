/* event.c - reading the event's INI file (libinih) and presenting its date.
 *
 * The INI file is the secretariat's description of the conference; it is
 * read once by 'checkin-admin init' and then lives in the store. Every
 * problem is reported as FILE:LINE with the key at fault. */
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "code.h"
#include "event.h"
#include "text.h"

struct parse_state {
	struct event *ev;
	char problem[256];
};

static int valid_date(const char *s, struct tm *tm)
{
	int y, m, d;
	char extra;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	memset(tm, 0, sizeof *tm);
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = 12;
	time_t t = timegm(tm);
	struct tm back;
	gmtime_r(&t, &back);
	*tm = back;
	return back.tm_mday == d && back.tm_mon == m - 1;
}

static int valid_hm(const char *s)
{
	int h, m;
	char extra;
	return sscanf(s, "%2d:%2d%c", &h, &m, &extra) == 2 && h >= 0 && h < 24 && m >= 0 && m < 60 &&
	       strlen(s) == 5;
}

static int on_pair(void *user, const char *section, const char *key, const char *value)
{
	struct parse_state *ps = user;
	struct event *ev = ps->ev;
	char **slot = NULL;

	if (strcmp(section, "event") != 0) {
		snprintf(ps->problem, sizeof ps->problem, "unknown section '[%s]'", section);
		return 0;
	}
	if (!strcmp(key, "title")) slot = &ev->title;
	else if (!strcmp(key, "organizer")) slot = &ev->organizer;
	else if (!strcmp(key, "venue")) slot = &ev->venue;
	else if (!strcmp(key, "address")) slot = &ev->address;
	else if (!strcmp(key, "date")) slot = &ev->date;
	else if (!strcmp(key, "start")) slot = &ev->start;
	else if (!strcmp(key, "end")) slot = &ev->end;
	else if (!strcmp(key, "doors_open")) slot = &ev->doors_open;
	else if (!strcmp(key, "timezone")) slot = &ev->timezone;
	else if (!strcmp(key, "tag")) slot = &ev->tag;
	else if (!strcmp(key, "staff_pin")) slot = &ev->staff_pin;
	else if (!strcmp(key, "expected")) {
		char *end;
		long n = strtol(value, &end, 10);
		if (!*value || *end || n < 0 || n > 1000000) {
			snprintf(ps->problem, sizeof ps->problem, "'expected' must be a whole number, not '%s'", value);
			return 0;
		}
		ev->expected = (int)n;
		return 1;
	} else {
		snprintf(ps->problem, sizeof ps->problem, "unknown key '%s'", key);
		return 0;
	}
	char *v = text_nfc(value, strlen(value));
	if (!v) {
		snprintf(ps->problem, sizeof ps->problem, "'%s' is not valid UTF-8", key);
		return 0;
	}
	free(*slot);
	*slot = v;
	struct tm tm;
	if ((slot == &ev->date && !valid_date(v, &tm)) ||
	    ((slot == &ev->start || slot == &ev->end || slot == &ev->doors_open) && !valid_hm(v))) {
		snprintf(ps->problem, sizeof ps->problem, "bad %s '%s' (want %s)", key, v,
		         slot == &ev->date ? "YYYY-MM-DD" : "HH:MM");
		return 0;
	}
	if (slot == &ev->tag && !code_tag_ok(v)) {
		snprintf(ps->problem, sizeof ps->problem, "bad tag '%s' (want 4 characters of 0-9 A-Z)", v);
		return 0;
	}
	if (slot == &ev->staff_pin && (strlen(v) < 4 || strspn(v, "0123456789") != strlen(v))) {
		snprintf(ps->problem, sizeof ps->problem, "bad staff_pin (want 4 or more digits)");
		return 0;
	}
	return 1;
}

int event_load(const char *path, struct event *ev, ck_err *err)
{
	struct parse_state ps = {.ev = ev};
	FILE *f;
	int line;
	static const char *required[] = {"title", "organizer", "venue", "date", "start", "timezone", "tag"};

	memset(ev, 0, sizeof *ev);
	f = fopen(path, "r");
	if (!f)
		return ck_error(err, "cannot open '%s': %m", path);
	line = ini_parse_file(f, on_pair, &ps);
	fclose(f);
	if (line != 0) {
		if (line < 0)
			ck_error(err, "cannot read '%s'", path);
		else
			ck_error(err, "%s:%d: %s", path, line, ps.problem[0] ? ps.problem : "syntax error");
		event_release(ev);
		return -1;
	}
	char *const values[] = {ev->title, ev->organizer, ev->venue, ev->date, ev->start, ev->timezone, ev->tag};
	for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
		if (!values[i] || !*values[i]) {
			ck_error(err, "%s: missing '%s' in [event]", path, required[i]);
			event_release(ev);
			return -1;
		}
	}
	return 0;
}

void event_release(struct event *ev)
{
	free(ev->title);
	free(ev->organizer);
	free(ev->venue);
	free(ev->address);
	free(ev->date);
	free(ev->start);
	free(ev->end);
	free(ev->doors_open);
	free(ev->timezone);
	free(ev->tag);
	free(ev->staff_pin);
	memset(ev, 0, sizeof *ev);
}

void event_apply_timezone(const struct event *ev)
{
	if (ev->timezone && *ev->timezone) {
		setenv("TZ", ev->timezone, 1);
		tzset();
	}
}

void event_date_vi(const struct event *ev, char *buf, size_t len)
{
	static const char *days[] = {"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"};
	struct tm tm;
	if (!ev->date || !valid_date(ev->date, &tm)) {
		snprintf(buf, len, "%s", ev->date ? ev->date : "");
		return;
	}
	snprintf(buf, len, "%s, ngày %02d tháng %02d năm %d", days[tm.tm_wday], tm.tm_mday, tm.tm_mon + 1,
	         tm.tm_year + 1900);
}
