/* y4m.h - the YUV4MPEG2 stream header, kept apart from file reading so
 * that it can be fuzzed. Only 4:2:0 (any siting) and mono are accepted. */
#ifndef KIOSK_Y4M_H
#define KIOSK_Y4M_H

#include <stddef.h>
#include "checkin/error.h"

#define Y4M_HEADER_MAX 256

struct y4m_format {
	int width, height;
	int mono;          /* Cmono: no chroma planes */
};

/* Parse the header line ("YUV4MPEG2 W1280 H720 F30:1 Ip A1:1 C420jpeg\n",
 * len bytes, not necessarily NUL-terminated). Sizes must be 1..max_side. */
int y4m_parse_header(const char *line, size_t len, int max_side, struct y4m_format *fmt, ck_err *err);

/* Bytes of one chroma plane (0 for mono). */
size_t y4m_chroma_bytes(const struct y4m_format *fmt);

#endif
