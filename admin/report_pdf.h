/* report_pdf.h - the attendance report (Báo cáo điểm danh) as an A4 PDF,
 * drawn with cairo and pango in the invitations' fonts (fonts.h).
 *
 * The figures are core's struct report (checkin/report.h); this file only
 * draws them. The PDF's Keywords carry the audit digest line
 * (report_digest_format), which the last section also prints, so that
 * 'report --verify' can read it back (report_verify.h).
 *
 * The caller owns fp and closes it; nothing here keeps memory. */
#ifndef CHECKIN_ADMIN_REPORT_PDF_H
#define CHECKIN_ADMIN_REPORT_PDF_H

#include <stdio.h>
#include "checkin/event.h"
#include "checkin/report.h"

/* Write the report r of event ev to fp, fonts from assets_dir (NULL: none
 * shipped; fontconfig's). */
int report_write_pdf(const struct report *r, const struct event *ev, const char *assets_dir, FILE *fp,
                     ck_err *err);

#endif
