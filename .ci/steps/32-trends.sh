#!/usr/bin/env bash
# Trends from git history on the demonstration repository (sample-plan/
# with three months of commits, benches/demo_history.rs): `planbook trend`
# has a point per commit that changed the plan, `planbook report` covers the
# commits since its date, and the built trends.html draws it all in headless
# Chromium (tests/browser/trends.mjs). Expected counts come from git.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi
if [[ ! -f tests/browser/node_modules/axe-core/axe.min.js || ! -d tests/browser/node_modules/playwright-core ]]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

# Debug builds: `cargo test` has already built both, a release build would
# add minutes on a fresh machine.
cargo build --quiet --bin planbook --example demo_history
planbook=./target/debug/planbook
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
demo="$work/demo"
./target/debug/examples/demo_history --out "$demo"

# A point is a commit on HEAD's first-parent line that changed a file under
# the plan root (docs/git.md); here the plan is the repository's root.
# Committer dates are UTC.
export TZ=UTC
plan_log=(git -C "$demo" rev-list --first-parent)
plan_commits="$("${plan_log[@]}" --count HEAD -- .)"
"${plan_log[@]}" --reverse HEAD -- . >"$work/commits.txt"
"${plan_log[@]}" --since=2026-09-01T00:00:00Z HEAD -- . >"$work/since-commits.txt"
"${plan_log[@]}" -1 --before=2026-08-31T23:59:59Z HEAD -- . >"$work/base-commit.txt"
git -C "$demo" rev-parse HEAD >"$work/head.txt"
echo "demo repository: $plan_commits commits that changed the plan"

echo "== planbook trend"
"$planbook" trend "$demo" --format json >"$work/trend.json"
"$planbook" trend "$demo" --since 2026-09-01 --format json >"$work/trend-since.json"
"$planbook" trend "$demo" >"$work/trend.txt"
"$planbook" trend "$demo" --format csv >"$work/trend.csv"
WORK="$work" node --input-type=module - <<'EOF'
import { readFileSync } from "node:fs";
const work = process.env.WORK;
const read = (name) => readFileSync(`${work}/${name}`, "utf8");
const lines = (name) => read(name).split("\n").filter(Boolean);
const fail = (message) => { console.error(`FAIL trend: ${message}`); process.exit(1); };
const trend = JSON.parse(read("trend.json"));
const commits = lines("commits.txt");
const isDate = (text) => /^\d{4}-\d\d-\d\d$/.test(text);
const pointCommits = trend.burnup.map((point) => point.commit);
if (pointCommits.join() !== commits.join()) fail(`burn-up commits ${pointCommits} are not git's ${commits}`);
if (!trend.burnup.every((point, i) => isDate(point.date) && point.scope > 0 && point.done >= 0 && point.done <= point.scope
  && (i === 0 || trend.burnup[i - 1].date <= point.date))) fail("a burn-up point is out of order or out of range");
if (!(trend.burnup.at(-1).done > trend.burnup[0].done)) fail("no work was done over three months");
if (trend.milestones.length === 0) fail("no milestones");
for (const milestone of trend.milestones) {
  if (!milestone.id || !milestone.title || milestone.points.length === 0) fail(`milestone ${milestone.id} has no points`);
  for (const point of milestone.points) {
    if (!commits.includes(point.commit) || !isDate(point.date) || !(point.forecast === null || isDate(point.forecast))) {
      fail(`${milestone.id}: point ${JSON.stringify(point)}`);
    }
  }
}
if (!trend.milestones.some((m) => m.points.length === commits.length)) fail("no milestone has a point per commit");
if (!trend.milestones.some((m) => m.points[0].forecast < m.points.at(-1).forecast)) fail("no milestone slipped");
if (trend.risks.length === 0 || !trend.risks.every((risk) => risk.points.length > 0)) fail("risks without points");
if (!trend.risks.some((risk) => risk.points.length < commits.length)) fail("no risk was added during the history");
const since = JSON.parse(read("trend-since.json"));
const sinceCommits = lines("since-commits.txt").reverse();
if (since.burnup.map((point) => point.commit).join() !== sinceCommits.join()) fail("--since 2026-09-01 keeps other points than git");
const table = read("trend.txt");
if (!table.includes(`${commits.length} points`) || !trend.milestones.every((m) => table.includes(m.id))) fail(`table:\n${table}`);
const csv = lines("trend.csv");
if (csv[0] !== "series,id,title,date,commit,value,status") fail(`csv header ${csv[0]}`);
const rows = trend.milestones.reduce((n, m) => n + m.points.length, 0) + trend.risks.reduce((n, r) => n + r.points.length, 0);
if (csv.filter((line) => line.startsWith("milestone,") || line.startsWith("risk,")).length !== rows) fail("csv rows do not match the JSON");
console.log(`ok   trend: ${trend.milestones.length} milestones, ${trend.risks.length} risks, ${commits.length} points (${sinceCommits.length} since 2026-09-01)`);
EOF

echo "== planbook report"
"$planbook" report "$demo" --since 2026-09-01 --today 2026-10-09 >"$work/report.md"
"$planbook" report "$demo" --since 2026-09-01 --today 2026-10-09 --format json >"$work/report.json"
WORK="$work" node --input-type=module - <<'EOF'
import { readFileSync } from "node:fs";
const work = process.env.WORK;
const read = (name) => readFileSync(`${work}/${name}`, "utf8");
const fail = (message) => { console.error(`FAIL report: ${message}`); process.exit(1); };
const markdown = read("report.md");
const report = JSON.parse(read("report.json"));
const sinceCommits = read("since-commits.txt").split("\n").filter(Boolean);
const base = read("base-commit.txt").trim();
const head = read("head.txt").trim();
if (!markdown.startsWith("# ")) fail(`starts with ${markdown.slice(0, 40)}`);
if ((markdown.match(/^## /gm) || []).length < 2) fail("fewer than two sections");
if (report.since.date !== "2026-09-01" || report.since.commit !== base) fail(`since ${JSON.stringify(report.since)}, base ${base}`);
if (report.until.commit !== head) fail(`until ${JSON.stringify(report.until)}, HEAD ${head}`);
if (!markdown.includes(base.slice(0, 7)) || !markdown.includes(head.slice(0, 7))) fail("the markdown does not name its commits");
if (report.changes.length === 0) fail("no changes since 2026-09-01");
for (const change of report.changes) {
  if (!change.id || !change.field || !sinceCommits.includes(change.commit)) fail(`change ${JSON.stringify(change)} is not from a commit since 2026-09-01`);
  if (!markdown.includes(`\`${change.id}\``) || !markdown.includes(change.commit.slice(0, 7))) fail(`the markdown leaves out ${change.id} ${change.field}`);
}
// Every demo commit since then edits a field of the plan.
const changed = new Set(report.changes.map((change) => change.commit));
if (changed.size !== sinceCommits.length) fail(`${changed.size} commits with changes, git has ${sinceCommits.length}`);
if (!Array.isArray(report.tasks) || report.tasks.length === 0) fail("no task started or finished in five weeks");
console.log(`ok   report: ${report.changes.length} field changes in ${changed.size} commits, ${report.tasks.length} tasks, ${report.findings.length} open findings`);
EOF

echo "== trends.html in headless Chromium"
"$planbook" build "$demo" --today 2026-10-09 --out "$work/site"
node tests/browser/trends.mjs "$work/site" "$work/trend.json" "$plan_commits"
