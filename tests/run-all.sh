#!/usr/bin/env bash
# Every test. CI runs exactly this (.ci/run). Exits non-zero on any failure.
#  1. install what is missing (.ci/install-deps);
#  2. build with AddressSanitizer and UBSan and run all of ctest (every
#     label: unit, e2e, browser, slow);
#  3. build checkin-admin and checkin-kiosk again with ThreadSanitizer and
#     run the tests whose programs run threads under it: the kiosk's
#     end-to-end and fault scenarios (kiosk_e2e_*, kiosk_faults_*), the doors
#     whose link drops (multidoor_partition, multidoor_kill: the station's
#     link, outbox and replica threads) and serve's client tests
#     (dashboard_clients, dashboard_access, dashboard_reclaim,
#     dashboard_flood) and the hub in-process (dashboard_delta). A report
#     stops the program (halt_on_error=1) and fails its test;
#     tests/tsan.supp explains how third-party noise is kept out;
#  4. build checkin-admin and checkin-kiosk without sanitizers and run the
#     admin's sample flow and a short headless kiosk run under valgrind
#     (tests/valgrind/run.sh): no memory error, no definite leak.
# Environment:
#  CHECKIN_TEST_BUILD   the ASan build tree (default build-asan)
#  CHECKIN_TSAN_BUILD   the TSan build tree (default build-tsan)
#  CHECKIN_VALGRIND_BUILD the valgrind build tree (default build-valgrind)
#  CTEST_PARALLEL_LEVEL tests run at once (default: the number of CPUs)
#  CHECKIN_TEST_SEED    seed of the randomised tests (default: from the clock;
#                       each prints the seed it used)
set -euo pipefail
# Messages come out in the source language, Vietnamese, whatever the
# machine's locale: the tests expect it (the i18n tests set LANG themselves).
export LANG=C.UTF-8
unset LANGUAGE LC_ALL LC_MESSAGES
top=$(cd "$(dirname "$0")/.." && pwd)
start=$SECONDS
bash "$top/.ci/install-deps"
jobs=${CTEST_PARALLEL_LEVEL:-$(nproc)}
status=0

build="${CHECKIN_TEST_BUILD:-$top/build-asan}"
cmake -S "$top" -B "$build" -DCHECKIN_SANITIZE=ON -DCHECKIN_TSAN=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$jobs" --timeout 600 || status=1

tsan="${CHECKIN_TSAN_BUILD:-$top/build-tsan}"
cmake -S "$top" -B "$tsan" -DCHECKIN_TSAN=ON -DCHECKIN_SANITIZE=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$tsan" -j"$(nproc)" --target checkin-admin checkin-kiosk test_delta
ctest --test-dir "$tsan" --output-on-failure -j"$jobs" --timeout 600 \
	-R '^(kiosk_e2e_.*|kiosk_faults_.*|multidoor_partition|multidoor_kill|dashboard_clients|dashboard_access|dashboard_reclaim|dashboard_flood|dashboard_delta)$' \
	|| status=1

bash "$top/tests/valgrind/run.sh" "${CHECKIN_VALGRIND_BUILD:-$top/build-valgrind}" || status=1

echo "run-all: $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s"
exit $status
