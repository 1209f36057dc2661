/* hall.c - the hall file (libinih) and seat labels (see hall.h).
 *
 * The hall file is the secretariat's drawing of the room: the stage
 * table, then one section per block of seats. It is checked whole (blocks
 * inside the room, not overlapping, names unique) so that a typing slip
 * is reported at its line rather than found by an usher. The file's text
 * is kept in the store so that every program sees the same hall. */
#include <ctype.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hall.h"
#include "i18n.h"
#include "text.h"

#define MAX_TEXT (256u << 10)
#define MAX_BLOCKS 64
#define MAX_ROWS 99
#define MAX_SEATS_ROW 99
#define MAX_STAGE 60
#define MAX_NAME 80

struct parse_state {
	struct hall *h;
	const char *text, *end, *pos;
	int line;
	int header_line;       /* the line of the last [section] header read */
	int section_line;      /* the header line of the section on_pair is in */
	int had_key;           /* a key was read since that header (inih's prev_name) */
	char section[128];     /* the name of the section on_pair is in */
	struct hall_block *blk; /* the block being read, or NULL */
	struct pblock { int line, rows, nlist; } *pb; /* per block: its line, 'rows', the length of 'seats' */
	char problem[300];
	int problem_line;
};

static int problem(struct parse_state *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int problem(struct parse_state *ps, const char *fmt, ...)
{
	va_list ap;
	if (!ps->problem_line) {
		va_start(ap, fmt);
		vsnprintf(ps->problem, sizeof ps->problem, fmt, ap);
		va_end(ap);
		ps->problem_line = ps->line ? ps->line : 1;
	}
	return 0;
}

/* inih's reader over the text in memory, counting lines and refusing a
 * line longer than inih's buffer (which it would split in two). */
static char *read_line(char *str, int num, void *stream)
{
	struct parse_state *ps = stream;
	const char *nl;
	size_t n;
	if (ps->pos >= ps->end)
		return NULL;
	nl = memchr(ps->pos, '\n', (size_t)(ps->end - ps->pos));
	n = nl ? (size_t)(nl - ps->pos) + 1 : (size_t)(ps->end - ps->pos);
	ps->line++;
	/* a [section] header as inih sees one: after white space (isspace, and
	 * a BOM on the first line), unless indented after a key of the section,
	 * which makes it that key's continuation */
	size_t i = ps->line == 1 && n >= 3 && !memcmp(ps->pos, "\xEF\xBB\xBF", 3) ? 3 : 0, lead = i;
	while (i < n && isspace((unsigned char)ps->pos[i]))
		i++;
	if (i < n && ps->pos[i] == '[' && !(ps->had_key && i > lead)) {
		ps->header_line = ps->line;
		ps->had_key = 0;
	}
	if (n + 1 > (size_t)num && !(n == (size_t)num && ps->pos[n - 1] == '\n')) {
		problem(ps, _("dòng dài quá %d byte"), num - 2);
		return NULL;
	}
	if (n >= (size_t)num)
		n = (size_t)num - 1;
	memcpy(str, ps->pos, n);
	str[n] = 0;
	if (memchr(str, 0, n)) {
		problem(ps, _("dòng có byte NUL"));
		return NULL;
	}
	ps->pos += nl ? (size_t)(nl - ps->pos) + 1 : n;
	return str;
}

static int parse_num(const char *v, double lo, double hi, double *out)
{
	char *end;
	double d = strtod(v, &end);
	if (end == v || *end || !isfinite(d) || d < lo || d > hi)
		return -1;
	*out = d;
	return 0;
}

static int parse_int(const char *v, int lo, int hi, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (end == v || *end || n < lo || n > hi)
		return -1;
	*out = (int)n;
	return 0;
}

/* A name: valid UTF-8, NFC, without control characters or " - " (which
 * separates a label's parts). */
static char *name_value(struct parse_state *ps, const char *key, const char *v, int dash_ok)
{
	char *n = text_nfc(v, strlen(v));
	if (!n) {
		problem(ps, _("'%s' không phải UTF-8 hợp lệ"), key);
		return NULL;
	}
	for (const unsigned char *p = (const unsigned char *)n; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			problem(ps, _("'%s' có ký tự điều khiển"), key);
			free(n);
			return NULL;
		}
	if (!*n || strlen(n) > MAX_NAME || (!dash_ok && strchr(n, '-'))) {
		problem(ps, _("'%s' phải có từ 1 đến %d byte và không có dấu '-'"), key, MAX_NAME);
		free(n);
		return NULL;
	}
	return n;
}

static int set_name(struct parse_state *ps, char **slot, const char *key, const char *v)
{
	char *n = name_value(ps, key, v, slot == &ps->h->name);
	if (!n)
		return 0;
	free(*slot);
	*slot = n;
	return 1;
}

/* "leaders, general" into enum hall_use bits. */
static int parse_use(const char *v, unsigned *out)
{
	static const struct { const char *word; unsigned bit; } words[] = {
		{"general", HALL_GENERAL}, {"chung", HALL_GENERAL},
		{"leaders", HALL_LEADERS}, {"lanh dao", HALL_LEADERS},
		{"presenters", HALL_PRESENTERS}, {"tham luan", HALL_PRESENTERS},
		{"awardees", HALL_AWARDEES}, {"khen thuong", HALL_AWARDEES},
		{"press", HALL_PRESS}, {"bao chi", HALL_PRESS},
	};
	char *f = text_fold(v), *save = NULL;
	int rc = 0;
	*out = 0;
	if (!f)
		return -1;
	for (char *w = strtok_r(f, ",|", &save); w; w = strtok_r(NULL, ",|", &save)) {
		while (*w == ' ')
			w++;
		size_t n = strlen(w);
		while (n && w[n - 1] == ' ')
			w[--n] = 0;
		size_t i;
		for (i = 0; i < sizeof words / sizeof *words; i++)
			if (!strcmp(w, words[i].word))
				break;
		if (i == sizeof words / sizeof *words) {
			rc = -1;
			break;
		}
		*out |= words[i].bit;
	}
	free(f);
	return rc == 0 && *out ? 0 : -1;
}

static int parse_aisle(const char *v, unsigned *out)
{
	char *f = text_fold(v);
	int rc = 0;
	if (!f)
		return -1;
	if (!strcmp(f, "left") || !strcmp(f, "trai"))
		*out = HALL_AISLE_LEFT;
	else if (!strcmp(f, "right") || !strcmp(f, "phai"))
		*out = HALL_AISLE_RIGHT;
	else if (!strcmp(f, "both") || !strcmp(f, "hai ben"))
		*out = HALL_AISLE_LEFT | HALL_AISLE_RIGHT;
	else if (!strcmp(f, "none") || !strcmp(f, "khong"))
		*out = 0;
	else
		rc = -1;
	free(f);
	return rc;
}

/* "12" or "10, 12, 12" (one per row) into b->seats and pb->nlist. */
static int parse_seats(struct parse_state *ps, struct hall_block *b, struct pblock *pb, const char *v)
{
	int vals[MAX_ROWS], n = 0;
	const char *p = v;
	while (*p) {
		char *end;
		while (*p == ' ' || *p == '\t')
			p++;
		long x = strtol(p, &end, 10);
		if (end == p || x < 1 || x > MAX_SEATS_ROW || n == MAX_ROWS)
			break;
		vals[n++] = (int)x;
		p = end;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == ',')
			p++;
		else if (*p)
			break;
	}
	if (*p || !n)
		return problem(ps, _("'seats' phải là số ghế mỗi hàng (1 đến %d) hoặc danh sách cho từng hàng, "
		                     "không phải '%s'"), MAX_SEATS_ROW, v);
	free(b->seats);
	b->seats = malloc(sizeof *b->seats * (size_t)n);
	if (!b->seats)
		return problem(ps, _("hết bộ nhớ"));
	memcpy(b->seats, vals, sizeof *vals * (size_t)n);
	pb->nlist = n;
	return 1;
}

static int on_pair(void *user, const char *section, const char *key, const char *value)
{
	struct parse_state *ps = user;
	struct hall *h = ps->h;

	ps->had_key = 1;
	if (ps->header_line != ps->section_line || strncmp(section, ps->section, sizeof ps->section)) {
		/* the first key of a new section; problems with the section are at its header */
		int key_line = ps->line;
		snprintf(ps->section, sizeof ps->section, "%s", section);
		if (ps->header_line > ps->section_line)
			ps->section_line = ps->line = ps->header_line;
		ps->blk = NULL;
		if (!strncmp(section, "block ", 6)) {
			const char *k = section + 6;
			while (*k == ' ')
				k++;
			if (!*k || strlen(k) > 16 || strchr(k, '-'))
				return problem(ps, _("tên khu '[block %s]' phải có từ 1 đến 16 byte, không có '-'"), k);
			for (size_t i = 0; i < h->nblocks; i++)
				if (!strcmp(h->blocks[i].key, k))
					return problem(ps, _("khu '%s' đã có ở dòng %d"), k, ps->pb[i].line);
			if (h->nblocks == MAX_BLOCKS)
				return problem(ps, _("nhiều hơn %d khu"), MAX_BLOCKS);
			struct hall_block *nb = realloc(h->blocks, sizeof *nb * (h->nblocks + 1));
			struct pblock *nl = realloc(ps->pb, sizeof *nl * (h->nblocks + 1));
			if (nb)
				h->blocks = nb;
			if (nl)
				ps->pb = nl;
			if (!nb || !nl)
				return problem(ps, _("hết bộ nhớ"));
			ps->blk = &h->blocks[h->nblocks];
			memset(ps->blk, 0, sizeof *ps->blk);
			ps->blk->use = HALL_GENERAL;
			ps->blk->x = ps->blk->y = -1;
			ps->pb[h->nblocks] = (struct pblock){ps->section_line, 0, 0};
			h->nblocks++;
			if (!(ps->blk->key = strdup(k)))
				return problem(ps, _("hết bộ nhớ"));
		} else if (strcmp(section, "hall") && strcmp(section, "stage")) {
			return problem(ps, _("không biết mục '[%s]' (có [hall], [stage], [block X])"), section);
		}
		ps->line = key_line;
	}
	if (!strcmp(section, "hall")) {
		if (!strcmp(key, "name"))
			return set_name(ps, &h->name, key, value);
		double *slot = !strcmp(key, "width") ? &h->width : !strcmp(key, "depth") ? &h->depth
		             : !strcmp(key, "seat_width") ? &h->seat_width : !strcmp(key, "row_depth") ? &h->row_depth : NULL;
		if (!slot)
			return problem(ps, _("không biết khóa '%s' trong [hall]"), key);
		double lo = slot == &h->seat_width || slot == &h->row_depth ? 0.3 : 1;
		double hi = slot == &h->seat_width || slot == &h->row_depth ? 3 : 500;
		if (parse_num(value, lo, hi, slot) < 0)
			return problem(ps, _("'%s' phải là số mét từ %g đến %g, không phải '%s'"), key, lo, hi, value);
		return 1;
	}
	if (!strcmp(section, "stage")) {
		if (!strcmp(key, "name"))
			return set_name(ps, &h->stage_name, key, value);
		if (!strcmp(key, "seats")) {
			if (parse_int(value, 0, MAX_STAGE, &h->stage_seats) < 0)
				return problem(ps, _("'seats' của sân khấu phải từ 0 đến %d, không phải '%s'"), MAX_STAGE, value);
			return 1;
		}
		return problem(ps, _("không biết khóa '%s' trong [stage]"), key);
	}
	struct hall_block *b = ps->blk;
	if (!b)
		return 0; /* the section was refused */
	if (!strcmp(key, "name"))
		return set_name(ps, &b->name, key, value);
	struct pblock *pb = &ps->pb[b - h->blocks];
	if (!strcmp(key, "rows")) {
		if (parse_int(value, 1, MAX_ROWS, &pb->rows) < 0)
			return problem(ps, _("'rows' phải từ 1 đến %d, không phải '%s'"), MAX_ROWS, value);
		return 1;
	}
	if (!strcmp(key, "seats"))
		return parse_seats(ps, b, pb, value);
	if (!strcmp(key, "x") || !strcmp(key, "y")) {
		if (parse_num(value, 0, 500, !strcmp(key, "x") ? &b->x : &b->y) < 0)
			return problem(ps, _("'%s' phải là số mét từ 0 đến 500, không phải '%s'"), key, value);
		return 1;
	}
	if (!strcmp(key, "use")) {
		if (parse_use(value, &b->use) < 0)
			return problem(ps, _("'use' không hiểu '%s' (có general, leaders, presenters, awardees, press)"), value);
		return 1;
	}
	if (!strcmp(key, "aisle")) {
		if (parse_aisle(value, &b->aisle) < 0)
			return problem(ps, _("'aisle' phải là left, right, both hoặc none, không phải '%s'"), value);
		return 1;
	}
	return problem(ps, _("không biết khóa '%s' trong [block %s]"), key, b->key);
}

/* The rows of a block from 'rows' and 'seats'; NULL or why not. */
static const char *finish_rows(struct hall_block *b, const struct pblock *pb)
{
	if (!b->seats)
		return N_("thiếu 'seats'");
	if (pb->nlist > 1) {
		if (pb->rows && pb->rows != pb->nlist)
			return N_("'rows' khác số hàng trong 'seats'");
		b->nrows = pb->nlist;
	} else {
		if (!pb->rows)
			return N_("thiếu 'rows'");
		int *v = realloc(b->seats, sizeof *v * (size_t)pb->rows);
		if (!v)
			return N_("hết bộ nhớ");
		for (int i = 1; i < pb->rows; i++)
			v[i] = v[0];
		b->seats = v;
		b->nrows = pb->rows;
	}
	b->maxseats = 0;
	for (int i = 0; i < b->nrows; i++)
		if (b->seats[i] > b->maxseats)
			b->maxseats = b->seats[i];
	return NULL;
}

static int fail_at(ck_err *err, const char *name, int line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail_at(ck_err *err, const char *name, int line, const char *fmt, ...)
{
	char why[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	if (line > 0)
		return ck_fail(err, CK_INVALID, "%s:%d: %s", name, line, why);
	return ck_fail(err, CK_INVALID, "%s: %s", name, why);
}

/* The checks that need the whole file: every block complete, inside the
 * room, apart from the others, with a name of its own. */
static int check_whole(struct parse_state *ps, const char *name, ck_err *err)
{
	struct hall *h = ps->h;
	if (!h->name && !(h->name = strdup("Hội trường")))
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	if (!h->stage_name && !(h->stage_name = strdup("Đoàn chủ tịch")))
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	if (h->seat_width <= 0)
		h->seat_width = 0.55;
	if (h->row_depth <= 0)
		h->row_depth = 0.95;
	if (!h->nblocks)
		return fail_at(err, name, 0, _("không có khu ghế nào ([block A] ...)"));
	h->nseats = (size_t)h->stage_seats;
	for (size_t i = 0; i < h->nblocks; i++) {
		struct hall_block *b = &h->blocks[i];
		int line = ps->pb[i].line;
		const char *why = finish_rows(b, &ps->pb[i]);
		if (why)
			return fail_at(err, name, line, "[block %s]: %s", b->key, _(why));
		if (!b->name) {
			char buf[64];
			snprintf(buf, sizeof buf, "Khu %s", b->key);
			if (!(b->name = strdup(buf)))
				return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		}
		if (b->x < 0 || b->y < 0)
			return fail_at(err, name, line, _("[block %s]: thiếu vị trí 'x' hoặc 'y'"), b->key);
		double w = b->maxseats * h->seat_width, d = b->nrows * h->row_depth;
		if ((h->width > 0 && b->x + w > h->width + 1e-9) || (h->depth > 0 && b->y + d > h->depth + 1e-9))
			return fail_at(err, name, line, _("[block %s]: khu (%.2f × %.2f m) ra ngoài hội trường (%g × %g m)"),
			               b->key, w, d, h->width, h->depth);
		char *fi = text_fold(b->name);
		for (size_t j = 0; j < i; j++) {
			const struct hall_block *o = &h->blocks[j];
			double ow = o->maxseats * h->seat_width, od = o->nrows * h->row_depth;
			char *fj = text_fold(o->name);
			int same = fi && fj && !strcmp(fi, fj);
			free(fj);
			if (same) {
				free(fi);
				return fail_at(err, name, line, _("[block %s]: tên '%s' trùng với [block %s]"), b->key, b->name,
				               o->key);
			}
			if (b->x < o->x + ow - 1e-9 && o->x < b->x + w - 1e-9 && b->y < o->y + od - 1e-9 &&
			    o->y < b->y + d - 1e-9) {
				free(fi);
				return fail_at(err, name, line, _("[block %s] chồng lên [block %s] (dòng %d)"), b->key, o->key,
				               ps->pb[j].line);
			}
		}
		char *fs = text_fold(h->stage_name);
		int stage_clash = fi && fs && !strcmp(fi, fs);
		free(fs);
		free(fi);
		if (stage_clash)
			return fail_at(err, name, line, _("[block %s]: tên '%s' trùng với sân khấu"), b->key, b->name);
		for (int r = 0; r < b->nrows; r++)
			h->nseats += (size_t)b->seats[r];
	}
	if (h->width <= 0) {
		for (size_t i = 0; i < h->nblocks; i++)
			h->width = fmax(h->width, h->blocks[i].x + h->blocks[i].maxseats * h->seat_width + 1);
	}
	if (h->depth <= 0) {
		for (size_t i = 0; i < h->nblocks; i++)
			h->depth = fmax(h->depth, h->blocks[i].y + h->blocks[i].nrows * h->row_depth + 1);
	}
	if (h->stage_seats * h->seat_width * 1.6 > h->width)
		return fail_at(err, name, 0, _("bàn đoàn chủ tịch (%d ghế) rộng hơn hội trường"), h->stage_seats);
	return 0;
}

int hall_parse(const char *text, size_t len, const char *name, struct hall *h, ck_err *err)
{
	struct parse_state ps = {.h = h, .text = text, .end = text + len, .pos = text};
	int line;

	memset(h, 0, sizeof *h);
	if (len > MAX_TEXT)
		return ck_fail(err, CK_INVALID, _("'%s' lớn quá %u KiB"), name, MAX_TEXT >> 10);
	if (!text_valid_utf8(text, len))
		return fail_at(err, name, 0, _("không phải UTF-8 hợp lệ"));
	line = ini_parse_stream(read_line, &ps, on_pair, &ps);
	if (line != 0 || ps.problem_line) {
		if (ps.problem_line && (line <= 0 || ps.problem_line <= line))
			fail_at(err, name, ps.problem_line, "%s", ps.problem);
		else if (line > 0)
			fail_at(err, name, line, _("sai cú pháp (cần 'khóa = giá trị' hoặc '[mục]')"));
		else
			ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		goto fail;
	}
	if (check_whole(&ps, name, err) < 0)
		goto fail;
	free(ps.pb);
	return 0;
fail:
	free(ps.pb);
	hall_release(h);
	return -1;
}

int hall_load(const char *path, struct hall *h, ck_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	int rc;
	memset(h, 0, sizeof *h);
	if (!f)
		return ck_fail(err, CK_IO, _("không mở được '%s': %m"), path);
	buf = malloc(MAX_TEXT + 1);
	if (!buf) {
		fclose(f);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	}
	n = fread(buf, 1, MAX_TEXT + 1, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return ck_fail(err, CK_IO, _("không đọc được '%s'"), path);
	}
	fclose(f);
	rc = hall_parse(buf, n, path, h, err);
	free(buf);
	return rc;
}

void hall_release(struct hall *h)
{
	if (!h)
		return;
	free(h->name);
	free(h->stage_name);
	for (size_t i = 0; i < h->nblocks; i++) {
		free(h->blocks[i].key);
		free(h->blocks[i].name);
		free(h->blocks[i].seats);
	}
	free(h->blocks);
	memset(h, 0, sizeof *h);
}

const char *hall_label(const struct hall *h, struct hall_seat s, char *buf, size_t len)
{
	if (s.block < 0)
		snprintf(buf, len, "%s - Ghế %02d", h->stage_name, s.seat);
	else if ((size_t)s.block < h->nblocks)
		snprintf(buf, len, "%s - Hàng %d - Ghế %02d", h->blocks[s.block].name, s.row, s.seat);
	else
		snprintf(buf, len, "?");
	return buf;
}

/* s folded, without blanks: "Khu A - Hàng 1 - Ghế 01" -> "khua-hang1-ghe01". */
static char *compact(const char *s)
{
	char *f = text_fold(s);
	size_t o = 0;
	if (!f)
		return NULL;
	for (size_t i = 0; f[i]; i++)
		if (f[i] != ' ')
			f[o++] = f[i];
	f[o] = 0;
	return f;
}

static int is_sep(char c)
{
	return c == '-' || c == ',' || c == ';';
}

/* The number after word at the end of s[0..*n); shortens *n to before
 * the separator ahead of word (or to 0 when word starts s). -1 when
 * absent. */
static int tail_number(const char *s, size_t *n, const char *word)
{
	size_t e = *n, d = e, wl = strlen(word);
	while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9')
		d--;
	if (d == e || e - d > 3 || d < wl || memcmp(s + d - wl, word, wl))
		return -1;
	if (d > wl && !is_sep(s[d - wl - 1]))
		return -1;
	int v = 0;
	for (size_t i = d; i < e; i++)
		v = v * 10 + (s[i] - '0');
	*n = d > wl ? d - wl - 1 : 0;
	return v;
}

int hall_label_split(const char *label, struct hall_label_parts *p)
{
	memset(p, 0, sizeof *p);
	char *c = label ? compact(label) : NULL;
	int rc = -1;
	if (!c)
		return -1;
	size_t n = strlen(c);
	while (n > 0 && is_sep(c[n - 1])) /* "Khu A - Hàng 1 - Ghế 01 ;" */
		n--;
	int seat = tail_number(c, &n, "ghe");
	if (seat < 1)
		goto out;
	int row = tail_number(c, &n, "hang");
	if (row == 0 || n >= sizeof p->place)
		goto out;
	memcpy(p->place, c, n);
	p->place[n] = 0;
	p->row = row < 0 ? 0 : row;
	p->seat = seat;
	rc = 0;
out:
	free(c);
	return rc;
}

int hall_seat_parse(const struct hall *h, const char *label, struct hall_seat *s)
{
	struct hall_label_parts p;
	int rc = -1;
	if (hall_label_split(label, &p) < 0)
		return -1;
	if (p.row == 0) {
		/* the stage */
		char *st = compact(h->stage_name);
		if (st && !strcmp(st, p.place) && p.seat <= h->stage_seats) {
			*s = (struct hall_seat){-1, 0, p.seat};
			rc = 0;
		}
		free(st);
		return rc;
	}
	for (size_t i = 0; i < h->nblocks; i++) {
		const struct hall_block *b = &h->blocks[i];
		char *bn = compact(b->name);
		int hit = bn && !strcmp(bn, p.place);
		free(bn);
		if (hit) {
			if (p.row <= b->nrows && p.seat <= b->seats[p.row - 1]) {
				*s = (struct hall_seat){(int)i, p.row, p.seat};
				rc = 0;
			}
			break;
		}
	}
	return rc;
}

long hall_seat_index(const struct hall *h, struct hall_seat s)
{
	long idx;
	if (s.block < 0)
		return s.seat >= 1 && s.seat <= h->stage_seats ? s.seat - 1 : -1;
	if ((size_t)s.block >= h->nblocks)
		return -1;
	idx = h->stage_seats;
	for (int i = 0; i < s.block; i++)
		for (int r = 0; r < h->blocks[i].nrows; r++)
			idx += h->blocks[i].seats[r];
	const struct hall_block *b = &h->blocks[s.block];
	if (s.row < 1 || s.row > b->nrows || s.seat < 1 || s.seat > b->seats[s.row - 1])
		return -1;
	for (int r = 0; r < s.row - 1; r++)
		idx += b->seats[r];
	return idx + s.seat - 1;
}

struct hall_seat hall_seat_at(const struct hall *h, size_t index)
{
	if (index < (size_t)h->stage_seats)
		return (struct hall_seat){-1, 0, (int)index + 1};
	index -= (size_t)h->stage_seats;
	for (size_t i = 0; i < h->nblocks; i++)
		for (int r = 0; r < h->blocks[i].nrows; r++) {
			if (index < (size_t)h->blocks[i].seats[r])
				return (struct hall_seat){(int)i, r + 1, (int)index + 1};
			index -= (size_t)h->blocks[i].seats[r];
		}
	return (struct hall_seat){-2, 0, 0};
}

void hall_seat_pos(const struct hall *h, struct hall_seat s, double *x, double *y)
{
	if (s.block < 0) {
		/* the table is centred at the top, with a seat and a half of room per seat */
		double pitch = h->seat_width * 1.5;
		*x = h->width / 2 + (s.seat - (h->stage_seats + 1) / 2.0) * pitch;
		*y = -1.6;
		return;
	}
	const struct hall_block *b = &h->blocks[s.block];
	double inset = (b->maxseats - b->seats[s.row - 1]) * h->seat_width / 2;
	*x = b->x + inset + (s.seat - 0.5) * h->seat_width;
	*y = b->y + (s.row - 0.5) * h->row_depth;
}

int hall_seat_on_aisle(const struct hall *h, struct hall_seat s)
{
	if (s.block < 0)
		return 0;
	const struct hall_block *b = &h->blocks[s.block];
	return ((b->aisle & HALL_AISLE_LEFT) && s.seat == 1) ||
	       ((b->aisle & HALL_AISLE_RIGHT) && s.seat == b->seats[s.row - 1]);
}
