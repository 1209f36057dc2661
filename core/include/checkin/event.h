/* event.h - the event's description, read from an INI file (libinih).
 * All strings in struct event are owned by it; event_release() frees them. */
#ifndef CHECKIN_EVENT_H
#define CHECKIN_EVENT_H

#include "error.h"

struct event {
	char *title;      /* full Vietnamese title */
	char *organizer;  /* "Ủy ban nhân dân tỉnh Gia Lai" */
	char *venue;      /* "Hội trường 2/9" */
	char *address;    /* "Số 04 Hoàng Hoa Thám, thành phố Pleiku, tỉnh Gia Lai" */
	char *date;       /* YYYY-MM-DD */
	char *start;      /* HH:MM, local time */
	char *end;        /* HH:MM */
	char *doors_open; /* HH:MM, may be NULL */
	char *timezone;   /* IANA name, "Asia/Ho_Chi_Minh" */
	char *tag;        /* 4 chars of [0-9A-Z], part of every QR payload */
	char *staff_pin;  /* kiosk staff mode PIN, digits */
	int expected;     /* invited headcount; 0 = count of delegates */
	int speech;       /* 1: the kiosk says the greeting aloud (speech = on) */
};

/* Read and validate path into ev (zeroed first). Errors name file:line. */
int event_load(const char *path, struct event *ev, ck_err *err);
void event_release(struct event *ev);

/* Make localtime() use the event's time zone (sets TZ, calls tzset()).
 * Call once from main before threads start. */
void event_apply_timezone(const struct event *ev);

/* "Thứ Sáu, ngày 27 tháng 10 năm 2023" into buf. */
void event_date_vi(const struct event *ev, char *buf, size_t len);

#endif
