"""Where an end-to-end test keeps an event's database: a new SQLite file
in the test's temporary folder, or, when CHECKIN_TEST_PG is set (by
tests/pg/with-server.sh, with libpq's PG* variables pointing at a
throwaway server), a new database on that server, made with psql and
dropped when the test ends. The C tests do the same (tests/core/fixture.h).

    new_db(tmp, name) -> the value for checkin-admin --db
    new_db(tmp, name, uri=True) -> the same as a postgresql:// URI
    is_pg()           -> whether new_db makes PostgreSQL databases
    psql(db, sql)     -> run sql on a database new_db made; its output
"""
import atexit
import os
import subprocess
import urllib.parse

_made = []


def is_pg():
    return os.environ.get("CHECKIN_TEST_PG", "") not in ("", "0")


def _admin():
    """The maintenance connection: CHECKIN_TEST_PG when it is a connection string."""
    v = os.environ.get("CHECKIN_TEST_PG", "")
    return v if "=" in v or v.startswith("postgres") else "dbname=postgres"


def conninfo(dbname, uri=False):
    """The maintenance connection string with another database; with uri,
    as a URI (postgresql:///DB takes the server from the PG* variables)."""
    base = _admin()
    if uri and base == "dbname=postgres":
        return f"postgresql:///{dbname}"
    if base.startswith(("postgresql://", "postgres://")):
        return urllib.parse.urlunsplit(urllib.parse.urlsplit(base)._replace(path="/" + dbname))
    return f"{base} dbname={dbname}"  # libpq takes a keyword's last value


def psql(db, sql):
    r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"psql: {sql}: {r.stderr.strip()}")
    return r.stdout


def new_db(tmp, name, uri=False):
    if not is_pg():
        return os.path.join(tmp, name + ".db")
    db = f"ck_{os.getpid()}_{len(_made)}"
    psql(_admin(), f"CREATE DATABASE {db}")
    _made.append(db)
    return conninfo(db, uri)


@atexit.register
def _drop():
    for db in _made:
        subprocess.run(["psql", "-X", "-q", "-d", _admin(), "-c", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"],
                       capture_output=True)
