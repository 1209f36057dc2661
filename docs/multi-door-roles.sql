-- multi-door-roles.sql - the least a door needs on the event's PostgreSQL
-- database: read the roster and record check-ins, nothing more.
--
-- Run it as the database's owner (the secretariat's role, which ran
-- 'checkin-admin init' and owns the tables), in the event's database,
-- after init:
--
--     psql -d checkin -f docs/multi-door-roles.sql
--
-- It can be run again (after a new version of checkin, or for another
-- event's database on the same server): roles are made once, and the
-- grants are first taken back, then given again.
--
-- checkin_station (no login) holds the rights; each door logs in with a
-- role of its own that is a member of it, so that the server's log and
-- pg_stat_activity show which door is connected, and a lost laptop's role
-- can be dropped alone. Give the door its password in psql with
--     \password cua_chinh
-- and start the kiosk with
--     checkin-kiosk --db 'postgresql://cua_chinh@SERVER/checkin' --station cua-chinh
-- (the password in ~/.pgpass, or PGPASSWORD, rather than on the command line).
--
-- What a door may do:
--   read    event (with its secret key: doors check codes offline),
--           delegate, code, checkin, door, substitute, checkin_schema (the version
--           check at connect), and audit's action, delegate_id and nonce
--           (a replayed scan is recognised by its nonce; the count of
--           repeats made while offline);
--   write   INSERT and UPDATE on checkin (a check-in; a replay that moves
--           an arrival to the earliest one; undo at the kiosk), INSERT on
--           audit, INSERT and UPDATE on door (its last word: seen,
--           online, outbox), INSERT and UPDATE on substitute (staff
--           mark a deputy "đi thay" at the door). checkin.id and audit.id are identity
--           columns, which take their next value without any right on
--           their sequences: a door is given none.
-- What it may not: add, edit, remove, revoke or reissue delegates (no
-- INSERT, UPDATE or DELETE on delegate or code), change the event, delete
-- or empty anything, or change the schema (it owns nothing; CREATE on
-- schema public is taken from PUBLIC, as PostgreSQL 15 does by default).
-- checkin-admin run with a door's role refuses those commands with
-- "permission denied" and changes nothing.
--
-- Needing no grant: pg_advisory_xact_lock (checkin-admin and the doors
-- take the store's locks with it, not with SELECT ... FOR UPDATE, which
-- would need UPDATE on the roster), txid_current() and pg_notify(), which
-- the schema's triggers call, and LISTEN.

\set ON_ERROR_STOP on

BEGIN;

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'checkin_station') THEN
		CREATE ROLE checkin_station NOLOGIN;
	END IF;
	-- an example door; one such role per door (or per kiosk laptop)
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cua_chinh') THEN
		CREATE ROLE cua_chinh LOGIN;
	END IF;
END
$$;
GRANT checkin_station TO cua_chinh;

-- start from nothing, so that running this again leaves exactly what follows
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM checkin_station;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM checkin_station;

-- the database and its schema; nobody but the owner creates tables there
DO $$
BEGIN
	EXECUTE format('GRANT CONNECT ON DATABASE %I TO checkin_station', current_database());
END
$$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO checkin_station;

-- read the roster
GRANT SELECT ON checkin_schema, event, delegate, code, checkin, door, substitute TO checkin_station;
GRANT SELECT (action, delegate_id, nonce) ON audit TO checkin_station;

-- record check-ins
GRANT INSERT, UPDATE ON checkin TO checkin_station;
GRANT INSERT ON audit TO checkin_station;
GRANT INSERT, UPDATE ON door TO checkin_station;
GRANT INSERT, UPDATE ON substitute TO checkin_station;

COMMIT;
