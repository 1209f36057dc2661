/* util.h - small helpers the admin commands share: writing a file through
 * a temporary name, padding to terminal columns, parsing an id.
 *
 * struct safe_file owns its path strings and the open FILE*; safe_commit()
 * or safe_abort() releases them (either may be called once). */
#ifndef CHECKIN_ADMIN_UTIL_H
#define CHECKIN_ADMIN_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include "checkin/error.h"

/* Write through a temporary file and rename into place: open gives a FILE*
 * on "PATH.tmp-PID"; commit fsyncs, closes and renames; abort removes it. */
struct safe_file { char *path; char *tmp; void *fp; };
int safe_open(struct safe_file *sf, const char *path, ck_err *err);
int safe_commit(struct safe_file *sf, ck_err *err);
void safe_abort(struct safe_file *sf);
/* Check before any work that the directory of path is writable. */
int safe_check_writable(const char *path, ck_err *err);

/* Print s, escaped (escape.h), and pad with spaces to width terminal columns. */
void print_padded(FILE *out, const char *s, int width);
/* getopt_long without glibc's own messages, which are English whatever
 * the language: on an unknown option or a missing value it returns '?'
 * with err saying which, translated. */
struct option;
int getopt_checked(int argc, char **argv, const char *shortopts, const struct option *longopts, ck_err *err);
/* A positive integer id into *id, else -1. */
int parse_id(const char *s, int64_t *id);

#endif
