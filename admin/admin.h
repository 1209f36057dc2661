/* admin.h - what every checkin-admin command shares.
 *
 * Each command lives in its own cmd_NAME.c and is one row of the table in
 * main.c. A command returns the process exit status: 0 done, 1 refused or
 * failed, 2 usage error. Commands print errors with error_msg()/usage_msg().
 *
 * The helpers the commands use (util.h, fields.h, json.h, csv_writer.h,
 * invitation*.h, ...) are in the checkin_admin_lib library; they report
 * failures through ck_err, never with error_msg(), and never exit. */
#ifndef CHECKIN_ADMIN_H
#define CHECKIN_ADMIN_H

#include <getopt.h>
#include <stdio.h>
#include "checkin/i18n.h"
#include "checkin/store.h"
#include "escape.h"
#include "fields.h"
#include "util.h"

struct admin_ctx {
	const char *db_path;   /* resolved --db / CHECKIN_DB / default */
	const char *prog;      /* "checkin-admin" */
};

typedef int (*cmd_fn)(struct admin_ctx *ctx, int argc, char **argv);

struct cmd {
	const char *name;
	cmd_fn fn;
	const char *summary;   /* one line for help: N_() Vietnamese, shown with _() */
	const char *usage;     /* "import [--skip-invalid] FILE" */
};

extern const struct cmd admin_commands[];

/* "lỗi: ..." (translated) on stderr, escaped (escape.h: it may quote input); returns 1. */
int error_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "cách dùng: checkin-admin USAGE" (translated) on stderr; returns 2. */
int usage_msg(const struct cmd *c);
const struct cmd *cmd_find(const char *name);
/* getopt_long for commands: an unknown option or a missing value is said
 * in the message language ("lỗi: không có tùy chọn '--x'") and gives '?',
 * after which the command prints its usage. */
int admin_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);

/* Open the store at ctx->db_path and load the event's time zone.
 * Prints the error and returns -1 on failure. */
int admin_open(struct admin_ctx *ctx, store **st);

/* Commands. */
int cmd_help(struct admin_ctx *, int, char **);
int cmd_init(struct admin_ctx *, int, char **);
int cmd_import(struct admin_ctx *, int, char **);
int cmd_list(struct admin_ctx *, int, char **);
int cmd_add(struct admin_ctx *, int, char **);
int cmd_edit(struct admin_ctx *, int, char **);
int cmd_remove(struct admin_ctx *, int, char **);
int cmd_reissue(struct admin_ctx *, int, char **);
int cmd_revoke(struct admin_ctx *, int, char **);
int cmd_checkin(struct admin_ctx *, int, char **);
int cmd_undo(struct admin_ctx *, int, char **);
int cmd_substitute(struct admin_ctx *, int, char **);
int cmd_nameplates(struct admin_ctx *, int, char **);
int cmd_status(struct admin_ctx *, int, char **);
int cmd_export(struct admin_ctx *, int, char **);
int cmd_report(struct admin_ctx *, int, char **);
int cmd_invitations(struct admin_ctx *, int, char **);
int cmd_watch(struct admin_ctx *, int, char **);
int cmd_serve(struct admin_ctx *, int, char **);
int cmd_programme(struct admin_ctx *, int, char **);
int cmd_seats(struct admin_ctx *, int, char **);

#endif
