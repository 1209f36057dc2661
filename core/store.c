/* store.c - one event store, on SQLite or on a PostgreSQL server.
 *
 * A path means SQLite (store_sqlite.c: the embedded default, one file per
 * event); a libpq connection string ("postgresql://..." or "host=...
 * dbname=...") means PostgreSQL (store_pg.c: one database shared by every
 * door). This file holds what does not depend on the engine: choosing it,
 * the statement cache, transactions, the event row and the audit log.
 *
 * Schema versions are applied in order at open, each in one transaction;
 * each engine has its own text of every version (store_schema.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "i18n.h"
#include "store_backend.h"
#include "text.h"

int store_schema_version(void)
{
	return store_migration_count;
}

const char *store_path_resolve(const char *flag)
{
	const char *env;
	if (flag && *flag)
		return flag;
	env = getenv("CHECKIN_DB");
	if (env && *env)
		return env;
	return "data/checkin.db";
}

int store_is_conninfo(const char *where)
{
	return where && pg_is_conninfo(where);
}

int store_open(const char *where, store **out, ck_err *err)
{
	return store_open_with(where, 0, 0, out, err);
}

int store_open_with(const char *where, int timeout_ms, int lazy, store **out, ck_err *err)
{
	store *st = calloc(1, sizeof *st);
	int rc;
	*out = NULL;
	if (!st)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	st->timeout_ms = timeout_ms > 0 ? timeout_ms : STORE_TIMEOUT_DEFAULT_MS;
	st->lazy = lazy;
	rc = store_is_conninfo(where) ? pg_open(st, where, err) : lite_open(st, where, err);
	if (rc < 0) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void store_close(store *st)
{
	if (!st)
		return;
	memset(st->key, 0, sizeof st->key);
	for (int i = 0; i < STMT_CACHE && st->cache[i].sql; i++) {
		lite_finalize(&st->cache[i]);
		pg_stmt_free(&st->cache[i]);
	}
	if (st->lite)
		lite_close(st);
	if (st->pg)
		pg_close(st);
	free(st->where);
	free(st);
}

int store_is_remote(const store *st)
{
	return st->pg != NULL;
}

const char *store_where(const store *st)
{
	return st->where ? st->where : "?";
}

void store_set_timeout(store *st, int ms)
{
	st->timeout_ms = ms > 0 ? ms : STORE_TIMEOUT_DEFAULT_MS;
}

int store_online(store *st)
{
	return st->pg ? pg_online(st) : 1;
}

int store_reconnect(store *st, ck_err *err)
{
	return st->pg ? pg_reconnect(st, err) : 0;
}

int store_check(store *st, ck_err *err)
{
	return st->lite ? lite_check(st, err) : 0;
}

void store_busy_wait(store *st, int ms)
{
	if (st->lite)
		lite_busy_wait(st, ms);
}

int store_warm(store *st, ck_err *err)
{
	return st->lite ? lite_warm(st, err) : 0;
}

int64_t store_data_version(store *st)
{
	return st->lite ? lite_data_version(st) : pg_data_version(st);
}

int store_wait_change(store *st, int timeout_ms)
{
	if (st->pg)
		return pg_wait(st, timeout_ms);
	return lite_wait(st, timeout_ms);
}

/* --- statements --- */

sql_stmt *store_stmt(store *st, const char *sql, ck_err *err)
{
	int i;
	for (i = 0; i < STMT_CACHE && st->cache[i].sql; i++) {
		if (st->cache[i].sql == sql) {
			sql_reset(&st->cache[i]);
			return &st->cache[i];
		}
	}
	if (i == STMT_CACHE) {
		/* every statement core uses is cached; running out is a bug */
		ck_fail(err, CK_INTERNAL, _("lỗi nội bộ: bộ nhớ đệm câu lệnh đã đầy (tăng STMT_CACHE)"));
		return NULL;
	}
	sql_stmt *s = &st->cache[i];
	memset(s, 0, sizeof *s);
	s->st = st;
	s->sql = sql;
	if ((st->lite ? lite_prepare(st, s, err) : pg_translate(s, err)) < 0) {
		memset(s, 0, sizeof *s);
		return NULL;
	}
	return s;
}

void sql_reset(sql_stmt *s)
{
	if (s->lite)
		lite_reset(s);
	else
		pg_stmt_clear(s);
}

int sql_step(sql_stmt *s)
{
	return s->lite ? lite_step(s) : pg_step(s);
}

int store_exec(store *st, const char *sql, ck_err *err)
{
	return st->lite ? lite_exec(st, sql, err) : pg_exec(st, sql, err);
}

void sql_bind_int64(sql_stmt *s, int i, int64_t v)
{
	if (s->lite)
		lite_bind_int64(s, i, v);
	else
		pg_bind_int64(s, i, v);
}

void sql_bind_text(sql_stmt *s, int i, const char *v)
{
	if (s->lite)
		lite_bind_text(s, i, v);
	else
		pg_bind_text(s, i, v);
}

void sql_bind_text_ref(sql_stmt *s, int i, const char *v)
{
	if (s->lite)
		lite_bind_text_ref(s, i, v);
	else
		pg_bind_text(s, i, v);
}

void sql_bind_blob(sql_stmt *s, int i, const void *p, size_t n)
{
	if (s->lite)
		lite_bind_blob(s, i, p, n);
	else
		pg_bind_blob(s, i, p, n);
}

void sql_bind_null(sql_stmt *s, int i)
{
	if (s->lite)
		lite_bind_null(s, i);
	else
		pg_bind_null(s, i);
}

int64_t sql_int64(sql_stmt *s, int col)
{
	return s->lite ? lite_col_int64(s, col) : pg_col_int64(s, col);
}

const char *sql_text(sql_stmt *s, int col)
{
	return s->lite ? lite_col_text(s, col) : pg_col_text(s, col);
}

int sql_isnull(sql_stmt *s, int col)
{
	return s->lite ? lite_col_isnull(s, col) : pg_col_isnull(s, col);
}

size_t sql_blob(sql_stmt *s, int col, void *buf, size_t cap)
{
	return s->lite ? lite_col_blob(s, col, buf, cap) : pg_col_blob(s, col, buf, cap);
}

int64_t sql_changes(sql_stmt *s)
{
	return s->changes;
}

char *sql_text_dup(sql_stmt *s, int col)
{
	const char *t = sql_text(s, col);
	return t ? strdup(t) : NULL;
}

int sql_int(sql_stmt *s, int col)
{
	return (int)sql_int64(s, col);
}

/* --- transactions --- */

int store_in_tx(store *st)
{
	return st->lite ? lite_in_tx(st) : pg_in_tx(st);
}

int store_begin(store *st, ck_err *err)
{
	if (st->lite) {
		if (lite_exec(st, "BEGIN IMMEDIATE", NULL) < 0)
			return store_sqlerr(st, err, _("không ghi được vào cơ sở dữ liệu"));
		lite_began(st);
		return 0;
	}
	/* the roster's writers one at a time, as with SQLite; key 1 is ours */
	if (pg_exec(st, "BEGIN; SELECT pg_advisory_xact_lock(7301, 0)", NULL) < 0) {
		store_sqlerr(st, err, _("không ghi được vào cơ sở dữ liệu"));
		store_rollback(st);
		return -1;
	}
	return 0;
}

int store_begin_shared(store *st, ck_err *err)
{
	if (st->lite)
		return store_begin(st, err);
	if (pg_exec(st, "BEGIN", NULL) < 0)
		return store_sqlerr(st, err, _("không ghi được vào cơ sở dữ liệu"));
	return 0;
}

int store_lock_delegate(store *st, int64_t id, ck_err *err)
{
	if (!st->pg)
		return 0;
	/* An advisory lock on the delegate, not SELECT ... FOR UPDATE: that
	 * needs UPDATE on the roster, which a door's role must not have. */
	sql_stmt *s = store_stmt(st, "SELECT pg_advisory_xact_lock(7302, CAST(? AS integer))", err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, id);
	int rc = sql_step(s);
	sql_reset(s);
	if (rc != SQL_ROW)
		return store_sqlerr(st, err, _("không khóa được đại biểu"));
	return 0;
}

int store_commit(store *st, ck_err *err)
{
	if (st->lite && lite_before_commit(st, err) < 0) {
		store_rollback(st);
		return -1;
	}
	if (store_exec(st, "COMMIT", NULL) < 0) {
		store_sqlerr(st, err, _("không hoàn tất được việc ghi vào cơ sở dữ liệu"));
		store_rollback(st); /* and checkpoint on a full disk */
		return -1;
	}
	return 0;
}

void store_rollback(store *st)
{
	if (st->lite)
		lite_rollback(st);
	else if (store_in_tx(st))
		store_exec(st, "ROLLBACK", NULL);
}

int store_read_begin(store *st, ck_err *err)
{
	const char *sql = st->lite ? "BEGIN DEFERRED" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
	if (store_exec(st, sql, NULL) < 0)
		return store_sqlerr(st, err, _("không đọc được cơ sở dữ liệu"));
	return 0;
}

void store_read_end(store *st)
{
	if (store_in_tx(st))
		store_exec(st, "COMMIT", NULL);
}

int store_conflict(store *st)
{
	return st->lite ? lite_conflict(st) : pg_conflict(st);
}

int store_sqlerr(store *st, ck_err *err, const char *what)
{
	return st->lite ? lite_after_failure(st, err, what) : pg_after_failure(st, err, what);
}

/* --- the audit log --- */

int store_audit_nonce_tx(store *st, int64_t at, const char *action, int64_t delegate_id, const char *station,
                         const char *detail, const char *nonce, ck_err *err)
{
	sql_stmt *s = store_stmt(st,
		"INSERT INTO audit(at, action, delegate_id, station, detail, nonce) VALUES (?, ?, ?, ?, ?, ?)", err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, at);
	sql_bind_text(s, 2, action);
	if (delegate_id > 0)
		sql_bind_int64(s, 3, delegate_id);
	else
		sql_bind_null(s, 3);
	sql_bind_text(s, 4, station);
	sql_bind_text(s, 5, detail);
	sql_bind_text(s, 6, nonce);
	if (sql_step(s) != SQL_DONE)
		return store_sqlerr(st, err, _("không ghi được nhật ký thao tác"));
	return 0;
}

int store_audit_tx(store *st, int64_t at, const char *action, int64_t delegate_id, const char *station,
                   const char *detail, ck_err *err)
{
	return store_audit_nonce_tx(st, at, action, delegate_id, station, detail, NULL, err);
}

int store_audit(store *st, const char *action, int64_t delegate_id, const char *detail, ck_err *err)
{
	int own = !store_in_tx(st);
	if (own && store_begin(st, err) < 0)
		return -1;
	if (store_audit_tx(st, clock_now_ms(), action, delegate_id, NULL, detail, err) < 0) {
		if (own)
			store_rollback(st);
		return -1;
	}
	return own ? store_commit(st, err) : 0;
}

/* --- the event --- */

int store_event_init(store *st, const struct event *ev, ck_err *err)
{
	unsigned char key[CODE_KEYLEN];
	int64_t now = clock_now_ms();
	sql_stmt *s;
	int exists;

	if (store_begin(st, err) < 0)
		return -1;
	s = store_stmt(st, "SELECT tag FROM event WHERE id = 1", err);
	if (!s)
		goto fail;
	int rc = sql_step(s);
	if (rc != SQL_ROW && rc != SQL_DONE) {
		store_sqlerr(st, err, _("không đọc được thông tin hội nghị"));
		goto fail;
	}
	exists = rc == SQL_ROW;
	if (exists && strcmp(sql_text(s, 0), ev->tag) != 0) {
		ck_fail(err, CK_STATE, _("không đổi được tag của hội nghị từ '%s' sang '%s': các mã đã in sẽ không dùng được nữa"),
		         sql_text(s, 0), ev->tag);
		sql_reset(s);
		goto fail;
	}
	sql_reset(s);
	if (exists) {
		s = store_stmt(st, "UPDATE event SET title = ?1, organizer = ?2, venue = ?3, address = ?4, date = ?5,"
		                   " start = ?6, end_time = ?7, doors_open = ?8, timezone = ?9, tag = ?10,"
		                   " staff_pin = ?11, expected = ?12, updated_at = ?13, speech = ?14 WHERE id = 1", err);
	} else {
		if (code_keygen(key, err) < 0)
			goto fail;
		s = store_stmt(st, "INSERT INTO event(id, title, organizer, venue, address, date, start, end_time,"
		                   " doors_open, timezone, tag, staff_pin, expected, created_at, updated_at, secret, speech)"
		                   " VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15)", err);
	}
	if (!s)
		goto fail;
	sql_bind_text(s, 1, ev->title);
	sql_bind_text(s, 2, ev->organizer);
	sql_bind_text(s, 3, ev->venue);
	sql_bind_text(s, 4, ev->address);
	sql_bind_text(s, 5, ev->date);
	sql_bind_text(s, 6, ev->start);
	sql_bind_text(s, 7, ev->end);
	sql_bind_text(s, 8, ev->doors_open);
	sql_bind_text(s, 9, ev->timezone);
	sql_bind_text(s, 10, ev->tag);
	sql_bind_text(s, 11, ev->staff_pin);
	sql_bind_int64(s, 12, ev->expected);
	sql_bind_int64(s, 13, now);
	if (!exists)
		sql_bind_blob(s, 14, key, sizeof key);
	sql_bind_int64(s, exists ? 14 : 15, ev->speech);
	if (sql_step(s) != SQL_DONE) {
		store_sqlerr(st, err, _("không lưu được thông tin hội nghị"));
		goto fail;
	}
	if (store_audit_tx(st, now, exists ? "event-update" : "event-init", 0, NULL, ev->title, err) < 0)
		goto fail;
	memset(key, 0, sizeof key);
	return store_commit(st, err);
fail:
	memset(key, 0, sizeof key);
	store_rollback(st);
	return -1;
}

int store_event_load(store *st, struct event *ev, ck_err *err)
{
	sql_stmt *s = store_stmt(st, "SELECT title, organizer, venue, address, date, start, end_time,"
	                             " doors_open, timezone, tag, staff_pin, expected, speech FROM event WHERE id = 1", err);
	memset(ev, 0, sizeof *ev);
	if (!s)
		return -1;
	int rc = sql_step(s);
	if (rc != SQL_ROW) {
		sql_reset(s);
		if (rc == SQL_DONE)
			return ck_fail(err, CK_NOT_FOUND, _("chưa thiết lập hội nghị; chạy 'checkin-admin init --event FILE'"));
		return store_sqlerr(st, err, _("không đọc được thông tin hội nghị"));
	}
	ev->title = sql_text_dup(s, 0);
	ev->organizer = sql_text_dup(s, 1);
	ev->venue = sql_text_dup(s, 2);
	ev->address = sql_text_dup(s, 3);
	ev->date = sql_text_dup(s, 4);
	ev->start = sql_text_dup(s, 5);
	ev->end = sql_text_dup(s, 6);
	ev->doors_open = sql_text_dup(s, 7);
	ev->timezone = sql_text_dup(s, 8);
	ev->tag = sql_text_dup(s, 9);
	ev->staff_pin = sql_text_dup(s, 10);
	ev->expected = sql_int(s, 11);
	ev->speech = sql_int(s, 12);
	sql_reset(s);
	return 0;
}

void store_forget_key(store *st)
{
	st->have_key = 0;
	memset(st->key, 0, sizeof st->key);
}

int store_event_key(store *st, unsigned char key[CODE_KEYLEN], char tag[CODE_TAGLEN + 1], ck_err *err)
{
	if (st->have_key) { /* made at the first init and never changed */
		memcpy(key, st->key, CODE_KEYLEN);
		memcpy(tag, st->tag, CODE_TAGLEN + 1);
		return 0;
	}
	sql_stmt *s = store_stmt(st, "SELECT secret, tag FROM event WHERE id = 1", err);
	if (!s)
		return -1;
	int rc = sql_step(s);
	if (rc != SQL_ROW) {
		sql_reset(s);
		if (rc == SQL_DONE)
			return ck_fail(err, CK_NOT_FOUND, _("chưa thiết lập hội nghị; chạy 'checkin-admin init --event FILE'"));
		return store_sqlerr(st, err, _("không đọc được thông tin hội nghị"));
	}
	/* never cache what could not be read: SQLite may run out of memory
	 * handing over a value */
	const char *t = sql_text(s, 1);
	size_t n = sql_blob(s, 0, key, CODE_KEYLEN);
	if (st->lite && lite_lost(st)) {
		sql_reset(s);
		return ck_fail(err, CK_NOMEM, _("không đọc được thông tin hội nghị: hết bộ nhớ"));
	}
	if (n != CODE_KEYLEN || !t) {
		sql_reset(s);
		return ck_fail(err, CK_CORRUPT, _("khóa bí mật của hội nghị bị hỏng"));
	}
	snprintf(tag, CODE_TAGLEN + 1, "%s", t);
	sql_reset(s);
	memcpy(st->key, key, CODE_KEYLEN);
	memcpy(st->tag, tag, CODE_TAGLEN + 1);
	st->have_key = 1;
	return 0;
}
