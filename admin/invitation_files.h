/* invitation_files.h - invitations into files, for 'invitations' and
 * 'reissue --out'.
 *
 * The renderer (invitation.h) writes to a FILE* it is given; this is the
 * part that owns the files. Everything is written through
 * safe_open/safe_commit (util.h): a temporary file, then a rename, so a
 * crash or Ctrl-C leaves the old file or the complete new one and no
 * temporary file behind. Progress goes to stderr only when show_progress
 * is set, stderr is a terminal and there are more than 40 invitations.
 *
 * Nothing here keeps memory: the caller owns the renderer, the delegates
 * and the paths. Failures return -1 with err set. */
#ifndef CHECKIN_ADMIN_INVITATION_FILES_H
#define CHECKIN_ADMIN_INVITATION_FILES_H

#include <stddef.h>
#include "checkin/error.h"
#include "invitation.h"

/* Fail unless path can be written as a file (checked before rendering). */
int inv_check_pdf_path(const char *path, ck_err *err);
/* Create dir if missing; fail unless it is a writable directory. */
int inv_check_png_dir(const char *dir, ck_err *err);

/* The n delegates v as one PDF at path, in the given layout. */
int inv_write_pdf_file(inv_renderer *r, const char *path, enum inv_layout layout, const struct delegate *v,
                       size_t n, int show_progress, ck_err *err);
/* One phone image DIR/<id>-<slug>.png (inv_png_name) per delegate. */
int inv_write_png_files(inv_renderer *r, const char *dir, const struct delegate *v, size_t n, int show_progress,
                        ck_err *err);

#endif
