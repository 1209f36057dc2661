/* checkin.h - the check-in rules.
 *
 * A delegate is counted at most once: a live check-in row is unique per
 * delegate (enforced by a partial unique index), and every decision is made
 * inside one IMMEDIATE transaction, so two stations racing on the same
 * delegate yield one ok and one already. A result is returned only after
 * the commit (synchronous=FULL) is durable. Every attempt, refused ones too,
 * lands in the audit log. */
#ifndef CHECKIN_CHECKIN_H
#define CHECKIN_CHECKIN_H

#include <stdint.h>
#include "delegate.h"

enum checkin_result { CHECKIN_OK, CHECKIN_ALREADY, CHECKIN_REVOKED, CHECKIN_FOREIGN, CHECKIN_INVALID };

struct checkin_outcome {
	enum checkin_result result;
	int64_t delegate_id;   /* 0 when unknown */
	int64_t at;            /* ok: this arrival; already: the first one (UTC ms) */
	char station[64];      /* already: station of the first arrival */
};

const char *checkin_result_name(enum checkin_result r); /* "ok", "already", ... */

/* Check in by scanned or typed payload. Manual entries may also use the
 * short form "ABCD-EFGH". Returns -1 (nothing recorded) only when the store
 * failed; a refused code is 0 with out->result set. */
int checkin_code(store *st, const char *payload, const char *station, enum checkin_method method,
                 int64_t now_ms, struct checkin_outcome *out, ck_err *err);

/* Check in a delegate by id (staff did it by hand). */
int checkin_delegate(store *st, int64_t id, const char *station, enum checkin_method method,
                     int64_t now_ms, struct checkin_outcome *out, ck_err *err);

/* Mark the delegate's live check-in undone (kept in the log). Fails with
 * "'NAME' has not checked in" when there is none. */
int checkin_undo(store *st, int64_t delegate_id, const char *station, int64_t now_ms, ck_err *err);

/* The delegate of the newest live check-in at station (any station when
 * NULL), or 0 in *id when there is none. */
int checkin_last(store *st, const char *station, int64_t *id, ck_err *err);

#endif
