/* test_hall.c - the hall file: the sample hall reads with the seats it
 * should have, bad lines are "FILE:LINE: why" at the right line, labels
 * go out and come back (whatever the case, diacritics and blanks), and
 * seat numbering round-trips. argv[1]: data/hall.ini. */
#include <string.h>
#include "check.h"
#include "checkin/hall.h"
#include "fixture.h"

#define HEAD "[hall]\nname = Hội trường thử\nwidth = 20\ndepth = 10\n[stage]\nseats = 3\n"
#define BLOCK_A "[block A]\nrows = 2\nseats = 4\nx = 1\ny = 1\n"

static const char *write_ini(const char *text)
{
	static char path[400];
	snprintf(path, sizeof path, "%s/hall.ini", fixture_dir);
	fixture_write(path, text);
	return path;
}

/* hall_load of text must fail with "FILE:LINE: " (line 0: "FILE: ") and want. */
static void expect_error(const char *text, int line, const char *want)
{
	struct hall h;
	ck_err err;
	char prefix[480];
	const char *path = write_ini(text);
	int rc = hall_load(path, &h, &err);
	if (line)
		snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
	else
		snprintf(prefix, sizeof prefix, "%s: ", path);
	CHECK_MSG(rc < 0 && !strncmp(err.msg, prefix, strlen(prefix)) && strstr(err.msg, want),
	          "want '%s...%s', got '%s'", prefix, want, rc < 0 ? err.msg : "success");
	CHECK(h.blocks == NULL && h.name == NULL);
}

int main(int argc, char **argv)
{
	struct hall h;
	ck_err err;
	char label[200];
	struct hall_seat s;

	fixture_db_path(); /* makes fixture_dir */

	/* the sample hall: more seats than the sample's 230 delegates */
	if (argc > 1) {
		CHECK_MSG(hall_load(argv[1], &h, &err) == 0, "%s", err.msg);
		CHECK_MSG(h.nseats > 230 && h.nseats < 300, "%zu seats", h.nseats);
		CHECK(h.stage_seats > 0 && h.nblocks >= 4);
		unsigned uses = 0;
		for (size_t i = 0; i < h.nblocks; i++)
			uses |= h.blocks[i].use;
		CHECK(uses == (HALL_GENERAL | HALL_LEADERS | HALL_PRESENTERS | HALL_AWARDEES | HALL_PRESS));
		/* every seat's label reads back as the same seat, and indexes round-trip */
		size_t bad = 0;
		for (size_t i = 0; i < h.nseats; i++) {
			struct hall_seat a = hall_seat_at(&h, i), b;
			hall_label(&h, a, label, sizeof label);
			if (hall_seat_parse(&h, label, &b) < 0 || hall_seat_index(&h, b) != (long)i)
				bad++;
		}
		CHECK_MSG(bad == 0, "%zu labels do not read back", bad);
		hall_release(&h);
	}

	/* a small hall: labels, tolerance of typing, geometry */
	const char *path = write_ini(HEAD BLOCK_A "[block B]\nname = Khu báo chí\nseats = 3, 5\nx = 8\ny = 1\n"
	                                          "use = press\naisle = left\n");
	CHECK_MSG(hall_load(path, &h, &err) == 0, "%s", err.msg);
	CHECK(h.nseats == 3 + 8 + 8);
	CHECK(!strcmp(h.stage_name, "Đoàn chủ tịch"));
	CHECK(h.nblocks == 2 && !strcmp(h.blocks[0].name, "Khu A") && h.blocks[1].nrows == 2 &&
	      h.blocks[1].seats[0] == 3 && h.blocks[1].seats[1] == 5 && h.blocks[1].use == HALL_PRESS);
	CHECK(!strcmp(hall_label(&h, (struct hall_seat){0, 1, 2}, label, sizeof label), "Khu A - Hàng 1 - Ghế 02"));
	CHECK(!strcmp(hall_label(&h, (struct hall_seat){-1, 0, 3}, label, sizeof label), "Đoàn chủ tịch - Ghế 03"));
	CHECK(hall_seat_parse(&h, "khu a-hang 2 - ghe 4", &s) == 0 && s.block == 0 && s.row == 2 && s.seat == 4);
	CHECK(hall_seat_parse(&h, "  KHU BÁO CHÍ - Hàng 2 - Ghế 5 ", &s) == 0 && s.block == 1 && s.row == 2 &&
	      s.seat == 5);
	CHECK(hall_seat_parse(&h, "Khu báo chí - Hàng 1 - Ghế 04", &s) < 0); /* row 1 has 3 seats */
	CHECK(hall_seat_parse(&h, "Khu A - Hàng 3 - Ghế 01", &s) < 0);
	CHECK(hall_seat_parse(&h, "Khu Z - Hàng 1 - Ghế 01", &s) < 0);
	CHECK(hall_seat_parse(&h, "Đoàn chủ tịch - Ghế 3", &s) == 0 && s.block == -1 && s.seat == 3);
	CHECK(hall_seat_parse(&h, "Đoàn chủ tịch - Ghế 4", &s) < 0);
	CHECK(hall_seat_parse(&h, "B-12", &s) < 0 && hall_seat_parse(&h, "", &s) < 0);
	/* commas as separators; the parts without a hall (the name plates' order) */
	CHECK(hall_seat_parse(&h, "khu a, hang 2, ghe 4", &s) == 0 && s.block == 0 && s.row == 2 && s.seat == 4);
	CHECK(hall_seat_parse(&h, "Hàng 2 - Ghế 4", &s) < 0 && hall_seat_parse(&h, "Khu A - Hàng 0 - Ghế 4", &s) < 0);
	struct hall_label_parts lp;
	CHECK(hall_label_split("KHU BÁO CHÍ - HÀNG 12 - GHẾ 010", &lp) == 0 && !strcmp(lp.place, "khubaochi") &&
	      lp.row == 12 && lp.seat == 10);
	CHECK(hall_label_split("Đoàn chủ tịch - Ghế 3", &lp) == 0 && !strcmp(lp.place, "doanchutich") && lp.row == 0 &&
	      lp.seat == 3);
	CHECK(hall_label_split("Hàng 3 - Ghế 4", &lp) == 0 && !lp.place[0] && lp.row == 3 && lp.seat == 4);
	CHECK(hall_label_split("Khu A - Hàng x - Ghế", &lp) < 0 && hall_label_split("B-12", &lp) < 0 &&
	      hall_label_split("Khu A - Hàng 1 - Ghế 1234", &lp) < 0 && hall_label_split(NULL, &lp) < 0);
	CHECK(hall_seat_on_aisle(&h, (struct hall_seat){1, 1, 1}) && !hall_seat_on_aisle(&h, (struct hall_seat){1, 1, 3}));
	double x1, y1, x2, y2;
	hall_seat_pos(&h, (struct hall_seat){1, 1, 1}, &x1, &y1);
	hall_seat_pos(&h, (struct hall_seat){1, 2, 1}, &x2, &y2);
	CHECK(x1 > x2 && y2 > y1); /* the short row is centred; row 2 is behind row 1 */
	hall_release(&h);

	/* a section header as inih finds it: after a BOM, after any white space
	 * when no key of the section above came before it */
	path = write_ini("\xEF\xBB\xBF[block A]\nrows = 1\nseats = 2\nx = 1\ny = 1\n[stage]\n\v[block B]\nrows = 2\n"
	                 "seats = 3\nx = 5\ny = 1\n");
	CHECK_MSG(hall_load(path, &h, &err) == 0, "%s", err.msg);
	CHECK(h.nblocks == 2 && h.nseats == 2 + 6 && !strcmp(h.blocks[1].name, "Khu B"));
	hall_release(&h);
	/* an indented '[' line after a key continues that key's value, as inih reads it */
	expect_error("[block A]\nrows = 1\nseats = 2\nx = 1\n  [block B]\ny = 1\n", 5, "'x'");

	/* a bad line is named with its line and reason */
	expect_error(HEAD "[block A]\nrows = 2\nseats = x\n", 9, "'seats'");
	expect_error(HEAD "[block A]\nrows = 200\nseats = 4\n", 8, "'rows'");
	expect_error(HEAD BLOCK_A "colour = red\n", 12, "colour");
	expect_error(HEAD "[balcony]\nrows = 1\n", 7, "balcony");
	expect_error(HEAD BLOCK_A "use = vip\n", 12, "'use'");
	expect_error(HEAD BLOCK_A "aisle = middle\n", 12, "'aisle'");
	expect_error(HEAD "no equals sign\n" BLOCK_A, 7, "cú pháp");
	expect_error("[hall]\nwidth = -3\n" BLOCK_A, 2, "'width'");
	expect_error(HEAD BLOCK_A "[block A]\nrows = 1\nseats = 2\nx = 9\ny = 9\n", 12, "dòng 7");
	expect_error(HEAD BLOCK_A "name = Khu - A\n", 12, "'-'");
	expect_error(HEAD "[block A]\nrows = 3\nseats = 4, 4\nx = 1\ny = 1\n", 7, "'rows'");
	/* whole-file checks name the block's section */
	expect_error(HEAD "[block A]\nrows = 2\nx = 1\ny = 1\n", 7, "'seats'");
	expect_error(HEAD "[block A]\nrows = 2\nseats = 4\nx = 1\n", 7, "'x'");
	expect_error(HEAD BLOCK_A "[block B]\nrows = 2\nseats = 4\nx = 2\ny = 1.5\n", 12, "chồng lên");
	expect_error(HEAD BLOCK_A "[block B]\nrows = 2\nseats = 4\nx = 19\ny = 1\n", 12, "ra ngoài");
	expect_error(HEAD BLOCK_A "[block B]\nname = Khu A\nrows = 2\nseats = 4\nx = 10\ny = 1\n", 12, "trùng");
	expect_error(HEAD, 0, "không có khu");
	/* a line longer than inih's buffer, and bytes that are not text */
	char longline[700] = HEAD "[block A]\nname = ";
	for (int i = 0; i < 60; i++)
		strcat(longline, "Khu A ");
	strcat(longline, "\n");
	expect_error(longline, 8, "dài quá");
	expect_error(HEAD "[block A]\nname = \xff\xfe\n", 0, "UTF-8");
	hall_release(&h); /* a released hall may be released again */
	return check_summary("test_hall");
}
