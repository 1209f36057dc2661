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
 * Room is left for the multi-door states: OFFLINE (the server does not
 * answer: decide locally and append to the outbox) and SYNCING (drain the
 * outbox) will sit beside RETRYING.
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

enum station_state {
	STATION_WAITING,    /* nothing queued */
	STATION_COMMITTING, /* running the head request */
	STATION_RETRYING,   /* the head failed for a reason that may pass */
	STATION_DRAINING,   /* stopping: finishing what is queued */
	STATION_STOPPED
};

enum station_step {
	STEP_SLEEP, /* wait for a request or *wait_ms */
	STEP_RUN,   /* run the head request, then call station_sm_ran */
	STEP_POLL,  /* refresh the counts, then call station_sm_polled */
	STEP_DROP,  /* give up on the head request (stopping): log it as lost */
	STEP_EXIT   /* nothing left: the thread ends */
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
};

void station_sm_init(struct station_sm *m, int64_t now);

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

/* The counts were refreshed (STEP_POLL). */
void station_sm_polled(struct station_sm *m, int64_t now);

/* Start stopping: finish the queue, bounded by STATION_DRAIN_MS. */
void station_sm_stop(struct station_sm *m, int64_t now);

const char *station_state_name(enum station_state s);

#endif
