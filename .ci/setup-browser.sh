#!/usr/bin/env bash
# Make sure this machine can run Nabla's browser tests:
#   1. Debian's Chromium at /usr/bin/chromium (Playwright cannot download browsers here), and
#   2. tests/node_modules from tests/package-lock.json (npm ci).
# Idempotent and quick (well under a second) when both are already present.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- 1. Chromium -----------------------------------------------------------------------------
if [ ! -x /usr/bin/chromium ]; then
    echo "setup-browser: installing Debian's chromium (about a minute)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

# --- 2. Node packages ------------------------------------------------------------------------
.ci/setup-node.sh
echo "setup-browser: ok ($(/usr/bin/chromium --version 2>/dev/null | head -1), playwright-core $(node -p 'require("./tests/node_modules/playwright-core/package.json").version'))"
