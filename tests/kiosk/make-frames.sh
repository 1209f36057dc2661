#!/bin/sh
# make-frames.sh - camera-like frames from invitation images, for kiosk
# tests, demos and benchmarks (ImageMagick's /usr/bin/convert).
#
#   make-frames.sh [-r REPEAT] [-g GAP] -o OUTDIR [EFFECT:]IMAGE... [pause:N]...
#   make-frames.sh --sample ADMIN DB OUTDIR
#
# Each IMAGE (an invitation PNG, e.g. from 'checkin-admin invitations
# --png-dir') becomes one scene: the invitation with an EFFECT, pasted onto
# a cluttered background at 1280x720 and held for REPEAT frames (default 8),
# followed by GAP frames of background only (default 4). "pause:N" adds N
# background frames. Without an EFFECT the effects are used in turn:
#   plain        straight, about 5 px per QR module
#   tilt30       turned 30 degrees, slightly blurred
#   tilt45       turned 45 degrees the other way
#   blur         out of focus (Gaussian 0x1.6)
#   lowcontrast  squeezed to 40% contrast, in dim light
#   inverted     light code on dark (negated)
#   phone        on a phone screen: bezel, pixel grid (moire) and glare
#   small        far from the camera (about 3 px per module)
# Frames are written as OUTDIR/NNNN.jpg (repeats are hard links).
#
# --sample writes invitations for delegates 1-8 of DB into OUTDIR/invitations
# and one scene each (the effects in turn) into OUTDIR/frames: the demo's
# input when there is no camera.
set -eu

CONVERT=/usr/bin/convert
HERE=$(cd "$(dirname "$0")" && pwd)
FONT="$HERE/../../assets/fonts/NotoSans-Regular.ttf"
W=1280
H=720

die() { echo "make-frames.sh: $*" >&2; exit 1; }

if [ "${1:-}" = "--sample" ]; then
	[ $# -eq 4 ] || die "usage: make-frames.sh --sample ADMIN DB OUTDIR"
	admin=$2 db=$3 out=$4
	mkdir -p "$out/invitations"
	ids=""
	for i in 1 2 3 4 5 6 7 8; do ids="$ids --id $i"; done
	# shellcheck disable=SC2086
	"$admin" --db "$db" invitations --png-dir "$out/invitations" $ids >/dev/null
	# shellcheck disable=SC2046
	exec "$0" -o "$out/frames" $(ls "$out/invitations"/*.png | sort -t/ -k1 -V)
fi

repeat=8 gap=4 out=""
while getopts r:g:o: opt; do
	case $opt in
	r) repeat=$OPTARG ;;
	g) gap=$OPTARG ;;
	o) out=$OPTARG ;;
	*) die "usage: make-frames.sh [-r REPEAT] [-g GAP] -o OUTDIR [EFFECT:]IMAGE... [pause:N]..." ;;
	esac
done
shift $((OPTIND - 1))
[ -n "$out" ] || die "no output folder (-o OUTDIR)"
[ $# -gt 0 ] || die "no invitation images given"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# A cluttered desk: mottled colour, a few objects and some printed words.
$CONVERT -size ${W}x${H} -seed 20231027 plasma:burlywood-slategray -blur 0x4 \
	-fill '#3a4a5acc' -draw 'rectangle 40,60 330,420' \
	-fill '#8a2b2b99' -draw 'circle 1080,140 1170,230' \
	-fill '#f2efe6' -draw 'rotate -8 rectangle 880,420 1220,700' \
	-fill '#20202099' -font "$FONT" -pointsize 30 -annotate -8x-8+900+500 'Chương trình hội nghị' \
	-pointsize 22 -annotate -8x-8+905+540 '07:30 Đón tiếp đại biểu' \
	-annotate -8x-8+910+575 '08:00 Khai mạc' \
	-fill '#ffffffaa' -pointsize 26 -annotate +60+470 'Hội trường 2/9 - Pleiku' \
	"$work/bg.png"

n=0
emit() { # emit FILE COUNT: COUNT frames of FILE
	i=0
	while [ "$i" -lt "$2" ]; do
		n=$((n + 1))
		ln -f "$1" "$out/$(printf %04d $n).jpg" 2>/dev/null || cp "$1" "$out/$(printf %04d $n).jpg"
		i=$((i + 1))
	done
}

$CONVERT "$work/bg.png" -quality 90 "$work/bg.jpg"
effects="plain tilt30 tilt45 blur lowcontrast inverted phone small"
k=0
emit "$work/bg.jpg" "$gap"
for arg in "$@"; do
	case $arg in
	pause:*) emit "$work/bg.jpg" "${arg#pause:}"; continue ;;
	*:*) effect=${arg%%:*} img=${arg#*:} ;;
	*) effect=$(echo $effects | cut -d' ' -f$((k % 8 + 1))) img=$arg ;;
	esac
	k=$((k + 1))
	[ -r "$img" ] || die "cannot read '$img'"
	card="$work/card.png"
	case $effect in
	plain) $CONVERT "$img" -resize x680 "$card" ;;
	tilt30) $CONVERT "$img" -resize x640 -background none -rotate 30 -blur 0x0.6 "$card" ;;
	tilt45) $CONVERT "$img" -resize x600 -background none -rotate -45 "$card" ;;
	blur) $CONVERT "$img" -resize x680 -blur 0x1.6 "$card" ;;
	lowcontrast) $CONVERT "$img" -resize x680 +level 25%,65% "$card" ;;
	inverted) $CONVERT "$img" -resize x680 -negate "$card" ;;
	phone)
		# the screen's pixel grid, scaled down by the camera: moire; then
		# the bezel and a band of glare
		pw=$($CONVERT "$img" -resize x1240 -format %w info:)
		$CONVERT "$img" -resize x1240 \( -size "${pw}x1240" pattern:vertical3 +level 60%,100% \) \
			-compose multiply -composite -compose over \
			-resize x600 -modulate 112,85 -bordercolor '#101214' -border 16x44 \
			-fill '#ffffff40' -draw 'polygon 40,0 260,0 120,688 0,688 0,200' \
			-background none -rotate 8 -blur 0x0.5 "$card" ;;
	small) $CONVERT "$img" -resize x420 "$card" ;;
	*) die "unknown effect '$effect' (plain tilt30 tilt45 blur lowcontrast inverted phone small)" ;;
	esac
	dx=$(( (k * 97) % 240 - 120 ))
	scene="$work/scene-$k.jpg"
	if [ "$effect" = lowcontrast ]; then
		$CONVERT "$work/bg.png" "$card" -gravity center -geometry +${dx}+0 -composite \
			-brightness-contrast -25x-30 -quality 90 "$scene"
	else
		$CONVERT "$work/bg.png" "$card" -gravity center -geometry +${dx}+0 -composite -quality 90 "$scene"
	fi
	emit "$scene" "$repeat"
	emit "$work/bg.jpg" "$gap"
done
echo "make-frames.sh: $n frames in '$out'" >&2
