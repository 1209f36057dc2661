#!/usr/bin/python3
"""The secretariat's guide gives a door the rights docs/multi-door-roles.sql gives.

usage: roles_doc.py SOURCE_DIR

docs/multi-door.md shows the station role's SQL inline (the laptop that runs
the server has the package, not the source); pg.roles checks the SQL file on
a real server. This compares the two without a server:
  - the GRANT and REVOKE statements are the same (the file's DO block that
    grants CONNECT on the current database stands for the guide's
    "GRANT CONNECT ON DATABASE hoinghi"; the file's "REVOKE ALL ... FROM
    checkin_station", which makes it safe to run twice, and the file's
    membership grant to its example door are left out);
  - every door role the guide creates is a member of checkin_station and is
    the user of a kiosk command line in the guide, and every kiosk command
    line's user is such a role.
"""
import os
import re
import sys

src = sys.argv[1]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def statements(sql):
    sql = re.sub(r"--[^\n]*", "", sql)
    sql = re.sub(r"\$\$.*?\$\$", lambda m: m.group(0).replace(";", " "), sql, flags=re.S)  # DO bodies: one statement
    return [" ".join(s.split()).lower() for s in sql.split(";") if s.strip()]


def rights(stmts):
    out = set()
    for s in stmts:
        if "format('grant connect on database %i to checkin_station'" in s:
            out.add("grant connect on database <db> to checkin_station")
            continue
        if s.startswith("revoke all on all "):
            continue
        if re.fullmatch(r"grant checkin_station to \S+", s):
            continue
        m = re.fullmatch(r"grant connect on database \S+ to checkin_station", s)
        if m:
            out.add("grant connect on database <db> to checkin_station")
        elif s.startswith(("grant ", "revoke ")):
            out.add(s)
    return out


with open(os.path.join(src, "docs", "multi-door-roles.sql"), encoding="utf-8") as f:
    file_rights = rights(statements(f.read()))
with open(os.path.join(src, "docs", "multi-door.md"), encoding="utf-8") as f:
    guide = f.read()
blocks = re.findall(r"```sql\n(.*?)```", guide, flags=re.S)
check(len(blocks) == 1, "the guide has one SQL block (%d)" % len(blocks))
guide_sql = statements(blocks[0] if blocks else "")
guide_rights = rights(guide_sql)

check(len(file_rights) >= 8, "the SQL file grants something (%d statements)" % len(file_rights))
for s in sorted(file_rights - guide_rights):
    check(False, "the guide lacks: " + s)
for s in sorted(guide_rights - file_rights):
    check(False, "the guide has more than the file: " + s)
check(file_rights == guide_rights, "the guide's GRANT and REVOKE statements are the file's")

doors = set()
for s in guide_sql:
    m = re.fullmatch(r'create role "?([a-z0-9_-]+)"? login in role checkin_station', s)
    if m:
        doors.add(m.group(1))
check(len(doors) >= 3, "the guide makes a role for each of its doors: %s" % sorted(doors))
kiosk_users = set(re.findall(r"checkin-kiosk --db \"postgresql://([a-z0-9_-]+)@", guide))
check(kiosk_users == doors, "the kiosk command lines log in as exactly those roles (%s)" % sorted(kiosk_users))

if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("all passed")
