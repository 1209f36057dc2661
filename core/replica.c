/* replica.c - a door's copy of the server and its outbox (see replica.h).
 *
 * The pull asks the server, in one read-only snapshot, for every row
 * written by a transaction at or after the oldest one that was still
 * running at the previous pull (seq holds the writer's transaction id;
 * txid_snapshot_xmin names the oldest running one). Rows may come twice;
 * they are upserted, so that costs nothing, while a transaction that
 * committed late is never skipped. The local copy is written in one
 * transaction, so a kiosk killed mid-pull keeps the previous copy. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "checkin.h"
#include "clock.h"
#include "i18n.h"
#include "replica.h"
#include "store_internal.h"

static int mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		int rc = mkdir(path, 0700);
		*p = '/';
		if (rc < 0 && errno != EEXIST)
			return -1;
	}
	return mkdir(path, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

int replica_default_path(const char *server, const char *station, char *buf, size_t len, ck_err *err)
{
	char dir[3000], hex[17];
	unsigned char h[8];
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	if (state && *state)
		snprintf(dir, sizeof dir, "%s/checkin", state);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.local/state/checkin", home);
	else
		return ck_fail(err, CK_INVALID, _("chưa đặt XDG_STATE_HOME hay HOME; hãy cho biết chỗ để bản sao"));
	crypto_generichash(h, sizeof h, (const unsigned char *)server, strlen(server), NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	if (mkdirs(dir) < 0)
		return ck_fail(err, CK_IO, _("không tạo được '%s': %s"), dir, strerror(errno));
	if (snprintf(buf, len, "%s/%s-%s.db", dir, station, hex) >= (int)len)
		return ck_fail(err, CK_INVALID, _("đường dẫn của bản sao dài quá"));
	return 0;
}

int replica_outbox_count(store *local, int64_t *n, int64_t *oldest_ms, ck_err *err)
{
	sql_stmt *s = store_stmt(local, "SELECT COUNT(*), COALESCE(MIN(at), 0) FROM outbox", err);
	*n = 0;
	if (oldest_ms)
		*oldest_ms = 0;
	if (!s)
		return -1;
	int rc = sql_step(s);
	if (rc == SQL_ROW) {
		*n = sql_int64(s, 0);
		if (oldest_ms)
			*oldest_ms = sql_int64(s, 1);
	}
	sql_reset(s);
	if (rc != SQL_ROW)
		return store_sqlerr(local, err, _("không đọc được hàng đợi gửi"));
	return 0;
}

/* --- pull --- */

static int get_value(store *local, const char *key, int64_t *v, ck_err *err)
{
	sql_stmt *s = store_stmt(local, "SELECT value FROM replica WHERE key = ?", err);
	*v = 0;
	if (!s)
		return -1;
	sql_bind_text(s, 1, key);
	int rc = sql_step(s);
	if (rc == SQL_ROW && sql_text(s, 0))
		*v = atoll(sql_text(s, 0));
	sql_reset(s);
	if (rc != SQL_ROW && rc != SQL_DONE)
		return store_sqlerr(local, err, _("không đọc được bản sao"));
	return 0;
}

static int set_value(store *local, const char *key, int64_t v, ck_err *err)
{
	char buf[24];
	sql_stmt *s = store_stmt(local, "INSERT INTO replica(key, value) VALUES (?, ?)"
	                                " ON CONFLICT(key) DO UPDATE SET value = excluded.value", err);
	if (!s)
		return -1;
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	sql_bind_text(s, 1, key);
	sql_bind_text(s, 2, buf);
	if (sql_step(s) != SQL_DONE)
		return store_sqlerr(local, err, _("không ghi được bản sao"));
	return 0;
}

/* Copy column c of a remote row into parameter p of a local statement. */
static void copy_text(sql_stmt *to, int p, sql_stmt *from, int c)
{
	sql_bind_text(to, p, sql_text(from, c));
}

static void copy_int(sql_stmt *to, int p, sql_stmt *from, int c)
{
	if (sql_isnull(from, c))
		sql_bind_null(to, p);
	else
		sql_bind_int64(to, p, sql_int64(from, c));
}

/* Run an upsert of local once per row of a remote query. */
#define EACH_ROW(remote, q, body)                                                  \
	do {                                                                       \
		int rc_;                                                           \
		while ((rc_ = sql_step(q)) == SQL_ROW) {                           \
			body                                                       \
		}                                                                  \
		sql_reset(q);                                                      \
		if (rc_ != SQL_DONE) {                                             \
			store_sqlerr(remote, err, _("không đọc được từ máy chủ"));  \
			goto fail;                                                 \
		}                                                                  \
	} while (0)

static int step_done(store *local, sql_stmt *u, ck_err *err)
{
	if (sql_step(u) != SQL_DONE)
		return store_sqlerr(local, err, _("không ghi được bản sao"));
	return 0;
}

/* Forget everything of another event (nothing is waiting to be sent). */
static int wipe(store *local, ck_err *err)
{
	return store_exec(local, "DELETE FROM checkin; DELETE FROM code; DELETE FROM substitute; DELETE FROM delegate; DELETE FROM event;"
	                         " DELETE FROM replica; DELETE FROM audit", err);
}

int replica_pull(store *remote, store *local, ck_err *err)
{
	int64_t waiting, last, xmin = 0;
	sql_stmt *q, *u;
	char rtag[16] = "", ltag[16] = "";
	int remote_open = 0, local_open = 0;

	if (replica_outbox_count(local, &waiting, NULL, err) < 0)
		return -1;
	if (waiting)
		return ck_fail(err, CK_STATE, P_("%lld lượt điểm danh vẫn đang chờ gửi", "%lld lượt điểm danh vẫn đang chờ gửi",
		                                     (unsigned long)waiting), (long long)waiting);
	if (get_value(local, "xmin", &last, err) < 0)
		return -1;
	if (store_read_begin(remote, err) < 0)
		return -1;
	remote_open = 1;
	if (!(q = store_stmt(remote, "SELECT txid_snapshot_xmin(txid_current_snapshot()), (SELECT tag FROM event)", err)))
		goto fail;
	if (sql_step(q) != SQL_ROW) {
		sql_reset(q);
		store_sqlerr(remote, err, _("không đọc được từ máy chủ"));
		goto fail;
	}
	xmin = sql_int64(q, 0);
	snprintf(rtag, sizeof rtag, "%s", sql_text(q, 1) ? sql_text(q, 1) : "");
	sql_reset(q);
	if (!*rtag) {
		ck_fail(err, CK_NOT_FOUND, _("máy chủ chưa có hội nghị; chạy 'checkin-admin init --event FILE'"));
		goto fail;
	}
	if (!(q = store_stmt(local, "SELECT tag FROM event", err)))
		goto fail;
	if (sql_step(q) == SQL_ROW)
		snprintf(ltag, sizeof ltag, "%s", sql_text(q, 0));
	sql_reset(q);
	if (store_begin(local, err) < 0)
		goto fail;
	local_open = 1;
	if (*ltag && strcmp(ltag, rtag) != 0) { /* the server now holds another event */
		if (wipe(local, err) < 0)
			goto fail;
		store_forget_key(local);
		last = 0;
	}

	q = store_stmt(remote, "SELECT title, organizer, venue, address, date, start, end_time, doors_open, timezone,"
	                       " tag, staff_pin, expected, secret, created_at, updated_at, speech FROM event WHERE seq >= ?", err);
	u = store_stmt(local, "INSERT INTO event(id, title, organizer, venue, address, date, start, end_time,"
	                      " doors_open, timezone, tag, staff_pin, expected, secret, created_at, updated_at, speech)"
	                      " VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
	                      " ON CONFLICT(id) DO UPDATE SET title = ?1, organizer = ?2, venue = ?3, address = ?4,"
	                      " date = ?5, start = ?6, end_time = ?7, doors_open = ?8, timezone = ?9, tag = ?10,"
	                      " staff_pin = ?11, expected = ?12, secret = ?13, updated_at = ?15, speech = ?16", err);
	if (!q || !u)
		goto fail;
	sql_bind_int64(q, 1, last);
	EACH_ROW(remote, q, {
		unsigned char key[64];
		size_t n = sql_blob(q, 12, key, sizeof key);
		sql_reset(u);
		for (int c = 0; c < 11; c++)
			copy_text(u, c + 1, q, c);
		copy_int(u, 12, q, 11);
		sql_bind_blob(u, 13, key, n < sizeof key ? n : sizeof key);
		copy_int(u, 14, q, 13);
		copy_int(u, 15, q, 14);
		copy_int(u, 16, q, 15);
		sodium_memzero(key, sizeof key);
		if (step_done(local, u, err) < 0) {
			sql_reset(q);
			goto fail;
		}
	});

	q = store_stmt(remote, "SELECT id, name, title, organization, category, district, roles, seat, phone, email,"
	                       " name_key, org_key, category_key, created_at, updated_at, removed_at"
	                       " FROM delegate WHERE seq >= ? ORDER BY seq", err);
	u = store_stmt(local, "INSERT INTO delegate(id, name, title, organization, category, district, roles, seat,"
	                      " phone, email, name_key, org_key, category_key, created_at, updated_at, removed_at)"
	                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
	                      " ON CONFLICT(id) DO UPDATE SET name = ?2, title = ?3, organization = ?4, category = ?5,"
	                      " district = ?6, roles = ?7, seat = ?8, phone = ?9, email = ?10, name_key = ?11,"
	                      " org_key = ?12, category_key = ?13, updated_at = ?15, removed_at = ?16", err);
	if (!q || !u)
		goto fail;
	sql_bind_int64(q, 1, last);
	EACH_ROW(remote, q, {
		sql_reset(u);
		copy_int(u, 1, q, 0);
		for (int c = 1; c < 6; c++)
			copy_text(u, c + 1, q, c);
		copy_int(u, 7, q, 6);
		for (int c = 7; c < 13; c++)
			copy_text(u, c + 1, q, c);
		for (int c = 13; c < 16; c++)
			copy_int(u, c + 1, q, c);
		if (step_done(local, u, err) < 0) {
			sql_reset(q);
			goto fail;
		}
	});

	/* a reissue revokes the old code before it inserts the new one: in seq order */
	q = store_stmt(remote, "SELECT code, short, delegate_id, issued_at, revoked_at, printed_at"
	                       " FROM code WHERE seq >= ? ORDER BY seq", err);
	u = store_stmt(local, "INSERT INTO code(code, short, delegate_id, issued_at, revoked_at, printed_at)"
	                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	                      " ON CONFLICT(code) DO UPDATE SET revoked_at = ?5, printed_at = ?6", err);
	if (!q || !u)
		goto fail;
	sql_bind_int64(q, 1, last);
	EACH_ROW(remote, q, {
		sql_reset(u);
		copy_text(u, 1, q, 0);
		copy_text(u, 2, q, 1);
		for (int c = 2; c < 6; c++)
			copy_int(u, c + 1, q, c);
		if (step_done(local, u, err) < 0) {
			sql_reset(q);
			goto fail;
		}
	});

	/* substitutes (đi thay), so that a door greets the deputy offline too;
	 * a cleared one is a row with cleared_at, copied like the others */
	q = store_stmt(remote, "SELECT delegate_id, name, title, organization, at, station, cleared_at"
	                       " FROM substitute WHERE seq >= ? ORDER BY seq", err);
	u = store_stmt(local, "INSERT INTO substitute(delegate_id, name, title, organization, at, station, cleared_at)"
	                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(delegate_id) DO UPDATE SET"
	                      " name = ?2, title = ?3, organization = ?4, at = ?5, station = ?6, cleared_at = ?7", err);
	if (!q || !u)
		goto fail;
	sql_bind_int64(q, 1, last);
	EACH_ROW(remote, q, {
		sql_reset(u);
		copy_int(u, 1, q, 0);
		for (int c = 1; c < 4; c++)
			copy_text(u, c + 1, q, c);
		copy_int(u, 5, q, 4);
		copy_text(u, 6, q, 5);
		copy_int(u, 7, q, 6);
		if (step_done(local, u, err) < 0) {
			sql_reset(q);
			goto fail;
		}
	});

	/* arrivals: the replica keeps each delegate's live one; undone ones first */
	q = store_stmt(remote, "SELECT delegate_id, at, station, method, nonce, flag, undone_at IS NULL"
	                       " FROM checkin WHERE seq >= ? ORDER BY undone_at IS NULL, seq", err);
	if (!q)
		goto fail;
	sql_bind_int64(q, 1, last);
	EACH_ROW(remote, q, {
		int live = sql_int(q, 6);
		u = store_stmt(local, live ? "DELETE FROM checkin WHERE delegate_id = ?1"
		                           : "DELETE FROM checkin WHERE delegate_id = ?1 AND undone_at IS NULL"
		                             " AND (nonce = ?2 OR (nonce IS NULL AND at = ?3))", err);
		if (!u) {
			sql_reset(q);
			goto fail;
		}
		copy_int(u, 1, q, 0);
		if (!live) {
			copy_text(u, 2, q, 4);
			copy_int(u, 3, q, 1);
		}
		if (step_done(local, u, err) < 0) {
			sql_reset(q);
			goto fail;
		}
		if (live) {
			u = store_stmt(local, "INSERT INTO checkin(delegate_id, at, station, method, nonce, flag)"
			                      " VALUES (?, ?, ?, ?, ?, ?)", err);
			if (!u) {
				sql_reset(q);
				goto fail;
			}
			copy_int(u, 1, q, 0);
			copy_int(u, 2, q, 1);
			for (int c = 2; c < 6; c++)
				copy_text(u, c + 1, q, c);
			if (step_done(local, u, err) < 0) {
				sql_reset(q);
				goto fail;
			}
		}
	});

	if (set_value(local, "xmin", xmin, err) < 0 || set_value(local, "pulled_at", clock_now_ms(), err) < 0)
		goto fail;
	if (store_commit(local, err) < 0) {
		local_open = 0;
		goto fail;
	}
	store_read_end(remote);
	return 0;
fail:
	if (local_open)
		store_rollback(local);
	if (remote_open)
		store_read_end(remote);
	return -1;
}

/* --- outbox --- */

static int method_of(const char *m)
{
	if (m && !strcmp(m, "camera"))
		return METHOD_CAMERA;
	if (m && !strcmp(m, "scanner"))
		return METHOD_SCANNER;
	return METHOD_MANUAL;
}

/* The oldest entry: 1 found, 0 empty, -1 failed. */
static int oldest(store *local, struct outbox_entry *e, ck_err *err)
{
	sql_stmt *s = store_stmt(local, "SELECT nonce, payload, delegate_id, station, method, at, result"
	                                " FROM outbox ORDER BY seq LIMIT 1", err);
	memset(e, 0, sizeof *e);
	if (!s)
		return -1;
	int rc = sql_step(s);
	if (rc == SQL_ROW) {
		snprintf(e->nonce, sizeof e->nonce, "%s", sql_text(s, 0));
		e->payload = sql_text_dup(s, 1);
		e->delegate_id = sql_int64(s, 2);
		e->station = sql_text_dup(s, 3);
		e->method = (enum checkin_method)method_of(sql_text(s, 4));
		e->at_ms = sql_int64(s, 5);
		int r = checkin_result_parse(sql_text(s, 6));
		e->result = r < 0 ? CHECKIN_INVALID : (enum checkin_result)r;
	}
	sql_reset(s);
	if (rc != SQL_ROW && rc != SQL_DONE)
		return store_sqlerr(local, err, _("không đọc được hàng đợi gửi"));
	if (rc == SQL_ROW && !e->station) {
		outbox_entry_release(e);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	}
	return rc == SQL_ROW;
}

/* A sent entry leaves the outbox, and, for an admission, the replica
 * takes the delegate's arrival as the server now has it: the scan may
 * have become a repeat of another door's earlier arrival, which no pull
 * would bring (the server's row did not change). One local commit. */
static int forget(store *remote, store *local, const struct outbox_entry *e, ck_err *err)
{
	sql_stmt *q = NULL, *u;
	int rc = SQL_DONE;
	if (e->delegate_id > 0 && e->result == CHECKIN_OK) {
		if (!(q = store_stmt(remote, "SELECT at, station, method, nonce, flag FROM checkin"
		                             " WHERE delegate_id = ? AND undone_at IS NULL", err)))
			return -1;
		sql_bind_int64(q, 1, e->delegate_id);
		rc = sql_step(q);
		if (rc != SQL_ROW && rc != SQL_DONE) {
			sql_reset(q);
			return store_sqlerr(remote, err, _("không đọc được từ máy chủ"));
		}
	}
	if (store_begin(local, err) < 0)
		goto out;
	if (!(u = store_stmt(local, "DELETE FROM outbox WHERE nonce = ?", err)))
		goto fail;
	sql_bind_text(u, 1, e->nonce);
	if (step_done(local, u, err) < 0)
		goto fail;
	if (q) {
		if (!(u = store_stmt(local, "DELETE FROM checkin WHERE delegate_id = ? AND undone_at IS NULL", err)))
			goto fail;
		sql_bind_int64(u, 1, e->delegate_id);
		if (step_done(local, u, err) < 0)
			goto fail;
	}
	if (q && rc == SQL_ROW) {
		if (!(u = store_stmt(local, "INSERT INTO checkin(delegate_id, at, station, method, nonce, flag)"
		                            " VALUES (?, ?, ?, ?, ?, ?)", err)))
			goto fail;
		sql_bind_int64(u, 1, e->delegate_id);
		copy_int(u, 2, q, 0);
		for (int c = 1; c < 5; c++)
			copy_text(u, c + 2, q, c);
		if (step_done(local, u, err) < 0)
			goto fail;
	}
	if (q)
		sql_reset(q);
	return store_commit(local, err);
fail:
	store_rollback(local);
out:
	if (q)
		sql_reset(q);
	return -1;
}

int replica_drain(store *local, store *remote, int max, int *sent, ck_err *err)
{
	struct outbox_entry e;
	*sent = 0;
	while (*sent < max) {
		int found = oldest(local, &e, err);
		if (found <= 0)
			return found;
		int rc = checkin_replay(remote, &e, err);
		if (rc == 0)
			rc = forget(remote, local, &e, err);
		outbox_entry_release(&e);
		if (rc < 0)
			return -1;
		(*sent)++;
	}
	return 0;
}

int replica_door_report(store *remote, const char *name, int64_t now_ms, int64_t offline_since, int64_t outbox,
                        ck_err *err)
{
	sql_stmt *s = store_stmt(remote, "INSERT INTO door(name, last_seen, online, offline_since, outbox)"
	                                 " VALUES (?1, ?2, 1, ?3, ?4) ON CONFLICT(name) DO UPDATE SET"
	                                 " last_seen = ?2, online = 1, offline_since = ?3, outbox = ?4", err);
	if (!s)
		return -1;
	sql_bind_text(s, 1, name);
	sql_bind_int64(s, 2, now_ms);
	if (offline_since > 0)
		sql_bind_int64(s, 3, offline_since);
	else
		sql_bind_null(s, 3);
	sql_bind_int64(s, 4, outbox);
	if (sql_step(s) != SQL_DONE)
		return store_sqlerr(remote, err, _("không báo được tình trạng cửa"));
	return 0;
}
