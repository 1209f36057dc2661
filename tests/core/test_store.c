/* test_store.c - migrations from an empty database and from version 1,
 * reopening, the event record, the WAL's size limit, an unwritable folder
 * and a damaged store found by store_check.
 *
 * On PostgreSQL (CHECKIN_TEST_PG) the same steps run where they mean
 * something there: the schema version is checkin_schema's, version 1 is
 * pg_migrations[0], and a database that does not exist stands for the
 * unwritable place; the WAL, file permissions and page damage are
 * SQLite's own and are skipped, with a note. */
#include <sqlite3.h>
#include "store_backend.h"
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "fixture.h"
#include "store_internal.h"

static int user_version(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int v = -1;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* The schema version of either engine's database. */
static int schema_version(const char *path)
{
	int64_t v = -1;
	if (!store_is_conninfo(path))
		return user_version(path);
	if (fixture_sql(path, "SELECT version FROM checkin_schema", &v) < 0)
		return -1;
	return (int)v;
}

static int set_schema_version(const char *path, int v)
{
	char sql[80];
	if (store_is_conninfo(path))
		snprintf(sql, sizeof sql, "UPDATE checkin_schema SET version = %d", v);
	else
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
	return fixture_sql(path, sql, NULL);
}

static int has_index(const char *path, const char *name)
{
	if (store_is_conninfo(path)) {
		char sql[160];
		int64_t n = 0;
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM pg_indexes WHERE indexname = '%s'", name);
		return fixture_sql(path, sql, &n) == 0 && n == 1;
	}
	sqlite3 *db;
	sqlite3_stmt *s;
	int found = 0;
	sqlite3_open(path, &db);
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
		found = sqlite3_step(s) == SQLITE_ROW;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return found;
}

static int pragma_text(store *st, const char *path, const char *pragma, char *out, size_t len)
{
	(void)st;
	sqlite3 *db;
	sqlite3_stmt *s;
	int ok = 0;
	sqlite3_open(path, &db);
	if (sqlite3_prepare_v2(db, pragma, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
		snprintf(out, len, "%s", (const char *)sqlite3_column_text(s, 0));
		ok = 1;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return ok;
}

/* In a child, as a user other than root when run as root (root writes
 * anywhere): store_open of path must fail with a message containing want.
 * Returns 1 when it does, 0 when not, -1 when the test cannot be run. */
static int open_refused_as_user(const char *path, const char *want)
{
	pid_t pid = fork();
	int status;
	if (pid == 0) {
		store *st;
		ck_err err = {0};
		if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(3);
		if (store_open(path, &st, &err) == 0) {
			store_close(st);
			_exit(1);
		}
		if (!strstr(err.msg, want) || err.kind != CK_IO) {
			fprintf(stderr, "store_open('%s'): want '%s', got '%s'\n", path, want, err.msg);
			_exit(1);
		}
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 0;
	return WEXITSTATUS(status) == 3 ? -1 : WEXITSTATUS(status) == 0;
}

/* store_wait_change sees another process's commit: a child changes the
 * event 200 ms after the parent starts waiting (up to 20 s). With nobody
 * writing, a short wait ends with 0. */
static void wait_sees_other_process(const char *path)
{
	store *st;
	ck_err err;
	CHECK_MSG(store_open(path, &st, &err) == 0, "%s", err.msg);
	pid_t pid = fork();
	if (pid == 0) {
		store *w;
		struct event ev;
		struct timespec t = {0, 200 * 1000000L};
		nanosleep(&t, NULL);
		if (store_open(path, &w, &err) < 0 || store_event_load(w, &ev, &err) < 0)
			_exit(1);
		free(ev.title);
		ev.title = strdup("Hội nghị (đổi tên)");
		int rc = store_event_init(w, &ev, &err);
		event_release(&ev);
		store_close(w);
		_exit(rc == 0 ? 0 : 1);
	}
	CHECK(pid > 0);
	CHECK(store_wait_change(st, 20000) == 1);
	int status = 0;
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(store_wait_change(st, 100) == 0);
	store_close(st);
}

/* Overwrite page n (1-based) of the file at path with bytes from a fixed
 * pattern that is no valid b-tree page. */
static void damage_page(const char *path, int n)
{
	FILE *f = fopen(path, "r+b");
	unsigned char junk[4096];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof junk; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	if (!f || fseek(f, (long)(n - 1) * 4096, SEEK_SET) != 0 || fwrite(junk, 1, sizeof junk, f) != sizeof junk) {
		perror(path);
		exit(2);
	}
	fclose(f);
}

int main(void)
{
	const char *path = fixture_db_path();
	int pg = fixture_pg();
	store *st;
	ck_err err;
	struct event ev, back;
	char buf[64];

	/* from nothing */
	CHECK_MSG(store_open(path, &st, &err) == 0, "%s", err.msg);
	CHECK(schema_version(path) == store_schema_version());
	CHECK(store_event_load(st, &back, &err) < 0 && strstr(err.msg, "checkin-admin init"));
	fixture_event(&ev, "GL23");
	ev.expected = 230;
	CHECK(store_event_init(st, &ev, &err) == 0);
	CHECK(store_event_load(st, &back, &err) == 0);
	CHECK(!strcmp(back.title, ev.title) && back.expected == 230 && !strcmp(back.tag, "GL23"));
	CHECK(back.speech == 0);
	event_release(&back);
	/* speech = on is kept, and off again */
	ev.speech = 1;
	CHECK(store_event_init(st, &ev, &err) == 0 && store_event_load(st, &back, &err) == 0 && back.speech == 1);
	event_release(&back);
	ev.speech = 0;
	CHECK(store_event_init(st, &ev, &err) == 0 && store_event_load(st, &back, &err) == 0 && back.speech == 0);
	event_release(&back);
	if (pg)
		fixture_skip("test_store", "journal_mode is WAL");
	else
		CHECK(pragma_text(st, path, "PRAGMA journal_mode", buf, sizeof buf) && !strcmp(buf, "wal"));

	/* the key survives a re-init; the tag cannot change */
	unsigned char k1[CODE_KEYLEN], k2[CODE_KEYLEN];
	char tag[CODE_TAGLEN + 1];
	CHECK(store_event_key(st, k1, tag, &err) == 0);
	CHECK(store_event_init(st, &ev, &err) == 0);
	CHECK(store_event_key(st, k2, tag, &err) == 0 && !memcmp(k1, k2, sizeof k1));
	free(ev.tag);
	ev.tag = strdup("XX99");
	CHECK(store_event_init(st, &ev, &err) < 0 && strstr(err.msg, "tag"));
	event_release(&ev);
	store_close(st);

	wait_sees_other_process(path);

	/* reopen: nothing to do; another connection reads the same key */
	CHECK(store_open(path, &st, &err) == 0);
	CHECK(store_event_key(st, k2, tag, &err) == 0 && !memcmp(k1, k2, sizeof k1) && !strcmp(tag, "GL23"));
	store_close(st);
	CHECK(schema_version(path) == store_schema_version());

	/* from a real version 1 (as 06957dc made it), with a delegate in it:
	 * step 2 adds the time indexes, step 3 the doors' columns and the
	 * folded category the list filters on */
	{
		char old[4200];
		if (pg) {
			snprintf(old, sizeof old, "%s", fixture_pg_new_db());
			CHECK(fixture_sql(old, pg_migrations[0], NULL) == 0);
			/* PostgreSQL arrived with version 3: no server holds delegates
			 * in an older schema, and step 3 there does not fold existing
			 * categories (SQLite's fold() is the program's own function) */
			CHECK(fixture_sql(old, "CREATE TABLE checkin_schema (version integer NOT NULL);"
			                       " INSERT INTO checkin_schema VALUES (1);", NULL) == 0);
		} else {
			snprintf(old, sizeof old, "%s.v1", path);
			sqlite3 *db;
			sqlite3_open(old, &db);
			CHECK(sqlite3_exec(db, lite_migrations[0], NULL, NULL, NULL) == SQLITE_OK);
			CHECK(sqlite3_exec(db, "INSERT INTO delegate(id, name, category, name_key, created_at, updated_at)"
			                       " VALUES (7, 'Bà Trần Thị Mai', 'Khen thưởng', 'ba tran thi mai', 1, 1);"
			                       " PRAGMA user_version = 1;", NULL, NULL, NULL) == SQLITE_OK);
			sqlite3_close(db);
		}
		CHECK(schema_version(old) == 1 && !has_index(old, "checkin_at"));
		CHECK_MSG(store_open(old, &st, &err) == 0, "%s", err.msg);
		CHECK(schema_version(old) == store_schema_version());
		CHECK(has_index(old, "checkin_at") && has_index(old, "audit_at") && has_index(old, "checkin_nonce"));
		struct delegate_filter f = {.category = "KHEN THUONG"};
		struct delegate *v = NULL;
		size_t n = 0;
		if (pg) {
			fixture_skip("test_store", "a version 1 database with delegates in it");
		} else {
			CHECK_MSG(delegate_list(st, &f, &v, &n, &err) == 0 && n == 1 && v[0].id == 7, "%zu found", n);
			delegates_free(v, n);
		}
		store_close(st);
		if (!pg)
			unlink(old);
	}
	CHECK(store_open(path, &st, &err) == 0);
	CHECK(schema_version(path) == store_schema_version());
	CHECK(has_index(path, "checkin_at") && has_index(path, "audit_at"));
	store_close(st);

	/* a newer database than this program is refused */
	CHECK(set_schema_version(path, 99) == 0);
	CHECK(store_open(path, &st, &err) < 0 && strstr(err.msg, "mới hơn"));

	/* an unwritable place gives a message naming it; on PostgreSQL, a
	 * database that is not there */
	if (pg) {
		char nowhere[1100];
		snprintf(nowhere, sizeof nowhere, "%s", fixture_pg_conninfo("ck_no_such_database"));
		CHECK(store_open(nowhere, &st, &err) < 0);
		CHECK_MSG(strstr(err.msg, "ck_no_such_database") && err.kind != CK_INTERNAL, "got '%s' (kind %d)", err.msg,
		          err.kind);
	} else {
		CHECK(store_open("/nonexistent-dir/x.db", &st, &err) < 0 && strstr(err.msg, "/nonexistent-dir/x.db"));
	}

	/* a folder the program cannot write to is named as such, not as a
	 * read-only file (issue 11); a read-only file is named too */
	if (pg) {
		fixture_skip("test_store", "unwritable folder and read-only file");
	} else {
		char dir[400], db[450];
		snprintf(dir, sizeof dir, "%s/ro", fixture_dir);
		snprintf(db, sizeof db, "%s/x.db", dir);
		CHECK(mkdir(dir, 0755) == 0);
		CHECK(store_open(db, &st, &err) == 0);
		store_close(st); /* the last close removes -wal and -shm */
		CHECK(chmod(db, 0666) == 0 && chmod(dir, 0555) == 0 && chmod(fixture_dir, 0755) == 0);
		int r = open_refused_as_user(db, "không ghi được vào thư mục");
		if (r < 0)
			printf("test_store: cannot drop root here, unwritable folder not tested\n");
		else
			CHECK_MSG(r == 1, "an existing store in an unwritable folder");
		snprintf(db, sizeof db, "%s/new.db", dir);
		if (r >= 0)
			CHECK_MSG(open_refused_as_user(db, "không ghi được vào thư mục") == 1, "a new store there");
		snprintf(db, sizeof db, "%s/x.db", dir);
		CHECK(chmod(dir, 0755) == 0 && chmod(db, 0444) == 0);
		if (r >= 0)
			CHECK_MSG(open_refused_as_user(db, "chỉ đọc") == 1, "a read-only store");
		chmod(db, 0644);
	}

	/* the WAL is kept small after a checkpoint */
	CHECK(store_open(path, &st, &err) < 0); /* still version 99 from above */
	CHECK(set_schema_version(path, store_schema_version()) == 0);
	CHECK_MSG(store_open(path, &st, &err) == 0, "%s", err.msg);
	if (pg) {
		fixture_skip("test_store", "journal_size_limit");
	} else {
		sql_stmt *s = store_stmt(st, "PRAGMA journal_size_limit", &err);
		CHECK(s && sql_step(s) == SQL_ROW && sql_int64(s, 0) == 4 << 20);
		if (s)
			sql_reset(s);
	}

	/* store_check: a sound store passes; random bytes in a page in its
	 * middle are found (issue 11: the kiosk checked people in meanwhile) */
	for (int i = 0; i < 300; i++) {
		char name[40];
		snprintf(name, sizeof name, "Đại biểu %03d", i);
		fixture_add(st, name, "Sở Nội vụ", "Tỉnh", 0);
	}
	CHECK_MSG(store_check(st, &err) == 0, "%s", err.msg);
	store_close(st);
	if (pg) {
		fixture_skip("test_store", "a damaged page found by store_check");
	} else {
		{
			sqlite3 *db;
			sqlite3_open(path, &db);
			sqlite3_exec(db, "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
			sqlite3_close(db);
		}
		struct stat sb;
		CHECK(stat(path, &sb) == 0 && sb.st_size >= 8 * 4096);
		damage_page(path, (int)(sb.st_size / 4096 / 2));
		if (store_open(path, &st, &err) == 0) {
			CHECK_MSG(store_check(st, &err) < 0 && err.kind == CK_CORRUPT && strstr(err.msg, "bị hỏng") &&
			          strstr(err.msg, path), "got '%s'", err.msg);
			store_close(st);
		} else {
			CHECK_MSG(err.kind == CK_CORRUPT && strstr(err.msg, "bị hỏng"), "got '%s'", err.msg);
		}
	}

	CHECK(!strcmp(store_path_resolve("a.db"), "a.db"));
	setenv("CHECKIN_DB", "env.db", 1);
	CHECK(!strcmp(store_path_resolve(NULL), "env.db"));
	unsetenv("CHECKIN_DB");
	CHECK(!strcmp(store_path_resolve(NULL), "data/checkin.db"));
	fixture_cleanup();
	return check_summary("test_store");
}
