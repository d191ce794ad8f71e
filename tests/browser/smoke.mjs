// Opens a built site in headless Chromium from file:// and checks that the
// main pages render their content without console errors, and that search
// finds a task:  node smoke.mjs SITE_DIR
import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";
import { readFileSync } from "node:fs";
import { launch } from "./browser.mjs";
import { check, expect, finish } from "./harness.mjs";

const site = resolve(process.argv[2] || "site");
const url = (path) => pathToFileURL(join(site, path)).href;
const plan = JSON.parse(readFileSync(join(site, "plan.json"), "utf8"));
const task = plan.tasks[0];
const taskItem = plan.items.find((item) => item.id === task.id);

const context = await launch({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const errors = [];
page.on("console", (message) => {
  if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
});
page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
page.on("requestfailed", (request) => errors.push(`${page.url()}: failed to load ${request.url()}`));


await check("home shows the dashboard", async () => {
  await page.goto(url("index.html"));
  expect((await page.title()).includes(plan.title), "title names the plan");
  expect(await page.locator("text=Tasks by status").count() === 1, "dashboard tile");
  expect(await page.locator("text=Top open risks").count() === 1, "top risks tile");
});

await check("timeline draws one bar per task and a today line", async () => {
  await page.goto(url("timeline.html"));
  const bars = await page.locator("svg.timeline a.task").count();
  expect(bars === plan.tasks.length, `${bars} bars for ${plan.tasks.length} tasks`);
  expect(await page.locator("svg.timeline .diamond").count() === plan.milestones.length, "milestone diamonds");
  const box = await page.locator("svg.timeline a.task .bar").first().boundingBox();
  expect(box && box.width > 0 && box.height > 0, "bars are visible");
});

await check("risk register lists every risk with a heat map", async () => {
  await page.goto(url("risks.html"));
  const risks = plan.items.filter((item) => item.kind === "risk").length;
  const rows = await page.locator("table.risk-table tbody tr").count();
  expect(rows === risks, `${rows} rows for ${risks} risks`);
  expect(await page.locator("table.heat-map td.cell").count() > 0, "heat map cells");
});

await check("a task page shows its card and links to its owner", async () => {
  await page.goto(url(taskItem.url));
  expect((await page.locator("h1").first().textContent()).trim().length > 0, "a heading");
  expect(await page.locator(".card dt", { hasText: "Owner" }).count() === 1, "owner row");
  expect(await page.locator(".card dt", { hasText: "Start" }).count() === 1, "start row");
  await page.locator(".card dd a").first().click();
  expect(page.url().endsWith(".html"), "followed a card link");
});

await check("search finds a task by its title", async () => {
  await page.goto(url("index.html"));
  const words = task.title.split(/\s+/).slice(0, 2).join(" ");
  await page.fill("#site-search-q", words);
  await page.press("#site-search-q", "Enter");
  await page.waitForSelector("#search-results li");
  const first = await page.locator("#search-results li a").allTextContents();
  expect(first.includes(task.title), `"${task.title}" among ${first.length} results`);
  await page.fill("#search-q", "zzzz-no-such-thing");
  expect((await page.locator("#search-status").textContent()).startsWith("No results"), "no results message");
});

await check("no console errors", async () => {
  expect(errors.length === 0, errors.join("\n"));
});

await context.close();
finish();
