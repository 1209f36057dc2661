/* roster.c - reading the secretariat's delegate list (see roster.h).
 *
 * The file is fed to libcsv one physical line at a time so that every
 * problem can name the line where its row starts. Parsing never touches
 * the store; roster_import() then applies the good rows in one
 * transaction, or nothing when any row was refused (unless asked to skip
 * bad rows). */
#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
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
	char *data;
	size_t len;
};

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
	struct field *f = &p->fields[p->nfields++];
	f->data = malloc(len + 1);
	if (f->data) {
		memcpy(f->data, data ? data : "", len);
		f->data[len] = 0;
	} else {
		p->failed = 1; /* not an empty field: out of memory */
	}
	f->len = len;
}

static void clear_fields(struct parser *p)
{
	for (size_t i = 0; i < p->nfields; i++)
		free(p->fields[i].data);
	p->nfields = 0;
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
			return header_fail(p, line, _("không biết cột '%s' (có: name, title, organization, category, district,"
			                              " roles, seat, phone, email, id, rank, hoặc tên tiếng Việt của chúng)"),
			                   p->fields[i].data);
		}
		free(f);
		int c = header_alias[a].col;
		p->col_of[i] = c;
		if (c == COL_IGNORE)
			continue;
		if (p->has_col[c])
			return header_fail(p, line, _("cột '%s' có hai lần"), col_names[c]);
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
		vals[c] = text_nfc(p->fields[i].data, p->fields[i].len);
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
		struct delegate *d = &r->rows[i].d;
		byid[i] = &r->rows[i];
		if (d->id)
			continue;
		char *nk = text_fold(d->name), *ok = text_fold(d->organization ? d->organization : "");
		size_t len = (nk ? strlen(nk) : 0) + (ok ? strlen(ok) : 0) + 2;
		keys[m].k = malloc(len);
		int good = keys[m].k && nk && ok;
		if (good)
			snprintf(keys[m].k, len, "%s\x1f%s", nk, ok);
		keys[m++].idx = i;
		free(nk);
		free(ok);
		if (!good) {
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
	qsort(byid, n, sizeof *byid, id_cmp);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (byid[i]->d.id && byid[i]->d.id == byid[first]->d.id) {
			size_t idx = (size_t)(byid[i] - r->rows);
			if (!drop[idx])
				add_problem(p, byid[i]->line, _("mã %lld cũng được dùng ở dòng %zu"),
				            (long long)byid[i]->d.id, byid[first]->line);
			drop[idx] = 1;
		} else {
			first = i;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (drop[i])
			delegate_release(&r->rows[i].d);
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
	if (!p.failed && !p.have_header) {
		ck_fail(err, CK_INVALID, _("tệp trống"));
		p.failed = 1;
	}
	if (p.failed) {
		if (!err->msg[0])
			ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		*fatal_line = p.fatal_line;
		roster_release(r);
		return -1;
	}
	dup_check(&p);
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
		delegate_release(&r->rows[i].d);
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

/* The existing delegate a row refers to: by id when given, else by name
 * and organisation. 0 when new. */
static int match_existing(store *st, const struct delegate *d, unsigned twin, int64_t *id, ck_err *err)
{
	sql_stmt *s;
	*id = 0;
	if (d->id) {
		s = store_stmt(st, "SELECT id FROM delegate WHERE id = ? AND removed_at IS NULL", err);
		if (!s)
			return -1;
		sql_bind_int64(s, 1, d->id);
	} else {
		char *nk = text_fold(d->name), *ok = text_fold(d->organization ? d->organization : "");
		s = nk && ok ? store_stmt(st, "SELECT id FROM delegate WHERE name_key = ?1 AND org_key = ?2"
		                              " AND removed_at IS NULL ORDER BY id LIMIT 1 OFFSET ?3", err) : NULL;
		if (s) {
			sql_bind_text(s, 1, nk);
			sql_bind_text(s, 2, ok);
			sql_bind_int64(s, 3, twin);
		} else if (!nk || !ok) {
			ck_fail(err, CK_INVALID, _("văn bản không phải UTF-8 hợp lệ"));
		}
		free(nk);
		free(ok);
		if (!s)
			return -1;
	}
	int rc = sql_step(s);
	if (rc == SQL_ROW)
		*id = sql_int64(s, 0);
	sql_reset(s);
	if (rc != SQL_ROW && rc != SQL_DONE)
		return store_sqlerr(st, err, _("không tra được đại biểu"));
	return 0;
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

static int apply_tx(store *st, struct roster *r, struct import_report *rep, const char *path,
                    const struct import_opts *opts, ck_err *err)
{
	int skip_invalid = opts->skip_invalid;
	int64_t now = clock_now_ms();
	char detail[160], msg[200];
	size_t n = r->nrows, ndup = 0;
	int64_t *existing = calloc(n ? n : 1, sizeof *existing);
	struct target *t = calloc(n ? n : 1, sizeof *t);
	char *drop = calloc(n ? n : 1, 1);
	int rc = -1;

	if (!existing || !t || !drop) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		goto out;
	}
	/* Recognise every row against the roster as it was before this file,
	 * so that two rows naming one delegate (one by id, one by name and
	 * organisation) are caught as duplicates, not applied one over the
	 * other. */
	for (size_t i = 0; i < n; i++) {
		if (match_existing(st, &r->rows[i].d, r->rows[i].twin, &existing[i], err) < 0)
			goto out;
		t[i].id = existing[i] ? existing[i] : r->rows[i].d.id;
		t[i].row = i;
	}
	qsort(t, n, sizeof *t, target_cmp);
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
	for (size_t i = 0; i < n; i++) {
		struct delegate *d = &r->rows[i].d;
		int64_t id = existing[i];
		ck_err e;
		if (opts->progress && i % 2000 == 0)
			opts->progress(opts->ctx, i, n);
		if (drop[i])
			continue;
		if (id) {
			struct delegate old;
			if (delegate_get(st, id, &old, err) < 0)
				goto out;
			int unchanged = same_delegate(&old, d);
			delegate_release(&old);
			if (unchanged) {
				rep->unchanged++;
				continue;
			}
			d->id = id;
			if (delegate_update_tx(st, d, now, &e) < 0) {
				ck_fail(err, e.kind, "%s:%zu: %s", path, r->rows[i].line, e.msg);
				goto out;
			}
			rep->updated++;
		} else {
			if (delegate_add_tx(st, d, now, &e) < 0) {
				ck_fail(err, e.kind, "%s:%zu: %s", path, r->rows[i].line, e.msg);
				goto out;
			}
			rep->added++;
		}
	}
	snprintf(detail, sizeof detail, "%.100s: %zu added, %zu updated", path, rep->added, rep->updated);
	rc = store_audit_tx(st, now, "import", 0, NULL, detail, err);
out:
	free(existing);
	free(t);
	free(drop);
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
