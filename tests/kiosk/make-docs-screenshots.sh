#!/bin/sh
# make-docs-screenshots.sh - the kiosk screenshots under docs/, made headless
# from the sample event:
#
#   tests/kiosk/make-docs-screenshots.sh BUILD_DIR [OUTDIR]
#
# 141 delegates are checked in beforehand with checkin-admin, so that the
# kiosk greets the 142nd ("Đã đến 142 / 230"); then a delegate already
# here, a replaced invitation, staff mode, and the waiting screen in three
# sizes. OUTDIR defaults to docs/. Writes kiosk-{waiting,welcome,already,
# refused,staff}.png at 1920x1080, kiosk-waiting-portrait.png at 1080x1920
# and kiosk-waiting-720p.png at 1280x720.
set -eu
[ $# -ge 1 ] || { echo "usage: make-docs-screenshots.sh BUILD_DIR [OUTDIR]" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "$1" && pwd)
OUT=${2:-$SRC/docs}
ADMIN=$BUILD/admin/checkin-admin
KIOSK=$BUILD/kiosk/checkin-kiosk
export SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0 SDL_AUDIODRIVER=dummy
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
db=$work/k.db

"$ADMIN" --db "$db" init --event "$SRC/data/event.ini" >/dev/null
"$ADMIN" --db "$db" import "$SRC/data/roster-sample.csv" >/dev/null
"$ADMIN" --db "$db" invitations --png-dir "$work/inv" --id 142 --id 143 --id 5 >/dev/null
i=1
while [ $i -le 141 ]; do
	"$ADMIN" --db "$db" checkin --id $i --station cua-phu >/dev/null
	i=$((i + 1))
done
"$ADMIN" --db "$db" reissue 143 >/dev/null
pin=$(sed -n 's/^staff_pin *= *//p' "$SRC/data/event.ini")

inv() { ls "$work/inv/$1"-*.png; }
sh "$HERE/make-frames.sh" -r 10 -g 45 -o "$work/frames" \
	"plain:$(inv 142)" "tilt30:$(inv 5)" "plain:$(inv 143)" 2>/dev/null
sh "$HERE/make-frames.sh" -g 1 -o "$work/empty" pause:40 2>/dev/null
mkdir -p "$work/land" "$work/staff" "$work/port" "$work/small"
run() { "$KIOSK" --db "$db" --station "cua-chinh" --exit-when-done "$@" >/dev/null; }

# the three result screens, from camera-like frames
run --size 1920x1080 --frames "$work/frames" --screenshots "$work/land"
# staff mode with a search
printf '@key F2\n@text %s\n@key Return\n@text nguyen van\n@wait 1500\n@key Down\n@wait 500\n@shot\n' \
	"$pin" >"$work/keys"
run --size 1920x1080 --camera none --keys "$work/keys" --screenshots "$work/staff"
# the waiting screen with the preview, in three sizes
printf '@wait 2500\n@shot\n@wait 300\n' >"$work/keys2"
rm -f "$work/land"/*-waiting*.png
run --size 1920x1080 --frames "$work/empty" --keys "$work/keys2" --screenshots "$work/land"
run --size 1080x1920 --frames "$work/empty" --keys "$work/keys2" --screenshots "$work/port"
run --size 1280x720 --frames "$work/empty" --keys "$work/keys2" --screenshots "$work/small"

pick() { # pick DIR PATTERN first|last
	if [ "$3" = first ]; then ls "$1" | grep -- "$2" | head -1; else ls "$1" | grep -- "$2" | tail -1; fi
}
mkdir -p "$OUT"
cp "$work/land/$(pick "$work/land" '-waiting\.png' last)" "$OUT/kiosk-waiting.png"
cp "$work/land/$(pick "$work/land" '-welcome\.png' first)" "$OUT/kiosk-welcome.png"
cp "$work/land/$(pick "$work/land" '-already\.png' first)" "$OUT/kiosk-already.png"
cp "$work/land/$(pick "$work/land" '-refused\.png' first)" "$OUT/kiosk-refused.png"
cp "$work/staff/$(pick "$work/staff" '-staff\.png' last)" "$OUT/kiosk-staff.png"
cp "$work/port/$(pick "$work/port" '-waiting\.png' last)" "$OUT/kiosk-waiting-portrait.png"
cp "$work/small/$(pick "$work/small" '-waiting\.png' last)" "$OUT/kiosk-waiting-720p.png"
echo "make-docs-screenshots.sh: wrote kiosk-*.png into '$OUT'" >&2
