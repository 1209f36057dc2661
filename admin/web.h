/* web.h - the read-only web dashboard server (libmicrohttpd).
 *
 * Serves the page in assets/web/ and a small JSON API:
 *   GET /api/status           the fields of `checkin-admin status --json`
 *   GET /api/dashboard        everything the page shows (attendance.h)
 *   GET /api/arrivals?since=T[&limit=N]
 *                             arrivals at or after T, newest first; T is
 *                             UTC ms since the epoch or ISO 8601
 *                             ("2026-11-28T07:30:00Z", "...+07:00", or
 *                             without a zone in the event's local time;
 *                             "2026-11-28" is its local midnight); a date
 *                             that does not exist is refused (400)
 *   GET /api/search?q=TEXT    delegates whose name contains TEXT, without
 *                             regard to case or diacritics (at most 20)
 *   GET /api/events[?whole=1]
 *                             Server-Sent Events (hub.h): a "snapshot"
 *                             event with the /api/dashboard JSON, then
 *                             after every change to the database a
 *                             "delta" event with what changed (delta.h);
 *                             a client that reconnects with a
 *                             Last-Event-ID of this run gets the deltas
 *                             it missed. With whole=1 every event is a
 *                             whole snapshot (for simple consumers)
 *   GET /api/server           the server's own figures: connections and
 *                             event streams open, the limits below, and how
 *                             many connections were cut for being slow
 * With a key set, every request needs it: "?key=K", the cookie
 * "checkin_key" (set when the page is opened with ?key=), the header
 * "X-Checkin-Key" or "Authorization: Bearer K"; otherwise 401 (with
 * "WWW-Authenticate: Bearer"). What a request asks for is read in
 * webreq.c. Nothing served carries a phone number, e-mail address or code.
 * Only GET and HEAD are allowed.
 *
 * libmicrohttpd runs event-driven (epoll) on WEB_THREADS threads: an open
 * connection costs memory, not a thread, and an event stream waiting for
 * news is suspended (streams.c), so a flood of half-open connections
 * cannot use up threads. Against one client holding many connections:
 * WEB_PER_ADDRESS connections per address, and a request head must arrive
 * within WEB_REQUEST_DEADLINE_MS (conns.c). A response that stops moving
 * (the client no longer reads) is dropped after WEB_TIMEOUT_S. */
#ifndef CHECKIN_WEB_H
#define CHECKIN_WEB_H

#include <sys/socket.h>
#include "checkin/error.h"

#define WEB_THREADS 4                 /* libmicrohttpd's event loops */
#define WEB_MAX_CONNECTIONS 1000      /* fewer when the file descriptor limit is lower */
#define WEB_PER_ADDRESS 64            /* connections from one IP address */
#define WEB_MAX_STREAMS 512           /* event streams at once */
#define WEB_REQUEST_DEADLINE_MS 10000 /* to send a request head, from connecting or the last response */
#define WEB_TIMEOUT_S 30              /* a response that does not move for this long is dropped */

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
