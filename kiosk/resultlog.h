/* resultlog.h - one JSON line on stdout per scan result, for the
 * secretariat's logs and for the tests:
 * {"time":"…Z","result":"ok","id":12,"station":"cua-chinh","method":"camera",
 *  "latency_ms":23,"decode_ms":9,"commit_ms":2,"draw_ms":8,"present_ms":4,
 *  "nonce":"9f…","offline":false}
 * nonce is the scan's id on every store; offline is true when the door
 * decided it without its server (it is then in the outbox); "substitute":
 * true is added when the screen greeted the delegate's deputy (đi thay).
 * latency_ms runs from the input's capture to the first frame presented
 * with the result; the four stages add up to it. */
#ifndef KIOSK_RESULTLOG_H
#define KIOSK_RESULTLOG_H

#include <stdint.h>
#include "screen.h"

/* When each stage of one result ended, monotonic ms; and which scan it was. */
struct result_times {
	int64_t captured, queued, committed, drawn, presented;
	char nonce[40];
	int offline;
};

void resultlog_write(const struct screen_result *r, const char *station, const struct result_times *t);

#endif
