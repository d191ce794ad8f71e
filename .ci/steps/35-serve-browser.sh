#!/usr/bin/env bash
# `planbook serve` in a real browser: live reload after an edit, the error
# overlay for broken front matter, and recovery (headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi
[ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
cargo build --quiet --bin planbook
timeout 300 node tests/browser/serve-live.mjs target/debug/planbook
