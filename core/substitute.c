/* substitute.c - deputies who come in a delegate's place (see substitute.h).
 *
 * Kept apart from delegate.c: a substitute is set by the office and by a
 * door's staff alike (a door may write this table and checkin, never the
 * roster), so it takes the check-ins' lock on the one delegate, not the
 * roster writers' lock. The text follows the roster's rules, reusing
 * delegate_validate, and is stored in NFC like an import. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "delegate.h"
#include "i18n.h"
#include "store_internal.h"
#include "substitute.h"
#include "text.h"

#define SUB_MAXLEN 400 /* bytes of any one field: a name plate holds one line */

int substitute_validate(const struct substitute *s, const char **field, ck_err *err)
{
	struct delegate probe = {.name = (char *)s->name, .title = (char *)s->title,
	                         .organization = (char *)s->organization, .method = -1};
	const char *names[] = {"name", "title", "organization"};
	const char *vals[] = {s->name, s->title, s->organization};
	for (int i = 0; i < 3; i++) {
		*field = names[i];
		if (vals[i] && !text_valid_utf8(vals[i], strlen(vals[i])))
			return ck_fail(err, CK_INVALID, _("không phải UTF-8 hợp lệ"));
		if (vals[i] && strlen(vals[i]) > SUB_MAXLEN)
			return ck_fail(err, CK_INVALID, _("dài quá %d byte"), SUB_MAXLEN);
	}
	*field = "name";
	char *n = s->name ? text_nfc(s->name, strlen(s->name)) : NULL;
	int empty = !n || !*n;
	free(n);
	if (empty)
		return ck_fail(err, CK_INVALID, _("cần tên người đi thay"));
	if (delegate_validate(&probe, field, err) < 0)
		return -1;
	*field = NULL;
	return 0;
}

/* The delegate's name (malloc'd), held against check-ins until the transaction ends. */
static int hold_tx(store *st, int64_t id, char **name, ck_err *err)
{
	*name = NULL;
	if (store_lock_delegate(st, id, err) < 0)
		return -1;
	sql_stmt *s = store_stmt(st, "SELECT name FROM delegate WHERE id = ? AND removed_at IS NULL", err);
	if (!s)
		return -1;
	sql_bind_int64(s, 1, id);
	int rc = sql_step(s);
	if (rc == SQL_ROW)
		*name = sql_text_dup(s, 0);
	sql_reset(s);
	if (rc == SQL_ROW)
		return *name ? 0 : ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	if (rc != SQL_DONE)
		return store_sqlerr(st, err, _("không đọc được đại biểu"));
	return ck_fail(err, CK_NOT_FOUND, _("không có đại biểu mã số %lld"), (long long)id);
}

/* NFC of an optional field, NULL for none or blank; *bad set when not UTF-8. */
static char *nfc_opt(const char *v, int *bad)
{
	if (!v)
		return NULL;
	char *n = text_nfc(v, strlen(v));
	if (!n) {
		*bad = 1;
		return NULL;
	}
	if (!*n) {
		free(n);
		return NULL;
	}
	return n;
}

static int set_tx(store *st, int64_t id, const char *name, const char *title, const char *org, const char *station,
                  int64_t now, ck_err *err)
{
	char *orig = NULL, *detail = NULL;
	int rc = -1;
	sql_stmt *s;
	size_t dlen;

	if (hold_tx(st, id, &orig, err) < 0)
		goto out;
	s = store_stmt(st, "INSERT INTO substitute(delegate_id, name, title, organization, at, station, cleared_at)"
	                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL) ON CONFLICT(delegate_id) DO UPDATE SET"
	                   " name = ?2, title = ?3, organization = ?4, at = ?5, station = ?6, cleared_at = NULL", err);
	if (!s)
		goto out;
	sql_bind_int64(s, 1, id);
	sql_bind_text(s, 2, name);
	sql_bind_text(s, 3, title);
	sql_bind_text(s, 4, org);
	sql_bind_int64(s, 5, now);
	sql_bind_text(s, 6, station);
	if (sql_step(s) != SQL_DONE) {
		store_sqlerr(st, err, _("không ghi được người đi thay"));
		goto out;
	}
	/* both people in the log: "DEPUTY (title, org) đi thay ORIGINAL" */
	dlen = strlen(name) + (title ? strlen(title) : 0) + (org ? strlen(org) : 0) + strlen(orig) + 32;
	if (!(detail = malloc(dlen))) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		goto out;
	}
	snprintf(detail, dlen, "%s%s%s%s%s%s đi thay %s", name, title || org ? " (" : "", title ? title : "",
	         title && org ? ", " : "", org ? org : "", title || org ? ")" : "", orig);
	rc = store_audit_tx(st, now, "substitute", id, station, detail, err);
out:
	free(orig);
	free(detail);
	return rc;
}

int substitute_set(store *st, int64_t id, const struct substitute *sub, const char *station, int64_t now_ms,
                   ck_err *err)
{
	const char *field;
	int bad = 0, rc = -1;
	char *name = NULL, *title = NULL, *org = NULL;

	if (substitute_validate(sub, &field, err) < 0) {
		char why[CK_ERRLEN];
		memcpy(why, err->msg, sizeof why);
		return ck_fail(err, CK_INVALID, "%s: %.480s", field, why);
	}
	name = nfc_opt(sub->name, &bad);
	title = nfc_opt(sub->title, &bad);
	org = nfc_opt(sub->organization, &bad);
	if (bad || !name) {
		ck_fail(err, bad ? CK_INVALID : CK_NOMEM, bad ? _("không phải UTF-8 hợp lệ") : _("hết bộ nhớ"));
		goto out;
	}
	if (store_begin_shared(st, err) < 0)
		goto out;
	if (set_tx(st, id, name, title, org, station, now_ms, err) < 0) {
		store_rollback(st);
		goto out;
	}
	rc = store_commit(st, err);
out:
	free(name);
	free(title);
	free(org);
	return rc;
}

static int clear_tx(store *st, int64_t id, const char *station, int64_t now, ck_err *err)
{
	char *orig = NULL, *deputy = NULL, *detail = NULL;
	int rc = -1;
	sql_stmt *s;

	if (hold_tx(st, id, &orig, err) < 0)
		goto out;
	s = store_stmt(st, "UPDATE substitute SET cleared_at = ?1, at = ?1, station = ?2"
	                   " WHERE delegate_id = ?3 AND cleared_at IS NULL RETURNING name", err);
	if (!s)
		goto out;
	sql_bind_int64(s, 1, now);
	sql_bind_text(s, 2, station);
	sql_bind_int64(s, 3, id);
	int step = sql_step(s);
	if (step == SQL_ROW)
		deputy = sql_text_dup(s, 0);
	sql_reset(s);
	if (step == SQL_DONE) {
		ck_fail(err, CK_STATE, _("đại biểu %lld không có người đi thay"), (long long)id);
		goto out;
	}
	if (step != SQL_ROW) {
		store_sqlerr(st, err, _("không bỏ được người đi thay"));
		goto out;
	}
	size_t dlen = strlen(orig) + (deputy ? strlen(deputy) : 0) + 40;
	if (!(detail = malloc(dlen))) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		goto out;
	}
	snprintf(detail, dlen, "%s không đi thay %s nữa", deputy ? deputy : "", orig);
	rc = store_audit_tx(st, now, "substitute-clear", id, station, detail, err);
out:
	free(orig);
	free(deputy);
	free(detail);
	return rc;
}

int substitute_clear(store *st, int64_t id, const char *station, int64_t now_ms, ck_err *err)
{
	if (store_begin_shared(st, err) < 0)
		return -1;
	if (clear_tx(st, id, station, now_ms, err) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}
