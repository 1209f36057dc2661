/* programme.c - the programme file (libinih) and its place in the store.
 *
 * Why a file of its own: the MC's live view, the printed script and
 * `programme show` all read the agenda and the award list, and they must
 * read it the same way. The secretariat edits an INI file (the format of
 * the event file they already know); this file parses it with FILE:LINE
 * errors and keeps it in the store as the text that was loaded, parsed
 * again on every read, so there is one meaning of it, not two. The file's
 * format is described in programme.h. */
#include <ctype.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "i18n.h"
#include "programme.h"
#include "store_internal.h"
#include "text.h"

#define PROG_MAX_ITEMS 500
#define PROG_MAX_RECIPIENTS 2000
#define PROG_ID_MAX 40

static const char *const kind_names[] = {"speech", "report", "presentation", "film", "awards", "break"};
static const char *const kind_labels[] = {N_("Phát biểu"), N_("Báo cáo"), N_("Tham luận"), N_("Phim phóng sự"),
                                          N_("Khen thưởng"), N_("Giải lao")};

const char *prog_kind_name(enum prog_kind k)
{
	return (unsigned)k < sizeof kind_names / sizeof *kind_names ? kind_names[k] : "?";
}

const char *prog_kind_label_vi(enum prog_kind k)
{
	return (unsigned)k < sizeof kind_labels / sizeof *kind_labels ? _(kind_labels[k]) : "?";
}

struct parse_state {
	struct programme *p;
	const char *text, *end, *cur; /* the input and how far the reader got */
	int line;                     /* physical line the reader handed to inih last */
	int indented;                 /* that line starts with white space: a continuation */
	int section_pending;          /* line of a '[' the handler has not seen yet, 0 if none */
	int section_line;             /* line of the current section's header */
	int in_batch;                 /* the current section is a batch (else an item) */
	char section[2 * PROG_ID_MAX + 2]; /* its name as inih gave it */
	int key_seen;                 /* a key since the last section header */
	const char *last_key;         /* the key the previous line set, for continuations */
	int have_time, have_kind;
	char problem[300];
	int problem_line;
};

static int problem(struct parse_state *ps, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int problem(struct parse_state *ps, int line, const char *fmt, ...)
{
	va_list ap;
	if (!ps->problem_line) {
		va_start(ap, fmt);
		vsnprintf(ps->problem, sizeof ps->problem, fmt, ap);
		va_end(ap);
		ps->problem_line = line ? line : 1;
	}
	return 0;
}

/* inih's reader over the text in memory: counts lines, notes section
 * headers (inih tells the handler only of keys) and refuses a line longer
 * than inih's buffer, which it would otherwise split in two. */
static char *read_line(char *str, int num, void *stream)
{
	struct parse_state *ps = stream;
	if (ps->cur >= ps->end || ps->problem_line)
		return NULL;
	const char *nl = memchr(ps->cur, '\n', (size_t)(ps->end - ps->cur));
	size_t n = nl ? (size_t)(nl - ps->cur) + 1 : (size_t)(ps->end - ps->cur);
	ps->line++;
	if (memchr(ps->cur, '\0', n)) {
		problem(ps, ps->line, _("dòng có ký tự NUL"));
		return NULL;
	}
	size_t room = (size_t)num - 1;
	size_t body = n - (nl ? 1 : 0);
	if (body > 0 && nl && ps->cur[body - 1] == '\r')
		body--;
	if (body > room - 1) {
		problem(ps, ps->line, _("dòng dài quá %d byte (viết tiếp ở dòng sau, thụt vào đầu dòng)"), num - 3);
		return NULL;
	}
	memcpy(str, ps->cur, body);
	str[body] = '\n';
	str[body + 1] = '\0';
	ps->cur += n;
	/* white space as inih skips it (isspace: \v and \f too) */
	ps->indented = isspace((unsigned char)str[0]) && str[0] != '\n';
	const char *s = str;
	while (*s && isspace((unsigned char)*s))
		s++;
	/* inih reads an indented line after a key as that key's continuation,
	 * even one that starts with '[' */
	if (*s == '[' && !(ps->indented && ps->key_seen)) {
		ps->key_seen = 0;
		if (ps->section_pending)
			problem(ps, ps->section_pending, _("mục không có nội dung"));
		ps->section_pending = ps->line;
	}
	return str;
}

static int valid_hm(const char *s, int *minute)
{
	int h, m;
	char extra;
	if (strlen(s) != 5 || s[2] != ':' || sscanf(s, "%2d:%2d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 ||
	    m > 59)
		return 0;
	*minute = h * 60 + m;
	return 1;
}

static int parse_id(const char *s, int64_t *id)
{
	if (!*s || strlen(s) > 12 || strspn(s, "0123456789") != strlen(s))
		return 0;
	*id = strtoll(s, NULL, 10);
	return *id > 0;
}

static int valid_section_id(const char *s, size_t n)
{
	if (n == 0 || n > PROG_ID_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-' || s[i] == '_'))
			return 0;
	return 1;
}

static struct prog_item *last_item(struct parse_state *ps)
{
	return ps->p->n ? &ps->p->items[ps->p->n - 1] : NULL;
}

static struct prog_batch *last_batch(struct parse_state *ps)
{
	struct prog_item *it = last_item(ps);
	return it && it->nbatches ? &it->batches[it->nbatches - 1] : NULL;
}

static size_t total_recipients(const struct programme *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		for (size_t b = 0; b < p->items[i].nbatches; b++)
			n += p->items[i].batches[b].n;
	return n;
}

/* What a finished section must have. */
static int close_section(struct parse_state *ps)
{
	if (!ps->section_line)
		return 1;
	if (ps->in_batch) {
		struct prog_batch *b = last_batch(ps);
		if (b && b->n == 0)
			return problem(ps, ps->section_line, _("đợt '%s' chưa có ai nhận khen thưởng (individual = hoặc collective =)"),
			               b->id);
		return 1;
	}
	struct prog_item *it = last_item(ps);
	if (!it)
		return 1;
	if (!ps->have_time)
		return problem(ps, ps->section_line, _("mục '%s' thiếu 'time'"), it->id);
	if (!ps->have_kind)
		return problem(ps, ps->section_line, _("mục '%s' thiếu 'kind'"), it->id);
	if (!it->title)
		return problem(ps, ps->section_line, _("mục '%s' thiếu 'title'"), it->id);
	if (it->kind == PROG_PRESENTATION && !it->presenter && !it->organization)
		return problem(ps, ps->section_line, _("tham luận '%s' cần 'presenter' hoặc 'organization'"), it->id);
	if ((it->presenter || it->organization) && (it->kind == PROG_FILM || it->kind == PROG_BREAK || it->kind == PROG_AWARDS))
		return problem(ps, it->presenter_line ? it->presenter_line : ps->section_line,
		               _("mục loại '%s' không có người trình bày"), prog_kind_name(it->kind));
	if (ps->p->n > 1 && it->minute < ps->p->items[ps->p->n - 2].minute)
		return problem(ps, ps->section_line, _("mục '%s' bắt đầu sớm hơn mục trước nó"), it->id);
	return 1;
}

/* An awards item's batches are the sections right after it: checked when
 * the next item starts and at the end. */
static int close_item(struct parse_state *ps)
{
	struct prog_item *it = last_item(ps);
	if (it && it->kind == PROG_AWARDS && it->nbatches == 0)
		return problem(ps, it->line, _("mục khen thưởng '%s' chưa có đợt nào ([%s/TÊN-ĐỢT])"), it->id, it->id);
	return 1;
}

static int new_section(struct parse_state *ps, const char *section)
{
	int line = ps->section_pending;
	ps->section_pending = 0;
	if (!close_section(ps))
		return 0;
	ps->section_line = line;
	ps->last_key = NULL;
	const char *slash = strchr(section, '/');
	if (slash) {
		struct prog_item *it = last_item(ps);
		size_t plen = (size_t)(slash - section);
		if (!valid_section_id(section, plen) || !valid_section_id(slash + 1, strlen(slash + 1)))
			return problem(ps, line, _("tên mục '[%s]' không hợp lệ (chữ không dấu, số, '-', '_')"), section);
		if (!it || strlen(it->id) != plen || memcmp(it->id, section, plen) != 0)
			return problem(ps, line, _("đợt '[%s]' phải nằm ngay sau mục khen thưởng của nó"), section);
		if (it->kind != PROG_AWARDS)
			return problem(ps, line, _("'%s' không phải mục khen thưởng (kind = awards)"), it->id);
		for (size_t b = 0; b < it->nbatches; b++)
			if (!strcmp(it->batches[b].id, slash + 1))
				return problem(ps, line, _("đợt '[%s]' đã có ở dòng %d"), section, it->batches[b].line);
		struct prog_batch *nb = realloc(it->batches, (it->nbatches + 1) * sizeof *nb);
		if (!nb)
			return problem(ps, line, _("hết bộ nhớ"));
		it->batches = nb;
		nb = &it->batches[it->nbatches];
		memset(nb, 0, sizeof *nb);
		nb->line = line;
		if (!(nb->id = strdup(slash + 1)))
			return problem(ps, line, _("hết bộ nhớ"));
		it->nbatches++;
		ps->in_batch = 1;
		return 1;
	}
	if (!close_item(ps))
		return 0;
	if (!valid_section_id(section, strlen(section)))
		return problem(ps, line, _("tên mục '[%s]' không hợp lệ (chữ không dấu, số, '-', '_')"), section);
	for (size_t i = 0; i < ps->p->n; i++)
		if (!strcmp(ps->p->items[i].id, section))
			return problem(ps, line, _("mục '[%s]' đã có ở dòng %d"), section, ps->p->items[i].line);
	if (ps->p->n >= PROG_MAX_ITEMS)
		return problem(ps, line, _("quá %d mục"), PROG_MAX_ITEMS);
	struct prog_item *ni = realloc(ps->p->items, (ps->p->n + 1) * sizeof *ni);
	if (!ni)
		return problem(ps, line, _("hết bộ nhớ"));
	ps->p->items = ni;
	ni = &ps->p->items[ps->p->n];
	memset(ni, 0, sizeof *ni);
	ni->line = line;
	if (!(ni->id = strdup(section)))
		return problem(ps, line, _("hết bộ nhớ"));
	ps->p->n++;
	ps->in_batch = 0;
	ps->have_time = ps->have_kind = 0;
	return 1;
}

/* "Name | 12 | 30 31": a collective, who receives for it, alternates. */
static int parse_collective(struct parse_state *ps, const char *v, struct prog_recipient *r)
{
	const char *bar1 = strchr(v, '|');
	if (!bar1)
		return problem(ps, ps->line, _("tập thể cần dạng 'Tên tập thể | mã người nhận | mã người thay ...'"));
	const char *bar2 = strchr(bar1 + 1, '|');
	const char *b = v, *e = bar1;
	while (b < e && (*b == ' ' || *b == '\t'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (b == e)
		return problem(ps, ps->line, _("tập thể chưa có tên"));
	if (!(r->collective = strndup(b, (size_t)(e - b))))
		return problem(ps, ps->line, _("hết bộ nhớ"));
	char idbuf[32];
	const char *s = bar1 + 1, *se = bar2 ? bar2 : s + strlen(s);
	while (s < se && (*s == ' ' || *s == '\t'))
		s++;
	while (se > s && (se[-1] == ' ' || se[-1] == '\t'))
		se--;
	if ((size_t)(se - s) >= sizeof idbuf)
		return problem(ps, ps->line, _("mã người nhận không hợp lệ"));
	memcpy(idbuf, s, (size_t)(se - s));
	idbuf[se - s] = '\0';
	if (!parse_id(idbuf, &r->delegate))
		return problem(ps, ps->line, _("mã người nhận '%s' không phải số đại biểu"), idbuf);
	if (!bar2)
		return 1;
	if (strchr(bar2 + 1, '|'))
		return problem(ps, ps->line, _("tập thể có quá ba phần ngăn bởi '|'"));
	s = bar2 + 1;
	for (;;) {
		s += strspn(s, " \t,");
		if (!*s)
			break;
		size_t n = strcspn(s, " \t,");
		if (n >= sizeof idbuf)
			return problem(ps, ps->line, _("mã người thay không hợp lệ"));
		memcpy(idbuf, s, n);
		idbuf[n] = '\0';
		int64_t id;
		if (!parse_id(idbuf, &id))
			return problem(ps, ps->line, _("mã người thay '%s' không phải số đại biểu"), idbuf);
		if (r->nalternates >= PROG_MAX_ALTERNATES)
			return problem(ps, ps->line, _("quá %d người thay"), PROG_MAX_ALTERNATES);
		if (id == r->delegate)
			return problem(ps, ps->line, _("người thay %lld cũng là người nhận"), (long long)id);
		r->alternates[r->nalternates++] = id;
		s += n;
	}
	return 1;
}

static int on_batch_pair(struct parse_state *ps, const char *key, const char *v)
{
	struct prog_batch *b = last_batch(ps);
	if (!strcmp(key, "title")) {
		if (b->title)
			return problem(ps, ps->line, _("'title' xuất hiện hai lần"));
		if (!(b->title = strdup(v)))
			return problem(ps, ps->line, _("hết bộ nhớ"));
		return 1;
	}
	int collective = !strcmp(key, "collective");
	if (!collective && strcmp(key, "individual"))
		return problem(ps, ps->line, _("khóa '%s' không dùng được trong một đợt (title, individual, collective)"), key);
	if (total_recipients(ps->p) >= PROG_MAX_RECIPIENTS)
		return problem(ps, ps->line, _("quá %d người nhận"), PROG_MAX_RECIPIENTS);
	struct prog_recipient *nr = realloc(b->r, (b->n + 1) * sizeof *nr);
	if (!nr)
		return problem(ps, ps->line, _("hết bộ nhớ"));
	b->r = nr;
	nr = &b->r[b->n++];
	memset(nr, 0, sizeof *nr);
	nr->line = ps->line;
	if (collective)
		return parse_collective(ps, v, nr);
	if (!parse_id(v, &nr->delegate))
		return problem(ps, ps->line, _("'%s' không phải số đại biểu"), v);
	return 1;
}

static int set_text(struct parse_state *ps, char **slot, const char *key, const char *v)
{
	if (*slot)
		return problem(ps, ps->line, _("'%s' xuất hiện hai lần"), key);
	if (!(*slot = strdup(v)))
		return problem(ps, ps->line, _("hết bộ nhớ"));
	return 1;
}

static int on_item_pair(struct parse_state *ps, const char *key, const char *v)
{
	struct prog_item *it = last_item(ps);
	if (!strcmp(key, "time")) {
		if (ps->have_time)
			return problem(ps, ps->line, _("'%s' xuất hiện hai lần"), key);
		if (!valid_hm(v, &it->minute))
			return problem(ps, ps->line, _("giờ '%s' không hợp lệ (cần HH:MM)"), v);
		ps->have_time = 1;
		return 1;
	}
	if (!strcmp(key, "kind")) {
		if (ps->have_kind)
			return problem(ps, ps->line, _("'%s' xuất hiện hai lần"), key);
		for (size_t k = 0; k < sizeof kind_names / sizeof *kind_names; k++) {
			if (!strcmp(v, kind_names[k])) {
				it->kind = (enum prog_kind)k;
				ps->have_kind = 1;
				return 1;
			}
		}
		return problem(ps, ps->line, _("loại '%s' không có (speech, report, presentation, film, awards, break)"), v);
	}
	if (!strcmp(key, "title"))
		return set_text(ps, &it->title, key, v);
	if (!strcmp(key, "label"))
		return set_text(ps, &it->label, key, v);
	if (!strcmp(key, "organization"))
		return set_text(ps, &it->organization, key, v);
	if (!strcmp(key, "presenter")) {
		if (it->presenter)
			return problem(ps, ps->line, _("'%s' xuất hiện hai lần"), key);
		if (!parse_id(v, &it->presenter))
			return problem(ps, ps->line, _("người trình bày '%s' không phải số đại biểu"), v);
		it->presenter_line = ps->line;
		return 1;
	}
	return problem(ps, ps->line,
	               _("khóa '%s' không có (time, kind, title, label, presenter, organization)"), key);
}

/* An indented line continues the title above it. */
static int continue_title(struct parse_state *ps, const char *v)
{
	char **slot = ps->in_batch ? &last_batch(ps)->title : &last_item(ps)->title;
	size_t a = strlen(*slot), b = strlen(v);
	char *joined = realloc(*slot, a + b + 2);
	if (!joined)
		return problem(ps, ps->line, _("hết bộ nhớ"));
	joined[a] = ' ';
	memcpy(joined + a + 1, v, b + 1);
	*slot = joined;
	return 1;
}

static int on_pair(void *user, const char *section, const char *key, const char *value)
{
	struct parse_state *ps = user;
	ps->key_seen = 1;
	if (ps->problem_line)
		return 0;
	if (!*section)
		return problem(ps, ps->line, _("'%s' nằm ngoài mọi mục ([tên-mục] trước nó)"), key);
	/* A section starts at a '[' line the reader saw; should inih see one
	 * the reader did not, a change of name starts it all the same. */
	if (!ps->section_pending && strcmp(section, ps->section))
		ps->section_pending = ps->line;
	if (ps->section_pending) {
		if (!new_section(ps, section))
			return 0;
		snprintf(ps->section, sizeof ps->section, "%s", section);
	}
	char *v = text_nfc(value, strlen(value));
	if (!v)
		return problem(ps, ps->line, _("'%s' không phải UTF-8 hợp lệ"), key);
	int ok;
	if (ps->indented) {
		if (ps->last_key && !strcmp(ps->last_key, "title") && !strcmp(key, "title"))
			ok = continue_title(ps, v);
		else
			ok = problem(ps, ps->line, _("chỉ 'title' viết tiếp được ở dòng thụt vào"));
	} else if (!*v) {
		ok = problem(ps, ps->line, _("'%s' để trống"), key);
	} else {
		ok = ps->in_batch ? on_batch_pair(ps, key, v) : on_item_pair(ps, key, v);
	}
	free(v);
	ps->last_key = !strcmp(key, "title") ? "title" : "";
	return ok;
}

int programme_parse(const char *name, const char *text, size_t len, struct programme *p, ck_err *err)
{
	struct parse_state ps = {.p = p, .text = text, .end = text + len, .cur = text};
	memset(p, 0, sizeof *p);
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		ps.cur += 3; /* a BOM from Notepad */
	int line = ini_parse_stream(read_line, &ps, on_pair, &ps);
	if (!ps.problem_line && line > 0)
		problem(&ps, line, _("lỗi cú pháp (cần 'khóa = giá trị' hoặc '[tên-mục]')"));
	if (!ps.problem_line && ps.section_pending)
		problem(&ps, ps.section_pending, _("mục không có nội dung"));
	if (!ps.problem_line && close_section(&ps) && close_item(&ps) && p->n == 0)
		problem(&ps, 1, _("chương trình chưa có mục nào"));
	if (ps.problem_line) {
		programme_release(p);
		return ck_fail(err, CK_INVALID, "%s:%d: %s", name, ps.problem_line, ps.problem);
	}
	return 0;
}

int programme_read_file(const char *path, struct programme *p, char **text, size_t *len, ck_err *err)
{
	memset(p, 0, sizeof *p);
	*text = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return ck_fail(err, CK_IO, _("không mở được '%s': %m"), path);
	size_t cap = 0, n = 0;
	char *buf = NULL;
	for (;;) {
		if (n == cap) {
			if (cap >= (size_t)4 << 20) {
				free(buf);
				fclose(f);
				return ck_fail(err, CK_INVALID, _("'%s' lớn quá (quá 4 MiB)"), path);
			}
			cap = cap ? cap * 2 : 8192;
			char *nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				fclose(f);
				return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return ck_fail(err, CK_IO, _("không đọc được '%s'"), path);
	}
	buf[n] = '\0';
	if (programme_parse(path, buf, n, p, err) < 0) {
		free(buf);
		return -1;
	}
	*text = buf;
	*len = n;
	return 0;
}

void programme_release(struct programme *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct prog_item *it = &p->items[i];
		for (size_t b = 0; b < it->nbatches; b++) {
			for (size_t r = 0; r < it->batches[b].n; r++)
				free(it->batches[b].r[r].collective);
			free(it->batches[b].r);
			free(it->batches[b].id);
			free(it->batches[b].title);
		}
		free(it->batches);
		free(it->id);
		free(it->title);
		free(it->label);
		free(it->organization);
	}
	free(p->items);
	memset(p, 0, sizeof *p);
}

int programme_each_delegate(const struct programme *p, int (*fn)(void *arg, int64_t id, int line), void *arg)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct prog_item *it = &p->items[i];
		if (it->presenter && fn(arg, it->presenter, it->presenter_line) < 0)
			return -1;
		for (size_t b = 0; b < it->nbatches; b++)
			for (size_t r = 0; r < it->batches[b].n; r++) {
				const struct prog_recipient *rc = &it->batches[b].r[r];
				if (fn(arg, rc->delegate, rc->line) < 0)
					return -1;
				for (int a = 0; a < rc->nalternates; a++)
					if (fn(arg, rc->alternates[a], rc->line) < 0)
						return -1;
			}
	}
	return 0;
}

/* --- the store --- */

struct check_ctx {
	store *st;
	const char *name;
	ck_err *err;
};

static int check_on_roster(void *arg, int64_t id, int line)
{
	struct check_ctx *c = arg;
	sql_stmt *s = store_stmt(c->st, "SELECT 1 FROM delegate WHERE id = ? AND removed_at IS NULL", c->err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, id);
	int rc = sql_step(s);
	sql_reset(s);
	if (rc == SQL_ROW)
		return 0;
	if (rc != SQL_DONE)
		return store_sqlerr(c->st, c->err, _("không đọc được danh sách đại biểu"));
	return ck_fail(c->err, CK_INVALID, _("%s:%d: không có đại biểu mã %lld trong danh sách"), c->name, line,
	               (long long)id);
}

int programme_store(store *st, const char *name, const char *text, size_t len, ck_err *err)
{
	struct programme p;
	struct check_ctx c = {st, name, err};
	char detail[160];
	if (programme_parse(name, text, len, &p, err) < 0)
		return -1;
	if (store_begin(st, err) < 0)
		goto fail_parsed;
	if (programme_each_delegate(&p, check_on_roster, &c) < 0)
		goto fail;
	char *copy = strndup(text, len);
	if (!copy) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		goto fail;
	}
	sql_stmt *s = store_stmt(st, "INSERT INTO programme(id, name, source, loaded_at) VALUES (1, ?1, ?2, ?3)"
	                             " ON CONFLICT (id) DO UPDATE SET name = ?1, source = ?2, loaded_at = ?3", err);
	if (!s) {
		free(copy);
		goto fail;
	}
	int64_t now = clock_now_ms();
	sql_bind_text(s, 1, name);
	sql_bind_text(s, 2, copy);
	sql_bind_int64(s, 3, now);
	int rc = sql_step(s);
	sql_reset(s);
	free(copy);
	if (rc != SQL_DONE) {
		store_sqlerr(st, err, _("không lưu được chương trình"));
		goto fail;
	}
	snprintf(detail, sizeof detail, "%zu items, %zu recipients", p.n, total_recipients(&p));
	if (store_audit_tx(st, now, "programme-load", 0, NULL, detail, err) < 0)
		goto fail;
	programme_release(&p);
	return store_commit(st, err);
fail:
	store_rollback(st);
fail_parsed:
	programme_release(&p);
	return -1;
}

int programme_load(store *st, struct programme *p, ck_err *err)
{
	memset(p, 0, sizeof *p);
	sql_stmt *s = store_stmt(st, "SELECT name, source FROM programme WHERE id = 1", err);
	if (!s)
		return -1;
	int rc = sql_step(s);
	if (rc != SQL_ROW) {
		sql_reset(s);
		if (rc == SQL_DONE)
			return ck_fail(err, CK_NOT_FOUND, _("chưa nạp chương trình; chạy 'checkin-admin programme load FILE'"));
		return store_sqlerr(st, err, _("không đọc được chương trình"));
	}
	char *name = sql_text_dup(s, 0), *text = sql_text_dup(s, 1);
	sql_reset(s);
	if (!name || !text) {
		free(name);
		free(text);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	}
	rc = programme_parse(name, text, strlen(text), p, err);
	free(name);
	free(text);
	return rc;
}
