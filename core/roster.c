/* roster.c - reading the secretariat's delegate list (see roster.h).
 *
 * The file is fed to libcsv one physical line at a time so that every
 * problem can name the line where its row starts. Parsing never touches
 * the store; roster_import() then applies the good rows in one
 * transaction, or nothing when any row was refused (unless asked to skip
 * bad rows).
 *
 * Speed (issue 15: 100,000 rows): each distinct string is normalised and
 * folded once (a memo), the store is read once before the rows are matched
 * in memory, and new delegates, their codes and the audit rows are written
 * many rows per statement; see BENCHMARKS.md for where the time went. */
#include <csv.h>
#include <sodium.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "code.h"
#include "delegate_internal.h"
#include "i18n.h"
#include "roster.h"
#include "store_internal.h"
#include "text.h"

#define MAX_FILE (64u << 20)
#define MAX_FIELDS 64
#define MAX_FIELD 2000
/* libcsv grows its field buffer by a fixed block (128 bytes by default),
 * which copies a long field quadratically: a 10 MB field took minutes
 * under ASan. feed() hands it the data in chunks and sets the block to
 * the buffer's current size before each, so the buffer doubles. */
#define CSV_BLOCK (64u << 10)
#define CSV_CHUNK (64u << 10)

enum column { COL_IGNORE = -1, COL_ID, COL_NAME, COL_TITLE, COL_ORG, COL_CATEGORY, COL_DISTRICT, COL_ROLES,
              COL_SEAT, COL_PHONE, COL_EMAIL, COL_RANK, NCOLS };

static const char *const col_names[NCOLS] = {"id", "name", "title", "organization", "category", "district",
                                             "roles", "seat", "phone", "email", "rank"};

/* Header spellings, already folded (lower case, no diacritics). */
static const struct {
	const char *folded;
	int col;
} header_alias[] = {
	{"id", COL_ID}, {"ma dai bieu", COL_ID},
	{"name", COL_NAME}, {"full name", COL_NAME}, {"ho va ten", COL_NAME}, {"ho ten", COL_NAME},
	{"title", COL_TITLE}, {"chuc vu", COL_TITLE},
	{"organization", COL_ORG}, {"organisation", COL_ORG}, {"don vi", COL_ORG}, {"co quan", COL_ORG},
	{"category", COL_CATEGORY}, {"nhom", COL_CATEGORY}, {"cap", COL_CATEGORY},
	{"district", COL_DISTRICT}, {"huyen", COL_DISTRICT},
	{"roles", COL_ROLES}, {"role", COL_ROLES}, {"vai tro", COL_ROLES},
	{"seat", COL_SEAT}, {"cho ngoi", COL_SEAT}, {"khu vuc", COL_SEAT},
	{"phone", COL_PHONE}, {"dien thoai", COL_PHONE}, {"so dien thoai", COL_PHONE},
	{"email", COL_EMAIL}, {"e-mail", COL_EMAIL},
	{"rank", COL_RANK}, {"thu tu", COL_RANK}, {"thu_tu", COL_RANK}, {"thu tu uu tien", COL_RANK},
	{"uu tien", COL_RANK}, {"precedence", COL_RANK},
	/* columns Excel sheets commonly carry that the roster does not need */
	{"stt", COL_IGNORE}, {"so thu tu", COL_IGNORE}, {"ghi chu", COL_IGNORE}, {"notes", COL_IGNORE},
	{"note", COL_IGNORE},
};

struct field {
	char *data; /* into parser.buf, set when the row is complete */
	size_t len, off;
};

/* A roster repeats most of its text (titles, organisations, categories,
 * districts, often names): a memo of each distinct string's NFC and
 * folded form saves libunistring's normalisation, which was a third of an
 * import's time. Exact: the same bytes always give the same result. It
 * stops growing at MEMO_MAX entries (then every new string is computed). */
#define MEMO_MAX (1u << 17)

struct memo_entry {
	char *key, *val; /* owned; val NULL when the function failed */
	size_t klen;
	uint64_t hash;
};

struct memo {
	struct memo_entry *v;
	size_t cap, n; /* cap a power of two; n < cap / 2 */
};

static uint64_t memo_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static void memo_release(struct memo *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->v[i].key);
		free(m->v[i].val);
	}
	free(m->v);
	memset(m, 0, sizeof *m);
}

static struct memo_entry *memo_slot(struct memo_entry *v, size_t cap, const char *s, size_t n, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);
	while (v[i].key && !(v[i].hash == h && v[i].klen == n && !memcmp(v[i].key, s, n)))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

/* f(s[0..n)) as a malloc'd string, from the memo when s was seen before.
 * NULL when f fails (invalid UTF-8) or memory runs out (*nomem set). */
static char *memo_get(struct memo *m, const char *s, size_t n, char *(*f)(const char *, size_t), int *nomem)
{
	uint64_t h = memo_hash(s, n);
	struct memo_entry *e = m->cap ? memo_slot(m->v, m->cap, s, n, h) : NULL;
	char *r;
	if (e && e->key) {
		if (!e->val)
			return NULL;
		if (!(r = strdup(e->val)))
			*nomem = 1;
		return r;
	}
	r = f(s, n);
	if (m->n >= MEMO_MAX)
		return r;
	if (2 * (m->n + 1) > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024;
		struct memo_entry *v = calloc(cap, sizeof *v);
		if (!v)
			return r; /* the memo only saves time */
		for (size_t i = 0; i < m->cap; i++)
			if (m->v[i].key)
				*memo_slot(v, cap, m->v[i].key, m->v[i].klen, m->v[i].hash) = m->v[i];
		free(m->v);
		m->v = v;
		m->cap = cap;
		e = memo_slot(v, cap, s, n, h);
	}
	char *k = malloc(n + 1), *val = r ? strdup(r) : NULL;
	if (!k || (r && !val)) {
		free(k);
		free(val);
		return r;
	}
	memcpy(k, s, n);
	k[n] = 0;
	*e = (struct memo_entry){.key = k, .val = val, .klen = n, .hash = h};
	m->n++;
	return r;
}

static char *fold_n(const char *s, size_t n)
{
	(void)n; /* s is NUL-terminated at n */
	return text_fold(s);
}

struct parser {
	struct roster *r;
	size_t line;          /* physical line being fed */
	size_t row_start;     /* line where the current row began; 0 = none yet */
	struct field fields[MAX_FIELDS];
	size_t nfields, extra_fields;
	int too_long;
	int have_header;
	int col_of[MAX_FIELDS]; /* header position -> enum column */
	size_t ncols;
	int has_col[NCOLS];
	ck_err *fatal;
	size_t fatal_line;    /* line of the header problem in fatal; 0 = none */
	int failed;
	size_t cap_warnings;
	size_t cap_rows, cap_problems;
	struct memo nfc, fold;
	char *buf; /* the current row's fields, each NUL-terminated (one buffer, not a malloc a field) */
	size_t buflen, bufcap;
};

/* Append (line, msg) to a list that grows by doubling; -1 when out of memory. */
static int push_note(struct roster_problem **v, size_t *n, size_t *cap, size_t line, const char *msg)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct roster_problem *nv = realloc(*v, c * sizeof *nv);
		if (!nv)
			return -1;
		*v = nv;
		*cap = c;
	}
	if (!((*v)[*n].message = strdup(msg)))
		return -1;
	(*v)[*n].line = line;
	(*n)++;
	return 0;
}

static int add_problem(struct parser *p, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int add_problem(struct parser *p, size_t line, const char *fmt, ...)
{
	char buf[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (push_note(&p->r->problems, &p->r->nproblems, &p->cap_problems, line, buf) < 0) {
		p->failed = 1; /* a lost problem would let a bad row through */
		return -1;
	}
	return 0;
}

static int add_warning(struct parser *p, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int add_warning(struct parser *p, size_t line, const char *fmt, ...)
{
	char buf[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (push_note(&p->r->warnings, &p->r->nwarnings, &p->cap_warnings, line, buf) < 0) {
		p->failed = 1;
		return -1;
	}
	return 0;
}

static void on_field(void *data, size_t len, void *user)
{
	struct parser *p = user;
	if (p->nfields >= MAX_FIELDS) {
		if (len)
			p->extra_fields++;
		return;
	}
	if (len > MAX_FIELD) {
		p->too_long = 1;
		len = MAX_FIELD;
	}
	if (p->bufcap - p->buflen < len + 1) {
		size_t cap = p->bufcap ? p->bufcap : 1024;
		while (cap - p->buflen < len + 1)
			cap *= 2;
		char *nb = realloc(p->buf, cap);
		if (!nb) {
			p->failed = 1; /* not an empty field: out of memory */
			return;
		}
		p->buf = nb;
		p->bufcap = cap;
	}
	struct field *f = &p->fields[p->nfields++];
	if (len)
		memcpy(p->buf + p->buflen, data, len);
	p->buf[p->buflen + len] = 0;
	f->data = NULL;
	f->off = p->buflen;
	f->len = len;
	p->buflen += len + 1;
}

static void clear_fields(struct parser *p)
{
	p->nfields = 0;
	p->buflen = 0;
	p->extra_fields = 0;
	p->too_long = 0;
}

/* The file as a whole is unusable because of its header at line: fatal
 * says why (roster_parse puts the line in front, the import the file). */
static int header_fail(struct parser *p, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int header_fail(struct parser *p, size_t line, const char *fmt, ...)
{
	va_list ap;
	p->fatal_line = line;
	if (p->fatal) {
		p->fatal->kind = CK_INVALID;
		va_start(ap, fmt);
		vsnprintf(p->fatal->msg, sizeof p->fatal->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int read_header(struct parser *p, size_t line)
{
	memset(p->has_col, 0, sizeof p->has_col);
	for (size_t i = 0; i < p->nfields; i++) {
		char *f = p->fields[i].data ? text_fold(p->fields[i].data) : NULL;
		size_t a;
		if (!f)
			return header_fail(p, line, _("dòng tiêu đề không phải UTF-8 hợp lệ"));
		for (a = 0; a < sizeof header_alias / sizeof *header_alias; a++)
			if (!strcmp(f, header_alias[a].folded))
				break;
		if (a == sizeof header_alias / sizeof *header_alias) {
			int empty = !*f;
			free(f);
			if (empty) {
				p->col_of[i] = COL_IGNORE;
				continue;
			}
			return header_fail(p, line, _("cột '%s' không hợp lệ (các cột hợp lệ: name, title, organization, category, district,"
			                              " roles, seat, phone, email, id, rank, hoặc tên tiếng Việt của chúng)"),
			                   p->fields[i].data);
		}
		free(f);
		int c = header_alias[a].col;
		p->col_of[i] = c;
		if (c == COL_IGNORE)
			continue;
		if (p->has_col[c])
			return header_fail(p, line, _("cột '%s' xuất hiện hai lần"), col_names[c]);
		p->has_col[c] = 1;
	}
	p->ncols = p->nfields;
	if (!p->has_col[COL_NAME])
		return header_fail(p, line, _("không có cột tên (cần 'name' hoặc 'họ và tên')"));
	p->have_header = 1;
	return 0;
}

static void read_row(struct parser *p, size_t line)
{
	struct delegate d = {.method = -1};
	char *vals[NCOLS] = {0};
	ck_err rerr;
	int bad = 0;

	if (p->too_long) {
		add_problem(p, line, _("có ô dài quá %d byte"), MAX_FIELD);
		return;
	}
	if (p->nfields > p->ncols || p->extra_fields) {
		for (size_t i = p->ncols; i < p->nfields; i++)
			if (p->fields[i].len) {
				add_problem(p, line, _("dòng có %zu ô, dòng tiêu đề có %zu"), p->nfields, p->ncols);
				return;
			}
	}
	for (size_t i = 0; i < p->nfields && i < p->ncols; i++) {
		int c = p->col_of[i];
		if (c == COL_IGNORE || !p->fields[i].data)
			continue;
		if (!text_valid_utf8(p->fields[i].data, p->fields[i].len)) {
			add_problem(p, line, _("cột '%s' không phải UTF-8 hợp lệ (hãy lưu tệp dạng 'CSV UTF-8')"), col_names[c]);
			bad = 1;
			break;
		}
		if (memchr(p->fields[i].data, 0, p->fields[i].len)) {
			add_problem(p, line, _("cột '%s' có byte NUL"), col_names[c]);
			bad = 1;
			break;
		}
		int nomem = 0;
		vals[c] = memo_get(&p->nfc, p->fields[i].data, p->fields[i].len, text_nfc, &nomem);
		if (!vals[c]) { /* valid UTF-8, so out of memory */
			p->failed = 1;
			goto out;
		}
		if (!*vals[c]) {
			free(vals[c]);
			vals[c] = NULL;
		}
	}
	if (bad)
		goto out;
	if (!vals[COL_NAME]) {
		add_problem(p, line, _("dòng không có tên"));
		goto out;
	}
	if (vals[COL_ID]) {
		char *end;
		errno = 0;
		long long id = strtoll(vals[COL_ID], &end, 10);
		if (errno || *end || id <= 0 || id > 1000000000) {
			add_problem(p, line, _("mã '%s' ở cột 'id' không hợp lệ (cần số nguyên dương)"), vals[COL_ID]);
			goto out;
		}
		d.id = id;
	}
	if (vals[COL_RANK]) {
		char *end;
		errno = 0;
		long rank = strtol(vals[COL_RANK], &end, 10);
		if (errno || *end || rank <= 0 || rank > 1000000) {
			add_problem(p, line, _("thứ tự '%s' ở cột 'rank' không hợp lệ (cần số nguyên dương, 1 là đầu tiên)"),
			            vals[COL_RANK]);
			goto out;
		}
		d.rank = (int)rank;
	}
	if (vals[COL_ROLES] && role_parse(vals[COL_ROLES], &d.roles, &rerr) < 0) {
		add_problem(p, line, _("%s ở cột 'roles'"), rerr.msg);
		goto out;
	}
	struct roster *r = p->r;
	if (r->nrows == p->cap_rows) {
		size_t n = p->cap_rows ? p->cap_rows * 2 : 256;
		struct roster_row *v = realloc(r->rows, n * sizeof *v);
		if (!v) {
			p->failed = 1;
			goto out;
		}
		r->rows = v;
		p->cap_rows = n;
	}
	d.name = vals[COL_NAME];
	d.title = vals[COL_TITLE];
	d.organization = vals[COL_ORG];
	d.category = vals[COL_CATEGORY];
	d.district = vals[COL_DISTRICT];
	d.seat = vals[COL_SEAT];
	d.phone = vals[COL_PHONE];
	d.email = vals[COL_EMAIL];
	const char *field;
	if (delegate_validate(&d, &field, &rerr) < 0) {
		add_problem(p, line, _("%s ở cột '%s'"), rerr.msg, field);
		goto out; /* vals[] still own the strings */
	}
	free(vals[COL_ID]);
	free(vals[COL_ROLES]);
	free(vals[COL_RANK]);
	r->rows[r->nrows].line = line;
	r->rows[r->nrows].d = d;
	r->rows[r->nrows].twin = 0;
	r->rows[r->nrows].name_key = r->rows[r->nrows].org_key = r->rows[r->nrows].category_key = NULL;
	r->nrows++;
	return;
out:
	for (int c = 0; c < NCOLS; c++)
		free(vals[c]);
}

static void on_row(int term, void *user)
{
	struct parser *p = user;
	size_t line = p->row_start ? p->row_start : p->line;
	(void)term;
	if (p->fatal->msg[0] || p->failed) {
		clear_fields(p);
		return;
	}
	for (size_t i = 0; i < p->nfields; i++)
		p->fields[i].data = p->buf + p->fields[i].off;
	if (!p->have_header) {
		if (read_header(p, line) < 0)
			p->failed = 1;
	} else {
		int blank = 1;
		for (size_t i = 0; i < p->nfields; i++)
			if (p->fields[i].len && strspn(p->fields[i].data, " \t") != p->fields[i].len)
				blank = 0;
		if (!blank) /* rows of only delimiters: Excel's empty lines */
			read_row(p, line);
	}
	clear_fields(p);
	p->row_start = 0;
}

/* ';' or ',' - whichever occurs more often outside quotes on the first line. */
static unsigned char detect_delim(const char *s, size_t len)
{
	size_t commas = 0, semis = 0;
	int quoted = 0;
	for (size_t i = 0; i < len && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == ',')
			commas++;
		else if (!quoted && s[i] == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

static void row_release(struct roster_row *row)
{
	delegate_release(&row->d);
	free(row->name_key);
	free(row->org_key);
	free(row->category_key);
	row->name_key = row->org_key = row->category_key = NULL;
}

struct key {
	char *k;
	size_t idx;
};

static int key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	if (!x->k || !y->k)
		return (x->k != NULL) - (y->k != NULL);
	int c = strcmp(x->k, y->k);
	return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* qsort, after a look whether v is in order already (a roster's ids
 * usually are): glibc's merge sort of 100,000 rows was 7% of an import. */
static void sort_unless_sorted(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	const char *e = v;
	for (size_t i = 1; i < n; i++)
		if (cmp(e + (i - 1) * size, e + i * size) > 0) {
			qsort(v, n, size, cmp);
			return;
		}
}

static int id_cmp(const void *a, const void *b)
{
	const struct roster_row *const *x = a, *const *y = b;
	int64_t i = (*x)->d.id, j = (*y)->d.id;
	if (i != j)
		return (i > j) - (i < j);
	return ((*x)->line > (*y)->line) - ((*x)->line < (*y)->line);
}

/* Refuse later rows with an id already used; warn about rows without an
 * id that share a name and organisation (see below). */
static void dup_check(struct parser *p)
{
	struct roster *r = p->r;
	size_t n = r->nrows, o = 0, m = 0;
	struct key *keys = calloc(n ? n : 1, sizeof *keys);
	struct roster_row **byid = calloc(n ? n : 1, sizeof *byid);
	char *drop = calloc(n ? n : 1, 1);

	if (!keys || !byid || !drop) {
		p->failed = 1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct roster_row *row = &r->rows[i];
		struct delegate *d = &row->d;
		const char *org = d->organization ? d->organization : "", *cat = d->category ? d->category : "";
		int nomem = 0;
		byid[i] = row;
		row->name_key = memo_get(&p->fold, d->name, strlen(d->name), fold_n, &nomem);
		row->org_key = memo_get(&p->fold, org, strlen(org), fold_n, &nomem);
		row->category_key = memo_get(&p->fold, cat, strlen(cat), fold_n, &nomem);
		if (!row->name_key || !row->org_key || !row->category_key) {
			p->failed = 1; /* NFC text folds, so out of memory */
			goto out;
		}
		if (d->id)
			continue;
		size_t len = strlen(row->name_key) + strlen(row->org_key) + 2;
		keys[m].k = malloc(len);
		if (keys[m].k)
			snprintf(keys[m].k, len, "%s\x1f%s", row->name_key, row->org_key);
		keys[m++].idx = i;
		if (!keys[m - 1].k) {
			p->failed = 1; /* a row without a key would escape the check */
			goto out;
		}
	}
	/* Rows with an id are told apart by it, whatever their names. Among
	 * rows without one, two with the same name and organisation may be two
	 * people (two Nguyễn Văn Hùng in one ministry): both are imported, with
	 * a warning naming both lines, and the k-th such row matches the k-th
	 * such delegate already on the roster (twin). */
	qsort(keys, m, sizeof *keys, key_cmp);
	for (size_t i = 1, first = 0; i < m; i++) {
		if (!strcmp(keys[i].k, keys[first].k)) {
			struct roster_row *a = &r->rows[keys[first].idx], *b = &r->rows[keys[i].idx];
			b->twin = a->twin + (unsigned)(i - first);
			add_warning(p, b->line, _("trùng tên và đơn vị với dòng %zu ('%s', %s): đã nhập thành một đại biểu"
			                          " khác; nếu là cùng một người, hãy ghi mã cho từng dòng"), a->line, b->d.name,
			            b->d.organization ? b->d.organization : _("không có đơn vị"));
		} else {
			first = i;
		}
	}
	sort_unless_sorted(byid, n, sizeof *byid, id_cmp);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (byid[i]->d.id && byid[i]->d.id == byid[first]->d.id) {
			size_t idx = (size_t)(byid[i] - r->rows);
			if (!drop[idx])
				add_problem(p, byid[i]->line, _("mã đại biểu %lld cũng được dùng ở dòng %zu"),
				            (long long)byid[i]->d.id, byid[first]->line);
			drop[idx] = 1;
		} else {
			first = i;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (drop[i])
			row_release(&r->rows[i]);
		else
			r->rows[o++] = r->rows[i];
	}
	r->nrows = o;
out:
	for (size_t i = 0; keys && i < m; i++)
		free(keys[i].k);
	free(keys);
	free(byid);
	free(drop);
}

static int by_line(const void *a, const void *b)
{
	const struct roster_problem *x = a, *y = b;
	return (x->line > y->line) - (x->line < y->line);
}

static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* csv_parse of s[0..n) in chunks, growing libcsv's buffer geometrically
 * (see CSV_BLOCK). Returns the bytes parsed: n unless libcsv failed. */
static size_t feed(struct csv_parser *cp, const char *s, size_t n, struct parser *p)
{
	size_t done = 0;
	while (done < n) {
		size_t chunk = n - done < CSV_CHUNK ? n - done : CSV_CHUNK;
		size_t have = csv_get_buffer_size(cp);
		csv_set_blk_size(cp, have > CSV_BLOCK ? have : CSV_BLOCK);
		size_t got = csv_parse(cp, s + done, chunk, on_field, on_row, p);
		done += got;
		if (got != chunk)
			break;
	}
	return done;
}

/* roster_parse, with the line of a header problem in *fatal_line (0 when
 * the file is unusable for another reason) and err saying only why. */
static int parse(const char *data, size_t len, struct roster *r, ck_err *err, size_t *fatal_line)
{
	struct csv_parser cp;
	struct parser p = {.r = r, .fatal = err};
	size_t pos = 0;

	memset(r, 0, sizeof *r);
	err->msg[0] = 0;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
	}
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	csv_set_delim(&cp, detect_delim(data, len));
	while (pos < len && !p.failed) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (data + pos)) + 1 : len - pos;
		p.line++;
		if (!p.row_start && !blank_line(data + pos, n))
			p.row_start = p.line;
		if (feed(&cp, data + pos, n, &p) != n) {
			/* a stray quote: report the row, start afresh on the next line */
			size_t at = p.row_start ? p.row_start : p.line;
			if (!p.have_header) {
				header_fail(&p, at, _("dấu ngoặc kép hỏng ở dòng tiêu đề"));
				p.failed = 1;
			} else {
				add_problem(&p, at, _("dấu ngoặc kép hỏng (dấu '\"' trong một ô phải viết hai lần)"));
			}
			clear_fields(&p);
			csv_free(&cp);
			if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0) {
				p.failed = 1;
				break;
			}
			csv_set_delim(&cp, detect_delim(data, len));
			p.row_start = 0;
		}
		pos += n;
	}
	if (!p.failed && csv_fini(&cp, on_field, on_row, &p) != 0) {
		size_t at = p.row_start ? p.row_start : p.line;
		if (!p.have_header) {
			header_fail(&p, at, _("dấu ngoặc kép hỏng ở dòng tiêu đề"));
			p.failed = 1;
		} else {
			add_problem(&p, at, _("dấu ngoặc kép không được đóng (ô kéo dài đến hết tệp)"));
		}
		clear_fields(&p);
	}
	csv_free(&cp);
	clear_fields(&p);
	free(p.buf);
	if (!p.failed && !p.have_header) {
		ck_fail(err, CK_INVALID, _("tệp rỗng"));
		p.failed = 1;
	}
	memo_release(&p.nfc);
	if (p.failed) {
		if (!err->msg[0])
			ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		*fatal_line = p.fatal_line;
		roster_release(r);
		return -1;
	}
	dup_check(&p);
	memo_release(&p.fold);
	if (p.failed) { /* duplicates may not have been dropped */
		roster_release(r);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	}
	if (r->nproblems)
		qsort(r->problems, r->nproblems, sizeof *r->problems, by_line);
	return 0;
}

int roster_parse(const char *data, size_t len, struct roster *r, ck_err *err)
{
	size_t line = 0;
	if (parse(data, len, r, err, &line) < 0) {
		if (line) {
			char why[CK_ERRLEN];
			snprintf(why, sizeof why, "%s", err->msg);
			ck_fail(err, err->kind, _("dòng %zu: %s"), line, why);
		}
		return -1;
	}
	return 0;
}

void roster_release(struct roster *r)
{
	for (size_t i = 0; i < r->nrows; i++)
		row_release(&r->rows[i]);
	free(r->rows);
	for (size_t i = 0; i < r->nproblems; i++)
		free(r->problems[i].message);
	free(r->problems);
	for (size_t i = 0; i < r->nwarnings; i++)
		free(r->warnings[i].message);
	free(r->warnings);
	memset(r, 0, sizeof *r);
}

static int read_file(const char *path, char **data, size_t *len, ck_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	if (!f)
		return ck_fail(err, CK_IO, _("không mở được '%s': %s"), path, strerror(errno));
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1 << 16;
			if (cap > MAX_FILE + 65536u) {
				fclose(f);
				free(buf);
				return ck_fail(err, CK_INVALID, _("'%s' lớn quá %u MiB"), path, MAX_FILE >> 20);
			}
			char *nb = realloc(buf, cap);
			if (!nb) {
				fclose(f);
				free(buf);
				return ck_fail(err, CK_NOMEM, _("hết bộ nhớ khi đọc '%s'"), path);
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
	*data = buf;
	*len = n;
	return 0;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* a: the delegate in the store, b: the row (a row without a seat keeps a
 * seat placed by 'seats auto'). */
static int same_delegate(const struct delegate *a, const struct delegate *b)
{
	return same(a->name, b->name) && same(a->title, b->title) && same(a->organization, b->organization) &&
	       same(a->category, b->category) && same(a->district, b->district) && a->roles == b->roles &&
	       (same(a->seat, b->seat) || (!b->seat && a->seat_auto)) && same(a->phone, b->phone) && same(a->email, b->email) && a->rank == b->rank;
}

static int report_problem(struct import_report *rep, size_t line, const char *msg)
{
	struct roster_problem *v = realloc(rep->problems, (rep->nproblems + 1) * sizeof *v);
	char *m = strdup(msg);
	if (!v || !m) {
		if (v)
			rep->problems = v;
		free(m);
		return -1;
	}
	rep->problems = v;
	v[rep->nproblems].line = line;
	v[rep->nproblems].message = m;
	rep->nproblems++;
	return 0;
}

struct target {
	int64_t id;   /* the delegate a row will write: existing, or its own id column; 0 new */
	size_t row;
};

static int target_cmp(const void *a, const void *b)
{
	const struct target *x = a, *y = b;
	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->row > y->row) - (x->row < y->row);
}

/* --- the roster as it was before this file, read in one query --- */

/* A row is matched against the store in memory, not with a lookup per
 * row (which was a sixth of an import): by id among live delegates, else
 * by name_key and org_key, the twin-th live delegate in id order, exactly
 * as "... ORDER BY id LIMIT 1 OFFSET twin" did. */
struct known_key {
	char *name_key, *org_key; /* owned */
	int64_t id;
};

struct known {
	int64_t *ids;          /* every delegate, removed ones too, ascending */
	unsigned char *live;   /* per ids[] */
	size_t nids;
	struct known_key *keys; /* live delegates by name_key, org_key, id */
	size_t nkeys;
	int64_t max;           /* the largest id, 0 when none */
};

static void known_release(struct known *k)
{
	for (size_t i = 0; i < k->nkeys; i++) {
		free(k->keys[i].name_key);
		free(k->keys[i].org_key);
	}
	free(k->keys);
	free(k->ids);
	free(k->live);
	memset(k, 0, sizeof *k);
}

static int known_key_cmp(const void *a, const void *b)
{
	const struct known_key *x = a, *y = b;
	int c = strcmp(x->name_key, y->name_key);
	if (!c)
		c = strcmp(x->org_key, y->org_key);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

static int known_load(store *st, struct known *k, ck_err *err)
{
	size_t cap = 0;
	int rc;
	memset(k, 0, sizeof *k);
	sql_stmt *s = store_stmt(st, "SELECT id, name_key, org_key, removed_at IS NULL FROM delegate ORDER BY id", err);
	if (!s)
		return -1;
	while ((rc = sql_step(s)) == SQL_ROW) {
		if (k->nids == cap) {
			size_t c = cap ? cap * 2 : 1024;
			int64_t *ids = realloc(k->ids, c * sizeof *ids);
			if (ids)
				k->ids = ids;
			unsigned char *live = ids ? realloc(k->live, c) : NULL;
			if (live)
				k->live = live;
			struct known_key *keys = live ? realloc(k->keys, c * sizeof *keys) : NULL;
			if (!keys)
				goto nomem;
			k->keys = keys;
			cap = c;
		}
		int64_t id = sql_int64(s, 0);
		int live = sql_int(s, 3);
		k->ids[k->nids] = id;
		k->live[k->nids++] = (unsigned char)live;
		if (id > k->max)
			k->max = id;
		if (!live)
			continue;
		const char *nk = sql_text(s, 1), *ok = sql_text(s, 2);
		struct known_key *e = &k->keys[k->nkeys];
		e->name_key = strdup(nk ? nk : "");
		e->org_key = strdup(ok ? ok : "");
		e->id = id;
		k->nkeys++;
		if (!e->name_key || !e->org_key)
			goto nomem;
	}
	sql_reset(s);
	if (rc != SQL_DONE) {
		known_release(k);
		return store_sqlerr(st, err, _("không tra được đại biểu"));
	}
	if (k->nkeys > 1)
		qsort(k->keys, k->nkeys, sizeof *k->keys, known_key_cmp);
	return 0;
nomem:
	sql_reset(s);
	known_release(k);
	return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
}

/* The index of id in v[0..n) (ascending), or -1. */
static ptrdiff_t find_id(const int64_t *v, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo] == id ? (ptrdiff_t)lo : -1;
}

/* The live delegate a row refers to, 0 when new. */
static int64_t known_match(const struct known *k, const struct roster_row *row)
{
	if (row->d.id) {
		ptrdiff_t i = find_id(k->ids, k->nids, row->d.id);
		return i >= 0 && k->live[i] ? row->d.id : 0;
	}
	struct known_key want = {.name_key = row->name_key, .org_key = row->org_key, .id = INT64_MIN};
	size_t lo = 0, hi = k->nkeys;
	while (lo < hi) { /* the first entry at or after (name_key, org_key) */
		size_t mid = lo + (hi - lo) / 2;
		if (known_key_cmp(&k->keys[mid], &want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t j = lo + row->twin;
	if (j < k->nkeys && !strcmp(k->keys[j].name_key, row->name_key) && !strcmp(k->keys[j].org_key, row->org_key))
		return k->keys[j].id;
	return 0;
}

/* The short forms of current codes, each packed into 64 bits (the eight
 * characters around the '-'), in an open-addressing set: a new code's
 * short form must be unique among them. */
struct shorts {
	uint64_t *v;
	size_t cap, n;
};

static uint64_t short_pack(const char *sh)
{
	uint64_t p = 0;
	if (!sh || strlen(sh) != CODE_SHORTLEN || sh[4] != '-')
		return 0;
	for (int i = 0; i < CODE_SHORTLEN; i++)
		if (i != 4)
			p = p << 8 | (unsigned char)sh[i];
	return p;
}

static size_t shorts_slot(const uint64_t *v, size_t cap, uint64_t p)
{
	size_t i = (size_t)((p * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
	while (v[i] && v[i] != p)
		i = (i + 1) & (cap - 1);
	return i;
}

static int shorts_has(const struct shorts *s, uint64_t p)
{
	return s->cap && s->v[shorts_slot(s->v, s->cap, p)] == p;
}

/* 0 when added, -1 out of memory. */
static int shorts_add(struct shorts *s, uint64_t p)
{
	if (!p)
		return 0;
	if (2 * (s->n + 1) > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4096;
		uint64_t *v = calloc(cap, sizeof *v);
		if (!v)
			return -1;
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i])
				v[shorts_slot(v, cap, s->v[i])] = s->v[i];
		free(s->v);
		s->v = v;
		s->cap = cap;
	}
	size_t i = shorts_slot(s->v, s->cap, p);
	if (!s->v[i]) {
		s->v[i] = p;
		s->n++;
	}
	return 0;
}

static int shorts_load(store *st, struct shorts *sh, ck_err *err)
{
	int rc;
	sql_stmt *s = store_stmt(st, "SELECT short FROM code WHERE revoked_at IS NULL", err);
	if (!s)
		return -1;
	while ((rc = sql_step(s)) == SQL_ROW) {
		if (shorts_add(sh, short_pack(sql_text(s, 0))) < 0) {
			sql_reset(s);
			return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		}
	}
	sql_reset(s);
	if (rc != SQL_DONE)
		return store_sqlerr(st, err, _("không đọc được các mã"));
	return 0;
}

/* --- writing many rows per statement --- */

/* Multi-row INSERTs of 32, 8 and 1 rows (each statement begins, runs and
 * halts its program on SQLite, and is a round trip on PostgreSQL). The
 * statements are literals, as the statement cache wants; 32 rows of 16
 * columns are 512 parameters. OR ROLLBACK: see store_internal.h. */
#define Q4 "?, ?, ?, ?"
#define X2(r) r ", " r
#define X8(r) X2(X2(X2(r)))
#define X32(r) X2(X2(X8(r)))
#define DELEGATE_ROW "(" Q4 ", " Q4 ", " Q4 ", " Q4 ")"
#define DELEGATE_INSERT                                                                                     \
	"INSERT OR ROLLBACK INTO delegate(id, name, title, organization, category, district, roles, seat, phone, email,"   \
	" name_key, org_key, category_key, precedence, created_at, updated_at) VALUES "
#define CODE_INSERT "INSERT OR ROLLBACK INTO code(code, short, delegate_id, issued_at) VALUES "
#define AUDIT_INSERT "INSERT OR ROLLBACK INTO audit(at, action, delegate_id, detail) VALUES "
#define BATCH 32

static const char *const sql_delegates[3] = {DELEGATE_INSERT X32(DELEGATE_ROW), DELEGATE_INSERT X8(DELEGATE_ROW),
                                             DELEGATE_INSERT DELEGATE_ROW};
static const char *const sql_codes[3] = {CODE_INSERT X32("(" Q4 ")"), CODE_INSERT X8("(" Q4 ")"),
                                         CODE_INSERT "(" Q4 ")"};
static const char *const sql_audits[3] = {AUDIT_INSERT X32("(" Q4 ")"), AUDIT_INSERT X8("(" Q4 ")"),
                                          AUDIT_INSERT "(" Q4 ")"};

/* One batch of rows (at most BATCH): which rows are added, with their codes,
 * and the audit rows in file order. */
struct batch {
	struct roster_row *rows;
	int64_t now;
	size_t add[BATCH], nadd;
	char code[BATCH][CODE_LEN + 1], shortcode[BATCH][CODE_SHORTLEN + 1];
	size_t audit[BATCH], naudit;
	const char *action[BATCH];
};

static void bind_delegate(sql_stmt *s, int p, size_t i, const struct batch *b)
{
	const struct roster_row *row = &b->rows[b->add[i]];
	const struct delegate *d = &row->d;
	sql_bind_int64(s, p, d->id);
	sql_bind_text_ref(s, p + 1, d->name);
	sql_bind_text_ref(s, p + 2, d->title);
	sql_bind_text_ref(s, p + 3, d->organization);
	sql_bind_text_ref(s, p + 4, d->category);
	sql_bind_text_ref(s, p + 5, d->district);
	sql_bind_int64(s, p + 6, (int)d->roles);
	sql_bind_text_ref(s, p + 7, d->seat);
	sql_bind_text_ref(s, p + 8, d->phone);
	sql_bind_text_ref(s, p + 9, d->email);
	sql_bind_text_ref(s, p + 10, row->name_key);
	sql_bind_text_ref(s, p + 11, row->org_key);
	sql_bind_text_ref(s, p + 12, row->category_key);
	if (d->rank > 0)
		sql_bind_int64(s, p + 13, d->rank);
	else
		sql_bind_null(s, p + 13);
	sql_bind_int64(s, p + 14, b->now);
	sql_bind_int64(s, p + 15, b->now);
}

static void bind_code(sql_stmt *s, int p, size_t i, const struct batch *b)
{
	sql_bind_text_ref(s, p, b->code[i]);
	sql_bind_text_ref(s, p + 1, b->shortcode[i]);
	sql_bind_int64(s, p + 2, b->rows[b->add[i]].d.id);
	sql_bind_int64(s, p + 3, b->now);
}

static void bind_audit(sql_stmt *s, int p, size_t i, const struct batch *b)
{
	const struct delegate *d = &b->rows[b->audit[i]].d;
	sql_bind_int64(s, p, b->now);
	sql_bind_text_ref(s, p + 1, b->action[i]);
	sql_bind_int64(s, p + 2, d->id);
	sql_bind_text_ref(s, p + 3, d->name);
}

static int insert_many(store *st, const char *const sql[3], size_t max, int ncols, size_t n,
                       void (*bind)(sql_stmt *, int, size_t, const struct batch *), const struct batch *b,
                       const char *what, ck_err *err)
{
	for (size_t done = 0; done < n;) {
		size_t k = n - done >= 32 && max >= 32 ? 32 : n - done >= 8 && max >= 8 ? 8 : 1;
		sql_stmt *s = store_stmt(st, sql[k == 32 ? 0 : k == 8 ? 1 : 2], err);
		if (!s)
			return -1;
		for (size_t j = 0; j < k; j++)
			bind(s, (int)j * ncols + 1, done + j, b);
		int rc = sql_step(s);
		sql_reset(s); /* also on failure: the bindings point into rows freed after us */
		if (rc != SQL_DONE)
			return store_sqlerr(st, err, what);
		done += k;
	}
	return 0;
}

/* A code for each delegate the batch adds, its short form unique among
 * current codes (as delegate_issue_code_tx makes them, five tries each). */
static int make_codes(store *st, struct batch *b, struct shorts *taken, ck_err *err)
{
	unsigned char key[CODE_KEYLEN], rnd[BATCH * CODE_RANDBYTES];
	char tag[CODE_TAGLEN + 1];
	int rc = -1;
	if (store_event_key(st, key, tag, err) < 0)
		return -1;
	if (code_random(rnd, b->nadd * CODE_RANDBYTES, err) < 0)
		goto out;
	for (size_t i = 0; i < b->nadd; i++) {
		int attempt;
		for (attempt = 0; attempt < 5; attempt++) {
			if (attempt && code_random(rnd + i * CODE_RANDBYTES, CODE_RANDBYTES, err) < 0)
				goto out;
			code_from_random(key, tag, rnd + i * CODE_RANDBYTES, b->code[i]);
			code_short(b->code[i], b->shortcode[i]);
			uint64_t p = short_pack(b->shortcode[i]);
			if (!shorts_has(taken, p)) {
				if (shorts_add(taken, p) < 0) {
					ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
					goto out;
				}
				break;
			}
		}
		if (attempt == 5) {
			ck_fail(err, CK_INTERNAL, _("không tìm được mã còn trống"));
			goto out;
		}
	}
	rc = 0;
out:
	sodium_memzero(key, sizeof key);
	sodium_memzero(rnd, sizeof rnd);
	return rc;
}

static int by_id(const void *a, const void *b)
{
	const struct delegate *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static int apply_tx(store *st, struct roster *r, struct import_report *rep, const char *path,
                    const struct import_opts *opts, ck_err *err)
{
	int skip_invalid = opts->skip_invalid;
	int64_t now = clock_now_ms();
	char detail[160], msg[200];
	size_t n = r->nrows, ndup = 0, nexisting = 0, nold = 0, nauto = 0;
	int64_t *existing = calloc(n ? n : 1, sizeof *existing);
	int64_t *autos = calloc(n ? n : 1, sizeof *autos); /* ids given to rows without one, ascending */
	struct target *t = calloc(n ? n : 1, sizeof *t);
	char *drop = calloc(n ? n : 1, 1);
	struct delegate *old = NULL;
	struct known k = {0};
	struct shorts taken = {0};
	struct batch *b = calloc(1, sizeof *b);
	int rc = -1;

	if (!existing || !autos || !t || !drop || !b) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		goto out;
	}
	/* Recognise every row against the roster as it was before this file,
	 * so that two rows naming one delegate (one by id, one by name and
	 * organisation) are caught as duplicates, not applied one over the
	 * other. */
	if (known_load(st, &k, err) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		existing[i] = known_match(&k, &r->rows[i]);
		nexisting += existing[i] != 0;
		t[i].id = existing[i] ? existing[i] : r->rows[i].d.id;
		t[i].row = i;
	}
	sort_unless_sorted(t, n, sizeof *t, target_cmp);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (t[i].id && t[i].id == t[first].id) {
			snprintf(msg, sizeof msg, _("trùng với dòng %zu (cả hai đều là đại biểu %lld)"),
			         r->rows[t[first].row].line, (long long)t[i].id);
			if (report_problem(rep, r->rows[t[i].row].line, msg) < 0) {
				ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
				goto out;
			}
			drop[t[i].row] = 1;
			ndup++;
		} else {
			first = i;
		}
	}
	if (ndup) {
		qsort(rep->problems, rep->nproblems, sizeof *rep->problems, by_line);
		rep->skipped += ndup;
		if (!skip_invalid) {
			ck_fail(err, CK_INVALID, P_("%zu dòng bị từ chối; không nhập gì cả",
			                            "%zu dòng bị từ chối; không nhập gì cả", rep->nproblems), rep->nproblems);
			goto out;
		}
	}
	/* the delegates rows refer to, read whole in one query (by id) */
	if (nexisting && delegate_list(st, NULL, &old, &nold, err) < 0)
		goto out;
	if (nexisting < n && shorts_load(st, &taken, err) < 0)
		goto out;
	b->rows = r->rows;
	b->now = now;
	/* SQLite checks a code's foreign key at the end of a multi-row
	 * statement, so it would keep a statement journal for it (a copy of
	 * every page the statement touches, and codes are random keys): one
	 * code per statement there, where a statement is cheap; 32 on
	 * PostgreSQL, where each statement is a round trip. */
	size_t code_batch = store_is_remote(st) ? BATCH : 1;
	/* In batches of rows in file order: updates one by one (they are few),
	 * new delegates, their codes and every audit row many per statement,
	 * the audit rows in file order as before ("add" or "edit" per
	 * delegate, then "import"). */
	for (size_t start = 0; start < n; start += BATCH) {
		size_t end = n - start > BATCH ? start + BATCH : n;
		if (opts->progress && start % 2048 == 0)
			opts->progress(opts->ctx, start, n);
		b->nadd = b->naudit = 0;
		for (size_t i = start; i < end; i++) {
			struct delegate *d = &r->rows[i].d;
			int64_t id = existing[i];
			ck_err e;
			if (drop[i])
				continue;
			if (id) {
				struct delegate key = {.id = id}, *o = bsearch(&key, old, nold, sizeof *old, by_id);
				if (!o) {
					ck_fail(err, CK_INTERNAL, _("%s:%zu: đại biểu %lld không còn trong danh sách"), path, r->rows[i].line,
					        (long long)id);
					goto out;
				}
				if (same_delegate(o, d)) {
					rep->unchanged++;
					continue;
				}
				d->id = id;
				if (delegate_update_row_tx(st, d, now, &e) < 0) {
					ck_fail(err, e.kind, "%s:%zu: %s", path, r->rows[i].line, e.msg);
					goto out;
				}
				b->action[b->naudit] = "edit";
				b->audit[b->naudit++] = i;
				rep->updated++;
				continue;
			}
			/* a new id is the largest so far plus one, as SQLite's rowid
			 * would be; a given one must not be taken, removed delegates
			 * and this file's earlier rows included */
			if (d->id) {
				if (find_id(k.ids, k.nids, d->id) >= 0 || find_id(autos, nauto, d->id) >= 0) {
					ck_fail(&e, CK_STATE, _("mã đại biểu %lld đã được dùng"), (long long)d->id);
					ck_fail(err, e.kind, "%s:%zu: %s", path, r->rows[i].line, e.msg);
					goto out;
				}
				if (d->id > k.max)
					k.max = d->id;
			} else {
				d->id = autos[nauto++] = ++k.max;
			}
			b->add[b->nadd++] = i;
			b->action[b->naudit] = "add";
			b->audit[b->naudit++] = i;
			rep->added++;
		}
		if (insert_many(st, sql_delegates, BATCH, 16, b->nadd, bind_delegate, b, _("không thêm được đại biểu"), err) < 0 ||
		    make_codes(st, b, &taken, err) < 0 ||
		    insert_many(st, sql_codes, code_batch, 4, b->nadd, bind_code, b, _("không lưu được mã mới"), err) < 0 ||
		    insert_many(st, sql_audits, BATCH, 4, b->naudit, bind_audit, b, _("không ghi được nhật ký thao tác"), err) < 0)
			goto out;
	}
	snprintf(detail, sizeof detail, "%.100s: %zu added, %zu updated", path, rep->added, rep->updated);
	rc = store_audit_tx(st, now, "import", 0, NULL, detail, err);
out:
	free(existing);
	free(autos);
	free(t);
	free(drop);
	free(b);
	delegates_free(old, nold);
	known_release(&k);
	free(taken.v);
	return rc;
}

int roster_import(store *st, const char *path, int skip_invalid, struct import_report *rep, ck_err *err)
{
	struct import_opts o = {.skip_invalid = skip_invalid};
	return roster_import_with(st, path, &o, rep, err);
}

int roster_import_with(store *st, const char *path, const struct import_opts *opts, struct import_report *rep,
                       ck_err *err)
{
	int skip_invalid = opts->skip_invalid;
	struct roster r;
	char *data = NULL;
	size_t len = 0;
	int rc = -1;

	memset(rep, 0, sizeof *rep);
	if (read_file(path, &data, &len, err) < 0)
		return -1;
	size_t line = 0;
	if (parse(data, len, &r, err, &line) < 0) {
		char msg[CK_ERRLEN];
		snprintf(msg, sizeof msg, "%s", err->msg);
		/* a header problem is "FILE:3: ...", like the bad rows */
		if (line)
			ck_fail(err, err->kind, "%s:%zu: %s", path, line, msg);
		else
			ck_fail(err, err->kind, "%s: %s", path, msg);
		free(data);
		return -1;
	}
	free(data);
	/* hand the problems to the report */
	rep->problems = r.problems;
	rep->nproblems = r.nproblems;
	rep->skipped = r.nproblems;
	r.problems = NULL;
	r.nproblems = 0;
	rep->warnings = r.warnings;
	rep->nwarnings = r.nwarnings;
	r.warnings = NULL;
	r.nwarnings = 0;
	if (rep->nproblems && !skip_invalid) {
		ck_fail(err, CK_INVALID, P_("%zu dòng bị từ chối; không nhập gì cả", "%zu dòng bị từ chối; không nhập gì cả",
		                             rep->nproblems), rep->nproblems);
		goto out;
	}
	if (r.nrows == 0 && !rep->nproblems) {
		ck_fail(err, CK_INVALID, _("'%s' không có đại biểu nào"), path);
		goto out;
	}
	if (store_begin(st, err) < 0)
		goto out;
	if (apply_tx(st, &r, rep, path, opts, err) < 0) {
		store_rollback(st);
		rep->added = rep->updated = rep->unchanged = 0;
		goto out;
	}
	rc = store_commit(st, err);
	if (rc < 0)
		rep->added = rep->updated = rep->unchanged = 0;
out:
	roster_release(&r);
	return rc;
}

void import_report_release(struct import_report *rep)
{
	for (size_t i = 0; i < rep->nproblems; i++)
		free(rep->problems[i].message);
	free(rep->problems);
	for (size_t i = 0; i < rep->nwarnings; i++)
		free(rep->warnings[i].message);
	free(rep->warnings);
	memset(rep, 0, sizeof *rep);
}
