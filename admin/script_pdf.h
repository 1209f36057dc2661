/* script_pdf.h - the MC's script (kịch bản) as an A4 PDF: the agenda,
 * each presenter as the MC reads them with present or absent and seat,
 * the award batches as calling lists with seats (see script_pdf.c). */
#ifndef CHECKIN_ADMIN_SCRIPT_PDF_H
#define CHECKIN_ADMIN_SCRIPT_PDF_H

#include <stdio.h>
#include "stage.h"

/* Write the script of s to fp (the caller opens and closes it). Fonts as
 * the invitations' (fonts.h). */
int script_pdf_write(const struct stage *s, FILE *fp, ck_err *err);

#endif
