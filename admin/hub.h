/* hub.h - follows the store and hands the dashboard's picture to clients.
 *
 * One thread owns its own store handle and waits for changes
 * (store_wait_change: on SQLite an inotify watch on the database's folder,
 * on PostgreSQL the server's NOTIFY), at most poll_ms at a time so that it
 * notices hub_stop(). When another station commits
 * (or once a minute, so the chart's time axis moves on), it rebuilds the
 * attendance picture once and bumps a generation counter; the first
 * picture is generation 1.
 *
 * For the live pages each generation is kept as Server-Sent Events text,
 * made once for every client:
 *   id: RUN.GEN\nevent: snapshot\ndata: <the whole picture>\n\n
 *   id: RUN.GEN\nevent: delta\ndata: <patch from GEN-1 to GEN>\n\n
 * (the patch format is in delta.h). RUN is this hub's random run id (16
 * hex digits), so that an id from before a restart is never taken for one
 * of this run. The last HUB_HISTORY deltas are kept: a client that fell
 * behind, or comes back with a Last-Event-ID from this run, gets the
 * deltas it missed, and a new client or one too far behind gets the whole
 * picture.
 *
 * Any number of web clients wait on the generation; each takes its own
 * copy, so a slow or hung client never holds up the others or the poller.
 *
 * The caller owns the hub: hub_stop() wakes every waiter for good, then
 * hub_free() joins the thread and frees it. */
#ifndef CHECKIN_HUB_H
#define CHECKIN_HUB_H

#include <stddef.h>
#include <stdint.h>
#include "checkin/error.h"

#define HUB_HISTORY 64  /* deltas kept for clients that fall behind or reconnect */

typedef struct hub hub;

/* Open db_path, take the first picture and start following. */
int hub_start(const char *db_path, int poll_ms, hub **out, ck_err *err);

/* Wait up to timeout_ms for a picture newer than *gen. Returns 1 with *gen
 * updated and, when json is not NULL, a malloc'd copy of its JSON text in
 * *json (caller frees; *len its length); 0 on timeout; -1 once the hub is
 * stopping or when out of memory. *gen = 0 asks for the current picture at
 * once. */
int hub_wait(hub *h, uint64_t *gen, int timeout_ms, char **json, size_t *len);

/* What a client that has generation *gen (0: nothing yet) must read to be
 * current, without waiting: 1 with the event text in *text (malloc'd,
 * caller frees; *len its length) and *gen set to the current generation;
 * 0 when *gen is current; -1 once the hub is stopping or when out of
 * memory. The text is the deltas after *gen when they are all kept and
 * together smaller than the picture, else the whole picture; with whole
 * set, always the whole picture. */
int hub_events(hub *h, uint64_t *gen, int whole, char **text, size_t *len);

/* The generation to resume a client from, given the run and generation of
 * its Last-Event-ID: gen when it is this run's and not in the future,
 * else 0 (the client gets the whole picture). */
uint64_t hub_resume(hub *h, uint64_t run, uint64_t gen);

/* How many pictures were built so far (for tests and logs). */
uint64_t hub_generation(hub *h);

void hub_stop(hub *h);
void hub_free(hub *h);

#endif
