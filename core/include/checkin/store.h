/* store.h - the event store: a SQLite file, or a PostgreSQL database
 * that several doors share.
 *
 * A path means SQLite, opened in WAL mode with synchronous=FULL, foreign
 * keys on and a busy timeout, so that a returned commit is on disk and
 * several processes on one machine can share the file. A libpq connection
 * string ("postgresql://user@host/db", or "host=... dbname=...", with the
 * PG* variables and ~/.pgpass as libpq reads them) means PostgreSQL, with
 * synchronous_commit on; every call then waits at most the store's
 * timeout, and a lost or silent server is a CK_IO failure. Either way the
 * schema is versioned and migrated on open (init on an empty PostgreSQL
 * database creates it).
 *
 * A store handle belongs to one thread at a time. The caller owns it and
 * frees it with store_close(). */
#ifndef CHECKIN_STORE_H
#define CHECKIN_STORE_H

#include <stdint.h>
#include "error.h"
#include "event.h"
#include "code.h"

typedef struct store store;

/* The database: flag if set, else $CHECKIN_DB, else "data/checkin.db". */
const char *store_path_resolve(const char *flag);

/* Whether where is a PostgreSQL connection string rather than a path. */
int store_is_conninfo(const char *where);

#define STORE_TIMEOUT_DEFAULT_MS 10000

/* Open (creating and migrating if needed) the database at path. The WAL
 * is kept to a few MiB (journal_size_limit), and a write that fails on a
 * full disk checkpoints it, so that a retry finds the space the WAL held.
 * A read-only file or folder is named as such. */
int store_open(const char *path, store **out, ck_err *err);
/* The same with a PostgreSQL timeout (0: the default) and, with lazy set,
 * without connecting yet (a door that starts while the server is away). */
int store_open_with(const char *where, int timeout_ms, int lazy, store **out, ck_err *err);
void store_close(store *st);

/* PostgreSQL rather than a file. */
int store_is_remote(const store *st);
/* The path, or "PostgreSQL database 'x' on host:port" (never a password). */
const char *store_where(const store *st);
/* How long one PostgreSQL call may wait for the server (ms). */
void store_set_timeout(store *st, int ms);
/* Whether the connection is up (always for SQLite); does not connect. */
int store_online(store *st);
/* Connect now if the connection is down (PostgreSQL); 0 when up. */
int store_reconnect(store *st, ck_err *err);
/* Wait up to timeout_ms for another connection to commit a change:
 * PostgreSQL's NOTIFY, or for SQLite an inotify watch on the database's
 * folder (each wake-up checks the data version; every 50 ms without inotify).
 * 1 when something changed, 0 on timeout. */
int store_wait_change(store *st, int timeout_ms);

/* PRAGMA quick_check: fails with CK_CORRUPT, and a message that names the
 * file, when the database is damaged. Takes time in proportion to the
 * file's size (milliseconds for an event); for programs to run at start,
 * before they trust the store with check-ins. */
int store_check(store *st, ck_err *err);

/* Make the first commit of a new connection as quick as the later ones
 * (a door calls it before it opens for delegates). SQLite: commit one
 * transaction that writes the schema version back unchanged, so that the
 * WAL file exists and its header and folder entry are on disk; otherwise
 * the first check-in's commit syncs three times (the WAL header, the
 * folder, the frames) instead of once. Changes no data, and fails with
 * CK_BUSY rather than wait while another writer holds the lock (its commit
 * makes the WAL anyway). PostgreSQL: nothing. */
int store_warm(store *st, ck_err *err);

/* Set up or update the event. The secret key is made on the first init and
 * never changed afterwards (changing it would void every printed code). */
int store_event_init(store *st, const struct event *ev, ck_err *err);

/* Load the event into ev (caller releases with event_release). Fails with
 * "no event set up; run 'checkin-admin init --event FILE'" before init. */
int store_event_load(store *st, struct event *ev, ck_err *err);

/* The event's secret key and tag, for checking codes offline. */
int store_event_key(store *st, unsigned char key[CODE_KEYLEN], char tag[CODE_TAGLEN + 1], ck_err *err);

/* A number that changes whenever any connection commits a change.
 * Cheap; look at it to follow other stations' check-ins. */
int64_t store_data_version(store *st);

/* Append to the audit log (its own transaction unless one is open). */
int store_audit(store *st, const char *action, int64_t delegate_id, const char *detail, ck_err *err);

/* A read snapshot: every read between begin and end sees the same data
 * (e.g. a report's summary and its list). Not for writes. */
int store_read_begin(store *st, ck_err *err);
void store_read_end(store *st);

/* The schema version this build migrates to. */
int store_schema_version(void);

#endif
