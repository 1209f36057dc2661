/* store_internal.h - what core's own files share about the store.
 * Not for the programs: they use store.h and the subsystem headers. */
#ifndef CHECKIN_STORE_INTERNAL_H
#define CHECKIN_STORE_INTERNAL_H

#include <sqlite3.h>
#include "checkin/store.h"

sqlite3 *store_db(store *st);

/* A cached prepared statement for sql (which must be a string literal:
 * the cache is keyed by its address), reset and with bindings cleared.
 * The store owns it; do not finalize. NULL on error (err set). */
sqlite3_stmt *store_stmt(store *st, const char *sql, ck_err *err);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
int store_begin(store *st, ck_err *err);
int store_commit(store *st, ck_err *err);
void store_rollback(store *st);

/* ck_fail() of the kind SQLite's error is, with what failed and SQLite's message. */
int store_sqlerr(store *st, ck_err *err, const char *what);

/* Bind a possibly NULL string. */
int store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* A malloc'd copy of column i, NULL for SQL NULL. */
char *store_col_text(sqlite3_stmt *s, int i);

/* Audit inside the caller's transaction. */
int store_audit_tx(store *st, int64_t at, const char *action, int64_t delegate_id, const char *station,
                   const char *detail, ck_err *err);

#endif
