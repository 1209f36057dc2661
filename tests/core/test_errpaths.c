/* test_errpaths.c - every core call, refused or not, leaves the store idle:
 * no transaction open and no prepared statement stepped but not reset. A
 * statement left mid-step keeps a read snapshot open, which stalls WAL
 * checkpoints and hides other stations' commits from this connection; on
 * PostgreSQL an open transaction holds its locks and snapshot, and a
 * statement not reset holds its result (the same rows as with SQLite). */
#include <sqlite3.h>
#include <string.h>
#include "check.h"
#include "checkin/checkin.h"
#include "checkin/counts.h"
#include "fixture.h"
#include "checkin/roster.h"
#include "store_backend.h"

static void idle_at(store *st, const char *what, int line)
{
	sqlite3 *db = store_db(st);
	int busy = 0;
	if (db) {
		for (sqlite3_stmt *s = sqlite3_next_stmt(db, NULL); s; s = sqlite3_next_stmt(db, s))
			if (sqlite3_stmt_busy(s)) {
				fprintf(stderr, "%s:%d: after %s: statement still stepped: %s\n", __FILE__, line, what,
				        sqlite3_sql(s));
				busy = 1;
			}
	} else {
		for (int i = 0; i < STMT_CACHE && st->cache[i].sql; i++) {
			const struct sql_stmt *s = &st->cache[i];
			if (s->res && s->row < s->nrows) {
				fprintf(stderr, "%s:%d: after %s: statement still stepped: %s\n", __FILE__, line, what,
				        s->sql);
				busy = 1;
			}
		}
	}
	CHECK_MSG(!busy, "after %s (line %d)", what, line);
	CHECK_MSG(!store_in_tx(st), "after %s (line %d): transaction left open", what, line);
}
#define IDLE(st, what) idle_at((st), (what), __LINE__)

int main(void)
{
	const char *path;
	store *st = fixture_store("GL23", &path);
	struct checkin_outcome out = {0};
	struct event ev;
	struct delegate d;
	struct counts c;
	struct import_report rep;
	char code[CODE_LEN + 1], csv[400];
	ck_err err;
	int64_t a = fixture_add(st, "Nguyễn Văn An", NULL, NULL, ROLE_VIP), b = fixture_add(st, "Lê Thị Bình", NULL, NULL, ROLE_VIP), gone = fixture_add(st, "Phạm Văn Cường", NULL, NULL, ROLE_VIP);

	IDLE(st, "delegate_add");
	fixture_event(&ev, "XX99");
	CHECK(store_event_init(st, &ev, &err) < 0 && strstr(err.msg, "tag"));
	IDLE(st, "store_event_init with a new tag");
	event_release(&ev);
	CHECK(store_event_load(st, &ev, &err) == 0);
	event_release(&ev);
	IDLE(st, "store_event_load");

	CHECK(fixture_code(st, "NOT A CODE", "t", METHOD_SCANNER, 1, &out, &err) == 0 && out.result == CHECKIN_INVALID);
	IDLE(st, "checkin_code invalid");
	CHECK(fixture_code(st, "ABCD-EFGH", "t", METHOD_MANUAL, 1, &out, &err) == 0 && out.result == CHECKIN_INVALID);
	IDLE(st, "checkin_code unknown short form");
	CHECK(fixture_delegate(st, 9999, "t", METHOD_MANUAL, 1, &out, &err) < 0);
	IDLE(st, "checkin_delegate unknown id");
	CHECK(fixture_delegate(st, a, "t", METHOD_MANUAL, 1, &out, &err) == 0 && out.result == CHECKIN_OK);
	CHECK(fixture_delegate(st, a, "t", METHOD_MANUAL, 2, &out, &err) == 0 && out.result == CHECKIN_ALREADY);
	IDLE(st, "checkin_delegate already");
	CHECK(checkin_undo(st, b, "t", 3, NULL, &err) < 0);
	IDLE(st, "checkin_undo not checked in");
	CHECK(checkin_undo(st, 9999, "t", 3, NULL, &err) < 0);
	IDLE(st, "checkin_undo unknown id");

	CHECK(delegate_get(st, 9999, &d, &err) < 0);
	IDLE(st, "delegate_get unknown id");
	CHECK(delegate_get(st, b, &d, &err) == 0 && d.code);
	char old[CODE_LEN + 1];
	snprintf(old, sizeof old, "%s", d.code);
	delegate_release(&d);
	CHECK(delegate_reissue(st, b, code, &err) == 0);
	CHECK(fixture_code(st, old, "t", METHOD_SCANNER, 4, &out, &err) == 0 && out.result == CHECKIN_REVOKED);
	IDLE(st, "checkin_code revoked");
	CHECK(delegate_reissue(st, 9999, code, &err) < 0);
	IDLE(st, "delegate_reissue unknown id");
	CHECK(delegate_remove(st, a, &err) < 0);
	IDLE(st, "delegate_remove of an arrived delegate");
	CHECK(delegate_remove(st, gone, &err) == 0);
	CHECK(delegate_revoke(st, gone, &err) < 0);
	IDLE(st, "delegate_revoke of a removed delegate");
	struct delegate dup = {.method = -1, .id = a, .name = "Trùng"};
	CHECK(delegate_add(st, &dup, &err) < 0 && strstr(err.msg, "đã được dùng"));
	IDLE(st, "delegate_add with a taken id");
	struct delegate nobody = {.method = -1, .id = 9999, .name = "Không có"};
	CHECK(delegate_update(st, &nobody, &err) < 0);
	IDLE(st, "delegate_update unknown id");

	/* an import that fails while applying: the removed delegate's id is taken */
	snprintf(csv, sizeof csv, "%s/t.csv", fixture_dir);
	FILE *f = fopen(csv, "w");
	fprintf(f, "id,name\n%lld,Người mới\n", (long long)gone);
	fclose(f);
	CHECK(roster_import(st, csv, 0, &rep, &err) < 0 && strstr(err.msg, "đã được dùng"));
	import_report_release(&rep);
	IDLE(st, "roster_import failing in the transaction");
	f = fopen(csv, "w");
	fputs("name,roles\nA,vip2\n", f);
	fclose(f);
	CHECK(roster_import(st, csv, 0, &rep, &err) < 0 && rep.nproblems == 1);
	import_report_release(&rep);
	IDLE(st, "roster_import with a bad row");

	CHECK(counts_get(st, &c, &err) == 0 && c.arrived == 1);
	counts_release(&c);
	IDLE(st, "counts_get");
	int *hist;
	size_t n;
	int64_t start;
	CHECK(counts_histogram(st, 300000, 10, &hist, &n, &start, &err) == 0);
	free(hist);
	IDLE(st, "counts_histogram");
	int64_t last;
	CHECK(checkin_last(st, "nowhere", &last, &err) == 0 && last == 0);
	IDLE(st, "checkin_last");

	store_close(st);
	checkin_outcome_release(&out);
	fixture_cleanup();
	return check_summary("test_errpaths");
}
