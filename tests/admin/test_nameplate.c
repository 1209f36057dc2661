/* test_nameplate.c - the name plates' seat order (nameplate.h): seat labels
 * parsed whatever their case, diacritics and separators; blocks, rows and
 * seats compared as numbers; the unseated last; --block matching; and who
 * a plate names (the deputy when there is one). */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "nameplate.h"

static void parse(void)
{
	struct np_seat s;
	np_seat_parse("Khu A - Hàng 1 - Ghế 01", &s);
	CHECK(s.seated && !strcmp(s.block, "a") && s.row == 1 && s.seat == 1);
	np_seat_parse("  khu b ,  hang 12 , ghe 3 ", &s);
	CHECK(s.seated && !strcmp(s.block, "b") && s.row == 12 && s.seat == 3);
	np_seat_parse("KHU BÁO CHÍ - HÀNG 2 - GHẾ 10", &s);
	CHECK(s.seated && !strcmp(s.block, "baochi") && s.row == 2 && s.seat == 10);
	np_seat_parse("Hàng 3 - Ghế 4", &s);
	CHECK(s.seated && !s.block[0] && s.row == 3 && s.seat == 4);
	np_seat_parse("Đoàn Chủ tịch - Ghế 2", &s);
	CHECK(s.seated && !strcmp(s.block, "doanchutich") && s.row == -1 && s.seat == 2);
	np_seat_parse("B-12", &s); /* free text typed by hand: no row or seat named */
	CHECK(!s.seated);
	np_seat_parse("", &s);
	CHECK(!s.seated);
	np_seat_parse(NULL, &s);
	CHECK(!s.seated);
	np_seat_parse("Khu A - Hàng x - Ghế", &s);
	CHECK(!s.seated);
	np_seat_parse("Hàng 3", &s); /* a row without a seat: not a seat the hall knows */
	CHECK(!s.seated);
	np_seat_parse("Ghế 5 - Hàng 2", &s); /* the parts out of order */
	CHECK(!s.seated);
	CHECK(np_seat_in_block("Khu A - Hàng 1 - Ghế 01", "A"));
	CHECK(np_seat_in_block("Khu A - Hàng 1 - Ghế 01", "khu a"));
	CHECK(np_seat_in_block("Khu báo chí - Hàng 1 - Ghế 01", "Khu Báo Chí"));
	CHECK(!np_seat_in_block("Khu AB - Hàng 1 - Ghế 01", "A"));
	CHECK(!np_seat_in_block("", "A"));
}

static void order(void)
{
	const char *seats[] = {
		"Khu báo chí - Hàng 1 - Ghế 01", /* id 1 */
		NULL,                            /* 2: unseated */
		"Khu B - Hàng 1 - Ghế 02",       /* 3 */
		"Khu A - Hàng 10 - Ghế 01",      /* 4: row 10 after row 2 */
		"Khu A - Hàng 2 - Ghế 11",       /* 5 */
		"Khu A - Hàng 2 - Ghế 2",        /* 6: seat 2 before seat 11 */
		"B-12",                          /* 7: unseated (not a label) */
		"Khu A - Hàng 2 - Ghế 2",        /* 8: the same seat twice: by id */
	};
	const int64_t want[] = {6, 8, 5, 4, 3, 1, 2, 7};
	size_t n = sizeof seats / sizeof *seats;
	struct delegate v[sizeof seats / sizeof *seats];
	memset(v, 0, sizeof v);
	for (size_t i = 0; i < n; i++) {
		v[n - 1 - i].id = (int64_t)i + 1; /* given in reverse */
		v[n - 1 - i].seat = (char *)seats[i];
	}
	np_sort_by_seat(v, n);
	for (size_t i = 0; i < n; i++)
		CHECK_MSG(v[i].id == want[i], "place %zu: id %lld, want %lld", i, (long long)v[i].id, (long long)want[i]);
}

static void who(void)
{
	struct delegate d = {.id = 1, .name = "Nguyễn Văn An", .title = "Chủ tịch", .organization = "UBND huyện"};
	struct np_person p;
	np_person_of(&d, &p);
	CHECK(!strcmp(p.name, "Nguyễn Văn An") && !strcmp(p.title, "Chủ tịch") && !p.deputy_of);
	d.sub_name = "Trần Thị Bình";
	np_person_of(&d, &p);
	CHECK(!strcmp(p.name, "Trần Thị Bình") && !p.title && !p.organization && !strcmp(p.deputy_of, "Nguyễn Văn An"));
}

int main(void)
{
	parse();
	order();
	who();
	return check_summary("test_nameplate");
}
