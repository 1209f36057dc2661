/* y4m.c - parsing YUV4MPEG2 headers (see y4m.h). Y4M is what ffmpeg and
 * most tools write for raw video, which makes it the easy way to replay a
 * recorded door camera through the kiosk. */
#include <stdlib.h>
#include <string.h>
#include "checkin/i18n.h"
#include "y4m.h"

static int parse_side(const char *t, size_t n, int max_side)
{
	long v = 0;
	if (n == 0 || n > 6)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (t[i] < '0' || t[i] > '9')
			return -1;
		v = v * 10 + (t[i] - '0');
	}
	return v >= 1 && v <= max_side ? (int)v : -1;
}

int y4m_parse_header(const char *line, size_t len, int max_side, struct y4m_format *fmt, ck_err *err)
{
	size_t i = 10;
	memset(fmt, 0, sizeof *fmt);
	if (len < 10 || memcmp(line, "YUV4MPEG2 ", 10) != 0)
		return ck_fail(err, CK_INVALID, _("không phải tệp YUV4MPEG2"));
	while (i < len && line[i] != '\n') {
		size_t start = i;
		while (i < len && line[i] != ' ' && line[i] != '\n')
			i++;
		const char *t = line + start;
		size_t n = i - start;
		if (n > 0 && (t[0] == 'W' || t[0] == 'H')) {
			int v = parse_side(t + 1, n - 1, max_side);
			if (v < 0)
				return ck_fail(err, CK_INVALID, t[0] == 'W' ? _("chiều rộng khung hình sai '%.*s'") : _("chiều cao khung hình sai '%.*s'"),
				               (int)(n > 20 ? 20 : n), t);
			if (t[0] == 'W')
				fmt->width = v;
			else
				fmt->height = v;
		} else if (n > 0 && t[0] == 'C') {
			if (n == 5 && !memcmp(t, "Cmono", 5))
				fmt->mono = 1;
			else if (n < 4 || memcmp(t, "C420", 4) != 0)
				return ck_fail(err, CK_INVALID, _("không hỗ trợ hệ màu '%.*s' (chỉ 4:2:0 và đơn sắc)"),
				                (int)(n - 1 > 20 ? 20 : n - 1), t + 1);
		}
		if (i < len && line[i] == ' ')
			i++;
	}
	if (!fmt->width || !fmt->height)
		return ck_fail(err, CK_INVALID, _("phần đầu tệp không cho kích thước khung hình"));
	return 0;
}

size_t y4m_chroma_bytes(const struct y4m_format *fmt)
{
	if (fmt->mono)
		return 0;
	return (size_t)((fmt->width + 1) / 2) * (size_t)((fmt->height + 1) / 2);
}
