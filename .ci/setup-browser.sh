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
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "setup-browser: node and npm are required (Node.js 20 or newer)" >&2
    exit 1
fi
lock_sum=$(sha256sum tests/package-lock.json | awk '{print $1}')
stamp=tests/node_modules/.nabla-lock-sha256
if [ ! -d tests/node_modules/playwright-core ] || [ "$(cat "$stamp" 2>/dev/null || true)" != "$lock_sum" ]; then
    echo "setup-browser: npm ci in tests/"
    (cd tests && npm ci --no-audit --no-fund)
    echo "$lock_sum" > "$stamp"
fi
echo "setup-browser: ok ($(/usr/bin/chromium --version 2>/dev/null | head -1), playwright-core $(node -p 'require("./tests/node_modules/playwright-core/package.json").version'))"
