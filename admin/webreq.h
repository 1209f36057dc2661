/* webreq.h - what a dashboard request asks for, read from what
 * libmicrohttpd parsed: the method, the access key, the route and the
 * query parameters.
 *
 * Apart from web.c so that it can be fuzzed on its own: nothing here opens
 * the store or queues a response. web.c answers what webreq_read() returns,
 * and tests/fuzz/fuzz_http.c feeds hostile requests through libmicrohttpd
 * to the same function.
 *
 * Nothing here allocates: the strings in struct webreq belong to the
 * connection and live as long as the request. */
#ifndef CHECKIN_ADMIN_WEBREQ_H
#define CHECKIN_ADMIN_WEBREQ_H

#include <microhttpd.h>
#include <stddef.h>
#include <stdint.h>

#define WEBREQ_QUERY_MAX 100      /* bytes of a search text */
#define WEBREQ_ARRIVALS_MAX 1000  /* largest 'limit' */
#define WEBREQ_ARRIVALS_DEFAULT 100
#define WEBREQ_COOKIE "checkin_key"
#define WEBREQ_KEY_HEADER "X-Checkin-Key"

enum webreq_route {
	WEBREQ_FILE,       /* a file of the page */
	WEBREQ_STATUS,     /* /api/status */
	WEBREQ_DASHBOARD,  /* /api/dashboard */
	WEBREQ_ARRIVALS,   /* /api/arrivals */
	WEBREQ_SEARCH,     /* /api/search */
	WEBREQ_EVENTS,     /* /api/events */
	WEBREQ_SERVER,     /* /api/server */
	WEBREQ_PROGRAMME,  /* /api/programme */
	WEBREQ_SEATS,      /* /api/seats: the seat map (seatmap.h) */
	WEBREQ_STRINGS,    /* /api/strings: the page's words (webstrings.h) */
};

struct webreq {
	enum webreq_route route;
	int api;           /* the path is under /api/: answer errors as JSON */
	int head;          /* HEAD rather than GET */
	int key_in_url;    /* the key came as ?key= (the page then sets the cookie) */
	const char *path;  /* WEBREQ_FILE: a safe path ("/" is "/index.html", "/mc" "/mc.html", "/seats" "/seats.html") */
	int64_t since;     /* WEBREQ_ARRIVALS: UTC ms, 0 for all */
	long limit;        /* WEBREQ_ARRIVALS: 1 to WEBREQ_ARRIVALS_MAX */
	const char *q;     /* WEBREQ_SEARCH: valid UTF-8 of at most WEBREQ_QUERY_MAX bytes */
	int64_t now;       /* WEBREQ_PROGRAMME: now=T (as since=), 0 when not given */
	int whole;         /* WEBREQ_EVENTS: whole=1, the whole picture in every event */
	int resume;        /* WEBREQ_EVENTS: a well-formed Last-Event-ID header came ... */
	uint64_t resume_run, resume_gen;  /* ... with these parts (webreq_parse_event_id) */
};

/* Read the request c for url by method, upload_size bytes of body seen so
 * far. key is the access key, NULL when none is needed; it may come as
 * "?key=", the cookie WEBREQ_COOKIE, the header WEBREQ_KEY_HEADER or
 * "Authorization: Bearer KEY". Returns 0 with *r filled, or the HTTP status
 * to refuse with (400, 401, 404, 405) and a one-line English message in
 * msg; r->api is set either way. */
unsigned webreq_read(struct MHD_Connection *c, const char *url, const char *method, size_t upload_size,
                     const char *key, struct webreq *r, char *msg, size_t msglen);

/* The parts, for tests. */

/* T of since=T: UTC milliseconds ("1700000000000"), a date
 * ("2026-11-28", midnight in the event's local time) or a date and time
 * ("2026-11-28T07:30", "...:05", "...:05.123", then "Z", "+07:00", "+0700"
 * or nothing for the event's local time). A date or time that does not
 * exist (30 February, 24:00) is refused. Returns 0 with *ms set, or -1
 * with the reason in why ("February 2026 has 28 days"). */
int webreq_parse_since(const char *s, int64_t *ms, char *why, size_t whylen);

/* An event id of the stream, "RUN.GEN" (hub.h): RUN exactly 16 lower-case
 * hex digits, GEN 1 to 19 decimal digits and not 0. Returns 0 with the
 * parts set, or -1. */
int webreq_parse_event_id(const char *s, uint64_t *run, uint64_t *gen);

/* "/" or "/seg/seg" where every segment is [A-Za-z0-9_-][A-Za-z0-9._-]*:
 * no "..", no hidden files, no backslashes, no empty segments, at most
 * 200 bytes. */
int webreq_path_safe(const char *url);

/* The token of an "Authorization: Bearer TOKEN" value (the scheme in any
 * case), with its length in *len; NULL when value is not of that form. */
const char *webreq_bearer(const char *value, size_t *len);

/* given (len bytes) is the key, compared in constant time. libsodium must
 * be initialised. */
int webreq_key_equal(const char *key, const char *given, size_t len);

/* src as printable ASCII for a message: other bytes become '?', and at
 * most dstlen - 1 bytes are kept. */
void webreq_printable(const char *src, char *dst, size_t dstlen);

#endif
