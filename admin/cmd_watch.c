/* cmd_watch.c - `checkin-admin watch`: live attendance in the terminal.
 *
 * A full-screen ncurses view for reception staff. It polls
 * store_data_version() every 250 ms (the getch() timeout) and rebuilds the
 * attendance picture only when some station committed, so a check-in shows
 * within a second. Layout, top to bottom:
 *
 *   title bar ........................................ clock
 *   Đã đến N / M (P%)                 Xã chưa có đại biểu: K / C
 *   [███████████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░]
 *   categories with small bars      | arrivals per 5 minutes (bars)
 *   absent presenters, awardees, VIP| last arrivals
 *   alerts: a presenter due within 15 minutes not in the hall (stage.h)
 *   footer: q thoát
 *
 * It fits 80x24; a bigger terminal gets a taller chart, more buckets and
 * longer lists. KEY_RESIZE redraws. 'q' quits. */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <getopt.h>
#include <stdarg.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include "admin.h"
#include "checkin/i18n.h"
#include "attendance.h"
#include "checkin/clock.h"
#include "stage.h"

#define WATCH_POLL_MS 250
#define WATCH_REFRESH_MS 30000   /* rebuild anyway: the chart's "now" moves */
#define WATCH_RECENT 60
#define WATCH_ALERTS 3            /* rows at most for the programme's alerts */

/* The programme's alerts now (none when no programme is loaded). */
struct alerts {
	char *line[WATCH_ALERTS];
	size_t n;
};

static void alerts_load(store *st, struct alerts *al)
{
	struct stage s;
	ck_err err;
	for (size_t i = 0; i < al->n; i++)
		free(al->line[i]);
	al->n = 0;
	if (stage_load(st, stage_clock(), &s, &err) < 0)
		return;
	al->n = stage_alert_lines(&s, al->line, WATCH_ALERTS);
	stage_release(&s);
}

enum { C_TITLE = 1, C_BAR, C_BAREMPTY, C_ROLE, C_DIM, C_OK, C_HEAD };

/* Print UTF-8 text at (y, x) in at most w columns; an ellipsis marks a cut.
 * Returns the columns used. */
static int put(int y, int x, int w, const char *s)
{
	mbstate_t ps;
	wchar_t out[512];
	int used = 0;
	size_t n = 0;

	if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + w > COLS)
		w = COLS - x;
	memset(&ps, 0, sizeof ps);
	for (const char *p = s; *p && n < sizeof out / sizeof out[0] - 2;) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, p, strlen(p), &ps);
		if (k == (size_t)-1 || k == (size_t)-2) {
			wc = L'?';
			k = 1;
			memset(&ps, 0, sizeof ps);
		}
		int cw = wcwidth(wc);
		if (cw < 0)
			cw = 1, wc = L'?';
		if (used + cw > w) {
			/* Replace what does not fit with one "…". */
			while (n > 0 && used + 1 > w) {
				n--;
				int back = wcwidth(out[n]);
				used -= back > 0 ? back : 0;
			}
			out[n++] = L'…';
			used++;
			break;
		}
		out[n++] = wc;
		used += cw;
		p += k;
	}
	out[n] = L'\0';
	mvaddnwstr(y, x, out, (int)n);
	return used;
}

static int putf(int y, int x, int w, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int putf(int y, int x, int w, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return put(y, x, w, buf);
}

static int text_cols(const char *s)
{
	wchar_t wbuf[512];
	size_t n = mbstowcs(wbuf, s, sizeof wbuf / sizeof wbuf[0] - 1);
	if (n == (size_t)-1)
		return (int)strlen(s);
	wbuf[n] = L'\0';
	int c = wcswidth(wbuf, n);
	return c < 0 ? (int)n : c;
}

static void attr(int pair, int on, attr_t extra)
{
	if (on) {
		if (has_colors())
			attron(COLOR_PAIR(pair));
		attron(extra);
	} else {
		if (has_colors())
			attroff(COLOR_PAIR(pair));
		attroff(extra);
	}
}

/* A horizontal bar of w cells, part/total filled, with eighth blocks. */
static void bar(int y, int x, int w, int part, int total)
{
	static const wchar_t *eighths[] = {L"", L"▏", L"▎", L"▍", L"▌", L"▋", L"▊", L"▉"};
	if (w <= 0)
		return;
	long fill8 = total > 0 ? (long)part * w * 8 / total : 0;
	if (fill8 > (long)w * 8)
		fill8 = (long)w * 8;
	int full = (int)(fill8 / 8), rest = (int)(fill8 % 8);
	move(y, x);
	attr(C_BAR, 1, 0);
	for (int i = 0; i < full; i++)
		addwstr(L"█");
	if (rest && full < w)
		addwstr(eighths[rest]);
	attr(C_BAR, 0, 0);
	attr(C_BAREMPTY, 1, 0);
	for (int i = full + (rest ? 1 : 0); i < w; i++)
		addwstr(L"░");
	attr(C_BAREMPTY, 0, 0);
}

static void draw_categories(const struct attendance *a, int y, int x, int w, int h)
{
	attr(C_HEAD, 1, A_BOLD);
	put(y, x, w, _("Theo thành phần"));
	attr(C_HEAD, 0, A_BOLD);
	int namew = 0;
	for (size_t i = 0; i < a->counts.ncategories; i++) {
		int c = text_cols(a->counts.categories[i].name);
		if (c > namew)
			namew = c;
	}
	if (namew > w / 2)
		namew = w / 2;
	for (size_t i = 0; i < a->counts.ncategories && (int)i + 1 < h; i++) {
		const struct category_count *c = &a->counts.categories[i];
		int row = y + 1 + (int)i;
		put(row, x, namew, c->name);
		int nx = x + namew + 1;
		nx += putf(row, nx, 11, "%4d / %-4d", c->arrived, c->registered) + 1;
		bar(row, nx, x + w - nx, c->arrived, c->registered);
	}
	if (a->counts.ncategories == 0)
		put(y + 1, x, w, _("(chưa có đại biểu)"));
}

static void fmt_hm(int64_t ms, char *buf, size_t len)
{
	clock_local(ms, "%H:%M", buf, len);
}

/* Arrivals per 5 minutes as vertical bars, the newest buckets that fit. */
static void draw_chart(const struct attendance *a, int y, int x, int w, int h)
{
	static const wchar_t *blocks[] = {L" ", L"▁", L"▂", L"▃", L"▄", L"▅", L"▆", L"▇", L"█"};
	attr(C_HEAD, 1, A_BOLD);
	put(y, x, w, _("Lượt đến mỗi 5 phút"));
	attr(C_HEAD, 0, A_BOLD);
	int ch = h - 2; /* bar rows; one row for the axis labels */
	if (ch < 1 || w < 12)
		return;
	if (a->nhist == 0) {
		attr(C_DIM, 1, 0);
		put(y + 1, x, w, _("Chưa có ai đến."));
		attr(C_DIM, 0, 0);
		return;
	}
	int maxv = 1;
	for (size_t i = 0; i < a->nhist; i++)
		if (a->hist[i] > maxv)
			maxv = a->hist[i];
	char lab[16];
	snprintf(lab, sizeof lab, "%d", maxv);
	int labw = (int)strlen(lab) + 1;
	/* Columns per bucket (bar plus gap): wider bars when there are few. */
	int step = (w - labw) / (int)(a->nhist ? a->nhist : 1);
	step = step < 2 ? 2 : step > 4 ? 4 : step;
	int fit = (w - labw) / step;
	size_t first = a->nhist > (size_t)fit ? a->nhist - (size_t)fit : 0;

	attr(C_DIM, 1, 0);
	put(y + 1, x, labw, lab);
	put(y + ch, x, labw, "0");
	attr(C_DIM, 0, 0);
	for (size_t i = first; i < a->nhist; i++) {
		int col = x + labw + (int)(i - first) * step;
		long eighths = (long)a->hist[i] * ch * 8 / maxv;
		if (a->hist[i] > 0 && eighths == 0)
			eighths = 1; /* one arrival is never invisible */
		attr(C_BAR, 1, 0);
		for (int r = 0; r < ch; r++) {
			long cell = eighths - (long)r * 8;
			if (cell <= 0)
				break;
			const wchar_t *b = blocks[cell >= 8 ? 8 : cell];
			for (int k = 0; k < step - 1; k++)
				mvaddwstr(y + ch - r, col + k, b);
		}
		attr(C_BAR, 0, 0);
	}
	/* Time axis: first shown bucket at the left, last at the right. */
	char t0[16], t1[16];
	fmt_hm(a->hist_start + (int64_t)first * ATTENDANCE_BUCKET_MS, t0, sizeof t0);
	fmt_hm(a->hist_start + (int64_t)(a->nhist - 1) * ATTENDANCE_BUCKET_MS, t1, sizeof t1);
	attr(C_DIM, 1, 0);
	put(y + ch + 1, x + labw, 5, t0);
	int lastcol = x + labw + (int)(a->nhist - 1 - first) * step;
	if (lastcol - (x + labw) >= 7)
		put(y + ch + 1, lastcol + step - 1 - 5 > x + labw + 6 ? lastcol + step - 1 - 5 : lastcol, 5, t1);
	attr(C_DIM, 0, 0);
}

/* Absent delegates with a role: presenters first, then award recipients,
 * then VIPs, each once. Returns the rows used. */
static int draw_absent(const struct attendance *a, int y, int x, int w, int h)
{
	static const enum role order[] = {ROLE_PRESENTER, ROLE_AWARDEE, ROLE_VIP};
	attr(C_HEAD, 1, A_BOLD);
	char head[160];
	snprintf(head, sizeof head, _("Chưa đến (%zu) — tham luận, khen thưởng, lãnh đạo"), a->counts.nabsent);
	if (text_cols(head) > w)
		snprintf(head, sizeof head, _("Chưa đến (%zu): có vai trò"), a->counts.nabsent);
	put(y, x, w, head);
	attr(C_HEAD, 0, A_BOLD);
	if (a->counts.nabsent == 0) {
		attr(C_OK, 1, 0);
		put(y + 1, x, w, _("Tất cả đã đến."));
		attr(C_OK, 0, 0);
		return 2;
	}
	int row = y + 1, shown = 0, labw = 12;
	for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
		for (size_t i = 0; i < a->counts.nabsent; i++) {
			const struct delegate *d = &a->counts.absent_roles[i];
			/* Listed under its first role in `order`. */
			unsigned before = 0;
			for (size_t k = 0; k < o; k++)
				before |= (unsigned)order[k];
			if (!(d->roles & order[o]) || (d->roles & before))
				continue;
			if (row >= y + h - 1 && shown < (int)a->counts.nabsent - 1) {
				attr(C_DIM, 1, 0);
				putf(row, x, w, P_("… và %zu người nữa", "… và %zu người nữa", a->counts.nabsent - (size_t)shown),
				     a->counts.nabsent - (size_t)shown);
				attr(C_DIM, 0, 0);
				return row + 1 - y;
			}
			if (row >= y + h)
				return row - y;
			attr(C_ROLE, 1, A_BOLD);
			put(row, x, labw, role_label_vi(order[o]));
			attr(C_ROLE, 0, A_BOLD);
			char line[512];
			if (d->organization && *d->organization)
				snprintf(line, sizeof line, "%s · %s", d->name, d->organization);
			else
				snprintf(line, sizeof line, "%s", d->name);
			put(row, x + labw, w - labw, line);
			row++;
			shown++;
		}
	}
	return row - y;
}

/* The communes with nobody in the hall, as a wrapped list, when there is
 * room left under the absent list. */
static void draw_communes(const struct attendance *a, int y, int x, int w, int h)
{
	if (h < 3 || a->ncommunes == 0)
		return;
	attr(C_HEAD, 1, A_BOLD);
	putf(y, x, w, _("Xã chưa có đại biểu (%zu / %zu)"), a->nempty, a->ncommunes);
	attr(C_HEAD, 0, A_BOLD);
	if (a->nempty == 0) {
		attr(C_OK, 1, 0);
		put(y + 1, x, w, _("Xã nào cũng đã có đại biểu."));
		attr(C_OK, 0, 0);
		return;
	}
	int row = y + 1, col = 0;
	for (size_t i = 0; i < a->nempty; i++) {
		const char *name = a->empty[i].organization;
		if (!strncmp(name, "UBND ", 5))
			name += 5;
		char item[300];
		snprintf(item, sizeof item, "%s%s", name, i + 1 < a->nempty ? "; " : "");
		int cw = text_cols(item);
		if (col > 0 && col + cw > w) {
			row++;
			col = 0;
		}
		if (row >= y + h - 1 && i + 1 < a->nempty && col + cw > w - 12) {
			attr(C_DIM, 1, 0);
			putf(row, x + col, w - col, P_("… và %zu xã nữa", "… và %zu xã nữa", a->nempty - i), a->nempty - i);
			attr(C_DIM, 0, 0);
			return;
		}
		if (row >= y + h)
			return;
		attr(C_ROLE, 1, 0);
		col += put(row, x + col, w - col, item);
		attr(C_ROLE, 0, 0);
	}
}

static void draw_recent(const struct attendance *a, int y, int x, int w, int h)
{
	attr(C_HEAD, 1, A_BOLD);
	put(y, x, w, _("Vừa đến"));
	attr(C_HEAD, 0, A_BOLD);
	if (a->nrecent == 0) {
		attr(C_DIM, 1, 0);
		put(y + 1, x, w, _("Chưa có ai."));
		attr(C_DIM, 0, 0);
	}
	for (size_t i = 0; i < a->nrecent && (int)i + 1 < h; i++) {
		const struct delegate *d = &a->recent[i];
		char hm[16], line[512];
		fmt_hm(d->arrived_at, hm, sizeof hm);
		attr(C_DIM, 1, 0);
		put(y + 1 + (int)i, x, 6, hm);
		attr(C_DIM, 0, 0);
		if (d->sub_name) /* a deputy, marked, and whose seat */
			snprintf(line, sizeof line, _("%s (đi thay %s)"), d->sub_name, d->name);
		else if (w >= 50 && d->category && *d->category)
			snprintf(line, sizeof line, "%s · %s", d->name, d->category);
		else
			snprintf(line, sizeof line, "%s", d->name);
		put(y + 1 + (int)i, x + 6, w - 6, line);
	}
}

static void draw(const struct attendance *a, const struct alerts *al, const char *problem)
{
	int H = LINES, W = COLS;
	char clock[16];
	clock_local(clock_now_ms(), "%H:%M:%S", clock, sizeof clock);

	erase();
	if (H < 12 || W < 40) {
		putf(0, 0, W, _("Đã đến %d / %d"), a->counts.arrived, a->counts.expected);
		put(1, 0, W, _("Cửa sổ quá nhỏ (cần 80×24). q: thoát"));
		refresh();
		return;
	}
	/* Title bar. */
	attr(C_TITLE, 1, A_BOLD);
	mvhline(0, 0, ' ', W);
	char title[600];
	snprintf(title, sizeof title, _(" ĐIỂM DANH ĐẠI BIỂU · %s"), a->ev.title ? a->ev.title : _("chưa thiết lập hội nghị"));
	put(0, 0, W - 10, title);
	put(0, W - 9, 9, clock);
	attr(C_TITLE, 0, A_BOLD);

	/* Headline and bar. */
	int pct = a->counts.expected > 0 ? (int)((long)a->counts.arrived * 100 / a->counts.expected) : 0;
	attr(C_HEAD, 1, A_BOLD);
	int used = putf(2, 1, W - 2, _("Đã đến %d / %d"), a->counts.arrived, a->counts.expected);
	attr(C_HEAD, 0, A_BOLD);
	putf(2, 1 + used, W / 2, _("  (%d%%, %d đăng ký)"), pct, a->counts.registered);
	if (a->ncommunes) {
		char xa[128];
		snprintf(xa, sizeof xa, _("Xã chưa có đại biểu: %zu / %zu"), a->nempty, a->ncommunes);
		int c = text_cols(xa);
		if (c < W / 2 - 2) {
			attr(a->nempty ? C_ROLE : C_OK, 1, 0);
			put(2, W - 1 - c, c, xa);
			attr(a->nempty ? C_ROLE : C_OK, 0, 0);
		}
	}
	bar(3, 1, W - 2, a->counts.arrived, a->counts.expected);

	/* Middle: categories | chart. Bottom: absent with roles | last arrivals. */
	int left = (W >= 120 ? W / 2 : W * 3 / 5) - 1, right = W - left - 3, rx = left + 2;
	int chart_h = H >= 40 ? 10 : H >= 30 ? 7 : 6;
	int mid_h = (int)a->counts.ncategories + 1;
	if (mid_h < chart_h)
		mid_h = chart_h;
	int top = 5, bottom = top + mid_h + 1, foot = H - 1;
	/* The alerts above the footer, when the lists keep a few rows. */
	int nal = al->n && foot - bottom > 4 + (int)al->n ? (int)al->n : 0;
	foot -= nal;
	attr(C_ROLE, 1, A_BOLD);
	for (int i = 0; i < nal; i++)
		putf(foot + i, 1, W - 2, "⚠ %s", al->line[i]);
	attr(C_ROLE, 0, A_BOLD);
	draw_categories(a, top, 1, left - 1, mid_h);
	draw_chart(a, top, rx, right, mid_h);
	int rows = draw_absent(a, bottom, 1, left - 1, foot - bottom);
	draw_communes(a, bottom + rows + 1, 1, left - 1, foot - (bottom + rows + 1));
	draw_recent(a, bottom, rx, right, foot - bottom);
	attr(C_DIM, 1, 0);
	mvvline(top, left, ACS_VLINE, foot - top);
	attr(C_DIM, 0, 0);

	/* Footer. */
	foot = H - 1;
	attr(C_DIM, 1, 0);
	if (problem)
		attr(C_ROLE, 1, A_BOLD);
	put(foot, 1, W - 2, problem ? problem : _("q: thoát · tự cập nhật khi có người điểm danh"));
	if (problem)
		attr(C_ROLE, 0, A_BOLD);
	attr(C_DIM, 0, 0);
	refresh();
}

static void init_colors(void)
{
	if (!has_colors())
		return;
	start_color();
	use_default_colors();
	init_pair(C_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(C_BAR, COLOR_GREEN, -1);
	init_pair(C_BAREMPTY, COLOR_WHITE, -1);
	init_pair(C_ROLE, COLOR_YELLOW, -1);
	init_pair(C_DIM, COLOR_CYAN, -1);
	init_pair(C_OK, COLOR_GREEN, -1);
	init_pair(C_HEAD, -1, -1);
}

int cmd_watch(struct admin_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct cmd *self = cmd_find("watch");
	store *st = NULL;
	struct attendance a;
	struct alerts al = {.n = 0};
	char problem[CK_ERRLEN + 64] = "";
	int c, have = 0;

	while ((c = admin_getopt(argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'h': printf(_("cách dùng: checkin-admin %s\n"), self->usage); return 0;
		default: return usage_msg(self);
		}
	}
	if (optind != argc)
		return usage_msg(self);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return error_msg(_("watch cần một màn hình dòng lệnh; trong script hãy dùng 'checkin-admin status'"));

	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8"))
		setlocale(LC_CTYPE, "C.UTF-8"); /* Vietnamese needs UTF-8 whatever LANG says */
	if (admin_open(ctx, &st) < 0)
		return 1;

	ck_err err;
	if (attendance_load(st, clock_now_ms(), WATCH_RECENT, &a, &err) < 0) {
		store_close(st);
		return error_msg("%s", err.msg);
	}
	have = 1;
	int64_t version = store_data_version(st), built = clock_mono_ms();

	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		attendance_release(&a);
		store_close(st);
		return error_msg(_("không dùng được màn hình dòng lệnh '%s'"), getenv("TERM") ? getenv("TERM") : "");
	}
	set_term(scr);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	timeout(WATCH_POLL_MS);
	init_colors();
	alerts_load(st, &al);

	for (;;) {
		draw(&a, &al, problem[0] ? problem : NULL);
		int ch = getch();
		if (ch == 'q' || ch == 'Q')
			break;
		if (ch == KEY_RESIZE)
			continue; /* draw() reads the new LINES and COLS */
		int64_t v = store_data_version(st);
		if (v == version && clock_mono_ms() - built < WATCH_REFRESH_MS)
			continue;
		struct attendance next;
		if (attendance_load(st, clock_now_ms(), WATCH_RECENT, &next, &err) < 0) {
			snprintf(problem, sizeof problem, _("Lỗi đọc dữ liệu: %s"), err.msg);
			continue; /* keep the last good picture on screen */
		}
		problem[0] = '\0';
		attendance_release(&a);
		a = next;
		alerts_load(st, &al);
		version = v;
		built = clock_mono_ms();
	}
	endwin();
	delscreen(scr);
	if (have)
		attendance_release(&a);
	for (size_t i = 0; i < al.n; i++)
		free(al.line[i]);
	store_close(st);
	return 0;
}
