#!/usr/bin/env bash
# Site checks: build sample-plan, validate every HTML file with html-validate,
# check every internal link and anchor, and open the site from file:// in
# headless Chromium (Debian's chromium, driven by playwright-core).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

cargo build --quiet --bin planbook
out="$(mktemp -d)/site"
./target/debug/planbook build sample-plan --today 2026-10-09 --out "$out"

# sample-plan is in this repository, so its pages carry git history (unless
# CI checked out a shallow clone, where the build says so and goes on).
if [[ "$(git rev-parse --is-shallow-repository 2>/dev/null)" == "false" ]]; then
  test -f "$out/changes.html" || { echo "no Recent changes page for sample-plan"; exit 1; }
  grep -q 'class="history"' "$out/pages/overview.html" || { echo "no History block"; exit 1; }
fi

# The same plan against its first commit: baseline bars, slips and the
# "Changes since" page must be valid too.
sites=("$out")
first="$(git log --format=%H -- sample-plan 2>/dev/null | tail -1)"
if [[ -n "$first" ]]; then
  ./target/debug/planbook build sample-plan --today 2026-10-09 --out "$out-baseline" --baseline "$first"
  test -f "$out-baseline/baseline.html" || { echo "no baseline page"; exit 1; }
  sites+=("$out-baseline")
fi

echo "== html-validate"
for site in "${sites[@]}"; do
  find "$site" -name '*.html' -print0 | sort -z \
    | xargs -0 tests/browser/node_modules/.bin/html-validate --config tests/browser/.htmlvalidate.json
done
echo "all HTML files valid"

echo "== internal links and anchors"
for site in "${sites[@]}"; do
  node tests/browser/check-links.mjs "$site"
done

echo "== headless Chromium from file://"
node tests/browser/smoke.mjs "$out"
