# Nabla: build, serve and test.
#   make serve        build the wasm core and serve www/ at http://127.0.0.1:$(PORT)/
#   make test         set-up, native Rust tests, wasm build, browser tests (what CI runs)
#   make wasm         build www/pkg/ (nabla.js + nabla_bg.wasm) only
#   make setup        install what the build and the browser tests need (idempotent)
#   make test-native / make test-e2e   one half of `make test`
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

PORT ?= 8000
HOST ?= 127.0.0.1
WASM_TARGET := wasm32-unknown-unknown
WASM_OUT := target/$(WASM_TARGET)/release/nabla.wasm
PKG_DIR := www/pkg
# Cargo features of the wasm module: `make test` and `make bench` add `test-hooks` (the
# deliberate trap and the bench entry points); `make serve` builds the product without them.
WASM_FEATURES ?=
FEATURE_FLAGS := $(if $(WASM_FEATURES),--features $(WASM_FEATURES),)
WASM_OPT := tests/node_modules/.bin/wasm-opt
# Flags for wasm-opt matching the features rustc enables by default for this target.
WASM_OPT_FLAGS ?= -O2 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	--enable-mutable-globals --enable-reference-types --enable-multivalue

.PHONY: screenshots all setup setup-wasm setup-browser wasm serve test test-native test-e2e bench fuzz clean

all: wasm

setup: setup-wasm setup-browser

setup-wasm:
	.ci/setup-wasm.sh

setup-browser:
	.ci/setup-browser.sh

# Cargo is incremental; wasm-bindgen always runs (it takes well under a second).
wasm: setup-wasm
	@if [ "$$(cat target/wasm-toolchain 2>/dev/null)" = debian ]; then \
		echo "!!! make wasm: FALLBACK build with Debian's rustc-web and -Zbuild-std (rustup had no $(WASM_TARGET))"; \
		linker="$$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"; \
		[ -x "$$linker" ] || linker="$$(command -v wasm-ld-19)"; \
		echo "+ RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build --release -Zbuild-std=std,panic_abort --target $(WASM_TARGET) -p nabla $(FEATURE_FLAGS)"; \
		RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$$linker" \
			/usr/bin/cargo build --release -Zbuild-std=std,panic_abort --target $(WASM_TARGET) -p nabla $(FEATURE_FLAGS); \
	else \
		echo "+ cargo build --release --target $(WASM_TARGET) -p nabla $(FEATURE_FLAGS)"; \
		cargo build --release --target $(WASM_TARGET) -p nabla $(FEATURE_FLAGS); \
	fi
	wasm-bindgen --target web --no-typescript --experimental-reset-state-function --out-dir $(PKG_DIR) $(WASM_OUT)
	@# binaryen's wasm-opt from npm (Debian's is too old for current rustc output).
	@.ci/setup-node.sh >/dev/null || echo "setup-node failed; building without wasm-opt"
	@if [ -x $(WASM_OPT) ]; then \
		if $(WASM_OPT) $(WASM_OPT_FLAGS) $(PKG_DIR)/nabla_bg.wasm -o $(PKG_DIR)/nabla_bg.opt.wasm; then \
			mv $(PKG_DIR)/nabla_bg.opt.wasm $(PKG_DIR)/nabla_bg.wasm; echo "wasm-opt: done"; \
		else rm -f $(PKG_DIR)/nabla_bg.opt.wasm; echo "wasm-opt failed; keeping the unoptimised module"; fi; \
	else echo "wasm-opt not found; skipping it"; fi
	@ls -l $(PKG_DIR)/nabla_bg.wasm

serve: wasm
	node tests/serve.mjs --port $(PORT) --host $(HOST)

test: setup
	cargo test --workspace
	$(MAKE) --no-print-directory wasm WASM_FEATURES=test-hooks
	$(MAKE) --no-print-directory test-e2e

test-native:
	cargo test --workspace

# Browser tests against the current www/ (run `make wasm` first, or use `make test`).
test-e2e: setup-browser
	node --test --test-concurrency=1 tests/e2e/

# Benchmarks are programs, not tests: each prints its numbers beside the baseline it names.
bench: setup-browser
	$(MAKE) --no-print-directory wasm WASM_FEATURES=test-hooks
	cd crate && cargo bench -j1 -p nabla --bench engine --bench core
	node tests/bench/run-browser-bench.mjs

# Bounded fuzzing of the core (FUZZ_SECONDS per target, default 60); never part of `make test`.
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) crate/fuzz/run.sh

clean:
	rm -rf $(PKG_DIR) tests/artifacts
	cargo clean

# Regenerate the README's screenshots from the running page.
screenshots: wasm setup-browser
	cd tests && node screenshots.mjs
