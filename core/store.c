/* store.c - opening, migrating and sharing the SQLite event store.
 *
 * Durability: WAL with synchronous=FULL means that when COMMIT returns the
 * transaction is in the fsync'ed WAL, so a greeting shown afterwards
 * survives a power cut. Concurrency: writers take BEGIN IMMEDIATE and wait
 * up to busy_timeout for each other; readers never block writers.
 *
 * Schema versions (PRAGMA user_version) are applied in order by
 * migrate(); each step runs in one transaction.
 *
 * A full disk: SQLite appends every commit to the -wal file and only an
 * automatic checkpoint (at 1000 pages) lets it start over, so on a nearly
 * full disk the WAL grew into the last free bytes and every later commit
 * failed, even after some space came back. Now a write that fails with
 * SQLITE_FULL is followed, once the transaction is rolled back, by
 * wal_checkpoint(TRUNCATE), which moves the committed pages into the
 * database and gives the WAL's space back; the caller's retry (the kiosk
 * retries I/O errors every second) then has room. journal_size_limit
 * keeps the WAL from staying large after a big transaction. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include "clock.h"
#include "store_internal.h"
#include "text.h"

#define STMT_CACHE 64
#define WAL_LIMIT (4 << 20) /* journal_size_limit: what the WAL keeps after a checkpoint */

struct store {
	sqlite3 *db;
	char *path;
	int full; /* a write failed with SQLITE_FULL: checkpoint after the rollback */
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[STMT_CACHE];
};

static const char *const migrations[] = {
	/* 1: the base schema */
	"CREATE TABLE event ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  title TEXT NOT NULL, organizer TEXT NOT NULL, venue TEXT NOT NULL, address TEXT,"
	"  date TEXT NOT NULL, start TEXT NOT NULL, end_time TEXT, doors_open TEXT,"
	"  timezone TEXT NOT NULL, tag TEXT NOT NULL, staff_pin TEXT, expected INTEGER NOT NULL DEFAULT 0,"
	"  secret BLOB NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
	"CREATE TABLE delegate ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL, title TEXT, organization TEXT, category TEXT, district TEXT,"
	"  roles INTEGER NOT NULL DEFAULT 0, seat TEXT, phone TEXT, email TEXT,"
	"  name_key TEXT NOT NULL, org_key TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, removed_at INTEGER);"
	"CREATE INDEX delegate_identity ON delegate(name_key, org_key) WHERE removed_at IS NULL;"
	"CREATE TABLE code ("
	"  code TEXT PRIMARY KEY, short TEXT NOT NULL,"
	"  delegate_id INTEGER NOT NULL REFERENCES delegate(id),"
	"  issued_at INTEGER NOT NULL, revoked_at INTEGER, printed_at INTEGER) WITHOUT ROWID;"
	"CREATE UNIQUE INDEX code_current ON code(delegate_id) WHERE revoked_at IS NULL;"
	"CREATE INDEX code_short ON code(short) WHERE revoked_at IS NULL;"
	"CREATE TABLE checkin ("
	"  id INTEGER PRIMARY KEY,"
	"  delegate_id INTEGER NOT NULL REFERENCES delegate(id),"
	"  at INTEGER NOT NULL, station TEXT NOT NULL,"
	"  method TEXT NOT NULL CHECK (method IN ('camera', 'scanner', 'manual')),"
	"  undone_at INTEGER, undone_station TEXT);"
	"CREATE UNIQUE INDEX checkin_live ON checkin(delegate_id) WHERE undone_at IS NULL;"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, action TEXT NOT NULL,"
	"  delegate_id INTEGER, station TEXT, detail TEXT);",
	/* 2: time-ordered reads for the dashboard and the report */
	"CREATE INDEX checkin_at ON checkin(at) WHERE undone_at IS NULL;"
	"CREATE INDEX audit_at ON audit(at);",
};

int store_schema_version(void)
{
	return (int)(sizeof migrations / sizeof *migrations);
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

sqlite3 *store_db(store *st)
{
	return st->db;
}

/* What kind of failure an SQLite result code is: a station retries the
 * busy and I/O ones, and reports the others. */
static enum ck_kind sql_kind(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return CK_BUSY;
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_PROTOCOL: return CK_IO;
	case SQLITE_NOMEM: return CK_NOMEM;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB: return CK_CORRUPT;
	case SQLITE_CONSTRAINT:
	case SQLITE_TOOBIG:
	case SQLITE_MISMATCH:
	case SQLITE_RANGE: return CK_INVALID;
	default: return CK_INTERNAL;
	}
}

/* Checkpoint the whole WAL into the database and truncate it, to give a
 * full disk its space back. Waits up to the busy timeout for readers;
 * failing is harmless (the next failure tries again). */
static void checkpoint_truncate(store *st)
{
	st->full = 0;
	sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

/* After a failure with SQLite result rc: on a full disk, checkpoint now
 * when no transaction is open, else once store_rollback ends it. */
static void note_full(store *st, int rc)
{
	if ((rc & 0xff) != SQLITE_FULL)
		return;
	st->full = 1;
	if (sqlite3_get_autocommit(st->db))
		checkpoint_truncate(st);
}

int store_sqlerr(store *st, ck_err *err, const char *what)
{
	int rc = sqlite3_extended_errcode(st->db);
	ck_fail(err, sql_kind(rc), "%s: %s", what, sqlite3_errmsg(st->db));
	note_full(st, rc);
	return -1;
}

static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	char *f = text_fold(s);
	if (!f)
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
	else
		sqlite3_result_text(ctx, f, -1, free);
}

static int exec(store *st, const char *sql, ck_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		ck_fail(err, sql_kind(rc), "database error: %s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		note_full(st, rc);
		return -1;
	}
	return 0;
}

static int migrate(store *st, const char *path, ck_err *err)
{
	sqlite3_stmt *s = NULL;
	int version = 0;
	char buf[64];

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return store_sqlerr(st, err, "cannot read schema version");
	if (sqlite3_step(s) == SQLITE_ROW)
		version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (version > store_schema_version())
		return ck_fail(err, CK_STATE, "'%s' has schema version %d, newer than this program's %d", path, version,
		                store_schema_version());
	while (version < store_schema_version()) {
		if (store_begin(st, err) < 0)
			return -1;
		/* re-read under the write lock: another process may have migrated */
		if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK) {
			store_rollback(st);
			return store_sqlerr(st, err, "cannot read schema version");
		}
		version = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
		sqlite3_finalize(s);
		if (version >= store_schema_version()) {
			store_rollback(st);
			break;
		}
		snprintf(buf, sizeof buf, "PRAGMA user_version = %d", version + 1);
		if (exec(st, migrations[version], err) < 0 || exec(st, buf, err) < 0) {
			store_rollback(st);
			return -1;
		}
		if (store_commit(st, err) < 0)
			return -1;
		version++;
	}
	return 0;
}

/* The one message for a damaged store, on one line: quick_check may
 * report several lines ("*** in database main ***\nPage 26: ..."). */
static int damaged(const char *path, ck_err *err, const char *why)
{
	char flat[200];
	text_copy(flat, sizeof flat, why);
	for (char *c = flat; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	return ck_fail(err, CK_CORRUPT,
	               "database '%s' is damaged (%s); restore it from a backup, or ask for help before using it",
	               path, flat);
}

/* The folder part of path ("." for a bare name) into buf. */
static void folder_of(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(buf, len, ".");
	else if (slash == path)
		snprintf(buf, len, "/");
	else
		snprintf(buf, len, "%.*s", (int)(slash - path), path);
}

/* Whether this process may write name; errno says why not. */
static int writable(const char *name)
{
	return faccessat(AT_FDCWD, name, W_OK, AT_EACCESS) == 0;
}

/* SQLite says "attempt to write a readonly database" both for a read-only
 * file and for a folder it cannot create its -wal and -shm files in, and
 * "unable to open database file" for a new file there. Say which. Leaves
 * err as it is when nothing is found (e.g. running as root). */
static void explain_unwritable(const char *path, ck_err *err)
{
	static const char *const suffix[] = {"", "-wal", "-shm"};
	char name[4096], dir[4096];
	for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		if (snprintf(name, sizeof name, "%s%s", path, suffix[i]) >= (int)sizeof name)
			return;
		if (access(name, F_OK) == 0 && !writable(name)) {
			ck_fail(err, CK_IO, "cannot open database '%s': '%s' is read-only: %s", path, name, strerror(errno));
			return;
		}
	}
	folder_of(path, dir, sizeof dir);
	if (!writable(dir))
		ck_fail(err, CK_IO,
		        "cannot open database '%s': cannot write to its folder '%s' (the database keeps its "
		        "-wal and -shm files there): %s", path, dir, strerror(errno));
}

int store_open(const char *path, store **out, ck_err *err)
{
	store *st = calloc(1, sizeof *st);
	*out = NULL;
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return ck_fail(err, CK_NOMEM, "out of memory");
	}
	int orc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (orc != SQLITE_OK) {
		ck_fail(err, sql_kind(orc), "cannot open database '%s': %s", path,
		         st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);
	if (exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", err) < 0) {
		ck_fail(err, err ? err->kind : CK_IO, "cannot open database '%s': %s", path, sqlite3_errmsg(st->db));
		goto fail;
	}
	{
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA journal_size_limit = %d", WAL_LIMIT);
		if (exec(st, sql, err) < 0)
			goto fail;
	}
	sqlite3_create_function(st->db, "fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_fold, NULL, NULL);
	if (migrate(st, path, err) < 0)
		goto fail;
	*out = st;
	return 0;
fail:
	if (err && err->kind == CK_IO)
		explain_unwritable(path, err);
	if (err && err->kind == CK_CORRUPT && st->db) /* as store_check says it */
		damaged(path, err, sqlite3_errmsg(st->db));
	store_close(st);
	return -1;
}

void store_close(store *st)
{
	if (!st)
		return;
	for (int i = 0; i < STMT_CACHE; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int store_check(store *st, ck_err *err)
{
	sqlite3_stmt *s = NULL;
	char first[256] = "";
	int rc, rows = 0, ok = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA quick_check", -1, &s, NULL) != SQLITE_OK)
		goto damaged_or_failed;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(s, 0);
		if (rows++ == 0) {
			ok = line && !strcmp(line, "ok");
			snprintf(first, sizeof first, "%s", line ? line : "?");
		}
	}
	if (rc != SQLITE_DONE)
		goto damaged_or_failed;
	sqlite3_finalize(s);
	if (ok && rows == 1)
		return 0;
	char why[sizeof first + 8];
	snprintf(why, sizeof why, "%s%s", first, rows > 1 ? ", ..." : "");
	return damaged(st->path, err, why);
damaged_or_failed:
	rc = sqlite3_extended_errcode(st->db);
	if (sql_kind(rc) == CK_CORRUPT) {
		damaged(st->path, err, sqlite3_errmsg(st->db));
	} else {
		store_sqlerr(st, err, "cannot check the database");
	}
	sqlite3_finalize(s);
	return -1;
}

sqlite3_stmt *store_stmt(store *st, const char *sql, ck_err *err)
{
	int i;
	for (i = 0; i < STMT_CACHE && st->cache[i].sql; i++) {
		if (st->cache[i].sql == sql) {
			sqlite3_reset(st->cache[i].stmt);
			sqlite3_clear_bindings(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
	}
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		store_sqlerr(st, err, "database error");
		return NULL;
	}
	if (i == STMT_CACHE) {
		/* every statement core uses is cached; running out is a bug */
		sqlite3_finalize(s);
		ck_fail(err, CK_INTERNAL, "internal error: statement cache full (raise STMT_CACHE)");
		return NULL;
	}
	st->cache[i].sql = sql;
	st->cache[i].stmt = s;
	return s;
}

int store_begin(store *st, ck_err *err)
{
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_sqlerr(st, err, "cannot write to the database");
	return 0;
}

int store_commit(store *st, ck_err *err)
{
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_sqlerr(st, err, "cannot commit to the database");
		store_rollback(st); /* and checkpoint on a full disk */
		return -1;
	}
	return 0;
}

int store_read_begin(store *st, ck_err *err)
{
	if (sqlite3_exec(st->db, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK)
		return store_sqlerr(st, err, "cannot read the database");
	return 0;
}

void store_read_end(store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
}

void store_rollback(store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	if (st->full && sqlite3_get_autocommit(st->db))
		checkpoint_truncate(st);
}

int store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}

char *store_col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? strdup((const char *)t) : NULL;
}

int store_audit_tx(store *st, int64_t at, const char *action, int64_t delegate_id, const char *station,
                   const char *detail, ck_err *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO audit(at, action, delegate_id, station, detail) VALUES (?, ?, ?, ?, ?)", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, at);
	sqlite3_bind_text(s, 2, action, -1, SQLITE_STATIC);
	if (delegate_id > 0)
		sqlite3_bind_int64(s, 3, delegate_id);
	store_bind_text(s, 4, station);
	store_bind_text(s, 5, detail);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_sqlerr(st, err, "cannot write the audit log");
	return 0;
}

int store_audit(store *st, const char *action, int64_t delegate_id, const char *detail, ck_err *err)
{
	int own = sqlite3_get_autocommit(st->db);
	if (own && store_begin(st, err) < 0)
		return -1;
	if (store_audit_tx(st, clock_now_ms(), action, delegate_id, NULL, detail, err) < 0) {
		if (own)
			store_rollback(st);
		return -1;
	}
	return own ? store_commit(st, err) : 0;
}

int64_t store_data_version(store *st)
{
	sqlite3_stmt *s = store_stmt(st, "PRAGMA data_version", NULL);
	int64_t v = 0;
	if (s && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	if (s)
		sqlite3_reset(s);
	return (v << 32) ^ (int64_t)sqlite3_total_changes(st->db);
}

int store_event_init(store *st, const struct event *ev, ck_err *err)
{
	unsigned char key[CODE_KEYLEN];
	int64_t now = clock_now_ms();
	sqlite3_stmt *s;
	int exists;

	if (store_begin(st, err) < 0)
		return -1;
	s = store_stmt(st, "SELECT tag FROM event WHERE id = 1", err);
	if (!s)
		goto fail;
	exists = sqlite3_step(s) == SQLITE_ROW;
	if (exists && strcmp((const char *)sqlite3_column_text(s, 0), ev->tag) != 0) {
		ck_fail(err, CK_STATE, "cannot change the event tag from '%s' to '%s': printed codes would stop working",
		         sqlite3_column_text(s, 0), ev->tag);
		sqlite3_reset(s);
		goto fail;
	}
	sqlite3_reset(s);
	if (exists) {
		s = store_stmt(st, "UPDATE event SET title = ?1, organizer = ?2, venue = ?3, address = ?4, date = ?5,"
		                   " start = ?6, end_time = ?7, doors_open = ?8, timezone = ?9, tag = ?10,"
		                   " staff_pin = ?11, expected = ?12, updated_at = ?14 WHERE id = 1", err);
	} else {
		if (code_keygen(key, err) < 0)
			goto fail;
		s = store_stmt(st, "INSERT INTO event(id, title, organizer, venue, address, date, start, end_time,"
		                   " doors_open, timezone, tag, staff_pin, expected, secret, created_at, updated_at)"
		                   " VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)", err);
	}
	if (!s)
		goto fail;
	store_bind_text(s, 1, ev->title);
	store_bind_text(s, 2, ev->organizer);
	store_bind_text(s, 3, ev->venue);
	store_bind_text(s, 4, ev->address);
	store_bind_text(s, 5, ev->date);
	store_bind_text(s, 6, ev->start);
	store_bind_text(s, 7, ev->end);
	store_bind_text(s, 8, ev->doors_open);
	store_bind_text(s, 9, ev->timezone);
	store_bind_text(s, 10, ev->tag);
	store_bind_text(s, 11, ev->staff_pin);
	sqlite3_bind_int(s, 12, ev->expected);
	if (!exists)
		sqlite3_bind_blob(s, 13, key, sizeof key, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 14, now);
	if (sqlite3_step(s) != SQLITE_DONE) {
		store_sqlerr(st, err, "cannot save the event");
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
	sqlite3_stmt *s = store_stmt(st, "SELECT title, organizer, venue, address, date, start, end_time,"
	                                 " doors_open, timezone, tag, staff_pin, expected FROM event WHERE id = 1", err);
	memset(ev, 0, sizeof *ev);
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return ck_fail(err, CK_NOT_FOUND, "no event set up; run 'checkin-admin init --event FILE'");
		return store_sqlerr(st, err, "cannot read the event");
	}
	ev->title = store_col_text(s, 0);
	ev->organizer = store_col_text(s, 1);
	ev->venue = store_col_text(s, 2);
	ev->address = store_col_text(s, 3);
	ev->date = store_col_text(s, 4);
	ev->start = store_col_text(s, 5);
	ev->end = store_col_text(s, 6);
	ev->doors_open = store_col_text(s, 7);
	ev->timezone = store_col_text(s, 8);
	ev->tag = store_col_text(s, 9);
	ev->staff_pin = store_col_text(s, 10);
	ev->expected = sqlite3_column_int(s, 11);
	sqlite3_reset(s);
	return 0;
}

int store_event_key(store *st, unsigned char key[CODE_KEYLEN], char tag[CODE_TAGLEN + 1], ck_err *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT secret, tag FROM event WHERE id = 1", err);
	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return ck_fail(err, CK_NOT_FOUND, "no event set up; run 'checkin-admin init --event FILE'");
	}
	if (sqlite3_column_bytes(s, 0) != CODE_KEYLEN) {
		sqlite3_reset(s);
		return ck_fail(err, CK_CORRUPT, "the event's secret key is damaged");
	}
	memcpy(key, sqlite3_column_blob(s, 0), CODE_KEYLEN);
	snprintf(tag, CODE_TAGLEN + 1, "%s", (const char *)sqlite3_column_text(s, 1));
	sqlite3_reset(s);
	return 0;
}
