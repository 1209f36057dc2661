/* test_seating.c - the seating rules on a small hall: precedence order,
 * the presidium on the stage in protocol order, each group in its
 * blocks, a seat set by hand never moved, a second run that changes
 * nothing, more delegates than seats reported (not crashed on), the hand
 * edits (set, swap, clear) with their audit rows, the stored programme's
 * speaking and calling order, and the roster's rank column. Runs on SQLite and, as pg.core.test_seating, on PostgreSQL. */
#include <string.h>
#include "check.h"
#include "checkin/programme.h"
#include "checkin/roster.h"
#include "checkin/seating.h"
#include "fixture.h"

static const char hall_text[] =
	"[hall]\nname = Phòng thử\nwidth = 20\ndepth = 12\n"
	"[stage]\nseats = 2\n"
	"[block L]\nname = Khu L\nrows = 1\nseats = 4\nx = 7\ny = 1\nuse = leaders\n"
	"[block P]\nname = Khu P\nrows = 1\nseats = 3\nx = 1\ny = 1\nuse = presenters\naisle = right\n"
	"[block W]\nname = Khu W\nrows = 1\nseats = 3\nx = 14\ny = 1\nuse = awardees\n"
	"[block M]\nname = Khu M\nrows = 1\nseats = 2\nx = 14\ny = 4\nuse = press\n"
	"[block G]\nname = Khu G\nrows = 2\nseats = 3\nx = 7\ny = 4\n";

static int64_t add(store *st, const char *name, const char *cat, const char *district, unsigned roles, int rank)
{
	struct delegate d = {.method = -1};
	ck_err err;
	d.name = strdup(name);
	d.category = strdup(cat);
	d.district = district ? strdup(district) : NULL;
	d.organization = strdup(district ? district : "Tỉnh");
	d.roles = roles;
	d.rank = rank;
	if (delegate_add(st, &d, &err) < 0) {
		fprintf(stderr, "add: %s\n", err.msg);
		exit(2);
	}
	int64_t id = d.id;
	delegate_release(&d);
	return id;
}

/* The seat of id ("" for none) into a static buffer; *automatic its flag. */
static const char *seat_of(store *st, int64_t id, int *automatic)
{
	static char buf[200];
	struct delegate d;
	ck_err err;
	buf[0] = 0;
	if (delegate_get(st, id, &d, &err) == 0) {
		snprintf(buf, sizeof buf, "%s", d.seat ? d.seat : "");
		if (automatic)
			*automatic = d.seat_auto;
		delegate_release(&d);
	}
	return buf;
}

static int seat_is(store *st, int64_t id, const char *want)
{
	const char *got = seat_of(st, id, NULL);
	if (strcmp(got, want))
		fprintf(stderr, "delegate %lld: seat '%s', want '%s'\n", (long long)id, got, want);
	return !strcmp(got, want);
}

int main(void)
{
	const char *db;
	store *st = fixture_store("GL23", &db);
	struct hall h;
	struct seating_report rep;
	ck_err err;
	char path[400], canon[200];
	int automatic = -1;

	snprintf(path, sizeof path, "%s/hall.ini", fixture_dir);
	fixture_write(path, hall_text);
	CHECK(hall_store_load(st, &h, &err) < 0 && err.kind == CK_NOT_FOUND);
	CHECK_MSG(hall_store_save(st, path, &err) == 0, "%s", err.msg);
	CHECK_MSG(hall_store_load(st, &h, &err) == 0, "%s", err.msg);
	CHECK(h.nseats == 2 + 4 + 3 + 3 + 2 + 6);

	/* precedence without ranks: vip, then Cấp tỉnh, Cấp huyện, Cấp xã, others, press; a rank first */
	struct delegate a = {.id = 9, .roles = ROLE_VIP}, b = {.id = 2, .category = "Cấp tỉnh"},
	                c = {.id = 1, .category = "Cấp xã"}, p = {.id = 3, .category = "Báo chí"},
	                r = {.id = 50, .category = "Cấp xã", .rank = 7}, r2 = {.id = 4, .category = "Cấp xã", .rank = 8};
	CHECK(seating_precedence_cmp(&a, &b) < 0 && seating_precedence_cmp(&b, &c) < 0 &&
	      seating_precedence_cmp(&c, &p) < 0 && seating_precedence_cmp(&r, &a) < 0 &&
	      seating_precedence_cmp(&r, &r2) < 0 && seating_precedence_cmp(&r2, &r) > 0);
	CHECK(seating_group(&p) == GROUP_PRESS && seating_group(&a) == GROUP_LEADER);

	/* the roster: four vips (one ranked first), presenters, awardees, press, the rest */
	int64_t v1 = add(st, "Nguyễn Văn Một", "Cấp tỉnh", NULL, ROLE_VIP, 0);
	int64_t v2 = add(st, "Trần Văn Hai", "Cấp tỉnh", NULL, ROLE_VIP, 0);
	int64_t v3 = add(st, "Lê Văn Ba", "Cấp tỉnh", NULL, ROLE_VIP, 1);
	int64_t v4 = add(st, "Phạm Văn Bốn", "Cấp tỉnh", NULL, ROLE_VIP, 0);
	int64_t p1 = add(st, "Đỗ Thị Năm", "Cấp tỉnh", NULL, ROLE_PRESENTER, 0);
	int64_t p2 = add(st, "Vũ Thị Sáu", "Cấp xã", "Huyện Đak Đoa", ROLE_PRESENTER, 0);
	int64_t a1 = add(st, "Hồ Văn Bảy", "Khen thưởng", "Huyện Kbang", ROLE_AWARDEE, 0);
	int64_t a2 = add(st, "Ngô Văn Tám", "Khen thưởng", "Huyện Chư Sê", ROLE_AWARDEE, 0);
	int64_t m1 = add(st, "Lý Thị Chín", "Báo chí", NULL, 0, 0);
	int64_t g1 = add(st, "Đinh Văn Mười", "Cấp xã", "Huyện Kbang", 0, 0);
	int64_t g2 = add(st, "Mai Văn Mười Một", "Cấp xã", "Huyện Ayun", 0, 0);
	int64_t g3 = add(st, "Cao Văn Mười Hai", "Cấp tỉnh", NULL, 0, 0);
	int64_t g4 = add(st, "Tạ Văn Mười Ba", "Cấp huyện", "Huyện Kbang", 0, 0);
	/* a seat set by hand, where 'seats auto' would put someone else */
	int64_t hand = add(st, "Kiều Văn Tay", "Cấp xã", "Huyện Ayun", 0, 0);
	CHECK_MSG(seat_set(st, &h, hand, "khu g - hang 1 - ghe 1", canon, sizeof canon, &err) == 0, "%s", err.msg);
	CHECK(!strcmp(canon, "Khu G - Hàng 1 - Ghế 01"));

	CHECK_MSG(seats_auto(st, &h, 0, &rep, &err) == 0, "%s", err.msg);
	CHECK(rep.placed == 13 && rep.kept == 1 && rep.nunplaced == 0 && rep.nnotes == 0);
	seating_report_free(&rep);
	/* the presidium: the best-ranked vips, the chair (rank 1) in the middle, number 2 on the chair's right */
	CHECK(seat_is(st, v3, "Đoàn chủ tịch - Ghế 01"));
	CHECK(seat_is(st, v1, "Đoàn chủ tịch - Ghế 02"));
	/* leaders: front and centre, the right of centre first */
	CHECK(seat_is(st, v2, "Khu L - Hàng 1 - Ghế 03"));
	CHECK(seat_is(st, v4, "Khu L - Hàng 1 - Ghế 02"));
	/* presenters: the aisle seat first, in roster order */
	CHECK(seat_is(st, p1, "Khu P - Hàng 1 - Ghế 03"));
	CHECK(seat_is(st, p2, "Khu P - Hàng 1 - Ghế 02"));
	/* awardees together in calling order, press at the side */
	CHECK(seat_is(st, a1, "Khu W - Hàng 1 - Ghế 01") && seat_is(st, a2, "Khu W - Hàng 1 - Ghế 02"));
	CHECK(seat_is(st, m1, "Khu M - Hàng 1 - Ghế 01"));
	/* everyone else: the province first, then by district (Ayun before Kbang), level, organisation */
	CHECK(seat_is(st, hand, "Khu G - Hàng 1 - Ghế 01"));
	CHECK(seat_is(st, g3, "Khu G - Hàng 1 - Ghế 02"));
	CHECK(seat_is(st, g2, "Khu G - Hàng 1 - Ghế 03"));
	CHECK(seat_is(st, g4, "Khu G - Hàng 2 - Ghế 01"));
	CHECK(seat_is(st, g1, "Khu G - Hàng 2 - Ghế 02"));
	seat_of(st, hand, &automatic);
	CHECK(automatic == 0);
	seat_of(st, g1, &automatic);
	CHECK(automatic == 1);

	/* a second run changes nothing */
	int64_t audits_before, audits_after;
	CHECK(fixture_sql(db, "SELECT COUNT(*) FROM audit WHERE action = 'seat'", &audits_before) == 0);
	CHECK(audits_before == 14);
	CHECK_MSG(seats_auto(st, &h, 0, &rep, &err) == 0, "%s", err.msg);
	CHECK(rep.placed == 0 && rep.kept == 14 && rep.nunplaced == 0);
	seating_report_free(&rep);
	CHECK(fixture_sql(db, "SELECT COUNT(*) FROM audit WHERE action = 'seat'", &audits_after) == 0);
	CHECK(audits_after == audits_before);
	/* nor does placing everyone again from scratch: the rule gives the same seats */
	CHECK_MSG(seats_auto(st, &h, 1, &rep, &err) == 0, "%s", err.msg);
	CHECK(rep.placed == 0 && rep.kept == 14);
	seating_report_free(&rep);

	/* the hand edits */
	CHECK(seat_set(st, &h, g1, "Khu G - Hàng 1 - Ghế 02", canon, sizeof canon, &err) < 0 && err.kind == CK_STATE);
	CHECK(seat_set(st, &h, g1, "Khu G - Hàng 9 - Ghế 02", canon, sizeof canon, &err) < 0 &&
	      err.kind == CK_INVALID);
	CHECK(seat_set(st, &h, 999, "Khu G - Hàng 2 - Ghế 03", canon, sizeof canon, &err) < 0 &&
	      err.kind == CK_NOT_FOUND);
	CHECK_MSG(seat_swap(st, g1, v2, &err) == 0, "%s", err.msg);
	CHECK(seat_is(st, g1, "Khu L - Hàng 1 - Ghế 03") && seat_is(st, v2, "Khu G - Hàng 2 - Ghế 02"));
	seat_of(st, v2, &automatic);
	CHECK(automatic == 0);
	CHECK_MSG(seat_clear(st, g4, &err) == 0, "%s", err.msg);
	CHECK(seat_is(st, g4, ""));
	CHECK(fixture_sql(db, "SELECT COUNT(*) FROM audit WHERE action = 'seat'", &audits_after) == 0);
	CHECK(audits_after == audits_before + 3);
	/* the next run places the cleared delegate and moves none of the hand seats */
	CHECK_MSG(seats_auto(st, &h, 1, &rep, &err) == 0, "%s", err.msg);
	CHECK(rep.placed == 1 && rep.nunplaced == 0);
	seating_report_free(&rep);
	CHECK(seat_is(st, g4, "Khu G - Hàng 2 - Ghế 01"));
	CHECK(seat_is(st, g1, "Khu L - Hàng 1 - Ghế 03") && seat_is(st, v2, "Khu G - Hàng 2 - Ghế 02"));
	CHECK(seat_is(st, hand, "Khu G - Hàng 1 - Ghế 01"));

	/* an edit of other details keeps the seat and its flag; a new seat by hand clears the flag */
	struct delegate d;
	CHECK(delegate_get(st, g2, &d, &err) == 0);
	free(d.title);
	d.title = strdup("Chủ tịch UBND xã");
	char *keep = d.seat;
	d.seat = NULL; /* a roster without seats */
	CHECK_MSG(delegate_update(st, &d, &err) == 0, "%s", err.msg);
	d.seat = keep;
	delegate_release(&d);
	CHECK(seat_is(st, g2, "Khu G - Hàng 1 - Ghế 03"));
	seat_of(st, g2, &automatic);
	CHECK(automatic == 1);

	/* more delegates than seats: reported, the others placed */
	int64_t extra[8];
	for (int i = 0; i < 8; i++) {
		char name[64];
		snprintf(name, sizeof name, "Đại biểu Thêm %d", i + 1);
		extra[i] = add(st, name, "Cấp xã", "Huyện Ia Pa", 0, 0);
	}
	CHECK_MSG(seats_auto(st, &h, 0, &rep, &err) == 0, "%s", err.msg);
	/* the general block has one seat left; the seats kept for leaders, presenters,
	 * awardees and the press stay theirs */
	CHECK_MSG(rep.placed == 1 && rep.nunplaced == 7, "placed %zu, unplaced %zu", rep.placed, rep.nunplaced);
	for (size_t i = 0; i < rep.nunplaced; i++)
		CHECK(rep.unplaced[i] == extra[1 + i]);
	CHECK(seat_is(st, extra[0], "Khu G - Hàng 2 - Ghế 03"));
	seating_report_free(&rep);
	CHECK(seat_is(st, extra[7], ""));

	/* a seat typed by hand that the hall lacks is reported and kept */
	CHECK(delegate_get(st, extra[7], &d, &err) == 0);
	d.seat = strdup("Ban công - Ghế 1");
	CHECK(delegate_update(st, &d, &err) == 0);
	delegate_release(&d);
	CHECK_MSG(seats_auto(st, &h, 0, &rep, &err) == 0, "%s", err.msg);
	CHECK(rep.nnotes == 1 && strstr(rep.notes[0], "Ban công"));
	seating_report_free(&rep);
	CHECK(seat_is(st, extra[7], "Ban công - Ghế 1"));

	/* a stored programme gives the speaking and calling order: p2 speaks
	 * first and takes the aisle seat, a2 is called first */
	char prog[512];
	snprintf(prog, sizeof prog,
	         "[a]\ntime = 08:00\nkind = presentation\ntitle = A\npresenter = %lld\n"
	         "[b]\ntime = 08:10\nkind = presentation\ntitle = B\npresenter = %lld\n"
	         "[k]\ntime = 09:00\nkind = awards\ntitle = K\n[k/1]\nindividual = %lld\nindividual = %lld\n",
	         (long long)p2, (long long)p1, (long long)a2, (long long)a1);
	CHECK_MSG(programme_store(st, "programme.ini", prog, strlen(prog), &err) == 0, "%s", err.msg);
	CHECK_MSG(seats_auto(st, &h, 1, &rep, &err) == 0, "%s", err.msg);
	seating_report_free(&rep);
	CHECK(seat_is(st, p2, "Khu P - Hàng 1 - Ghế 03") && seat_is(st, p1, "Khu P - Hàng 1 - Ghế 02"));
	CHECK(seat_is(st, a2, "Khu W - Hàng 1 - Ghế 01") && seat_is(st, a1, "Khu W - Hàng 1 - Ghế 02"));

	/* the roster's rank column is stored; a bad rank is refused at its line */
	char csv[400];
	struct import_report irep;
	snprintf(csv, sizeof csv, "%s/r.csv", fixture_dir);
	fixture_write(csv, "họ và tên,đơn vị,thứ tự\nNguyễn Xếp Hạng,UBND tỉnh,3\nTrần Không Hạng,UBND tỉnh,\n");
	CHECK_MSG(roster_import(st, csv, 0, &irep, &err) == 0, "%s", err.msg);
	import_report_release(&irep);
	struct delegate_filter f = {.name = "xep hang"};
	struct delegate *v = NULL;
	size_t n = 0;
	CHECK(delegate_list(st, &f, &v, &n, &err) == 0 && n == 1 && v[0].rank == 3);
	delegates_free(v, n);
	fixture_write(csv, "name,rank\nA,1\nB,first\n");
	CHECK(roster_import(st, csv, 0, &irep, &err) < 0);
	CHECK(irep.nproblems == 1 && irep.problems[0].line == 3 && strstr(irep.problems[0].message, "rank"));
	import_report_release(&irep);

	hall_release(&h);
	store_close(st);
	fixture_cleanup();
	return check_summary("test_seating");
}
