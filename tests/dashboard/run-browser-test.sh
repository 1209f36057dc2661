#!/bin/sh
# run-browser-test.sh ADMIN ROSTER.csv EVENT.ini SCREENSHOT_DIR
#
# Installs puppeteer-core (pinned by package-lock.json) into node_modules
# next to this script when it is missing, then runs test_browser.js.
# Exit 77 (skipped) only when node or chromium is not installed at all.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "node/npm not installed: skipping the browser test"
	exit 77
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	echo "chromium not installed: skipping the browser test"
	exit 77
fi
if [ ! -d "$here/node_modules/puppeteer-core" ]; then
	echo "installing puppeteer-core with npm ci"
	(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
exec node "$here/test_browser.js" "$@"
