/* store_sqlite.c - the embedded engine: one SQLite file per event.
 *
 * Durability: WAL with synchronous=FULL means that when COMMIT returns the
 * transaction is in the fsync'ed WAL, so a greeting shown afterwards
 * survives a power cut. Concurrency: writers take BEGIN IMMEDIATE and wait
 * up to busy_timeout for each other; readers never block writers.
 *
 * A full disk: SQLite appends every commit to the -wal file and only an
 * automatic checkpoint (at 1000 pages) lets it start over, so on a nearly
 * full disk the WAL grew into the last free bytes and every later commit
 * failed, even after some space came back. Now a write that fails with
 * SQLITE_FULL is followed, once the transaction is rolled back, by
 * wal_checkpoint(TRUNCATE), which moves the committed pages into the
 * database and gives the WAL's space back; the caller's retry (the kiosk
 * retries I/O errors every second) then has room. journal_size_limit
 * keeps the WAL from staying large after a big transaction.
 *
 * Out of memory (found by tests/core/test_sqlfault.c, which fails SQLite's
 * Nth allocation): SQLite may fail a bind or the copy of a column's value
 * without failing the statement, and a lookup bound to NULL finds nothing.
 * So a statement whose binding failed does not run (lite_step fails), a
 * transaction in which a value could not be read is not committed
 * (lite_before_commit), and ROLLBACK is prepared at open, so that ending a
 * transaction needs no memory.
 *
 * Waiting for a change (lite_wait): SQLite cannot notify another process,
 * so the dashboard used to look every 250 ms. The database's folder is
 * watched with inotify instead: any commit writes the -wal (or the file),
 * the watch wakes the waiter at once, and PRAGMA data_version says whether
 * the data really changed (other files in the folder wake it for nothing,
 * which costs one PRAGMA). A commit's last write to a file is the WAL's
 * fsync; it becomes visible a moment later, in the shared memory (which
 * inotify does not see). So after a write the waiter looks every
 * LITE_WAIT_STEP_MS for LITE_WAIT_HOT_MS (a slow laptop disk's fsync)
 * before it sleeps on the watch again, and it looks at least every
 * LITE_WAIT_IDLE_MS in case a commit became visible after that spell (a
 * process stalled on a busy machine). Without inotify it looks every
 * LITE_WAIT_BLIND_MS. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>
#include "clock.h"
#include "i18n.h"
#include "store_backend.h"
#include "text.h"

#define LITE_WAIT_STEP_MS 5   /* lite_wait: how often it looks after a write */
#define LITE_WAIT_BLIND_MS 50 /* ... and without inotify */
#define LITE_WAIT_HOT_MS 500 /* ... and for how long after a write */
#define LITE_WAIT_IDLE_MS 1000 /* ... and at least this often without one */
#define LITE_BUSY_MS 5000 /* how long a writer waits for another's lock */
#define WAL_LIMIT (4 << 20) /* journal_size_limit: what the WAL keeps after a checkpoint */

struct lite {
	sqlite3 *db;
	int full;               /* a write failed with SQLITE_FULL: checkpoint after the rollback */
	int lost;               /* a value read since BEGIN came back empty: out of memory */
	int unbound;            /* the failing step's binding ran out of memory */
	sqlite3_stmt *rollback; /* prepared at open */
	int watch;              /* inotify on the folder (lite_wait): -1 none yet, -2 unavailable */
};

#define DB(st) ((st)->lite->db)
#define STMT(s) ((sqlite3_stmt *)(s)->lite)

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
	st->lite->full = 0;
	sqlite3_wal_checkpoint_v2(DB(st), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

/* After a failure with SQLite result rc: on a full disk, checkpoint now
 * when no transaction is open, else once store_rollback ends it. */
static void note_full(store *st, int rc)
{
	if ((rc & 0xff) != SQLITE_FULL)
		return;
	st->lite->full = 1;
	if (sqlite3_get_autocommit(DB(st)))
		checkpoint_truncate(st);
}

void lite_rollback(store *st)
{
	if (!sqlite3_get_autocommit(DB(st))) {
		if (st->lite->rollback) {
			sqlite3_step(st->lite->rollback);
			sqlite3_reset(st->lite->rollback);
		}
		if (!sqlite3_get_autocommit(DB(st))) /* not prepared, or it failed */
			sqlite3_exec(DB(st), "ROLLBACK", NULL, NULL, NULL);
	}
	st->lite->lost = 0;
	if (st->lite->full && sqlite3_get_autocommit(DB(st)))
		checkpoint_truncate(st);
}

void lite_began(store *st)
{
	st->lite->lost = 0;
}

int lite_lost(store *st)
{
	return st->lite->lost;
}

int lite_before_commit(store *st, ck_err *err)
{
	if (!st->lite->lost)
		return 0;
	return ck_fail(err, CK_NOMEM, _("không hoàn tất được việc ghi vào cơ sở dữ liệu: hết bộ nhớ khi đọc; chưa ghi gì cả"));
}

int lite_after_failure(store *st, ck_err *err, const char *what)
{
	int rc = st->lite->unbound ? SQLITE_NOMEM : sqlite3_extended_errcode(DB(st));
	st->lite->unbound = 0;
	ck_fail(err, sql_kind(rc), "%s: %s", what, rc == SQLITE_NOMEM ? _("hết bộ nhớ") : sqlite3_errmsg(DB(st)));
	note_full(st, rc);
	return -1;
}

int lite_conflict(store *st)
{
	int rc = sqlite3_extended_errcode(DB(st));
	return rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE;
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

int lite_exec(store *st, const char *sql, ck_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(DB(st), sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		sqlite3_free(msg);
		/* without err the caller asks store_sqlerr, which must still
		 * find SQLite's error: it checkpoints after reading it */
		if (err)
			lite_after_failure(st, err, _("lỗi cơ sở dữ liệu"));
		return -1;
	}
	return 0;
}

sqlite3 *store_db(store *st)
{
	return st->lite ? DB(st) : NULL;
}

int lite_in_tx(store *st)
{
	return !sqlite3_get_autocommit(DB(st));
}

static int user_version(store *st, int *version, ck_err *err)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(DB(st), "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return lite_after_failure(st, err, _("không đọc được phiên bản lược đồ"));
	*version = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return 0;
}

/* store_warm: user_version written back as it is dirties the header page,
 * so the commit writes one frame to the WAL (creating it if needed). It
 * does not wait for another writer: one that holds the lock has made the
 * WAL already (CK_BUSY then). */
int lite_warm(store *st, ck_err *err)
{
	int version = 0, rc = -1;
	char buf[64];
	lite_busy_wait(st, 0);
	if (store_begin(st, err) < 0)
		goto out;
	if (user_version(st, &version, err) < 0) {
		store_rollback(st);
		goto out;
	}
	snprintf(buf, sizeof buf, "PRAGMA user_version = %d", version);
	if (lite_exec(st, buf, err) < 0) {
		store_rollback(st);
		goto out;
	}
	rc = store_commit(st, err);
out:
	lite_busy_wait(st, -1);
	return rc;
}

void lite_busy_wait(store *st, int ms)
{
	sqlite3_busy_timeout(DB(st), ms < 0 ? LITE_BUSY_MS : ms);
}

static int migrate(store *st, const char *path, ck_err *err)
{
	int version = 0;
	char buf[64];

	if (user_version(st, &version, err) < 0)
		return -1;
	if (version > store_migration_count)
		return ck_fail(err, CK_STATE, _("'%s' có phiên bản lược đồ %d, mới hơn phiên bản %d của chương trình này"),
		               path, version, store_migration_count);
	while (version < store_migration_count) {
		if (store_begin(st, err) < 0)
			return -1;
		/* re-read under the write lock: another process may have migrated */
		if (user_version(st, &version, err) < 0) {
			store_rollback(st);
			return -1;
		}
		if (version >= store_migration_count) {
			store_rollback(st);
			break;
		}
		snprintf(buf, sizeof buf, "PRAGMA user_version = %d", version + 1);
		if (lite_exec(st, lite_migrations[version], err) < 0 || lite_exec(st, buf, err) < 0) {
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
	               _("cơ sở dữ liệu '%s' bị hỏng (%s); hãy khôi phục từ bản sao lưu, hoặc nhờ hỗ trợ trước khi dùng"),
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
			ck_fail(err, CK_IO, _("không mở được cơ sở dữ liệu '%s': '%s' chỉ đọc: %s"), path, name,
			        strerror(errno));
			return;
		}
	}
	folder_of(path, dir, sizeof dir);
	if (!writable(dir))
		ck_fail(err, CK_IO,
		        _("không mở được cơ sở dữ liệu '%s': không ghi được vào thư mục '%s' của nó (cơ sở dữ liệu giữ "
		          "các tệp -wal và -shm ở đó): %s"), path, dir, strerror(errno));
}

int lite_open(store *st, const char *path, ck_err *err)
{
	if (!(st->lite = calloc(1, sizeof *st->lite)) || !(st->where = strdup(path)))
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	st->lite->watch = -1;
	int orc = sqlite3_open_v2(path, &st->lite->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                          NULL);
	if (orc != SQLITE_OK) {
		ck_fail(err, sql_kind(orc), _("không mở được cơ sở dữ liệu '%s': %s"), path,
		         DB(st) ? sqlite3_errmsg(DB(st)) : _("hết bộ nhớ"));
		goto fail;
	}
	sqlite3_busy_timeout(DB(st), LITE_BUSY_MS);
	sqlite3_extended_result_codes(DB(st), 1);
	/* cache_size: a 100,000-row import stays in memory instead of spilling
	 * pages to the WAL and reading them back (64 MiB at most, used as needed).
	 * temp_store: a statement that writes many rows and could fail half
	 * way keeps a statement journal, to undo just itself (INSERT OR
	 * ROLLBACK needs none, but a row checked against a foreign key, as
	 * the codes' are, still does);
	 * in a file it cost a write() per page, 900,000 of them for 100,000
	 * delegates. In memory it is a few pages per statement. */
	if (lite_exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
	                  " PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;", err) < 0) {
		ck_fail(err, err ? err->kind : CK_IO, _("không mở được cơ sở dữ liệu '%s': %s"), path, sqlite3_errmsg(DB(st)));
		goto fail;
	}
	{
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA journal_size_limit = %d", WAL_LIMIT);
		if (lite_exec(st, sql, err) < 0)
			goto fail;
	}
	if (sqlite3_create_function(DB(st), "fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_fold, NULL,
	                            NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(DB(st), "ROLLBACK", -1, SQLITE_PREPARE_PERSISTENT, &st->lite->rollback, NULL) !=
	            SQLITE_OK) {
		lite_after_failure(st, err, _("không mở được cơ sở dữ liệu"));
		goto fail;
	}
	if (migrate(st, path, err) < 0)
		goto fail;
	return 0;
fail:
	if (err && err->kind == CK_IO)
		explain_unwritable(path, err);
	if (err && err->kind == CK_CORRUPT && DB(st)) /* as store_check says it */
		damaged(path, err, sqlite3_errmsg(DB(st)));
	return -1;
}

void lite_close(store *st)
{
	sqlite3_finalize(st->lite->rollback);
	sqlite3_close(DB(st));
	if (st->lite->watch >= 0)
		close(st->lite->watch);
	free(st->lite);
	st->lite = NULL;
}

int lite_check(store *st, ck_err *err)
{
	sqlite3_stmt *s = NULL;
	char first[256] = "";
	int rc, rows = 0, ok = 0;

	if (sqlite3_prepare_v2(DB(st), "PRAGMA quick_check", -1, &s, NULL) != SQLITE_OK)
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
	return damaged(st->where, err, why);
damaged_or_failed:
	rc = sqlite3_extended_errcode(DB(st));
	if (sql_kind(rc) == CK_CORRUPT) {
		damaged(st->where, err, sqlite3_errmsg(DB(st)));
	} else {
		lite_after_failure(st, err, _("không kiểm tra được cơ sở dữ liệu"));
	}
	sqlite3_finalize(s);
	return -1;
}

int64_t lite_data_version(store *st)
{
	sqlite3_stmt *s = NULL;
	int64_t v = 0;
	/* not cached: PRAGMA data_version must be re-run on this connection */
	if (sqlite3_prepare_v2(DB(st), "PRAGMA data_version", -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return (v << 32) ^ (int64_t)sqlite3_total_changes(DB(st));
}

/* The inotify descriptor watching the database's folder for writes, made
 * on first use; -1 when the system has none (then lite_wait polls). */
static int folder_watch(store *st)
{
	struct lite *l = st->lite;
	if (l->watch == -1) {
		char dir[PATH_MAX];
		folder_of(st->where, dir, sizeof dir);
		l->watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (l->watch >= 0 && inotify_add_watch(l->watch, dir, IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO) < 0) {
			close(l->watch);
			l->watch = -1;
		}
		if (l->watch < 0)
			l->watch = -2;
	}
	return l->watch >= 0 ? l->watch : -1;
}

int lite_wait(store *st, int timeout_ms)
{
	int fd = folder_watch(st);
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int drained = 0;

	/* Drop what was queued, then read v: a write after the drain wakes us.
	 * A commit written just before it may not be visible in v yet, so when
	 * something was drained the wait starts hot. */
	if (fd >= 0)
		while (read(fd, buf, sizeof buf) > 0)
			drained = 1;
	int64_t v = lite_data_version(st);
	int64_t now = clock_mono_ms(), end = now + timeout_ms;
	int64_t hot_until = drained ? now + LITE_WAIT_HOT_MS : 0;
	for (;;) {
		int64_t left = end - now;
		if (left <= 0)
			return 0;
		if (fd >= 0 && now >= hot_until) {
			struct pollfd p = {.fd = fd, .events = POLLIN};
			/* at most LITE_WAIT_IDLE_MS: a commit seen late (a process
			 * stalled longer than the hot spell) costs that, not the wait */
			if (poll(&p, 1, left < LITE_WAIT_IDLE_MS ? (int)left : LITE_WAIT_IDLE_MS) > 0) {
				while (read(fd, buf, sizeof buf) > 0)
					;
				hot_until = clock_mono_ms() + LITE_WAIT_HOT_MS;
			}
		} else {
			int step = fd >= 0 ? LITE_WAIT_STEP_MS : LITE_WAIT_BLIND_MS;
			clock_sleep_ms(left < step ? (int)left : step);
		}
		if (lite_data_version(st) != v)
			return 1;
		now = clock_mono_ms();
	}
}

/* --- statements --- */

int lite_prepare(store *st, struct sql_stmt *s, ck_err *err)
{
	sqlite3_stmt *p = NULL;
	if (sqlite3_prepare_v3(DB(st), s->sql, -1, SQLITE_PREPARE_PERSISTENT, &p, NULL) != SQLITE_OK)
		return lite_after_failure(st, err, _("lỗi cơ sở dữ liệu"));
	s->lite = p;
	return 0;
}

void lite_finalize(struct sql_stmt *s)
{
	if (s->lite)
		sqlite3_finalize(STMT(s));
	s->lite = NULL;
}

void lite_reset(struct sql_stmt *s)
{
	sqlite3_reset(STMT(s));
	sqlite3_clear_bindings(STMT(s));
	s->unbound = 0;
}

int lite_step(struct sql_stmt *s)
{
	if (s->unbound) { /* it would run with a NULL in place of a value */
		s->st->lite->unbound = 1;
		return SQLITE_NOMEM;
	}
	if (sqlite3_get_autocommit(DB(s->st)))
		s->st->lite->lost = 0; /* a read outside a transaction stands alone */
	int rc = sqlite3_step(STMT(s));
	if (rc == SQLITE_ROW)
		return SQL_ROW;
	if (rc == SQLITE_DONE) {
		s->changes = sqlite3_changes(DB(s->st));
		return SQL_DONE;
	}
	return rc; /* an SQLite error code: never SQL_ROW or SQL_DONE */
}

/* Bindings copy their values, which takes memory: a failed one is
 * remembered until the next reset, and the step fails. */
static void bound(struct sql_stmt *s, int rc)
{
	if (rc != SQLITE_OK)
		s->unbound = 1;
}
void lite_bind_int64(struct sql_stmt *s, int i, int64_t v) { bound(s, sqlite3_bind_int64(STMT(s), i, v)); }
void lite_bind_text(struct sql_stmt *s, int i, const char *v)
{
	if (v)
		bound(s, sqlite3_bind_text(STMT(s), i, v, -1, SQLITE_TRANSIENT));
	else
		bound(s, sqlite3_bind_null(STMT(s), i));
}
void lite_bind_text_ref(struct sql_stmt *s, int i, const char *v)
{
	if (v)
		bound(s, sqlite3_bind_text(STMT(s), i, v, -1, SQLITE_STATIC));
	else
		bound(s, sqlite3_bind_null(STMT(s), i));
}
void lite_bind_blob(struct sql_stmt *s, int i, const void *p, size_t n)
{
	bound(s, sqlite3_bind_blob(STMT(s), i, p, (int)n, SQLITE_TRANSIENT));
}
void lite_bind_null(struct sql_stmt *s, int i) { bound(s, sqlite3_bind_null(STMT(s), i)); }
int64_t lite_col_int64(struct sql_stmt *s, int c) { return sqlite3_column_int64(STMT(s), c); }

/* A value handed over as NULL although the column is not NULL: SQLite ran
 * out of memory copying it (its error code says so). */
static void read_lost(struct sql_stmt *s, const void *p)
{
	if (!p && sqlite3_errcode(DB(s->st)) == SQLITE_NOMEM)
		s->st->lite->lost = 1;
}
const char *lite_col_text(struct sql_stmt *s, int c)
{
	const char *t = (const char *)sqlite3_column_text(STMT(s), c);
	read_lost(s, t);
	return t;
}
int lite_col_isnull(struct sql_stmt *s, int c) { return sqlite3_column_type(STMT(s), c) == SQLITE_NULL; }
size_t lite_col_blob(struct sql_stmt *s, int c, void *buf, size_t cap)
{
	const void *p = sqlite3_column_blob(STMT(s), c);
	size_t n = (size_t)sqlite3_column_bytes(STMT(s), c);
	read_lost(s, p);
	if (!p)
		return 0;
	memcpy(buf, p, n < cap ? n : cap);
	return n;
}
