/* event.c - reading the event's INI file (libinih) and presenting its date.
 *
 * The INI file is the secretariat's description of the conference; it is
 * read once by 'checkin-admin init' and then lives in the store. Every
 * problem is reported as FILE:LINE with the key at fault. */
#include <fcntl.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <strings.h>
#include "code.h"
#include "event.h"
#include "i18n.h"
#include "text.h"

struct parse_state {
	struct event *ev;
	FILE *f;
	int line;            /* physical line the reader handed to inih last */
	int indented;        /* that line starts with white space: a continuation */
	char **last_slot;    /* the string key set by the previous call */
	char problem[256];   /* the first problem found, at problem_line */
	int problem_line;
};

/* inih keeps going after an error and reports the first error's line, so
 * keep the first problem only, with its line, to report them together. */
static int problem(struct parse_state *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int problem(struct parse_state *ps, const char *fmt, ...)
{
	va_list ap;
	if (!ps->problem_line) {
		va_start(ap, fmt);
		vsnprintf(ps->problem, sizeof ps->problem, fmt, ap);
		va_end(ap);
		ps->problem_line = ps->line;
	}
	return 0;
}

/* fgets for inih that counts lines and refuses a line longer than inih's
 * buffer (which it would otherwise split into two lines). */
static char *read_line(char *str, int num, void *stream)
{
	struct parse_state *ps = stream;
	if (!fgets(str, num, ps->f))
		return NULL;
	ps->line++;
	ps->indented = str[0] == ' ' || str[0] == '\t';
	size_t n = strlen(str);
	if (n + 1 == (size_t)num && str[n - 1] != '\n') {
		int c = getc(ps->f);
		if (c == '\n' && str[n - 1] == '\r')
			return str; /* only the CRLF's LF did not fit: inih drops the CR */
		if (c != EOF) {
			problem(ps, _("dòng dài quá %d byte (viết tiếp giá trị dài ở dòng sau, thụt vào đầu dòng)"),
			        num - 2);
			return NULL;
		}
	}
	return str;
}

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

/* Whether name is a zone of the tz database: a regular file under $TZDIR
 * (else /usr/share/zoneinfo) that starts with "TZif", as glibc reads it.
 * glibc takes an unknown name for UTC without a word, so an event whose
 * zone is misspelt would show every time hours off. Absolute names and
 * ".." are refused: the name must stay inside the database. */
static int tz_known(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[4096], magic[4];
	struct stat sb;
	int fd, ok = 0;

	if (!*name || name[0] == '/' || strstr(name, "..") || strchr(name, ' '))
		return 0;
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return 0;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && read(fd, magic, sizeof magic) == (ssize_t)sizeof magic &&
	    !memcmp(magic, "TZif", 4))
		ok = 1;
	close(fd);
	return ok;
}

static int on_pair(void *user, const char *section, const char *key, const char *value)
{
	struct parse_state *ps = user;
	struct event *ev = ps->ev;
	char **slot = NULL;

	if (strcmp(section, "event") != 0)
		return problem(ps, _("không biết mục '[%s]'"), section);
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
	else if (!strcmp(key, "speech")) {
		ps->last_slot = NULL;
		if (!strcasecmp(value, "on") || !strcasecmp(value, "yes") || !strcasecmp(value, "true") || !strcmp(value, "1"))
			ev->speech = 1;
		else if (!strcasecmp(value, "off") || !strcasecmp(value, "no") || !strcasecmp(value, "false") ||
		         !strcmp(value, "0"))
			ev->speech = 0;
		else
			return problem(ps, _("'speech' phải là on hoặc off, không phải '%s'"), value);
		return 1;
	} else if (!strcmp(key, "expected")) {
		char *end;
		long n = strtol(value, &end, 10);
		ps->last_slot = NULL;
		if (!*value || *end || n < 0 || n > 1000000 || ps->indented)
			return problem(ps, _("'expected' phải là số nguyên, không phải '%s'"), value);
		ev->expected = (int)n;
		return 1;
	} else {
		ps->last_slot = NULL;
		return problem(ps, _("không biết khóa '%s'"), key);
	}
	char *v = text_nfc(value, strlen(value));
	if (!v)
		return problem(ps, _("'%s' không phải UTF-8 hợp lệ"), key);
	if (ps->indented && slot == ps->last_slot && *slot) {
		/* an indented line continues the value above it */
		size_t a = strlen(*slot), b = strlen(v);
		char *joined = malloc(a + b + 2);
		if (!joined) {
			free(v);
			return problem(ps, _("hết bộ nhớ"));
		}
		memcpy(joined, *slot, a);
		joined[a] = ' ';
		memcpy(joined + a + 1, v, b + 1);
		free(v);
		v = joined;
	}
	free(*slot);
	*slot = v;
	ps->last_slot = slot;
	struct tm tm;
	if ((slot == &ev->date && !valid_date(v, &tm)) ||
	    ((slot == &ev->start || slot == &ev->end || slot == &ev->doors_open) && !valid_hm(v))) {
		return problem(ps, _("%s '%s' không hợp lệ (cần %s)"), key, v, slot == &ev->date ? "YYYY-MM-DD" : "HH:MM");
	}
	if (slot == &ev->timezone && !tz_known(v))
		return problem(ps, _("không biết múi giờ '%s'"), v);
	if (slot == &ev->tag && !code_tag_ok(v))
		return problem(ps, _("tag '%s' không hợp lệ (cần 4 ký tự 0-9 A-Z)"), v);
	if (slot == &ev->staff_pin && (strlen(v) < 4 || strspn(v, "0123456789") != strlen(v)))
		return problem(ps, _("staff_pin không hợp lệ (cần từ 4 chữ số trở lên)"));
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
		return ck_fail(err, CK_IO, _("không mở được '%s': %m"), path);
	ps.f = f;
	line = ini_parse_stream(read_line, &ps, on_pair, &ps);
	fclose(f);
	if (line != 0 || ps.problem_line) {
		if (line < 0)
			ck_fail(err, CK_IO, _("không đọc được '%s'"), path);
		else if (ps.problem_line && (line == 0 || ps.problem_line <= line))
			ck_fail(err, CK_INVALID, "%s:%d: %s", path, ps.problem_line, ps.problem);
		else
			ck_fail(err, CK_INVALID, _("%s:%d: sai cú pháp"), path, line);
		event_release(ev);
		return -1;
	}
	char *const values[] = {ev->title, ev->organizer, ev->venue, ev->date, ev->start, ev->timezone, ev->tag};
	for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
		if (!values[i] || !*values[i]) {
			ck_fail(err, CK_INVALID, _("%s: thiếu '%s' trong [event]"), path, required[i]);
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
