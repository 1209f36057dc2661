/* test_checkin.c - the check-in rules: ok, already, undo, revoked,
 * foreign, invalid, short codes, counts, search, re-import, and two
 * processes racing to check in the same delegates. */
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "checkin/checkin.h"
#include "checkin/counts.h"
#include "fixture.h"
#include "checkin/roster.h"
#include "checkin/text.h"

static char *code_of(store *st, int64_t id)
{
	struct delegate d;
	ck_err err;
	char *c = NULL;
	if (delegate_get(st, id, &d, &err) == 0) {
		c = d.code ? strdup(d.code) : NULL;
		delegate_release(&d);
	}
	return c;
}

int main(void)
{
	const char *path;
	store *st = fixture_store("GL23", &path);
	struct checkin_outcome out = {0};
	ck_err err;
	int64_t t0 = 1698367200000; /* 2023-10-27 07:40 +07 */

	int64_t hong = fixture_add(st, "Nguyễn Thị Hồng", "UBND xã Biển Hồ", "Cấp xã", ROLE_PRESENTER);
	int64_t minh = fixture_add(st, "Trần Văn Minh", "Sở Xây dựng", "Cấp tỉnh", ROLE_VIP);
	int64_t lan = fixture_add(st, "Rah Lan Chung", "Báo Gia Lai", "Báo chí", 0);
	char *code = code_of(st, hong);
	CHECK(code && strlen(code) == CODE_LEN);

	/* ok, then already with the first time and station */
	CHECK(fixture_code(st, code, "cua-chinh", METHOD_CAMERA, t0, &out, &err) == 0);
	CHECK(out.result == CHECKIN_OK && out.delegate.id == hong && out.delegate.arrived_at == t0);
	CHECK(fixture_code(st, code, "cua-phu", METHOD_SCANNER, t0 + 60000, &out, &err) == 0);
	CHECK(out.result == CHECKIN_ALREADY && out.delegate.arrived_at == t0 && out.delegate.station && !strcmp(out.delegate.station, "cua-chinh"));
	CHECK(fixture_delegate(st, hong, "admin", METHOD_MANUAL, t0 + 90000, &out, &err) == 0);
	CHECK(out.result == CHECKIN_ALREADY && out.delegate.arrived_at == t0);

	struct counts c;
	CHECK(counts_get(st, &c, &err) == 0);
	CHECK(c.arrived == 1 && c.registered == 3 && c.expected == 3);
	CHECK(c.nabsent == 1 && c.absent_roles[0].id == minh);
	for (size_t i = 0; i < c.ncategories; i++)
		if (!strcmp(c.categories[i].name, "Cấp xã"))
			CHECK(c.categories[i].arrived == 1 && c.categories[i].registered == 1);
	counts_release(&c);

	/* undo keeps the row in the log; checking in again counts once */
	CHECK(checkin_undo(st, hong, "admin", t0 + 100000, NULL, &err) == 0);
	CHECK(checkin_undo(st, hong, "admin", t0 + 100001, NULL, &err) < 0 && strstr(err.msg, "Nguyễn Thị Hồng"));
	CHECK(counts_get(st, &c, &err) == 0 && c.arrived == 0);
	counts_release(&c);
	CHECK(fixture_code(st, code, "cua-phu", METHOD_CAMERA, t0 + 200000, &out, &err) == 0 && out.result == CHECKIN_OK);
	CHECK(counts_get(st, &c, &err) == 0 && c.arrived == 1);
	counts_release(&c);
	int64_t last;
	CHECK(checkin_last(st, "cua-phu", &last, &err) == 0 && last == hong);
	CHECK(checkin_last(st, "nowhere", &last, &err) == 0 && last == 0);

	/* revoked after reissue; the new code works */
	char *mcode = code_of(st, minh), fresh[CODE_LEN + 1];
	CHECK(delegate_reissue(st, minh, fresh, &err) == 0 && strcmp(fresh, mcode));
	CHECK(fixture_code(st, mcode, "cua-chinh", METHOD_CAMERA, t0, &out, &err) == 0);
	CHECK(out.result == CHECKIN_REVOKED && out.delegate.id == minh);
	CHECK(checkin_revoked_why(&out) == REVOKED_REPLACED);
	/* blanks around a code are not part of it, for every method; inside they are */
	{
		char spaced[CODE_LEN + 8], inner[CODE_LEN + 2];
		snprintf(spaced, sizeof spaced, " \t%s\r\n", fresh);
		snprintf(inner, sizeof inner, "%.19s %s", fresh, fresh + 19);
		CHECK(fixture_code(st, inner, "cua-chinh", METHOD_MANUAL, t0, &out, &err) == 0 &&
		      out.result == CHECKIN_INVALID);
		CHECK(fixture_code(st, spaced, "cua-chinh", METHOD_MANUAL, t0, &out, &err) == 0 &&
		      out.result == CHECKIN_OK && out.delegate.id == minh);
		CHECK(fixture_code(st, spaced + 1, "cua-chinh", METHOD_SCANNER, t0, &out, &err) == 0 &&
		      out.result == CHECKIN_ALREADY && out.delegate.id == minh);
		CHECK(checkin_undo(st, minh, "cua-chinh", t0, NULL, &err) == 0);
		size_t n;
		const char *bare = code_strip(spaced, &n);
		CHECK(n == CODE_LEN && !strncmp(bare, fresh, n));
		CHECK(code_strip(" \t ", &n) && n == 0);
		CHECK(*code_strip("\xC2\xA0x", &n) == '\xC2' && n == 3); /* a no-break space is not a blank */
	}
	CHECK(fixture_code(st, fresh, "cua-chinh", METHOD_CAMERA, t0, &out, &err) == 0 && out.result == CHECKIN_OK);

	/* revoke without replacement */
	char *lcode = code_of(st, lan);
	CHECK(delegate_revoke(st, lan, &err) == 0);
	CHECK(fixture_code(st, lcode, "cua-chinh", METHOD_CAMERA, t0, &out, &err) == 0 && out.result == CHECKIN_REVOKED);
	CHECK(out.delegate.id == lan && checkin_revoked_why(&out) == REVOKED_VOIDED);
	CHECK(delegate_revoke(st, lan, &err) < 0);

	/* foreign and invalid; a forged code with our tag is invalid */
	unsigned char other[CODE_KEYLEN];
	char foreign[CODE_LEN + 1];
	CHECK(code_keygen(other, NULL) == 0);
	CHECK(code_generate(other, "KT24", foreign, NULL) == 0);
	CHECK(fixture_code(st, foreign, "cua-chinh", METHOD_CAMERA, t0, &out, &err) == 0 && out.result == CHECKIN_FOREIGN);
	CHECK(code_generate(other, "GL23", foreign, NULL) == 0);
	CHECK(fixture_code(st, foreign, "cua-chinh", METHOD_CAMERA, t0, &out, &err) == 0 && out.result == CHECKIN_INVALID);
	CHECK(fixture_code(st, "hello", "cua-chinh", METHOD_SCANNER, t0, &out, &err) == 0 && out.result == CHECKIN_INVALID);

	/* short form: only when staff type it */
	char shortcode[CODE_SHORTLEN + 1];
	code_short(fresh, shortcode);
	CHECK(fixture_code(st, shortcode, "cua-chinh", METHOD_CAMERA, t0, &out, &err) == 0 && out.result == CHECKIN_INVALID);
	CHECK(fixture_code(st, shortcode, "ban-le-tan", METHOD_MANUAL, t0, &out, &err) == 0);
	CHECK(out.result == CHECKIN_ALREADY && out.delegate.id == minh);

	/* search ignores case and diacritics, NFD too */
	struct delegate *v;
	size_t n;
	struct delegate_filter f = {.name = "nguyen thi hong"};
	CHECK(delegate_list(st, &f, &v, &n, &err) == 0 && n == 1 && v[0].id == hong);
	delegates_free(v, n);
	f.name = "NGUYE\xCC\x82\xCC\x83N";
	CHECK(delegate_list(st, &f, &v, &n, &err) == 0 && n == 1);
	delegates_free(v, n);
	f.name = "%";
	CHECK(delegate_list(st, &f, &v, &n, &err) == 0 && n == 0);
	delegates_free(v, n);
	char *folded = text_fold("  Đặng   Thị HỒNG ");
	CHECK(folded && !strcmp(folded, "dang thi hong"));
	free(folded);

	/* every attempt is audited, refused ones too */
	{
		int64_t refused = -1;
		CHECK(fixture_sql(path, "SELECT COUNT(*) FROM audit WHERE action IN ('scan-invalid','scan-foreign','scan-revoked')",
		                  &refused) == 0);
		CHECK_MSG(refused >= 6, "%lld refused scans audited", (long long)refused);
	}

	/* re-import updates details and keeps codes; a bad file changes nothing */
	char csv[400];
	snprintf(csv, sizeof csv, "%s/r.csv", fixture_dir);
	fixture_write(csv, "name,organization,title\nNguyễn Thị Hồng,UBND xã Biển Hồ,Chủ tịch UBND xã\nMới Một,Sở Y tế,\n");
	struct import_report rep;
	CHECK(roster_import(st, csv, 0, &rep, &err) == 0 && rep.added == 1 && rep.updated == 1);
	import_report_release(&rep);
	char *again = code_of(st, hong);
	CHECK(again && !strcmp(again, code));
	free(again);
	CHECK(roster_import(st, csv, 0, &rep, &err) == 0 && rep.unchanged == 2 && rep.added == 0);
	import_report_release(&rep);
	fixture_write(csv, "name,organization\nHai Hai,X\n,Y\n");
	CHECK(roster_import(st, csv, 0, &rep, &err) < 0 && rep.nproblems == 1 && rep.problems[0].line == 3);
	import_report_release(&rep);
	f = (struct delegate_filter){.name = "hai hai"};
	CHECK(delegate_list(st, &f, &v, &n, &err) == 0 && n == 0);
	delegates_free(v, n);
	CHECK(roster_import(st, csv, 1, &rep, &err) == 0 && rep.added == 1 && rep.nproblems == 1);
	import_report_release(&rep);
	CHECK(roster_import(st, "/nonexistent.csv", 0, &rep, &err) < 0 && strstr(err.msg, "/nonexistent.csv"));
	import_report_release(&rep);

	/* remove: refused after arrival, allowed before */
	CHECK(delegate_remove(st, hong, &err) < 0);
	int64_t gone = fixture_add(st, "Tạm Thời", NULL, "Cấp xã", 0);
	char *gcode = code_of(st, gone);
	CHECK(delegate_remove(st, gone, &err) == 0);
	CHECK(fixture_code(st, gcode, "x", METHOD_CAMERA, t0, &out, &err) == 0 && out.result == CHECKIN_REVOKED);
	CHECK(out.delegate.id == 0 && checkin_revoked_why(&out) == REVOKED_REMOVED);
	free(gcode);

	/* a long station name comes back whole, as recorded */
	int64_t far = fixture_add(st, "Xa Trạm", NULL, "Cấp xã", 0);
	const char *station = "Bàn 1: cổng chính Hội trường 2/9 — bàn lễ tân số một ở tầng trệt"; /* byte 63 is inside a character */
	CHECK(fixture_delegate(st, far, station, METHOD_MANUAL, t0, &out, &err) == 0 && out.result == CHECKIN_OK);
	CHECK(out.delegate.station && !strcmp(out.delegate.station, station));
	CHECK(fixture_delegate(st, far, "y", METHOD_MANUAL, t0, &out, &err) == 0 && out.result == CHECKIN_ALREADY);
	CHECK(out.delegate.station && !strcmp(out.delegate.station, station) && out.delegate.arrived_at == t0);

	/* the outcome is the delegate as the transaction read it */
	CHECK(fixture_delegate(st, far, "y", METHOD_MANUAL, t0, &out, &err) == 0 && out.delegate.id == far &&
	      !strcmp(out.delegate.name, "Xa Trạm") && out.delegate.category && !strcmp(out.delegate.category, "Cấp xã"));
	/* and errors say what kind they are */
	CHECK(fixture_delegate(st, 987654, "y", METHOD_MANUAL, t0, &out, &err) < 0 && err.kind == CK_NOT_FOUND);
	CHECK(out.delegate.id == 0 && out.delegate.name == NULL);
	CHECK(checkin_undo(st, far + 1000, "y", t0, NULL, &err) < 0 && err.kind == CK_NOT_FOUND);

	/* a read snapshot does not see check-ins committed meanwhile */
	{
		store *reader;
		struct counts before, during, after;
		int64_t late = fixture_add(st, "Đến Muộn", "Sở Y tế", "Cấp tỉnh", 0);
		CHECK(store_open(path, &reader, &err) == 0);
		CHECK(store_read_begin(reader, &err) == 0);
		CHECK(counts_get(reader, &before, &err) == 0);
		CHECK(fixture_delegate(st, late, "cua-chinh", METHOD_CAMERA, t0, &out, &err) == 0 && out.result == CHECKIN_OK);
		CHECK(counts_get(reader, &during, &err) == 0 && during.arrived == before.arrived);
		store_read_end(reader);
		CHECK(counts_get(reader, &after, &err) == 0 && after.arrived == before.arrived + 1);
		counts_release(&before);
		counts_release(&during);
		counts_release(&after);
		store_close(reader);
	}

	/* a removal that commits while a door's check-in waits for the
	 * delegate is seen by the check-in: the code is then refused (by id:
	 * no such delegate), and the roster never has a removed delegate who
	 * arrived. On SQLite the writer lock keeps them apart; on PostgreSQL
	 * the office's connection here plays remove_tx by hand: it holds the
	 * delegate, and commits the removal once the door waits for it. */
	for (int by_id = 0; by_id < 2 && fixture_pg(); by_id++) {
		int64_t leaving = fixture_add(st, by_id ? "Rút Tên Hai" : "Rút Tên", "Sở Y tế", "Cấp tỉnh", 0);
		char *lcode_now = code_of(st, leaving), sql[200];
		PGconn *office = PQconnectdb(path);
		PGresult *r;
		snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(7302, %lld)", (long long)leaving);
		r = PQexec(office, sql);
		CHECK_MSG(PQresultStatus(r) == PGRES_TUPLES_OK, "%s", PQerrorMessage(office));
		PQclear(r);
		pid_t door = fork();
		if (door == 0) { /* exits with the result, or 10 + the kind of failure */
			store *mine;
			struct checkin_outcome o = {0};
			if (store_open(path, &mine, &err) < 0)
				_exit(9);
			int rc = by_id ? checkin_delegate(mine, leaving, "cua-chinh", METHOD_MANUAL, t0, &o, &err)
			               : checkin_code(mine, lcode_now, "cua-chinh", METHOD_CAMERA, t0, &o, &err);
			_exit(rc < 0 ? 10 + (int)err.kind : (int)o.result);
		}
		int waiting = 0;
		for (int i = 0; i < 400 && !waiting; i++) { /* up to 10 s */
			r = PQexec(office, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
			waiting = PQresultStatus(r) == PGRES_TUPLES_OK && atoi(PQgetvalue(r, 0, 0)) > 0;
			PQclear(r);
			if (!waiting)
				usleep(25000);
		}
		CHECK_MSG(waiting, "the door's check-in did not wait for the delegate");
		snprintf(sql, sizeof sql, "UPDATE delegate SET removed_at = 1 WHERE id = %lld;"
		                          " UPDATE code SET revoked_at = 1 WHERE delegate_id = %lld; COMMIT",
		         (long long)leaving, (long long)leaving);
		r = PQexec(office, sql);
		CHECK_MSG(PQresultStatus(r) == PGRES_COMMAND_OK, "%s", PQerrorMessage(office));
		PQclear(r);
		PQfinish(office);
		int status = 0, want = by_id ? 10 + CK_NOT_FOUND : CHECKIN_REVOKED;
		CHECK(waitpid(door, &status, 0) == door && WIFEXITED(status));
		CHECK_MSG(WEXITSTATUS(status) == want, "%s: the door's answer is %d, want %d", by_id ? "by id" : "by code",
		          WEXITSTATUS(status), want);
		int64_t arrived = -1;
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM checkin WHERE delegate_id = %lld", (long long)leaving);
		CHECK(fixture_sql(path, sql, &arrived) == 0 && arrived == 0);
		free(lcode_now);
	}
	if (!fixture_pg())
		fixture_skip("test_checkin", "a removal committed while a check-in waits (only PostgreSQL lets them overlap)");

	/* a code reissued while its old invitation was being printed stays unprinted */
	{
		struct delegate old;
		char renewed[CODE_LEN + 1];
		struct delegate_filter np = {.not_printed = 1, .id = minh};
		CHECK(delegate_get(st, minh, &old, &err) == 0 && old.code);
		CHECK(delegate_reissue(st, minh, renewed, &err) == 0);
		CHECK(delegate_mark_printed(st, &old, 1, &err) == 0);
		CHECK(delegate_list(st, &np, &v, &n, &err) == 0 && n == 1 && !strcmp(v[0].code, renewed));
		delegates_free(v, n);
		delegate_release(&old);
		CHECK(delegate_get(st, minh, &old, &err) == 0);
		CHECK(delegate_mark_printed(st, &old, 1, &err) == 0);
		CHECK(delegate_list(st, &np, &v, &n, &err) == 0 && n == 0);
		delegates_free(v, n);
		delegate_release(&old);
	}

	/* two processes race over the same 40 delegates: both connect, then
	 * start together (on PostgreSQL a connection takes longer than the
	 * first check-ins), and each delegate gets exactly one ok */
	int64_t ids[40];
	for (int i = 0; i < 40; i++) {
		char name[32];
		snprintf(name, sizeof name, "Đua %d", i);
		ids[i] = fixture_add(st, name, "Đua", "Đua", 0);
	}
	store_close(st);
	pid_t kids[2];
	int ready[2], go[2];
	CHECK(pipe(ready) == 0 && pipe(go) == 0);
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			store *mine;
			int oks = 0;
			char token = 'r';
			close(ready[0]);
			close(go[1]);
			if (store_open(path, &mine, &err) < 0) {
				fprintf(stderr, "racer %d: %s\n", k, err.msg);
				_exit(100);
			}
			if (write(ready[1], &token, 1) != 1 || read(go[0], &token, 1) != 0) /* EOF: go */
				_exit(102);
			for (int i = 0; i < 40; i++) {
				if (fixture_delegate(mine, ids[i], k ? "b" : "a", METHOD_CAMERA, t0 + i, &out, &err) < 0) {
					fprintf(stderr, "racer %d: delegate %lld: %s\n", k, (long long)ids[i], err.msg);
					_exit(101);
				}
				oks += out.result == CHECKIN_OK;
			}
			store_close(mine);
			_exit(oks);
		}
	}
	close(ready[1]);
	close(go[0]);
	{
		char token;
		int n_ready = 0;
		while (n_ready < 2 && read(ready[0], &token, 1) == 1)
			n_ready++;
		CHECK_MSG(n_ready == 2, "%d racers ready", n_ready);
		close(ready[0]);
		close(go[1]); /* go */
	}
	int total_ok = 0;
	for (int k = 0; k < 2; k++) {
		int status;
		waitpid(kids[k], &status, 0);
		CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) <= 40, "racer %d: status %d", k, status);
		if (WIFEXITED(status) && WEXITSTATUS(status) <= 40)
			total_ok += WEXITSTATUS(status);
	}
	CHECK_MSG(total_ok == 40, "%d ok results for 40 delegates", total_ok);
	CHECK(store_open(path, &st, &err) == 0);
	struct delegate_filter race = {.category = "Đua", .presence = PRESENCE_PRESENT};
	CHECK(delegate_list(st, &race, &v, &n, &err) == 0 && n == 40);
	delegates_free(v, n);
	CHECK(counts_get(st, &c, &err) == 0);
	for (size_t i = 0; i < c.ncategories; i++)
		if (!strcmp(c.categories[i].name, "Đua"))
			CHECK_MSG(c.categories[i].arrived == 40 && c.categories[i].registered == 40, "Đua: %d of %d counted",
			          (int)c.categories[i].arrived, (int)c.categories[i].registered);
	counts_release(&c);
	{
		int64_t rows = -1;
		CHECK(fixture_sql(path, "SELECT COUNT(*) FROM checkin k JOIN delegate d ON d.id = k.delegate_id"
		                        " WHERE d.category = 'Đua'", &rows) == 0);
		CHECK_MSG(rows == 40, "%lld check-in rows for the 40 racing delegates", (long long)rows);
	}

	free(code);
	free(mcode);
	free(lcode);
	store_close(st);
	checkin_outcome_release(&out);
	fixture_cleanup();
	return check_summary("test_checkin");
}
