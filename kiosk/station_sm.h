/* station_sm.h - when the door's station commits, retries, polls and stops.
 *
 * The station (station.c) owns the queue of requests and the store; this
 * plain state machine decides what it does next, so that every rule about
 * retrying and stopping is tested without threads or a store
 * (tests/kiosk/test_station.c). Time is passed in, monotonic ms.
 *
 *                     request queued
 *       +-> WAITING ------------------> COMMITTING --+ done, or refused for
 *       |     ^  |                          |  ^     | good (not found, bad
 *       |     |  | poll_at reached or       |  |     | input): next request
 *       |     |  | counts dirty: STEP_POLL  |  +-----+ or back to WAITING
 *       |     +--+                          |
 *       |                      busy or I/O  |  (ck_transient)
 *       |                                   v
 *       +--- the head commits ------- RETRYING: the head stays queued;
 *                                     STEP_RUN again at retry_at
 *                                     (STATION_RETRY_MS later); polls go on
 *
 *   A damaged store or a bug (CK_CORRUPT, CK_INTERNAL) will not pass: the
 *   head is popped with the banner up (STATION_POP | STATION_FAILING) and
 *   the station logs the check-in as not recorded.
 *
 *   station_sm_stop() from any state -> DRAINING: every queued request is
 *   tried; a busy or failing store is retried every STATION_DRAIN_RETRY_MS
 *   until drain_until (STATION_DRAIN_MS); after that each request left is
 *   STEP_DROP (the station logs it as not recorded). Queue empty -> STOPPED
 *   (STEP_EXIT).
 *
 * A door on a shared server also has a link, beside the states above
 * (LINK_LOCAL: a SQLite file of its own, no link at all):
 *
 *              a server call failed (CK_IO, or no answer in time)
 *   ONLINE ------------------------------------------------> OFFLINE
 *     ^  ^                                                   |    ^
 *     |  | outbox empty          probe_at reached: STEP_PROBE |    | probe failed:
 *     |  +------------- SYNCING <---------- server answers ---+    | probe again at
 *     |                 |  STEP_SYNC: send a batch of the           | now + STATION_PROBE_MS
 *     |                 |  outbox; a failure -> OFFLINE             |
 *     +- outbox empty --+------------------------------------------ +
 *
 *   ONLINE and SYNCING commit check-ins on the server; OFFLINE decides them
 *   on the door's replica and queues them in its outbox (station.c). While
 *   ONLINE, STEP_POLL also copies the server's changes into the replica and
 *   reports the door every STATION_REPORT_MS. Requests always come first.
 *
 * The caller owns struct station_sm (plain value, no heap). */
#ifndef KIOSK_STATION_SM_H
#define KIOSK_STATION_SM_H

#include <stdint.h>
#include "checkin/error.h"

#define STATION_RETRY_MS 1000       /* a busy or failing store: try the head again */
#define STATION_POLL_MS 300         /* look for other stations' check-ins */
#define STATION_DRAIN_MS 3000       /* at exit, how long a failing store is retried */
#define STATION_DRAIN_RETRY_MS 200
#define STATION_PROBE_MS 2000       /* offline: try the server again */
#define STATION_REPORT_MS 5000      /* online: tell the server this door is alive */
#define STATION_SYNC_BATCH 50       /* outbox entries sent per STEP_SYNC */

enum station_state {
	STATION_WAITING,    /* nothing queued */
	STATION_COMMITTING, /* running the head request */
	STATION_RETRYING,   /* the head failed for a reason that may pass */
	STATION_DRAINING,   /* stopping: finishing what is queued */
	STATION_STOPPED
};

enum station_link {
	LINK_LOCAL,   /* one store of its own: no server */
	LINK_ONLINE,  /* the server decides */
	LINK_OFFLINE, /* the replica decides; the outbox keeps what to send */
	LINK_SYNCING  /* the server answers again: sending the outbox */
};

enum station_step {
	STEP_SLEEP, /* wait for a request or *wait_ms */
	STEP_RUN,   /* run the head request, then call station_sm_ran */
	STEP_POLL,  /* refresh the counts, then call station_sm_polled */
	STEP_DROP,  /* give up on the head request (stopping): log it as lost */
	STEP_EXIT,  /* nothing left: the thread ends */
	STEP_PROBE, /* offline: try to reach the server, then station_sm_probed */
	STEP_SYNC   /* send a batch of the outbox, then station_sm_synced */
};

/* What station_sm_ran asks of the station, as bits. */
enum {
	STATION_POP = 1,        /* remove the head request */
	STATION_FAILING = 2,    /* tell staff the store fails (banner) */
	STATION_RECOVERED = 4   /* tell staff it works again */
};

struct station_sm {
	enum station_state state;
	int64_t retry_at;     /* RETRYING, DRAINING: when to run the head again */
	int64_t poll_at;      /* next look at the store's data version */
	int64_t drain_until;  /* DRAINING: give up on a failing store then */
	int counts_dirty;     /* a commit here changed the counts */
	int failing;          /* the last try failed: the banner is up */
	unsigned attempts;    /* tries of the current head */
	enum station_link link;
	int64_t offline_since; /* OFFLINE, SYNCING: when the server stopped answering */
	int64_t probe_at;      /* OFFLINE: next try */
	int64_t report_at;     /* ONLINE: next door report */
	int64_t outbox;        /* entries waiting to be sent */
	int link_dirty;        /* link or outbox changed: tell staff */
};

/* link: LINK_LOCAL for a door with its own file; a door on a server
 * starts ONLINE, or OFFLINE when the server did not answer at start. */
void station_sm_init(struct station_sm *m, int64_t now);
void station_sm_link_init(struct station_sm *m, enum station_link link, int64_t outbox, int64_t now);

/* Nonzero when a failure of this kind is the store's (busy, I/O, memory,
 * damaged, a bug: staff see the banner), zero when it is the request's (no
 * such delegate, not checked in, bad input) or CK_NONE. */
int station_store_failure(enum ck_kind kind);

/* The next step, given whether a request is queued. For STEP_SLEEP
 * *wait_ms is how long to sleep at most (a new request wakes earlier). */
enum station_step station_sm_next(struct station_sm *m, int queued, int64_t now, int64_t *wait_ms);

/* The head request ran; kind is CK_NONE when it is done (or refused for
 * good, which is also done), else how it failed. Returns STATION_* bits. */
unsigned station_sm_ran(struct station_sm *m, enum ck_kind kind, int64_t now);

/* The head request was dropped (STEP_DROP). */
void station_sm_dropped(struct station_sm *m);

/* A server call failed for the link's sake (CK_IO): go OFFLINE. */
void station_sm_link_lost(struct station_sm *m, int64_t now);
/* A check-in went into the outbox (offline). */
void station_sm_queued_offline(struct station_sm *m);
/* STEP_PROBE: whether the server answered. */
void station_sm_probed(struct station_sm *m, int ok, int64_t now);
/* STEP_SYNC: kind of failure (CK_NONE: the batch went), entries left. */
void station_sm_synced(struct station_sm *m, enum ck_kind kind, int64_t left, int64_t now);
/* The door was reported (ONLINE, STEP_POLL). */
void station_sm_reported(struct station_sm *m, int64_t now);
/* Whether a STEP_POLL should report the door now. */
int station_sm_report_due(const struct station_sm *m, int64_t now);

/* The counts were refreshed (STEP_POLL). */
void station_sm_polled(struct station_sm *m, int64_t now);

/* Start stopping: finish the queue, bounded by STATION_DRAIN_MS. */
void station_sm_stop(struct station_sm *m, int64_t now);

const char *station_state_name(enum station_state s);
const char *station_link_name(enum station_link l);

#endif
