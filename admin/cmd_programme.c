/* cmd_programme.c - `checkin-admin programme load|show|script`.
 *
 *   programme load FILE                  store the programme file (all or nothing)
 *   programme show [--json]              the agenda with who is in the hall, and alerts
 *   programme script --out kich-ban.pdf  the MC's script as it stands now (A4 PDF)
 *
 * The file's format is in core/include/checkin/programme.h; what "present",
 * "stand in" and "alternate" mean is in stage.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin.h"
#include "checkin/clock.h"
#include "checkin/i18n.h"
#include "checkin/programme.h"
#include "invitation_files.h"
#include "script_pdf.h"
#include "stage.h"

static int load(struct admin_ctx *ctx, const char *path)
{
	struct programme p;
	char *text;
	size_t len;
	ck_err err;
	store *st;
	if (programme_read_file(path, &p, &text, &len, &err) < 0)
		return error_msg("%s", err.msg);
	size_t nitems = p.n, nrec = 0, npres = 0;
	for (size_t i = 0; i < p.n; i++) {
		npres += p.items[i].kind == PROG_PRESENTATION;
		for (size_t b = 0; b < p.items[i].nbatches; b++)
			nrec += p.items[i].batches[b].n;
	}
	programme_release(&p);
	if (admin_open(ctx, &st) < 0) {
		free(text);
		return 1;
	}
	int rc = programme_store(st, path, text, len, &err);
	free(text);
	store_close(st);
	if (rc < 0)
		return error_msg("%s", err.msg);
	printf(_("Đã nạp chương trình: %zu mục, %zu tham luận, %zu người/tập thể nhận khen thưởng.\n"), nitems, npres,
	       nrec);
	return 0;
}

static const char *mark(const struct delegate *d)
{
	if (d && d->arrived_at > 0)
		return d->sub_name ? _("người đi thay có mặt") : _("có mặt");
	return _("VẮNG");
}

static const char *seat(const struct delegate *d)
{
	return d && d->seat && *d->seat ? d->seat : _("chưa xếp ghế");
}

static void show_text(const struct stage *s)
{
	char now[32];
	clock_local(s->now, "%H:%M", now, sizeof now);
	escape_line(stdout, _("Chương trình — %s (lúc %s)"), s->ev.title ? s->ev.title : "", now);
	char *alerts[32];
	size_t na = stage_alert_lines(s, alerts, 32);
	for (size_t i = 0; i < na; i++) {
		escape_line(stdout, _("CẢNH BÁO: %s"), alerts[i]);
		free(alerts[i]);
	}
	for (size_t i = 0; i < s->prog.n; i++) {
		const struct prog_item *it = &s->prog.items[i];
		enum stage_when w = stage_when(s, i);
		char kind[64];
		if (it->label)
			snprintf(kind, sizeof kind, "%s %s", prog_kind_label_vi(it->kind), it->label);
		else
			snprintf(kind, sizeof kind, "%s", prog_kind_label_vi(it->kind));
		escape_line(stdout, "%s %02d:%02d  %s: %s", w == STAGE_NOW ? "▶" : " ", it->minute / 60, it->minute % 60, kind,
		            it->title);
		if (it->presenter) {
			const struct delegate *d = stage_delegate(s, it->presenter);
			char nb[300];
			escape_line(stdout, "         %s (%s) — %s, %s", stage_who_name(d, nb, sizeof nb),
			            d && d->sub_name ? (d->sub_title ? d->sub_title : "") : d && d->title ? d->title : "",
			            mark(d), seat(d));
		}
		if ((it->presenter || it->organization) && !(it->presenter && stage_delegate(s, it->presenter) &&
		                                             stage_delegate(s, it->presenter)->arrived_at > 0)) {
			const struct delegate *sub[STAGE_MAX_STANDINS], *pd = stage_delegate(s, it->presenter);
			const char *org = it->organization ? it->organization : pd ? pd->organization : NULL;
			size_t ns = stage_standins(s, i, sub, STAGE_MAX_STANDINS);
			for (size_t k = 0; k < ns; k++) {
				char nb[300];
				escape_line(stdout, _("         có thể thay: %s (%s), %s"), stage_who_name(sub[k], nb, sizeof nb),
				            sub[k]->title ? sub[k]->title : "", seat(sub[k]));
			}
			if (!ns)
				escape_line(stdout, _("         không có ai của %s trong hội trường"), org ? org : "?");
		}
		for (size_t b = 0; b < it->nbatches; b++) {
			const struct prog_batch *bt = &it->batches[b];
			escape_line(stdout, "         %s", bt->title ? bt->title : bt->id);
			for (size_t r = 0; r < bt->n; r++) {
				const struct prog_recipient *rc = &bt->r[r];
				const struct delegate *who, *d = stage_delegate(s, rc->delegate);
				enum recipient_state st = stage_recipient(s, rc, &who);
				char name[600];
				if (rc->collective)
					snprintf(name, sizeof name, "%s (%s)", rc->collective, d ? d->name : "?");
				else
					snprintf(name, sizeof name, "%s", d ? d->name : "?");
				char nb[300];
				if (st == RECIPIENT_PRESENT)
					escape_line(stdout, _("           %2zu. %s — có mặt, %s"), r + 1, name, seat(who));
				else if (st == RECIPIENT_SUBSTITUTE)
					escape_line(stdout, _("           %2zu. %s — đi thay: %s, %s"), r + 1, name, who->sub_name,
					            seat(who));
				else if (st == RECIPIENT_ALTERNATE)
					escape_line(stdout, _("           %2zu. %s — nhận thay: %s, %s"), r + 1, name,
					            stage_who_name(who, nb, sizeof nb), seat(who));
				else
					escape_line(stdout, _("           %2zu. %s — VẮNG, không có người nhận thay"), r + 1, name);
			}
		}
	}
}

static int show(struct admin_ctx *ctx, int json)
{
	store *st;
	struct stage s;
	ck_err err;
	if (admin_open(ctx, &st) < 0)
		return 1;
	int rc = stage_load(st, stage_clock(), &s, &err);
	store_close(st);
	if (rc < 0)
		return error_msg("%s", err.msg);
	if (json) {
		json_t *j = stage_to_json(&s);
		char *text = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
		json_decref(j);
		if (!text) {
			stage_release(&s);
			return error_msg("%s", _("hết bộ nhớ"));
		}
		if (escape_is_tty(stdout))
			escape_put(stdout, text, ESCAPE_KEEP_NEWLINES);
		else
			fputs(text, stdout);
		putchar('\n');
		free(text);
	} else {
		show_text(&s);
	}
	stage_release(&s);
	return 0;
}

static int script(struct admin_ctx *ctx, const char *out)
{
	store *st;
	struct stage s;
	ck_err err;
	struct safe_file sf;
	if (inv_check_pdf_path(out, &err) < 0)
		return error_msg("%s", err.msg);
	if (admin_open(ctx, &st) < 0)
		return 1;
	int rc = stage_load(st, stage_clock(), &s, &err);
	store_close(st);
	if (rc < 0)
		return error_msg("%s", err.msg);
	if (safe_open(&sf, out, &err) < 0) {
		stage_release(&s);
		return error_msg("%s", err.msg);
	}
	if (script_pdf_write(&s, sf.fp, &err) < 0) {
		safe_abort(&sf);
		stage_release(&s);
		return error_msg("%s", err.msg);
	}
	stage_release(&s);
	if (safe_commit(&sf, &err) < 0)
		return error_msg("%s", err.msg);
	printf(_("Đã ghi kịch bản: %s\n"), out);
	return 0;
}

int cmd_programme(struct admin_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"out", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct cmd *self = cmd_find("programme");
	const char *out = NULL;
	int json = 0, c;
	while ((c = admin_getopt(argc, argv, "jo:h", opts)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'o': out = optarg; break;
		case 'h': printf(_("cách dùng: checkin-admin %s\n"), self->usage); return 0;
		default: return usage_msg(self);
		}
	}
	if (optind >= argc)
		return usage_msg(self);
	const char *sub = argv[optind];
	int rest = argc - optind - 1;
	if (!strcmp(sub, "load") && rest == 1 && !json && !out)
		return load(ctx, argv[optind + 1]);
	if (!strcmp(sub, "show") && rest == 0 && !out)
		return show(ctx, json);
	if (!strcmp(sub, "script") && rest == 0 && out && !json)
		return script(ctx, out);
	return usage_msg(self);
}
