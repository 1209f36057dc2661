/* delegate_internal.h - delegate operations inside a caller's transaction,
 * for the roster import, which must apply a whole file or nothing. */
#ifndef CHECKIN_DELEGATE_INTERNAL_H
#define CHECKIN_DELEGATE_INTERNAL_H

#include "checkin/delegate.h"

int delegate_add_tx(store *st, struct delegate *d, int64_t now, ck_err *err);
int delegate_update_tx(store *st, const struct delegate *d, int64_t now, ck_err *err);
/* delegate_update_tx without its audit row (the import writes them in bulk). */
int delegate_update_row_tx(store *st, const struct delegate *d, int64_t now, ck_err *err);
int delegate_issue_code_tx(store *st, int64_t id, int64_t now, char code[CODE_LEN + 1], ck_err *err);

#endif
