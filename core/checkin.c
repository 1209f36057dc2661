/* checkin.c - deciding and recording an arrival (see checkin.h).
 *
 *   payload --code_strip, code_verify--> invalid / foreign  (no lookup needed)
 *           --lookup code--> unknown -> invalid, revoked -> revoked
 *           --live check-in?--> yes -> already (first time, station)
 *                               no  -> insert -> ok
 *
 * Each attempt is one transaction that holds the delegate and also
 * appends to the audit log (with the scan's nonce), and the result is
 * returned only after COMMIT. A nonce already in the log returns what was
 * recorded then. checkin_replay applies a door's offline scans on the
 * server with the same lookups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "checkin.h"
#include "clock.h"
#include "i18n.h"
#include "store_internal.h"

void checkin_outcome_release(struct checkin_outcome *out)
{
	if (out)
		delegate_release(&out->delegate);
}

enum checkin_revoked checkin_revoked_why(const struct checkin_outcome *out)
{
	if (!out->delegate.id)
		return REVOKED_REMOVED;
	return out->delegate.code ? REVOKED_REPLACED : REVOKED_VOIDED;
}

int checkin_result_parse(const char *name)
{
	for (int r = CHECKIN_OK; r <= CHECKIN_INVALID; r++)
		if (name && !strcmp(name, checkin_result_name((enum checkin_result)r)))
			return r;
	return -1;
}

const char *checkin_result_name(enum checkin_result r)
{
	switch (r) {
	case CHECKIN_OK: return "ok";
	case CHECKIN_ALREADY: return "already";
	case CHECKIN_REVOKED: return "revoked";
	case CHECKIN_FOREIGN: return "foreign";
	case CHECKIN_INVALID: return "invalid";
	}
	return "?";
}

void checkin_nonce(char buf[CHECKIN_NONCE_LEN + 1])
{
	unsigned char raw[CHECKIN_NONCE_LEN / 2];
	if (sodium_init() < 0) /* idempotent; randombytes still reads the kernel without it */
		(void)0;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(buf, CHECKIN_NONCE_LEN + 1, raw, sizeof raw);
}

void outbox_entry_release(struct outbox_entry *e)
{
	if (!e)
		return;
	free(e->payload);
	free(e->station);
	memset(e, 0, sizeof *e);
}

/* The result an audit action records ("scan-ok" -> ok; a repeat was admitted before). */
static int result_of_action(const char *action)
{
	if (!action || strncmp(action, "scan-", 5) != 0)
		return -1;
	if (!strcmp(action, "scan-repeat-offline"))
		return CHECKIN_ALREADY;
	return checkin_result_parse(action + 5);
}

/* Whether nonce is already in the log: 1 (with its result and delegate), 0 not, -1 failed. */
static int seen_nonce(store *st, const char *nonce, int *result, int64_t *id, ck_err *err)
{
	sql_stmt *s = store_stmt(st, "SELECT action, delegate_id FROM audit WHERE nonce = ?", err);
	if (!s)
		return -1;
	sql_bind_text(s, 1, nonce);
	int rc = sql_step(s);
	if (rc == SQL_ROW) {
		*result = result_of_action(sql_text(s, 0));
		*id = sql_int64(s, 1);
	}
	sql_reset(s);
	if (rc != SQL_ROW && rc != SQL_DONE)
		return store_sqlerr(st, err, _("không đọc được nhật ký thao tác"));
	return rc == SQL_ROW;
}

/* The live check-in of delegate id: 1 found (at, nonce into buf), 0 none, -1 failed. */
static int live_checkin(store *st, int64_t id, int64_t *at, int64_t *row, char nonce[CHECKIN_NONCE_LEN + 1],
                        ck_err *err)
{
	sql_stmt *s = store_stmt(st, "SELECT id, at, nonce FROM checkin WHERE delegate_id = ? AND undone_at IS NULL", err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, id);
	int rc = sql_step(s);
	if (rc == SQL_ROW) {
		*row = sql_int64(s, 0);
		*at = sql_int64(s, 1);
		snprintf(nonce, CHECKIN_NONCE_LEN + 1, "%s", sql_text(s, 2) ? sql_text(s, 2) : "");
	}
	sql_reset(s);
	if (rc != SQL_ROW && rc != SQL_DONE)
		return store_sqlerr(st, err, _("không đọc được các lượt điểm danh"));
	return rc == SQL_ROW;
}

static int insert_checkin(store *st, int64_t id, int64_t at, const char *station, enum checkin_method method,
                          const char *nonce, const char *flag, ck_err *err)
{
	sql_stmt *s = store_stmt(st, "INSERT INTO checkin(delegate_id, at, station, method, nonce, flag)"
	                             " VALUES (?, ?, ?, ?, ?, ?)", err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, id);
	sql_bind_int64(s, 2, at);
	sql_bind_text(s, 3, station);
	sql_bind_text(s, 4, method_name(method));
	sql_bind_text(s, 5, nonce);
	sql_bind_text(s, 6, flag);
	if (sql_step(s) != SQL_DONE)
		return store_sqlerr(st, err, _("không ghi được lượt điểm danh"));
	return 0;
}

/* With the transaction open and id on the roster: hold the delegate,
 * record the arrival unless there is a live one, then read the delegate
 * as it now stands. */
static int arrive_tx(store *st, int64_t id, const struct checkin_req *req, const char *nonce,
                     struct checkin_outcome *out, ck_err *err)
{
	int64_t at, row;
	char other[CHECKIN_NONCE_LEN + 1];
	if (store_lock_delegate(st, id, err) < 0)
		return -1;
	int live = live_checkin(st, id, &at, &row, other, err);
	if (live < 0)
		return -1;
	if (live) {
		out->result = CHECKIN_ALREADY;
	} else {
		if (insert_checkin(st, id, req->at_ms, req->station, req->method, nonce, NULL, err) < 0)
			return -1;
		out->result = CHECKIN_OK;
	}
	return delegate_get(st, id, &out->delegate, err);
}

/* Which delegate a code belongs to: 1 current, 2 revoked, 0 unknown. */
static int lookup_code(store *st, const char *code, int by_short, int64_t *id, ck_err *err)
{
	sql_stmt *s = store_stmt(st, by_short
		? "SELECT c.delegate_id, c.revoked_at IS NOT NULL OR d.removed_at IS NOT NULL FROM code c"
		  " JOIN delegate d ON d.id = c.delegate_id WHERE c.short = ? ORDER BY c.revoked_at IS NOT NULL LIMIT 1"
		: "SELECT c.delegate_id, c.revoked_at IS NOT NULL OR d.removed_at IS NOT NULL FROM code c"
		  " JOIN delegate d ON d.id = c.delegate_id WHERE c.code = ?", err);
	if (!s)
		return -1;
	sql_bind_text(s, 1, code);
	int rc = sql_step(s), found = 0;
	if (rc == SQL_ROW) {
		*id = sql_int64(s, 0);
		found = sql_int(s, 1) ? 2 : 1;
	}
	sql_reset(s);
	if (rc != SQL_ROW && rc != SQL_DONE)
		return store_sqlerr(st, err, _("không tra được mã"));
	return found;
}

static int audit_outcome(store *st, enum checkin_result result, int64_t id, const struct checkin_req *req,
                         const char *what, const char *nonce, ck_err *err)
{
	char action[32], detail[96];
	snprintf(action, sizeof action, "scan-%s", checkin_result_name(result));
	snprintf(detail, sizeof detail, "%s %.80s", method_name(req->method), what ? what : "");
	return store_audit_nonce_tx(st, req->at_ms, action, id, req->station, detail, nonce, err);
}

static int outbox_tx(store *st, const struct checkin_req *req, const char *payload, const char *nonce, int64_t id,
                     enum checkin_result result, ck_err *err)
{
	sql_stmt *s = store_stmt(st, "INSERT INTO outbox(nonce, payload, delegate_id, station, at, method, result)"
	                             " VALUES (?, ?, ?, ?, ?, ?, ?)", err);
	if (!s)
		return -1;
	sql_bind_text(s, 1, nonce);
	sql_bind_text(s, 2, payload);
	if (id > 0)
		sql_bind_int64(s, 3, id);
	else
		sql_bind_null(s, 3);
	sql_bind_text(s, 4, req->station);
	sql_bind_int64(s, 5, req->at_ms);
	sql_bind_text(s, 6, method_name(req->method));
	sql_bind_text(s, 7, checkin_result_name(result));
	if (sql_step(s) != SQL_DONE)
		return store_sqlerr(st, err, _("không ghi được vào hàng đợi gửi"));
	return 0;
}

int checkin_record(store *st, const struct checkin_req *req, struct checkin_outcome *out, ck_err *err)
{
	unsigned char key[CODE_KEYLEN];
	char tag[CODE_TAGLEN + 1], shortcode[CODE_SHORTLEN + 1], made[CHECKIN_NONCE_LEN + 1], code[CODE_LEN + 1];
	const char *nonce = req->nonce, *payload = req->payload;
	enum code_check check = CODE_VALID;
	int by_short = 0, found, seen, prior = -1;
	int64_t id = 0;

	memset(out, 0, sizeof *out);
	out->delegate.method = -1;
	out->result = CHECKIN_INVALID;
	if (!nonce) {
		checkin_nonce(made);
		nonce = made;
	}
	if (payload) {
		/* blanks around a code are not part of it (code_strip) */
		size_t n;
		const char *bare = code_strip(payload, &n);
		if (n == CODE_LEN) {
			memcpy(code, bare, n);
			code[n] = '\0';
			payload = code;
		}
		if (store_event_key(st, key, tag, err) < 0)
			return -1;
		check = code_verify(key, tag, payload);
		memset(key, 0, sizeof key);
		if (check != CODE_VALID && req->method == METHOD_MANUAL && code_short_parse(payload, shortcode) == 0) {
			by_short = 1;
			check = CODE_VALID;
		}
	}
	if (store_begin_shared(st, err) < 0)
		return -1;
	/* the same scan again (a retry whose first answer was lost): as recorded */
	if ((seen = seen_nonce(st, nonce, &prior, &id, err)) < 0)
		goto fail;
	if (seen) {
		out->result = prior >= 0 ? (enum checkin_result)prior : CHECKIN_INVALID;
		if (id > 0 && delegate_get(st, id, &out->delegate, err) < 0 && err && err->kind != CK_NOT_FOUND)
			goto fail;
		if (store_commit(st, err) < 0)
			goto fail;
		return 0;
	}
	if (!payload) {
		id = req->delegate_id;
		sql_stmt *s = store_stmt(st, "SELECT 1 FROM delegate WHERE id = ? AND removed_at IS NULL", err);
		if (!s)
			goto fail;
		sql_bind_int64(s, 1, id);
		int rc = sql_step(s);
		sql_reset(s);
		if (rc != SQL_ROW && rc != SQL_DONE) {
			store_sqlerr(st, err, _("không đọc được danh sách đại biểu"));
			goto fail;
		}
		if (rc == SQL_DONE) {
			ck_fail(err, CK_NOT_FOUND, _("không có đại biểu mã %lld"), (long long)id);
			goto fail;
		}
		if (arrive_tx(st, id, req, nonce, out, err) < 0)
			goto fail;
	} else if (check == CODE_FOREIGN) {
		out->result = CHECKIN_FOREIGN;
	} else if (check == CODE_VALID) {
		found = lookup_code(st, by_short ? shortcode : payload, by_short, &id, err);
		if (found < 0)
			goto fail;
		/* On PostgreSQL nothing held the delegate during that lookup (the
		 * code names it): a removal or revocation that commits while this
		 * waits for the delegate must still decide, so look again holding
		 * it. (SQLite's writer lock already covers the lookup.) */
		if (found == 1 && store_is_remote(st) &&
		    (store_lock_delegate(st, id, err) < 0 ||
		     (found = lookup_code(st, by_short ? shortcode : payload, by_short, &id, err)) < 0))
			goto fail;
		if (found == 2) {
			out->result = CHECKIN_REVOKED;
			/* a removed delegate's code is revoked too: then nobody to show */
			if (delegate_get(st, id, &out->delegate, err) < 0 && err && err->kind != CK_NOT_FOUND)
				goto fail;
		} else if (found == 1 && arrive_tx(st, id, req, nonce, out, err) < 0) {
			goto fail;
		}
	}
	/* the audit keeps only a prefix of unknown payloads: they may be anything */
	if (audit_outcome(st, out->result, id, req, payload ? (by_short ? shortcode : payload) : "by id", nonce,
	                  err) < 0)
		goto fail;
	if (req->outbox && outbox_tx(st, req, payload, nonce, id, out->result, err) < 0)
		goto fail;
	if (store_commit(st, err) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(st);
	checkin_outcome_release(out);
	memset(out, 0, sizeof *out);
	out->delegate.method = -1;
	return -1;
}

/* A rehearsal of checkin_record on a real delegate, rolled back: every
 * statement of a check-in is prepared and run once and the pages it reads
 * are in the cache, so that the first delegate at the door does not pay
 * for it. Nothing is committed. On PostgreSQL only the reads are run (a
 * rolled-back insert there still spends a sequence number). It does not
 * wait for another writer's lock (CK_BUSY then). */
int checkin_warm(store *st, const char *station, ck_err *err)
{
	char nonce[CHECKIN_NONCE_LEN + 1];
	unsigned char key[CODE_KEYLEN];
	char tag[CODE_TAGLEN + 1];
	int prior = -1, rc = -1;
	int64_t id = 0, none = 0;
	struct checkin_outcome out = {.delegate.method = -1};
	struct checkin_req req = {.payload = "", .station = station ? station : "", .method = METHOD_CAMERA,
	                          .at_ms = clock_now_ms()};

	checkin_nonce(nonce);
	if (store_event_key(st, key, tag, err) < 0)
		return -1;
	memset(key, 0, sizeof key);
	store_busy_wait(st, 0); /* another door writing: no rehearsal rather than a wait */
	if ((store_is_remote(st) ? store_read_begin(st, err) : store_begin_shared(st, err)) < 0) {
		store_busy_wait(st, -1);
		return -1;
	}
	if (seen_nonce(st, nonce, &prior, &none, err) < 0 || lookup_code(st, nonce, 0, &none, err) < 0 ||
	    lookup_code(st, nonce, 1, &none, err) < 0)
		goto out;
	sql_stmt *s = store_stmt(st, "SELECT id FROM delegate WHERE removed_at IS NULL ORDER BY id LIMIT 1", err);
	if (!s)
		goto out;
	if (sql_step(s) == SQL_ROW)
		id = sql_int64(s, 0);
	sql_reset(s);
	if (id && store_is_remote(st)) {
		int64_t at, row;
		char other[CHECKIN_NONCE_LEN + 1];
		if (live_checkin(st, id, &at, &row, other, err) < 0 || delegate_get(st, id, &out.delegate, err) < 0)
			goto out;
	} else if (id) {
		if (arrive_tx(st, id, &req, nonce, &out, err) < 0 ||
		    audit_outcome(st, out.result, id, &req, "warm-up", nonce, err) < 0 ||
		    outbox_tx(st, &req, "warm-up", nonce, id, out.result, err) < 0)
			goto out;
	}
	rc = 0;
out:
	store_rollback(st);
	store_busy_wait(st, -1);
	checkin_outcome_release(&out);
	return rc;
}

int checkin_code(store *st, const char *payload, const char *station, enum checkin_method method,
                 int64_t now_ms, struct checkin_outcome *out, ck_err *err)
{
	struct checkin_req req = {.payload = payload ? payload : "", .station = station, .method = method,
	                          .at_ms = now_ms};
	return checkin_record(st, &req, out, err);
}

int checkin_delegate(store *st, int64_t id, const char *station, enum checkin_method method, int64_t now_ms,
                     struct checkin_outcome *out, ck_err *err)
{
	struct checkin_req req = {.delegate_id = id, .station = station, .method = method, .at_ms = now_ms};
	return checkin_record(st, &req, out, err);
}

/* Whether the server would refuse the code now: revoked, or the delegate removed. */
static int refused_now(store *st, const struct outbox_entry *e, ck_err *err)
{
	int64_t id = 0;
	char shortcode[CODE_SHORTLEN + 1];
	if (e->payload && *e->payload) {
		int by_short = e->method == METHOD_MANUAL && code_short_parse(e->payload, shortcode) == 0 &&
		               strlen(e->payload) < CODE_LEN;
		int found = lookup_code(st, by_short ? shortcode : e->payload, by_short, &id, err);
		if (found < 0)
			return -1;
		return found != 1;
	}
	sql_stmt *s = store_stmt(st, "SELECT removed_at IS NOT NULL FROM delegate WHERE id = ?", err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, e->delegate_id);
	int rc = sql_step(s), removed = rc == SQL_ROW ? sql_int(s, 0) : 1;
	sql_reset(s);
	if (rc != SQL_ROW && rc != SQL_DONE)
		return store_sqlerr(st, err, _("không đọc được danh sách đại biểu"));
	return removed;
}

int checkin_replay(store *st, const struct outbox_entry *e, ck_err *err)
{
	struct checkin_req req = {.payload = e->payload, .delegate_id = e->delegate_id, .station = e->station,
	                          .method = e->method, .at_ms = e->at_ms, .nonce = e->nonce};
	char other[CHECKIN_NONCE_LEN + 1], detail[160], when[16];
	int64_t id = 0, at = 0, row = 0;
	int prior, seen, live, refused;
	const char *what = e->payload ? e->payload : "by id";

	if (store_begin_shared(st, err) < 0)
		return -1;
	if ((seen = seen_nonce(st, e->nonce, &prior, &id, err)) < 0)
		goto fail;
	if (seen) /* replayed before (the door crashed before it could forget it) */
		return store_commit(st, err);
	if (e->result != CHECKIN_OK || e->delegate_id <= 0) {
		/* a refusal or a repeat at the door: into the log as it was */
		snprintf(detail, sizeof detail, "offline %.80s", what);
		if (audit_outcome(st, e->result, e->delegate_id, &req, detail, e->nonce, err) < 0)
			goto fail;
		return store_commit(st, err);
	}
	if (store_lock_delegate(st, e->delegate_id, err) < 0 || (refused = refused_now(st, e, err)) < 0 ||
	    (live = live_checkin(st, e->delegate_id, &at, &row, other, err)) < 0)
		goto fail;
	const char *flag = refused ? "revoked-offline" : NULL;
	if (!live) {
		if (insert_checkin(st, e->delegate_id, e->at_ms, e->station, e->method, e->nonce, flag, err) < 0)
			goto fail;
		snprintf(detail, sizeof detail, "offline%s %.80s", refused ? " revoked" : "", what);
		if (audit_outcome(st, CHECKIN_OK, e->delegate_id, &req, detail, e->nonce, err) < 0)
			goto fail;
		return store_commit(st, err);
	}
	if (at <= e->at_ms) { /* the other door was first: this one is a repeat */
		clock_local(at, "%H:%M:%S", when, sizeof when);
		snprintf(detail, sizeof detail, "while offline; first at %s %.80s", when, what);
		if (store_audit_nonce_tx(st, e->at_ms, "scan-repeat-offline", e->delegate_id, e->station, detail,
		                         e->nonce, err) < 0)
			goto fail;
		return store_commit(st, err);
	}
	/* this door was first: its arrival stands, the other becomes the repeat */
	sql_stmt *s = store_stmt(st, "UPDATE checkin SET at = ?, station = ?, method = ?, nonce = ?, flag = ?"
	                             " WHERE id = ?", err);
	if (!s)
		goto fail;
	sql_bind_int64(s, 1, e->at_ms);
	sql_bind_text(s, 2, e->station);
	sql_bind_text(s, 3, method_name(e->method));
	sql_bind_text(s, 4, e->nonce);
	sql_bind_text(s, 5, flag);
	sql_bind_int64(s, 6, row);
	if (sql_step(s) != SQL_DONE) {
		store_sqlerr(st, err, _("không ghi được lượt điểm danh"));
		goto fail;
	}
	snprintf(detail, sizeof detail, "offline%s %.80s", refused ? " revoked" : "", what);
	if (audit_outcome(st, CHECKIN_OK, e->delegate_id, &req, detail, e->nonce, err) < 0)
		goto fail;
	clock_local(e->at_ms, "%H:%M:%S", when, sizeof when);
	snprintf(detail, sizeof detail, "while offline; first at %s at %.40s; nonce %s", when, e->station, other);
	if (store_audit_tx(st, at, "repeat-offline", e->delegate_id, NULL, detail, err) < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

int checkin_undo(store *st, int64_t delegate_id, const char *station, int64_t now_ms, struct delegate *undone,
                 ck_err *err)
{
	struct delegate d;
	memset(&d, 0, sizeof d);
	if (store_begin_shared(st, err) < 0)
		return -1;
	if (store_lock_delegate(st, delegate_id, err) < 0 || delegate_get(st, delegate_id, &d, err) < 0)
		goto fail;
	sql_stmt *s = store_stmt(st, "UPDATE checkin SET undone_at = ?, undone_station = ?"
	                                 " WHERE delegate_id = ? AND undone_at IS NULL", err);
	if (!s)
		goto fail;
	sql_bind_int64(s, 1, now_ms);
	sql_bind_text(s, 2, station);
	sql_bind_int64(s, 3, delegate_id);
	if (sql_step(s) != SQL_DONE) {
		store_sqlerr(st, err, _("không hủy được lượt điểm danh"));
		goto fail;
	}
	if (sql_changes(s) == 0) {
		ck_fail(err, CK_STATE, _("'%s' chưa điểm danh"), d.name);
		goto fail;
	}
	if (store_audit_tx(st, now_ms, "undo", delegate_id, station, NULL, err) < 0 || store_commit(st, err) < 0)
		goto fail;
	d.arrived_at = 0; /* as it now stands */
	free(d.station);
	d.station = NULL;
	d.method = -1;
	if (undone)
		*undone = d;
	else
		delegate_release(&d);
	return 0;
fail:
	store_rollback(st);
	if (undone)
		*undone = d;
	else
		delegate_release(&d);
	return -1;
}

int checkin_last(store *st, const char *station, int64_t *id, ck_err *err)
{
	sql_stmt *s = store_stmt(st, "SELECT delegate_id FROM checkin WHERE undone_at IS NULL"
	                                 " AND (?1 IS NULL OR station = ?1) ORDER BY at DESC, id DESC LIMIT 1", err);
	*id = 0;
	if (!s)
		return -1;
	sql_bind_text(s, 1, station);
	int rc = sql_step(s);
	if (rc == SQL_ROW)
		*id = sql_int64(s, 0);
	sql_reset(s);
	if (rc != SQL_ROW && rc != SQL_DONE)
		return store_sqlerr(st, err, _("không đọc được các lượt điểm danh"));
	return 0;
}
