/* draw.c - the kiosk's screens in pixels (see draw.h).
 *
 * Every size is given for a 1080-pixel short side and scaled by
 * u = min(width, height) / 1080, so the screens keep their proportions on
 * 1280x720 and in portrait. Text goes through text_fit(): wrapped to its
 * box and shrunk until it fits, so a long name or title never overlaps
 * what is below it. The result of a fit is kept as a texture in a small
 * cache keyed by text, style and box; the waiting screen redraws at the
 * camera's rate without rendering its text again. */
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checkin/clock.h"
#include "checkin/i18n.h"
#include "draw.h"

#define FONTS_MAX 48
#define CACHE_MAX 160
#define KEY_MAX (SCREEN_LINE_MAX + 96)

enum align { LEFT, CENTER, RIGHT };

struct font_entry { int bold, size; TTF_Font *font; };
struct text_entry { char key[KEY_MAX]; SDL_Texture *tex; int w, h; unsigned used; };

struct draw {
	SDL_Renderer *r;
	char font_path[2][1024];
	struct font_entry fonts[FONTS_MAX]; int nfonts;
	struct text_entry cache[CACHE_MAX];
	unsigned tick;
	SDL_Texture *preview; int pw, ph; int have_preview;
	int W, H;
	double u;
	int dry;          /* measuring a layout: draw nothing */
	int yoff;         /* result screens: shift that centres the content */
	int content_end;  /* result screens: y below the last block */
	char text[8192];  /* what the last draw_screen wrote (draw_text) */
	size_t textlen;
};

static const SDL_Color WHITE = {255, 255, 255, 255}, NAVY = {12, 35, 64, 255}, PANEL = {22, 55, 96, 255},
                       GOLD = {242, 193, 78, 255}, LIGHT = {205, 218, 232, 255}, GREEN = {22, 112, 56, 255},
                       AMBER = {178, 98, 0, 255}, RED = {168, 28, 32, 255}, SLATE = {36, 40, 48, 255},
                       DARK = {20, 24, 30, 255}, MUTED = {150, 160, 175, 255}, BANNER_AMBER = {214, 140, 0, 255},
                       GREEN_TEXT = {16, 90, 44, 255}, RED_TEXT = {150, 20, 24, 255}, AMBER_TEXT = {130, 70, 0, 255};

static int px(const draw *d, double v)
{
	return (int)lround(v * d->u);
}

static void fill(draw *d, SDL_Rect r, SDL_Color c)
{
	if (d->dry)
		return;
	SDL_SetRenderDrawColor(d->r, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(d->r, &r);
}

static TTF_Font *font_get(draw *d, int bold, int size)
{
	if (size < 8)
		size = 8;
	for (int i = 0; i < d->nfonts; i++)
		if (d->fonts[i].bold == bold && d->fonts[i].size == size)
			return d->fonts[i].font;
	TTF_Font *f = TTF_OpenFont(d->font_path[bold], size);
	if (!f)
		return NULL;
	if (d->nfonts == FONTS_MAX) { /* forget the oldest size */
		TTF_CloseFont(d->fonts[0].font);
		memmove(d->fonts, d->fonts + 1, (FONTS_MAX - 1) * sizeof *d->fonts);
		d->nfonts--;
	}
	d->fonts[d->nfonts++] = (struct font_entry){bold, size, f};
	return f;
}

/* Render text wrapped to w, at the largest size from size down to about a
 * third of it whose block fits w x h. NULL when nothing can be drawn. */
static SDL_Surface *render_fit(draw *d, const char *text, int bold, int size, SDL_Color c, int w, int h,
                               enum align a)
{
	int min = size / 3 > 10 ? size / 3 : 10;
	for (int sz = size;; sz = sz * 9 / 10) {
		if (sz < min)
			sz = min;
		TTF_Font *f = font_get(d, bold, sz);
		if (!f)
			return NULL;
		TTF_SetFontWrappedAlign(f, a == CENTER ? TTF_WRAPPED_ALIGN_CENTER
		                                       : a == RIGHT ? TTF_WRAPPED_ALIGN_RIGHT : TTF_WRAPPED_ALIGN_LEFT);
		SDL_Surface *s = TTF_RenderUTF8_Blended_Wrapped(f, text, c, (Uint32)(w > 1 ? w : 1));
		if (!s)
			return NULL;
		if ((s->h <= h && s->w <= w) || sz == min)
			return s;
		SDL_FreeSurface(s);
	}
}

/* Draw text into box (top-aligned); returns the height used. */
static int text_fit(draw *d, const char *text, int bold, int size, SDL_Color c, SDL_Rect box, enum align a)
{
	if (!text || !text[0] || box.w <= 0 || box.h <= 0)
		return 0;
	char key[KEY_MAX];
	snprintf(key, sizeof key, "%d|%d|%02x%02x%02x|%d|%d|%d|%s", bold, size, c.r, c.g, c.b, box.w, box.h, a, text);
	struct text_entry *e = NULL, *victim = &d->cache[0];
	for (int i = 0; i < CACHE_MAX; i++) {
		if (d->cache[i].tex && !strcmp(d->cache[i].key, key)) {
			e = &d->cache[i];
			break;
		}
		if (!d->cache[i].tex || (victim->tex && d->cache[i].used < victim->used))
			victim = &d->cache[i];
	}
	if (!e) {
		SDL_Surface *s = render_fit(d, text, bold, size, c, box.w, box.h, a);
		if (!s)
			return 0;
		if (victim->tex)
			SDL_DestroyTexture(victim->tex);
		victim->tex = SDL_CreateTextureFromSurface(d->r, s);
		victim->w = s->w;
		victim->h = s->h;
		SDL_FreeSurface(s);
		if (!victim->tex)
			return 0;
		snprintf(victim->key, sizeof victim->key, "%s", key);
		e = victim;
	}
	e->used = ++d->tick;
	int w = e->w < box.w ? e->w : box.w, h = e->h < box.h ? e->h : box.h;
	if (d->dry)
		return h;
	int n = snprintf(d->text + d->textlen, sizeof d->text - d->textlen, "%s\n", text);
	if (n > 0)
		d->textlen = d->textlen + (size_t)n < sizeof d->text ? d->textlen + (size_t)n : sizeof d->text - 1;
	int x = a == CENTER ? box.x + (box.w - w) / 2 : a == RIGHT ? box.x + box.w - w : box.x;
	SDL_Rect src = {a == CENTER ? (e->w - w) / 2 : 0, 0, w, h}, dst = {x, box.y, w, h};
	SDL_RenderCopy(d->r, e->tex, &src, &dst);
	return h;
}

/* A thick segment as two triangles. */
static void thick_line(draw *d, float x1, float y1, float x2, float y2, float width, SDL_Color c)
{
	float dx = x2 - x1, dy = y2 - y1, len = sqrtf(dx * dx + dy * dy);
	if (len <= 0)
		return;
	float nx = -dy / len * width / 2, ny = dx / len * width / 2;
	SDL_Vertex v[4] = {
		{{x1 + nx, y1 + ny}, c, {0, 0}}, {{x2 + nx, y2 + ny}, c, {0, 0}},
		{{x2 - nx, y2 - ny}, c, {0, 0}}, {{x1 - nx, y1 - ny}, c, {0, 0}},
	};
	int idx[6] = {0, 1, 2, 0, 2, 3};
	SDL_RenderGeometry(d->r, NULL, v, 4, idx, 6);
	/* round the joints */
	for (int k = 0; k < 2; k++) {
		float cx = k ? x2 : x1, cy = k ? y2 : y1;
		SDL_Vertex fan[26];
		int fi[72], n = 24;
		fan[0] = (SDL_Vertex){{cx, cy}, c, {0, 0}};
		for (int i = 0; i <= n; i++) {
			double t = 2 * M_PI * i / n;
			fan[i + 1] = (SDL_Vertex){{cx + (float)cos(t) * width / 2, cy + (float)sin(t) * width / 2}, c, {0, 0}};
		}
		for (int i = 0; i < n; i++) {
			fi[3 * i] = 0;
			fi[3 * i + 1] = i + 1;
			fi[3 * i + 2] = i + 2;
		}
		SDL_RenderGeometry(d->r, NULL, fan, n + 2, fi, 3 * n);
	}
}

static void disc(draw *d, float cx, float cy, float radius, SDL_Color c)
{
	enum { N = 72 };
	SDL_Vertex v[N + 2];
	int idx[3 * N];
	v[0] = (SDL_Vertex){{cx, cy}, c, {0, 0}};
	for (int i = 0; i <= N; i++) {
		double t = 2 * M_PI * i / N;
		v[i + 1] = (SDL_Vertex){{cx + (float)cos(t) * radius, cy + (float)sin(t) * radius}, c, {0, 0}};
	}
	for (int i = 0; i < N; i++) {
		idx[3 * i] = 0;
		idx[3 * i + 1] = i + 1;
		idx[3 * i + 2] = i + 2;
	}
	SDL_RenderGeometry(d->r, NULL, v, N + 2, idx, 3 * N);
}

enum icon { ICON_CHECK, ICON_CROSS };

static void icon(draw *d, int cx, int cy, int radius, enum icon which, SDL_Color ink)
{
	if (d->dry)
		return;
	float r = (float)radius, w = r * 0.2f;
	disc(d, (float)cx, (float)cy, r, WHITE);
	if (which == ICON_CHECK) {
		thick_line(d, cx - r * 0.45f, cy + r * 0.02f, cx - r * 0.12f, cy + r * 0.36f, w, ink);
		thick_line(d, cx - r * 0.12f, cy + r * 0.36f, cx + r * 0.48f, cy - r * 0.34f, w, ink);
	} else {
		thick_line(d, cx - r * 0.38f, cy - r * 0.38f, cx + r * 0.38f, cy + r * 0.38f, w, ink);
		thick_line(d, cx + r * 0.38f, cy - r * 0.38f, cx - r * 0.38f, cy + r * 0.38f, w, ink);
	}
}

static void time_hm(int64_t utc_ms, char *buf, size_t len)
{
	if (utc_ms > 0)
		clock_local(utc_ms, "%H:%M", buf, len);
	else
		snprintf(buf, len, "--:--");
}

/* ---- the waiting screen's blocks ---- */

static void block_header(draw *d, SDL_Rect r, const struct view *v)
{
	fill(d, r, PANEL);
	SDL_Rect gold = {r.x, r.y + r.h - px(d, 6), r.w, px(d, 6)};
	fill(d, gold, GOLD);
	int m = px(d, 40), y = r.y + px(d, 18);
	int avail = r.h - px(d, 30);
	y += text_fit(d, v->organizer, 1, px(d, 30), GOLD, (SDL_Rect){r.x + m, y, r.w - 2 * m, avail / 6}, CENTER);
	y += px(d, 8);
	int th = text_fit(d, v->title, 1, px(d, 44), WHITE,
	                  (SDL_Rect){r.x + m, y, r.w - 2 * m, r.y + r.h - px(d, 60) - y}, CENTER);
	y += th + px(d, 8);
	char line[512];
	snprintf(line, sizeof line, "%s%s%s", v->date_vi ? v->date_vi : "", v->venue && v->venue[0] ? "  ·  " : "",
	         v->venue ? v->venue : "");
	text_fit(d, line, 0, px(d, 30), LIGHT, (SDL_Rect){r.x + m, y, r.w - 2 * m, r.y + r.h - px(d, 10) - y}, CENTER);
}

static void block_preview(draw *d, SDL_Rect r, const struct screen *s, const struct view *v)
{
	fill(d, (SDL_Rect){r.x - px(d, 6), r.y - px(d, 6), r.w + px(d, 12), r.h + px(d, 12)}, GOLD);
	fill(d, r, DARK);
	if (d->have_preview && d->preview && !s->camera_missing) {
		double k = fmin((double)r.w / d->pw, (double)r.h / d->ph);
		int w = (int)(d->pw * k), h = (int)(d->ph * k);
		SDL_Rect dst = {r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h};
		SDL_RenderCopyEx(d->r, d->preview, NULL, &dst, 0, NULL, SDL_FLIP_HORIZONTAL); /* a mirror */
		return;
	}
	int m = px(d, 30);
	const char *msg = v->no_camera        ? _("Xin mời đưa mã QR vào máy quét")
	                  : s->camera_missing ? _("Chưa có camera\nXin mời dùng máy quét hoặc đến bàn lễ tân")
	                                      : _("Đang mở camera…");
	text_fit(d, msg, 0, px(d, 36), LIGHT, (SDL_Rect){r.x + m, r.y + r.h / 2 - px(d, 50), r.w - 2 * m, px(d, 120)},
	         CENTER);
}

static void bar(draw *d, SDL_Rect r, int part, int whole, SDL_Color c)
{
	fill(d, r, (SDL_Color){40, 70, 110, 255});
	if (whole > 0 && part > 0) {
		SDL_Rect f = r;
		f.w = (int)((double)r.w * (part > whole ? whole : part) / whole);
		fill(d, f, c);
	}
}

static void block_stats(draw *d, SDL_Rect r, const struct view *v, int clock_size)
{
	char buf[128];
	int y = r.y;
	time_hm(v->now_ms, buf, sizeof buf);
	y += text_fit(d, buf, 1, px(d, clock_size), WHITE, (SDL_Rect){r.x, y, r.w, px(d, clock_size * 1.4)}, CENTER);
	y += px(d, 10);
	const struct counts *c = v->counts;
	if (!c)
		return;
	snprintf(buf, sizeof buf, _("Đã đến %d / %d"), c->arrived, c->expected);
	y += text_fit(d, buf, 1, px(d, 64), GOLD, (SDL_Rect){r.x, y, r.w, px(d, 90)}, CENTER);
	y += px(d, 14);
	bar(d, (SDL_Rect){r.x, y, r.w, px(d, 34)}, c->arrived, c->expected, GOLD);
	y += px(d, 34) + px(d, 26);
	size_t n = c->ncategories;
	if (n == 0)
		return;
	int row = (r.y + r.h - y) / (int)n;
	if (row > px(d, 76))
		row = px(d, 76);
	int size = row * 40 / 76;
	for (size_t i = 0; i < n; i++, y += row) {
		const struct category_count *k = &c->categories[i];
		int th = row - px(d, 18);
		if (th < 10)
			break;
		text_fit(d, k->name, 0, size, WHITE, (SDL_Rect){r.x, y, r.w * 2 / 3, th}, LEFT);
		snprintf(buf, sizeof buf, "%d / %d", k->arrived, k->registered);
		text_fit(d, buf, 1, size, WHITE, (SDL_Rect){r.x + r.w * 2 / 3, y, r.w / 3, th}, RIGHT);
		bar(d, (SDL_Rect){r.x, y + row - px(d, 16), r.w, px(d, 8)}, k->arrived, k->registered, LIGHT);
	}
}

/* Staff-facing problems along the bottom; returns the height used. */
static int banners(draw *d, const struct screen *s)
{
	int h = px(d, 64), y = d->H;
	if (s->store_error[0]) {
		y -= h;
		fill(d, (SDL_Rect){0, y, d->W, h}, RED);
		char msg[SCREEN_TEXT + 128];
		snprintf(msg, sizeof msg, _("LỖI GHI DỮ LIỆU — chưa ghi nhận điểm danh, đang thử lại (%s)"), s->store_error);
		text_fit(d, msg, 1, px(d, 28), WHITE, (SDL_Rect){px(d, 30), y + px(d, 8), d->W - px(d, 60), h - px(d, 12)},
		         CENTER);
	}
	if (s->camera_missing) {
		y -= h;
		fill(d, (SDL_Rect){0, y, d->W, h}, BANNER_AMBER);
		text_fit(d, _("Không kết nối được camera — vẫn nhận máy quét mã; đang tự kết nối lại…"), 1, px(d, 28), DARK,
		         (SDL_Rect){px(d, 30), y + px(d, 12), d->W - px(d, 60), h - px(d, 16)}, CENTER);
	}
	return d->H - y;
}

static void screen_waiting(draw *d, const struct screen *s, const struct view *v)
{
	int W = d->W, H = d->H, m = px(d, 40);
	fill(d, (SDL_Rect){0, 0, W, H}, NAVY);
	int bottom = H - banners(d, s) - px(d, 50);
	const char *instr = v->no_camera ? _("Đưa mã QR trên giấy mời vào máy quét")
	                                 : _("Đưa mã QR trên giấy mời vào trước camera");
	char foot[160];
	snprintf(foot, sizeof foot, _("Máy điểm danh: %s"), v->station ? v->station : "");
	text_fit(d, foot, 0, px(d, 24), MUTED, (SDL_Rect){m, bottom + px(d, 10), W - 2 * m, px(d, 34)}, LEFT);
	if (W >= H) {
		int hh = px(d, 250);
		block_header(d, (SDL_Rect){0, 0, W, hh}, v);
		int top = hh + m, lw = (W - 3 * m) * 56 / 100, rw = W - 3 * m - lw;
		int ih = px(d, 130);
		int ph = lw * 9 / 16;
		if (ph > bottom - top - ih - px(d, 20))
			ph = bottom - top - ih - px(d, 20);
		block_preview(d, (SDL_Rect){m, top, lw, ph}, s, v);
		text_fit(d, instr, 1, px(d, 46), GOLD, (SDL_Rect){m, top + ph + px(d, 24), lw, ih}, CENTER);
		block_stats(d, (SDL_Rect){2 * m + lw, top - px(d, 10), rw, bottom - top}, v, 110);
	} else {
		int hh = px(d, 360);
		block_header(d, (SDL_Rect){0, 0, W, hh}, v);
		int top = hh + m, pw = W - 2 * m, ph = pw * 9 / 16;
		block_preview(d, (SDL_Rect){m, top, pw, ph}, s, v);
		top += ph + px(d, 24);
		top += text_fit(d, instr, 1, px(d, 50), GOLD, (SDL_Rect){m, top, pw, px(d, 140)}, CENTER) + m;
		block_stats(d, (SDL_Rect){m, top, pw, bottom - top}, v, 130);
	}
}

/* ---- result screens ---- */

static int seat_box(draw *d, int y, int cw, const char *seat, SDL_Color ink)
{
	if (!seat || !seat[0])
		return 0;
	char buf[SCREEN_TEXT + 32];
	snprintf(buf, sizeof buf, _("Chỗ ngồi: %s"), seat);
	int pad = px(d, 22), x = (d->W - cw) / 2;
	SDL_Rect box = {x, y, cw, px(d, 110)};
	fill(d, box, WHITE);
	text_fit(d, buf, 1, px(d, 56), ink, (SDL_Rect){x + pad, y + pad, cw - 2 * pad, box.h - 2 * pad + px(d, 10)},
	         CENTER);
	return box.h;
}

static void result_common(draw *d, SDL_Color bg, enum icon ic, SDL_Color ink, int *y, int *cw, int *x)
{
	fill(d, (SDL_Rect){0, 0, d->W, d->H}, bg);
	int portrait = d->H > d->W;
	*cw = d->W - 2 * px(d, 80);
	if (*cw > px(d, 1600))
		*cw = px(d, 1600);
	*x = (d->W - *cw) / 2;
	int radius = px(d, 70);
	*y = (portrait ? px(d, 260) : px(d, 60)) + d->yoff;
	icon(d, d->W / 2, *y + radius, radius, ic, ink);
	*y += 2 * radius + px(d, 30);
}

static void screen_welcome(draw *d, const struct screen *s, const struct view *v, int already)
{
	const struct screen_person *p = &s->shown.person;
	SDL_Color bg = already ? AMBER : GREEN, ink = already ? AMBER_TEXT : GREEN_TEXT;
	int y, cw, x;
	result_common(d, bg, ICON_CHECK, ink, &y, &cw, &x);
	int bottom = d->H - banners(d, s) - px(d, 40);
	/* a deputy (đi thay) is greeted by their own name; the line below says
	 * whose seat they take, and their own title and organisation follow */
	int deputy = p->sub_name[0] != '\0';
	y += text_fit(d, _("Kính chào đồng chí"), 0, px(d, 54), WHITE, (SDL_Rect){x, y, cw, px(d, 80)}, CENTER);
	y += px(d, 6);
	y += text_fit(d, deputy ? p->sub_name : p->name, 1, px(d, 104), WHITE, (SDL_Rect){x, y, cw, px(d, 250)},
	              CENTER);
	y += px(d, 14);
	if (deputy) {
		char line[SCREEN_TEXT + 64];
		snprintf(line, sizeof line, _("đi thay đồng chí %s"), p->name);
		y += text_fit(d, line, 1, px(d, 56), WHITE, (SDL_Rect){x, y, cw, px(d, 90)}, CENTER);
		y += px(d, 10);
	}
	if (already) {
		char buf[128], hm[16];
		time_hm(s->shown.person.arrived_at, hm, sizeof hm);
		snprintf(buf, sizeof buf, _("Đồng chí đã điểm danh lúc %s"), hm);
		y += text_fit(d, buf, 1, px(d, 60), WHITE, (SDL_Rect){x, y, cw, px(d, 90)}, CENTER);
		y += px(d, 10);
		y += text_fit(d, _("Xin mời đồng chí vào hội trường"), 0, px(d, 44), WHITE, (SDL_Rect){x, y, cw, px(d, 70)},
		              CENTER);
	} else if (deputy) {
		y += text_fit(d, p->sub_title, 0, px(d, 42), WHITE, (SDL_Rect){x, y, cw, px(d, 100)}, CENTER);
		y += px(d, 6);
		y += text_fit(d, p->sub_organization, 0, px(d, 40), WHITE, (SDL_Rect){x, y, cw, px(d, 100)}, CENTER);
	} else {
		y += text_fit(d, p->title, 0, px(d, 46), WHITE, (SDL_Rect){x, y, cw, px(d, 120)}, CENTER);
		y += px(d, 6);
		y += text_fit(d, p->organization, 0, px(d, 42), WHITE, (SDL_Rect){x, y, cw, px(d, 110)}, CENTER);
	}
	y += px(d, 30);
	y += seat_box(d, y, cw, p->seat, ink);
	d->content_end = y;
	char foot[160], hm[16];
	time_hm(v->now_ms, hm, sizeof hm);
	snprintf(foot, sizeof foot, "%s  ·  %s", hm, v->station ? v->station : "");
	text_fit(d, foot, 0, px(d, 26), WHITE, (SDL_Rect){x, bottom, cw, px(d, 36)}, CENTER);
}

static void screen_refused(draw *d, const struct screen *s, const struct view *v)
{
	int y, cw, x;
	result_common(d, RED, ICON_CROSS, RED_TEXT, &y, &cw, &x);
	int bottom = d->H - banners(d, s) - px(d, 40);
	y += text_fit(d, _("Chưa điểm danh được"), 1, px(d, 96), WHITE, (SDL_Rect){x, y, cw, px(d, 130)}, CENTER);
	y += px(d, 20);
	y += text_fit(d, screen_refusal_vi(&s->shown), 0, px(d, 58), WHITE, (SDL_Rect){x, y, cw, px(d, 170)},
	              CENTER);
	y += px(d, 50);
	int pad = px(d, 24);
	SDL_Rect box = {x, y, cw, px(d, 120)};
	fill(d, box, WHITE);
	text_fit(d, _("Xin mời đồng chí đến bàn lễ tân"), 1, px(d, 60), RED_TEXT,
	         (SDL_Rect){x + pad, y + pad, cw - 2 * pad, box.h - pad - px(d, 4)}, CENTER);
	d->content_end = y + box.h;
	char foot[160], hm[16];
	time_hm(v->now_ms, hm, sizeof hm);
	snprintf(foot, sizeof foot, "%s  ·  %s", hm, v->station ? v->station : "");
	text_fit(d, foot, 0, px(d, 26), WHITE, (SDL_Rect){x, bottom, cw, px(d, 36)}, CENTER);
}

/* ---- staff screens ---- */

static void staff_message(draw *d, const struct screen *s, int x, int y, int w)
{
	text_fit(d, s->staff_msg, 1, px(d, 34), s->staff_msg_bad ? (SDL_Color){255, 140, 130, 255} : GOLD,
	         (SDL_Rect){x, y, w, px(d, 90)}, CENTER);
}

static void screen_pin(draw *d, const struct screen *s)
{
	int W = d->W, m = px(d, 60), y = d->H / 5;
	fill(d, (SDL_Rect){0, 0, W, d->H}, SLATE);
	y += text_fit(d, _("CHẾ ĐỘ NHÂN VIÊN"), 1, px(d, 64), WHITE, (SDL_Rect){m, y, W - 2 * m, px(d, 90)}, CENTER);
	y += px(d, 20);
	y += text_fit(d, _("Nhập mã PIN rồi nhấn Enter"), 0, px(d, 40), LIGHT, (SDL_Rect){m, y, W - 2 * m, px(d, 60)},
	              CENTER);
	y += px(d, 40);
	int n = 0; /* characters typed (UTF-8 aware) */
	for (size_t i = 0; i < s->linelen; i++)
		n += ((unsigned char)s->line[i] & 0xC0) != 0x80;
	int dot = px(d, 34), gap = px(d, 22), shown = n < 4 ? 4 : n > 12 ? 12 : n;
	int x0 = (W - (shown * dot + (shown - 1) * gap)) / 2;
	for (int i = 0; i < shown; i++) {
		SDL_Rect r = {x0 + i * (dot + gap), y, dot, dot};
		fill(d, r, i < n ? WHITE : (SDL_Color){70, 78, 90, 255});
	}
	y += dot + px(d, 50);
	staff_message(d, s, m, y, W - 2 * m);
	text_fit(d, _("Esc: quay lại màn hình chờ"), 0, px(d, 28), MUTED,
	         (SDL_Rect){m, d->H - px(d, 90), W - 2 * m, px(d, 40)}, CENTER);
}

static void screen_staff(draw *d, const struct screen *s)
{
	int W = d->W, H = d->H, m = px(d, 50), y = px(d, 36), cw = W - 2 * m;
	fill(d, (SDL_Rect){0, 0, W, H}, SLATE);
	y += text_fit(d, _("CHẾ ĐỘ NHÂN VIÊN — tìm đại biểu theo tên"), 1, px(d, 44), WHITE,
	              (SDL_Rect){m, y, cw, px(d, 64)}, LEFT);
	y += px(d, 20);
	SDL_Rect field = {m, y, cw, px(d, 80)};
	fill(d, field, WHITE);
	char q[SCREEN_LINE_MAX + 8];
	snprintf(q, sizeof q, "%s|", s->line);
	text_fit(d, q, 0, px(d, 44), DARK, (SDL_Rect){m + px(d, 20), y + px(d, 12), cw - px(d, 40), px(d, 62)}, LEFT);
	y += field.h + px(d, 16);
	staff_message(d, s, m, y, cw);
	y += px(d, 70);
	int help_h = px(d, 110);
	int row = px(d, 104);
	int rows_fit = (H - help_h - y) / row;
	for (size_t i = 0; i < s->nfound && (int)i < rows_fit; i++, y += row) {
		const struct screen_person *p = &s->found[i];
		if (i == s->selected)
			fill(d, (SDL_Rect){m - px(d, 10), y - px(d, 6), cw + px(d, 20), row - px(d, 6)},
			     (SDL_Color){60, 90, 140, 255});
		text_fit(d, p->name, 1, px(d, 38), WHITE, (SDL_Rect){m, y, cw * 2 / 3, px(d, 50)}, LEFT);
		char sub[3 * SCREEN_TEXT + 32];
		if (p->sub_name[0]) /* staff see who comes in the delegate's place */
			snprintf(sub, sizeof sub, _("Người đi thay: %s%s%s"), p->sub_name, p->sub_title[0] ? " · " : "",
			         p->sub_title);
		else
			snprintf(sub, sizeof sub, "%s%s%s", p->title, p->title[0] && p->organization[0] ? " · " : "",
			         p->organization);
		text_fit(d, sub, 0, px(d, 26), LIGHT, (SDL_Rect){m, y + px(d, 52), cw * 3 / 4, px(d, 38)}, LEFT);
		char st[64], hm[16];
		if (p->arrived_at) {
			time_hm(p->arrived_at, hm, sizeof hm);
			snprintf(st, sizeof st, _("Đã đến %s"), hm);
		} else {
			snprintf(st, sizeof st, _("Chưa đến"));
		}
		text_fit(d, st, 1, px(d, 34), p->arrived_at ? (SDL_Color){120, 220, 140, 255} : GOLD,
		         (SDL_Rect){m + cw * 2 / 3, y, cw / 3, px(d, 50)}, RIGHT);
	}
	if (s->nfound == 0 && s->linelen > 0)
		text_fit(d, _("Không tìm thấy đại biểu nào"), 0, px(d, 34), LIGHT, (SDL_Rect){m, y, cw, px(d, 50)}, LEFT);
	text_fit(d,
	         _("Gõ tên để tìm · Lên/Xuống: chọn · Enter: điểm danh đại biểu đã chọn · F3: ghi người đi thay cho đại "
	           "biểu vừa quét (hoặc đã chọn) · F5: hoàn tác lượt điểm danh "
	           "cuối tại máy này · F10 hai lần: thoát chương trình · Esc: về màn hình chờ"),
	         0, px(d, 26), MUTED, (SDL_Rect){m, H - help_h, cw, help_h - px(d, 16)}, LEFT);
}

/* Staff type the name of a deputy for the delegate s->subst_for. */
static void screen_subst(draw *d, const struct screen *s)
{
	const struct screen_person *p = &s->subst_for;
	int W = d->W, H = d->H, m = px(d, 50), y = px(d, 36), cw = W - 2 * m;
	char buf[3 * SCREEN_TEXT + 64];
	fill(d, (SDL_Rect){0, 0, W, H}, SLATE);
	y += text_fit(d, _("CHẾ ĐỘ NHÂN VIÊN — ghi người đi thay"), 1, px(d, 44), WHITE, (SDL_Rect){m, y, cw, px(d, 64)},
	              LEFT);
	y += px(d, 20);
	snprintf(buf, sizeof buf, _("Đại biểu được mời: %s"), p->name);
	y += text_fit(d, buf, 1, px(d, 38), WHITE, (SDL_Rect){m, y, cw, px(d, 56)}, LEFT);
	snprintf(buf, sizeof buf, "%s%s%s%s%s", p->title, p->title[0] && p->organization[0] ? " · " : "",
	         p->organization, p->seat[0] ? " · " : "", p->seat);
	y += text_fit(d, buf, 0, px(d, 28), LIGHT, (SDL_Rect){m, y, cw, px(d, 44)}, LEFT);
	if (p->sub_name[0]) {
		snprintf(buf, sizeof buf, _("Người đi thay đã ghi: %s"), p->sub_name);
		y += text_fit(d, buf, 0, px(d, 28), GOLD, (SDL_Rect){m, y, cw, px(d, 44)}, LEFT);
	}
	y += px(d, 20);
	y += text_fit(d, _("Họ tên người đi thay:"), 0, px(d, 34), LIGHT, (SDL_Rect){m, y, cw, px(d, 50)}, LEFT);
	y += px(d, 6);
	SDL_Rect field = {m, y, cw, px(d, 80)};
	fill(d, field, WHITE);
	char q[SCREEN_LINE_MAX + 8];
	snprintf(q, sizeof q, "%s|", s->line);
	text_fit(d, q, 0, px(d, 44), DARK, (SDL_Rect){m + px(d, 20), y + px(d, 12), cw - px(d, 40), px(d, 62)}, LEFT);
	y += field.h + px(d, 16);
	staff_message(d, s, m, y, cw);
	int help_h = px(d, 110);
	text_fit(d, _("Gõ họ tên người đi thay rồi nhấn Enter: ghi ngay, giấy mời vẫn dùng được, chỗ ngồi giữ nguyên · "
	              "Esc: quay lại, không ghi"),
	         0, px(d, 26), MUTED, (SDL_Rect){m, H - help_h, cw, help_h - px(d, 16)}, LEFT);
}

void draw_screen(draw *d, const struct screen *s, const struct view *v)
{
	SDL_GetRendererOutputSize(d->r, &d->W, &d->H);
	d->u = (d->W < d->H ? d->W : d->H) / 1080.0;
	SDL_SetRenderDrawBlendMode(d->r, SDL_BLENDMODE_NONE);
	if (s->kind == SCREEN_WELCOME || s->kind == SCREEN_ALREADY || s->kind == SCREEN_REFUSED) {
		/* measure first, then centre the block between the top and the
		 * footer (or pull it up when a long name needs the room) */
		d->dry = 1;
		d->yoff = 0;
		if (s->kind == SCREEN_REFUSED)
			screen_refused(d, s, v);
		else
			screen_welcome(d, s, v, s->kind == SCREEN_ALREADY);
		d->dry = 0;
		int top = d->H > d->W ? px(d, 260) : px(d, 60);
		int bottom = d->H - px(d, 60) - (s->store_error[0] ? px(d, 64) : 0) - (s->camera_missing ? px(d, 64) : 0);
		d->yoff = (bottom - d->content_end) / 2;
		if (d->yoff < px(d, 20) - top)
			d->yoff = px(d, 20) - top;
	}
	d->text[0] = '\0';
	d->textlen = 0;
	switch (s->kind) {
	case SCREEN_WAITING: screen_waiting(d, s, v); break;
	case SCREEN_WELCOME: screen_welcome(d, s, v, 0); break;
	case SCREEN_ALREADY: screen_welcome(d, s, v, 1); break;
	case SCREEN_REFUSED: screen_refused(d, s, v); break;
	case SCREEN_STAFF_PIN: screen_pin(d, s); break;
	case SCREEN_STAFF: screen_staff(d, s); break;
	case SCREEN_STAFF_SUBST: screen_subst(d, s); break;
	}
	if (s->link_note[0]) { /* for staff: small, in a corner, above any banner */
		int h = px(d, 34), y = d->H - h - px(d, 8) - (s->store_error[0] ? px(d, 64) : 0) -
		                       (s->camera_missing ? px(d, 64) : 0);
		text_fit(d, s->link_note, 0, px(d, 22), MUTED, (SDL_Rect){d->W / 2, y, d->W / 2 - px(d, 24), h}, RIGHT);
	}
}

const char *draw_text(const draw *d)
{
	return d->text;
}

void draw_warm(draw *d, const struct screen *s, const struct view *v)
{
	static const char alphabet[] =
		"aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
		"AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰVXYỲÝỶỸỴ"
		"0123456789 -/:,.·()";
	static struct screen t; /* big; not on the stack */
	t = *s;
	snprintf(t.shown.person.name, sizeof t.shown.person.name, "Nguyễn Thị Hồng");
	snprintf(t.shown.person.title, sizeof t.shown.person.title, "Phó Chủ tịch Ủy ban nhân dân huyện");
	snprintf(t.shown.person.organization, sizeof t.shown.person.organization, "Ủy ban nhân dân huyện Chư Sê");
	snprintf(t.shown.person.seat, sizeof t.shown.person.seat, "Khu B - Hàng 3 - Ghế 12");
	static const enum screen_kind kinds[] = {SCREEN_WELCOME, SCREEN_ALREADY, SCREEN_REFUSED, SCREEN_STAFF,
	                                         SCREEN_STAFF_SUBST, SCREEN_STAFF_PIN, SCREEN_WAITING};
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		t.kind = kinds[i];
		t.shown.result = kinds[i] == SCREEN_ALREADY ? CHECKIN_ALREADY : kinds[i] == SCREEN_REFUSED ? CHECKIN_INVALID
		                                                                                          : CHECKIN_OK;
		draw_screen(d, &t, v);
	}
	for (int i = 0; i < d->nfonts; i++) {
		SDL_Surface *g = TTF_RenderUTF8_Blended(d->fonts[i].font, alphabet, WHITE);
		if (g)
			SDL_FreeSurface(g);
	}
	SDL_SetRenderDrawColor(d->r, 0, 0, 0, 255);
	SDL_RenderClear(d->r);
}

void draw_preview(draw *d, const struct frame *f)
{
	if (!d->preview || d->pw != f->width || d->ph != f->height) {
		if (d->preview)
			SDL_DestroyTexture(d->preview);
		d->preview = SDL_CreateTexture(d->r, SDL_PIXELFORMAT_RGB24, SDL_TEXTUREACCESS_STREAMING, f->width,
		                               f->height);
		d->pw = f->width;
		d->ph = f->height;
		if (!d->preview)
			return;
	}
	SDL_UpdateTexture(d->preview, NULL, f->rgb, f->width * 3);
	d->have_preview = 1;
}

draw *draw_new(SDL_Renderer *r, const char *assets_dir, ck_err *err)
{
	draw *d = calloc(1, sizeof *d);
	if (!d) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		return NULL;
	}
	d->r = r;
	snprintf(d->font_path[0], sizeof d->font_path[0], "%s/fonts/NotoSans-Regular.ttf", assets_dir);
	snprintf(d->font_path[1], sizeof d->font_path[1], "%s/fonts/NotoSans-Bold.ttf", assets_dir);
	for (int b = 0; b < 2; b++) {
		TTF_Font *f = font_get(d, b, 20);
		if (!f) {
			ck_fail(err, CK_IO, _("không mở được phông chữ '%s': %s"), d->font_path[b], TTF_GetError());
			draw_free(d);
			return NULL;
		}
	}
	return d;
}

void draw_free(draw *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->nfonts; i++)
		TTF_CloseFont(d->fonts[i].font);
	for (int i = 0; i < CACHE_MAX; i++)
		if (d->cache[i].tex)
			SDL_DestroyTexture(d->cache[i].tex);
	if (d->preview)
		SDL_DestroyTexture(d->preview);
	free(d);
}
