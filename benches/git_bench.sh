#!/usr/bin/env bash
# Benchmarks on generated plans. Run from the repository root:
#   bash benches/run.sh            all cases
#   bash benches/run.sh git        only the cases whose name contains "git"
# Needs hyperfine for the command cases (falls back to a simple timer).
set -euo pipefail

filter="${1:-}"
work="${BENCH_DIR:-${TMPDIR:-/tmp}/planbook-bench}"
mkdir -p "$work"
cargo build --release --quiet --bin planbook --examples
planbook="$PWD/target/release/planbook"
examples="$PWD/target/release/examples"

# bench NAME CMD...: time CMD (run in the current folder) unless NAME is filtered out.
bench() {
    local name="$1"
    shift
    [[ -z "$filter" || "$name" == *"$filter"* ]] || return 0
    echo "== $name"
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine -N --warmup 3 --runs 20 --style basic "$*" | grep -E "Time|Range"
    else
        local start end
        start=$(date +%s%N)
        for _ in 1 2 3 4 5; do "$@" >/dev/null; done
        end=$(date +%s%N)
        echo "  mean $(( (end - start) / 5000000 )) ms over 5 runs"
    fi
}

# plan PAGES: a generated plan folder (made once, reused).
plan() {
    local dir="$work/plan-$1"
    [[ -f "$dir/planbook.toml" ]] || "$examples/gen_plan" --pages "$1" --out "$dir" >/dev/null
    echo "$dir"
}

# git_plan PAGES COMMITS: a copy of the plan in a git repository with COMMITS
# commits (0: staged only, never committed).
git_plan() {
    local dir="$work/git-$1-$2"
    if [[ ! -d "$dir/.git" ]]; then
        rm -rf "$dir"
        cp -r "$(plan "$1")" "$dir"
        if [[ "$2" == 0 ]]; then
            "$examples/gen_history" --plan "$dir" --stage-only >/dev/null
        else
            "$examples/gen_history" --plan "$dir" --commits "$2" >/dev/null
        fi
    fi
    echo "$dir"
}

# trend_plan PAGES COMMITS: like git_plan, but the commits come a day apart
# and half of them change task fields, so the forecasts move and the trends
# have weeks and months to thin.
trend_plan() {
    local dir="$work/trend-$1-$2"
    if [[ ! -d "$dir/.git" ]]; then
        rm -rf "$dir"
        cp -r "$(plan "$1")" "$dir"
        "$examples/gen_history" --plan "$dir" --commits "$2" --hours-apart 24 --field-edits >/dev/null
    fi
    echo "$dir"
}

# Lint targets: the 1,000-page plan under 50 ms, from the folder and staged.
(cd "$(plan 1000)" && bench lint-1k "$planbook" lint --today 2026-01-01)
(cd "$(git_plan 1000 0)" && bench git-lint-staged-1k "$planbook" lint --staged --today 2026-01-01)
(cd "$(git_plan 1000 1)" && bench git-lint-staged-1k-committed "$planbook" lint --staged --today 2026-01-01)

# Page history for the site: 10,000 pages, 2,000 commits, under 1.5 s.
if [[ -z "$filter" || "git-history-10k" == *"$filter"* ]]; then
    echo "== git-history-10k"
    "$examples/time_history" "$(git_plan 10000 2000)" 5 | tail -1
fi

# The same repository through `planbook build`, with and without the history:
# the difference is what history adds to a build (budget: 1.5 s).
(cd "$(git_plan 10000 2000)" && bench git-build-10k-history "$planbook" build --today 2026-01-01 --out "$work/site-history")
(cd "$(git_plan 10000 2000)" && bench git-build-10k-no-history "$planbook" build --today 2026-01-01 --out "$work/site-no-history" --no-history)

# Trends: the plan's states over time, scheduled as of each point. Budget:
# under 0.5 s added to a build of 1,000 pages with 500 commits, under 3 s for
# 10,000 pages with 2,000 commits. time_history times the walk and the trends
# apart; the builds show the whole history's cost (page history + trends).
for size in "1000 500" "10000 2000"; do
    read -r pages commits <<<"$size"
    name="git-trends-$((pages / 1000))k"
    if [[ -z "$filter" || "$name" == *"$filter"* ]]; then
        echo "== $name ($pages pages, $commits commits)"
        "$examples/time_history" "$(trend_plan "$pages" "$commits")" 5 | tail -2
    fi
    (cd "$(trend_plan "$pages" "$commits")" && bench "$name-build-history" "$planbook" build --today 2026-01-01 --out "$work/site-trend-history")
    (cd "$(trend_plan "$pages" "$commits")" && bench "$name-build-no-history" "$planbook" build --today 2026-01-01 --out "$work/site-trend-no-history" --no-history)
done
