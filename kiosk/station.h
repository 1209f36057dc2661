/* station.h - the door's link to the store: a queue and one thread.
 *
 * The station owns the kiosk's store handle and runs, in order, the
 * check-ins the decoder and the keyboard ask for, staff searches and
 * undos. Its states (waiting, committing, retrying, draining) are the
 * plain state machine of station_sm.h: a check-in the store could not
 * write (busy, I/O) stays at the head of the queue and is retried, so
 * nobody is greeted before their arrival is durable. It also follows
 * other stations' check-ins through store_data_version().
 *
 * A door on a shared PostgreSQL server (cfg->server) keeps a replica (a
 * SQLite file at cfg->db_path) and an outbox in it: check-ins go to the
 * server while it answers within cfg->timeout_ms, and to the replica's
 * outbox when it does not; the station sends the outbox when the server
 * is back and copies the other doors' arrivals into the replica, which
 * also answers searches and counts (station_sm.h draws the link).
 *
 * Results come back as messages built from core types (station_poll);
 * the station knows no screen. The notify callback is called from the
 * station's thread whenever a message is queued, so the caller can wake. */
#ifndef KIOSK_STATION_H
#define KIOSK_STATION_H

#include "checkin/checkin.h"
#include "checkin/counts.h"
#include "checkin/scan.h"

#define STATION_QUEUE_MAX 256
#define STATION_FOUND_MAX 8

typedef struct station station;

struct station_config {
	const char *db_path;          /* the store; for a door on a server, its replica */
	const char *server;           /* a PostgreSQL connection string, or NULL */
	int timeout_ms;               /* how long the server may take before the door goes offline */
	const char *station;          /* this door's name, recorded with each check-in */
	void (*notify)(void *ctx);    /* called from the station's thread */
	void *ctx;
};

enum station_req { REQ_SCAN, REQ_ID, REQ_SEARCH, REQ_UNDO, REQ_SUBST };

enum station_msg_type {
	SMSG_CHECKIN, /* outcome: a committed check-in (REQ_SCAN, REQ_ID) */
	SMSG_COUNTS,  /* counts: fresh figures */
	SMSG_FOUND,   /* found[0..nfound): staff search results */
	SMSG_UNDONE,  /* undone: whose check-in was undone; undone.id 0: none here yet */
	SMSG_SUBST,   /* outcome.delegate: a deputy recorded (REQ_SUBST), the delegate read after it */
	SMSG_REFUSED, /* err: a staff request (req) could not be done (not found, ...) */
	SMSG_STORE,   /* err: the store fails (retried when ck_transient), or works again (CK_NONE) */
	SMSG_LOST,    /* text or the request's id: a check-in given up, not recorded (also on stderr) */
	SMSG_LINK     /* online, offline_since, outbox: the door's link to its server changed */
};

/* A message owns what it carries; station_msg_release() frees it. */
struct station_msg {
	enum station_msg_type type;
	enum station_req req;         /* the request answered */
	enum checkin_method method;   /* SMSG_CHECKIN: how it was read */
	int64_t captured_ms;          /* SMSG_CHECKIN: monotonic ms the input was captured */
	int64_t queued_ms, done_ms;   /* SMSG_CHECKIN: when queued and committed (monotonic) */
	struct checkin_outcome outcome;
	struct counts counts;
	struct delegate *found;
	size_t nfound;
	struct delegate undone;
	char text[SCAN_TEXT_MAX];     /* SMSG_LOST: the payload */
	char nonce[CHECKIN_NONCE_LEN + 1]; /* SMSG_CHECKIN: the scan's id on every store */
	int offline;                  /* SMSG_CHECKIN: decided by the replica, in the outbox */
	int online;                   /* SMSG_LINK: the server answers */
	int64_t offline_since;        /* SMSG_LINK: UTC ms the server stopped answering, 0 if online */
	int64_t outbox;               /* SMSG_LINK: check-ins waiting to be sent */
	ck_err err;
};

void station_msg_release(struct station_msg *m);

/* Open the store at cfg->db_path, warm it for the first check-in (see
 * station_warm_ms) and start the thread. Strings in cfg are copied. Stop it with station_stop(). */
int station_start(station **out, const struct station_config *cfg, ck_err *err);

/* How long station_start spent warming the store for the first check-in
 * (store_warm, then checkin_warm). */
void station_warm_ms(const station *s, int64_t *store_ms, int64_t *checkin_ms);

/* Stop taking requests and finish what is queued: a failing store is
 * retried for up to STATION_DRAIN_MS; what is left is logged on stderr
 * ("NOT RECORDED") and as SMSG_LOST, never dropped silently. Returns when
 * the thread has ended; the messages it posted can still be polled. */
void station_drain(station *s);
/* station_drain if not done yet, then close the store and free s;
 * messages not yet polled are released. */
void station_stop(station *s);

/* Queue work (any thread). Payloads are copied. */
void station_scan(station *s, const char *payload, enum checkin_method m, int64_t captured_ms);
void station_checkin_id(station *s, int64_t id, int64_t captured_ms);
void station_search(station *s, const char *query); /* replaces a queued older search */
void station_undo(station *s);                     /* the newest check-in at this station */
/* name comes in place of delegate id (đi thay): recorded on the server
 * (or the store), never in a door's offline replica, which refuses it
 * (CK_STATE) while the server is away; answered with SMSG_SUBST. */
void station_substitute(station *s, int64_t id, const char *name);

/* For a door on a server: get its replica ready before the screen opens.
 * When the server answers, send what an earlier run left in the outbox and
 * copy the event and the roster; when it does not, go on from the copy
 * (warned on stderr). Fails when there is neither. */
int station_prepare_replica(const char *server, const char *replica, int timeout_ms, ck_err *err);

/* Nonzero when nothing waits to be sent to the server (always without one). */
int station_synced(station *s);

/* Take the next message into *out (the caller releases it); 1 when there
 * was one. */
int station_poll(station *s, struct station_msg *out);
/* Nonzero when no request is queued or running and no message waits. */
int station_idle(station *s);

#endif
