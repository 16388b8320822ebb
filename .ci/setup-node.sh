#!/usr/bin/env bash
# Make sure tests/node_modules matches tests/package-lock.json (npm ci): playwright-core for the
# browser tests, the bench's baselines, and binaryen's wasm-opt for the wasm build.
# Idempotent and quick (well under a second) when already present.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "setup-node: node and npm are required (Node.js 20 or newer)" >&2
    exit 1
fi
lock_sum=$(sha256sum tests/package-lock.json | awk '{print $1}')
stamp=tests/node_modules/.nabla-lock-sha256
if [ ! -d tests/node_modules/playwright-core ] || [ "$(cat "$stamp" 2>/dev/null || true)" != "$lock_sum" ]; then
    echo "setup-node: npm ci in tests/"
    (cd tests && npm ci --no-audit --no-fund)
    echo "$lock_sum" > "$stamp"
fi
