/* delegate.c - the roster in the store, and each delegate's codes.
 *
 * A delegate has at most one current code (a partial unique index); a
 * reissue revokes the old one in the same transaction as it inserts the
 * new one, so there is never a moment with two valid codes or none.
 * Removed delegates are kept (removed_at) so that the audit log and old
 * codes still resolve to a name. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "delegate.h"
#include "delegate_internal.h"
#include "i18n.h"
#include "store_internal.h"
#include "text.h"

void delegate_release(struct delegate *d)
{
	if (!d)
		return;
	free(d->name);
	free(d->title);
	free(d->organization);
	free(d->category);
	free(d->district);
	free(d->seat);
	free(d->phone);
	free(d->email);
	free(d->code);
	free(d->flag);
	free(d->station);
	free(d->sub_name);
	free(d->sub_title);
	free(d->sub_organization);
	free(d->sub_station);
	memset(d, 0, sizeof *d);
	d->method = -1;
}

void delegates_free(struct delegate *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		delegate_release(&v[i]);
	free(v);
}

static const struct {
	enum role role;
	const char *name, *vi, *alias;
} roles[] = {
	{ROLE_VIP, "vip", "lãnh đạo", "lanh dao"},
	{ROLE_PRESENTER, "presenter", "tham luận", "bao cao tham luan"},
	{ROLE_AWARDEE, "awardee", "khen thưởng", "nhan khen thuong"},
	{ROLE_PRESIDIUM, "presidium", "đoàn chủ tịch", "chu toa"},
};

const char *role_format(unsigned r, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (r & roles[i].role)
			o += snprintf(buf + o, o < len ? len - o : 0, "%s%s", o ? "|" : "", roles[i].name);
	return buf;
}

const char *role_label_vi(enum role r)
{
	switch (r) {
	case ROLE_VIP: return "Lãnh đạo";
	case ROLE_PRESENTER: return "Tham luận";
	case ROLE_AWARDEE: return "Khen thưởng";
	case ROLE_PRESIDIUM: return "Đoàn chủ tịch";
	}
	return "";
}

const char *role_format_vi(unsigned r, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (r & roles[i].role)
			o += snprintf(buf + o, o < len ? len - o : 0, "%s%s", o ? ", " : "", role_label_vi(roles[i].role));
	return buf;
}

const char *method_name(enum checkin_method m)
{
	switch (m) {
	case METHOD_CAMERA: return "camera";
	case METHOD_SCANNER: return "scanner";
	case METHOD_MANUAL: return "manual";
	}
	return "?";
}

int role_parse(const char *text, unsigned *out, ck_err *err)
{
	char *copy = strdup(text ? text : ""), *save = NULL;
	int rc = 0;
	*out = 0;
	if (!copy)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	for (char *w = strtok_r(copy, ",|;", &save); w; w = strtok_r(NULL, ",|;", &save)) {
		char *f = text_fold(w);
		size_t i;
		if (!f) {
			rc = ck_fail(err, CK_INVALID, _("vai trò không phải UTF-8 hợp lệ"));
			break;
		}
		if (!*f) {
			free(f);
			continue;
		}
		for (i = 0; i < sizeof roles / sizeof *roles; i++) {
			char *vi = text_fold(roles[i].vi);
			int hit = !strcmp(f, roles[i].name) || (vi && !strcmp(f, vi)) || !strcmp(f, roles[i].alias);
			free(vi);
			if (hit)
				break;
		}
		if (i == sizeof roles / sizeof *roles) {
			char *n = text_nfc(w, strlen(w));
			rc = ck_fail(err, CK_INVALID, _("không biết vai trò '%s' (có vip, presenter, awardee hoặc presidium)"),
			             n ? n : w);
			free(n);
			free(f);
			break;
		}
		*out |= roles[i].role;
		free(f);
	}
	free(copy);
	return rc;
}

#define SELECT_DELEGATE                                                                                  \
	"SELECT d.id, d.name, d.title, d.organization, d.category, d.district, d.roles, d.seat, d.phone,"  \
	" d.email, c.code, c.printed_at, k.at, k.station, k.method, k.flag,"                                \
	" u.name, u.title, u.organization, u.station, u.at, d.precedence, d.seat_auto"                                                  \
	" FROM delegate d"                                                                                   \
	" LEFT JOIN code c ON c.delegate_id = d.id AND c.revoked_at IS NULL"                                 \
	" LEFT JOIN checkin k ON k.delegate_id = d.id AND k.undone_at IS NULL"                               \
	" LEFT JOIN substitute u ON u.delegate_id = d.id AND u.cleared_at IS NULL"                           \
	" WHERE d.removed_at IS NULL AND (?1 = 0 OR d.id = ?1)"                                              \
	" AND (?2 IS NULL OR d.category_key = ?2) AND (?3 = 0 OR (d.roles & ?3) != 0)"                    \
	" AND (?4 IS NULL OR d.name_key LIKE ?4 ESCAPE '\\')"                                                 \
	" AND (?5 = 0 OR k.id IS NOT NULL) AND (?6 = 0 OR k.id IS NULL)"                                     \
	" AND (?7 = 0 OR c.printed_at IS NULL) AND (?8 = 0 OR k.at >= ?8)"

static const char sql_by_id[] = SELECT_DELEGATE " ORDER BY d.id LIMIT ?9";
/* One delegate by primary key: the OR of the list query would scan. */
static const char sql_one[] =
	"SELECT d.id, d.name, d.title, d.organization, d.category, d.district, d.roles, d.seat, d.phone,"
	" d.email, c.code, c.printed_at, k.at, k.station, k.method, k.flag,"
	" u.name, u.title, u.organization, u.station, u.at, d.precedence, d.seat_auto"
	" FROM delegate d"
	" LEFT JOIN code c ON c.delegate_id = d.id AND c.revoked_at IS NULL"
	" LEFT JOIN checkin k ON k.delegate_id = d.id AND k.undone_at IS NULL"
	" LEFT JOIN substitute u ON u.delegate_id = d.id AND u.cleared_at IS NULL"
	" WHERE d.id = ?1 AND d.removed_at IS NULL";
/* COLLATE BINARY: byte order on both engines (PostgreSQL's "C"), not the server's locale */
static const char sql_by_cat[] =
	SELECT_DELEGATE " ORDER BY d.category COLLATE BINARY, d.name_key COLLATE BINARY, d.id LIMIT ?9";
static const char sql_by_arrival[] = SELECT_DELEGATE " ORDER BY k.at DESC NULLS LAST, d.id LIMIT ?9";

static int method_from(const char *m)
{
	if (!m)
		return -1;
	if (!strcmp(m, "camera"))
		return METHOD_CAMERA;
	if (!strcmp(m, "scanner"))
		return METHOD_SCANNER;
	return METHOD_MANUAL;
}

static void row_to_delegate(sql_stmt *s, struct delegate *d)
{
	d->id = sql_int64(s, 0);
	d->name = sql_text_dup(s, 1);
	d->title = sql_text_dup(s, 2);
	d->organization = sql_text_dup(s, 3);
	d->category = sql_text_dup(s, 4);
	d->district = sql_text_dup(s, 5);
	d->roles = (unsigned)sql_int(s, 6);
	d->seat = sql_text_dup(s, 7);
	d->phone = sql_text_dup(s, 8);
	d->email = sql_text_dup(s, 9);
	d->code = sql_text_dup(s, 10);
	d->printed_at = sql_int64(s, 11);
	d->arrived_at = sql_int64(s, 12);
	d->station = sql_text_dup(s, 13);
	d->method = method_from(sql_text(s, 14));
	d->flag = sql_text_dup(s, 15);
	d->sub_name = sql_text_dup(s, 16);
	d->sub_title = sql_text_dup(s, 17);
	d->sub_organization = sql_text_dup(s, 18);
	d->sub_station = sql_text_dup(s, 19);
	d->sub_at = sql_int64(s, 20);
	d->rank = sql_int(s, 21);
	d->seat_auto = sql_int(s, 22);
}

/* "%folded%" with LIKE's wildcards escaped; malloc'd. */
static char *like_pattern(const char *q)
{
	char *f = text_fold(q), *p;
	size_t o = 0;
	if (!f)
		return NULL;
	p = malloc(strlen(f) * 2 + 3);
	if (p) {
		p[o++] = '%';
		for (char *c = f; *c; c++) {
			if (*c == '%' || *c == '_' || *c == '\\')
				p[o++] = '\\';
			p[o++] = *c;
		}
		p[o++] = '%';
		p[o] = 0;
	}
	free(f);
	return p;
}

int delegate_list(store *st, const struct delegate_filter *f, struct delegate **out, size_t *n, ck_err *err)
{
	static const struct delegate_filter all;
	const char *sql = sql_by_id;
	struct delegate *v = NULL;
	size_t cap = 0, len = 0;
	char *pattern = NULL, *cat = NULL;
	sql_stmt *s;
	int rc;

	*out = NULL;
	*n = 0;
	if (!f)
		f = &all;
	if (f->order == ORDER_CATEGORY_NAME)
		sql = sql_by_cat;
	else if (f->order == ORDER_ARRIVAL_DESC)
		sql = sql_by_arrival;
	s = store_stmt(st, sql, err);
	if (!s)
		return -1;
	if (f->name && !(pattern = like_pattern(f->name)))
		return ck_fail(err, CK_INVALID, _("chuỗi tìm kiếm không phải UTF-8 hợp lệ"));
	if (f->category && !(cat = text_fold(f->category))) {
		free(pattern);
		return ck_fail(err, CK_INVALID, _("nhóm không phải UTF-8 hợp lệ"));
	}
	sql_bind_int64(s, 1, f->id);
	sql_bind_text(s, 2, cat);
	sql_bind_int64(s, 3, (int)f->roles);
	sql_bind_text(s, 4, pattern);
	sql_bind_int64(s, 5, f->presence == PRESENCE_PRESENT);
	sql_bind_int64(s, 6, f->presence == PRESENCE_ABSENT);
	sql_bind_int64(s, 7, f->not_printed);
	sql_bind_int64(s, 8, f->arrived_since);
	sql_bind_int64(s, 9, f->limit ? (int64_t)f->limit : INT64_MAX);
	free(pattern);
	free(cat);
	while ((rc = sql_step(s)) == SQL_ROW) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct delegate *nv = realloc(v, ncap * sizeof *v);
			if (!nv) {
				sql_reset(s);
				delegates_free(v, len);
				return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
			}
			v = nv;
			cap = ncap;
		}
		memset(&v[len], 0, sizeof *v);
		row_to_delegate(s, &v[len++]);
	}
	sql_reset(s);
	if (rc != SQL_DONE) {
		delegates_free(v, len);
		return store_sqlerr(st, err, _("không liệt kê được đại biểu"));
	}
	*out = v;
	*n = len;
	return 0;
}

int delegate_get(store *st, int64_t id, struct delegate *out, ck_err *err)
{
	memset(out, 0, sizeof *out);
	out->method = -1;
	if (id <= 0)
		return ck_fail(err, CK_NOT_FOUND, _("không có đại biểu mã %lld"), (long long)id);
	sql_stmt *s = store_stmt(st, sql_one, err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, id);
	int rc = sql_step(s);
	if (rc == SQL_ROW)
		row_to_delegate(s, out);
	sql_reset(s);
	if (rc == SQL_ROW)
		return 0;
	if (rc != SQL_DONE)
		return store_sqlerr(st, err, _("không đọc được đại biểu"));
	return ck_fail(err, CK_NOT_FOUND, _("không có đại biểu mã %lld"), (long long)id);
}

/* Issue a new current code for id, revoking any old one. In a transaction. */
int delegate_issue_code_tx(store *st, int64_t id, int64_t now, char code[CODE_LEN + 1], ck_err *err)
{
	unsigned char key[CODE_KEYLEN];
	char tag[CODE_TAGLEN + 1], shortcode[CODE_SHORTLEN + 1];
	sql_stmt *s;
	int rc = -1;

	if (store_event_key(st, key, tag, err) < 0)
		return -1;
	s = store_stmt(st, "UPDATE code SET revoked_at = ? WHERE delegate_id = ? AND revoked_at IS NULL", err);
	if (!s)
		goto out;
	sql_bind_int64(s, 1, now);
	sql_bind_int64(s, 2, id);
	if (sql_step(s) != SQL_DONE) {
		store_sqlerr(st, err, _("không thu hồi được mã cũ"));
		goto out;
	}
	for (int attempt = 0; attempt < 5; attempt++) {
		if (code_generate(key, tag, code, err) < 0)
			goto out;
		code_short(code, shortcode);
		/* short forms are typed by staff, so keep them unique among current codes */
		s = store_stmt(st, "SELECT 1 FROM code WHERE short = ? AND revoked_at IS NULL", err);
		if (!s)
			goto out;
		sql_bind_text(s, 1, shortcode);
		int taken = sql_step(s) == SQL_ROW;
		sql_reset(s);
		if (taken)
			continue;
		s = store_stmt(st, "INSERT INTO code(code, short, delegate_id, issued_at) VALUES (?, ?, ?, ?)", err);
		if (!s)
			goto out;
		sql_bind_text(s, 1, code);
		sql_bind_text(s, 2, shortcode);
		sql_bind_int64(s, 3, id);
		sql_bind_int64(s, 4, now);
		if (sql_step(s) != SQL_DONE) {
			store_sqlerr(st, err, _("không lưu được mã mới"));
			goto out;
		}
		rc = 0;
		goto out;
	}
	ck_fail(err, CK_INTERNAL, _("không tìm được mã còn trống"));
out:
	memset(key, 0, sizeof key);
	return rc;
}

/* The first control character in s (C0, DEL or C1), or 0 when none. A
 * line break is allowed where multiline is set: a long title or
 * organisation typed with Alt+Enter in Excel. */
static unsigned control_char(const char *s, int multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	for (; *p; p++) {
		if (*p == '\n' && multiline)
			continue;
		if (*p < 0x20 || *p == 0x7F)
			return *p;
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			return p[1];
	}
	return 0;
}

int delegate_validate(const struct delegate *d, const char **field, ck_err *err)
{
	const struct { const char *name; const char *v; int multiline; } text[] = {
		{"name", d->name, 0}, {"title", d->title, 1}, {"organization", d->organization, 1},
		{"category", d->category, 0}, {"district", d->district, 0}, {"seat", d->seat, 0},
		{"phone", d->phone, 0}, {"email", d->email, 0},
	};
	*field = "name";
	if (!d->name || !*d->name)
		return ck_fail(err, CK_INVALID, _("đại biểu phải có tên"));
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
		unsigned c = text[i].v ? control_char(text[i].v, text[i].multiline) : 0;
		if (c) {
			*field = text[i].name;
			return ck_fail(err, CK_INVALID, _("có ký tự điều khiển U+%04X"), c);
		}
	}
	*field = "phone";
	if (d->phone && strspn(d->phone, "0123456789 +-.()") != strlen(d->phone))
		return ck_fail(err, CK_INVALID, _("số điện thoại '%s' không hợp lệ"), d->phone);
	*field = "email";
	if (d->email && (!strchr(d->email, '@') || strchr(d->email, ' ')))
		return ck_fail(err, CK_INVALID, _("địa chỉ e-mail '%s' không hợp lệ"), d->email);
	*field = NULL;
	return 0;
}

/* delegate_validate with the field named in the message. */
static int validate(const struct delegate *d, ck_err *err)
{
	const char *field;
	if (delegate_validate(d, &field, err) == 0)
		return 0;
	if (err && field && strcmp(field, "name") != 0) {
		char why[CK_ERRLEN];
		memcpy(why, err->msg, sizeof why);
		ck_fail(err, CK_INVALID, "%s: %.480s", field, why);
	}
	return -1;
}

static int bind_fields(sql_stmt *s, const struct delegate *d, ck_err *err)
{
	char *nk = text_fold(d->name), *ok = text_fold(d->organization ? d->organization : "");
	char *ck = text_fold(d->category ? d->category : "");
	if (!nk || !ok || !ck) {
		free(nk);
		free(ok);
		free(ck);
		return ck_fail(err, CK_INVALID, _("văn bản không phải UTF-8 hợp lệ"));
	}
	sql_bind_text(s, 1, d->name);
	sql_bind_text(s, 2, d->title);
	sql_bind_text(s, 3, d->organization);
	sql_bind_text(s, 4, d->category);
	sql_bind_text(s, 5, d->district);
	sql_bind_int64(s, 6, (int)d->roles);
	sql_bind_text(s, 7, d->seat);
	sql_bind_text(s, 8, d->phone);
	sql_bind_text(s, 9, d->email);
	sql_bind_text(s, 10, nk);
	sql_bind_text(s, 11, ok);
	sql_bind_text(s, 14, ck);
	if (d->rank > 0)
		sql_bind_int64(s, 15, d->rank);
	else
		sql_bind_null(s, 15);
	free(nk);
	free(ok);
	free(ck);
	return 0;
}

int delegate_add_tx(store *st, struct delegate *d, int64_t now, ck_err *err)
{
	char code[CODE_LEN + 1];
	sql_stmt *s;

	if (validate(d, err) < 0)
		return -1;
	/* a new id is the largest so far plus one, as SQLite's rowid would be;
	 * the writers' lock (store_begin) keeps two from taking the same */
	s = store_stmt(st, "INSERT INTO delegate(name, title, organization, category, district, roles, seat,"
	                   " phone, email, name_key, org_key, category_key, precedence, id, created_at, updated_at)"
	                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?14, ?15,"
	                   " COALESCE(?12, (SELECT COALESCE(MAX(id), 0) + 1 FROM delegate)), ?13, ?13) RETURNING id", err);
	if (!s || bind_fields(s, d, err) < 0)
		return -1;
	if (d->id > 0)
		sql_bind_int64(s, 12, d->id);
	else
		sql_bind_null(s, 12);
	sql_bind_int64(s, 13, now);
	int rc = sql_step(s);
	if (rc == SQL_ROW)
		d->id = sql_int64(s, 0);
	sql_reset(s);
	if (rc != SQL_ROW) {
		if (store_conflict(st))
			return ck_fail(err, CK_STATE, _("mã đại biểu %lld đã được dùng"), (long long)d->id);
		return store_sqlerr(st, err, _("không thêm được đại biểu"));
	}
	if (delegate_issue_code_tx(st, d->id, now, code, err) < 0)
		return -1;
	free(d->code);
	d->code = strdup(code);
	return store_audit_tx(st, now, "add", d->id, NULL, d->name, err);
}

int delegate_update_tx(store *st, const struct delegate *d, int64_t now, ck_err *err)
{
	if (delegate_update_row_tx(st, d, now, err) < 0)
		return -1;
	return store_audit_tx(st, now, "edit", d->id, NULL, d->name, err);
}

int delegate_update_row_tx(store *st, const struct delegate *d, int64_t now, ck_err *err)
{
	sql_stmt *s;
	if (validate(d, err) < 0)
		return -1;
	s = store_stmt(st, "UPDATE delegate SET name = ?1, title = ?2, organization = ?3, category = ?4,"
	                   " district = ?5, roles = ?6, phone = ?8, email = ?9, name_key = ?10,"
	                   " org_key = ?11, category_key = ?14, precedence = ?15, updated_at = ?13,"
	                   /* a seat that changes is set by hand; none keeps one 'seats auto' placed */
	                   " seat = CASE WHEN ?7 IS NULL AND seat_auto = 1 THEN seat ELSE ?7 END,"
	                   " seat_auto = CASE WHEN ?7 IS NULL AND seat_auto = 1 THEN 1"
	                   " WHEN seat = ?7 THEN seat_auto ELSE 0 END"
	                   " WHERE id = ?12 AND removed_at IS NULL", err);
	if (!s || bind_fields(s, d, err) < 0)
		return -1;
	sql_bind_int64(s, 12, d->id);
	sql_bind_int64(s, 13, now);
	if (sql_step(s) != SQL_DONE)
		return store_sqlerr(st, err, _("không sửa được đại biểu"));
	if (sql_changes(s) == 0)
		return ck_fail(err, CK_NOT_FOUND, _("không có đại biểu mã %lld"), (long long)d->id);
	return 0;
}

/* Run fn inside its own transaction. */
#define IN_TX(st, err, call)                        \
	do {                                        \
		if (store_begin((st), (err)) < 0)   \
			return -1;                  \
		if ((call) < 0) {                   \
			store_rollback(st);         \
			return -1;                  \
		}                                   \
		return store_commit((st), (err));   \
	} while (0)

int delegate_add(store *st, struct delegate *d, ck_err *err)
{
	IN_TX(st, err, delegate_add_tx(st, d, clock_now_ms(), err));
}

int delegate_update(store *st, const struct delegate *d, ck_err *err)
{
	IN_TX(st, err, delegate_update_tx(st, d, clock_now_ms(), err));
}

/* That id is on the roster, held against check-ins until the transaction ends. */
static int exists_tx(store *st, int64_t id, ck_err *err)
{
	if (store_lock_delegate(st, id, err) < 0)
		return -1;
	sql_stmt *s = store_stmt(st, "SELECT 1 FROM delegate WHERE id = ? AND removed_at IS NULL", err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, id);
	int found = sql_step(s) == SQL_ROW;
	sql_reset(s);
	return found ? 0 : ck_fail(err, CK_NOT_FOUND, _("không có đại biểu mã %lld"), (long long)id);
}

static int reissue_tx(store *st, int64_t id, char code[CODE_LEN + 1], ck_err *err)
{
	int64_t now = clock_now_ms();
	char shortcode[CODE_SHORTLEN + 1];
	if (exists_tx(st, id, err) < 0 || delegate_issue_code_tx(st, id, now, code, err) < 0)
		return -1;
	code_short(code, shortcode);
	return store_audit_tx(st, now, "reissue", id, NULL, shortcode, err);
}

int delegate_reissue(store *st, int64_t id, char code_out[CODE_LEN + 1], ck_err *err)
{
	IN_TX(st, err, reissue_tx(st, id, code_out, err));
}

static int revoke_tx(store *st, int64_t id, const char *action, ck_err *err)
{
	int64_t now = clock_now_ms();
	sql_stmt *s = store_stmt(st, "UPDATE code SET revoked_at = ? WHERE delegate_id = ? AND revoked_at IS NULL", err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, now);
	sql_bind_int64(s, 2, id);
	if (sql_step(s) != SQL_DONE)
		return store_sqlerr(st, err, _("không thu hồi được mã"));
	if (!strcmp(action, "revoke") && sql_changes(s) == 0)
		return ck_fail(err, CK_NOT_FOUND, _("đại biểu %lld không có mã đang dùng"), (long long)id);
	return store_audit_tx(st, now, action, id, NULL, NULL, err);
}

static int revoke_checked_tx(store *st, int64_t id, ck_err *err)
{
	if (exists_tx(st, id, err) < 0)
		return -1;
	return revoke_tx(st, id, "revoke", err);
}

int delegate_revoke(store *st, int64_t id, ck_err *err)
{
	IN_TX(st, err, revoke_checked_tx(st, id, err));
}

static int remove_tx(store *st, int64_t id, ck_err *err)
{
	sql_stmt *s;
	if (exists_tx(st, id, err) < 0)
		return -1;
	s = store_stmt(st, "SELECT 1 FROM checkin WHERE delegate_id = ? AND undone_at IS NULL", err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, id);
	int arrived = sql_step(s) == SQL_ROW;
	sql_reset(s);
	if (arrived)
		return ck_fail(err, CK_STATE, _("đại biểu %lld đã điểm danh; hãy hủy lượt điểm danh trước"), (long long)id);
	s = store_stmt(st, "UPDATE delegate SET removed_at = ? WHERE id = ?", err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, clock_now_ms());
	sql_bind_int64(s, 2, id);
	if (sql_step(s) != SQL_DONE)
		return store_sqlerr(st, err, _("không xóa được đại biểu"));
	return revoke_tx(st, id, "remove", err);
}

int delegate_remove(store *st, int64_t id, ck_err *err)
{
	IN_TX(st, err, remove_tx(st, id, err));
}

static int printed_tx(store *st, const struct delegate *v, size_t n, ck_err *err)
{
	int64_t now = clock_now_ms();
	for (size_t i = 0; i < n; i++) {
		if (!v[i].code)
			continue;
		/* by code, not by delegate: a code reissued meanwhile stays unprinted */
		sql_stmt *s = store_stmt(st, "UPDATE code SET printed_at = ? WHERE code = ?", err);
		if (!s)
			return -1;
		sql_bind_int64(s, 1, now);
		sql_bind_text(s, 2, v[i].code);
		if (sql_step(s) != SQL_DONE)
			return store_sqlerr(st, err, _("không đánh dấu được giấy mời đã in"));
	}
	return 0;
}

int delegate_mark_printed(store *st, const struct delegate *v, size_t n, ck_err *err)
{
	IN_TX(st, err, printed_tx(st, v, n, err));
}
