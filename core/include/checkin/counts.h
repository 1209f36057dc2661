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
};

int counts_get(store *st, struct counts *c, ck_err *err);
void counts_release(struct counts *c);

/* Arrivals per bucket of bucket_ms, from the first arrival to now_ms.
 * *buckets is malloc'd (caller frees); (*start_ms) is the first bucket's start. */
int counts_histogram(store *st, int64_t bucket_ms, int64_t now_ms, int **buckets, size_t *n,
                     int64_t *start_ms, ck_err *err);

#endif
