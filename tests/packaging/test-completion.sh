#!/usr/bin/env bash
# The bash completion of checkin-admin and checkin-kiosk, run as bash runs
# it (COMP_WORDS, COMP_CWORD, the function named by `complete -F`) with the
# built programs first on PATH: commands, options (read from the programs'
# help) and file arguments by extension.
#
# usage: test-completion.sh COMPLETION_DIR BIN_DIR...
set -uo pipefail
compdir=$1
shift
for d; do PATH="$(cd "$d" && pwd):$PATH"; done
export PATH
# shellcheck source=/dev/null
. "$compdir/checkin-admin" && . "$compdir/checkin-kiosk" || { echo "FAIL cannot load the completion files"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
mkdir sub frames.d
touch roster.csv ROSTER2.CSV notes.txt event.ini giay-moi.pdf report.xlsx checkin.db video.y4m shot.png keys.txt
fail=0

# complete LINE: the completions bash would offer at the end of LINE
# (a trailing space starts a new, empty word), one per line, sorted.
complete_line() {
	local line=$1 fn
	read -ra COMP_WORDS <<<"$line"
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line COMP_POINT=${#line}
	fn=$(complete -p "${COMP_WORDS[0]}" | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
	COMPREPLY=()
	"$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
	printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort -u
}

# expect LINE WORD... : each WORD offered; !WORD: not offered.
expect() {
	local line=$1 got w
	shift
	got=$(complete_line "$line")
	for w; do
		if [[ $w == !* ]]; then
			grep -qxF -- "${w#!}" <<<"$got" && { echo "FAIL '$line' offers ${w#!}: $(echo $got)"; fail=1; continue; }
		else
			grep -qxF -- "$w" <<<"$got" || { echo "FAIL '$line' does not offer $w: $(echo $got)"; fail=1; continue; }
		fi
		echo "ok   '$line' ${w}"
	done
}

# Every command of `checkin-admin help` is offered.
cmds=$(checkin-admin help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$cmds" ] || { echo "FAIL checkin-admin help lists no commands"; exit 1; }
# shellcheck disable=SC2086
expect "checkin-admin " $cmds !--db
expect "checkin-admin inv" invitations !import
expect "checkin-admin --db checkin.db im" import
expect "checkin-admin --" --db --help --version
expect "checkin-admin --db " checkin.db sub !roster.csv
expect "checkin-admin --db ch" checkin.db
expect "checkin-admin init --event " event.ini sub !roster.csv
expect "checkin-admin import " roster.csv ROSTER2.CSV sub !notes.txt !event.ini
expect "checkin-admin import --" --skip-invalid
expect "checkin-admin invitations --" --out --png-dir --layout --id --category --role --not-printed
expect "checkin-admin invitations --layout " a5 a4-2 a6-4
expect "checkin-admin invitations --out " giay-moi.pdf sub !report.xlsx
expect "checkin-admin invitations --png-dir " sub frames.d !giay-moi.pdf
expect "checkin-admin reissue 4 --out " giay-moi.pdf !roster.csv
expect "checkin-admin export --out " roster.csv report.xlsx !giay-moi.pdf
expect "checkin-admin list --format " tsv csv json
expect "checkin-admin list --role " vip presenter awardee
expect "checkin-admin serve --" --listen --key-file
expect "checkin-admin serve --key-file " keys.txt notes.txt
expect "checkin-admin help " init serve

# checkin-kiosk: every option of --help is offered.
opts=$(checkin-kiosk --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
# shellcheck disable=SC2086
expect "checkin-kiosk --" $opts
expect "checkin-kiosk " decode
expect "checkin-kiosk --camera " none
expect "checkin-kiosk --sp" --speech
expect "checkin-kiosk --li" --list-cameras
expect "checkin-kiosk --frames " video.y4m frames.d !shot.png
expect "checkin-kiosk --screenshots " sub frames.d !shot.png
expect "checkin-kiosk --db " checkin.db !roster.csv
expect "checkin-kiosk --size " 1920x1080
expect "checkin-kiosk decode " shot.png sub !roster.csv
expect "checkin-kiosk decode shot.png " shot.png
# no camera here: the "no camera" sentence is not offered as a name
expect "checkin-kiosk --camera " none '!Không tìm thấy camera nào. Hãy cắm camera vào cổng USB rồi thử lại.'

# --camera offers the names --list-cameras prints: a stand-in program
# prints two cameras (the machine that runs the tests has none)
real=$(command -v checkin-kiosk)
mkdir fake
cat >fake/checkin-kiosk <<EOF
#!/bin/sh
[ "\$1" = --list-cameras ] || exec "$real" "\$@"
printf 'HD Pro Webcam C920\n  thiết bị: /dev/video0\n  MJPG Motion-JPEG: 1920x1080\n\n'
printf 'Integrated_Webcam\n  thiết bị: /dev/video2\n'
EOF
chmod +x fake/checkin-kiosk
PATH="$tmp/fake:$PATH"
expect "checkin-kiosk --camera " none 'HD\ Pro\ Webcam\ C920' Integrated_Webcam '!thiết bị: /dev/video0'
expect "checkin-kiosk --camera Int" Integrated_Webcam '!none'

[ $fail -eq 0 ] && echo "all completions as expected"
exit $fail
