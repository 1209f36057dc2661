/* test_programme.c - the programme file: the sample parses into what the
 * plan says, every error names its line and reason, the store keeps a
 * programme all or nothing and refuses ids that are not on the roster,
 * and the sample's presenters and award recipients are exactly the
 * sample roster's. argv[1]: data/ of the source tree. */
#include <string.h>
#include "check.h"
#include "checkin/programme.h"
#include "checkin/roster.h"
#include "fixture.h"

#define ITEM "[a]\ntime = 08:00\nkind = speech\ntitle = T\n"

static void expect_error(const char *text, int line, const char *want)
{
	struct programme p;
	ck_err err;
	char prefix[64];
	int rc = programme_parse("p.ini", text, strlen(text), &p, &err);
	snprintf(prefix, sizeof prefix, "p.ini:%d: ", line);
	CHECK_MSG(rc < 0 && !strncmp(err.msg, prefix, strlen(prefix)) && strstr(err.msg, want),
	          "want '%s%s', got '%s'", prefix, want, rc < 0 ? err.msg : "success");
	CHECK(p.n == 0 && p.items == NULL);
}

static int count_ids(void *arg, int64_t id, int line)
{
	int *seen = arg;
	(void)line;
	if (id > 0 && id < 1000)
		seen[id]++;
	return 0;
}

static void parser_tests(void)
{
	struct programme p;
	ck_err err;
	const char *ok = ITEM "[b]\ntime = 08:10\nkind = presentation\nlabel = a\ntitle = Một\n  hai\npresenter = 7\n"
	                 "[c]\ntime = 08:10\nkind = presentation\ntitle = X\norganization = Sở Xây dựng\n"
	                 "[kt]\ntime = 09:00\nkind = awards\ntitle = Khen\n"
	                 "[kt/1]\ntitle = Đợt 1\ncollective = HTX A | 12 | 13, 14 15\nindividual = 9\n"
	                 "[kt/2]\nindividual = 10\n[z]\ntime = 09:30\nkind = break\ntitle = Nghỉ\n";
	CHECK_MSG(programme_parse("p.ini", ok, strlen(ok), &p, &err) == 0, "%s", err.msg);
	CHECK(p.n == 5);
	if (p.n == 5) {
		CHECK(p.items[0].minute == 480 && p.items[0].kind == PROG_SPEECH);
		CHECK(!strcmp(p.items[1].title, "Một hai") && p.items[1].presenter == 7 && p.items[1].presenter_line == 11);
		CHECK(!strcmp(p.items[1].label, "a"));
		CHECK(p.items[2].presenter == 0 && !strcmp(p.items[2].organization, "Sở Xây dựng"));
		CHECK(p.items[3].kind == PROG_AWARDS && p.items[3].nbatches == 2);
		if (p.items[3].nbatches == 2) {
			struct prog_batch *b = &p.items[3].batches[0];
			CHECK(b->n == 2 && !strcmp(b->title, "Đợt 1") && !strcmp(b->id, "1"));
			CHECK(b->r[0].collective && !strcmp(b->r[0].collective, "HTX A") && b->r[0].delegate == 12);
			CHECK(b->r[0].nalternates == 3 && b->r[0].alternates[2] == 15 && b->r[0].line == 23);
			CHECK(!b->r[1].collective && b->r[1].delegate == 9);
			CHECK(p.items[3].batches[1].title == NULL && p.items[3].batches[1].r[0].delegate == 10);
		}
		CHECK(p.items[4].kind == PROG_BREAK);
	}
	programme_release(&p);

	/* a BOM and CRLF line ends, as Notepad writes */
	const char *crlf = "\xEF\xBB\xBF[a]\r\ntime = 08:00\r\nkind = film\r\ntitle = Phim\r\n";
	CHECK_MSG(programme_parse("p.ini", crlf, strlen(crlf), &p, &err) == 0, "%s", err.msg);
	CHECK(p.n == 1 && !strcmp(p.items[0].title, "Phim"));
	programme_release(&p);

	/* white space before a section as inih skips it (\v, \f): a section,
	 * but after a key a continuation of it, as inih reads it */
	const char *vt = "\v\f[a]\r\ntime = 08:00\nkind = film\ntitle = F\n\v[b]\n[c]\ntime = 09:00\nkind = break\ntitle = B\n";
	CHECK_MSG(programme_parse("p.ini", vt, strlen(vt), &p, &err) == 0, "%s", err.msg);
	CHECK(p.n == 2 && p.items[1].line == 6 && !strcmp(p.items[0].title, "F [b]"));
	programme_release(&p);
	expect_error("\v\v[a]\r\ntitle:0\n", 1, "thiếu 'time'");

	/* every error at its line */
	expect_error("", 1, "chưa có mục nào");
	expect_error("time = 08:00\n", 1, "ngoài mọi mục");
	expect_error(ITEM "[b]\ntime = 8h\n", 6, "giờ '8h'");
	expect_error(ITEM "[b]\ntime = 24:00\n", 6, "giờ '24:00'");
	expect_error(ITEM "[b]\ntime = 09:00\nkind = lecture\n", 7, "loại 'lecture'");
	expect_error(ITEM "[b]\ntime = 09:00\nkind = film\n[c]\ntime = 10:00\n", 5, "thiếu 'title'");
	expect_error(ITEM "[b]\nkind = film\ntitle = F\n", 5, "thiếu 'time'");
	expect_error(ITEM "[b]\ntime = 07:00\nkind = film\ntitle = F\n", 5, "sớm hơn");
	expect_error(ITEM "[b]\ntime = 09:00\nkind = presentation\ntitle = F\n", 5, "cần 'presenter' hoặc 'organization'");
	expect_error(ITEM "[b]\ntime = 09:00\nkind = presentation\ntitle = F\npresenter = 0\n", 9, "không phải số");
	expect_error(ITEM "[b]\ntime = 09:00\nkind = presentation\ntitle = F\npresenter = 7x\n", 9, "'7x'");
	expect_error(ITEM "[b]\ntime = 09:00\nkind = film\ntitle = F\npresenter = 7\n", 9, "không có người trình bày");
	expect_error(ITEM "colour = red\n", 5, "khóa 'colour'");
	expect_error(ITEM "time = 09:00\n", 5, "'time' xuất hiện hai lần");
	expect_error(ITEM "[a]\ntime = 09:00\n", 5, "mục '[a]' đã có ở dòng 1");
	expect_error(ITEM "[a]\n", 5, "không có nội dung");
	expect_error(ITEM "[b]\n[c]\ntime = 09:00\n", 5, "không có nội dung");
	expect_error(ITEM "[b c]\ntime = 09:00\n", 5, "không hợp lệ");
	expect_error(ITEM "this is not ini\n", 5, "cú pháp");
	expect_error(ITEM "[a/1]\nindividual = 3\n", 5, "không phải mục khen thưởng");
	expect_error(ITEM "[x/1]\nindividual = 3\n", 5, "ngay sau mục khen thưởng");
	expect_error(ITEM "[k]\ntime = 09:00\nkind = awards\ntitle = K\n[z]\ntime = 10:00\nkind = break\ntitle = Z\n", 5,
	             "chưa có đợt nào");
	expect_error(ITEM "[k]\ntime = 09:00\nkind = awards\ntitle = K\n", 5, "chưa có đợt nào");
	expect_error(ITEM "[k]\ntime = 09:00\nkind = awards\ntitle = K\n[k/1]\ntitle = D\n", 9, "chưa có ai");
	expect_error(ITEM "[k]\ntime = 09:00\nkind = awards\ntitle = K\n[k/1]\nindividual = 3\n[k/1]\nindividual = 4\n",
	             11, "đã có ở dòng 9");
	expect_error(ITEM "[k]\ntime = 09:00\nkind = awards\ntitle = K\n[k/1]\ncollective = HTX\n", 10, "Tên tập thể");
	expect_error(ITEM "[k]\ntime = 09:00\nkind = awards\ntitle = K\n[k/1]\ncollective = | 3\n", 10, "chưa có tên");
	expect_error(ITEM "[k]\ntime = 09:00\nkind = awards\ntitle = K\n[k/1]\ncollective = A | x\n", 10, "mã người nhận 'x'");
	expect_error(ITEM "[k]\ntime = 09:00\nkind = awards\ntitle = K\n[k/1]\ncollective = A | 3 | 4 y\n", 10, "'y'");
	expect_error(ITEM "[k]\ntime = 09:00\nkind = awards\ntitle = K\n[k/1]\ncollective = A | 3 | 3\n", 10, "cũng là người nhận");
	expect_error(ITEM "[k]\ntime = 09:00\nkind = awards\ntitle = K\n[k/1]\nindividual = 3\npresenter = 4\n", 11, "trong một đợt");
	expect_error(ITEM "  more title\nkind = film\n", 6, "'kind' xuất hiện hai lần");
	expect_error(ITEM "time2 = 1\n  x\n", 5, "khóa 'time2'");
	expect_error(ITEM "[b]\ntime = 09:00\n  09:10\n", 7, "chỉ 'title'");
	expect_error(ITEM "[b]\ntime = 09:00\nkind = film\ntitle = \xC3\x28\n", 8, "UTF-8");
	{
		static const char nul[] = ITEM "label = x\0y\n";
		CHECK(programme_parse("p.ini", nul, sizeof nul - 1, &p, &err) < 0 && strstr(err.msg, "p.ini:5: ") &&
		      strstr(err.msg, "NUL"));
	}
	{
		char text[1200], longt[700] = "";
		for (int i = 0; i < 30; i++)
			strcat(longt, "Hội nghị ");
		snprintf(text, sizeof text, ITEM "[b]\ntime = 09:00\nkind = film\ntitle = %s\n", longt);
		expect_error(text, 8, "dài quá");
	}
}

static void store_tests(const char *datadir)
{
	const char *db = fixture_db_path();
	store *st;
	struct event ev;
	ck_err err;
	struct import_report rep = {0};
	char path[600], *text;
	size_t len;
	struct programme p;

	CHECK_MSG(store_open(db, &st, &err) == 0, "%s", err.msg);
	fixture_event(&ev, "GL23");
	CHECK_MSG(store_event_init(st, &ev, &err) == 0, "%s", err.msg);
	event_release(&ev);
	snprintf(path, sizeof path, "%s/roster-sample.csv", datadir);
	CHECK_MSG(roster_import(st, path, 0, &rep, &err) == 0, "%s", err.msg);
	import_report_release(&rep);

	/* nothing loaded yet */
	CHECK(programme_load(st, &p, &err) < 0 && err.kind == CK_NOT_FOUND);

	/* the sample */
	snprintf(path, sizeof path, "%s/programme.ini", datadir);
	CHECK_MSG(programme_read_file(path, &p, &text, &len, &err) == 0, "%s", err.msg);
	programme_release(&p);
	CHECK_MSG(programme_store(st, path, text, len, &err) == 0, "%s", err.msg);
	free(text);
	CHECK_MSG(programme_load(st, &p, &err) == 0, "%s", err.msg);

	/* the plan's presentations a-n (the plan lists 12: its letters skip đ),
	 * and the roster's presenters and award recipients, each exactly once */
	size_t npres = 0;
	const char *letters = "abcdeghiklmn";
	int presenters[1000] = {0}, recipients[1000] = {0};
	for (size_t i = 0; i < p.n; i++) {
		const struct prog_item *it = &p.items[i];
		if (it->kind == PROG_PRESENTATION) {
			CHECK(it->label && npres < 12 && it->label[0] == letters[npres] && !it->label[1]);
			npres++;
			if (it->presenter > 0 && it->presenter < 1000)
				presenters[it->presenter]++;
		}
		for (size_t b = 0; b < it->nbatches; b++)
			for (size_t r = 0; r < it->batches[b].n; r++) {
				int64_t id = it->batches[b].r[r].delegate;
				if (id > 0 && id < 1000)
					recipients[id]++;
			}
	}
	CHECK(npres == 12);
	struct delegate *v;
	size_t n;
	struct delegate_filter f = {.order = ORDER_ID};
	CHECK(delegate_list(st, &f, &v, &n, &err) == 0);
	int npresenters = 0, nawardees = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t id = v[i].id;
		if (v[i].roles & ROLE_PRESENTER) {
			npresenters++;
			/* Sở NN&PTNT sends two presenters for one presentation: the
			 * second (14) is who stands in for the first */
			CHECK_MSG(presenters[id] == 1 || id == 14, "presenter %lld presents %d times", (long long)id,
			          presenters[id]);
		} else {
			CHECK_MSG(presenters[id] == 0, "%lld is no presenter on the roster", (long long)id);
		}
		if (v[i].roles & ROLE_AWARDEE) {
			nawardees++;
			CHECK_MSG(recipients[id] == 1, "awardee %lld called %d times", (long long)id, recipients[id]);
		} else {
			CHECK_MSG(recipients[id] == 0, "%lld is no awardee on the roster", (long long)id);
		}
	}
	CHECK(npresenters == 13 && nawardees == 28);
	delegates_free(v, n);
	int seen[1000] = {0};
	CHECK(programme_each_delegate(&p, count_ids, seen) == 0 && seen[131] == 1 && seen[7] == 2);
	programme_release(&p);

	/* an id not on the roster: refused with its line, the old programme kept */
	const char *bad = ITEM "[k]\ntime = 09:00\nkind = awards\ntitle = K\n[k/1]\nindividual = 12\n"
	                  "collective = X | 13 | 999\n";
	CHECK(programme_store(st, "bad.ini", bad, strlen(bad), &err) < 0 && strstr(err.msg, "bad.ini:11: ") &&
	      strstr(err.msg, "999"));
	CHECK(programme_load(st, &p, &err) == 0 && p.n == 18);
	programme_release(&p);
	/* a removed delegate is not on the roster */
	CHECK(delegate_remove(st, 12, &err) == 0);
	CHECK(programme_store(st, "bad.ini", bad, strlen(bad), &err) < 0 && strstr(err.msg, "bad.ini:10: "));
	/* a good one replaces it */
	const char *good = ITEM "[k]\ntime = 09:00\nkind = awards\ntitle = K\n[k/1]\nindividual = 11\n";
	CHECK_MSG(programme_store(st, "good.ini", good, strlen(good), &err) == 0, "%s", err.msg);
	CHECK(programme_load(st, &p, &err) == 0 && p.n == 2 && p.items[1].batches[0].r[0].delegate == 11);
	programme_release(&p);
	int64_t audits = 0;
	char sql[] = "SELECT count(*) FROM audit WHERE action = 'programme-load'";
	store_close(st);
	CHECK(fixture_sql(db, sql, &audits) == 0 && audits == 2);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_programme DATA_DIR\n");
		return 2;
	}
	parser_tests();
	store_tests(argv[1]);
	fixture_cleanup();
	return check_summary("test_programme");
}
