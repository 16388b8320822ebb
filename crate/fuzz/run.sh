#!/usr/bin/env bash
# Runs the cargo-fuzz targets of the Nabla core for a bounded time each; `make fuzz` calls this.
#
#   crate/fuzz/run.sh            fuzz every target for FUZZ_SECONDS (default 60) seconds each
#   crate/fuzz/run.sh merge      fold what the last runs found into the committed corpus (minimized)
#
# Environment: FUZZ_SECONDS (per target), FUZZ_RUNS (optional: stop each target after this many
# inputs; FUZZ_RUNS=10000000 FUZZ_SECONDS=7200 FUZZ_TARGETS=expr is one campaign of 10^7),
# FUZZ_TARGETS (default "expr scene grid link chart"),
# FUZZ_SANITIZER (default none: the core has no unsafe code, and without ASan libFuzzer runs
# about twice as many inputs; set it to "address" to use ASan anyway).
#
# The committed corpus (corpus/<target>/) and any saved crashes (regressions/<target>/) are read
# as seeds and never written: new inputs go to target/fuzz-work/<target>/, crashes to
# target/fuzz-work/artifacts/<target>/. Prints executions per target and in total; exits
# non-zero when any target crashed, timed out or ran out of memory.
set -euo pipefail

cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"

SECONDS_EACH="${FUZZ_SECONDS:-60}"
TARGETS="${FUZZ_TARGETS:-expr scene grid link chart}"
SANITIZER="${FUZZ_SANITIZER:-none}"
WORK="target/fuzz-work"
# One process, one job: the machine has two cores shared with other work.
LIBFUZZER_FLAGS=(-rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -max_len=4096)

# A nightly toolchain (libFuzzer needs -Z flags) and cargo-fuzz, installed once per machine.
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "run.sh: installing the nightly toolchain"
    timeout 600 rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "run.sh: installing cargo-fuzz"
    cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

# Builds the target and prints its binary's path. `expr` is the fast path, built for
# throughput: without comparison tracing and debug assertions it runs about three times as many
# inputs (6,500/s against 2,000/s here); overflow checks stay on (Cargo.toml's profile).
build() {
    if [ "$1" = expr ]; then
        cargo +nightly fuzz build --sanitizer "$SANITIZER" --no-trace-compares "$1" >&2
    else
        cargo +nightly fuzz build --sanitizer "$SANITIZER" --debug-assertions "$1" >&2
    fi
    echo "target/x86_64-unknown-linux-gnu/release/$1"
}

# Executions in a libFuzzer log: the final stats line, else the last "#N" status line.
executions() {
    local n
    n="$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$1" | tail -n 1)"
    if [ -z "$n" ]; then
        n="$(sed -n 's/^#\([0-9][0-9]*\)[[:space:]].*/\1/p' "$1" | tail -n 1)"
    fi
    echo "${n:-0}"
}

if [ "${1:-}" = merge ]; then
    for t in $TARGETS; do
        bin="$(build "$t")"
        fresh="$WORK/merged-$t"
        rm -rf "$fresh" && mkdir -p "$fresh" "corpus/$t" "$WORK/$t"
        "$bin" -merge=1 "${LIBFUZZER_FLAGS[@]}" "$fresh" "corpus/$t" "$WORK/$t" >"$WORK/merge-$t.log" 2>&1
        rm -rf "corpus/$t" && mv "$fresh" "corpus/$t"
        echo "corpus/$t: $(ls "corpus/$t" | wc -l) files, $(du -sh "corpus/$t" | cut -f1)"
    done
    du -sh corpus
    exit 0
fi

total=0
failed=()
summary=()
for t in $TARGETS; do
    bin="$(build "$t")"
    mkdir -p "$WORK/$t" "$WORK/artifacts/$t" "corpus/$t"
    seeds=("corpus/$t")
    # The scene target reads the same texts as expr (their corpus is its seed too).
    [ "$t" = scene ] && seeds+=("corpus/expr")
    [ -d "regressions/$t" ] && seeds+=("regressions/$t")
    log="$WORK/$t.log"
    echo "=== fuzz $t for ${SECONDS_EACH}s (log: crate/fuzz/$log)"
    status=0
    # The fast path's inputs stay short (a long text costs it milliseconds; the scene target
    # and the corpus tests take the long ones), so that it runs ten million of them.
    extra=()
    [ "$t" = expr ] && extra=(-max_len=256)
    [ -n "${FUZZ_RUNS:-}" ] && extra+=(-runs="$FUZZ_RUNS")
    "$bin" "${LIBFUZZER_FLAGS[@]}" "${extra[@]}" -max_total_time="$SECONDS_EACH" \
        -artifact_prefix="$WORK/artifacts/$t/" "$WORK/$t" "${seeds[@]}" >"$log" 2>&1 || status=$?
    n="$(executions "$log")"
    total=$((total + n))
    if [ "$status" -ne 0 ]; then
        failed+=("$t")
        summary+=("$t: $n executions, FAILED (exit $status)")
        echo "--- $t failed; the end of its log:"
        tail -n 40 "$log"
        ls -l "$WORK/artifacts/$t/" || true
    else
        summary+=("$t: $n executions, no crash")
    fi
done

echo "=== fuzz summary (${SECONDS_EACH}s per target, sanitizer $SANITIZER)"
printf '%s\n' "${summary[@]}"
echo "total: $total executions"
if [ "${#failed[@]}" -ne 0 ]; then
    echo "crashed: ${failed[*]} (inputs in crate/fuzz/$WORK/artifacts/; minimize with" \
        "cargo +nightly fuzz tmin <target> <input>, keep under crate/fuzz/regressions/<target>/)"
    exit 1
fi
