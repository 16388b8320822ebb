#!/usr/bin/env bash
# Make sure this machine can build Nabla for the browser:
#   1. the wasm32-unknown-unknown target for rustup's toolchain, and
#   2. the wasm-bindgen CLI at exactly the version of the wasm-bindgen crate in Cargo.lock.
# Idempotent and quick (about a second) when both are already present.
#
# Writes target/wasm-toolchain (one word: "rustup" or "debian") for the Makefile. "debian" is the
# safety net from /work/shared/TOOLCHAIN.md: Debian's rustc-web builds std for wasm from source
# with -Zbuild-std; it is used only when rustup cannot add the target, and says so loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

TARGET=wasm32-unknown-unknown
MODE_FILE=target/wasm-toolchain
mkdir -p target

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The CLI must match the crate exactly (the crate is pinned with "=" in crate/Cargo.toml).
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock 2>/dev/null || true)
WB_VERSION=${WB_VERSION:-0.2.130}

have_target() {
    rustup target list --installed 2>/dev/null | grep -qx "$TARGET"
}

# --- 1. the wasm target ---------------------------------------------------------------------
mode=rustup
if ! have_target; then
    echo "setup-wasm: adding rustup target $TARGET"
    for attempt in 1 2; do
        # rustup once finished the download and then hung silently: bound it, then check.
        timeout 120 rustup target add "$TARGET" || true
        have_target && break
        echo "setup-wasm: rustup target add did not install $TARGET (attempt $attempt)"
    done
fi
if ! have_target; then
    mode=debian
    echo "################################################################################"
    echo "## setup-wasm: rustup could NOT add $TARGET."
    echo "## FALLBACK: Debian's rustc-web + rust-web-src, building std with -Zbuild-std."
    echo "################################################################################"
    if [ ! -x /usr/bin/rustc ] || [ ! -d /usr/lib/rustlib/src/rust/library ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
            rustc-web cargo-web rust-web-src
    fi
    rust_lld="$(rustc --print sysroot 2>/dev/null)/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
    if [ ! -x "$rust_lld" ] && ! command -v wasm-ld-19 >/dev/null; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends lld-19
    fi
fi
echo "$mode" > "$MODE_FILE"

# --- 2. the wasm-bindgen CLI ----------------------------------------------------------------
current=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$current" != "$WB_VERSION" ]; then
    echo "setup-wasm: installing wasm-bindgen-cli $WB_VERSION (found: ${current:-none}); takes ~5 minutes"
    # --locked is preferred, but on this network one locked dependency (webpki-roots 1.0.11) is not
    # on the registry, so fall back to resolving dependencies afresh.
    if ! cargo install wasm-bindgen-cli --version "$WB_VERSION" --locked; then
        echo "setup-wasm: 'cargo install --locked' failed; retrying without --locked"
        cargo install wasm-bindgen-cli --version "$WB_VERSION"
    fi
    current=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
    if [ "$current" != "$WB_VERSION" ]; then
        echo "setup-wasm: wasm-bindgen --version says '${current:-nothing}', expected $WB_VERSION" >&2
        exit 1
    fi
fi
echo "setup-wasm: ok ($TARGET via $mode, wasm-bindgen $WB_VERSION)"
