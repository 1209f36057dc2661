/* store_pg.c - the shared engine: one PostgreSQL database for every door.
 *
 * Several kiosks, the office and the dashboard share one count through a
 * real server (libpq). Everything here waits at most the store's timeout
 * (store_set_timeout): a door must not freeze when the link drops, so
 * every call is sent asynchronously and polled against a deadline; on a
 * timeout or a lost link the connection is dropped and the failure is
 * CK_IO, which a kiosk takes as "offline". The next call outside a
 * transaction connects again. A transaction whose connection died fails
 * every statement until the caller rolls it back.
 *
 * Statements are prepared once per connection (named ck<slot>), their
 * parameters sent as text (bytea as binary), results read as text; "?N"
 * placeholders become "$N". Every connection LISTENs on "checkin", which
 * the schema's triggers NOTIFY on each change (store_wait_change).
 * synchronous_commit is set on, so a COMMIT that returned is on the
 * server's disk before a greeting is shown. */
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "i18n.h"
#include "store_backend.h"
#include "text.h"

#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25

struct pgconn {
	PGconn *conn;
	char *conninfo;
	int gen;          /* bumped on every new connection: statements are prepared again */
	int broken_tx;    /* the link died inside a transaction: fail until rollback */
	int in_tx;        /* a transaction was open after the last answer */
	int64_t version;  /* notifications seen, plus one per new connection */
	enum ck_kind kind;
	char sqlstate[6];
	char msg[480];
};

#define PG(st) ((st)->pg)

int pg_is_conninfo(const char *where)
{
	if (!strncmp(where, "postgresql://", 13) || !strncmp(where, "postgres://", 11))
		return 1;
	/* a keyword string: "host=... dbname=..." (a file name rarely starts with word=) */
	const char *p = where;
	while (*p == ' ')
		p++;
	const char *q = p;
	while ((*q >= 'a' && *q <= 'z') || *q == '_')
		q++;
	while (*q == ' ')
		q++;
	return q > p && *q == '=';
}

static enum ck_kind state_kind(const char *state)
{
	if (!state || !*state)
		return CK_IO; /* no answer, or the link broke */
	if (!strncmp(state, "08", 2) || !strncmp(state, "57P", 3) || !strncmp(state, "53", 2) ||
	    !strncmp(state, "58", 2))
		return CK_IO;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
		return CK_BUSY;
	if (!strncmp(state, "23", 2))
		return CK_INVALID;
	if (!strcmp(state, "42501") || !strncmp(state, "28", 2))
		return CK_STATE;
	if (!strncmp(state, "XX00", 4))
		return CK_CORRUPT;
	if (!strcmp(state, "3D000"))
		return CK_NOT_FOUND;
	return CK_INTERNAL;
}

/* Remember a failure: from a result when there is one, else the connection. */
static void note(store *st, const PGresult *r, const char *fallback)
{
	struct pgconn *p = PG(st);
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = fallback ? fallback : (p->conn ? PQerrorMessage(p->conn) : _("không có kết nối tới máy chủ"));
	snprintf(p->sqlstate, sizeof p->sqlstate, "%s", state ? state : "");
	text_copy(p->msg, sizeof p->msg, msg);
	for (char *c = p->msg; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = *(c + 1) ? ' ' : 0;
	p->kind = state_kind(state);
}

/* Forget the connection (its state is unknown or dead). */
static void drop(store *st)
{
	struct pgconn *p = PG(st);
	if (p->in_tx) /* (not a BEGIN whose answer never came: nothing was open) */
		p->broken_tx = 1;
	p->in_tx = 0;
	PQfinish(p->conn);
	p->conn = NULL;
}

static int remaining(int64_t deadline)
{
	int64_t left = deadline - clock_mono_ms();
	return left < 0 ? 0 : (int)left;
}

/* Wait for the socket until deadline; 1 ready, 0 timed out, -1 failed. */
static int wait_socket(PGconn *c, short events, int64_t deadline)
{
	struct pollfd pfd = {.fd = PQsocket(c), .events = events};
	if (pfd.fd < 0)
		return -1;
	for (;;) {
		int n = poll(&pfd, 1, remaining(deadline));
		if (n > 0)
			return 1;
		if (n == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

/* After a PQsend*: flush, wait for the whole answer and return its last
 * result (or its first error). NULL when the link failed or timed out:
 * then the connection is dropped and the failure noted. */
static PGresult *collect(store *st, int64_t deadline)
{
	struct pgconn *p = PG(st);
	PGconn *c = p->conn;
	PGresult *keep = NULL, *r;
	int f;

	while ((f = PQflush(c)) == 1)
		if (wait_socket(c, POLLOUT | POLLIN, deadline) <= 0 || !PQconsumeInput(c))
			goto lost;
	if (f < 0)
		goto lost;
	for (;;) {
		while (PQisBusy(c)) {
			if (wait_socket(c, POLLIN, deadline) <= 0 || !PQconsumeInput(c))
				goto lost;
		}
		if (!(r = PQgetResult(c)))
			break;
		if (keep && PQresultStatus(keep) == PGRES_FATAL_ERROR) {
			PQclear(r); /* keep the first error */
		} else {
			PQclear(keep);
			keep = r;
		}
	}
	if (!keep)
		goto lost;
	p->in_tx = PQtransactionStatus(c) == PQTRANS_INTRANS || PQtransactionStatus(c) == PQTRANS_INERROR;
	if (PQstatus(c) == CONNECTION_BAD) {
		note(st, keep, NULL);
		PQclear(keep);
		drop(st);
		return NULL;
	}
	return keep;
lost:
	PQclear(keep);
	if (remaining(deadline) == 0) {
		char why[96];
		snprintf(why, sizeof why, _("máy chủ không trả lời trong vòng %d ms"), st->timeout_ms);
		note(st, NULL, why);
	} else {
		note(st, NULL, NULL);
	}
	p->kind = CK_IO;
	drop(st);
	return NULL;
}

/* A simple-protocol command (several statements allowed); 0 or -1. */
static int command(store *st, const char *sql, int64_t deadline)
{
	PGresult *r;
	if (!PQsendQuery(PG(st)->conn, sql)) {
		note(st, NULL, NULL);
		drop(st);
		return -1;
	}
	if (!(r = collect(st, deadline)))
		return -1;
	ExecStatusType rs = PQresultStatus(r);
	if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK && rs != PGRES_EMPTY_QUERY) {
		note(st, r, NULL);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

/* The schema version on the server, 0 when there is none yet. */
static int server_version(store *st, int *version, int64_t deadline)
{
	PGresult *r;
	*version = 0;
	if (!PQsendQuery(PG(st)->conn, "SELECT version FROM checkin_schema")) {
		note(st, NULL, NULL);
		drop(st);
		return -1;
	}
	if (!(r = collect(st, deadline)))
		return -1;
	if (PQresultStatus(r) == PGRES_TUPLES_OK) {
		if (PQntuples(r) > 0)
			*version = atoi(PQgetvalue(r, 0, 0));
	} else {
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		if (!state || strcmp(state, "42P01") != 0) { /* 42P01: no such table, an empty database */
			note(st, r, NULL);
			PQclear(r);
			return -1;
		}
	}
	PQclear(r);
	return 0;
}

/* Bring the server's schema up to date, one version per transaction,
 * under the writers' lock; a door's role, which may not create tables,
 * only ever finds it current. */
static int migrate(store *st, ck_err *err)
{
	int version;
	char sql[160];
	for (;;) {
		int64_t deadline = clock_mono_ms() + (st->timeout_ms > 30000 ? st->timeout_ms : 30000);
		if (server_version(st, &version, deadline) < 0)
			return pg_after_failure(st, err, _("không đọc được phiên bản lược đồ"));
		if (version > store_migration_count)
			return ck_fail(err, CK_STATE, _("%s có phiên bản lược đồ %d, mới hơn phiên bản %d của chương trình này"),
			               st->where, version, store_migration_count);
		if (version == store_migration_count)
			return 0;
		if (command(st, "BEGIN; SELECT pg_advisory_xact_lock(7301, 0);"
		                " CREATE TABLE IF NOT EXISTS checkin_schema (version integer NOT NULL)", deadline) < 0 ||
		    server_version(st, &version, deadline) < 0)
			goto fail;
		if (version < store_migration_count) {
			snprintf(sql, sizeof sql, "DELETE FROM checkin_schema; INSERT INTO checkin_schema VALUES (%d)",
			         version + 1);
			if (command(st, pg_migrations[version], deadline) < 0 || command(st, sql, deadline) < 0)
				goto fail;
		}
		if (command(st, "COMMIT", deadline) < 0)
			goto fail;
	}
fail:
	pg_after_failure(st, err, _("không thiết lập được cơ sở dữ liệu"));
	if (PG(st)->conn)
		command(st, "ROLLBACK", clock_mono_ms() + 1000);
	return -1;
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Connect within the timeout, set the session up and check the schema. */
static int connect_now(store *st, ck_err *err)
{
	struct pgconn *p = PG(st);
	const char *keys[] = {"application_name", "dbname", NULL};
	const char *vals[] = {"checkin", p->conninfo, NULL};
	int64_t deadline = clock_mono_ms() + st->timeout_ms;
	PostgresPollingStatusType ps = PGRES_POLLING_WRITING;

	p->conn = PQconnectStartParams(keys, vals, 1);
	if (!p->conn)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	if (PQstatus(p->conn) == CONNECTION_BAD)
		goto failed;
	while (ps != PGRES_POLLING_OK) {
		if (ps == PGRES_POLLING_FAILED)
			goto failed;
		int ready = wait_socket(p->conn, ps == PGRES_POLLING_READING ? POLLIN : POLLOUT, deadline);
		if (ready == 0) {
			char why[96];
			snprintf(why, sizeof why, _("máy chủ không trả lời trong vòng %d ms"), st->timeout_ms);
			note(st, NULL, why);
			goto dropped;
		}
		if (ready < 0)
			goto failed;
		ps = PQconnectPoll(p->conn);
	}
	PQsetnonblocking(p->conn, 1);
	PQsetNoticeProcessor(p->conn, quiet, NULL); /* the server's notices are not for the door's screen */
	if (command(st, "SET synchronous_commit = on; SET client_min_messages = warning; LISTEN checkin", deadline) < 0)
		return pg_after_failure(st, err, _("không thiết lập được kết nối"));
	p->gen++;
	p->version++; /* changes may have been missed while away */
	return migrate(st, err);
failed:
	note(st, NULL, NULL);
dropped:
	p->kind = CK_IO;
	if (p->conn && PQconnectionNeedsPassword(p->conn))
		p->kind = CK_STATE;
	PQfinish(p->conn);
	p->conn = NULL;
	return ck_fail(err, p->kind, _("không kết nối được tới %s: %s"), st->where, p->msg);
}

/* "PostgreSQL database 'checkin' on 10.0.0.5:5432 as cua-chinh", without the password. */
static char *describe(const char *conninfo)
{
	PQconninfoOption *o = PQconninfoParse(conninfo, NULL), *i;
	const char *db = NULL, *host = NULL, *port = NULL, *user = NULL;
	char buf[512];
	for (i = o; i && i->keyword; i++) {
		if (!i->val)
			continue;
		if (!strcmp(i->keyword, "dbname"))
			db = i->val;
		else if (!strcmp(i->keyword, "host"))
			host = i->val;
		else if (!strcmp(i->keyword, "port"))
			port = i->val;
		else if (!strcmp(i->keyword, "user"))
			user = i->val;
	}
	if (!db)
		db = getenv("PGDATABASE");
	if (!host)
		host = getenv("PGHOST");
	if (!port)
		port = getenv("PGPORT");
	snprintf(buf, sizeof buf, _("cơ sở dữ liệu PostgreSQL '%s' trên %s%s%s%s%s"), db ? db : _("(mặc định)"),
	         host ? host : "localhost", port ? ":" : "", port ? port : "", user ? _(" với người dùng ") : "",
	         user ? user : "");
	PQconninfoFree(o);
	return strdup(buf);
}

int pg_open(store *st, const char *conninfo, ck_err *err)
{
	char *why = NULL;
	PQconninfoOption *o = PQconninfoParse(conninfo, &why);
	if (!o) {
		ck_fail(err, CK_INVALID, _("không phải chuỗi kết nối PostgreSQL: %s"), why ? why : _("hết bộ nhớ"));
		PQfreemem(why);
		return -1;
	}
	PQconninfoFree(o);
	if (!(st->pg = calloc(1, sizeof *st->pg)) || !(st->pg->conninfo = strdup(conninfo)) ||
	    !(st->where = describe(conninfo)))
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	return st->lazy ? 0 : connect_now(st, err);
}

void pg_close(store *st)
{
	PQfinish(PG(st)->conn);
	free(PG(st)->conninfo);
	free(PG(st));
	st->pg = NULL;
}

int pg_online(store *st)
{
	return PG(st)->conn && PQstatus(PG(st)->conn) == CONNECTION_OK;
}

/* Connected, or connected now; -1 with the failure noted otherwise. */
static int ready(store *st)
{
	struct pgconn *p = PG(st);
	if (p->broken_tx) {
		note(st, NULL, _("mất kết nối tới máy chủ giữa chừng giao dịch"));
		p->kind = CK_IO;
		return -1;
	}
	if (p->conn && PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	if (p->conn)
		drop(st);
	ck_err e = {0};
	if (connect_now(st, &e) < 0) {
		/* keep the connect failure's words for store_sqlerr */
		p->kind = e.kind;
		text_copy(p->msg, sizeof p->msg, e.msg);
		p->sqlstate[0] = 0;
		return -1;
	}
	return 0;
}

int pg_reconnect(store *st, ck_err *err)
{
	PG(st)->broken_tx = 0; /* called outside transactions: whatever died is over */
	if (ready(st) < 0)
		return pg_after_failure(st, err, _("không liên lạc được với máy chủ"));
	return 0;
}

int pg_in_tx(store *st)
{
	struct pgconn *p = PG(st);
	if (p->broken_tx)
		return 1;
	return p->conn && PQtransactionStatus(p->conn) != PQTRANS_IDLE && PQtransactionStatus(p->conn) != PQTRANS_UNKNOWN;
}

int pg_exec(store *st, const char *sql, ck_err *err)
{
	struct pgconn *p = PG(st);
	if (p->broken_tx && (!strcmp(sql, "ROLLBACK") || !strcmp(sql, "COMMIT"))) {
		/* the server rolled it back when the link died; the transaction is over */
		p->broken_tx = 0;
		if (!strcmp(sql, "ROLLBACK"))
			return 0;
		note(st, NULL, _("mất kết nối tới máy chủ giữa chừng giao dịch"));
		p->kind = CK_IO;
		return pg_after_failure(st, err, _("lỗi cơ sở dữ liệu"));
	}
	/* a COMMIT whose answer never came may or may not have landed:
	 * a door's check-ins carry a nonce, so retrying them is safe */
	if (ready(st) < 0 || command(st, sql, clock_mono_ms() + st->timeout_ms) < 0)
		return pg_after_failure(st, err, _("lỗi cơ sở dữ liệu"));
	return 0;
}

int pg_after_failure(store *st, ck_err *err, const char *what)
{
	struct pgconn *p = PG(st);
	return ck_fail(err, p->kind ? p->kind : CK_INTERNAL, "%s: %s", what, p->msg[0] ? p->msg : _("lỗi không rõ"));
}

int pg_conflict(store *st)
{
	return !strcmp(PG(st)->sqlstate, "23505");
}

/* Notifications already received; reads what the socket holds, without waiting. */
static void drain_notifies(store *st)
{
	struct pgconn *p = PG(st);
	PGnotify *n;
	if (!p->conn)
		return;
	if (!PQconsumeInput(p->conn)) {
		drop(st);
		return;
	}
	while ((n = PQnotifies(p->conn))) {
		p->version++;
		PQfreemem(n);
	}
}

int64_t pg_data_version(store *st)
{
	if (!PG(st)->conn && !PG(st)->broken_tx)
		ready(st);
	drain_notifies(st);
	return PG(st)->version;
}

int pg_wait(store *st, int timeout_ms)
{
	struct pgconn *p = PG(st);
	int64_t deadline = clock_mono_ms() + timeout_ms, v = p->version;
	if (!p->conn) {
		int saved = st->timeout_ms;
		st->timeout_ms = timeout_ms > 0 ? timeout_ms : 1;
		int rc = p->broken_tx ? -1 : ready(st);
		st->timeout_ms = saved;
		if (rc < 0) {
			int left = remaining(deadline);
			if (left > 0)
				clock_sleep_ms(left);
			return 0;
		}
	}
	drain_notifies(st);
	while (p->version == v && p->conn && remaining(deadline) > 0) {
		if (wait_socket(p->conn, POLLIN, deadline) <= 0)
			break;
		drain_notifies(st);
	}
	return p->version != v;
}

/* --- statements --- */

int pg_translate(struct sql_stmt *s, ck_err *err)
{
	const char *q = s->sql;
	size_t n = strlen(q);
	char *out = malloc(n * 2 + 16), *o = out;
	int max = 0;
	if (!out)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	while (*q) {
		if (*q == '\'' || *q == '"') { /* copy a quoted string or name whole */
			char quote = *q;
			*o++ = *q++;
			while (*q && *q != quote)
				*o++ = *q++;
			if (*q)
				*o++ = *q++;
		} else if (!strncmp(q, "INSERT OR ROLLBACK ", 19)) { /* SQLite's; see store_internal.h */
			o += sprintf(o, "INSERT ");
			q += 19;
		} else if (!strncmp(q, "COLLATE BINARY", 14)) { /* SQLite's byte order is PostgreSQL's "C" */
			o += sprintf(o, "COLLATE \"C\"");
			q += 14;
		} else if (*q == '?') {
			int num = 0;
			q++;
			if (*q >= '0' && *q <= '9') {
				while (*q >= '0' && *q <= '9')
					num = num * 10 + (*q++ - '0');
			} else {
				num = max + 1;
			}
			if (num > max)
				max = num;
			o += sprintf(o, "$%d", num);
		} else {
			*o++ = *q++;
		}
	}
	*o = 0;
	if (max > SQL_MAXPARAM) {
		free(out);
		return ck_fail(err, CK_INTERNAL, _("lỗi nội bộ: quá nhiều tham số (tăng SQL_MAXPARAM)"));
	}
	size_t np = max ? (size_t)max : 1;
	s->paramtype = calloc(np, sizeof *s->paramtype);
	s->param = calloc(np, sizeof *s->param);
	s->paramlen = calloc(np, sizeof *s->paramlen);
	s->parambin = calloc(np, sizeof *s->parambin);
	if (!s->paramtype || !s->param || !s->paramlen || !s->parambin) {
		pg_stmt_free(s);
		free(out);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	}
	s->pgsql = out;
	s->nparam = max;
	return 0;
}

void pg_stmt_free(struct sql_stmt *s)
{
	pg_stmt_clear(s);
	free(s->paramtype);
	free(s->param);
	free(s->paramlen);
	free(s->parambin);
	free(s->pgsql);
	s->paramtype = NULL;
	s->param = NULL;
	s->paramlen = s->parambin = NULL;
	s->pgsql = NULL;
}

void pg_stmt_clear(struct sql_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->ran = 0;
	s->row = s->nrows = 0;
	for (int i = 0; s->param && i < s->nparam; i++) {
		free(s->param[i]);
		s->param[i] = NULL;
		s->paramlen[i] = s->parambin[i] = 0;
	}
	if (s->blob) {
		PQfreemem(s->blob);
		s->blob = NULL;
	}
}

static void set_param(struct sql_stmt *s, int i, char *v, unsigned type, int len, int bin)
{
	if (i < 1 || i > s->nparam) {
		free(v);
		return;
	}
	free(s->param[i - 1]);
	s->param[i - 1] = v;
	s->paramlen[i - 1] = len;
	s->parambin[i - 1] = bin;
	/* the type is fixed once prepared on this connection; NULL says nothing */
	if (type && !(s->prepared_gen && s->prepared_gen == PG(s->st)->gen))
		s->paramtype[i - 1] = type;
}

void pg_bind_int64(struct sql_stmt *s, int i, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	set_param(s, i, strdup(buf), OID_INT8, 0, 0);
}

void pg_bind_text(struct sql_stmt *s, int i, const char *v)
{
	set_param(s, i, v ? strdup(v) : NULL, OID_TEXT, 0, 0);
}

void pg_bind_blob(struct sql_stmt *s, int i, const void *p, size_t n)
{
	char *copy = malloc(n ? n : 1);
	if (copy)
		memcpy(copy, p, n);
	set_param(s, i, copy, OID_BYTEA, (int)n, 1);
}

void pg_bind_null(struct sql_stmt *s, int i)
{
	set_param(s, i, NULL, 0, 0, 0);
}

int pg_step(struct sql_stmt *s)
{
	store *st = s->st;
	struct pgconn *p = PG(st);
	char name[16];
	PGresult *r;

	if (s->ran) {
		if (s->res && ++s->row < s->nrows)
			return SQL_ROW;
		return SQL_DONE;
	}
	s->ran = 1;
	if (ready(st) < 0)
		return 1;
	int64_t deadline = clock_mono_ms() + st->timeout_ms;
	snprintf(name, sizeof name, "ck%d", (int)(s - st->cache));
	if (s->prepared_gen != p->gen) {
		_Static_assert(sizeof(Oid) == sizeof *s->paramtype, "parameter types are Oids");
		if (!PQsendPrepare(p->conn, name, s->pgsql, s->nparam, (const Oid *)s->paramtype)) {
			note(st, NULL, NULL);
			drop(st);
			return 1;
		}
		if (!(r = collect(st, deadline)))
			return 1;
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			note(st, r, NULL);
			PQclear(r);
			return 1;
		}
		PQclear(r);
		s->prepared_gen = p->gen;
	}
	if (!PQsendQueryPrepared(p->conn, name, s->nparam, (const char *const *)s->param, s->paramlen, s->parambin,
	                         0)) {
		note(st, NULL, NULL);
		drop(st);
		return 1;
	}
	if (!(r = collect(st, deadline)))
		return 1;
	ExecStatusType rs = PQresultStatus(r);
	if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
		note(st, r, NULL);
		PQclear(r);
		return 1;
	}
	const char *changed = PQcmdTuples(r);
	s->changes = changed && *changed ? atoll(changed) : 0;
	s->res = r;
	s->nrows = rs == PGRES_TUPLES_OK ? PQntuples(r) : 0;
	s->row = 0;
	return s->nrows > 0 ? SQL_ROW : SQL_DONE;
}

static int have(struct sql_stmt *s, int c)
{
	return s->res && s->row < s->nrows && c < PQnfields(s->res) && !PQgetisnull(s->res, s->row, c);
}

int64_t pg_col_int64(struct sql_stmt *s, int c)
{
	if (!have(s, c))
		return 0;
	const char *v = PQgetvalue(s->res, s->row, c);
	if (!strcmp(v, "t"))
		return 1;
	if (!strcmp(v, "f"))
		return 0;
	return atoll(v);
}

const char *pg_col_text(struct sql_stmt *s, int c)
{
	return have(s, c) ? PQgetvalue(s->res, s->row, c) : NULL;
}

int pg_col_isnull(struct sql_stmt *s, int c)
{
	return !have(s, c);
}

size_t pg_col_blob(struct sql_stmt *s, int c, void *buf, size_t cap)
{
	size_t n = 0;
	if (!have(s, c))
		return 0;
	if (s->blob)
		PQfreemem(s->blob);
	s->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res, s->row, c), &n);
	if (!s->blob)
		return 0;
	memcpy(buf, s->blob, n < cap ? n : cap);
	return n;
}
