/* clock.h - time stamps. The store keeps UTC milliseconds since the epoch;
 * people see local time in the event's zone (see event_apply_timezone). */
#ifndef CHECKIN_CLOCK_H
#define CHECKIN_CLOCK_H

#include <stddef.h>
#include <stdint.h>

int64_t clock_now_ms(void);                 /* wall clock, UTC ms */
int64_t clock_mono_ms(void);                /* monotonic ms, for latencies */
int64_t clock_mono_us(void);                /* monotonic µs, for short stages */
void clock_sleep_ms(int ms);                /* sleep, resuming after signals */
/* strftime() of ms in local time into buf, e.g. fmt "%H:%M". */
void clock_local(int64_t ms, const char *fmt, char *buf, size_t len) __attribute__((format(strftime, 2, 0)));
/* ISO 8601 UTC "2023-10-27T00:42:05.123Z" into buf (>= 25 bytes). */
void clock_iso_utc(int64_t ms, char *buf, size_t len);

#endif
