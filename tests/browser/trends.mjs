// The trends of a site built from a plan with git history (the
// demonstration repository of benches/demo_history.rs), in headless
// Chromium from file://: the milestone trend analysis draws one point per
// commit that changed the plan and a target mark per milestone, rising
// where the forecast slips; the burn-up draws scope, done and the projection
// to the planned finish; the risk trend stacks the open risks by band; the
// milestone and risk pages show their small history charts; the risk
// register sorts and filters in the browser; no console errors, nothing
// wider than a 400 px screen, and axe-core finds no serious or critical
// violation.
//   node trends.mjs SITE_DIR TREND_JSON PLAN_COMMITS
// TREND_JSON is the output of `planbook trend --format json` for the same
// repository; PLAN_COMMITS the number of commits that changed the plan, as
// `git rev-list --first-parent --count HEAD -- PLAN_ROOT` counts them (the
// CI step, .ci/steps/32-trends.sh, passes both), so the expected counts come
// from git and the CLI, not from here.
import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { launch } from "./browser.mjs";
import { check, expect, fail, finish } from "./harness.mjs";

const [siteArg, trendArg, commitsArg] = process.argv.slice(2);
if (!siteArg || !trendArg || !commitsArg) {
  console.error("usage: node trends.mjs SITE_DIR TREND_JSON PLAN_COMMITS");
  process.exit(2);
}
const site = resolve(siteArg);
const url = (path) => pathToFileURL(join(site, path)).href;
const plan = JSON.parse(readFileSync(join(site, "plan.json"), "utf8"));
const trend = JSON.parse(readFileSync(trendArg, "utf8"));
const planCommits = Number(commitsArg);
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const CHARTED_MILESTONES = 12; // src/site/trends.rs

const pageOf = (id) => {
  const item = plan.items.find((entry) => entry.id === id);
  if (!item) throw new Error(`${id} is not in plan.json`);
  return item.url;
};
// A milestone's line ends where it is first reached (src/states/series.rs).
const untilReached = (points) => {
  const at = points.findIndex((point) => point.status === "reached");
  return at === -1 ? points : points.slice(0, at + 1);
};
const charted = trend.milestones
  .filter((milestone) => untilReached(milestone.points).some((point) => point.forecast))
  .slice(0, CHARTED_MILESTONES);
const newest = trend.burnup.at(-1);

const context = await launch({ viewport: { width: 1400, height: 900 } });
const problems = [];
// axe-core reads stylesheets again by XMLHttpRequest, which file:// refuses
// with console errors of its own: those are not the site's, so nothing is
// collected while it runs.
let auditing = false;
context.on("console", (message) => {
  if (message.type() === "error" && !auditing) problems.push(`console: ${message.text()} (${message.location().url})`);
});
const page = await context.newPage();
page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));

/** Size on screen of the chart `selector`; fails when it is not drawn. */
async function chartBox(selector) {
  const chart = page.locator(selector);
  expect(await chart.count() === 1, `${await chart.count()} charts ${selector}`);
  expect(await chart.isVisible(), `${selector} is not visible`);
  const box = await chart.boundingBox();
  expect(box && box.width > 100 && box.height > 50, `${selector} is ${box && box.width}x${box && box.height} px`);
  return box;
}

await check("the inputs agree: the plan history has points, and the CLI counts a point per plan commit", async () => {
  expect(Number.isInteger(planCommits) && planCommits >= 2, `PLAN_COMMITS is ${commitsArg}`);
  expect(trend.burnup.length === planCommits, `${trend.burnup.length} burn-up points for ${planCommits} plan commits`);
  expect(charted.length > 0, "no milestone has a forecast");
});

await check("trends.html says how many states it draws, and its table has a row per commit", async () => {
  await page.goto(url("trends.html"));
  const lede = await page.locator("main p.lede, p.lede").first().textContent();
  expect(lede.includes(`${planCommits} states of the plan`), `lede: ${lede.trim()}`);
  const rows = await page.locator("#pb-mta ~ details.chart-table tbody tr").count();
  expect(rows === planCommits, `${rows} rows in the chart's table for ${planCommits} commits`);
});

await check("the milestone trend analysis draws a line per milestone with a point per plan commit", async () => {
  await page.goto(url("trends.html"));
  await chartBox("svg.chart.mta");
  const lines = await page.locator("svg.chart.mta g.series").evaluateAll((groups) => groups.map((group) => ({
    id: group.getAttribute("data-milestone"),
    vertices: group.querySelector("polyline.trend-line").points.numberOfItems,
    length: group.querySelector("polyline.trend-line").getTotalLength(),
    stroke: getComputedStyle(group.querySelector("polyline.trend-line")).stroke,
    markers: [...group.querySelectorAll("path.marker")].map((marker) => {
      const box = marker.getBoundingClientRect();
      return { title: marker.querySelector("title").textContent, x: box.x + box.width / 2, y: box.y + box.height / 2, width: box.width };
    }),
  })));
  expect(JSON.stringify(lines.map((line) => line.id)) === JSON.stringify(charted.map((m) => m.id)),
    `lines ${lines.map((line) => line.id)} for milestones ${charted.map((m) => m.id)}`);
  for (const line of lines) {
    const milestone = charted.find((m) => m.id === line.id);
    const expected = untilReached(milestone.points).filter((point) => point.forecast);
    expect(line.markers.length === expected.length && line.vertices === expected.length,
      `${line.id}: ${line.markers.length} markers, ${line.vertices} vertices for ${expected.length} points`);
    expect(line.length > 0 && line.stroke !== "none", `${line.id}: line of length ${line.length}, stroke ${line.stroke}`);
    expect(line.markers.every((marker) => marker.width > 0), `${line.id}: a marker has no size`);
    // Each marker says what it stands for: report date and forecast.
    const shown = line.markers.map((marker) => /on (\S+) forecast (\S+)$/.exec(marker.title)?.slice(1).join(" "));
    const wanted = expected.map((point) => `${point.date} ${point.forecast}`);
    expect(JSON.stringify(shown) === JSON.stringify(wanted), `${line.id}: markers ${shown} for ${wanted}`);
    for (let i = 1; i < line.markers.length; i++) {
      expect(line.markers[i].x >= line.markers[i - 1].x, `${line.id}: point ${i} left of the one before`);
    }
  }
  // Every milestone not yet reached was in every state of this plan: its
  // line has exactly one point per commit that changed the plan.
  const whole = lines.filter((line) => {
    const milestone = charted.find((m) => m.id === line.id);
    return milestone.points.length === planCommits && !milestone.points.some((point) => point.status === "reached");
  });
  expect(whole.length > 0, "no milestone spans the whole history");
  for (const line of whole) {
    expect(line.markers.length === planCommits, `${line.id}: ${line.markers.length} points for ${planCommits} plan commits`);
  }
});

await check("a later forecast is drawn higher: a rising line is a milestone slipping", async () => {
  await page.goto(url("trends.html"));
  const markers = await page.locator("svg.chart.mta path.marker").evaluateAll((paths) => paths.map((marker) => {
    const box = marker.getBoundingClientRect();
    return { forecast: /forecast (\S+)$/.exec(marker.querySelector("title").textContent)[1], y: box.y + box.height / 2 };
  }));
  const sorted = [...markers].sort((a, b) => a.forecast.localeCompare(b.forecast));
  for (let i = 1; i < sorted.length; i++) {
    const [earlier, later] = [sorted[i - 1], sorted[i]];
    if (later.forecast > earlier.forecast) {
      expect(later.y < earlier.y, `forecast ${later.forecast} at y=${later.y}, below ${earlier.forecast} at y=${earlier.y}`);
    } else {
      expect(Math.abs(later.y - earlier.y) < 0.5, `one forecast ${later.forecast} at two heights`);
    }
  }
  const slipped = charted.find((m) => m.points[0].forecast < m.points.at(-1).forecast);
  expect(slipped, "the demonstration history has a milestone that slipped");
  const ends = await page.locator(`svg.chart.mta g.series[data-milestone="${slipped.id}"] path.marker`).evaluateAll(
    (paths) => [paths[0], paths.at(-1)].map((marker) => marker.getBoundingClientRect().y));
  expect(ends[1] < ends[0], `${slipped.id} slipped but its line does not rise: ${ends}`);
});

await check("each charted milestone with a target has its target mark at the right edge, at the target's height", async () => {
  await page.goto(url("trends.html"));
  const frame = await page.locator("svg.chart.mta rect.plot-frame").boundingBox();
  const with_target = charted.filter((m) => m.target);
  expect(with_target.length > 0, "no charted milestone has a target");
  for (const milestone of with_target) {
    const mark = page.locator(`svg.chart.mta g.series[data-milestone="${milestone.id}"] path.target-mark`);
    expect(await mark.count() === 1, `${milestone.id}: ${await mark.count()} target marks`);
    const title = await mark.locator("title").textContent();
    expect(title.endsWith(`target ${milestone.target}`), `${milestone.id}: mark titled ${title}`);
    const box = await mark.boundingBox();
    const x = box.x + box.width / 2;
    expect(box.width > 0 && Math.abs(x - (frame.x + frame.width)) <= 1, `${milestone.id}: mark at x=${x}, edge at ${frame.x + frame.width}`);
    // A marker whose forecast is the target sits at the mark's height.
    const same = await page.locator(`svg.chart.mta g.series[data-milestone="${milestone.id}"] path.marker`, {
      hasText: `forecast ${milestone.target}`,
    }).first();
    if (await same.count() === 1) {
      const at = await same.boundingBox();
      expect(Math.abs(at.y + at.height / 2 - (box.y + box.height / 2)) < 0.5, `${milestone.id}: target and forecast ${milestone.target} at different heights`);
    }
  }
  expect(await page.locator("svg.chart.mta path.target-mark").count() === with_target.length, "a target mark too many");
});

await check("the diagonal is drawn exactly when report dates reach the forecasts, inside the plot, and the text says which", async () => {
  await page.goto(url("trends.html"));
  // The chart's y range is the forecasts and targets padded by 7 days; its
  // x range the report dates and one day (src/site/charts/mta.rs).
  const day = 86400000;
  const dates = (list) => list.map((text) => Date.parse(text));
  const reports = dates(charted.flatMap((m) => untilReached(m.points).map((point) => point.date)));
  const forecasts = dates(charted.flatMap((m) => [...untilReached(m.points).map((point) => point.forecast).filter(Boolean), ...(m.target ? [m.target] : [])]));
  const from = Math.max(Math.min(...reports), Math.min(...forecasts) - 7 * day);
  const to = Math.min(Math.max(...reports) + day, Math.max(...forecasts) + 7 * day);
  const diagonal = page.locator("svg.chart.mta line.diagonal");
  expect(await diagonal.count() === (from < to ? 1 : 0), `${await diagonal.count()} diagonals where report dates and forecasts ${from < to ? "overlap" : "do not overlap"}`);
  const lede = await page.locator("#pb-mta ~ p.lede").textContent();
  expect(lede.includes("not drawn here") === !(from < to), `the text says otherwise: ${lede}`);
  if (from < to) {
    const [line, frame] = [await diagonal.boundingBox(), await page.locator("svg.chart.mta rect.plot-frame").boundingBox()];
    expect(line.x >= frame.x - 1 && line.x + line.width <= frame.x + frame.width + 1, "the diagonal leaves the plot");
  }
});

await check("the burn-up draws scope, done with a dot per point, and the projection to the planned finish", async () => {
  await page.goto(url("trends.html"));
  await chartBox("svg.chart.burnup");
  const chart = await page.locator("svg.chart.burnup").evaluate((svg) => {
    const length = (selector) => svg.querySelector(selector)?.getTotalLength() ?? 0;
    const projection = svg.querySelector("line.projection-line");
    const frame = svg.querySelector("rect.plot-frame");
    const last = [...svg.querySelectorAll("path.done-marker")].at(-1)?.getBBox();
    return {
      scope: length("polyline.scope-line"),
      done: length("polyline.done-line"),
      markers: [...svg.querySelectorAll("path.done-marker")].map((marker) => marker.querySelector("title").textContent),
      projection: projection && ["x1", "y1", "x2", "y2"].map((name) => Number(projection.getAttribute(name))),
      right: Number(frame.getAttribute("x")) + Number(frame.getAttribute("width")),
      last: last && [last.x + last.width / 2, last.y + last.height / 2],
      labels: [...svg.querySelectorAll("text.series-label")].map((label) => label.textContent),
    };
  });
  expect(chart.scope > 0 && chart.done > 0, `scope line ${chart.scope} px, done line ${chart.done} px long`);
  expect(chart.markers.length === trend.burnup.length, `${chart.markers.length} done dots for ${trend.burnup.length} points`);
  const tenth = (value) => (Math.round(value * 10) / 10).toFixed(1);
  expect(chart.markers.at(-1) === `${newest.date}: ${tenth(newest.done)} of ${tenth(newest.scope)} working days done`,
    `last dot "${chart.markers.at(-1)}", CLI ${JSON.stringify(newest)}`);
  expect(["scope", "done", "projected"].every((label) => chart.labels.includes(label)), `labels ${chart.labels}`);
  expect(chart.projection, "no projection line");
  const [x1, y1, x2, y2] = chart.projection;
  expect(Math.abs(x1 - chart.last[0]) < 0.2 && Math.abs(y1 - chart.last[1]) < 0.2, `projection starts at ${x1},${y1}, last dot at ${chart.last}`);
  // The x axis ends at the planned finish, so the projection reaches the edge.
  expect(Math.abs(x2 - chart.right) < 0.2, `projection ends at x=${x2}, the plot at ${chart.right}`);
  expect(y2 < y1, "the projection does not rise");
  const lede = await page.locator("#pb-burnup ~ p.lede").textContent();
  expect(lede.includes("working days done per week"), `burn-up text: ${lede}`);
  const rows = await page.locator("#pb-burnup ~ details.chart-table tbody tr").count();
  expect(rows === planCommits, `${rows} burn-up rows for ${planCommits} commits`);
});

await check("the risk trend stacks open risks by band, and its newest column counts the open risks", async () => {
  await page.goto(url("trends.html"));
  await chartBox("svg.chart.risk-bands");
  const areas = await page.locator("svg.chart.risk-bands polygon.band-segment").evaluateAll((polygons) =>
    polygons.map((polygon) => {
      const box = polygon.getBBox();
      return { band: polygon.getAttribute("class"), box: { width: box.width, height: box.height }, fill: polygon.getAttribute("fill") };
    }));
  expect(areas.length > 0, "no band drawn");
  for (const area of areas) {
    expect(area.box.width > 0 && area.box.height > 0, `${area.band} has no area`);
    expect(/^url\(#band-/.test(area.fill), `${area.band} has no pattern fill`);
  }
  const rows = await page.locator("#pb-risk-trend ~ details.chart-table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].slice(2).map((cell) => Number(cell.textContent))));
  expect(rows.length === planCommits, `${rows.length} rows for ${planCommits} commits`);
  const open = trend.risks.filter((risk) => {
    const last = risk.points.at(-1);
    return last.commit === newest.commit && last.status !== "closed";
  }).length;
  const total = rows.at(-1).reduce((sum, count) => sum + count, 0);
  expect(total === open, `newest column ${total}, the CLI has ${open} risks not closed`);
  const legend = await page.locator("svg.chart.risk-bands text.series-label").allTextContents();
  expect(["high", "medium", "low"].every((band) => legend.includes(band)), `legend ${legend}`);
});

await check("a milestone page shows its forecast history, a point per state", async () => {
  const milestone = charted.find((m) => m.points.length === planCommits) || charted[0];
  await page.goto(url(pageOf(milestone.id)));
  await chartBox("svg.chart.forecast-history");
  const markers = await page.locator("svg.chart.forecast-history path.marker").count();
  const expected = milestone.points.filter((point) => point.forecast).length;
  expect(markers === expected, `${milestone.id}: ${markers} points for ${expected}`);
  if (milestone.target) {
    const target = await page.locator("svg.chart.forecast-history line.threshold title").textContent();
    expect(target === `Target ${milestone.target}`, `target line titled ${target}`);
  }
});

await check("a risk page shows its score history, higher scores drawn higher", async () => {
  const changed = trend.risks.find((risk) => new Set(risk.points.map((point) => point.score)).size > 1);
  expect(changed, "no risk's score changed in the history");
  await page.goto(url(pageOf(changed.id)));
  await chartBox("svg.chart.score-history");
  const markers = await page.locator("svg.chart.score-history path.marker").evaluateAll((paths) => paths.map((marker) => ({
    score: Number(/score (\d+)$/.exec(marker.querySelector("title").textContent)[1]),
    y: marker.getBoundingClientRect().y,
  })));
  const expected = changed.points.filter((point) => point.score !== null);
  expect(markers.length === expected.length, `${changed.id}: ${markers.length} points for ${expected.length}`);
  expect(JSON.stringify(markers.map((m) => m.score)) === JSON.stringify(expected.map((p) => p.score)), `${changed.id}: scores ${markers.map((m) => m.score)}`);
  const [low, high] = [markers.reduce((a, b) => (b.score < a.score ? b : a)), markers.reduce((a, b) => (b.score > a.score ? b : a))];
  expect(high.y < low.y, `score ${high.score} at y=${high.y}, ${low.score} at y=${low.y}`);
});

/** The register's rows as shown: id and the data-value of column `column`. */
const registerRows = (column) => page.locator("#risk-register tbody tr").evaluateAll((rows, column) =>
  rows.filter((row) => !row.hidden).map((row) => ({
    id: row.querySelector("code.item-id")?.textContent,
    value: row.cells[column].getAttribute("data-value") ?? row.cells[column].textContent.trim(),
    band: row.getAttribute("data-band"),
    status: row.getAttribute("data-status"),
  })), column);
const columnOf = (name) => page.locator("#risk-register thead th").evaluateAll(
  (cells, name) => cells.findIndex((cell) => cell.textContent.trim() === name), name);

await check("the risk register sorts by a column heading, both ways", async () => {
  await page.goto(url("risks.html"));
  const score = await columnOf("Score");
  expect(score >= 0, "no Score column");
  const before = await registerRows(score);
  const sortBy = page.locator("#risk-register thead th button", { hasText: /^Score$/ });
  await sortBy.click();
  expect(await page.locator("#risk-register thead th").nth(score).getAttribute("aria-sort") === "ascending", "aria-sort is not ascending");
  const up = await registerRows(score);
  expect(up.length === before.length, `${up.length} rows after sorting, ${before.length} before`);
  expect(up.every((row, i) => i === 0 || Number(up[i - 1].value) <= Number(row.value)), `not ascending: ${up.map((r) => r.value)}`);
  expect(up.map((r) => r.id).join() !== before.map((r) => r.id).join(), "the rows did not move");
  await sortBy.click();
  expect(await page.locator("#risk-register thead th").nth(score).getAttribute("aria-sort") === "descending", "aria-sort is not descending");
  const down = await registerRows(score);
  expect(down.every((row, i) => i === 0 || Number(down[i - 1].value) >= Number(row.value)), `not descending: ${down.map((r) => r.value)}`);
  const risk = await columnOf("Risk");
  await page.locator("#risk-register thead th button", { hasText: /^Risk$/ }).click();
  const names = (await registerRows(risk)).map((row) => row.value.toLowerCase());
  expect(names.every((name, i) => i === 0 || names[i - 1] <= name), `not by name: ${names}`);
  expect(await page.locator("#risk-register thead th[aria-sort]").count() === 1, "more than one column marked sorted");
});

await check("the risk register filters by band, status and text, and says how many it shows", async () => {
  await page.goto(url("risks.html"));
  expect(await page.locator("#register-filters").isVisible(), "the filters are hidden with script on");
  const all = await registerRows(0);
  const shown = () => page.locator("#register-filters output[name=shown]").textContent();
  expect(await shown() === `${all.length} of ${all.length} risks`, `says ${await shown()}`);
  await page.selectOption("#register-filters select[name=band]", "high");
  const high = await registerRows(0);
  const wanted = all.filter((row) => row.band === "high").length;
  expect(high.length === wanted && wanted > 0 && wanted < all.length, `${high.length} rows shown for ${wanted} high risks of ${all.length}`);
  expect(high.every((row) => row.band === "high"), "a row of another band is shown");
  expect(await shown() === `${wanted} of ${all.length} risks`, `says ${await shown()}`);
  await page.selectOption("#register-filters select[name=band]", "");
  await page.selectOption("#register-filters select[name=status]", "closed");
  const closed = await registerRows(0);
  expect(closed.length === all.filter((row) => row.status === "closed").length && closed.every((row) => row.status === "closed"),
    `${closed.length} rows for status closed`);
  await page.selectOption("#register-filters select[name=status]", "");
  const target = all.find((row) => row.id);
  await page.fill("#register-filters input[name=text]", target.id);
  const found = await registerRows(0);
  expect(found.some((row) => row.id === target.id) && found.length < all.length, `search ${target.id}: ${found.map((r) => r.id)}`);
  await page.fill("#register-filters input[name=text]", "");
  expect((await registerRows(0)).length === all.length, "clearing the filters does not bring every row back");
  // Enter in the search field filters without leaving the page; Clear
  // empties every field and shows every row again.
  await page.selectOption("#register-filters select[name=band]", "high");
  await page.fill("#register-filters input[name=text]", target.id);
  await page.press("#register-filters input[name=text]", "Enter");
  expect(page.url().endsWith("risks.html"), `Enter left the page for ${page.url()}`);
  expect((await registerRows(0)).length < all.length, "Enter undid the filter");
  await page.click("#register-filters button[type=reset]");
  await page.waitForFunction(() => !document.querySelector("#register-filters select[name=band]").value);
  const cleared = await registerRows(0);
  expect(cleared.length === all.length, `Clear shows ${cleared.length} of ${all.length} rows`);
  expect((await shown()).startsWith(`${all.length} of`), `after Clear the counter says ${await shown()}`);
});

await check("at 400 px no trends page is wider than the screen", async () => {
  await page.setViewportSize({ width: 400, height: 800 });
  const wide = [];
  for (const path of ["trends.html", "risks.html", pageOf(charted[0].id), pageOf(trend.risks[0].id)]) {
    await page.goto(url(path));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 400) wide.push(`${path}: ${width} px`);
  }
  await page.setViewportSize({ width: 1400, height: 900 });
  expect(wide.length === 0, wide.join(", "));
});

await check("no serious or critical accessibility violations on the trends and history pages (axe-core)", async () => {
  const found = [];
  auditing = true;
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of ["trends.html", pageOf(charted[0].id), pageOf(trend.risks[0].id)]) {
      await page.goto(url(path));
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, { resultTypes: ["violations"] }));
      for (const violation of result.violations) {
        if (violation.impact === "serious" || violation.impact === "critical") {
          const where = violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join("; ");
          found.push(`${path} (${scheme}): ${violation.id} (${violation.impact}) at ${where}`);
        }
      }
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  auditing = false;
  expect(found.length === 0, "\n  " + found.join("\n  "));
});

await check("no console errors or page errors on any page visited", async () => {
  expect(problems.length === 0, "\n  " + problems.join("\n  "));
});

await context.close().catch((error) => fail(`closing the browser: ${error.message}`));
finish();
