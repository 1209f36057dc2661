/* cmd_seats.c - 'checkin-admin seats': the hall and who sits where.
 *
 *   seats hall FILE                      keep the hall file in the store
 *   seats auto [--hall FILE] [--reset]   place everyone without a seat by protocol
 *   seats set ID SEAT | swap ID ID | clear ID
 *   seats plan --out FILE.pdf            the seating chart for the ushers
 *
 * The rule is core's (seating.h); this file reads the arguments and says
 * in Vietnamese what was done and what could not be. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin.h"
#include "checkin/assets.h"
#include "checkin/i18n.h"
#include "checkin/seating.h"
#include "invitation_files.h"
#include "seatplan.h"

static int usage(void)
{
	return usage_msg(cmd_find("seats"));
}

/* The hall: --hall FILE is read and kept first; else the one in the store. */
static int get_hall(store *st, const char *file, struct hall *h)
{
	ck_err err;
	if (file && hall_store_save(st, file, &err) < 0)
		return error_msg("%s", err.msg);
	if (hall_store_load(st, h, &err) < 0)
		return error_msg("%s", err.msg);
	return 0;
}

static void print_hall(const struct hall *h)
{
	printf(_("Hội trường '%s': %zu khu, %zu ghế (sân khấu %d ghế).\n"), h->name, h->nblocks, h->nseats,
	       h->stage_seats);
}

static int do_auto(store *st, int argc, char **argv)
{
	enum { HALL = 1, RESET };
	static const struct option opts[] = {
		{"hall", required_argument, NULL, HALL}, {"reset", no_argument, NULL, RESET}, {0}};
	const char *file = NULL;
	int reset = 0, c;
	struct hall h;
	struct seating_report rep;
	ck_err err;

	while ((c = admin_getopt(argc, argv, "", opts)) != -1) {
		if (c == HALL)
			file = optarg;
		else if (c == RESET)
			reset = 1;
		else
			return usage();
	}
	if (optind != argc)
		return usage();
	if (get_hall(st, file, &h))
		return 1;
	if (seats_auto(st, &h, reset, &rep, &err) < 0) {
		hall_release(&h);
		return error_msg("%s", err.msg);
	}
	print_hall(&h);
	printf(_("Đã xếp chỗ cho %zu đại biểu; %zu đại biểu giữ nguyên chỗ.\n"), rep.placed, rep.kept);
	for (size_t i = 0; i < rep.nnotes; i++)
		escape_line(stderr, _("cảnh báo: %s"), rep.notes[i]);
	int rc = 0;
	if (rep.nunplaced) {
		struct delegate d;
		fflush(stdout);
		error_msg(P_("hết ghế: %zu đại biểu chưa có chỗ:", "hết ghế: %zu đại biểu chưa có chỗ:", rep.nunplaced),
		          rep.nunplaced);
		for (size_t i = 0; i < rep.nunplaced; i++) {
			if (delegate_get(st, rep.unplaced[i], &d, &err) == 0) {
				escape_line(stderr, "  %lld\t%s", (long long)d.id, d.name);
				delegate_release(&d);
			}
		}
		rc = 1;
	}
	seating_report_free(&rep);
	hall_release(&h);
	return rc;
}

static int do_plan(store *st, int argc, char **argv)
{
	enum { OUT = 1, HALL };
	static const struct option opts[] = {
		{"out", required_argument, NULL, OUT}, {"hall", required_argument, NULL, HALL}, {0}};
	const char *out = NULL, *file = NULL;
	struct hall h;
	struct event ev = {0};
	struct delegate *v = NULL;
	size_t n = 0;
	struct safe_file sf = {0};
	ck_err err;
	int c, rc = 1;

	while ((c = admin_getopt(argc, argv, "", opts)) != -1) {
		if (c == OUT)
			out = optarg;
		else if (c == HALL)
			file = optarg;
		else
			return usage();
	}
	if (optind != argc || !out)
		return usage();
	if (inv_check_pdf_path(out, &err) < 0)
		return error_msg("%s", err.msg);
	if (get_hall(st, file, &h))
		return 1;
	if (store_event_load(st, &ev, &err) < 0 || delegate_list(st, NULL, &v, &n, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	if (safe_open(&sf, out, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	if (seatplan_write_pdf(&h, &ev, v, n, assets_dir(), sf.fp, &err) < 0) {
		safe_abort(&sf);
		error_msg("%s", err.msg);
		goto out;
	}
	if (safe_commit(&sf, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	size_t seated = 0;
	for (size_t i = 0; i < n; i++)
		seated += v[i].seat && *v[i].seat;
	printf(_("Đã ghi sơ đồ chỗ ngồi vào '%s' (%zu/%zu đại biểu có chỗ).\n"), out, seated, n);
	rc = 0;
out:
	delegates_free(v, n);
	event_release(&ev);
	hall_release(&h);
	return rc;
}

static int do_edit(store *st, const char *what, int argc, char **argv)
{
	int64_t a, b;
	ck_err err;
	struct delegate d;
	if (!strcmp(what, "set")) {
		struct hall h;
		char canon[200];
		if (argc != 3 || parse_id(argv[1], &a) < 0)
			return usage();
		if (get_hall(st, NULL, &h))
			return 1;
		int rc = seat_set(st, &h, a, argv[2], canon, sizeof canon, &err);
		hall_release(&h);
		if (rc < 0)
			return error_msg("%s", err.msg);
		if (delegate_get(st, a, &d, &err) == 0) {
			escape_line(stdout, _("Đại biểu %lld (%s): %s."), (long long)a, d.name, canon);
			delegate_release(&d);
		}
		return 0;
	}
	if (!strcmp(what, "swap")) {
		if (argc != 3 || parse_id(argv[1], &a) < 0 || parse_id(argv[2], &b) < 0)
			return usage();
		if (seat_swap(st, a, b, &err) < 0)
			return error_msg("%s", err.msg);
		for (int k = 0; k < 2; k++)
			if (delegate_get(st, k ? b : a, &d, &err) == 0) {
				escape_line(stdout, _("Đại biểu %lld (%s): %s."), (long long)d.id, d.name,
				            d.seat ? d.seat : _("chưa có chỗ"));
				delegate_release(&d);
			}
		return 0;
	}
	if (argc != 2 || parse_id(argv[1], &a) < 0)
		return usage();
	if (seat_clear(st, a, &err) < 0)
		return error_msg("%s", err.msg);
	printf(_("Đã bỏ chỗ ngồi của đại biểu %lld.\n"), (long long)a);
	return 0;
}

int cmd_seats(struct admin_ctx *ctx, int argc, char **argv)
{
	store *st = NULL;
	int rc;
	if (argc < 2)
		return usage();
	const char *what = argv[1];
	if (strcmp(what, "hall") && strcmp(what, "auto") && strcmp(what, "set") && strcmp(what, "swap") &&
	    strcmp(what, "clear") && strcmp(what, "plan")) {
		error_msg(_("không có lệnh 'seats %s'"), what);
		return usage();
	}
	if (!strcmp(what, "hall") && argc != 3)
		return usage();
	if (admin_open(ctx, &st) < 0)
		return 1;
	optind = 1;
	if (!strcmp(what, "hall")) {
		struct hall h;
		rc = get_hall(st, argv[2], &h);
		if (!rc) {
			print_hall(&h);
			hall_release(&h);
		}
	} else if (!strcmp(what, "auto")) {
		rc = do_auto(st, argc - 1, argv + 1);
	} else if (!strcmp(what, "plan")) {
		rc = do_plan(st, argc - 1, argv + 1);
	} else {
		rc = do_edit(st, what, argc - 1, argv + 1);
	}
	store_close(st);
	return rc;
}
