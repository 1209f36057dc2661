/* test_roster.c - the CSV edge cases Excel produces, each with the rows
 * and problems (by line) it must give. */
#include <string.h>
#include "check.h"
#include "checkin/roster.h"

struct csv_case {
	const char *name;
	const char *data;
	int fatal;               /* roster_parse returns -1 */
	size_t rows;             /* good rows */
	const char *problems;    /* "line,line" of problems, "" for none */
	const char *first_name;  /* NFC name of the first good row, or NULL */
	const char *first_org;
	unsigned first_roles;
};

static const struct csv_case cases[] = {
	{"plain comma", "name,title,organization\nA,B,C\nD,E,F\n", 0, 2, "", "A", "C", 0},
	{"BOM + CRLF", "\xEF\xBB\xBFname,organization\r\nNguyễn Văn A,Sở Xây dựng\r\n", 0, 1, "", "Nguyễn Văn A",
	 "Sở Xây dựng", 0},
	{"semicolon (Vietnamese Excel)", "Họ và tên;Chức vụ;Đơn vị\r\nLê Thị Bé;Giám đốc;Sở A, Sở B\r\n", 0, 1, "",
	 "Lê Thị Bé", "Sở A, Sở B", 0},
	{"headers without diacritics, odd case and spaces", "  HO TEN ; don vi ;VAI TRÒ\nX;Y;tham luận|khen thưởng\n", 0, 1,
	 "", "X", "Y", 6},
	{"quoted delimiter, quote and newline",
	 "name,organization,roles\n\"Trần \"\"Út\"\" Em\",\"UBND xã Glar,\nhuyện Đak Đoa\",\"vip,presenter\"\nB,C,\n", 0, 2,
	 "", "Trần \"Út\" Em", "UBND xã Glar,\nhuyện Đak Đoa", 3},
	{"NFD input becomes NFC", "name\nNguye\xCC\x82\xCC\x83n Thi\xCC\xA3 Ho\xCC\x82\xCC\x80ng\n", 0, 1, "",
	 "Nguyễn Thị Hồng", NULL, 0},
	{"row without a name", "name,title\n,Giám đốc\nA,B\n", 0, 1, "2", "A", NULL, 0},
	{"unknown role", "name,roles\nA,vip\nB,vip2\nC,awardee\n", 0, 2, "3", "A", NULL, 1},
	{"invalid UTF-8", "name,title\nA\xC3,B\nC,D\n", 0, 1, "2", "C", NULL, 0},
	{"broken quote mid-file", "name,title\nA,\"B\nC,D\"x\nE,F\n", 0, 1, "2", "E", NULL, 0},
	{"unterminated quote at end", "name,title\nA,B\nC,\"D\n", 0, 1, "3", "A", NULL, 0},
	{"blank lines and empty rows skipped", "name\n\nA\n,\n\r\nB\n", 0, 2, "", "A", NULL, 0},
	/* two people, one name (issue 15): both rows are kept; the warning is test_import's */
	{"same name and organisation", "name,organization\nA,X\nB,X\na ,x\n", 0, 3, "", "A", "X", 0},
	{"duplicate id", "id,name\n1,A\n1,B\n", 0, 1, "3", "A", NULL, 0},
	{"bad id", "id,name\nx,A\n2,B\n", 0, 1, "2", "B", NULL, 0},
	{"too many fields", "name,title\nA,B,C\nD,E,\n", 0, 1, "2", "D", NULL, 0},
	{"bad e-mail", "name,email\nA,not-an-address\nB,b@example.vn\n", 0, 1, "2", "B", NULL, 0},
	{"no final newline", "name\nA", 0, 1, "", "A", NULL, 0},
	{"stt and notes columns ignored", "STT,Họ và tên,Ghi chú\n1,A,x\n", 0, 1, "", "A", NULL, 0},
	{"unknown column is fatal", "name,colour\nA,red\n", 1, 0, "", NULL, NULL, 0},
	{"no name column is fatal", "title\nA\n", 1, 0, "", NULL, NULL, 0},
	{"empty file is fatal", "", 1, 0, "", NULL, NULL, 0},
	{"BOM only is fatal", "\xEF\xBB\xBF", 1, 0, "", NULL, NULL, 0},
	{"duplicate column is fatal", "name,họ tên\nA,B\n", 1, 0, "", NULL, NULL, 0},
};

static void problems_string(const struct roster *r, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < r->nproblems; i++)
		o += snprintf(buf + o, o < len ? len - o : 0, "%s%zu", i ? "," : "", r->problems[i].line);
}

int main(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct csv_case *c = &cases[i];
		struct roster r;
		ck_err err;
		char probs[128];
		int rc = roster_parse(c->data, strlen(c->data), &r, &err);
		CHECK_MSG((rc < 0) == c->fatal, "%s: rc %d (%s)", c->name, rc, rc < 0 ? err.msg : "");
		if (rc < 0) {
			CHECK_MSG(strstr(err.msg, "dòng") || strstr(err.msg, "tệp rỗng"), "%s: message '%s' names no place",
			          c->name, err.msg);
			continue;
		}
		problems_string(&r, probs, sizeof probs);
		CHECK_MSG(r.nrows == c->rows, "%s: %zu rows, want %zu", c->name, r.nrows, c->rows);
		CHECK_MSG(!strcmp(probs, c->problems), "%s: problems at '%s', want '%s'", c->name, probs, c->problems);
		for (size_t k = 0; k < r.nproblems; k++)
			CHECK_MSG(r.problems[k].message && *r.problems[k].message, "%s: empty message", c->name);
		if (c->first_name && r.nrows) {
			CHECK_MSG(!strcmp(r.rows[0].d.name, c->first_name), "%s: name '%s'", c->name, r.rows[0].d.name);
			if (c->first_org)
				CHECK_MSG(r.rows[0].d.organization && !strcmp(r.rows[0].d.organization, c->first_org),
				          "%s: organization '%s'", c->name, r.rows[0].d.organization);
			CHECK_MSG(r.rows[0].d.roles == c->first_roles, "%s: roles %u", c->name, r.rows[0].d.roles);
		}
		roster_release(&r);
	}
	return check_summary("test_roster");
}
