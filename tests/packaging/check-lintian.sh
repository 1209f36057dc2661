#!/usr/bin/env bash
# lintian on the package that packaging.deb built: no error and no warning
# (docs/packaging.md lists what lintian still says at the info level, and
# packaging/debian/lintian-overrides what is overridden, with reasons).
# Skipped (77) where lintian is missing.
#
# usage: check-lintian.sh DEB
set -uo pipefail
command -v lintian >/dev/null || { echo "skip: no lintian (apt-get install lintian)"; exit 77; }
[ -f "$1" ] || { echo "FAIL no package at $1 (packaging.deb makes it)"; exit 1; }
# Everything it says, for the log; the verdict from --fail-on.
lintian --display-info --pedantic --fail-on error,warning "$1" 2>&1 | grep -v 'running with root privileges'
rc=${PIPESTATUS[0]}
[ "$rc" -eq 0 ] && echo "ok   lintian: no error, no warning" || echo "FAIL lintian reports errors or warnings"
exit "$rc"
