/* store_internal.h - what core's own files share about the store.
 * Not for the programs: they use store.h and the subsystem headers.
 *
 * SQL is written once, in the dialect both engines read: "?" or "?N"
 * placeholders, ON CONFLICT ... DO, RETURNING, NULLS LAST, COLLATE BINARY
 * (byte order; "C" on PostgreSQL), no engine functions. "INSERT OR ROLLBACK"
 * is SQLite's (a failure ends the transaction, so a multi-row INSERT needs
 * no statement journal); PostgreSQL reads it as INSERT, where any failure
 * spoils the transaction anyway. Integers are 64-bit; a boolean expression in a SELECT list
 * reads as 0 or 1 with sql_int(). */
#ifndef CHECKIN_STORE_INTERNAL_H
#define CHECKIN_STORE_INTERNAL_H

#include <stddef.h>
#include "checkin/store.h"

typedef struct sql_stmt sql_stmt;

#define SQL_ROW 100
#define SQL_DONE 101

/* A cached prepared statement for sql (which must be a string literal:
 * the cache is keyed by its address), reset and with bindings cleared.
 * The store owns it; do not free. NULL on error (err set). */
sql_stmt *store_stmt(store *st, const char *sql, ck_err *err);

/* Bindings are copied. i counts from 1. A NULL string binds SQL NULL. */
void sql_bind_int64(sql_stmt *s, int i, int64_t v);
void sql_bind_text(sql_stmt *s, int i, const char *v);
/* The same without a copy on SQLite: v must stay valid and unchanged
 * until the parameter is bound again or the statement is reset with
 * sql_reset() (which clears its bindings); the import binds 500 strings a
 * batch. A caller resets before it frees v, on success and on failure. */
void sql_bind_text_ref(sql_stmt *s, int i, const char *v);
void sql_bind_blob(sql_stmt *s, int i, const void *p, size_t n);
void sql_bind_null(sql_stmt *s, int i);

/* Run or advance: SQL_ROW, SQL_DONE, or anything else on failure (then
 * store_sqlerr() says what went wrong). */
int sql_step(sql_stmt *s);
/* Columns of the current row, from 0. Text lives until the next step or
 * reset; NULL reads as 0 / NULL. */
int64_t sql_int64(sql_stmt *s, int col);
int sql_int(sql_stmt *s, int col);
const char *sql_text(sql_stmt *s, int col);
char *sql_text_dup(sql_stmt *s, int col); /* malloc'd copy, NULL for NULL */
int sql_isnull(sql_stmt *s, int col);
/* Copies up to cap bytes into buf; returns the column's length. */
size_t sql_blob(sql_stmt *s, int col, void *buf, size_t cap);
/* Rows changed by the statement's last run. */
int64_t sql_changes(sql_stmt *s);
/* Done with the statement for now (releases its result and read locks). */
void sql_reset(sql_stmt *s);

/* Writing. store_begin takes the store's writer lock (BEGIN IMMEDIATE;
 * on PostgreSQL a transaction-scoped advisory lock), so that writers of
 * the roster run one at a time. store_begin_shared is for check-ins: on
 * PostgreSQL it takes no global lock, and the rules lock the delegate
 * with store_lock_delegate(); on SQLite it is store_begin. */
int store_begin(store *st, ck_err *err);
int store_begin_shared(store *st, ck_err *err);
int store_commit(store *st, ck_err *err);
void store_rollback(store *st);
/* Inside a transaction: wait for and hold delegate id until it ends
 * (PostgreSQL; SQLite's writer lock already covers it). */
int store_lock_delegate(store *st, int64_t id, ck_err *err);
/* Run sql (no parameters; several statements allowed). */
int store_exec(store *st, const char *sql, ck_err *err);
/* How long a SQLite writer waits for another's lock: ms, or the default
 * when ms < 0 (PostgreSQL: nothing). For warm-ups that must not wait. */
void store_busy_wait(store *st, int ms);
/* Whether a transaction is open. */
int store_in_tx(store *st);
/* Whether the last failure broke a unique or primary key constraint. */
int store_conflict(store *st);

/* ck_fail() of the kind the engine's error is, with what failed and the
 * engine's message. */
int store_sqlerr(store *st, ck_err *err, const char *what);

/* Audit inside the caller's transaction; nonce may be NULL. */
int store_audit_tx(store *st, int64_t at, const char *action, int64_t delegate_id, const char *station,
                   const char *detail, ck_err *err);
int store_audit_nonce_tx(store *st, int64_t at, const char *action, int64_t delegate_id, const char *station,
                         const char *detail, const char *nonce, ck_err *err);

/* Read the event's key again at next use (the event was replaced). */
void store_forget_key(store *st);

/* The SQLite handle (NULL on PostgreSQL), for tests that look inside. */
struct sqlite3 *store_db(store *st);

#endif
