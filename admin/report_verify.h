/* report_verify.h - reading the audit digest back from a report's PDF,
 * for 'checkin-admin report --verify FILE.pdf'.
 *
 * The report writes the digest line (report_digest_format) into the PDF's
 * Keywords and prints it in its last section. This reads both with
 * poppler-glib (no PDF parsing is written here): either will do (a tool
 * may have rewritten the metadata), but when both are there and disagree
 * the file is refused (CK_INVALID).
 * Nothing is kept: the result is copied into *out. */
#ifndef CHECKIN_ADMIN_REPORT_VERIFY_H
#define CHECKIN_ADMIN_REPORT_VERIFY_H

#include "checkin/error.h"
#include "checkin/report.h"

/* The digest the report at path carries. CK_NOT_FOUND for a file that is
 * not there or a PDF without one, CK_INVALID for a file that is not a PDF
 * or whose two copies of the digest disagree. */
int report_pdf_digest(const char *path, struct report_digest *out, ck_err *err);

#endif
