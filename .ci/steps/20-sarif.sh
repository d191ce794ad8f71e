#!/usr/bin/env bash
# Validates `planbook lint --format sarif` with Microsoft's SARIF Multitool
# (the SARIF 2.1.0 schema plus the rules GitHub code scanning relies on).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet
(cd "$work" && npm install --silent --no-audit --no-fund @microsoft/sarif-multitool@5.7.0 >/dev/null)
for fixture in tests/fixtures/rules/*/ sample-plan/; do
  name=$(basename "$fixture")
  ./target/debug/planbook lint "$fixture" --format sarif > "$work/$name.sarif" || true
done
report=$(cd "$work" && npx --no-install sarif-multitool validate ./*.sarif 2>&1)
count=$(ls "$work"/*.sarif | wc -l)
if grep -E ": error [A-Z]+[0-9]+" <<<"$report"; then
  echo "SARIF validation found errors (above)"
  exit 1
fi
echo "SARIF: $count files valid against SARIF 2.1.0"
