#!/usr/bin/env bash
# The systemd user units pass `systemd-analyze --user verify` without a
# word, and the kiosk's is restarted within 2 s of a crash, however often.
# Skipped (77) where systemd-analyze is missing.
#
# verify wants the programs of ExecStart= to exist, and on a machine where
# checkin is not installed /usr/bin/checkin-* do not: the units are checked
# in a copy whose /usr/bin/ is a folder of links to the programs given
# (built or unpacked); nothing else is changed. The template is checked as
# an instance.
#
# usage: check-units.sh UNIT_DIR CHECKIN-ADMIN CHECKIN-KIOSK
set -uo pipefail
units=$(cd "$1" && pwd)
command -v systemd-analyze >/dev/null || { echo "skip: no systemd-analyze"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/run" "$tmp/units" "$tmp/bin"
bin=$tmp/bin
ln -s "$(realpath "$2")" "$bin/checkin-admin"
ln -s "$(realpath "$3")" "$bin/checkin-kiosk"
fail=0
check() { # check OK WHAT
	if [ "$1" = 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fail=1; fi
}

kiosk="$units/checkin-kiosk@.service" serve="$units/checkin-serve.service"
for f in "$kiosk" "$serve"; do
	[ -f "$f" ] || { echo "FAIL missing $f"; exit 1; }
done
sed "s|/usr/bin/|$bin/|g" "$kiosk" >"$tmp/units/checkin-kiosk@cua-chinh.service"
sed "s|/usr/bin/|$bin/|g" "$serve" >"$tmp/units/checkin-serve.service"
grep -q "ExecStart=$bin/checkin-kiosk " "$tmp/units/checkin-kiosk@cua-chinh.service"
check $? "the kiosk unit starts /usr/bin/checkin-kiosk"
grep -q "ExecStart=$bin/checkin-admin serve " "$tmp/units/checkin-serve.service"
check $? "the dashboard unit starts /usr/bin/checkin-admin serve"

out=$(cd "$tmp/units" && XDG_RUNTIME_DIR="$tmp/run" systemd-analyze --user verify --man=no \
	"$tmp/units/checkin-kiosk@cua-chinh.service" "$tmp/units/checkin-serve.service" 2>&1)
rc=$?
[ -n "$out" ] && echo "$out"
[ $rc -eq 0 ] && [ -z "$out" ]
check $? "systemd-analyze --user verify: no error, no warning"

# Both speak Vietnamese whatever the laptop's LANG (issue 14).
grep -qx 'Environment=LANGUAGE=vi' "$kiosk" && grep -qx 'Environment=LANGUAGE=vi' "$serve"
check $? "both units set LANGUAGE=vi"

# The kiosk comes back within 2 s of a crash: Restart=always, RestartSec
# under 2 s, and no start limit that would give up after a few crashes.
grep -qx 'Restart=always' "$kiosk"
check $? "the kiosk unit has Restart=always"
sec=$(sed -n 's/^RestartSec=\([0-9.]*\)s\{0,1\}$/\1/p' "$kiosk")
[ -n "$sec" ] && awk -v s="$sec" 'BEGIN { exit !(s < 2) }'
check $? "the kiosk unit restarts within 2 s (RestartSec=$sec)"
grep -qx 'StartLimitIntervalSec=0' "$kiosk"
check $? "the kiosk unit never stops restarting (StartLimitIntervalSec=0)"
grep -q '^WantedBy=graphical-session.target' "$kiosk" && grep -q '^PartOf=graphical-session.target' "$kiosk"
check $? "the kiosk unit belongs to the graphical session"
grep -q -- '--station %I' "$kiosk"
check $? "the instance is the station's name"
exit $fail
