#!/usr/bin/env bash
# Benchmarks planbook on generated plans of 1,000 and 10,000 pages.
#
#   benches/run.sh [lint|schedule|build|serve|lsp|all|git|compare]  (default: all)
#
# Builds `planbook` and `gen_plan` in release mode, generates the plans under
# target/bench/plans/ (only when missing), then for each case measures the
# whole process: mean wall time with hyperfine (3 warmup runs) and peak RSS
# with GNU time (%M). Prints a summary table. Exit status: 0 when every
# selected case ran and met its target, 1 otherwise, 2 on bad usage or
# missing tools. See benches/README.md.
#
# Adding a case is one line in cases_lint/cases_build (or a new cases_NAME
# function plus its name in the `case` statements below):
#
#   TARGET_MS=400 TARGET_MB=200 bench NAME CMD [ARGS...]
#
# Optional variables for one case: TARGET_MS, TARGET_MB (targets, shown and
# checked), PREPARE (a shell command run before every timed run, e.g. to
# delete an output folder).
set -euo pipefail

usage() { sed -n '2,11s/^# \{0,1\}//p' "$0"; }

SELECT=${1:-all}
case $SELECT in
    # Two more sets live in their own scripts: git (lint --staged, page
    # history over 2,000 commits) and compare (build against Hugo and mdBook).
    git) exec bash "$(dirname "$0")/git_bench.sh" git ;;
    compare) exec bash "$(dirname "$0")/build_compare.sh" ;;
    lint | schedule | build | serve | lsp | all) ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown case set '$SELECT'" >&2; usage >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
BIN=${CARGO_TARGET_DIR:-target}/release
PLANBOOK=$BIN/planbook
BENCH=target/bench
PLANS=$BENCH/plans
OUT=$BENCH/out
LOGS=$BENCH/logs
SIZES=(1000 10000)
SEED=42

# --- tools -----------------------------------------------------------------
if ! command -v hyperfine >/dev/null; then
    echo "run.sh: hyperfine not found; install it with: apt-get install hyperfine" >&2
    exit 2
fi
if [ ! -x /usr/bin/time ]; then
    echo "run.sh: /usr/bin/time not found; install it with: apt-get install time" >&2
    exit 2
fi
HF_OPTS=(--warmup 3 --style basic)
if hyperfine --help | grep -q -- '--shell=none'; then
    HF_OPTS+=(-N) # no intermediate shell: exact for millisecond commands
fi

# --- build -----------------------------------------------------------------
echo "== building planbook and gen_plan (release)"
if grep -q 'benches/gen_plan.rs' Cargo.toml; then
    cargo build --release --bin planbook --example gen_plan --example serve_latency --example lsp_latency --example time_schedule
    GEN=$BIN/examples/gen_plan
    LATENCY=$BIN/examples/serve_latency
    LSP_LATENCY=$BIN/examples/lsp_latency
else
    # No [[example]] entries: both tools need only std, so rustc alone builds them.
    cargo build --release --bin planbook
    mkdir -p "$BENCH"
    rustc --edition 2021 -O benches/gen_plan.rs -o "$BENCH/gen_plan"
    rustc --edition 2021 -O benches/serve_latency.rs -o "$BENCH/serve_latency"
    GEN=$BENCH/gen_plan
    LATENCY=$BENCH/serve_latency
    LSP_LATENCY=  # needs serde_json: only built as a cargo example
fi

# --- plans -----------------------------------------------------------------
mkdir -p "$PLANS" "$OUT" "$LOGS"
for n in "${SIZES[@]}"; do
    dir=$PLANS/pages-$n
    if [ -f "$dir/.gen_plan-complete" ]; then
        echo "== reusing $dir (delete it to regenerate)"
    else
        echo "== generating $dir"
        "$GEN" --pages "$n" --out "$dir" --seed "$SEED" --force
        # Independent check that the plan is lint-clean (links, ids, ...):
        # timing a plan full of findings would measure the wrong thing.
        if python3 -c 'import tomllib' 2>/dev/null; then
            python3 benches/check_generated.py "$dir"
        fi
    fi
done

# --- measuring -------------------------------------------------------------
RESULTS=()
FAILED=0

record() { # NAME MEAN_MS PEAK_MB TARGET RESULT
    RESULTS+=("$(printf '%-20s %10s %9s  %-18s %s' "$@")")
}

# bench NAME CMD [ARGS...]: time CMD as a whole process and record its peak RSS.
bench() {
    local name=$1
    shift
    local target_ms=${TARGET_MS:-} target_mb=${TARGET_MB:-} prepare=${PREPARE:-}
    local target="${target_ms:+<${target_ms} ms}${target_mb:+ <${target_mb} MB}"
    echo
    echo "== $name: $*"

    # One plain run first: a command that cannot run is reported, not timed.
    local rc=0 hf_extra=()
    if [ -n "$prepare" ]; then bash -c "$prepare"; fi
    "$@" >"$LOGS/$name.out" 2>"$LOGS/$name.err" || rc=$?
    if [ "$rc" -ge 2 ]; then
        echo "   exit status $rc; see $LOGS/$name.err:"
        head -n 5 "$LOGS/$name.err" | sed 's/^/   | /'
        record "$name" - - "${target:--}" "FAILED (exit $rc)"
        FAILED=1
        return 0
    fi
    if [ "$rc" -ne 0 ]; then hf_extra+=(--ignore-failure); fi
    if [ -n "$prepare" ]; then hf_extra+=(--prepare "$prepare"); fi

    local cmd
    cmd=$(printf '%q ' "$@")
    hyperfine "${HF_OPTS[@]}" "${hf_extra[@]}" --command-name "$name" \
        --export-csv "$LOGS/$name.csv" -- "$cmd"
    local mean_ms
    mean_ms=$(awk -F, 'NR == 2 { printf "%.1f", $2 * 1000 }' "$LOGS/$name.csv")

    if [ -n "$prepare" ]; then bash -c "$prepare"; fi
    /usr/bin/time -f %M -o "$LOGS/$name.rss" "$@" >/dev/null 2>&1 || true
    local peak_mb
    peak_mb=$(tail -n 1 "$LOGS/$name.rss" | awk '{ printf "%.1f", $1 / 1024 }')

    local notes=()
    if [ -n "$target_ms" ] && awk -v a="$mean_ms" -v b="$target_ms" 'BEGIN { exit !(a >= b) }'; then
        notes+=(SLOW)
    fi
    if [ -n "$target_mb" ] && awk -v a="$peak_mb" -v b="$target_mb" 'BEGIN { exit !(a >= b) }'; then
        notes+=(BIG)
    fi
    if [ "$rc" -ne 0 ]; then notes+=("exit $rc, see $LOGS/$name.err"); fi
    local result=ok
    if [ ${#notes[@]} -gt 0 ]; then
        result=$(IFS=,; echo "${notes[*]}")
        FAILED=1
    fi
    record "$name" "$mean_ms" "$peak_mb" "${target:--}" "$result"
}

# run_latency NAME PLAN TOOL RUNS WHAT: runs a latency example (it prints a
# `RESULT median_ms=.. rss_mb=..` line and exits non-zero past --target-ms)
# and records its median and the server's peak RSS, checked against
# TARGET_MS and TARGET_MB.
run_latency() {
    local name=$1 plan=$2 tool=$3 runs=$4 what=$5
    local target_ms=${TARGET_MS:-} target_mb=${TARGET_MB:-}
    local target="${target_ms:+<${target_ms} ms}${target_mb:+ <${target_mb} MB}"
    echo
    echo "== $name: $what"
    local rc=0
    "$tool" --bin "$PLANBOOK" --plan "$plan" --runs "$runs" ${target_ms:+--target-ms "$target_ms"} \
        >"$LOGS/$name.out" 2>"$LOGS/$name.err" || rc=$?
    local result_line
    result_line=$(grep '^RESULT ' "$LOGS/$name.out" || true)
    if [ -z "$result_line" ]; then
        echo "   exit status $rc; see $LOGS/$name.err:"
        tail -n 5 "$LOGS/$name.err" | sed 's/^/   | /'
        record "$name" - - "${target:--}" "FAILED (exit $rc)"
        FAILED=1
        return 0
    fi
    echo "   $result_line"
    local median_ms peak_mb
    median_ms=$(sed 's/.*median_ms=\([0-9.]*\).*/\1/' <<<"$result_line")
    peak_mb=$(sed 's/.*rss_mb=\([0-9.]*\).*/\1/' <<<"$result_line")
    local notes=()
    if [ "$rc" -ne 0 ]; then notes+=(SLOW); fi
    if [ -n "$target_mb" ] && awk -v a="$peak_mb" -v b="$target_mb" 'BEGIN { exit !(a >= b) }'; then
        notes+=(BIG)
    fi
    local result=ok
    if [ ${#notes[@]} -gt 0 ]; then
        result=$(IFS=,; echo "${notes[*]}")
        FAILED=1
    fi
    record "$name" "$median_ms" "$peak_mb" "${target:--}" "$result"
}

# latency NAME PLAN: median time from saving a page under `planbook serve` to
# the reload event and the new page (benches/serve_latency.rs, 20 saves).
latency() {
    run_latency "$1" "$2" "$LATENCY" 20 "save a page of $2, wait for the reload and the new page"
}

# lsp_latency NAME PLAN: median time from didChange to the publishDiagnostics
# of that version under `planbook lsp` (benches/lsp_latency.rs, 30 edits).
lsp_latency() {
    if [ -z "${LSP_LATENCY:-}" ]; then
        local target="${TARGET_MS:+<${TARGET_MS} ms}${TARGET_MB:+ <${TARGET_MB} MB}"
        record "$1" - - "${target:--}" "FAILED (no lsp_latency example)"
        FAILED=1
        return 0
    fi
    run_latency "$1" "$2" "$LSP_LATENCY" 30 "edit a page of $2 in the server's buffer, wait for its diagnostics"
}

# --- cases: one line each --------------------------------------------------
# The generated plans' statuses are written for their first day: every case
# pins it as the status date, so the figures do not drift with the calendar.
TODAY=(--today 2026-01-05)

cases_lint() {
    TARGET_MS=50 bench lint-1k "$PLANBOOK" lint "$PLANS/pages-1000" "${TODAY[@]}"
    TARGET_MS=400 TARGET_MB=200 bench lint-10k "$PLANBOOK" lint "$PLANS/pages-10000" "${TODAY[@]}"
}

cases_schedule() {
    # Levelled: every task waits until its people are free.
    TARGET_MS=150 TARGET_MB=200 \
        bench schedule-level-10k "$PLANBOOK" schedule "$PLANS/pages-10000" --level "${TODAY[@]}"
}

cases_build() {
    # Each run replaces the site of the run before, as a user's build does.
    # (Deleting a 10,000-file site just before a build makes the file
    # system's deferred work land in the build: about 4 s instead of 1.5 s.)
    bench build-1k "$PLANBOOK" build "$PLANS/pages-1000" --out "$OUT/build-1k" "${TODAY[@]}"
    TARGET_MS=2000 TARGET_MB=300 \
        bench build-10k "$PLANBOOK" build "$PLANS/pages-10000" --out "$OUT/build-10k" "${TODAY[@]}"
}

cases_serve() {
    TARGET_MS=100 latency serve-1k "$PLANS/pages-1000"
}

cases_lsp() {
    TARGET_MS=30 lsp_latency lsp-1k "$PLANS/pages-1000"
    TARGET_MS=150 TARGET_MB=300 lsp_latency lsp-10k "$PLANS/pages-10000"
}

case $SELECT in
    lint) cases_lint ;;
    schedule) cases_schedule ;;
    build) cases_build ;;
    serve) cases_serve ;;
    lsp) cases_lsp ;;
    all) cases_lint; cases_schedule; cases_build; cases_serve; cases_lsp ;;
esac

# --- summary ---------------------------------------------------------------
echo
echo "== summary (mean of hyperfine runs; peak RSS of one run)"
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown);" \
    "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
printf '%-20s %10s %9s  %-18s %s\n' case "mean ms" "peak MB" target result
for line in "${RESULTS[@]}"; do echo "$line"; done
exit "$FAILED"
