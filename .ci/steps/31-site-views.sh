#!/usr/bin/env bash
# The stakeholder views of the built sample-plan site in headless Chromium:
# the timeline fits 1,400 px, nothing is wider than a 400 px screen, board
# and graph show every task, the status report prints on at most two A4
# pages (pdfinfo, from poppler-utils), and axe-core finds no serious or
# critical accessibility violation on the main pages.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
if ((${#missing[@]})); then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
if [[ ! -f tests/browser/node_modules/axe-core/axe.min.js ]]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

cargo build --quiet --bin planbook
work="$(mktemp -d)"
./target/debug/planbook build sample-plan --today 2026-10-09 --out "$work/site"

echo "== stakeholder views, print and accessibility"
node tests/browser/views.mjs "$work/site" "$work"

echo "== page sizes (limit 300 KB, plan.json and the search index excepted)"
too_big="$(find "$work/site" -name '*.html' -size +300k)"
if [[ -n "$too_big" ]]; then
  echo "pages over 300 KB:"; echo "$too_big"; exit 1
fi
find "$work/site" -maxdepth 1 -name '*.html' -printf '%s %f\n' | sort -rn | head -5
