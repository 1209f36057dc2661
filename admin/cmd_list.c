/* cmd_list.c - 'checkin-admin list': delegates as a table, CSV or JSON.
 * Piped, the text is the store's; on a terminal every format shows control
 * characters escaped (escape.h), so that an old name with an ESC in it
 * cannot drive the terminal. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin.h"
#include "checkin/clock.h"
#include "checkin/i18n.h"
#include "csv_writer.h"
#include "json.h"

#define NCOLS 12

/* One row as TSV or CSV (csv_writer.c: quoted, formula-like cells as
 * text); escaped when tty. */
static void put_row(int csv, int tty, const char *const cells[NCOLS])
{
	const size_t n = NCOLS;
	if (csv) {
		char *esc[NCOLS] = {0};
		const char *shown[NCOLS];
		for (size_t k = 0; k < n; k++)
			shown[k] = tty && escape_needed(cells[k], 0) && (esc[k] = escape_text(cells[k], 0)) ? esc[k] : cells[k];
		csv_write_row(stdout, shown, n, "\n");
		for (size_t k = 0; k < n; k++)
			free(esc[k]);
		return;
	}
	/* TSV has no quoting: tabs and newlines inside values become spaces */
	for (size_t k = 0; k < n; k++) {
		if (tty)
			escape_put(stdout, cells[k], 0);
		else
			for (const char *p = cells[k] ? cells[k] : ""; *p; p++)
				fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, stdout);
		fputc(k + 1 < n ? '\t' : '\n', stdout);
	}
}

int cmd_list(struct admin_ctx *ctx, int argc, char **argv)
{
	enum { PRESENT = 1, ABSENT, CATEGORY, ROLE, NAME, FORMAT };
	static const struct option opts[] = {
		{"present", no_argument, NULL, PRESENT}, {"absent", no_argument, NULL, ABSENT},
		{"category", required_argument, NULL, CATEGORY}, {"role", required_argument, NULL, ROLE},
		{"name", required_argument, NULL, NAME}, {"format", required_argument, NULL, FORMAT}, {0}};
	struct delegate_filter f = {0};
	const char *format = "tsv";
	struct delegate *v = NULL;
	size_t n = 0;
	store *st = NULL;
	ck_err err;
	int c, rc = 1, tty = escape_is_tty(stdout);

	while ((c = admin_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case PRESENT: f.presence = PRESENCE_PRESENT; break;
		case ABSENT: f.presence = PRESENCE_ABSENT; break;
		case CATEGORY: f.category = optarg; break;
		case NAME: f.name = optarg; break;
		case FORMAT: format = optarg; break;
		case ROLE:
			if (role_parse(optarg, &f.roles, &err) < 0)
				return error_msg("%s", err.msg);
			break;
		default: return usage_msg(cmd_find("list"));
		}
	}
	if (optind != argc || (strcmp(format, "tsv") && strcmp(format, "csv") && strcmp(format, "json"))) {
		if (optind == argc)
			error_msg(_("không có định dạng '%s' (cần tsv, csv hoặc json)"), format);
		return usage_msg(cmd_find("list"));
	}
	if (admin_open(ctx, &st) < 0)
		return 1;
	if (delegate_list(st, &f, &v, &n, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	if (!strcmp(format, "json")) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *o = delegate_to_json_public(&v[i]);
			char shortcode[CODE_SHORTLEN + 1];
			json_object_set_new(o, "phone", v[i].phone ? json_string(v[i].phone) : json_null());
			json_object_set_new(o, "email", v[i].email ? json_string(v[i].email) : json_null());
			json_object_set_new(o, "code", v[i].code ? json_string(v[i].code) : json_null());
			if (v[i].code)
				code_short(v[i].code, shortcode);
			json_object_set_new(o, "short_code", v[i].code ? json_string(shortcode) : json_null());
			json_object_set_new(o, "method", v[i].arrived_at ? json_string(method_name(v[i].method)) : json_null());
			json_array_append_new(arr, o);
		}
		char *text = json_dumps(arr, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		if (!text) {
			json_decref(arr);
			error_msg(_("hết bộ nhớ"));
			goto out;
		}
		/* jansson escapes C0 inside strings; DEL, C1 and bidi controls are
		 * escaped here, the JSON way */
		if (tty)
			escape_put(stdout, text, ESCAPE_KEEP_NEWLINES);
		else
			fputs(text, stdout);
		fputc('\n', stdout);
		free(text);
		json_decref(arr);
	} else {
		int csv = !strcmp(format, "csv");
		const char *head[NCOLS] = {"id", "name", "title", "organization", "category", "district", "roles",
		                      "seat", "code", "arrived_at", "station", "substitute"};
		put_row(csv, tty, head);
		for (size_t i = 0; i < n; i++) {
			char id[24], roles[64], at[32] = "", *sub = NULL;
			snprintf(id, sizeof id, "%lld", (long long)v[i].id);
			if (v[i].arrived_at)
				clock_iso_utc(v[i].arrived_at, at, sizeof at);
			const char *cols[NCOLS] = {id, v[i].name, v[i].title, v[i].organization, v[i].category,
			                      v[i].district, role_format(v[i].roles, roles, sizeof roles), v[i].seat,
			                      v[i].code, at, v[i].station, NULL};
			/* the deputy, marked as such: "đi thay: NAME (title, organisation)" */
			if (v[i].sub_name && (sub = malloc(strlen(v[i].sub_name) + 64 +
			                                   (v[i].sub_title ? strlen(v[i].sub_title) : 0) +
			                                   (v[i].sub_organization ? strlen(v[i].sub_organization) : 0)))) {
				const char *t = v[i].sub_title, *o = v[i].sub_organization;
				sprintf(sub, "%s: %s%s%s%s%s%s", _("đi thay"), v[i].sub_name, t || o ? " (" : "", t ? t : "",
				        t && o ? ", " : "", o ? o : "", t || o ? ")" : "");
				cols[11] = sub;
			}
			put_row(csv, tty, cols);
			free(sub);
		}
	}
	rc = 0;
out:
	delegates_free(v, n);
	store_close(st);
	return rc;
}
