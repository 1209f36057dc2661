/* test_substitute.c - deputies who come in a delegate's place (đi thay):
 * set, replace and clear; the delegate's loads carry the deputy; a
 * check-in with the delegate's code is the seat's one arrival; the audit
 * log names both people; bad text and unknown ids are refused; and on
 * PostgreSQL a door's replica copies the substitute and its clearing, so
 * that a door cut off greets the deputy too.
 *
 * The store is the fixture's: SQLite, or PostgreSQL under CHECKIN_TEST_PG. */
#include <string.h>
#include "check.h"
#include "checkin/checkin.h"
#include "checkin/counts.h"
#include "checkin/replica.h"
#include "checkin/substitute.h"
#include "fixture.h"

static const char *path;

static int64_t ask(const char *sql)
{
	int64_t v = -1;
	if (fixture_sql(path, sql, &v) < 0)
		return -1;
	return v;
}

static void replica_part(store *st, int64_t id, const char *code)
{
	char file[400];
	store *r;
	struct checkin_outcome out = {0};
	struct substitute sub = {.name = "Lê Văn Cường"};
	ck_err err;

	snprintf(file, sizeof file, "%s/door.db", fixture_dir);
	if (store_open(file, &r, &err) < 0) {
		fprintf(stderr, "%s: %s\n", file, err.msg);
		exit(2);
	}
	CHECK_MSG(replica_pull(st, r, &err) == 0, "%s", err.msg);
	/* the door decides from its copy (as when the server is away) */
	struct checkin_req req = {.payload = code, .station = "cua-phu", .method = METHOD_CAMERA,
	                          .at_ms = 1698370000000, .outbox = 1};
	CHECK_MSG(checkin_record(r, &req, &out, &err) == 0, "%s", err.msg);
	CHECK(out.result == CHECKIN_OK && out.delegate.id == id);
	CHECK(out.delegate.sub_name && !strcmp(out.delegate.sub_name, "Trần Thị Bình"));
	checkin_outcome_release(&out);
	int sent = 0;
	CHECK_MSG(replica_drain(r, st, 10, &sent, &err) == 0 && sent == 1, "%s", err.msg);

	/* replaced, then cleared on the server: the copy follows both */
	CHECK_MSG(substitute_set(st, id, &sub, NULL, 1698370001000, &err) == 0, "%s", err.msg);
	CHECK_MSG(replica_pull(st, r, &err) == 0, "%s", err.msg);
	struct delegate d;
	CHECK(delegate_get(r, id, &d, &err) == 0 && d.sub_name && !strcmp(d.sub_name, "Lê Văn Cường"));
	delegate_release(&d);
	CHECK_MSG(substitute_clear(st, id, NULL, 1698370002000, &err) == 0, "%s", err.msg);
	CHECK_MSG(replica_pull(st, r, &err) == 0, "%s", err.msg);
	CHECK(delegate_get(r, id, &d, &err) == 0 && !d.sub_name && !d.sub_at);
	delegate_release(&d);
	store_close(r);
}

int main(void)
{
	store *st = fixture_store("GL23", &path);
	struct checkin_outcome out = {0};
	struct counts c;
	struct delegate d;
	ck_err err;
	int64_t at = 1698367200000;
	char sql[200];

	int64_t a = fixture_add(st, "Nguyễn Văn An", "UBND huyện Chư Sê", "Lãnh đạo", ROLE_VIP);
	int64_t b = fixture_add(st, "Phạm Thị Hoa", "Sở Tài chính", "Cấp tỉnh", 0);
	CHECK(delegate_get(st, a, &d, &err) == 0 && !d.sub_name && !d.sub_at);
	char *code = d.code ? strdup(d.code) : NULL;
	delegate_release(&d);

	/* refused: nobody, an unknown id, control characters, a blank name */
	struct substitute sub = {.name = "Trần Thị Bình", .title = "Phó Chủ tịch", .organization = "UBND huyện Chư Sê"};
	CHECK(substitute_set(st, 999, &sub, NULL, at, &err) < 0 && err.kind == CK_NOT_FOUND);
	struct substitute bad = {.name = "Trần\x1b[31m Bình"};
	CHECK(substitute_set(st, a, &bad, NULL, at, &err) < 0 && err.kind == CK_INVALID && strstr(err.msg, "name"));
	bad = (struct substitute){.name = "Trần Bình", .organization = "Sở\x07"};
	CHECK(substitute_set(st, a, &bad, NULL, at, &err) < 0 && err.kind == CK_INVALID &&
	      strstr(err.msg, "organization") && strstr(err.msg, "U+0007"));
	bad = (struct substitute){.name = "   "};
	CHECK(substitute_set(st, a, &bad, NULL, at, &err) < 0 && err.kind == CK_INVALID);
	bad = (struct substitute){.name = "Tr\xff\xfe"};
	CHECK(substitute_set(st, a, &bad, NULL, at, &err) < 0 && err.kind == CK_INVALID);
	CHECK(substitute_clear(st, a, NULL, at, &err) < 0 && err.kind == CK_STATE);
	CHECK(ask("SELECT COUNT(*) FROM substitute") == 0);

	/* set: every load of the delegate carries the deputy (NFC, trimmed) */
	struct substitute decomposed = {.name = "  Tra\xcc\x82\xcc\x80n Thi\xcc\xa3 Bi\xcc\x80nh ", .title = "Phó Chủ tịch",
	                                .organization = "UBND huyện Chư Sê"};
	CHECK_MSG(substitute_set(st, a, &decomposed, "cua-chinh", at, &err) == 0, "%s", err.msg);
	CHECK(delegate_get(st, a, &d, &err) == 0);
	CHECK(d.sub_name && !strcmp(d.sub_name, "Trần Thị Bình"));
	CHECK(d.sub_title && !strcmp(d.sub_title, "Phó Chủ tịch"));
	CHECK(d.sub_organization && !strcmp(d.sub_organization, "UBND huyện Chư Sê"));
	CHECK(d.sub_station && !strcmp(d.sub_station, "cua-chinh") && d.sub_at == at);
	CHECK(!strcmp(d.name, "Nguyễn Văn An")); /* the delegate stays who they are */
	delegate_release(&d);
	struct delegate *v;
	size_t n;
	CHECK(delegate_list(st, NULL, &v, &n, &err) == 0 && n == 2);
	if (n == 2) {
		CHECK(v[0].id == a && v[0].sub_name && !strcmp(v[0].sub_name, "Trần Thị Bình"));
		CHECK(v[1].id == b && !v[1].sub_name);
	}
	delegates_free(v, n);
	/* the audit log names both */
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit WHERE action = 'substitute' AND delegate_id = %lld"
	         " AND detail LIKE '%%Trần Thị Bình%%Nguyễn Văn An%%'", (long long)a);
	CHECK(ask(sql) == 1);

	/* the deputy arrives with the delegate's code: one arrival, greeted as the deputy */
	CHECK(fixture_code(st, code, "cua-chinh", METHOD_CAMERA, at + 1000, &out, &err) == 0);
	CHECK(out.result == CHECKIN_OK && out.delegate.id == a);
	CHECK(out.delegate.sub_name && !strcmp(out.delegate.sub_name, "Trần Thị Bình"));
	CHECK(fixture_code(st, code, "cua-phu", METHOD_CAMERA, at + 2000, &out, &err) == 0);
	CHECK(out.result == CHECKIN_ALREADY && out.delegate.sub_name);
	checkin_outcome_release(&out);
	CHECK(counts_get(st, &c, &err) == 0);
	CHECK(c.arrived == 1 && c.registered == 2);
	counts_release(&c);

	/* marked after the arrival (at the door): still one arrival; replaced keeps one row */
	struct substitute other = {.name = "Võ Minh Tâm"};
	CHECK(substitute_set(st, a, &other, "cua-chinh", at + 3000, &err) == 0);
	CHECK(ask("SELECT COUNT(*) FROM substitute") == 1);
	CHECK(delegate_get(st, a, &d, &err) == 0 && d.sub_name && !strcmp(d.sub_name, "Võ Minh Tâm") && !d.sub_title);
	delegate_release(&d);
	CHECK(counts_get(st, &c, &err) == 0 && c.arrived == 1);
	counts_release(&c);

	/* cleared: the delegate is themselves again; the log keeps it */
	CHECK_MSG(substitute_clear(st, a, NULL, at + 4000, &err) == 0, "%s", err.msg);
	CHECK(delegate_get(st, a, &d, &err) == 0 && !d.sub_name);
	delegate_release(&d);
	CHECK(substitute_clear(st, a, NULL, at + 5000, &err) < 0 && err.kind == CK_STATE);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit WHERE action = 'substitute-clear' AND delegate_id = %lld"
	         " AND detail LIKE '%%Võ Minh Tâm%%Nguyễn Văn An%%'", (long long)a);
	CHECK(ask(sql) == 1);
	/* set again after a clear */
	CHECK(substitute_set(st, a, &sub, NULL, at + 6000, &err) == 0);
	CHECK(delegate_get(st, a, &d, &err) == 0 && d.sub_name && !strcmp(d.sub_name, "Trần Thị Bình"));
	delegate_release(&d);

	/* a removed delegate cannot get one */
	CHECK(delegate_remove(st, b, &err) == 0);
	CHECK(substitute_set(st, b, &sub, NULL, at, &err) < 0 && err.kind == CK_NOT_FOUND);

	if (fixture_pg()) {
		/* the door's copy: undo the arrival so the door admits the deputy */
		CHECK(checkin_undo(st, a, "cua-chinh", at + 7000, NULL, &err) == 0);
		replica_part(st, a, code);
	} else {
		printf("test_substitute: on SQLite, skipped: a door's replica copies from a PostgreSQL server only\n");
	}
	free(code);
	store_close(st);
	fixture_cleanup();
	return check_summary("test_substitute");
}
