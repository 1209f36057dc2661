/* png_grey.h - an ink mask written as a grey PNG, fast (libpng).
 *
 * The phone invitations are black ink on white paper: one grey channel
 * says everything. cairo's own PNG writer uses zlib's default level and
 * tries every row filter, which made a 1080 x 1920 image cost about 30 ms
 * to encode; here the encoder runs with the settings that measured best
 * for such images (see png_grey.c).
 *
 * Nothing here keeps memory or closes the FILE*: the caller owns the
 * pixels and the stream. */
#ifndef CHECKIN_ADMIN_PNG_GREY_H
#define CHECKIN_ADMIN_PNG_GREY_H

#include <stdio.h>
#include "checkin/error.h"

/* Write the w x h ink mask (one byte per pixel: 0 paper, 255 full ink, as
 * cairo's A8 surfaces hold it; rows stride bytes apart) to fp as a PNG of
 * colour type grey, 4 bits a pixel, white paper and black ink. Returns 0,
 * or -1 with err set (CK_IO when fp cannot be written). */
int png_write_ink(FILE *fp, const unsigned char *ink, int w, int h, int stride, ck_err *err);

#endif
