/* report.h - the figures of the attendance report (issue 13), gathered
 * from the store in one read snapshot, so that the PDF and the JSON of
 * 'checkin-admin report' print the same numbers; and the digest over the
 * audit log that the report carries.
 *
 * The counts are counts_get()'s (the same as 'status'); the rest is
 * grouped here: per district, per commune, the absent lists, check-ins by
 * hand and undone ones, arrivals over time.
 *
 * Definitions (README, docs/report.md):
 *   leaders     delegates with role vip ("Lãnh đạo")
 *   presenters  the presenters of the stored programme's items (speech,
 *               report, presentation: programme.h), in its order; role
 *               presenter when no programme is loaded (then
 *               presenters_from_programme is 0)
 *   award recipients  whoever the stored programme's award batches name
 *               to receive (an individual, or who receives for a
 *               collective; alternates are not recipients), in calling
 *               order; role awardee when no programme is loaded (then
 *               awardees_from_programme is 0)
 *   others      absent delegates with no role
 *   a delegate with several roles is in each of those absent lists
 *   communes    the organisations of the delegates of category "Cấp xã"
 *   by hand     check-ins with method 'manual' (checkin-admin checkin,
 *               the kiosk's staff search), live or undone
 *
 * struct report owns everything it points to; report_release() frees it. */
#ifndef CHECKIN_REPORT_H
#define CHECKIN_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include "counts.h"
#include "delegate.h"
#include "store.h"

/* The category whose organisations are the communes. */
#define REPORT_COMMUNE_CATEGORY "Cấp xã"

struct report_group {
	char *name;          /* the district or the commune's organisation; "" for none */
	char *district;      /* a commune's district (NULL for districts) */
	int arrived, registered;
};

/* One row of the checkin table, with whom it was for. */
struct report_checkin {
	int64_t delegate_id;
	char *name, *organization;
	int64_t at;                /* UTC ms */
	char *station;
	char *method;              /* "camera", "scanner", "manual" */
	int64_t undone_at;         /* 0 when live */
	char *undone_station;      /* NULL when live */
};

/* What the audit log digest covers (see report_audit_digest). */
#define REPORT_DIGEST_FORMAT "checkin-audit-v1"
struct report_digest {
	char sha256[65];           /* lower-case hex */
	int64_t rows;              /* audit rows covered */
	int64_t last_id;           /* the highest id covered (0: none) */
};

/* Substitutes (đi thay, substitute.h): a delegate represented by
 * someone else, every delegate with a deputy recorded, present or not. */
struct report_substitute {
	int64_t delegate_id;
	char *delegate_name, *delegate_title;  /* the invited delegate */
	char *name, *title, *organization;     /* who came instead */
	int64_t recorded_at;                   /* UTC ms the substitute was recorded; 0 unknown */
	char *station;                         /* where it was recorded; NULL: the office */
	int64_t arrived_at;                    /* the delegate's live check-in; 0 when not arrived */
};

struct report {
	int64_t generated_at;      /* UTC ms */
	struct counts counts;      /* counts_get(): arrived, expected, categories */
	struct report_group *districts; size_t ndistricts;   /* roster order; "" last */
	struct report_group *communes; size_t ncommunes;     /* roster order */
	/* absent, by id */
	struct delegate *leaders; size_t nleaders;
	struct delegate *presenters; size_t npresenters;
	int presenters_from_programme; /* presenters are the programme's, not role presenter */
	struct delegate *awardees; size_t nawardees;
	int awardees_from_programme; /* awardees are the programme's batches', not role awardee */
	struct delegate *others; size_t nothers;
	int substitutes_known;     /* whether the store records substitutes (always, now) */
	struct report_substitute *substitutes; size_t nsubstitutes;
	struct report_checkin *manual; size_t nmanual;        /* by hand, by time */
	struct report_checkin *undone; size_t nundone;       /* by time undone */
	/* arrivals over time (live check-ins): buckets of bucket_ms from start_ms */
	int64_t first_at, last_at; /* 0 when nobody arrived */
	int64_t bucket_ms, start_ms;
	int *buckets; size_t nbuckets;
	struct report_digest digest;
};

/* Everything above, read from st at now_ms in one snapshot. The chart's
 * bucket is 5 minutes, wider when the arrivals span more than 6 hours
 * (at most 72 bars). */
int report_get(store *st, int64_t now_ms, struct report *r, ck_err *err);
void report_release(struct report *r);

/* SHA-256 (libsodium) over the canonical serialisation of the audit rows
 * with id <= upto_id (-1: every row), in id order:
 *
 *   "checkin-audit-v1\n", then for each row one line
 *   id TAB at TAB action TAB delegate_id TAB station TAB detail TAB nonce LF
 *
 * integers in decimal; text as stored (UTF-8) with backslash, tab, line
 * feed, carriage return, backspace, form feed and vertical tab written as
 * \\ \t \n \r \b \f \v; NULL as \N. After the first line these are the
 * bytes PostgreSQL's COPY (SELECT ...) TO STDOUT writes in its text
 * format, so a copy of the log can be checked with psql alone. */
int report_audit_digest(store *st, int64_t upto_id, struct report_digest *out, ck_err *err);

/* The line the report's PDF carries in its Keywords and prints:
 * "checkin-audit-v1 sha256=HEX rows=N last_id=M" into buf. */
const char *report_digest_format(const struct report_digest *d, char *buf, size_t len);
/* Parse that line (anywhere in text); -1 when there is none. */
int report_digest_parse(const char *text, struct report_digest *out);

#endif
