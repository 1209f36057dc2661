/* test_store.c - migrations from an empty database and from version 1,
 * reopening, and the event record. */
#include <sqlite3.h>
#include <string.h>
#include "check.h"
#include "fixture.h"

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

static int has_index(const char *path, const char *name)
{
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

int main(void)
{
	const char *path = fixture_db_path();
	store *st;
	ck_err err;
	struct event ev, back;
	char buf[64];

	/* from nothing */
	CHECK(store_open(path, &st, &err) == 0);
	CHECK(user_version(path) == store_schema_version());
	CHECK(store_event_load(st, &back, &err) < 0 && strstr(err.msg, "checkin-admin init"));
	fixture_event(&ev, "GL23");
	ev.expected = 230;
	CHECK(store_event_init(st, &ev, &err) == 0);
	CHECK(store_event_load(st, &back, &err) == 0);
	CHECK(!strcmp(back.title, ev.title) && back.expected == 230 && !strcmp(back.tag, "GL23"));
	event_release(&back);
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

	/* reopen: nothing to do */
	CHECK(store_open(path, &st, &err) == 0);
	store_close(st);
	CHECK(user_version(path) == store_schema_version());

	/* from version 1: step 2 adds the time indexes */
	{
		sqlite3 *db;
		sqlite3_open(path, &db);
		sqlite3_exec(db, "DROP INDEX checkin_at; DROP INDEX audit_at; PRAGMA user_version = 1;", NULL, NULL, NULL);
		sqlite3_close(db);
	}
	CHECK(user_version(path) == 1 && !has_index(path, "checkin_at"));
	CHECK(store_open(path, &st, &err) == 0);
	CHECK(user_version(path) == store_schema_version());
	CHECK(has_index(path, "checkin_at") && has_index(path, "audit_at"));
	store_close(st);

	/* a newer database than this program is refused */
	{
		sqlite3 *db;
		sqlite3_open(path, &db);
		sqlite3_exec(db, "PRAGMA user_version = 99;", NULL, NULL, NULL);
		sqlite3_close(db);
	}
	CHECK(store_open(path, &st, &err) < 0 && strstr(err.msg, "newer"));

	/* an unwritable place gives a message naming it */
	CHECK(store_open("/nonexistent-dir/x.db", &st, &err) < 0 && strstr(err.msg, "/nonexistent-dir/x.db"));

	CHECK(!strcmp(store_path_resolve("a.db"), "a.db"));
	setenv("CHECKIN_DB", "env.db", 1);
	CHECK(!strcmp(store_path_resolve(NULL), "env.db"));
	unsetenv("CHECKIN_DB");
	CHECK(!strcmp(store_path_resolve(NULL), "data/checkin.db"));
	fixture_cleanup();
	return check_summary("test_store");
}
