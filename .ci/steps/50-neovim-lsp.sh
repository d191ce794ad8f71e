#!/usr/bin/env bash
# planbook lsp from a real editor: headless Neovim (Debian's package) opens a
# page of a temporary plan, edits it, and checks the finding on the expected
# line and go-to-definition (tests/neovim/lsp_check.lua).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v nvim >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q neovim
fi
nvim --version | head -n 1

cargo build --quiet --bin planbook
plan="$(mktemp -d)"
trap 'rm -rf "$plan"' EXIT
mkdir -p "$plan/tasks"
cat >"$plan/planbook.toml" <<'TOML'
title = "Neovim check"
start = "2026-01-05"

[people]
ana = { name = "Ana", role = "Lead" }
TOML
printf -- '---\nkind: task\nowner: ana\nstart: 2026-01-05\nduration: 3d\n---\n# Design\n' >"$plan/tasks/design.md"
printf -- '---\nkind: task\nowner: ana\ndepends_on: [design]\nduration: 2d\n---\n# Build\n' >"$plan/tasks/build.md"

PLAN="$plan" PLANBOOK="$PWD/target/debug/planbook" \
  timeout 120 nvim --headless --clean -n -c "luafile tests/neovim/lsp_check.lua"
