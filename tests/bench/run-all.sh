#!/bin/sh
# run-all.sh BUILD_DIR [PHOTOS_DIR] - run every benchmark, print one table.
#
# Build a release tree first (figures from an ASan build are not
# representative):
#   cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel -j2
#   tests/bench/run-all.sh build-rel
# The table is Markdown; BENCHMARKS.md holds the last one. Takes a few
# minutes; the frames it generates stay in BUILD_DIR/bench-frames.
set -eu
if [ $# -lt 1 ] || [ ! -d "$1" ]; then
	echo "usage: tests/bench/run-all.sh BUILD_DIR [PHOTOS_DIR]" >&2
	exit 2
fi
exec /usr/bin/python3 "$(dirname "$0")/run_all.py" "$@"
