/* replica.h - a door's own copy of the shared server, and its outbox.
 *
 * A kiosk on PostgreSQL keeps a SQLite file beside it (the replica): the
 * event, the roster, the codes, the substitutes (đi thay) and every
 * door's live arrivals, copied from the server while the link is up (replica_pull), so that when the
 * server does not answer the same check-in rules decide from it. What a
 * door decides offline goes into the replica's outbox in the same
 * transaction (checkin_record with .outbox), and replica_drain puts it on
 * the server when the link returns, oldest first, once each (by nonce).
 * A substitute is set at a door only while it is online (substitute_set on
 * the server): the outbox carries check-ins alone, and a deputy typed in
 * at a door cut off would not reach the other doors or the office.
 * A door also reports itself (replica_door_report) so the office sees
 * which doors are up and how much each still has to send.
 *
 * Both stores stay owned by the caller. */
#ifndef CHECKIN_REPLICA_H
#define CHECKIN_REPLICA_H

#include <stddef.h>
#include <stdint.h>
#include "store.h"

/* Where a door's replica lives by default: $XDG_STATE_HOME/checkin (or
 * ~/.local/state/checkin) / STATION-HASH.db, HASH naming the server, so
 * each station and server has its own. Creates the folder. */
int replica_default_path(const char *server, const char *station, char *buf, size_t len, ck_err *err);

/* Copy into local what changed on remote since the last pull. Refuses
 * (CK_STATE) while local's outbox is not empty: drain it first. A server
 * set up for another event (another tag) replaces the copy. */
int replica_pull(store *remote, store *local, ck_err *err);

/* Entries waiting in local's outbox, and the arrival time of the oldest (0 if none). */
int replica_outbox_count(store *local, int64_t *n, int64_t *oldest_ms, ck_err *err);

/* Put up to max outbox entries on remote, oldest first; *sent counts them.
 * An entry leaves the outbox only once the server has committed it; a
 * crash in between replays it, which the server ignores (its nonce). */
int replica_drain(store *local, store *remote, int max, int *sent, ck_err *err);

/* Tell the server this door is alive: online, offline since when (0 if
 * it was not), how many entries it still has to send. */
int replica_door_report(store *remote, const char *name, int64_t now_ms, int64_t offline_since, int64_t outbox,
                        ck_err *err);

#endif
