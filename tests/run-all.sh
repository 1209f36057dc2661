#!/usr/bin/env bash
# Every test: install what is missing, build once with AddressSanitizer and
# UBSan, run ctest. Exits non-zero on any failure. CI runs exactly this.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bash "$top/.ci/install-deps"
build="${CHECKIN_TEST_BUILD:-$top/build-asan}"
cmake -S "$top" -B "$build" -DCHECKIN_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" --timeout 600
