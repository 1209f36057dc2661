/* test_import.c - roster_import against a store that already has
 * delegates: two rows naming one delegate (one by id, one by name and
 * organisation) are a duplicate, refused, never applied over each other. */
#include <string.h>
#include "check.h"
#include "fixture.h"
#include "checkin/roster.h"

static char *name_of(store *st, int64_t id)
{
	struct delegate d;
	ck_err err;
	char *n = NULL;
	if (delegate_get(st, id, &d, &err) == 0) {
		n = strdup(d.name);
		delegate_release(&d);
	}
	return n;
}

int main(void)
{
	store *st = fixture_store("GL23", NULL);
	struct import_report rep;
	ck_err err;
	char csv[400];
	char *n;

	snprintf(csv, sizeof csv, "%s/t.csv", fixture_dir);
	fixture_write(csv, "name,organization\nNguyễn Văn An,Sở A\nLê Thị Bình,Sở B\n");
	CHECK(roster_import(st, csv, 0, &rep, &err) == 0 && rep.added == 2);
	import_report_release(&rep);

	/* line 2 finds delegate 1 by name and organisation, line 3 by id */
	fixture_write(csv, "id,name,organization\n,Nguyễn Văn An,Sở A\n1,Trần Văn Khác,Sở C\n");
	CHECK_MSG(roster_import(st, csv, 0, &rep, &err) < 0, "a file naming one delegate twice is refused");
	CHECK(rep.nproblems == 1 && rep.problems[0].line == 3 && strstr(rep.problems[0].message, "dòng 2"));
	import_report_release(&rep);
	CHECK((n = name_of(st, 1)) && !strcmp(n, "Nguyễn Văn An"));
	free(n);

	/* with --skip-invalid the first row is kept, the duplicate skipped and reported */
	CHECK(roster_import(st, csv, 1, &rep, &err) == 0);
	CHECK(rep.nproblems == 1 && rep.skipped == 1 && rep.updated == 0 && rep.unchanged == 1);
	import_report_release(&rep);
	CHECK((n = name_of(st, 1)) && !strcmp(n, "Nguyễn Văn An"));
	free(n);

	/* issue 15: two people with one name in one organisation. With ids
	 * they are two delegates, without a word; without ids they are two
	 * delegates with a warning naming both lines, and importing the file
	 * again finds each (the k-th row the k-th delegate) */
	{
		store *s2 = fixture_store("GL23", NULL);
		char csv2[400];
		snprintf(csv2, sizeof csv2, "%s/twins.csv", fixture_dir);
		fixture_write(csv2, "id,name,organization\n501,Nguyễn Văn Hùng,Bộ Tài chính\n502,Nguyễn Văn Hùng,Bộ Tài chính\n");
		CHECK(roster_import(s2, csv2, 0, &rep, &err) == 0 && rep.added == 2 && rep.nproblems == 0 && rep.nwarnings == 0);
		import_report_release(&rep);
		fixture_write(csv2, "name,organization\nTrần Thị Lan,Sở Y tế\nLê Văn Tám,Sở Y tế\nTrần Thi Lan,Sở Y tế\n");
		CHECK(roster_import(s2, csv2, 0, &rep, &err) == 0 && rep.added == 3 && rep.nproblems == 0);
		CHECK(rep.nwarnings == 1 && rep.warnings[0].line == 4 && strstr(rep.warnings[0].message, "dòng 2"));
		import_report_release(&rep);
		CHECK(roster_import(s2, csv2, 0, &rep, &err) == 0 && rep.added == 0 && rep.unchanged == 3);
		import_report_release(&rep);
		/* an id that is also used on another row is still refused */
		fixture_write(csv2, "id,name,organization\n501,A,X\n501,B,Y\n");
		CHECK(roster_import(s2, csv2, 0, &rep, &err) < 0 && rep.nproblems == 1 && rep.problems[0].line == 3);
		import_report_release(&rep);
		store_close(s2);
	}

	/* a bad header is reported as FILE:LINE: like a bad row */
	fixture_write(csv, "name,name\nA,B\n");
	char want[480];
	snprintf(want, sizeof want, "%s:1: cột 'name' xuất hiện hai lần", csv);
	CHECK(roster_import(st, csv, 0, &rep, &err) < 0);
	CHECK_MSG(!strcmp(err.msg, want), "got '%s', want '%s'", err.msg, want);
	import_report_release(&rep);

	/* an ordinary re-import by id still updates */
	fixture_write(csv, "id,name,organization\n1,Nguyễn Văn An,Sở A mới\n2,Lê Thị Bình,Sở B\n");
	CHECK(roster_import(st, csv, 0, &rep, &err) == 0 && rep.updated == 1 && rep.unchanged == 1 && rep.nproblems == 0);
	import_report_release(&rep);

	store_close(st);
	fixture_cleanup();
	return check_summary("test_import");
}
