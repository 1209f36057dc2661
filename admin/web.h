/* web.h - the read-only web dashboard server (libmicrohttpd).
 *
 * Serves the page in assets/web/ and a small JSON API:
 *   GET /api/status           the fields of `checkin-admin status --json`
 *   GET /api/dashboard        everything the page shows (attendance.h)
 *   GET /api/arrivals?since=T[&limit=N]
 *                             arrivals at or after T, newest first; T is
 *                             UTC ms since the epoch or ISO 8601
 *                             ("2026-11-28T07:30:00Z", "...+07:00", or
 *                             without a zone in the event's local time)
 *   GET /api/search?q=TEXT    delegates whose name contains TEXT, without
 *                             regard to case or diacritics (at most 20)
 *   GET /api/events           Server-Sent Events: a "snapshot" event with
 *                             the /api/dashboard JSON now and after every
 *                             change to the database
 * With a key set, every request needs it: "?key=K", the cookie
 * "checkin_key" (set when the page is opened with ?key=) or the header
 * "X-Checkin-Key"; otherwise 401. Nothing served carries a phone number,
 * e-mail address or code. Only GET and HEAD are allowed.
 *
 * One thread per connection: an SSE client's thread sleeps on the hub's
 * condition variable, so 50 phones cost 50 idle threads, and a client that
 * stops reading is dropped by the connection timeout without touching the
 * others. */
#ifndef CHECKIN_WEB_H
#define CHECKIN_WEB_H

#include <sys/socket.h>
#include "checkin/error.h"

struct web_options {
	const char *db_path;
	const char *root;            /* directory holding index.html, app.js, style.css */
	const char *key;             /* access key, NULL when none is needed */
	int listen_fd;               /* a bound, listening socket; web_stop() closes it */
	int poll_ms;                 /* how often to look for other stations' check-ins */
};

typedef struct web web;

/* Start serving. On failure nothing is left running and listen_fd is still
 * the caller's. */
int web_start(const struct web_options *o, web **out, ck_err *err);
/* End the event streams, stop serving and free w. */
void web_stop(web *w);

#endif
