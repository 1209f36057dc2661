/* fixture.h - a fresh store with a test event, in a temp directory.
 *
 * SQLite by default: each store is a new file in a new temp folder.
 *
 * PostgreSQL when CHECKIN_TEST_PG is set (tests/pg/with-server.sh sets it
 * and points libpq's PG* variables at a throwaway server): each store is a
 * new database ck_<pid>_<n> on that server, made through a maintenance
 * connection (CHECKIN_TEST_PG's value when it is a connection string, else
 * dbname=postgres) and dropped by fixture_cleanup(). The "path" handed out
 * is then a connection string to that database, so opening it again (two
 * connections, a child process) gives the same database. fixture_dir is a
 * fresh temp folder either way, for the test's other files.
 *
 * Tests that look inside the SQLite file itself use fixture_pg() to skip
 * those parts, with fixture_skip() saying so. */
#ifndef CHECKIN_TEST_FIXTURE_H
#define CHECKIN_TEST_FIXTURE_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "checkin/checkin.h"
#include "checkin/delegate.h"
#include "checkin/store.h"

static char fixture_dir[256];
static char fixture_pg_dbs[16][48]; /* databases made, for fixture_cleanup */
static int fixture_pg_ndbs;

/* Whether the fixture's stores are PostgreSQL databases. */
static inline int fixture_pg(void)
{
	const char *v = getenv("CHECKIN_TEST_PG");
	return v && *v && strcmp(v, "0") != 0;
}

/* Say that a part of a test does not apply to PostgreSQL. */
static inline void fixture_skip(const char *test, const char *what)
{
	printf("%s: on PostgreSQL, skipped: %s\n", test, what);
	fflush(stdout);
}

/* The maintenance connection string. */
static inline const char *fixture_pg_admin(void)
{
	const char *v = getenv("CHECKIN_TEST_PG");
	return v && store_is_conninfo(v) ? v : "dbname=postgres";
}

/* The maintenance connection string with dbname set to db (static buffer). */
static inline const char *fixture_pg_conninfo(const char *db)
{
	static char buf[1024];
	char *why = NULL;
	size_t o = 0;
	PQconninfoOption *opts = PQconninfoParse(fixture_pg_admin(), &why);
	if (!opts) {
		fprintf(stderr, "fixture: CHECKIN_TEST_PG: %s\n", why ? why : "out of memory");
		exit(2);
	}
	buf[0] = 0;
	for (PQconninfoOption *i = opts; i->keyword; i++) {
		if (!i->val || !strcmp(i->keyword, "dbname"))
			continue;
		o += (size_t)snprintf(buf + o, o < sizeof buf ? sizeof buf - o : 0, "%s='", i->keyword);
		for (const char *c = i->val; *c && o + 3 < sizeof buf; c++) {
			if (*c == '\'' || *c == '\\')
				buf[o++] = '\\';
			buf[o++] = *c;
		}
		o += (size_t)snprintf(buf + o, o < sizeof buf ? sizeof buf - o : 0, "' ");
	}
	snprintf(buf + o, o < sizeof buf ? sizeof buf - o : 0, "dbname=%s", db);
	PQconninfoFree(opts);
	return buf;
}

/* Run sql on the maintenance connection; exits on failure. */
static inline void fixture_pg_admin_exec(const char *sql)
{
	PGconn *c = PQconnectdb(fixture_pg_admin());
	PGresult *r = NULL;
	if (PQstatus(c) != CONNECTION_OK || PQresultStatus(r = PQexec(c, sql)) != PGRES_COMMAND_OK) {
		fprintf(stderr, "fixture: %s: %s", sql, PQerrorMessage(c));
		exit(2);
	}
	PQclear(r);
	PQfinish(c);
}

/* A new empty PostgreSQL database; its connection string (static buffer). */
static inline const char *fixture_pg_new_db(void)
{
	char sql[sizeof fixture_pg_dbs[0] + 48];
	if (fixture_pg_ndbs == (int)(sizeof fixture_pg_dbs / sizeof *fixture_pg_dbs)) {
		fprintf(stderr, "fixture: too many databases\n");
		exit(2);
	}
	char *db = fixture_pg_dbs[fixture_pg_ndbs];
	snprintf(db, sizeof fixture_pg_dbs[0], "ck_%ld_%d", (long)getpid(), fixture_pg_ndbs);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
	fixture_pg_admin_exec(sql);
	fixture_pg_ndbs++;
	return fixture_pg_conninfo(db);
}

/* A new empty database, or the path of a new database file under a fresh
 * temp dir. Either way fixture_dir is a new temp dir. */
static inline const char *fixture_db_path(void)
{
	static char path[1100];
	snprintf(fixture_dir, sizeof fixture_dir, "/tmp/checkin-test-XXXXXX");
	if (!mkdtemp(fixture_dir)) {
		perror("mkdtemp");
		exit(2);
	}
	if (fixture_pg())
		snprintf(path, sizeof path, "%s", fixture_pg_new_db());
	else
		snprintf(path, sizeof path, "%s/t.db", fixture_dir);
	return path;
}

/* Run sql on the database at db (a path or a connection string) with a
 * connection of its own, outside the store; with out, the first column of
 * the first row as an integer (0 when there is no row). 0, or -1 with the
 * reason printed. */
static inline int fixture_sql(const char *db, const char *sql, int64_t *out)
{
	int rc = -1;
	if (out)
		*out = 0;
	if (store_is_conninfo(db)) {
		PGconn *c = PQconnectdb(db);
		PGresult *r = NULL;
		if (PQstatus(c) == CONNECTION_OK) {
			r = PQexec(c, sql);
			ExecStatusType s = PQresultStatus(r);
			if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
				rc = 0;
				if (out && s == PGRES_TUPLES_OK && PQntuples(r) > 0 && PQnfields(r) > 0)
					*out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
			}
		}
		if (rc < 0)
			fprintf(stderr, "fixture: %s: %s", sql, PQerrorMessage(c));
		PQclear(r);
		PQfinish(c);
		return rc;
	}
	sqlite3 *lite = NULL;
	sqlite3_stmt *s = NULL;
	const char *tail = sql;
	if (sqlite3_open_v2(db, &lite, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
		rc = 0;
		int first = 1;
		while (rc == 0 && tail && *tail) {
			if (sqlite3_prepare_v2(lite, tail, -1, &s, &tail) != SQLITE_OK) {
				rc = -1;
				break;
			}
			if (!s)
				break;
			int step;
			while ((step = sqlite3_step(s)) == SQLITE_ROW) {
				if (out && first)
					*out = sqlite3_column_int64(s, 0);
				first = 0;
			}
			if (step != SQLITE_DONE)
				rc = -1;
			sqlite3_finalize(s);
			s = NULL;
		}
		if (rc < 0)
			fprintf(stderr, "fixture: %s: %s\n", sql, sqlite3_errmsg(lite));
	} else {
		fprintf(stderr, "fixture: cannot open %s\n", db);
	}
	sqlite3_close(lite);
	return rc;
}

static inline void fixture_event(struct event *ev, const char *tag)
{
	memset(ev, 0, sizeof *ev);
	ev->title = strdup("Hội nghị thử nghiệm");
	ev->organizer = strdup("Ủy ban nhân dân tỉnh Gia Lai");
	ev->venue = strdup("Hội trường 2/9");
	ev->date = strdup("2023-10-27");
	ev->start = strdup("07:30");
	ev->timezone = strdup("Asia/Ho_Chi_Minh");
	ev->tag = strdup(tag);
	ev->expected = 0;
}

/* Open a fresh store with an event tagged tag; exits on failure. */
static inline store *fixture_store(const char *tag, const char **path_out)
{
	const char *path = fixture_db_path();
	struct event ev;
	ck_err err;
	store *st;
	if (store_open(path, &st, &err) < 0) {
		fprintf(stderr, "fixture: %s\n", err.msg);
		exit(2);
	}
	fixture_event(&ev, tag);
	if (store_event_init(st, &ev, &err) < 0) {
		fprintf(stderr, "fixture: %s\n", err.msg);
		exit(2);
	}
	event_release(&ev);
	if (path_out)
		*path_out = path;
	return st;
}

/* Write text to path; exits on failure. */
static inline void fixture_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

/* Add a delegate (org and cat may be NULL) and return its id; exits on failure. */
static inline int64_t fixture_add(store *st, const char *name, const char *org, const char *cat, unsigned roles)
{
	struct delegate d = {.method = -1};
	ck_err err;
	d.name = strdup(name);
	d.organization = org ? strdup(org) : NULL;
	d.category = cat ? strdup(cat) : NULL;
	d.roles = roles;
	if (delegate_add(st, &d, &err) < 0) {
		fprintf(stderr, "fixture: add '%s': %s\n", name, err.msg);
		exit(2);
	}
	int64_t id = d.id;
	delegate_release(&d);
	return id;
}

/* checkin_code / checkin_delegate that first release what *out held, so
 * that a test can reuse one zero-initialised outcome. */
static inline int fixture_code(store *st, const char *payload, const char *station, enum checkin_method m,
                               int64_t now, struct checkin_outcome *out, ck_err *err)
{
	checkin_outcome_release(out);
	return checkin_code(st, payload, station, m, now, out, err);
}

static inline int fixture_delegate(store *st, int64_t id, const char *station, enum checkin_method m, int64_t now,
                                   struct checkin_outcome *out, ck_err *err)
{
	checkin_outcome_release(out);
	return checkin_delegate(st, id, station, m, now, out, err);
}

static inline void fixture_cleanup(void)
{
	char cmd[300];
	if (fixture_dir[0]) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", fixture_dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", fixture_dir);
	}
	for (int i = 0; i < fixture_pg_ndbs; i++) {
		char sql[sizeof fixture_pg_dbs[0] + 48];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %.47s WITH (FORCE)", fixture_pg_dbs[i]);
		fixture_pg_admin_exec(sql);
	}
	fixture_pg_ndbs = 0;
}

#endif
