/* store.h - the event store: one SQLite database per event.
 *
 * Opened in WAL mode with synchronous=FULL, foreign keys on and a busy
 * timeout, so that a returned commit is on disk and several processes
 * (kiosks, admin, dashboard) can share one file. The schema is versioned
 * with PRAGMA user_version and migrated on open.
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

/* The database path: flag if set, else $CHECKIN_DB, else "data/checkin.db". */
const char *store_path_resolve(const char *flag);

/* Open (creating and migrating if needed) the database at path. The WAL
 * is kept to a few MiB (journal_size_limit), and a write that fails on a
 * full disk checkpoints it, so that a retry finds the space the WAL held.
 * A read-only file or folder is named as such. */
int store_open(const char *path, store **out, ck_err *err);
void store_close(store *st);

/* PRAGMA quick_check: fails with CK_CORRUPT, and a message that names the
 * file, when the database is damaged. Takes time in proportion to the
 * file's size (milliseconds for an event); for programs to run at start,
 * before they trust the store with check-ins. */
int store_check(store *st, ck_err *err);

/* Set up or update the event. The secret key is made on the first init and
 * never changed afterwards (changing it would void every printed code). */
int store_event_init(store *st, const struct event *ev, ck_err *err);

/* Load the event into ev (caller releases with event_release). Fails with
 * "no event set up; run 'checkin-admin init --event FILE'" before init. */
int store_event_load(store *st, struct event *ev, ck_err *err);

/* The event's secret key and tag, for checking codes offline. */
int store_event_key(store *st, unsigned char key[CODE_KEYLEN], char tag[CODE_TAGLEN + 1], ck_err *err);

/* A number that changes whenever any connection commits to the file.
 * Cheap; poll it to follow other stations' check-ins. */
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
