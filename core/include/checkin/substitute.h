/* substitute.h - a deputy who comes in a delegate's place (đi thay).
 *
 * A leader who cannot come sends someone: the deputy carries the
 * leader's invitation, which stays valid, and takes the leader's seat and
 * name plate. The store keeps one substitute per delegate; delegate_get,
 * delegate_list and every check-in outcome carry it in struct delegate's
 * sub_* fields, so the kiosk greets the deputy and the reports mark them.
 * A check-in with the code is the delegate's check-in: the seat is
 * counted once, whoever sits in it. The audit log names both people.
 *
 * The caller owns everything it passes in; the store copies it. */
#ifndef CHECKIN_SUBSTITUTE_H
#define CHECKIN_SUBSTITUTE_H

#include <stdint.h>
#include "store.h"

struct substitute {
	const char *name;          /* required */
	const char *title;         /* NULL or "" for none */
	const char *organization;  /* NULL or "" for none */
};

/* The rules of the delegate's own fields (delegate_validate): a name, no
 * control characters (a line break allowed in the title and the
 * organisation), valid UTF-8. On failure *field names the field
 * ("name", "title", "organization") and err says why. */
int substitute_validate(const struct substitute *s, const char **field, ck_err *err);

/* Record s as coming in place of delegate id (replacing a previous
 * deputy), set at station (NULL: the office) at now_ms; audited as
 * "substitute" with both names. Fails with CK_NOT_FOUND for an id not on
 * the roster, CK_INVALID for bad text (the field named). Durable on
 * return. */
int substitute_set(store *st, int64_t id, const struct substitute *s, const char *station, int64_t now_ms,
                   ck_err *err);

/* Undo it: the delegate comes in person after all. Fails with CK_STATE
 * when the delegate has no substitute. Audited as "substitute-clear". */
int substitute_clear(store *st, int64_t id, const char *station, int64_t now_ms, ck_err *err);

#endif
