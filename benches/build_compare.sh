#!/usr/bin/env bash
# Site-build benchmarks and the Hugo/mdBook comparison: `bash benches/build_compare.sh`.
#
# Generates plans of 1,000 and 10,000 pages with the gen_plan example, then
# times `planbook build` (release) on them, and builds the same Markdown with
# Hugo (Debian package `hugo`) and mdBook (`cargo install mdbook`) for
# comparison. Each case prints wall time and peak memory; the figures go
# into the README by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

work="${BENCH_DIR:-$(mktemp -d)}"
today=2026-10-09
runs="${BENCH_RUNS:-3}"

# bench NAME CMD...: runs CMD $runs times, reports the best wall time and
# the peak memory of that run.
bench() {
  local name="$1"
  shift
  local best="" best_memory=""
  for _ in $(seq "$runs"); do
    local report
    /usr/bin/time -o "$work/time.txt" -f '%e %M' "$@" >/dev/null 2>&1 || true
    report="$(tail -1 "$work/time.txt")"
    local seconds="${report% *}" memory="${report#* }"
    if [ -z "$best" ] || awk "BEGIN { exit !($seconds < $best) }"; then
      best="$seconds"
      best_memory="$memory"
    fi
  done
  printf '%-36s %8s s %8d MB\n' "$name" "$best" "$((best_memory / 1024))"
}

cargo build --release --quiet --bin planbook --example gen_plan
planbook=target/release/planbook

for pages in 1000 10000; do
  [ -d "$work/plan-$pages" ] || target/release/examples/gen_plan --pages "$pages" --out "$work/plan-$pages" >/dev/null
done

echo "Benchmarks on $(nproc) cores; best of $runs runs."
bench "planbook lint, 10,000 pages" "$planbook" lint "$work/plan-10000" --today "$today"
bench "planbook build, 1,000 pages" "$planbook" build "$work/plan-1000" --today "$today" --out "$work/site-1000"
bench "planbook build, 10,000 pages" "$planbook" build "$work/plan-10000" --today "$today" --out "$work/site-10000"

# Hugo: the same Markdown files as content, a minimal layout.
hugo_site() {
  local pages="$1" site="$work/hugo-$1"
  [ -d "$site" ] && return
  mkdir -p "$site/layouts/_default"
  cp -r "$work/plan-$pages" "$site/content"
  rm -f "$site/content/planbook.toml"
  cat >"$site/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
title = "Plan"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
TOML
  cat >"$site/layouts/_default/single.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ .Site.Home.RelPermalink }}">Home</a> › {{ with .Parent }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
HTML
  cat >"$site/layouts/_default/list.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>
HTML
}

# mdBook: the same Markdown files, every page listed in SUMMARY.md (mdBook
# puts that whole list in each page's sidebar).
mdbook_site() {
  local pages="$1" book="$work/mdbook-$1"
  [ -d "$book" ] && return
  mkdir -p "$book"
  cp -r "$work/plan-$pages" "$book/src"
  rm -f "$book/src/planbook.toml"
  printf '[book]\ntitle = "Plan"\n[output.html]\nsearch.enable = true\n' >"$book/book.toml"
  (cd "$book/src" && {
    echo "# Summary"
    echo
    find . -name '*.md' ! -name SUMMARY.md | sort | sed 's|^\./||' | while read -r page; do
      echo "- [${page%.md}](${page})"
    done
  } >SUMMARY.md)
}

if command -v hugo >/dev/null 2>&1; then
  for pages in 1000 10000; do
    hugo_site "$pages"
    bench "hugo, $pages pages" hugo --quiet -s "$work/hugo-$pages" -d "$work/hugo-out-$pages"
  done
else
  echo "hugo not installed (apt-get install hugo): skipped"
fi

mdbook="$(command -v mdbook || echo "$HOME/.cargo/bin/mdbook")"
if [ -x "$mdbook" ]; then
  mdbook_site 1000
  bench "mdbook, 1000 pages" "$mdbook" build "$work/mdbook-1000" -d "$work/mdbook-out-1000"
else
  echo "mdbook not installed (cargo install mdbook): skipped"
fi
echo "work folder: $work"
