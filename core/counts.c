/* counts.c - attendance figures computed from the store in one read.
 *
 * Every view (status, kiosk, watch, dashboard) shows the same numbers
 * because they all come from here. Their JSON form is admin's
 * (admin/json.c); core does not speak JSON. */
#include <stdlib.h>
#include <string.h>
#include "counts.h"
#include "i18n.h"
#include "store_internal.h"

void counts_release(struct counts *c)
{
	for (size_t i = 0; i < c->ncategories; i++)
		free(c->categories[i].name);
	free(c->categories);
	delegates_free(c->absent_roles, c->nabsent);
	memset(c, 0, sizeof *c);
}

int counts_get(store *st, struct counts *c, ck_err *err)
{
	sql_stmt *s;
	struct delegate_filter absent = {.presence = PRESENCE_ABSENT, .roles = ROLE_VIP | ROLE_PRESENTER | ROLE_AWARDEE};
	size_t cap = 0;
	int rc, expected = 0;

	memset(c, 0, sizeof *c);
	/* one read transaction so that all figures agree (or the caller's) */
	int own = !store_in_tx(st);
	if (own && store_read_begin(st, err) < 0)
		return -1;
	s = store_stmt(st, "SELECT COALESCE(d.category, ''), MIN(d.id), COUNT(*), COUNT(k.id) FROM delegate d"
	                   " LEFT JOIN checkin k ON k.delegate_id = d.id AND k.undone_at IS NULL"
	                   " WHERE d.removed_at IS NULL GROUP BY 1 ORDER BY 2", err);
	if (!s)
		goto fail;
	while ((rc = sql_step(s)) == SQL_ROW) {
		if (c->ncategories == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct category_count *n = realloc(c->categories, ncap * sizeof *n);
			if (!n) {
				sql_reset(s);
				ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
				goto fail;
			}
			c->categories = n;
			cap = ncap;
		}
		struct category_count *cc = &c->categories[c->ncategories++];
		cc->name = sql_text_dup(s, 0);
		cc->registered = sql_int(s, 2);
		cc->arrived = sql_int(s, 3);
		c->registered += cc->registered;
		c->arrived += cc->arrived;
	}
	sql_reset(s);
	if (rc != SQL_DONE) {
		store_sqlerr(st, err, _("không đếm được đại biểu"));
		goto fail;
	}
	s = store_stmt(st, "SELECT expected FROM event WHERE id = 1", err);
	if (!s)
		goto fail;
	if (sql_step(s) == SQL_ROW)
		expected = sql_int(s, 0);
	sql_reset(s);
	c->expected = expected > 0 ? expected : c->registered;
	s = store_stmt(st, "SELECT (SELECT COUNT(*) FROM checkin WHERE undone_at IS NULL AND flag = 'revoked-offline'),"
	                   " (SELECT COUNT(*) FROM audit WHERE action IN ('scan-repeat-offline', 'repeat-offline'))", err);
	if (!s)
		goto fail;
	if ((rc = sql_step(s)) == SQL_ROW) {
		c->revoked_offline = sql_int(s, 0);
		c->repeats_offline = sql_int(s, 1);
	}
	sql_reset(s);
	if (rc != SQL_ROW) {
		store_sqlerr(st, err, _("không đếm được đại biểu"));
		goto fail;
	}
	if (delegate_list(st, &absent, &c->absent_roles, &c->nabsent, err) < 0)
		goto fail;
	if (own)
		store_read_end(st);
	return 0;
fail:
	if (own)
		store_read_end(st);
	counts_release(c);
	return -1;
}

int counts_histogram(store *st, int64_t bucket_ms, int64_t now_ms, int **buckets, size_t *n, int64_t *start_ms,
                     ck_err *err)
{
	sql_stmt *s;
	int64_t first = 0;
	int rc;

	*buckets = NULL;
	*n = 0;
	*start_ms = 0;
	if (bucket_ms <= 0)
		return ck_fail(err, CK_INVALID, _("độ dài khoảng thời gian không hợp lệ"));
	s = store_stmt(st, "SELECT MIN(at) FROM checkin WHERE undone_at IS NULL", err);
	if (!s)
		return -1;
	if (sql_step(s) == SQL_ROW && !sql_isnull(s, 0))
		first = sql_int64(s, 0);
	sql_reset(s);
	if (!first)
		return 0;
	first -= first % bucket_ms;
	if (now_ms < first)
		now_ms = first;
	size_t count = (size_t)((now_ms - first) / bucket_ms) + 1;
	if (count > 10000) /* a clock far off; keep the newest */
		first = now_ms - now_ms % bucket_ms - (int64_t)(count = 10000) * bucket_ms + bucket_ms;
	int *v = calloc(count, sizeof *v);
	if (!v)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	s = store_stmt(st, "SELECT (at - ?1) / ?2, COUNT(*) FROM checkin WHERE undone_at IS NULL AND at >= ?1 GROUP BY 1", err);
	if (!s) {
		free(v);
		return -1;
	}
	sql_bind_int64(s, 1, first);
	sql_bind_int64(s, 2, bucket_ms);
	while ((rc = sql_step(s)) == SQL_ROW) {
		int64_t i = sql_int64(s, 0);
		if (i >= 0 && (size_t)i < count)
			v[i] += sql_int(s, 1);
	}
	sql_reset(s);
	if (rc != SQL_DONE) {
		free(v);
		return store_sqlerr(st, err, _("không đọc được các lượt điểm danh"));
	}
	*buckets = v;
	*n = count;
	*start_ms = first;
	return 0;
}

void doors_free(struct door_status *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

int counts_doors(store *st, int64_t now_ms, struct door_status **out, size_t *n, ck_err *err)
{
	struct door_status *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	sql_stmt *s = store_stmt(st, "SELECT d.name, d.last_seen, d.offline_since, d.outbox,"
	                             " (SELECT COUNT(*) FROM checkin k WHERE k.station = d.name AND k.undone_at IS NULL"
	                             " AND k.at >= ?) FROM door d ORDER BY d.name COLLATE BINARY", err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, now_ms - 5 * 60 * 1000);
	while ((rc = sql_step(s)) == SQL_ROW) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct door_status *nv = realloc(v, ncap * sizeof *nv);
			if (!nv) {
				sql_reset(s);
				doors_free(v, len);
				return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
			}
			v = nv;
			cap = ncap;
		}
		struct door_status *d = &v[len++];
		d->name = sql_text_dup(s, 0);
		d->last_seen = sql_int64(s, 1);
		d->online = now_ms - d->last_seen < DOOR_ONLINE_MS;
		d->offline_since = sql_int64(s, 2);
		d->outbox = sql_int64(s, 3);
		d->recent = sql_int(s, 4);
	}
	sql_reset(s);
	if (rc != SQL_DONE) {
		doors_free(v, len);
		return store_sqlerr(st, err, _("không đọc được danh sách cửa"));
	}
	*out = v;
	*n = len;
	return 0;
}
