/* main.c - checkin-admin: the secretariat's command-line tool.
 *
 * Global options come before the command ("checkin-admin --db x.db list");
 * the command is looked up in admin_commands[] and runs with its own argv
 * (argv[0] is the command name), git style. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin.h"
#include "checkin/i18n.h"

const struct cmd admin_commands[] = {
	{"help", cmd_help, N_("xem các lệnh và cách dùng"), "help [COMMAND]"},
	{"init", cmd_init, N_("thiết lập hội nghị từ tệp INI"), "init --event FILE"},
	{"import", cmd_import, N_("nhập hoặc cập nhật danh sách đại biểu từ tệp CSV"), "import [--skip-invalid] FILE.csv"},
	{"list", cmd_list, N_("liệt kê đại biểu"), "list [--present|--absent] [--category C] [--role R] [--name TEXT] [--format tsv|csv|json]"},
	{"add", cmd_add, N_("thêm một đại biểu"), "add --name NAME [--title T] [--organization O] [--category C] [--district D] [--roles R] [--seat S] [--phone P] [--email E] [--rank N]"},
	{"edit", cmd_edit, N_("sửa thông tin một đại biểu"), "edit ID [--name NAME] [--title T] [--organization O] [--category C] [--district D] [--roles R] [--seat S] [--phone P] [--email E] [--rank N]"},
	{"remove", cmd_remove, N_("xóa một đại biểu chưa đến"), "remove ID"},
	{"reissue", cmd_reissue, N_("cấp mã mới cho đại biểu (mã cũ bị từ chối)"), "reissue ID [--out FILE.pdf] [--layout a5|a4-2|a6-4]"},
	{"revoke", cmd_revoke, N_("thu hồi mã của đại biểu, không cấp mã mới"), "revoke ID"},
	{"checkin", cmd_checkin, N_("điểm danh đại biểu theo mã, số hoặc tên"), "checkin (CODE | --id N | --name TEXT) [--station S]"},
	{"substitute", cmd_substitute, N_("ghi người đi thay đại biểu, hoặc bỏ"), "substitute ID (--name NAME [--title T] [--organization O] | --clear)"},
	{"undo", cmd_undo, N_("hủy điểm danh của đại biểu"), "undo ID"},
	{"status", cmd_status, N_("xem tình hình điểm danh"), "status [--json]"},
	{"export", cmd_export, N_("xuất báo cáo điểm danh"), "export --out FILE.csv|FILE.xlsx"},
	{"report", cmd_report, N_("ghi báo cáo điểm danh ra tệp (PDF hoặc JSON), và kiểm tra mã kiểm chứng"), "report (--out FILE.pdf | --format json [--out FILE] | --digest | --verify FILE.pdf|DIGEST)"},
	{"invitations", cmd_invitations, N_("in giấy mời (PDF) và ảnh cho điện thoại (PNG) có mã QR"), "invitations (--out FILE.pdf | --png-dir DIR) [--layout a5|a4-2|a6-4] [--id N]... [--category C] [--role R] [--not-printed]"},
	{"nameplates", cmd_nameplates, N_("in bảng tên: mỗi đại biểu một bảng A4 gấp đôi, theo thứ tự chỗ ngồi"), "nameplates --out FILE.pdf [--id N]... [--category C] [--role R] [--block B]"},
	{"watch", cmd_watch, N_("theo dõi điểm danh trên màn hình dòng lệnh (q để thoát)"), "watch"},
	{"seats", cmd_seats, N_("hội trường và chỗ ngồi: xếp theo nghi thức, sửa, in sơ đồ"), "seats hall FILE | auto [--hall FILE] [--reset] | set ID SEAT | swap ID ID | clear ID | plan --out FILE.pdf [--hall FILE]"},
	{"serve", cmd_serve, N_("trang theo dõi điểm danh cho điện thoại và máy chiếu"), "serve [--listen ADDR:PORT] [--key-file FILE]"},
	{"programme", cmd_programme, N_("chương trình: nạp, xem cùng người có mặt, in kịch bản cho người dẫn chương trình"), "programme (load FILE | show [--json] | script --out FILE.pdf)"},
	{NULL, NULL, NULL, NULL},
};

int error_msg(const char *fmt, ...)
{
	va_list ap;
	fputs(_("lỗi: "), stderr);
	va_start(ap, fmt);
	escape_vline(stderr, fmt, ap);
	va_end(ap);
	return 1;
}

int usage_msg(const struct cmd *c)
{
	fprintf(stderr, _("cách dùng: checkin-admin %s\n"), c->usage);
	return 2;
}

int admin_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	ck_err err;
	int c = getopt_checked(argc, argv, shortopts, longopts, &err);
	if (c == '?')
		error_msg("%s", err.msg);
	return c;
}

const struct cmd *cmd_find(const char *name)
{
	for (const struct cmd *c = admin_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int admin_open(struct admin_ctx *ctx, store **st)
{
	ck_err err;
	struct event ev = {0};
	if (store_open(ctx->db_path, st, &err) < 0) {
		error_msg("%s", err.msg);
		return -1;
	}
	if (store_event_load(*st, &ev, &err) == 0) {
		event_apply_timezone(&ev);
		event_release(&ev);
	}
	return 0;
}

static void usage_all(FILE *out)
{
	fputs(_("cách dùng: checkin-admin [--db PATH] COMMAND [ARGS]\n"
	        "     hoặc: checkin-admin --help | --version\n\n"
	        "Cơ sở dữ liệu là --db PATH, nếu không thì $CHECKIN_DB, nếu không nữa thì data/checkin.db.\n\n"
	        "Các lệnh:\n"), out);
	for (const struct cmd *c = admin_commands; c->name; c++)
		fprintf(out, "  %-12s %s\n", c->name, _(c->summary));
}

int cmd_help(struct admin_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc > 1) {
		const struct cmd *c = cmd_find(argv[1]);
		if (!c)
			return error_msg(_("không có lệnh '%s'"), argv[1]);
		printf(_("cách dùng: checkin-admin %s\n\n%s\n"), c->usage, _(c->summary));
		return 0;
	}
	usage_all(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct admin_ctx ctx = {.prog = "checkin-admin"};
	i18n_init();
	const char *db = NULL;
	int i = 1;

	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			db = argv[i + 1];
			i += 2;
		} else if (!strncmp(argv[i], "--db=", 5)) {
			db = argv[i] + 5;
			i++;
		} else if (!strcmp(argv[i], "--db")) {
			fprintf(stderr, _("lỗi: tùy chọn '--db' cần một đường dẫn PATH\n"));
			usage_all(stderr);
			return 2;
		} else if (!strcmp(argv[i], "--version")) {
			printf("checkin-admin %s\n", CHECKIN_VERSION);
			return 0;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage_all(stdout);
			return 0;
		} else {
			error_msg(_("không có tùy chọn '%s'"), argv[i]);
			usage_all(stderr);
			return 2;
		}
	}
	if (i >= argc) {
		usage_all(stderr);
		return 2;
	}
	ctx.db_path = store_path_resolve(db);
	const struct cmd *c = cmd_find(argv[i]);
	if (!c) {
		error_msg(_("không có lệnh '%s'; xem 'checkin-admin help'"), argv[i]);
		return 2;
	}
	optind = 1; /* commands parse their own argv with getopt_long */
	return c->fn(&ctx, argc - i, argv + i);
}
