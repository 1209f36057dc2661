/* cmd_status.c - 'checkin-admin status [--json]': how many have arrived,
 * per category, and which delegates with a role are still missing. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin.h"
#include "checkin/checkin.h"
#include "checkin/clock.h"
#include "checkin/i18n.h"
#include "json.h"

int cmd_status(struct admin_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {0}};
	struct door_status *doors = NULL;
	size_t ndoors = 0;
	struct counts c = {0};
	struct event ev = {0};
	store *st = NULL;
	ck_err err;
	int opt, json = 0, rc = 1;

	while ((opt = admin_getopt(argc, argv, "", opts)) != -1) {
		if (opt == 'j')
			json = 1;
		else
			return usage_msg(cmd_find("status"));
	}
	if (optind != argc)
		return usage_msg(cmd_find("status"));
	if (admin_open(ctx, &st) < 0)
		return 1;
	if (store_event_load(st, &ev, &err) < 0 || counts_get(st, &c, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	if (counts_doors(st, clock_now_ms(), &doors, &ndoors, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	if (json) {
		json_t *o = status_to_json(st, clock_now_ms(), &err);
		if (!o) {
			error_msg("%s", err.msg);
			goto out;
		}
		char *text = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (!text) {
			error_msg(_("hết bộ nhớ"));
			goto out;
		}
		if (escape_is_tty(stdout)) /* DEL, C1 and bidi controls, the JSON way */
			escape_put(stdout, text, ESCAPE_KEEP_NEWLINES);
		else
			fputs(text, stdout);
		fputc('\n', stdout);
		free(text);
		rc = 0;
		goto out;
	}
	char date[96], roles[64];
	/* Vietnamese's long form ("Thứ Sáu, ngày 27 tháng 10 năm 2023"), else
	 * the ISO date every reader can read. */
	if (!strcmp(i18n_language(), "vi"))
		event_date_vi(&ev, date, sizeof date);
	else
		snprintf(date, sizeof date, "%s", ev.date ? ev.date : "");
	int pct = c.expected ? c.arrived * 100 / c.expected : 0, fill = c.expected ? c.arrived * 30 / c.expected : 0;
	printf("%s\n%s, %s — %s\n\n", ev.title, date, ev.start, ev.venue);
	printf(_("Đã đến: %d / %d đại biểu (%d%%)  ["), c.arrived, c.expected, pct);
	for (int i = 0; i < 30; i++)
		fputs(i < fill ? "█" : "░", stdout);
	printf(_("]\nĐã đăng ký: %d · Chưa đến: %d\n\nTheo nhóm:\n"), c.registered, c.registered - c.arrived);
	for (size_t i = 0; i < c.ncategories; i++) {
		printf("  ");
		print_padded(stdout, *c.categories[i].name ? c.categories[i].name : _("(chưa phân nhóm)"), 18);
		printf("%4d / %d\n", c.categories[i].arrived, c.categories[i].registered);
	}
	if (c.nabsent) {
		printf(_("\nĐại biểu có vai trò chưa đến (%zu):\n"), c.nabsent);
		for (size_t i = 0; i < c.nabsent; i++) {
			struct delegate *d = &c.absent_roles[i];
			role_format_vi(d->roles, roles, sizeof roles);
			printf("  ");
			print_padded(stdout, roles, 24);
			escape_put(stdout, d->name, 0);
			if (d->title)
				printf(" — "), escape_put(stdout, d->title, 0);
			if (d->organization)
				printf(", "), escape_put(stdout, d->organization, 0);
			putchar('\n');
		}
	} else {
		printf(_("\nTất cả đại biểu có vai trò đã đến.\n"));
	}
	if (ndoors) {
		printf(_("\nCác cửa:\n"));
		for (size_t i = 0; i < ndoors; i++) {
			char seen[16];
			clock_local(doors[i].last_seen, "%H:%M:%S", seen, sizeof seen);
			printf("  ");
			print_padded(stdout, doors[i].name, 18);
			if (doors[i].online)
				printf(_("trực tuyến · %d lượt trong 5 phút"), doors[i].recent);
			else
				printf(_("MẤT KẾT NỐI từ %s"), seen);
			if (doors[i].outbox)
				printf(_(" · %lld lượt chờ đồng bộ"), (long long)doors[i].outbox);
			putchar('\n');
		}
	}
	if (c.repeats_offline)
		printf(_("\nQuét lần hai ở cửa khác khi mất kết nối (không tính thêm): %d\n"), c.repeats_offline);
	if (c.revoked_offline) {
		struct delegate_filter f = {.presence = PRESENCE_PRESENT};
		struct delegate *v = NULL;
		size_t n = 0;
		printf(_("\nCẢNH BÁO — %s (%d):\n"), _(CHECKIN_FLAG_REVOKED_OFFLINE_VI), c.revoked_offline);
		if (delegate_list(st, &f, &v, &n, &err) == 0)
			for (size_t i = 0; i < n; i++)
				if (v[i].flag)
					escape_line(stdout, _("  %lld  %s (tại %s)"), (long long)v[i].id, v[i].name,
					            v[i].station ? v[i].station : "?");
		delegates_free(v, n);
	}
	/* the substitutes apart: each seat counted once above, whoever sits in it */
	struct delegate *sv = NULL;
	size_t sn = 0, nsub = 0;
	if (delegate_list(st, NULL, &sv, &sn, &err) == 0) {
		for (size_t i = 0; i < sn; i++)
			nsub += sv[i].sub_name != NULL;
		if (nsub)
			printf(_("\nNgười đi thay (%zu):\n"), nsub);
		for (size_t i = 0; i < sn; i++) {
			if (!sv[i].sub_name)
				continue;
			printf("  %-5lld ", (long long)sv[i].id);
			escape_put(stdout, sv[i].sub_name, 0);
			printf(_(" đi thay đồng chí "));
			escape_put(stdout, sv[i].name, 0);
			printf(" — %s\n", sv[i].arrived_at ? _("đã đến") : _("chưa đến"));
		}
	}
	delegates_free(sv, sn);
	rc = 0;
out:
	doors_free(doors, ndoors);
	counts_release(&c);
	event_release(&ev);
	store_close(st);
	return rc;
}
