#!/usr/bin/env bash
# planbook's schedule against TaskJuggler on the same projects (effort,
# part-time people, leaves, holidays, priorities): tests/taskjuggler.rs.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v tj3 >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q tj3
fi
tj3 --version | head -n 1
cargo test --quiet --test taskjuggler -- --ignored
