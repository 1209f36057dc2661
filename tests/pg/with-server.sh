#!/usr/bin/env bash
# with-server.sh - run one command against a throwaway PostgreSQL server.
#
# usage: with-server.sh [--timeout SECONDS] COMMAND [ARGS...]
#
# Makes a cluster of its own with pg_virtualenv (postgresql-common), runs
# COMMAND with libpq's PG* variables pointing at it and CHECKIN_TEST_PG=1
# (tests/core/fixture.h and tests/pg/pgdb.py then make a fresh database per
# store), and removes the cluster when COMMAND ends. The exit status is
# COMMAND's; 77 (ctest: skipped) when PostgreSQL's server is not installed.
#
# - -t keeps the cluster in a temporary folder also when run as root (CI),
#   so that runs never share /etc/postgresql/*/regress: pg_virtualenv as
#   root refuses to start while another run's cluster exists, and ctest
#   runs these tests in parallel.
# - The port is one the kernel just found free (PGPORT); if another server
#   takes it before ours starts, the cluster is made again on another port
#   (up to 3 times) as long as COMMAND has not started.
# - UTF-8 (C.UTF-8), as a Debian server's databases are.
# - The server's log is printed when COMMAND fails (pg_virtualenv does).
# - COMMAND is stopped after --timeout seconds (default 150; exit 124), so
#   that the cluster is still removed: give ctest's TIMEOUT some more, as
#   a test killed by ctest would leave its server running.
set -uo pipefail
limit=150
if [ "${1:-}" = --timeout ]; then
	limit=$2
	shift 2
fi
if [ $# -eq 0 ]; then
	echo "usage: with-server.sh [--timeout SECONDS] COMMAND [ARGS...]" >&2
	exit 2
fi
if ! command -v pg_virtualenv >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
	echo "with-server: PostgreSQL's server is not installed (apt-get install postgresql); skipped"
	exit 77
fi
marker=$(mktemp -t checkin-pg-started.XXXXXX)
trap 'rm -f "$marker"' EXIT
rm -f "$marker"
for attempt in 1 2 3; do
	PGPORT=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')
	export PGPORT
	# "$@" runs inside the cluster's environment; the marker says it started
	pg_virtualenv -t -i '--encoding=UTF8 --locale=C.UTF-8' \
		sh -c 'touch "$0"; export CHECKIN_TEST_PG=1; exec "$@"' "$marker" \
		timeout --kill-after=10 "$limit" "$@"
	rc=$?
	if [ -e "$marker" ]; then
		exit $rc
	fi
	echo "with-server: the server did not start on port $PGPORT (attempt $attempt)" >&2
done
echo "with-server: could not start a PostgreSQL server" >&2
exit 1
