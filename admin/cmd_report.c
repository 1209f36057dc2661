/* cmd_report.c - 'checkin-admin report': the attendance report the
 * secretariat files after the meeting (issue 13).
 *
 *   report --out bao-cao.pdf     the report as an A4 PDF (report_pdf.h)
 *   report --format json         the same figures as JSON (report_json.h)
 *   report --digest              the audit log's digest line, now
 *   report --verify FILE.pdf     does the audit log still match the digest
 *   report --verify DIGEST         a report carries? (or the digest as
 *                                  printed on paper, or its 64 hex digits)
 *
 * The figures come from core (checkin/report.h) in one snapshot. --verify
 * recomputes the digest over the rows the report covered (ids up to its
 * last_id), so rows appended since do not void it: exit 0 when it matches,
 * 1 when a covered row was changed or deleted. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "admin.h"
#include "checkin/assets.h"
#include "checkin/clock.h"
#include "checkin/i18n.h"
#include "checkin/report.h"
#include "invitation_files.h"
#include "report_json.h"
#include "report_pdf.h"
#include "report_verify.h"

static int is_hex64(const char *s)
{
	if (strlen(s) != 64)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
			return 0;
	return 1;
}

/* What --verify names: a file, else a digest line, else 64 hex digits
 * (the whole log: rows unknown, -1). */
static int wanted_digest(const char *arg, struct report_digest *want, ck_err *err)
{
	struct stat sb;
	if (stat(arg, &sb) == 0)
		return report_pdf_digest(arg, want, err);
	if (report_digest_parse(arg, want) == 0)
		return 0;
	if (is_hex64(arg)) {
		memset(want, 0, sizeof *want);
		for (int i = 0; i < 64; i++)
			want->sha256[i] = (char)(arg[i] >= 'A' && arg[i] <= 'F' ? arg[i] - 'A' + 'a' : arg[i]);
		want->rows = -1;
		want->last_id = -1;
		return 0;
	}
	return ck_fail(err, CK_NOT_FOUND, _("không có tệp '%s', và đó cũng không phải là mã SHA-256"), arg);
}

static int verify(store *st, const char *arg)
{
	struct report_digest want, got, now;
	ck_err err;
	if (wanted_digest(arg, &want, &err) < 0)
		return error_msg("%s", err.msg);
	if (report_audit_digest(st, want.last_id, &got, &err) < 0 || report_audit_digest(st, -1, &now, &err) < 0)
		return error_msg("%s", err.msg);
	if (strcmp(want.sha256, got.sha256) != 0 || (want.rows >= 0 && want.rows != got.rows)) {
		if (want.rows >= 0)
			error_msg(_("nhật ký điểm danh KHÔNG khớp với báo cáo: báo cáo ghi SHA-256 %s cho %lld bản ghi đến "
			            "bản ghi số %lld, nhật ký hiện nay cho ra %s (%lld bản ghi): có bản ghi đã bị sửa hoặc xóa "
			            "sau khi lập báo cáo"),
			          want.sha256, (long long)want.rows, (long long)want.last_id, got.sha256, (long long)got.rows);
		else
			error_msg(_("nhật ký điểm danh KHÔNG khớp: mã %s, nhật ký hiện nay (%lld bản ghi) cho ra %s"),
			          want.sha256, (long long)got.rows, got.sha256);
		return 1;
	}
	printf(_("Khớp: %lld bản ghi của nhật ký điểm danh (đến bản ghi số %lld) đúng như khi lập báo cáo.\n"
	         "SHA-256 %s\n"),
	       (long long)got.rows, (long long)got.last_id, got.sha256);
	if (now.rows > got.rows)
		printf(_("Sau khi lập báo cáo, nhật ký có thêm %lld bản ghi.\n"), (long long)(now.rows - got.rows));
	return 0;
}

static int write_json(const struct report *r, const struct event *ev, const char *out)
{
	ck_err err;
	json_t *o = report_to_json(r, ev);
	char *text = o ? json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	if (!text)
		return error_msg(_("hết bộ nhớ"));
	int rc = 0;
	if (!out) {
		if (escape_is_tty(stdout))
			escape_put(stdout, text, ESCAPE_KEEP_NEWLINES);
		else
			fputs(text, stdout);
		fputc('\n', stdout);
	} else {
		struct safe_file sf;
		if (safe_open(&sf, out, &err) < 0) {
			rc = error_msg("%s", err.msg);
		} else {
			fputs(text, sf.fp);
			fputc('\n', sf.fp);
			if (safe_commit(&sf, &err) < 0)
				rc = error_msg("%s", err.msg);
		}
	}
	free(text);
	return rc;
}

static int write_pdf(const struct report *r, const struct event *ev, const char *out)
{
	struct safe_file sf;
	ck_err err;
	if (safe_open(&sf, out, &err) < 0)
		return error_msg("%s", err.msg);
	if (report_write_pdf(r, ev, assets_dir(), sf.fp, &err) < 0) {
		safe_abort(&sf);
		return error_msg("%s", err.msg);
	}
	if (safe_commit(&sf, &err) < 0)
		return error_msg("%s", err.msg);
	printf(_("Đã ghi báo cáo điểm danh vào %s: %d / %d đại biểu đã đến; nhật ký SHA-256 %s.\n"), out,
	       r->counts.arrived, r->counts.expected, r->digest.sha256);
	return 0;
}

int cmd_report(struct admin_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {"verify", required_argument, NULL, 'v'},
	                                     {"digest", no_argument, NULL, 'd'},
	                                     {0}};
	const char *out = NULL, *format = NULL, *check = NULL;
	int opt, digest = 0, rc = 1;
	struct report r;
	struct event ev = {0};
	store *st = NULL;
	ck_err err;

	while ((opt = admin_getopt(argc, argv, "", opts)) != -1) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'f': format = optarg; break;
		case 'v': check = optarg; break;
		case 'd': digest = 1; break;
		default: return usage_msg(cmd_find("report"));
		}
	}
	if (optind != argc || (format && strcmp(format, "json") && strcmp(format, "pdf")) ||
	    (check || digest) + (out || format) != 1 || (check && digest))
		return usage_msg(cmd_find("report"));
	int json = format && !strcmp(format, "json");
	if (!json && !out && !check && !digest)
		return usage_msg(cmd_find("report"));
	if (out && !json && inv_check_pdf_path(out, &err) < 0)
		return error_msg("%s", err.msg);
	if (admin_open(ctx, &st) < 0)
		return 1;
	if (check) {
		rc = verify(st, check);
		goto out;
	}
	if (digest) {
		struct report_digest d;
		char line[192];
		if (report_audit_digest(st, -1, &d, &err) < 0) {
			error_msg("%s", err.msg);
			goto out;
		}
		printf("%s\n", report_digest_format(&d, line, sizeof line));
		rc = 0;
		goto out;
	}
	if (store_event_load(st, &ev, &err) < 0 || report_get(st, clock_now_ms(), &r, &err) < 0) {
		error_msg("%s", err.msg);
		goto out;
	}
	rc = json ? write_json(&r, &ev, out) : write_pdf(&r, &ev, out);
	report_release(&r);
out:
	event_release(&ev);
	store_close(st);
	return rc;
}
