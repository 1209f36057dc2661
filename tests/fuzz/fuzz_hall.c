/* fuzz_hall.c - libFuzzer target for the hall file (core/hall.c): any
 * bytes either give a hall whose every seat label reads back as the same
 * seat, or an error with a message; never a crash or a leak. The same
 * bytes as a seat label read alone (hall_label_split) give sane parts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "checkin/hall.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hall h;
	ck_err err;
	char label[256];
	if (hall_parse((const char *)data, size, "hall.ini", &h, &err) == 0) {
		if (!h.name || !h.stage_name || !h.nblocks || h.nseats == 0)
			abort();
		for (size_t i = 0; i < h.nseats; i++) {
			struct hall_seat a = hall_seat_at(&h, i), b;
			double x, y;
			hall_label(&h, a, label, sizeof label);
			if (hall_seat_parse(&h, label, &b) < 0 || hall_seat_index(&h, b) != (long)i)
				abort();
			hall_seat_pos(&h, a, &x, &y);
			if (a.block >= 0 && (x < 0 || y < 0))
				abort();
		}
		/* a label typed anyhow never reads as a seat outside the hall */
		struct hall_seat s;
		size_t n = size < sizeof label - 1 ? size : sizeof label - 1;
		memcpy(label, data, n);
		label[n] = 0;
		if (hall_seat_parse(&h, label, &s) == 0 && hall_seat_index(&h, s) < 0)
			abort();
		hall_release(&h);
	} else if (!err.msg[0]) {
		abort();
	}
	/* any bytes as a seat label without a hall (the name plates' order):
	 * a seat from 1, a place that fits, or -1 */
	struct hall_label_parts lp;
	size_t n = size < sizeof label - 1 ? size : sizeof label - 1;
	memcpy(label, data, n);
	label[n] = 0;
	if (hall_label_split(label, &lp) == 0 &&
	    (lp.seat < 1 || lp.seat > 999 || lp.row < 0 || lp.row > 999 || strlen(lp.place) >= sizeof lp.place))
		abort();
	return 0;
}
