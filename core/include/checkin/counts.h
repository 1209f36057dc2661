/* counts.h - live attendance figures, shared by status, kiosk and dashboard. */
#ifndef CHECKIN_COUNTS_H
#define CHECKIN_COUNTS_H

#include "delegate.h"

struct category_count {
	char *name;
	int arrived, registered;
};

struct counts {
	int arrived;      /* live check-ins */
	int expected;     /* event.expected, else registered */
	int registered;   /* delegates on the roster */
	struct category_count *categories; size_t ncategories; /* by first id seen */
	struct delegate *absent_roles; size_t nabsent;         /* absent with any role, by id */
	/* several doors: admitted offline with a code revoked meanwhile (live
	 * check-ins flagged 'revoked-offline'), and scans at a second door while
	 * offline (kept in the log as repeats; never counted) */
	int revoked_offline, repeats_offline;
};

/* A door of a shared server, as it last reported itself. */
struct door_status {
	char *name;
	int64_t last_seen;      /* UTC ms */
	int online;             /* seen within DOOR_ONLINE_MS */
	int64_t offline_since;  /* it was offline from then until last_seen, 0 if not */
	int64_t outbox;         /* entries it still had to send */
	int recent;             /* its check-ins in the last 5 minutes */
};
#define DOOR_ONLINE_MS 15000

/* Every door that ever reported, by name; *v is malloc'd (doors_free). */
int counts_doors(store *st, int64_t now_ms, struct door_status **v, size_t *n, ck_err *err);
void doors_free(struct door_status *v, size_t n);

int counts_get(store *st, struct counts *c, ck_err *err);
void counts_release(struct counts *c);

/* Arrivals per bucket of bucket_ms, from the first arrival to now_ms.
 * *buckets is malloc'd (caller frees); (*start_ms) is the first bucket's start. */
int counts_histogram(store *st, int64_t bucket_ms, int64_t now_ms, int **buckets, size_t *n,
                     int64_t *start_ms, ck_err *err);

#endif
