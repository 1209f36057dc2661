/* test_hostile.c - every code of tests/hostile-codes.txt marked for core
 * ('c') through checkin_code(), as a scanner and as a camera reads it:
 * the result the table defines, exactly one audit row saying so, and
 * nobody counted. The kiosk's channels (scanner keys and QR frames) read
 * the same table in tests/kiosk/hostile.py.
 *
 * Usage: test_hostile TABLE */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "checkin/checkin.h"
#include "fixture.h"
#include "hostile.h"
#include "store_internal.h"

static long count(store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long n = -1;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* The newest audit row's action into buf. */
static void last_action(store *st, char *buf, size_t len)
{
	sqlite3_stmt *s = NULL;
	buf[0] = '\0';
	if (sqlite3_prepare_v2(store_db(st), "SELECT action FROM audit ORDER BY id DESC LIMIT 1", -1, &s, NULL) ==
	            SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		snprintf(buf, len, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

static char *code_of(store *st, int64_t id)
{
	struct delegate d;
	ck_err err;
	char *c = NULL;
	if (delegate_get(st, id, &d, &err) == 0 && d.code)
		c = strdup(d.code);
	delegate_release(&d);
	return c;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_hostile TABLE\n");
		return 2;
	}
	FILE *fp = fopen(argv[1], "r");
	if (!fp) {
		perror(argv[1]);
		return 2;
	}
	store *st = fixture_store("GL23", NULL);
	ck_err err;
	struct checkin_outcome out = {0};
	int64_t a = fixture_add(st, "Nguyễn Văn Mã", NULL, "Cấp xã", 0);
	int64_t b = fixture_add(st, "Trần Thị Đến", NULL, "Cấp xã", 0);
	int64_t c = fixture_add(st, "Lê Văn Thay", NULL, "Cấp xã", 0);
	int64_t d = fixture_add(st, "Phạm Thị Thu", NULL, "Cấp xã", 0);
	int64_t e = fixture_add(st, "Võ Văn Bớt", NULL, "Cấp xã", 0);
	char *code = code_of(st, a), *present = code_of(st, b), *replaced = code_of(st, c), *voided = code_of(st, d),
	     *removed = code_of(st, e), fresh[CODE_LEN + 1], foreign[CODE_LEN + 1], forged[CODE_LEN + 1],
	     shortform[CODE_SHORTLEN + 1];
	unsigned char other[CODE_KEYLEN];
	CHECK(fixture_delegate(st, b, "cua-chinh", METHOD_MANUAL, 1000, &out, &err) == 0 && out.result == CHECKIN_OK);
	CHECK(delegate_reissue(st, c, fresh, &err) == 0);
	CHECK(delegate_revoke(st, d, &err) == 0);
	CHECK(delegate_remove(st, e, &err) == 0);
	CHECK(code_keygen(other, NULL) == 0 && code_generate(other, "KT24", foreign, NULL) == 0 &&
	      code_generate(other, "GL23", forged, NULL) == 0);
	code_short(code, shortform);
	const struct hostile_var vars[] = {
		{"code", code}, {"present", present}, {"replaced", replaced}, {"voided", voided}, {"removed", removed},
		{"foreign", foreign}, {"forged", forged}, {"short", shortform}, {"tag", "GL23"}, {NULL, NULL}};

	long live = count(st, "SELECT count(*) FROM checkin WHERE undone_at IS NULL");
	struct hostile_line l;
	int rc, lines = 0, tried = 0;
	const enum checkin_method methods[] = {METHOD_SCANNER, METHOD_CAMERA};
	while ((rc = hostile_next(fp, &l, vars)) == 1) {
		char want[32], action[64], got[64];
		lines++;
		CHECK_MSG(strspn(l.channels, "ckf") == strlen(l.channels) && l.channels[0], "%s: channels '%s'", l.name,
		          l.channels);
		hostile_expect(&l, 'c', want, sizeof want);
		CHECK_MSG(checkin_result_parse(want) > CHECKIN_OK, "%s: '%s' is a refusal or 'already'", l.name, want);
		if (!strchr(l.channels, 'c'))
			continue;
		snprintf(action, sizeof action, "scan-%s", want);
		for (size_t m = 0; m < sizeof methods / sizeof *methods; m++) {
			long before = count(st, "SELECT count(*) FROM audit");
			tried++;
			int r = fixture_code(st, l.code, "cua-chinh", methods[m], 2000 + tried, &out, &err);
			CHECK_MSG(r == 0, "%s: checkin_code failed: %s", l.name, err.msg);
			CHECK_MSG(r == 0 && !strcmp(checkin_result_name(out.result), want), "%s (%s): %s, want %s", l.name,
			          method_name(methods[m]), r == 0 ? checkin_result_name(out.result) : "failure", want);
			CHECK_MSG(count(st, "SELECT count(*) FROM audit") == before + 1, "%s: exactly one audit row", l.name);
			last_action(st, got, sizeof got);
			CHECK_MSG(!strcmp(got, action), "%s: audited as '%s', want '%s'", l.name, got, action);
			CHECK_MSG(count(st, "SELECT count(*) FROM checkin WHERE undone_at IS NULL") == live,
			          "%s: nobody counted", l.name);
		}
	}
	CHECK_MSG(rc == 0, "the table reads to its end");
	CHECK_MSG(lines >= 30, "the table has %d codes", lines);
	printf("hostile codes: %d in the table, %d tried in core, each refused as defined and audited once\n", lines,
	       tried);
	checkin_outcome_release(&out);
	fclose(fp);
	free(code);
	free(present);
	free(replaced);
	free(voided);
	free(removed);
	store_close(st);
	fixture_cleanup();
	return check_summary("test_hostile");
}
