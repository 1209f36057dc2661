#!/bin/sh
# run-browser-test.sh ADMIN ROSTER.csv EVENT.ini SCREENSHOT_DIR
# CHECKIN_BROWSER_TEST=test_seats_browser.js run-browser-test.sh ADMIN ROSTER.csv EVENT.ini HALL.ini SCREENSHOT_DIR
#
# Runs test_browser.js in Debian's chromium through puppeteer-core, which
# .ci/install-deps puts outside the source tree (node-dir.sh says where;
# found through NODE_PATH). Installs nothing and never uses the network:
# when node, chromium or puppeteer-core is missing it says which and exits
# 77, which ctest reports as skipped.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/node-dir.sh"
skip() {
	echo "SKIPPED: $*"
	exit 77
}
chromium=${CHROMIUM:-/usr/bin/chromium}
command -v node >/dev/null 2>&1 || skip "node is not installed (.ci/install-deps installs Debian's nodejs)"
[ -x "$chromium" ] || skip "no Chromium at $chromium (.ci/install-deps installs Debian's chromium; CHROMIUM=PATH picks another)"
NODE_PATH="$checkin_node_dir/node_modules${NODE_PATH:+:$NODE_PATH}"
export NODE_PATH
(cd "$here" && node -e 'require.resolve("puppeteer-core")') >/dev/null 2>&1 ||
	skip "puppeteer-core is not installed in $checkin_node_dir (.ci/install-deps installs it once from the npm registry; CHECKIN_NODE_DIR=DIR points elsewhere)"
exec node "$here/${CHECKIN_BROWSER_TEST:-test_browser.js}" "$@"
