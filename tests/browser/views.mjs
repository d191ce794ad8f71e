// The stakeholder views of a built site in headless Chromium, from file://:
// the timeline fits 1,400 px at its default zoom, no page is wider than a
// 400 px screen, the board and the graph show every task, the status report
// prints on at most two A4 pages, and axe-core finds no serious or critical
// accessibility violation on the main pages.
//   node views.mjs SITE_DIR [PDF_DIR]
import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { launch } from "./browser.mjs";
import { check, expect, finish } from "./harness.mjs";

const site = resolve(process.argv[2] || "site");
const pdfDir = process.argv[3] || mkdtempSync(join(tmpdir(), "planbook-pdf-"));
const url = (path) => pathToFileURL(join(site, path)).href;
const plan = JSON.parse(readFileSync(join(site, "plan.json"), "utf8"));
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const mainPages = ["index.html", "report.html", "timeline.html", "graph.html", "board.html", "milestones.html", "risks.html", "people.html"];

const context = await launch({ viewport: { width: 1400, height: 900 } });
const page = await context.newPage();

await check("at 1,400 px the timeline shows its last milestone without scrolling sideways", async () => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(url("timeline.html"));
  const scroll = await page.evaluate(() => {
    const box = document.querySelector(".timeline-scroll");
    return { scroll: box.scrollWidth, client: box.clientWidth, page: document.documentElement.scrollWidth };
  });
  expect(scroll.scroll <= scroll.client, `chart is ${scroll.scroll} px in a ${scroll.client} px box`);
  expect(scroll.page <= 1400, `page is ${scroll.page} px wide`);
  const last = await page.locator("svg.timeline .diamond").last().boundingBox();
  expect(last && last.x + last.width <= 1400, `last milestone at x=${last && last.x}`);
  const current = await page.locator(".timeline-controls a[aria-current=page]").textContent();
  expect(["Weeks", "Months", "Quarters"].includes(current.trim()), `default zoom ${current}`);
});

await check("the zoom links lead to the other zooms, and the labels stay in view", async () => {
  await page.goto(url("timeline.html"));
  await page.locator(".timeline-controls a", { hasText: "Weeks" }).click();
  expect(page.url().includes("timeline"), page.url());
  const scroll = page.locator(".timeline-scroll");
  await scroll.evaluate((box) => { box.scrollLeft = box.scrollWidth; });
  const labels = await page.locator("svg.timeline-labels").boundingBox();
  const box = await scroll.boundingBox();
  expect(Math.abs(labels.x - box.x) <= 2, `labels at ${labels.x}, chart box at ${box.x}`);
});

await check("the timeline shows only critical arrows until asked for all", async () => {
  await page.goto(url("timeline.html"));
  const visible = () => page.locator("svg.timeline polyline.dependency").evaluateAll(
    (lines) => lines.filter((line) => getComputedStyle(line).display !== "none").length);
  const critical = await page.locator("svg.timeline polyline.dependency.critical").count();
  expect(await visible() === critical, `${await visible()} visible, ${critical} critical`);
  if (await page.locator("#pb-all-arrows").count() === 1) {
    await page.locator("#pb-all-arrows").check();
    const all = await page.locator("svg.timeline polyline.dependency").count();
    expect(await visible() === all, `all ${all} shown after the toggle`);
  }
});

await check("at 400 px no page is wider than the screen", async () => {
  await page.setViewportSize({ width: 400, height: 800 });
  const wide = [];
  for (const path of [...mainPages, "findings.html", "search.html", "pages.html", plan.items.find((item) => item.kind === "task").url]) {
    await page.goto(url(path));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 400) wide.push(`${path}: ${width} px`);
  }
  expect(wide.length === 0, wide.join(", "));
  await page.goto(url("timeline.html"));
  const bars = await page.locator(".bar-list .bar-item").count();
  expect(await page.locator(".bar-list").isVisible(), "the list of bars shows");
  expect(bars >= plan.tasks.length, `${bars} bars in the list`);
  await page.setViewportSize({ width: 1400, height: 900 });
});

await check("board.html has a card per task and filters by owner", async () => {
  await page.goto(url("board.html"));
  const cards = await page.locator(".board-card").count();
  expect(cards === plan.tasks.length, `${cards} cards for ${plan.tasks.length} tasks`);
  expect(await page.locator("#board-filters").isVisible(), "filters shown with script");
  const owner = await page.locator("#board-owner option").nth(1).getAttribute("value");
  await page.selectOption("#board-owner", owner);
  const shown = await page.locator(".board-card:visible").count();
  const owned = plan.tasks.filter((task) => task.owner === owner).length;
  expect(shown === owned, `${shown} cards shown for ${owned} tasks of ${owner}`);
});

await check("graph.html has a node per task and milestone, each a link", async () => {
  await page.goto(url("graph.html"));
  const split = await page.locator(".graph-parts a").count();
  if (split === 0) {
    const tasks = await page.locator("svg.graph a.node-task").count();
    const milestones = await page.locator("svg.graph a.node-milestone").count();
    expect(tasks === plan.tasks.length, `${tasks} task nodes for ${plan.tasks.length} tasks`);
    expect(milestones === plan.milestones.length, `${milestones} milestone nodes`);
    expect(await page.locator("svg.graph a.node.critical").count() > 0, "the critical path is marked");
  }
  await page.locator("svg.graph a.node").first().click();
  expect(page.url().endsWith(".html") && !page.url().endsWith("graph.html"), `followed to ${page.url()}`);
});

await check("report.html prints on at most two A4 pages", async () => {
  const pdf = join(pdfDir, "report.pdf");
  execFileSync(process.env.CHROMIUM || "/usr/bin/chromium", [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
    `--print-to-pdf=${pdf}`, url("report.html"),
  ], { stdio: "ignore", timeout: 60000 });
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  expect(pages >= 1 && pages <= 2, `${pages} pages`);
  expect(/Page size:\s+59[45](\.\d+)? x 84[12]/.test(info), `A4 portrait: ${/Page size:.*/.exec(info)[0]}`);
});

await check("timeline.html prints on landscape pages", async () => {
  const pdf = join(pdfDir, "timeline.pdf");
  execFileSync(process.env.CHROMIUM || "/usr/bin/chromium", [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
    `--print-to-pdf=${pdf}`, url("timeline.html"),
  ], { stdio: "ignore", timeout: 60000 });
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  expect(/Page size:\s+84[12](\.\d+)? x 59[45]/.test(info), `A4 landscape: ${/Page size:.*/.exec(info)[0]}`);
});

await check("no serious or critical accessibility violations (axe-core)", async () => {
  const found = [];
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of mainPages) {
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
  expect(found.length === 0, "\n  " + found.join("\n  "));
});

await context.close();
finish();
