/* attendance.h - one picture of who is in the hall, for the live views.
 *
 * `watch` (terminal) and `serve` (web) show the same things: the counts,
 * arrivals per 5 minutes, the last arrivals, the absent presenters, award
 * recipients and VIPs, and the communes with nobody in the hall. They build
 * it here, from core's queries, so both views agree. The JSON form never
 * carries phone numbers, e-mail addresses or codes.
 *
 * struct attendance owns everything in it; attendance_release() frees it. */
#ifndef CHECKIN_ATTENDANCE_H
#define CHECKIN_ATTENDANCE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "checkin/counts.h"
#include "checkin/event.h"

#define ATTENDANCE_BUCKET_MS (5 * 60 * 1000)
#define ATTENDANCE_COMMUNE_CATEGORY "Cấp xã"

/* A commune (an organization of category Cấp xã) with nobody arrived. */
struct commune {
	char *organization;
	char *district;   /* "" when unknown */
	int registered;   /* its delegates on the roster */
};

struct attendance {
	int64_t now;                  /* UTC ms the picture was taken */
	struct event ev;              /* zeroed when no event is set up */
	struct counts counts;
	int *hist; size_t nhist;      /* arrivals per ATTENDANCE_BUCKET_MS */
	int64_t hist_start;           /* start of hist[0], UTC ms */
	struct delegate *recent; size_t nrecent;   /* newest first */
	struct commune *empty; size_t nempty;      /* in roster order */
	size_t ncommunes;             /* communes on the roster */
	struct door_status *doors; size_t ndoors; /* doors of a shared server */
};

/* Take the picture at now_ms with at most max_recent last arrivals.
 * On failure a is left empty (safe to release) and err says why. */
int attendance_load(store *st, int64_t now_ms, size_t max_recent, struct attendance *a, ck_err *err);
void attendance_release(struct attendance *a);

/* {"now","event":{title,venue,address,date,start,timezone},
 *  "status":<counts_to_json (json.h)>,
 *  "histogram":{"bucket_ms","start","counts":[...]},
 *  "recent":[<delegate_to_json_public> + "time":"HH:MM"],
 *  "empty_communes":[{organization,district,registered}],"communes":N}
 * New reference, NULL when out of memory. */
json_t *attendance_to_json(const struct attendance *a);

/* A public delegate (delegate_to_json_public) with "time": local "HH:MM"
 * of the arrival when there is one. New reference. */
json_t *attendance_delegate_json(const struct delegate *d);

#endif
