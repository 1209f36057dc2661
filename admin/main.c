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
	{"help", cmd_help, "show the commands and how to use them", "help [COMMAND]"},
	{"init", cmd_init, "set up the event from an INI file", "init --event FILE"},
	{"import", cmd_import, "import or update the delegate list from CSV", "import [--skip-invalid] FILE.csv"},
	{"list", cmd_list, "list delegates", "list [--present|--absent] [--category C] [--role R] [--name TEXT] [--format tsv|csv|json]"},
	{"add", cmd_add, "add one delegate", "add --name NAME [--title T] [--organization O] [--category C] [--district D] [--roles R] [--seat S] [--phone P] [--email E] [--rank N]"},
	{"edit", cmd_edit, "change a delegate's details", "edit ID [--name NAME] [--title T] [--organization O] [--category C] [--district D] [--roles R] [--seat S] [--phone P] [--email E] [--rank N]"},
	{"remove", cmd_remove, "remove a delegate who has not arrived", "remove ID"},
	{"reissue", cmd_reissue, "replace a delegate's code (the old one is refused)", "reissue ID [--out FILE.pdf] [--layout a5|a4-2|a6-4]"},
	{"revoke", cmd_revoke, "revoke a delegate's code without a new one", "revoke ID"},
	{"checkin", cmd_checkin, "check a delegate in by code, id or name", "checkin (CODE | --id N | --name TEXT) [--station S]"},
	{"substitute", cmd_substitute, "record who comes in a delegate's place (đi thay), or clear it", "substitute ID (--name NAME [--title T] [--organization O] | --clear)"},
	{"undo", cmd_undo, "undo a delegate's check-in", "undo ID"},
	{"status", cmd_status, "show attendance", "status [--json]"},
	{"export", cmd_export, "write the attendance report", "export --out FILE.csv|FILE.xlsx"},
	{"report", cmd_report, "the attendance report to file (PDF or JSON), and its audit digest checked", "report (--out FILE.pdf | --format json [--out FILE] | --digest | --verify FILE.pdf|DIGEST)"},
	{"invitations", cmd_invitations, "write invitations (PDF) and phone images (PNG) with QR codes", "invitations (--out FILE.pdf | --png-dir DIR) [--layout a5|a4-2|a6-4] [--id N]... [--category C] [--role R] [--not-printed]"},
	{"nameplates", cmd_nameplates, "write name plates (bảng tên): one A4 tent card per delegate, in seat order", "nameplates --out FILE.pdf [--id N]... [--category C] [--role R] [--block B]"},
	{"watch", cmd_watch, "live attendance in the terminal (q quits)", "watch"},
	{"seats", cmd_seats, "the hall and who sits where: place by protocol, edit, print the chart", "seats hall FILE | auto [--hall FILE] [--reset] | set ID SEAT | swap ID ID | clear ID | plan --out FILE.pdf [--hall FILE]"},
	{"serve", cmd_serve, "live attendance dashboard for phones and projectors", "serve [--listen ADDR:PORT] [--key-file FILE]"},
	{"programme", cmd_programme, "the programme: load it, show it with who is present, print the MC's script", "programme (load FILE | show [--json] | script --out FILE.pdf)"},
	{NULL, NULL, NULL, NULL},
};

int error_msg(const char *fmt, ...)
{
	va_list ap;
	fputs("error: ", stderr);
	va_start(ap, fmt);
	escape_vline(stderr, fmt, ap);
	va_end(ap);
	return 1;
}

int usage_msg(const struct cmd *c)
{
	fprintf(stderr, "usage: checkin-admin %s\n", c->usage);
	return 2;
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
	fprintf(out, "usage: checkin-admin [--db PATH] COMMAND [ARGS]\n"
	             "   or: checkin-admin --help | --version\n\n"
	             "The database is --db PATH, else $CHECKIN_DB, else data/checkin.db.\n\nCommands:\n");
	for (const struct cmd *c = admin_commands; c->name; c++)
		fprintf(out, "  %-12s %s\n", c->name, c->summary);
}

int cmd_help(struct admin_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc > 1) {
		const struct cmd *c = cmd_find(argv[1]);
		if (!c)
			return error_msg("unknown command '%s'", argv[1]);
		printf("usage: checkin-admin %s\n\n%s\n", c->usage, c->summary);
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
			fprintf(stderr, "error: option '--db' needs a PATH\n");
			usage_all(stderr);
			return 2;
		} else if (!strcmp(argv[i], "--version")) {
			printf("checkin-admin %s\n", CHECKIN_VERSION);
			return 0;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage_all(stdout);
			return 0;
		} else {
			error_msg("unknown option '%s'", argv[i]);
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
		error_msg("unknown command '%s'; see 'checkin-admin help'", argv[i]);
		return 2;
	}
	optind = 1; /* commands parse their own argv with getopt_long */
	return c->fn(&ctx, argc - i, argv + i);
}
