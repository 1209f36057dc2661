#!/bin/sh
# run-long.sh [-t SECONDS] [BUILD_DIR] - every fuzz target under libFuzzer.
#
# ctest only replays each corpus with random mutations (driver.c). This
# runs the real coverage-guided libFuzzer on every target in tests/fuzz
# (fuzz_NAME.c) for SECONDS each (default 600), one after the other:
#  1. configures BUILD_DIR (default build-fuzz) with clang,
#     -DCHECKIN_LIBFUZZER=ON and -DCHECKIN_SANITIZE=ON (ASan and UBSan) if it
#     is not configured so yet, and builds the fuzz-NAME-libfuzzer programs;
#  2. runs each on a working copy of its corpus, BUILD_DIR/fuzz-corpus/NAME
#     (the inputs it finds go there, never into the source tree), writing
#     crashing inputs to BUILD_DIR/fuzz-artifacts/NAME/;
#  3. prints one line per target: executions, seconds, new inputs, result.
# Exit status: 0 when no target crashed, 1 when one did, 77 when clang is
# missing. To keep new inputs worth keeping:
#   BUILD_DIR/tests/fuzz/fuzz-NAME-libfuzzer -merge=1 tests/fuzz/corpus/NAME BUILD_DIR/fuzz-corpus/NAME
# A crash is replayed with BUILD_DIR/tests/fuzz/fuzz-NAME-libfuzzer FILE.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=600
while getopts t: opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	*) echo "usage: $0 [-t SECONDS] [BUILD_DIR]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
build=${1:-$top/build-fuzz}
case $build in /*) ;; *) build=$(pwd)/$build ;; esac

if ! command -v clang >/dev/null 2>&1; then
	echo "SKIPPED: clang is not installed (apt-get install clang); libFuzzer comes with it"
	exit 77
fi
if ! grep -q '^CHECKIN_LIBFUZZER:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
	cmake -S "$top" -B "$build" -DCMAKE_C_COMPILER=clang -DCHECKIN_LIBFUZZER=ON -DCHECKIN_SANITIZE=ON \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
names=$(cd "$top/tests/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')
targets=$(for n in $names; do printf 'fuzz-%s-libfuzzer ' "$n"; done)
# shellcheck disable=SC2086 # one argument per target
nice -n 10 cmake --build "$build" -j2 --target $targets >/dev/null

status=0
summary=""
for n in $names; do
	bin=$build/tests/fuzz/fuzz-$n-libfuzzer
	work=$build/fuzz-corpus/$n
	art=$build/fuzz-artifacts/$n
	log=$build/fuzz-$n.log
	mkdir -p "$work" "$art"
	before=$(ls "$work" | wc -l)
	echo "== $n: $seconds s (log $log)"
	rc=0
	"$bin" -max_total_time="$seconds" -timeout=25 -print_final_stats=1 -artifact_prefix="$art/" \
		"$work" "$top/tests/fuzz/corpus/$n" >"$log" 2>&1 || rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
	new=$(($(ls "$work" | wc -l) - before))
	if [ "$rc" -eq 0 ]; then
		result=ok
	else
		result="CRASH (exit $rc): $(ls "$art" | tr '\n' ' ')"
		status=1
		tail -n 30 "$log"
	fi
	summary="$summary$(printf '%-8s %12s runs %6s s %5s new inputs  %s' "$n" "${runs:-?}" "${took:-?}" "$new" "$result")
"
done
echo
echo "libFuzzer, $seconds s per target:"
printf '%s' "$summary"
exit $status
