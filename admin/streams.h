/* streams.h - the dashboard's live event streams (Server-Sent Events) on
 * libmicrohttpd's event loop.
 *
 * Between two events a stream's connection is suspended
 * (MHD_suspend_connection), so a waiting phone costs no thread. A watcher
 * thread resumes a sleeping stream when the hub has a newer picture, when
 * its ping is due, and when its client hangs up. libmicrohttpd does not
 * look at a suspended connection, so the watcher polls the sleeping
 * streams' sockets for hang-up (POLLRDHUP): a phone that closes the page
 * frees its slot at once rather than at the next ping. A second small
 * thread follows the hub and wakes the watcher.
 *
 * A client that half-closes its side of the connection counts as gone.
 *
 * The daemon must run with MHD_ALLOW_SUSPEND_RESUME and no thread per
 * connection. web.c owns the streams: streams_start() before the daemon,
 * streams_stop() before MHD_stop_daemon() (every stream ends, and none is
 * left suspended, as libmicrohttpd requires), streams_free() after it.
 * streams_open() allocates a stream; the response's free callback frees
 * it. */
#ifndef CHECKIN_ADMIN_STREAMS_H
#define CHECKIN_ADMIN_STREAMS_H

#include <microhttpd.h>
#include <stdint.h>
#include "checkin/error.h"
#include "hub.h"

#define STREAMS_PING_MS 15000  /* an SSE comment this often keeps proxies open */

typedef struct streams streams;

/* Follow h (which must outlive the streams) for at most max streams. */
int streams_start(hub *h, int max, streams **out, ck_err *err);

/* A response for c that streams the hub's events (hub.h) to a client that
 * has generation gen (0: nothing yet, so it starts with the whole
 * picture; else hub_resume()'s answer for its Last-Event-ID): then the
 * deltas as they come, or with whole set a whole "snapshot" every time.
 * The caller adds its headers, queues it and destroys its reference. NULL
 * when max streams are open (*full set to 1), when stopping or out of
 * memory (*full 0). */
struct MHD_Response *streams_open(streams *s, struct MHD_Connection *c, uint64_t gen, int whole, int *full);

/* Streams open now (for /api/server and tests). */
int streams_count(streams *s);

/* End every stream and stop the threads; new streams are refused. */
void streams_stop(streams *s);
/* After MHD_stop_daemon(). NULL is allowed. */
void streams_free(streams *s);

#endif
