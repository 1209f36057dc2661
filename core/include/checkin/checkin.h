/* checkin.h - the check-in rules.
 *
 * A delegate is counted at most once: a live check-in row is unique per
 * delegate (enforced by a partial unique index), and every decision is made
 * inside one transaction that holds the delegate (SQLite's IMMEDIATE lock,
 * PostgreSQL's lock on the delegate), so two stations racing on the same
 * delegate yield one ok and one already. A result is returned only after
 * the commit (synchronous=FULL, synchronous_commit=on) is durable. Every
 * attempt, refused ones too, lands in the audit log, with its nonce: the
 * id a door gives each scan, so that the same scan sent twice (a retry
 * after a timeout, an outbox replayed after a crash) is recorded once.
 *
 * The same rules decide at a door that lost its server, on the door's own
 * replica (see replica.h); the scan then also goes to the replica's outbox,
 * and checkin_replay() puts it on the server later: the earliest arrival
 * stands, a later one at another door is kept in the log as a repeat
 * "while offline", and an admission with a code revoked meanwhile is
 * flagged.
 *
 * The outcome carries the delegate as read inside the check-in's own
 * transaction, so a greeting never shows details edited a moment later. */
#ifndef CHECKIN_CHECKIN_H
#define CHECKIN_CHECKIN_H

#include <stdint.h>
#include "delegate.h"

enum checkin_result { CHECKIN_OK, CHECKIN_ALREADY, CHECKIN_REVOKED, CHECKIN_FOREIGN, CHECKIN_INVALID };

struct checkin_outcome {
	enum checkin_result result;
	/* The delegate the code or id belongs to, read in the transaction;
	 * delegate.id is 0 when the code is unknown (or the delegate was
	 * removed: see checkin_revoked_why). delegate.arrived_at and .station
	 * are the live check-in:
	 * for ok this one, for already the first. The outcome owns the
	 * strings: checkin_outcome_release(). */
	struct delegate delegate;
};

void checkin_outcome_release(struct checkin_outcome *out);

/* What happened to a code refused as CHECKIN_REVOKED: the delegate was
 * taken off the roster (the outcome has no delegate), or the code was
 * revoked and the delegate now holds a newer one (delegate.code set), or
 * it was revoked without a replacement. */
enum checkin_revoked { REVOKED_REPLACED, REVOKED_VOIDED, REVOKED_REMOVED };
enum checkin_revoked checkin_revoked_why(const struct checkin_outcome *out);

#define CHECKIN_NONCE_LEN 32 /* hex characters */
/* How staff read a live check-in flagged 'revoked-offline'. */
#define CHECKIN_FLAG_REVOKED_OFFLINE_VI "Vào bằng mã đã thu hồi khi cửa mất kết nối"

/* A fresh random nonce (hex) into buf. */
void checkin_nonce(char buf[CHECKIN_NONCE_LEN + 1]);

/* One scan or typed entry, as a door records it. */
struct checkin_req {
	const char *payload;        /* the code (or short code, typed); NULL with delegate_id */
	int64_t delegate_id;        /* by id, when payload is NULL */
	const char *station;
	enum checkin_method method;
	int64_t at_ms;              /* when it happened */
	const char *nonce;          /* NULL: one is made */
	int outbox;                 /* also queue it in this store's outbox (a door's replica, offline) */
};

/* Record req: decide, log, commit. With a nonce already in the log,
 * nothing new is recorded and out is the result recorded then. Returns
 * -1 only when the store failed (or, by id, CK_NOT_FOUND). */
int checkin_record(store *st, const struct checkin_req *req, struct checkin_outcome *out, ck_err *err);

/* Get st ready for a door's first check-in: read the event's key, and
 * rehearse a check-in of the first delegate in a transaction that is rolled
 * back (nothing is recorded), so that its statements are prepared and its
 * pages read before anybody waits for them. Fails with CK_BUSY rather
 * than wait while another writer holds the lock. */
int checkin_warm(store *st, const char *station, ck_err *err);

const char *checkin_result_name(enum checkin_result r); /* "ok", "already", ... */
/* The result named by checkin_result_name, or -1. */
int checkin_result_parse(const char *name);

/* Check in by scanned or typed payload. Manual entries may also use the
 * short form "ABCD-EFGH". Returns -1 (nothing recorded, out empty) only
 * when the store failed, with err->kind saying how (CK_BUSY and CK_IO may
 * pass); a refused code is 0 with out->result set. Release out either way. */
int checkin_code(store *st, const char *payload, const char *station, enum checkin_method method,
                 int64_t now_ms, struct checkin_outcome *out, ck_err *err);

/* Check in a delegate by id (staff did it by hand). An id that is not on
 * the roster fails with CK_NOT_FOUND. */
int checkin_delegate(store *st, int64_t id, const char *station, enum checkin_method method,
                     int64_t now_ms, struct checkin_outcome *out, ck_err *err);

/* Mark the delegate's live check-in undone (kept in the log). Fails with
 * CK_STATE "'NAME' has not checked in" when there is none. With undone
 * non-NULL it receives the delegate as read in the transaction (caller
 * releases it with delegate_release, also on failure). */
int checkin_undo(store *st, int64_t delegate_id, const char *station, int64_t now_ms, struct delegate *undone,
                 ck_err *err);

/* An entry of a door's outbox: a scan decided while the server was away. */
struct outbox_entry {
	char nonce[CHECKIN_NONCE_LEN + 1];
	char *payload;              /* may be NULL (by id) */
	int64_t delegate_id;        /* 0 when the code was not known */
	char *station;
	enum checkin_method method;
	int64_t at_ms;
	enum checkin_result result; /* as the door decided it */
};
void outbox_entry_release(struct outbox_entry *e);

/* Put one outbox entry on the server, once (keyed on its nonce). For an
 * admission: recorded with its own time and station when the delegate
 * has no arrival yet; when the other arrival is later, this one takes its
 * place and the other is logged as a repeat; else this one is logged as
 * a repeat "while offline". Flagged 'revoked-offline' when the code was
 * revoked or the delegate removed on the server. */
int checkin_replay(store *st, const struct outbox_entry *e, ck_err *err);

/* The delegate of the newest live check-in at station (any station when
 * NULL), or 0 in *id when there is none. */
int checkin_last(store *st, const char *station, int64_t *id, ck_err *err);

#endif
