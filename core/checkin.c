/* checkin.c - deciding and recording an arrival (see checkin.h).
 *
 *   payload --code_verify--> invalid / foreign          (no lookup needed)
 *           --lookup code--> unknown -> invalid, revoked -> revoked
 *           --live check-in?--> yes -> already (first time, station)
 *                               no  -> insert -> ok
 *
 * Each attempt is one BEGIN IMMEDIATE transaction that also appends to the
 * audit log, and the result is returned only after COMMIT. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checkin.h"
#include "clock.h"
#include "store_internal.h"

void checkin_outcome_release(struct checkin_outcome *out)
{
	if (out)
		delegate_release(&out->delegate);
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

/* With the transaction open and id on the roster: record the arrival
 * unless there is a live one, then read the delegate as it now stands. */
static int arrive_tx(store *st, int64_t id, const char *station, enum checkin_method method, int64_t now,
                     struct checkin_outcome *out, ck_err *err)
{
	sql_stmt *s = store_stmt(st, "SELECT 1 FROM checkin WHERE delegate_id = ? AND undone_at IS NULL", err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, id);
	int rc = sql_step(s);
	sql_reset(s);
	if (rc != SQL_ROW && rc != SQL_DONE)
		return store_sqlerr(st, err, "cannot read check-ins");
	if (rc == SQL_ROW) {
		out->result = CHECKIN_ALREADY;
	} else {
		s = store_stmt(st, "INSERT INTO checkin(delegate_id, at, station, method) VALUES (?, ?, ?, ?)", err);
		if (!s)
			return -1;
		sql_bind_int64(s, 1, id);
		sql_bind_int64(s, 2, now);
		sql_bind_text(s, 3, station);
		sql_bind_text(s, 4, method_name(method));
		if (sql_step(s) != SQL_DONE)
			return store_sqlerr(st, err, "cannot record the check-in");
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
		return store_sqlerr(st, err, "cannot look up the code");
	return found;
}

static int audit_outcome(store *st, const struct checkin_outcome *out, int64_t id, const char *station,
                         enum checkin_method method, int64_t now, const char *what, ck_err *err)
{
	char action[32], detail[96];
	snprintf(action, sizeof action, "scan-%s", checkin_result_name(out->result));
	snprintf(detail, sizeof detail, "%s %.80s", method_name(method), what ? what : "");
	return store_audit_tx(st, now, action, id, station, detail, err);
}

int checkin_code(store *st, const char *payload, const char *station, enum checkin_method method,
                 int64_t now_ms, struct checkin_outcome *out, ck_err *err)
{
	unsigned char key[CODE_KEYLEN];
	char tag[CODE_TAGLEN + 1], shortcode[CODE_SHORTLEN + 1];
	int by_short = 0, found;
	int64_t id = 0;

	memset(out, 0, sizeof *out);
	out->delegate.method = -1;
	out->result = CHECKIN_INVALID;
	if (store_event_key(st, key, tag, err) < 0)
		return -1;
	enum code_check check = code_verify(key, tag, payload);
	memset(key, 0, sizeof key);
	if (check != CODE_VALID && method == METHOD_MANUAL && code_short_parse(payload, shortcode) == 0) {
		by_short = 1;
		check = CODE_VALID;
	}
	if (store_begin(st, err) < 0)
		return -1;
	if (check == CODE_FOREIGN)
		out->result = CHECKIN_FOREIGN;
	if (check == CODE_VALID) {
		found = lookup_code(st, by_short ? shortcode : payload, by_short, &id, err);
		if (found < 0)
			goto fail;
		if (found == 2) {
			out->result = CHECKIN_REVOKED;
			/* a removed delegate's code is revoked too: then nobody to show */
			if (delegate_get(st, id, &out->delegate, err) < 0 && err && err->kind != CK_NOT_FOUND)
				goto fail;
		} else if (found == 1 && arrive_tx(st, id, station, method, now_ms, out, err) < 0) {
			goto fail;
		}
	}
	/* the audit keeps only a prefix of unknown payloads: they may be anything */
	if (audit_outcome(st, out, id, station, method, now_ms, by_short ? shortcode : payload, err) < 0 ||
	    store_commit(st, err) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(st);
	checkin_outcome_release(out);
	memset(out, 0, sizeof *out);
	return -1;
}

int checkin_delegate(store *st, int64_t id, const char *station, enum checkin_method method, int64_t now_ms,
                     struct checkin_outcome *out, ck_err *err)
{
	memset(out, 0, sizeof *out);
	out->delegate.method = -1;
	if (store_begin(st, err) < 0)
		return -1;
	sql_stmt *s = store_stmt(st, "SELECT 1 FROM delegate WHERE id = ? AND removed_at IS NULL", err);
	if (!s)
		goto fail;
	sql_bind_int64(s, 1, id);
	int rc = sql_step(s);
	sql_reset(s);
	if (rc != SQL_ROW && rc != SQL_DONE) {
		store_sqlerr(st, err, "cannot read the roster");
		goto fail;
	}
	if (rc == SQL_DONE) {
		ck_fail(err, CK_NOT_FOUND, "no delegate with id %lld", (long long)id);
		goto fail;
	}
	if (arrive_tx(st, id, station, method, now_ms, out, err) < 0 ||
	    audit_outcome(st, out, id, station, method, now_ms, "by id", err) < 0 || store_commit(st, err) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(st);
	checkin_outcome_release(out);
	memset(out, 0, sizeof *out);
	return -1;
}

int checkin_undo(store *st, int64_t delegate_id, const char *station, int64_t now_ms, struct delegate *undone,
                 ck_err *err)
{
	struct delegate d;
	memset(&d, 0, sizeof d);
	if (store_begin(st, err) < 0)
		return -1;
	if (delegate_get(st, delegate_id, &d, err) < 0)
		goto fail;
	sql_stmt *s = store_stmt(st, "UPDATE checkin SET undone_at = ?, undone_station = ?"
	                                 " WHERE delegate_id = ? AND undone_at IS NULL", err);
	if (!s)
		goto fail;
	sql_bind_int64(s, 1, now_ms);
	sql_bind_text(s, 2, station);
	sql_bind_int64(s, 3, delegate_id);
	if (sql_step(s) != SQL_DONE) {
		store_sqlerr(st, err, "cannot undo the check-in");
		goto fail;
	}
	if (sql_changes(s) == 0) {
		ck_fail(err, CK_STATE, "'%s' has not checked in", d.name);
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
		return store_sqlerr(st, err, "cannot read check-ins");
	return 0;
}
