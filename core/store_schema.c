/* store_schema.c - every version of the schema, for both engines.
 *
 * Version N of lite_migrations and of pg_migrations make the same tables
 * with the same columns; they differ only where the engines do (types,
 * identity columns, triggers). A new version is appended to both arrays.
 *
 * Version 3 is for several doors on one server:
 *   delegate.category_key  folded category, so filters need no engine function
 *   checkin.nonce          the id a door gave the arrival, unique
 *   checkin.flag           'revoked-offline': admitted by a door that could
 *                          not know the code had been revoked
 *   audit.nonce            every scan a door made, exactly once
 *   outbox                 a door's arrivals not yet on the server
 *   replica                a door's bookkeeping (which server, how far)
 *   door                   each door's last word: seen, online, outbox
 * and, on PostgreSQL only, seq on the rows a door copies (the id of the
 * transaction that last wrote the row, set by a trigger: a door asks for
 * rows from transactions at or after the oldest one still running when
 * it last looked, so no commit is missed) and NOTIFY checkin on every
 * change.
 *
 * A later version adds substitute: the deputy who comes in a
 * delegate's place (substitute.h), one row per delegate, kept with
 * cleared_at when undone (so that a replica copies the clearing too).
 *
 * The version after it is the hall (issue 12):
 *   delegate.precedence  protocol rank from the roster (1 first), NULL when not given
 *   delegate.seat_auto   1 when 'seats auto' placed the seat, 0 when set by hand
 *   hall                 the hall file's text (hall.h), one row
 *
 * Then speech: event.speech, the kiosk's spoken greeting (speech = on). */
#include "store_backend.h"

const char *const lite_migrations[] = {
	/* 1: the base schema */
	"CREATE TABLE event ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  title TEXT NOT NULL, organizer TEXT NOT NULL, venue TEXT NOT NULL, address TEXT,"
	"  date TEXT NOT NULL, start TEXT NOT NULL, end_time TEXT, doors_open TEXT,"
	"  timezone TEXT NOT NULL, tag TEXT NOT NULL, staff_pin TEXT, expected INTEGER NOT NULL DEFAULT 0,"
	"  secret BLOB NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
	"CREATE TABLE delegate ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL, title TEXT, organization TEXT, category TEXT, district TEXT,"
	"  roles INTEGER NOT NULL DEFAULT 0, seat TEXT, phone TEXT, email TEXT,"
	"  name_key TEXT NOT NULL, org_key TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, removed_at INTEGER);"
	"CREATE INDEX delegate_identity ON delegate(name_key, org_key) WHERE removed_at IS NULL;"
	"CREATE TABLE code ("
	"  code TEXT PRIMARY KEY, short TEXT NOT NULL,"
	"  delegate_id INTEGER NOT NULL REFERENCES delegate(id),"
	"  issued_at INTEGER NOT NULL, revoked_at INTEGER, printed_at INTEGER) WITHOUT ROWID;"
	"CREATE UNIQUE INDEX code_current ON code(delegate_id) WHERE revoked_at IS NULL;"
	"CREATE INDEX code_short ON code(short) WHERE revoked_at IS NULL;"
	"CREATE TABLE checkin ("
	"  id INTEGER PRIMARY KEY,"
	"  delegate_id INTEGER NOT NULL REFERENCES delegate(id),"
	"  at INTEGER NOT NULL, station TEXT NOT NULL,"
	"  method TEXT NOT NULL CHECK (method IN ('camera', 'scanner', 'manual')),"
	"  undone_at INTEGER, undone_station TEXT);"
	"CREATE UNIQUE INDEX checkin_live ON checkin(delegate_id) WHERE undone_at IS NULL;"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, action TEXT NOT NULL,"
	"  delegate_id INTEGER, station TEXT, detail TEXT);",
	/* 2: time-ordered reads for the dashboard and the report */
	"CREATE INDEX checkin_at ON checkin(at) WHERE undone_at IS NULL;"
	"CREATE INDEX audit_at ON audit(at);",
	/* 3: several doors */
	"ALTER TABLE delegate ADD COLUMN category_key TEXT NOT NULL DEFAULT '';"
	"UPDATE delegate SET category_key = COALESCE(fold(category), '');"
	"ALTER TABLE checkin ADD COLUMN nonce TEXT;"
	"ALTER TABLE checkin ADD COLUMN flag TEXT;"
	"CREATE UNIQUE INDEX checkin_nonce ON checkin(nonce);"
	"ALTER TABLE audit ADD COLUMN nonce TEXT;"
	"CREATE UNIQUE INDEX audit_nonce ON audit(nonce);"
	"CREATE TABLE outbox ("
	"  seq INTEGER PRIMARY KEY, nonce TEXT NOT NULL UNIQUE, payload TEXT, delegate_id INTEGER,"
	"  station TEXT NOT NULL, at INTEGER NOT NULL, method TEXT NOT NULL, result TEXT NOT NULL);"
	"CREATE TABLE replica (key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE door ("
	"  name TEXT PRIMARY KEY, last_seen INTEGER NOT NULL, online INTEGER NOT NULL DEFAULT 1,"
	"  offline_since INTEGER, outbox INTEGER NOT NULL DEFAULT 0);",
	/* programme: the programme file as loaded (core/programme.c parses it on every read) */
	"CREATE TABLE programme ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, source TEXT NOT NULL,"
	"  loaded_at INTEGER NOT NULL);",
	/* substitutes (đi thay): who comes in a delegate's place; cleared_at
	 * keeps a cleared one as a row, so that a door's replica sees it go */
	"CREATE TABLE substitute ("
	"  delegate_id INTEGER PRIMARY KEY REFERENCES delegate(id),"
	"  name TEXT NOT NULL, title TEXT, organization TEXT,"
	"  at INTEGER NOT NULL, station TEXT, cleared_at INTEGER);",
	/* the hall: precedence, whether a seat was placed by seats auto, the hall file */
	"ALTER TABLE delegate ADD COLUMN precedence INTEGER;"
	"ALTER TABLE delegate ADD COLUMN seat_auto INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE hall (id INTEGER PRIMARY KEY CHECK (id = 1), source TEXT NOT NULL, text TEXT NOT NULL,"
	"  updated_at INTEGER NOT NULL);",
	/* speech: the kiosk's spoken greeting (event file: speech = on) */
	"ALTER TABLE event ADD COLUMN speech INTEGER NOT NULL DEFAULT 0;",
};

const char *const pg_migrations[] = {
	/* 1: the base schema */
	"CREATE TABLE event ("
	"  id BIGINT PRIMARY KEY CHECK (id = 1),"
	"  title TEXT NOT NULL, organizer TEXT NOT NULL, venue TEXT NOT NULL, address TEXT,"
	"  date TEXT NOT NULL, start TEXT NOT NULL, end_time TEXT, doors_open TEXT,"
	"  timezone TEXT NOT NULL, tag TEXT NOT NULL, staff_pin TEXT, expected BIGINT NOT NULL DEFAULT 0,"
	"  secret BYTEA NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);"
	"CREATE TABLE delegate ("
	"  id BIGINT PRIMARY KEY,"
	"  name TEXT NOT NULL, title TEXT, organization TEXT, category TEXT, district TEXT,"
	"  roles BIGINT NOT NULL DEFAULT 0, seat TEXT, phone TEXT, email TEXT,"
	"  name_key TEXT NOT NULL, org_key TEXT NOT NULL DEFAULT '',"
	"  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, removed_at BIGINT);"
	"CREATE INDEX delegate_identity ON delegate(name_key, org_key) WHERE removed_at IS NULL;"
	"CREATE TABLE code ("
	"  code TEXT PRIMARY KEY, short TEXT NOT NULL,"
	"  delegate_id BIGINT NOT NULL REFERENCES delegate(id),"
	"  issued_at BIGINT NOT NULL, revoked_at BIGINT, printed_at BIGINT);"
	"CREATE UNIQUE INDEX code_current ON code(delegate_id) WHERE revoked_at IS NULL;"
	"CREATE INDEX code_short ON code(short) WHERE revoked_at IS NULL;"
	"CREATE TABLE checkin ("
	"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	"  delegate_id BIGINT NOT NULL REFERENCES delegate(id),"
	"  at BIGINT NOT NULL, station TEXT NOT NULL,"
	"  method TEXT NOT NULL CHECK (method IN ('camera', 'scanner', 'manual')),"
	"  undone_at BIGINT, undone_station TEXT);"
	"CREATE UNIQUE INDEX checkin_live ON checkin(delegate_id) WHERE undone_at IS NULL;"
	"CREATE TABLE audit ("
	"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at BIGINT NOT NULL, action TEXT NOT NULL,"
	"  delegate_id BIGINT, station TEXT, detail TEXT);",
	/* 2: time-ordered reads for the dashboard and the report */
	"CREATE INDEX checkin_at ON checkin(at) WHERE undone_at IS NULL;"
	"CREATE INDEX audit_at ON audit(at);",
	/* 3: several doors */
	"ALTER TABLE delegate ADD COLUMN category_key TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE checkin ADD COLUMN nonce TEXT;"
	"ALTER TABLE checkin ADD COLUMN flag TEXT;"
	"CREATE UNIQUE INDEX checkin_nonce ON checkin(nonce);"
	"ALTER TABLE audit ADD COLUMN nonce TEXT;"
	"CREATE UNIQUE INDEX audit_nonce ON audit(nonce);"
	"CREATE TABLE outbox ("
	"  seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, nonce TEXT NOT NULL UNIQUE, payload TEXT,"
	"  delegate_id BIGINT, station TEXT NOT NULL, at BIGINT NOT NULL, method TEXT NOT NULL, result TEXT NOT NULL);"
	"CREATE TABLE replica (key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE door ("
	"  name TEXT PRIMARY KEY, last_seen BIGINT NOT NULL, online BIGINT NOT NULL DEFAULT 1,"
	"  offline_since BIGINT, outbox BIGINT NOT NULL DEFAULT 0);"
	"ALTER TABLE event ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;"
	"ALTER TABLE delegate ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;"
	"ALTER TABLE code ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;"
	"ALTER TABLE checkin ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;"
	"CREATE INDEX delegate_seq ON delegate(seq);"
	"CREATE INDEX code_seq ON code(seq);"
	"CREATE INDEX checkin_seq ON checkin(seq);"
	"CREATE FUNCTION checkin_bump() RETURNS trigger LANGUAGE plpgsql AS"
	" $$ BEGIN NEW.seq := txid_current(); RETURN NEW; END $$;"
	"CREATE FUNCTION checkin_notify() RETURNS trigger LANGUAGE plpgsql AS"
	" $$ BEGIN PERFORM pg_notify('checkin', TG_TABLE_NAME); RETURN NULL; END $$;"
	"CREATE TRIGGER event_seq BEFORE INSERT OR UPDATE ON event FOR EACH ROW EXECUTE FUNCTION checkin_bump();"
	"CREATE TRIGGER delegate_seq BEFORE INSERT OR UPDATE ON delegate FOR EACH ROW EXECUTE FUNCTION checkin_bump();"
	"CREATE TRIGGER code_seq BEFORE INSERT OR UPDATE ON code FOR EACH ROW EXECUTE FUNCTION checkin_bump();"
	"CREATE TRIGGER checkin_seq BEFORE INSERT OR UPDATE ON checkin FOR EACH ROW EXECUTE FUNCTION checkin_bump();"
	"CREATE TRIGGER event_notify AFTER INSERT OR UPDATE ON event FOR EACH STATEMENT EXECUTE FUNCTION checkin_notify();"
	"CREATE TRIGGER delegate_notify AFTER INSERT OR UPDATE ON delegate FOR EACH STATEMENT EXECUTE FUNCTION checkin_notify();"
	"CREATE TRIGGER code_notify AFTER INSERT OR UPDATE ON code FOR EACH STATEMENT EXECUTE FUNCTION checkin_notify();"
	"CREATE TRIGGER checkin_notify AFTER INSERT OR UPDATE ON checkin FOR EACH STATEMENT EXECUTE FUNCTION checkin_notify();"
	"CREATE TRIGGER door_notify AFTER INSERT OR UPDATE ON door FOR EACH STATEMENT EXECUTE FUNCTION checkin_notify();",
	/* programme: the programme file as loaded (core/programme.c parses it on every read);
	 * a NOTIFY so that live views on other machines see a new programme */
	"CREATE TABLE programme ("
	"  id BIGINT PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, source TEXT NOT NULL,"
	"  loaded_at BIGINT NOT NULL);"
	"CREATE TRIGGER programme_notify AFTER INSERT OR UPDATE ON programme FOR EACH STATEMENT"
	" EXECUTE FUNCTION checkin_notify();",
	/* substitutes (đi thay), as in lite_migrations; seq for the doors' replicas */
	"CREATE TABLE substitute ("
	"  delegate_id BIGINT PRIMARY KEY REFERENCES delegate(id),"
	"  name TEXT NOT NULL, title TEXT, organization TEXT,"
	"  at BIGINT NOT NULL, station TEXT, cleared_at BIGINT, seq BIGINT NOT NULL DEFAULT 0);"
	"CREATE INDEX substitute_seq ON substitute(seq);"
	"CREATE TRIGGER substitute_seq BEFORE INSERT OR UPDATE ON substitute FOR EACH ROW EXECUTE FUNCTION checkin_bump();"
	"CREATE TRIGGER substitute_notify AFTER INSERT OR UPDATE ON substitute FOR EACH STATEMENT EXECUTE FUNCTION checkin_notify();",
	/* the hall: precedence, whether a seat was placed by seats auto, the hall file */
	"ALTER TABLE delegate ADD COLUMN precedence BIGINT;"
	"ALTER TABLE delegate ADD COLUMN seat_auto BIGINT NOT NULL DEFAULT 0;"
	"CREATE TABLE hall (id BIGINT PRIMARY KEY CHECK (id = 1), source TEXT NOT NULL, text TEXT NOT NULL,"
	"  updated_at BIGINT NOT NULL);"
	"CREATE TRIGGER hall_notify AFTER INSERT OR UPDATE ON hall FOR EACH STATEMENT EXECUTE FUNCTION checkin_notify();",
	/* speech: the kiosk's spoken greeting (event file: speech = on) */
	"ALTER TABLE event ADD COLUMN speech BIGINT NOT NULL DEFAULT 0;",
};

const int store_migration_count = (int)(sizeof lite_migrations / sizeof *lite_migrations);

_Static_assert(sizeof lite_migrations / sizeof *lite_migrations == sizeof pg_migrations / sizeof *pg_migrations,
               "each engine has every schema version");
