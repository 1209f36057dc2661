/* report.c - the attendance report's figures and the audit log's digest.
 *
 * Why a file of its own: 'report' prints the same figures as a PDF and as
 * JSON, and both must agree with 'status' and 'export'. So everything is
 * read here, once, in one read snapshot; the counts themselves come from
 * counts_get() and are not counted again. The digest lets a later copy of
 * the audit log be checked against the filed report (report.h says what
 * it covers and how the rows are serialised). */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "programme.h"
#include "report.h"
#include "store_internal.h"
#include "text.h"

#define REPORT_MAX_BARS 72

static void groups_free(struct report_group *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].district);
	}
	free(v);
}

static void checkins_free(struct report_checkin *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].organization);
		free(v[i].station);
		free(v[i].method);
		free(v[i].undone_station);
	}
	free(v);
}

static void substitutes_free(struct report_substitute *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].delegate_name);
		free(v[i].delegate_title);
		free(v[i].station);
		free(v[i].name);
		free(v[i].title);
		free(v[i].organization);
	}
	free(v);
}

void report_release(struct report *r)
{
	counts_release(&r->counts);
	groups_free(r->districts, r->ndistricts);
	groups_free(r->communes, r->ncommunes);
	delegates_free(r->leaders, r->nleaders);
	delegates_free(r->presenters, r->npresenters);
	delegates_free(r->awardees, r->nawardees);
	delegates_free(r->others, r->nothers);
	substitutes_free(r->substitutes, r->nsubstitutes);
	checkins_free(r->manual, r->nmanual);
	checkins_free(r->undone, r->nundone);
	free(r->buckets);
	memset(r, 0, sizeof *r);
}

/* Grow *v (of elements of size sz) to hold one more; -1 out of memory. */
static int grow(void **v, size_t len, size_t *cap, size_t sz)
{
	if (len < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *n = realloc(*v, ncap * sz);
	if (!n)
		return -1;
	*v = n;
	*cap = ncap;
	return 0;
}

/* Rows of (name, district, registered, arrived) into groups. */
static int read_groups(store *st, sql_stmt *s, struct report_group **out, size_t *n, ck_err *err)
{
	struct report_group *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sql_step(s)) == SQL_ROW) {
		if (grow((void **)&v, len, &cap, sizeof *v) < 0) {
			sql_reset(s);
			groups_free(v, len);
			return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		}
		struct report_group *g = &v[len++];
		g->name = sql_text_dup(s, 0);
		g->district = sql_text_dup(s, 1);
		g->registered = sql_int(s, 2);
		g->arrived = sql_int(s, 3);
		if (!g->name || (!sql_isnull(s, 1) && !g->district)) {
			sql_reset(s);
			groups_free(v, len);
			return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		}
	}
	sql_reset(s);
	if (rc != SQL_DONE) {
		groups_free(v, len);
		return store_sqlerr(st, err, _("không đếm được đại biểu"));
	}
	*out = v;
	*n = len;
	return 0;
}

static int get_districts(store *st, struct report *r, ck_err *err)
{
	sql_stmt *s = store_stmt(st, "SELECT COALESCE(d.district, ''), NULL, COUNT(*), COUNT(k.id) FROM delegate d"
	                             " LEFT JOIN checkin k ON k.delegate_id = d.id AND k.undone_at IS NULL"
	                             " WHERE d.removed_at IS NULL GROUP BY 1"
	                             " ORDER BY COALESCE(d.district, '') = '', MIN(d.id)", err);
	return s ? read_groups(st, s, &r->districts, &r->ndistricts, err) : -1;
}

static int get_communes(store *st, struct report *r, ck_err *err)
{
	char *key = text_fold(REPORT_COMMUNE_CATEGORY);
	if (!key)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	sql_stmt *s = store_stmt(st, "SELECT COALESCE(d.organization, ''), MIN(d.district), COUNT(*), COUNT(k.id)"
	                             " FROM delegate d"
	                             " LEFT JOIN checkin k ON k.delegate_id = d.id AND k.undone_at IS NULL"
	                             " WHERE d.removed_at IS NULL AND d.category_key = ? GROUP BY 1 ORDER BY MIN(d.id)", err);
	if (!s) {
		free(key);
		return -1;
	}
	sql_bind_text(s, 1, key);
	free(key);
	return read_groups(st, s, &r->communes, &r->ncommunes, err);
}

/* Whether id is among v[0..n). */
static int listed(const struct delegate *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			return 1;
	return 0;
}

/* Append delegate id to *out unless it is listed already, has arrived,
 * or has left the roster since the programme was loaded. */
static int add_absent(store *st, int64_t id, struct delegate **out, size_t *n, size_t *cap, ck_err *err)
{
	struct delegate d;
	ck_err why;
	if (!id || listed(*out, *n, id))
		return 0;
	if (delegate_get(st, id, &d, &why) < 0) {
		if (why.kind == CK_NOT_FOUND)
			return 0;
		*err = why;
		return -1;
	}
	if (d.arrived_at) {
		delegate_release(&d);
		return 0;
	}
	if (grow((void **)out, *n, cap, sizeof **out) < 0) {
		delegate_release(&d);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	}
	(*out)[(*n)++] = d;
	return 0;
}

/* The absent presenters and award recipients of the stored programme:
 * whoever it names as an item's presenter (a speech, the report, a
 * presentation), and whoever its award batches name to receive (an
 * individual, or who receives for a collective; not the alternates), in
 * its order, each once. Without a programme, roles presenter and awardee. */
static int get_programme_lists(store *st, struct report *r, ck_err *err)
{
	struct programme prog;
	ck_err why;
	size_t pcap = 0, acap = 0;
	if (programme_load(st, &prog, &why) < 0) {
		if (why.kind != CK_NOT_FOUND) {
			*err = why;
			return -1;
		}
		struct delegate_filter f = {.presence = PRESENCE_ABSENT, .roles = ROLE_PRESENTER};
		if (delegate_list(st, &f, &r->presenters, &r->npresenters, err) < 0)
			return -1;
		f.roles = ROLE_AWARDEE;
		return delegate_list(st, &f, &r->awardees, &r->nawardees, err);
	}
	r->presenters_from_programme = 1;
	r->awardees_from_programme = 1;
	int rc = 0;
	for (size_t i = 0; i < prog.n && rc == 0; i++) {
		const struct prog_item *it = &prog.items[i];
		rc = add_absent(st, it->presenter, &r->presenters, &r->npresenters, &pcap, err);
		for (size_t b = 0; b < it->nbatches && rc == 0; b++)
			for (size_t k = 0; k < it->batches[b].n && rc == 0; k++)
				rc = add_absent(st, it->batches[b].r[k].delegate, &r->awardees, &r->nawardees, &acap, err);
	}
	programme_release(&prog);
	return rc;
}

static int get_absent(store *st, struct report *r, ck_err *err)
{
	struct delegate_filter f = {.presence = PRESENCE_ABSENT};
	struct delegate *all = NULL;
	size_t n = 0, k = 0;
	f.roles = ROLE_VIP;
	if (delegate_list(st, &f, &r->leaders, &r->nleaders, err) < 0)
		return -1;
	if (get_programme_lists(st, r, err) < 0)
		return -1;
	f.roles = 0;
	if (delegate_list(st, &f, &all, &n, err) < 0)
		return -1;
	/* the others: those without a role and on none of the lists above (the
	 * programme can name a presenter or recipient without the role), moved
	 * to the front in order */
	for (size_t i = 0; i < n; i++) {
		if (all[i].roles == 0 && !listed(r->presenters, r->npresenters, all[i].id) &&
		    !listed(r->awardees, r->nawardees, all[i].id)) {
			struct delegate t = all[k];
			all[k++] = all[i];
			all[i] = t;
		}
	}
	for (size_t i = k; i < n; i++)
		delegate_release(&all[i]);
	r->others = all;
	r->nothers = k;
	return 0;
}

static int get_checkins(store *st, sql_stmt *s, struct report_checkin **out, size_t *n, ck_err *err)
{
	struct report_checkin *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sql_step(s)) == SQL_ROW) {
		if (grow((void **)&v, len, &cap, sizeof *v) < 0) {
			sql_reset(s);
			checkins_free(v, len);
			return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		}
		struct report_checkin *c = &v[len++];
		memset(c, 0, sizeof *c);
		c->delegate_id = sql_int64(s, 0);
		c->name = sql_text_dup(s, 1);
		c->organization = sql_text_dup(s, 2);
		c->at = sql_int64(s, 3);
		c->station = sql_text_dup(s, 4);
		c->method = sql_text_dup(s, 5);
		c->undone_at = sql_int64(s, 6);
		c->undone_station = sql_text_dup(s, 7);
	}
	sql_reset(s);
	if (rc != SQL_DONE) {
		checkins_free(v, len);
		return store_sqlerr(st, err, _("không đọc được các lượt điểm danh"));
	}
	*out = v;
	*n = len;
	return 0;
}

static int get_manual_undone(store *st, struct report *r, ck_err *err)
{
	sql_stmt *s = store_stmt(st, "SELECT k.delegate_id, d.name, d.organization, k.at, k.station, k.method,"
	                             " k.undone_at, k.undone_station FROM checkin k JOIN delegate d ON d.id = k.delegate_id"
	                             " WHERE k.method = 'manual' ORDER BY k.at, k.id", err);
	if (!s || get_checkins(st, s, &r->manual, &r->nmanual, err) < 0)
		return -1;
	s = store_stmt(st, "SELECT k.delegate_id, d.name, d.organization, k.at, k.station, k.method,"
	                   " k.undone_at, k.undone_station FROM checkin k JOIN delegate d ON d.id = k.delegate_id"
	                   " WHERE k.undone_at IS NOT NULL ORDER BY k.undone_at, k.id", err);
	return s ? get_checkins(st, s, &r->undone, &r->nundone, err) : -1;
}

static int get_chart(store *st, struct report *r, ck_err *err)
{
	static const int64_t widths_min[] = {5, 10, 15, 30, 60, 120, 240, 480, 1440};
	sql_stmt *s = store_stmt(st, "SELECT MIN(at), MAX(at) FROM checkin WHERE undone_at IS NULL", err);
	int rc;
	if (!s)
		return -1;
	if ((rc = sql_step(s)) == SQL_ROW && !sql_isnull(s, 0)) {
		r->first_at = sql_int64(s, 0);
		r->last_at = sql_int64(s, 1);
	}
	sql_reset(s);
	if (rc != SQL_ROW)
		return store_sqlerr(st, err, _("không đọc được các lượt điểm danh"));
	r->bucket_ms = widths_min[0] * 60000;
	if (!r->first_at)
		return 0;
	for (size_t i = 0; i < sizeof widths_min / sizeof *widths_min; i++) {
		r->bucket_ms = widths_min[i] * 60000;
		int64_t first = r->first_at - r->first_at % r->bucket_ms;
		if ((r->last_at - first) / r->bucket_ms < REPORT_MAX_BARS)
			break;
	}
	return counts_histogram(st, r->bucket_ms, r->last_at, &r->buckets, &r->nbuckets, &r->start_ms, err);
}

/* Substitutes: the delegates whose sub_* fields name a deputy
 * (substitute.h), in id order. */
static int get_substitutes(store *st, struct report *r, ck_err *err)
{
	struct delegate *all = NULL;
	size_t n = 0, len = 0, cap = 0;
	int rc = 0;
	if (delegate_list(st, NULL, &all, &n, err) < 0)
		return -1;
	r->substitutes_known = 1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct delegate *d = &all[i];
		if (!d->sub_name)
			continue;
		if (grow((void **)&r->substitutes, len, &cap, sizeof *r->substitutes) < 0) {
			rc = ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
			break;
		}
		struct report_substitute *s = &r->substitutes[len++];
		memset(s, 0, sizeof *s);
		r->nsubstitutes = len;
		s->delegate_id = d->id;
		s->recorded_at = d->sub_at;
		s->arrived_at = d->arrived_at;
		/* the strings move over from the list, which frees the rest */
		s->delegate_name = all[i].name, all[i].name = NULL;
		s->delegate_title = all[i].title, all[i].title = NULL;
		s->name = all[i].sub_name, all[i].sub_name = NULL;
		s->title = all[i].sub_title, all[i].sub_title = NULL;
		s->organization = all[i].sub_organization, all[i].sub_organization = NULL;
		s->station = all[i].sub_station, all[i].sub_station = NULL;
	}
	delegates_free(all, n);
	return rc;
}

int report_get(store *st, int64_t now_ms, struct report *r, ck_err *err)
{
	memset(r, 0, sizeof *r);
	r->generated_at = now_ms;
	if (store_read_begin(st, err) < 0)
		return -1;
	if (counts_get(st, &r->counts, err) < 0 || get_districts(st, r, err) < 0 || get_communes(st, r, err) < 0 ||
	    get_absent(st, r, err) < 0 || get_substitutes(st, r, err) < 0 || get_manual_undone(st, r, err) < 0 ||
	    get_chart(st, r, err) < 0 || report_audit_digest(st, -1, &r->digest, err) < 0) {
		store_read_end(st);
		report_release(r);
		return -1;
	}
	store_read_end(st);
	return 0;
}

/* --------------------------------------------------------- the digest -- */

static void put_text(crypto_hash_sha256_state *h, const char *s)
{
	if (!s) {
		crypto_hash_sha256_update(h, (const unsigned char *)"\\N", 2);
		return;
	}
	const char *run = s;
	for (const char *p = s;; p++) {
		const char *esc = NULL;
		switch (*p) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\v': esc = "\\v"; break;
		case 0: break;
		default: continue;
		}
		crypto_hash_sha256_update(h, (const unsigned char *)run, (unsigned long long)(p - run));
		if (!esc)
			return;
		crypto_hash_sha256_update(h, (const unsigned char *)esc, 2);
		run = p + 1;
	}
}

static void put_int(crypto_hash_sha256_state *h, sql_stmt *s, int col)
{
	char buf[32];
	if (sql_isnull(s, col)) {
		put_text(h, NULL);
		return;
	}
	int n = snprintf(buf, sizeof buf, "%" PRId64, sql_int64(s, col));
	crypto_hash_sha256_update(h, (const unsigned char *)buf, (unsigned long long)n);
}

int report_audit_digest(store *st, int64_t upto_id, struct report_digest *out, ck_err *err)
{
	static const char header[] = REPORT_DIGEST_FORMAT "\n";
	crypto_hash_sha256_state h;
	unsigned char sum[crypto_hash_sha256_BYTES];
	int rc;

	memset(out, 0, sizeof *out);
	if (sodium_init() < 0)
		return ck_fail(err, CK_INTERNAL, _("libsodium không khởi động được"));
	sql_stmt *s = store_stmt(st, "SELECT id, at, action, delegate_id, station, detail, nonce FROM audit"
	                             " WHERE ?1 < 0 OR id <= ?1 ORDER BY id", err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, upto_id);
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)header, sizeof header - 1);
	while ((rc = sql_step(s)) == SQL_ROW) {
		put_int(&h, s, 0);
		crypto_hash_sha256_update(&h, (const unsigned char *)"\t", 1);
		put_int(&h, s, 1);
		crypto_hash_sha256_update(&h, (const unsigned char *)"\t", 1);
		put_text(&h, sql_text(s, 2));
		crypto_hash_sha256_update(&h, (const unsigned char *)"\t", 1);
		put_int(&h, s, 3);
		for (int col = 4; col <= 6; col++) {
			crypto_hash_sha256_update(&h, (const unsigned char *)"\t", 1);
			put_text(&h, sql_isnull(s, col) ? NULL : sql_text(s, col));
		}
		crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
		out->rows++;
		out->last_id = sql_int64(s, 0);
	}
	sql_reset(s);
	if (rc != SQL_DONE)
		return store_sqlerr(st, err, _("không đọc được nhật ký thao tác"));
	crypto_hash_sha256_final(&h, sum);
	sodium_bin2hex(out->sha256, sizeof out->sha256, sum, sizeof sum);
	return 0;
}

const char *report_digest_format(const struct report_digest *d, char *buf, size_t len)
{
	snprintf(buf, len, REPORT_DIGEST_FORMAT " sha256=%s rows=%" PRId64 " last_id=%" PRId64, d->sha256, d->rows,
	         d->last_id);
	return buf;
}

int report_digest_parse(const char *text, struct report_digest *out)
{
	static const char tag[] = REPORT_DIGEST_FORMAT " sha256=";
	memset(out, 0, sizeof *out);
	const char *p = text ? strstr(text, tag) : NULL;
	if (!p)
		return -1;
	p += sizeof tag - 1;
	for (int i = 0; i < 64; i++) {
		char c = p[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return -1;
		out->sha256[i] = c;
	}
	out->sha256[64] = 0;
	long long rows, last;
	if (sscanf(p + 64, " rows=%lld last_id=%lld", &rows, &last) != 2 || rows < 0 || last < 0)
		return -1;
	out->rows = rows;
	out->last_id = last;
	return 0;
}
