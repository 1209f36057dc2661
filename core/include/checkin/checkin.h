/* checkin.h - the check-in rules.
 *
 * A delegate is counted at most once: a live check-in row is unique per
 * delegate (enforced by a partial unique index), and every decision is made
 * inside one IMMEDIATE transaction, so two stations racing on the same
 * delegate yield one ok and one already. A result is returned only after
 * the commit (synchronous=FULL) is durable. Every attempt, refused ones too,
 * lands in the audit log.
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
	 * removed). delegate.arrived_at and .station are the live check-in:
	 * for ok this one, for already the first. The outcome owns the
	 * strings: checkin_outcome_release(). */
	struct delegate delegate;
};

void checkin_outcome_release(struct checkin_outcome *out);

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

/* The delegate of the newest live check-in at station (any station when
 * NULL), or 0 in *id when there is none. */
int checkin_last(store *st, const char *station, int64_t *id, ck_err *err);

#endif
