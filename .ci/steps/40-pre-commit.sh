#!/usr/bin/env bash
# Proves the pre-commit framework integration end to end: installs
# pre-commit from PyPI into a throwaway virtualenv, makes a throwaway
# repository with a small plan in a sub-folder, points its
# .pre-commit-config.yaml at this checkout (the real remote-repo form, so
# this checkout's .pre-commit-hooks.yaml is what is exercised) and checks
# that a commit with a plan error is refused with the finding shown, that an
# unstaged fix does not sneak it through, and that a clean commit goes in.
#
# The `planbook-system` hook is exercised: it runs the planbook binary this
# CI run already built. The `planbook` hook (language: rust) differs only in
# that pre-commit first runs `cargo install` from the checkout, a full
# release build of several minutes; set PLANBOOK_CI_PRE_COMMIT_RUST=1 to
# exercise it too.
set -euo pipefail

checkout="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/planbook-pre-commit.XXXXXX")"
trap 'rm -rf "$work"' EXIT

step() { echo "-- pre-commit: $*"; }
fail() { echo "FAIL pre-commit: $*" >&2; exit 1; }

step "building planbook"
(cd "$checkout" && cargo build --quiet --bin planbook)
export PATH="$checkout/target/debug:$PATH"

step "installing pre-commit from PyPI into $work/venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
pre_commit="$work/venv/bin/pre-commit"
"$pre_commit" --version
export PRE_COMMIT_HOME="$work/cache"

rev="$(git -C "$checkout" rev-parse HEAD)"
if [[ -n "$(git -C "$checkout" status --porcelain -- .pre-commit-hooks.yaml)" ]]; then
    echo "note: .pre-commit-hooks.yaml has uncommitted changes; pre-commit uses the committed one ($rev)"
fi

run_case() {
    local hook_id="$1"
    local repo="$work/repo-$hook_id"
    step "[$hook_id] throwaway repository $repo, plan in plan/"
    mkdir -p "$repo/plan/tasks"
    cd "$repo"
    git init --quiet
    git config user.name "CI"
    git config user.email "ci@example.com"
    git config commit.gpgsign false
    cat > plan/planbook.toml <<'TOML'
start = "2026-01-05"

[people]
ana = { name = "Ana" }
TOML
    cat > plan/tasks/design.md <<'PAGE'
---
kind: task
owner: ana
duration: 5d
start: 2026-01-05
---

Design the thing.
PAGE
    cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $checkout
    rev: $rev
    hooks:
      - id: $hook_id
YAML
    "$pre_commit" install >/dev/null

    step "[$hook_id] a clean commit goes through"
    git add -A
    git commit --quiet -m "A clean plan" >"$work/out" 2>&1 || { cat "$work/out"; fail "clean commit refused"; }

    step "[$hook_id] a commit with a plan error is refused, with the finding shown"
    cat > plan/tasks/broken.md <<'PAGE'
---
kind: task
duration: 3d
start: 2026-01-05
---
PAGE
    git add plan/tasks/broken.md
    if git commit --quiet -m "A broken plan" >"$work/out" 2>&1; then
        cat "$work/out"
        fail "commit with a missing owner went through"
    fi
    grep -q "missing-owner" "$work/out" || { cat "$work/out"; fail "finding not shown"; }
    grep -q "tasks/broken.md" "$work/out" || { cat "$work/out"; fail "file not named"; }

    step "[$hook_id] a fix in the working tree only is not enough (the staged page is linted)"
    sed -i 's/^kind: task$/kind: task\nowner: ana/' plan/tasks/broken.md
    if git commit --quiet -m "Still broken when staged" >"$work/out" 2>&1; then
        cat "$work/out"
        fail "unstaged fix let the staged error through"
    fi

    step "[$hook_id] once the fix is staged, the commit goes through"
    git add plan/tasks/broken.md
    git commit --quiet -m "Fixed plan" >"$work/out" 2>&1 || { cat "$work/out"; fail "fixed commit refused"; }
    [[ "$(git rev-list --count HEAD)" == 2 ]] || fail "expected exactly 2 commits"
    cd "$checkout"
}

run_case planbook-system
if [[ "${PLANBOOK_CI_PRE_COMMIT_RUST:-0}" == 1 ]]; then
    run_case planbook
fi
step "all checks passed"
