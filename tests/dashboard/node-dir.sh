# node-dir.sh - sourced by .ci/install-deps and the scripts that run node:
# where the dashboard tests' npm packages (puppeteer-core, pinned by
# package-lock.json) live, outside the source tree. CHECKIN_NODE_DIR
# overrides; npm ci puts them in $checkin_node_dir/node_modules.
checkin_node_dir=${CHECKIN_NODE_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/checkin-test-node}
