/* store_backend.h - the store's two engines, SQLite and PostgreSQL.
 *
 * Only store.c, store_sqlite.c and store_pg.c include this. store.c owns
 * struct store and the statement cache and sends each call to the engine
 * the store was opened with; the engines translate the portable SQL that
 * core writes (SQLite's "?" and "?N" placeholders, ON CONFLICT, RETURNING,
 * NULLS LAST) and report failures as ck_err kinds. The rules (checkin.c,
 * delegate.c, roster.c, counts.c) never see which engine runs them. */
#ifndef CHECKIN_STORE_BACKEND_H
#define CHECKIN_STORE_BACKEND_H

#include "store_internal.h"

#define STMT_CACHE 96
/* the most parameters one statement may have (the roster import's
 * multi-row INSERTs; PostgreSQL allows 65535, SQLite 32766) */
#define SQL_MAXPARAM 1024

struct lite;   /* store_sqlite.c */
struct pgconn; /* store_pg.c */

struct sql_stmt {
	store *st;
	const char *sql;     /* the cache key (a literal) */
	void *lite;          /* sqlite3_stmt */
	int unbound;         /* SQLite: a binding ran out of memory since the last reset */
	/* PostgreSQL: the translated SQL, its parameters as text, the result */
	char *pgsql;
	int nparam, prepared_gen;
	/* nparam of each, allocated by pg_translate, freed by store_close */
	unsigned *paramtype;
	char **param;
	int *paramlen, *parambin;
	void *res;           /* PGresult */
	int row, nrows, ran;
	int64_t changes;
	unsigned char *blob; /* last sql_blob() of a PostgreSQL row, owned here */
};

struct store {
	char *where;         /* the path, or the connection string without a password */
	struct lite *lite;   /* one of these two is set */
	struct pgconn *pg;
	int timeout_ms;      /* PostgreSQL: how long a statement may take */
	int lazy;            /* PostgreSQL: open without connecting; connect on first use */
	int have_key;        /* the event's key and tag, read once (they never change) */
	unsigned char key[CODE_KEYLEN];
	char tag[CODE_TAGLEN + 1];
	struct sql_stmt cache[STMT_CACHE];
};

/* SQLite (store_sqlite.c) */
int lite_open(store *st, const char *path, ck_err *err);
void lite_close(store *st);
int lite_prepare(store *st, struct sql_stmt *s, ck_err *err);
void lite_finalize(struct sql_stmt *s);
int lite_exec(store *st, const char *sql, ck_err *err);
int lite_check(store *st, ck_err *err);
int lite_warm(store *st, ck_err *err);
void lite_busy_wait(store *st, int ms);
int lite_in_tx(store *st);
int lite_after_failure(store *st, ck_err *err, const char *what);
void lite_rollback(store *st);
void lite_began(store *st);
int lite_before_commit(store *st, ck_err *err);
int lite_lost(store *st);
int64_t lite_data_version(store *st);
/* 1 as soon as another connection commits a change, 0 after timeout_ms. */
int lite_wait(store *st, int timeout_ms);
int lite_conflict(store *st);
int lite_step(struct sql_stmt *s);
void lite_reset(struct sql_stmt *s);
void lite_bind_int64(struct sql_stmt *s, int i, int64_t v);
void lite_bind_text(struct sql_stmt *s, int i, const char *v);
void lite_bind_text_ref(struct sql_stmt *s, int i, const char *v);
void lite_bind_blob(struct sql_stmt *s, int i, const void *p, size_t n);
void lite_bind_null(struct sql_stmt *s, int i);
int64_t lite_col_int64(struct sql_stmt *s, int c);
const char *lite_col_text(struct sql_stmt *s, int c);
int lite_col_isnull(struct sql_stmt *s, int c);
size_t lite_col_blob(struct sql_stmt *s, int c, void *buf, size_t cap);

/* PostgreSQL (store_pg.c) */
int pg_is_conninfo(const char *where);
int pg_open(store *st, const char *conninfo, ck_err *err);
void pg_close(store *st);
void pg_stmt_clear(struct sql_stmt *s);
void pg_stmt_free(struct sql_stmt *s); /* and its parameter arrays and SQL */
int pg_exec(store *st, const char *sql, ck_err *err);
int pg_in_tx(store *st);
int pg_after_failure(store *st, ck_err *err, const char *what);
int64_t pg_data_version(store *st);
int pg_wait(store *st, int timeout_ms);
int pg_conflict(store *st);
int pg_step(struct sql_stmt *s);
int pg_online(store *st);
int pg_reconnect(store *st, ck_err *err);
int pg_translate(struct sql_stmt *s, ck_err *err);
void pg_bind_int64(struct sql_stmt *s, int i, int64_t v);
void pg_bind_text(struct sql_stmt *s, int i, const char *v);
void pg_bind_blob(struct sql_stmt *s, int i, const void *p, size_t n);
void pg_bind_null(struct sql_stmt *s, int i);
int64_t pg_col_int64(struct sql_stmt *s, int c);
const char *pg_col_text(struct sql_stmt *s, int c);
int pg_col_isnull(struct sql_stmt *s, int c);
size_t pg_col_blob(struct sql_stmt *s, int c, void *buf, size_t cap);

/* Both: the migrations, applied in order; one array per engine, the same length. */
extern const char *const lite_migrations[];
extern const char *const pg_migrations[];
extern const int store_migration_count;

#endif
